/* ch30_serv09.c — UNP vol. 1, chapter 30, beyond the book: a preforked server where
 * every child has a listening socket of its own, all bound to one port
 * with SO_REUSEPORT (Linux 3.9): the kernel spreads the connections over
 * them, so no child waits on another's accept and no lock is needed.
 * The C twin of examples/ch30_serv09.rs.
 *
 *   cc -Wall -Wextra -o ch30_serv09 docs/c/ch30_serv09.c
 *   ./ch30_serv09 [host] port #children
 *   listening on 0.0.0.0:9877
 *   (kill -INT the server: it prints its CPU time, children included)
 *
 * readline, writen, web_child and pr_cpu_time are the book's library
 * functions, written out here; the program is socklab's, in the book's style.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>


#define MAXLINE 4096
#define LISTENQ 1024
#define MAXN 16384 /* max # bytes client can request */
#define SA struct sockaddr

typedef void Sigfunc(int);

/* The book's Signal(): sigaction with SA_RESTART for all but SIGALRM. */
static Sigfunc *Signal(int signo, Sigfunc *func)
{
    struct sigaction act, oact;

    act.sa_handler = func;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (signo != SIGALRM)
        act.sa_flags |= SA_RESTART;
    if (sigaction(signo, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }
    return oact.sa_handler;
}

static char *sock_ntop(const SA *sa, socklen_t salen)
{
    static char str[128];
    char portstr[8];

    (void) salen;
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) sa;
        str[0] = '[';
        inet_ntop(AF_INET6, &sin6->sin6_addr, str + 1, sizeof(str) - 1);
        snprintf(portstr, sizeof(portstr), "]:%d", ntohs(sin6->sin6_port));
    } else {
        const struct sockaddr_in *sin = (const struct sockaddr_in *) sa;
        inet_ntop(AF_INET, &sin->sin_addr, str, sizeof(str));
        snprintf(portstr, sizeof(portstr), ":%d", ntohs(sin->sin_port));
    }
    strcat(str, portstr);
    return str;
}

/* Figure 3.15: write all n bytes. */
static void Writen(int fd, const void *vptr, size_t n)
{
    size_t nleft = n;
    const char *ptr = vptr;
    ssize_t nwritten;

    while (nleft > 0) {
        if ((nwritten = write(fd, ptr, nleft)) <= 0) {
            if (nwritten < 0 && errno == EINTR)
                nwritten = 0; /* and call write() again */
            else {
                perror("writen");
                exit(1);
            }
        }
        nleft -= nwritten;
        ptr += nwritten;
    }
}

/* Figure 3.17: the plain readline, one read() per byte, no static state. */
static ssize_t Readline(int fd, void *vptr, size_t maxlen)
{
    ssize_t n, rc;
    char c, *ptr = vptr;

    for (n = 1; n < (ssize_t) maxlen; n++) {
again:
        if ((rc = read(fd, &c, 1)) == 1) {
            *ptr++ = c;
            if (c == '\n')
                break; /* newline is stored, like fgets() */
        } else if (rc == 0) {
            *ptr = 0;
            return n - 1; /* EOF, n - 1 bytes were read */
        } else {
            if (errno == EINTR)
                goto again;
            perror("readline");
            exit(1);
        }
    }
    *ptr = 0; /* null terminate like fgets() */
    return n;
}

/* §30.3: each line from the client is a byte count; answer that many. */
static void web_child(int sockfd)
{
    int ntowrite;
    ssize_t nread;
    char line[MAXLINE], result[MAXN];

    memset(result, 0, sizeof(result));
    for (;;) {
        if ((nread = Readline(sockfd, line, MAXLINE)) == 0)
            return; /* connection closed by other end */

        /* line from client specifies #bytes to write back */
        ntowrite = atol(line);
        if ((ntowrite <= 0) || (ntowrite > MAXN)) {
            fprintf(stderr, "web_child: client request for %d bytes\n", ntowrite);
            exit(1);
        }
        Writen(sockfd, result, ntowrite);
    }
}

