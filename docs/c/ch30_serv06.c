/* ch30_serv06.c — UNP vol. 1, §30.10: the concurrent server with a thread per client
 * (pthread_create, the thread detaches itself) instead of a process.
 * The C twin of examples/ch30_serv06.rs.
 *
 *   cc -Wall -Wextra -o ch30_serv06 docs/c/ch30_serv06.c
 *   ./ch30_serv06 [host] port
 *   listening on 0.0.0.0:9877
 *   (kill -INT the server: it prints its CPU time, children included)
 *
 * tcp_listen, readline, writen, web_child and pr_cpu_time are the book's
 * library functions, written out here. Addition: the "listening on" line.
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
#include <pthread.h>

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

/* §11.12: getaddrinfo(AI_PASSIVE), socket, SO_REUSEADDR, bind, listen. */
static int tcp_listen(const char *host, const char *serv, socklen_t *addrlenp)
{
    int listenfd, n;
    const int on = 1;
    struct addrinfo hints, *res, *ressave;

    bzero(&hints, sizeof(struct addrinfo));
    hints.ai_flags = AI_PASSIVE;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;

    if ((n = getaddrinfo(host, serv, &hints, &res)) != 0) {
        fprintf(stderr, "tcp_listen error for %s, %s: %s\n", host ? host : "(null)", serv,
                gai_strerror(n));
        exit(1);
    }
    ressave = res;

    do {
        listenfd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
        if (listenfd < 0)
            continue; /* error, try next one */
        if (setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
            perror("setsockopt");
            exit(1);
        }
        if (bind(listenfd, res->ai_addr, res->ai_addrlen) == 0)
            break; /* success */
        if (close(listenfd) < 0) { /* bind error, close and try next one */
            perror("close");
            exit(1);
        }
    } while ((res = res->ai_next) != NULL);

    if (res == NULL) { /* errno from final socket() or bind() */
        perror("bind");
        exit(1);
    }
    if (listen(listenfd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
    if (addrlenp)
        *addrlenp = res->ai_addrlen; /* return size of protocol address */
    freeaddrinfo(ressave);
    return listenfd;
}

/* Where the server really listens (port 0: the port the kernel chose). */
static void print_listening(int listenfd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);

    if (getsockname(listenfd, (SA *) &ss, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("listening on %s\n", sock_ntop((SA *) &ss, len));
    fflush(stdout);
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

static void sig_int(int signo)
{
    (void) signo;
    pr_cpu_time();
    exit(0);
}

static void *doit(void *arg)
{
    int connfd = (int) (long) arg, n;

    if ((n = pthread_detach(pthread_self())) != 0) {
        errno = n;
        perror("pthread_detach");
        exit(1);
    }
    web_child(connfd); /* process request */
    if (close(connfd) < 0) {
        perror("close");
        exit(1);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int listenfd, connfd, n;
    pthread_t tid;
    socklen_t clilen, addrlen;
    struct sockaddr *cliaddr;

    if (argc == 2)
        listenfd = tcp_listen(NULL, argv[1], &addrlen);
    else if (argc == 3)
        listenfd = tcp_listen(argv[1], argv[2], &addrlen);
    else {
        fprintf(stderr, "usage: ch30_serv06 [ <host> ] <port#>\n");
        exit(1);
    }
    print_listening(listenfd);
    cliaddr = malloc(addrlen);

    Signal(SIGINT, sig_int);

    for (;;) {
        clilen = addrlen;
        if ((connfd = accept(listenfd, cliaddr, &clilen)) < 0) {
            perror("accept");
            exit(1);
        }
        if ((n = pthread_create(&tid, NULL, &doit, (void *) (long) connfd)) != 0) {
            errno = n;
            perror("pthread_create");
            exit(1);
        }
    }
}
