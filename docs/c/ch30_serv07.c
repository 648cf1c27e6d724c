/* ch30_serv07.c — UNP vol. 1, §30.11: prethreaded, every thread calls accept under one
 * mutex (pthread_mutex_lock around accept); SIGINT prints each thread's
 * connections.
 * The C twin of examples/ch30_serv07.rs.
 *
 *   make -C docs/c   # -> target/c/ch30_serv07, linked with libunp.a (docs/c/lib/)
 *   ./ch30_serv07 [host] port #threads
 *   listening on 0.0.0.0:9877
 *   (kill -INT the server: it prints its CPU time, children included)
 *
 * tcp_listen, readline, writen, web_child and pr_cpu_time are the book's
 * library functions, in docs/c/lib/ (unp.h). Addition: the "listening on" line.
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

#include "unp.h"

typedef struct {
    pthread_t thread_tid; /* thread ID */
    long thread_count;    /* # connections handled */
} Thread;

static Thread *tptr; /* array of Thread structures; calloc'ed */
static int listenfd, nthreads;
static socklen_t addrlen;
static pthread_mutex_t mlock = PTHREAD_MUTEX_INITIALIZER;

static void sig_int(int signo)
{
    int i;

    (void) signo;
    pr_cpu_time();
    for (i = 0; i < nthreads; i++)
        printf("thread %d, %ld connections\n", i, tptr[i].thread_count);
    exit(0);
}

static void *thread_main(void *arg)
{
    int connfd, i = (int) (long) arg;
    socklen_t clilen;
    struct sockaddr *cliaddr;

    cliaddr = malloc(addrlen);
    printf("thread %d starting\n", i);
    fflush(stdout);
    for (;;) {
        clilen = addrlen;
        pthread_mutex_lock(&mlock);
        connfd = accept(listenfd, cliaddr, &clilen);
        pthread_mutex_unlock(&mlock);
        if (connfd < 0) {
            perror("accept");
            exit(1);
        }
        tptr[i].thread_count++;
        web_child(connfd); /* process request */
        if (close(connfd) < 0) {
            perror("close");
            exit(1);
        }
    }
}

static void thread_make(int i)
{
    int n;

    if ((n = pthread_create(&tptr[i].thread_tid, NULL, &thread_main, (void *) (long) i)) != 0) {
        errno = n;
        perror("pthread_create");
        exit(1);
    }
}

int main(int argc, char **argv)
{
    int i;

    if (argc == 3)
        listenfd = tcp_listen(NULL, argv[1], &addrlen);
    else if (argc == 4)
        listenfd = tcp_listen(argv[1], argv[2], &addrlen);
    else {
        fprintf(stderr, "usage: ch30_serv07 [ <host> ] <port#> <#threads>\n");
        exit(1);
    }
    print_listening(listenfd);
    nthreads = atoi(argv[argc - 1]);
    tptr = calloc(nthreads, sizeof(Thread));

    for (i = 0; i < nthreads; i++)
        thread_make(i); /* only main thread returns */

    Signal(SIGINT, sig_int);

    for (;;)
        pause(); /* everything done by threads */
}
