/* ch30_serv08.c — UNP vol. 1, §30.12: prethreaded, the main thread accepts and puts each
 * connection in an array of 32 (clifd, iput/iget) under a mutex; a
 * condition variable wakes a thread to take it.
 * The C twin of examples/ch30_serv08.rs.
 *
 *   make -C docs/c   # -> target/c/ch30_serv08, linked with libunp.a (docs/c/lib/)
 *   ./ch30_serv08 [host] port #threads
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

#define MAXNCLI 32

static Thread *tptr; /* array of Thread structures; calloc'ed */
static int clifd[MAXNCLI], iget, iput;
static int nthreads;
static pthread_mutex_t clifd_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t clifd_cond = PTHREAD_COND_INITIALIZER;

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

    printf("thread %d starting\n", i);
    fflush(stdout);
    for (;;) {
        pthread_mutex_lock(&clifd_mutex);
        while (iget == iput)
            pthread_cond_wait(&clifd_cond, &clifd_mutex);
        connfd = clifd[iget]; /* connected socket to service */
        if (++iget == MAXNCLI)
            iget = 0;
        pthread_mutex_unlock(&clifd_mutex);
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
    int i, listenfd, connfd;
    socklen_t addrlen, clilen;
    struct sockaddr *cliaddr;

    if (argc == 3)
        listenfd = tcp_listen(NULL, argv[1], &addrlen);
    else if (argc == 4)
        listenfd = tcp_listen(argv[1], argv[2], &addrlen);
    else {
        fprintf(stderr, "usage: ch30_serv08 [ <host> ] <port#> <#threads>\n");
        exit(1);
    }
    print_listening(listenfd);
    cliaddr = malloc(addrlen);

    nthreads = atoi(argv[argc - 1]);
    tptr = calloc(nthreads, sizeof(Thread));
    iget = iput = 0;

    /* create all the threads */
    for (i = 0; i < nthreads; i++)
        thread_make(i); /* only main thread returns */

    Signal(SIGINT, sig_int);

    for (;;) {
        clilen = addrlen;
        if ((connfd = accept(listenfd, cliaddr, &clilen)) < 0) {
            perror("accept");
            exit(1);
        }
        pthread_mutex_lock(&clifd_mutex);
        clifd[iput] = connfd;
        if (++iput == MAXNCLI)
            iput = 0;
        if (iput == iget) {
            fprintf(stderr, "iput = iget = %d\n", iput);
            exit(1);
        }
        pthread_cond_signal(&clifd_cond);
        pthread_mutex_unlock(&clifd_mutex);
    }
}
