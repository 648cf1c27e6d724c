/* ch26_tcpcli01.c — UNP vol. 1, § 26.3, Fig. 26.2 (threads/tcpcli01.c and
 * strclithread.c): the echo client with two threads. A copyto thread
 * copies standard input to the server (and half-closes at end of
 * input); the main thread copies the server's lines to standard output.
 * The C twin of examples/ch26_tcpcli01.rs.
 *
 *   make -C docs/c   # -> target/c/ch26_tcpcli01, linked with libunp.a (docs/c/lib/)
 *   ./ch26_tcpcli01 [host] [port]      (defaults 127.0.0.1 9877)
 *
 * tcp_connect, readline (Fig. 3.17) and writen are the book's library
 * functions: tcp_connect in docs/c/lib/ (unp.h), the others written out
 * here. Addition: the defaults.
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

#include "unp.h" /* the book's library: tcp_connect (docs/c/lib/) */

#define MAXLINE 4096
#define LISTENQ 1024
#define SA struct sockaddr

#define USAGE "usage: ch26_tcpcli01 [host] [port]   (defaults: 127.0.0.1 9877)"

static int sockfd; /* global for both threads to access */
static FILE *fp;

static void Pthread_create(pthread_t *tid, const pthread_attr_t *attr, void *(*func)(void *), void *arg)
{
    int n;

    if ((n = pthread_create(tid, attr, func, arg)) != 0) {
        fprintf(stderr, "pthread_create: %s\n", strerror(n));
        exit(1);
    }
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

/* Figure 3.17: one line, one byte per read(), at most maxlen - 1 bytes,
 * null terminated like fgets. Returns the count, 0 at end of file. */
static ssize_t readline(int fd, void *vptr, size_t maxlen)
{
    ssize_t rc;
    size_t n;
    char c, *ptr = vptr;

    for (n = 1; n < maxlen; n++) {
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
            return -1; /* error, errno set by read() */
        }
    }
    *ptr = 0; /* null terminate like fgets() */
    return n;
}

static void *copyto(void *arg)
{
    char sendline[MAXLINE];

    (void) arg;
    while (fgets(sendline, MAXLINE, fp) != NULL) {
        if (writen(sockfd, sendline, strlen(sendline)) < 0) {
            perror("write");
            exit(1);
        }
    }
    if (shutdown(sockfd, SHUT_WR) < 0) { /* EOF on stdin, send FIN */
        perror("shutdown");
        exit(1);
    }
    return (NULL);
    /* return (i.e., thread terminates) when EOF on stdin */
}

static void str_cli(FILE *fp_arg, int sockfd_arg)
{
    char recvline[MAXLINE];
    pthread_t tid;
    ssize_t n;

    sockfd = sockfd_arg; /* copy arguments to externals */
    fp = fp_arg;

    Pthread_create(&tid, NULL, copyto, NULL);

    while ((n = readline(sockfd, recvline, MAXLINE)) > 0)
        fputs(recvline, stdout);
    if (n < 0) {
        perror("read");
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc > 3) {
        fprintf(stderr, "%s\n", USAGE);
        exit(1);
    }
    sockfd = tcp_connect(argc >= 2 ? argv[1] : "127.0.0.1", argc == 3 ? argv[2] : "9877");

    str_cli(stdin, sockfd); /* do it all */

    exit(0);
}
