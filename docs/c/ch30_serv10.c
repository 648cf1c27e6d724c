/* ch30_serv10.c — UNP vol. 1, chapter 30, beyond the book: the design most servers use
 * today — one process, one thread, every socket nonblocking, and epoll
 * saying which are ready. No process or thread is made per client; the
 * price is that web_child's work is cut into steps that never wait.
 * The C twin of examples/ch30_serv10.rs.
 *
 *   make -C docs/c   # -> target/c/ch30_serv10, linked with libunp.a (docs/c/lib/)
 *   ./ch30_serv10 [host] port
 *   listening on 0.0.0.0:9877
 *   (kill -INT the server: it prints its CPU time, children included)
 *
 * tcp_listen and pr_cpu_time are the book's library functions, in
 * docs/c/lib/ (unp.h), as in the book; web_child's protocol is served in
 * steps by serve(). The program is socklab's, in the book's style.
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

#include "unp.h"

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
