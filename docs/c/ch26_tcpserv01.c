/* ch26_tcpserv01.c — UNP vol. 1, § 26.4, Fig. 26.3 (threads/tcpserv01.c): the echo
 * server with one thread per client, each detached; the descriptor passed
 * cast to void * (the book's first, not quite portable, way).
 * The C twin of examples/ch26_tcpserv01.rs.
 *
 *   make -C docs/c   # -> target/c/ch26_tcpserv01, linked with libunp.a (docs/c/lib/)
 *   ./ch26_tcpserv01 [[host] port]      (default port 9877)
 *   listening on 0.0.0.0:9877
 *
 * tcp_listen and str_echo are the book's library functions (tcp_listen in
 * docs/c/lib/, str_echo written out here). Additions: the default port, the "listening on" line.
 */
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include "unp.h" /* the book's library: print_listening, sock_ntop, tcp_listen (docs/c/lib/) */

#define MAXLINE 4096
#define LISTENQ 1024
#define SA struct sockaddr

#define USAGE "usage: ch26_tcpserv01 [[host] port]   (default port: 9877)"

static void Pthread_create(pthread_t *tid, const pthread_attr_t *attr, void *(*func)(void *), void *arg)
{
    int n;

    if ((n = pthread_create(tid, attr, func, arg)) != 0) {
        fprintf(stderr, "pthread_create: %s\n", strerror(n));
        exit(1);
    }
}

static void Pthread_detach(pthread_t tid)
{
    int n;

    if ((n = pthread_detach(tid)) != 0) {
        fprintf(stderr, "pthread_detach: %s\n", strerror(n));
        exit(1);
    }
}

static void *Malloc(size_t size)
{
    void *ptr;

    if ((ptr = malloc(size)) == NULL) {
        perror("malloc");
        exit(1);
    }
    return ptr;
}

/* Figure 3.15: write all n bytes, looping over short writes and EINTR. */
static ssize_t writen(int fd, const void *vptr, size_t n)
{
    size_t nleft = n;
    const char *ptr = vptr;
    ssize_t nwritten;

    while (nleft > 0) {
        if ((nwritten = write(fd, ptr, nleft)) <= 0) {
            if (nwritten < 0 && errno == EINTR)
                nwritten = 0; /* and call write() again */
            else
                return -1;
        }
        nleft -= nwritten;
        ptr += nwritten;
    }
    return n;
}

/* Figure 5.3: echo whatever arrives, until the client closes. */
static void str_echo(int sockfd)
{
    ssize_t n;
    char buf[MAXLINE];

again:
    while ((n = read(sockfd, buf, MAXLINE)) > 0) {
        if (writen(sockfd, buf, n) < 0) {
            perror("str_echo: write");
            exit(1);
        }
    }
    if (n < 0 && errno == EINTR)
        goto again;
    else if (n < 0) {
        perror("str_echo: read");
        exit(1);
    }
}

static void *doit(void *arg)
{
    Pthread_detach(pthread_self());
    str_echo((int) (long) arg); /* same function as before */
    if (close((int) (long) arg) < 0) { /* done with connected socket */
        perror("close");
        exit(1);
    }
    return (NULL);
}

int main(int argc, char **argv)
{
    int listenfd, connfd;
    pthread_t tid;
    socklen_t addrlen, len;
    struct sockaddr *cliaddr;

    if (argc > 3) {
        fprintf(stderr, "%s\n", USAGE);
        exit(1);
    }
    if (argc == 3)
        listenfd = tcp_listen(argv[1], argv[2], &addrlen);
    else
        listenfd = tcp_listen(NULL, argc == 2 ? argv[1] : "9877", &addrlen);
    print_listening(listenfd);

    cliaddr = Malloc(addrlen);

    for (;;) {
        len = addrlen;
        if ((connfd = accept(listenfd, cliaddr, &len)) < 0) {
            perror("accept");
            exit(1);
        }
        Pthread_create(&tid, NULL, &doit, (void *) (long) connfd);
    }
}
