/* ch26_readline.c — UNP vol. 1, § 26.5 (threads/readline.c): the
 * thread-safe readline with thread-specific data, in the echo server of
 * Fig. 26.3 (one thread per client, each echoing line by line). Each
 * thread's buffer is found through rl_key, made once (pthread_once) with
 * a destructor that frees the buffer when the thread ends. The C twin of
 * examples/ch26_readline.rs.
 *
 *   make -C docs/c   # -> target/c/ch26_readline, linked with libunp.a (docs/c/lib/)
 *   ./ch26_readline [[host] port]      (default port 9877)
 *   listening on 0.0.0.0:9877
 *
 * tcp_listen is the book's, in docs/c/lib/ (unp.h); writen and the
 * wrappers are written out here.
 * Additions: the default port, the "listening on" line.
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

#define USAGE "usage: ch26_readline [[host] port]   (default port: 9877)"

static pthread_key_t rl_key;
static pthread_once_t rl_once = PTHREAD_ONCE_INIT;

typedef struct {
    int rl_cnt;       /* initialize to 0 */
    char *rl_bufptr;  /* initialize to rl_buf */
    char rl_buf[MAXLINE];
} Rline;

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

static void *Calloc(size_t n, size_t size)
{
    void *ptr;

    if ((ptr = calloc(n, size)) == NULL) {
        perror("calloc");
        exit(1);
    }
    return ptr;
}

static void readline_destructor(void *ptr)
{
    free(ptr);
}

static void readline_once(void)
{
    int n;

    if ((n = pthread_key_create(&rl_key, readline_destructor)) != 0) {
        fprintf(stderr, "pthread_key_create: %s\n", strerror(n));
        exit(1);
    }
}

static ssize_t my_read(Rline *tsd, int fd, char *ptr)
{
    if (tsd->rl_cnt <= 0) {
    again:
        if ((tsd->rl_cnt = read(fd, tsd->rl_buf, MAXLINE)) < 0) {
            if (errno == EINTR)
                goto again;
            return (-1);
        } else if (tsd->rl_cnt == 0)
            return (0);
        tsd->rl_bufptr = tsd->rl_buf;
    }

    tsd->rl_cnt--;
    *ptr = *tsd->rl_bufptr++;
    return (1);
}

static ssize_t readline(int fd, void *vptr, size_t maxlen)
{
    size_t n;
    ssize_t rc;
    char c, *ptr;
    Rline *tsd;
    int e;

    if ((e = pthread_once(&rl_once, readline_once)) != 0) {
        fprintf(stderr, "pthread_once: %s\n", strerror(e));
        exit(1);
    }
    if ((tsd = pthread_getspecific(rl_key)) == NULL) {
        tsd = Calloc(1, sizeof(Rline)); /* init to 0 */
        if ((e = pthread_setspecific(rl_key, tsd)) != 0) {
            fprintf(stderr, "pthread_setspecific: %s\n", strerror(e));
            exit(1);
        }
    }

    ptr = vptr;
    for (n = 1; n < maxlen; n++) {
        if ((rc = my_read(tsd, fd, &c)) == 1) {
            *ptr++ = c;
            if (c == '\n')
                break;
        } else if (rc == 0) {
            *ptr = 0;
            return (n - 1); /* EOF, n - 1 bytes read */
        } else
            return (-1); /* error, errno set by read() */
    }

    *ptr = 0;
    return (n);
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

/* The book's str_echo with Readline: one line in, one line out. */
static void str_echo(int sockfd)
{
    ssize_t n;
    char line[MAXLINE];

    for (;;) {
        if ((n = readline(sockfd, line, MAXLINE)) < 0) {
            perror("readline");
            exit(1);
        }
        if (n == 0)
            return; /* connection closed by other end */
        if (writen(sockfd, line, n) < 0) {
            perror("write");
            exit(1);
        }
    }
}

static void *doit(void *arg)
{
    Pthread_detach(pthread_self());
    str_echo((int) (long) arg);
    if (close((int) (long) arg) < 0) { /* done with connected socket */
        perror("close");
        exit(1);
    }
    return (NULL);
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
