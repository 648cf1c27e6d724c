/* ch30_serv10.c — UNP vol. 1, chapter 30, beyond the book: the design most servers use
 * today — one process, one thread, every socket nonblocking, and epoll
 * saying which are ready. No process or thread is made per client; the
 * price is that web_child's work is cut into steps that never wait.
 * The C twin of examples/ch30_serv10.rs.
 *
 *   cc -Wall -Wextra -o ch30_serv10 docs/c/ch30_serv10.c
 *   ./ch30_serv10 [host] port
 *   listening on 0.0.0.0:9877
 *   (kill -INT the server: it prints its CPU time, children included)
 *
 * tcp_listen and pr_cpu_time are the book's library functions, written out
 * here; web_child's protocol is served in steps by serve(). The program is
 * socklab's, in the book's style.
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
#include <fcntl.h>
#include <sys/epoll.h>

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

#define MAXEVENTS 64
#define MAXCONN 1024 /* descriptors at or above it are refused */

/* One connection's state: the request line read so far, and the reply
   still to write (a nonblocking write may take only part of it). */
struct conn {
    size_t nread;
    char line[MAXLINE];
    size_t ntowrite, nwritten;
};

static struct conn conns[MAXCONN];
static char result[MAXN];
static int epfd;

static void sig_int(int signo)
{
    (void) signo;
    pr_cpu_time();
    exit(0);
}

static void setnonblock(int fd)
{
    int flags;

    if ((flags = fcntl(fd, F_GETFL, 0)) < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        perror("fcntl");
        exit(1);
    }
}

static void watch(int op, int fd, unsigned int events)
{
    struct epoll_event ev;

    ev.events = events;
    ev.data.u64 = 0;
    ev.data.fd = fd;
    if (epoll_ctl(epfd, op, fd, &ev) < 0) {
        perror("epoll_ctl");
        exit(1);
    }
}

static void close_conn(int fd)
{
    if (close(fd) < 0) { /* closing also takes it out of the epoll set */
        perror("close");
        exit(1);
    }
}

/* Writes what is left of the reply; 1 when it is all written. */
static int write_more(int fd, struct conn *c)
{
    ssize_t n;

    while (c->nwritten < c->ntowrite) {
        if ((n = write(fd, result, c->ntowrite - c->nwritten)) < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return 0; /* the socket buffer is full: wait for EPOLLOUT */
            if (errno == EINTR)
                continue;
            return -1;
        }
        c->nwritten += n;
    }
    c->ntowrite = c->nwritten = 0;
    return 1;
}

/* The socket is readable (or writable again): web_child's work, one step
   at a time, never waiting. */
static void serve(int fd, unsigned int events)
{
    struct conn *c = &conns[fd];
    ssize_t n;
    char *nl;
    int ntowrite, done;

    if (c->ntowrite > 0) { /* a reply was waiting for EPOLLOUT */
        if ((done = write_more(fd, c)) < 0) {
            close_conn(fd);
            return;
        }
        if (done == 0)
            return;
        watch(EPOLL_CTL_MOD, fd, EPOLLIN);
    }
    if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
        return;
    if ((n = read(fd, c->line + c->nread, sizeof(c->line) - 1 - c->nread)) < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return;
        close_conn(fd); /* ECONNRESET: the client is gone */
        return;
    }
    if (n == 0) { /* connection closed by other end */
        close_conn(fd);
        return;
    }
    c->nread += n;
    c->line[c->nread] = 0;
    while ((nl = strchr(c->line, '\n')) != NULL) {
        /* line from client specifies #bytes to write back */
        ntowrite = atol(c->line);
        if ((ntowrite <= 0) || (ntowrite > MAXN)) {
            fprintf(stderr, "web_child: client request for %d bytes\n", ntowrite);
            exit(1);
        }
        c->nread -= nl + 1 - c->line;
        memmove(c->line, nl + 1, c->nread + 1);
        c->ntowrite = ntowrite;
        if ((done = write_more(fd, c)) < 0) {
            close_conn(fd);
            return;
        }
        if (done == 0) { /* the rest when the socket is writable again */
            watch(EPOLL_CTL_MOD, fd, EPOLLIN | EPOLLOUT);
            return;
        }
    }
    if (c->nread == sizeof(c->line) - 1) {
        fprintf(stderr, "web_child: request line too long\n");
        exit(1);
    }
}

int main(int argc, char **argv)
{
    int listenfd, connfd, i, n, fd;
    socklen_t clilen, addrlen;
    struct sockaddr *cliaddr;
    struct epoll_event events[MAXEVENTS];

    if (argc == 2)
        listenfd = tcp_listen(NULL, argv[1], &addrlen);
    else if (argc == 3)
        listenfd = tcp_listen(argv[1], argv[2], &addrlen);
    else {
        fprintf(stderr, "usage: ch30_serv10 [ <host> ] <port#>\n");
        exit(1);
    }
    print_listening(listenfd);
    cliaddr = malloc(addrlen);
    setnonblock(listenfd);

    if ((epfd = epoll_create1(0)) < 0) {
        perror("epoll_create1");
        exit(1);
    }
    watch(EPOLL_CTL_ADD, listenfd, EPOLLIN);

    Signal(SIGINT, sig_int);

    for (;;) {
        if ((n = epoll_wait(epfd, events, MAXEVENTS, -1)) < 0) {
            if (errno == EINTR)
                continue;
            perror("epoll_wait");
            exit(1);
        }
        for (i = 0; i < n; i++) {
            fd = events[i].data.fd;
            if (fd != listenfd) {
                serve(fd, events[i].events);
                continue;
            }
            for (;;) { /* every connection that is waiting */
                clilen = addrlen;
                if ((connfd = accept(listenfd, cliaddr, &clilen)) < 0) {
                    if (errno == EAGAIN || errno == EWOULDBLOCK)
                        break; /* no more for now */
                    if (errno == EINTR || errno == ECONNABORTED)
                        continue;
                    perror("accept");
                    exit(1);
                }
                if (connfd >= MAXCONN) {
                    close_conn(connfd);
                    continue;
                }
                setnonblock(connfd);
                conns[connfd].nread = conns[connfd].ntowrite = conns[connfd].nwritten = 0;
                watch(EPOLL_CTL_ADD, connfd, EPOLLIN);
            }
        }
    }
}