/* The CPU time of this process and of its waited-for children. */
static void pr_cpu_time(void)
{
    double user, sys;
    struct rusage myusage, childusage;

    if (getrusage(RUSAGE_SELF, &myusage) < 0) {
        perror("getrusage");
        exit(1);
    }
    if (getrusage(RUSAGE_CHILDREN, &childusage) < 0) {
        perror("getrusage");
        exit(1);
    }
    user = (double) myusage.ru_utime.tv_sec + myusage.ru_utime.tv_usec / 1000000.0;
    user += (double) childusage.ru_utime.tv_sec + childusage.ru_utime.tv_usec / 1000000.0;
    sys = (double) myusage.ru_stime.tv_sec + myusage.ru_stime.tv_usec / 1000000.0;
    sys += (double) childusage.ru_stime.tv_sec + childusage.ru_stime.tv_usec / 1000000.0;

    printf("\nuser time = %g, sys time = %g\n", user, sys);
    fflush(stdout);
}

static int nchildren;
static pid_t *pids;

static void sig_int(int signo)
{
    int i;

    (void) signo;
    /* terminate all children */
    for (i = 0; i < nchildren; i++)
        kill(pids[i], SIGTERM);
    while (wait(NULL) > 0) /* wait for all children */
        ;
    if (errno != ECHILD) {
        perror("wait");
        exit(1);
    }
    pr_cpu_time();
    exit(0);
}

/* A listening socket of its own, in the port's SO_REUSEPORT group. */
static int reuseport_listen(const SA *addr, socklen_t addrlen)
{
    int listenfd;
    const int on = 1;

    if ((listenfd = socket(addr->sa_family, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    if (setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0 ||
        setsockopt(listenfd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) < 0) {
        perror("setsockopt");
        exit(1);
    }
    if (bind(listenfd, addr, addrlen) < 0) {
        perror("bind");
        exit(1);
    }
    if (listen(listenfd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
    return listenfd;
}

static void child_main(int listenfd, socklen_t addrlen)
{
    int connfd;
    socklen_t clilen;
    struct sockaddr *cliaddr;

    cliaddr = malloc(addrlen);
    printf("child %ld starting\n", (long) getpid());
    fflush(stdout);
    for (;;) {
        clilen = addrlen;
        if ((connfd = accept(listenfd, cliaddr, &clilen)) < 0) {
            perror("accept");
            exit(1);
        }
        web_child(connfd); /* process the request */
        if (close(connfd) < 0) {
            perror("close");
            exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    int listenfd, i, n;
    pid_t pid;
    socklen_t addrlen;
    struct addrinfo hints, *res;
    struct sockaddr_storage ss;
    const char *host, *serv;

    if (argc == 3) {
        host = NULL;
        serv = argv[1];
    } else if (argc == 4) {
        host = argv[1];
        serv = argv[2];
    } else {
        fprintf(stderr, "usage: ch30_serv09 [ <host> ] <port#> <#children>\n");
        exit(1);
    }
    bzero(&hints, sizeof(hints));
    hints.ai_flags = AI_PASSIVE;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if ((n = getaddrinfo(host, serv, &hints, &res)) != 0) {
        fprintf(stderr, "getaddrinfo error for %s, %s: %s\n", host ? host : "(null)", serv,
                gai_strerror(n));
        exit(1);
    }
    /* the first socket fixes the port (port 0: the kernel's choice) */
    listenfd = reuseport_listen(res->ai_addr, res->ai_addrlen);
    addrlen = sizeof(ss);
    if (getsockname(listenfd, (SA *) &ss, &addrlen) < 0) {
        perror("getsockname");
        exit(1);
    }
    freeaddrinfo(res);
    printf("listening on %s\n", sock_ntop((SA *) &ss, addrlen));
    fflush(stdout);

    nchildren = atoi(argv[argc - 1]);
    pids = calloc(nchildren, sizeof(pid_t));
    for (i = 0; i < nchildren; i++) {
        if ((pid = fork()) < 0) {
            perror("fork");
            exit(1);
        }
        if (pid == 0) {
            /* child 0 keeps the first socket; every other child makes
               its own, and the kernel spreads connections over them */
            if (i > 0) {
                if (close(listenfd) < 0) {
                    perror("close");
                    exit(1);
                }
                listenfd = reuseport_listen((SA *) &ss, addrlen);
            }
            child_main(listenfd, addrlen); /* never returns */
        }
        pids[i] = pid;
    }
    /* the parent keeps its copy: it is child 0's socket, never accepted on here */

    Signal(SIGINT, sig_int);

    for (;;)
        pause(); /* everything done by children */
}
