/* ch30_serv02.c — UNP vol. 1, §30.6: the preforked server: N children made at start,
 * every one blocked in accept on the same listening socket, no lock.
 * -m turns on the meter (meter.c): a counter per child in shared memory
 * (mmap MAP_ANON|MAP_SHARED), printed when the server is stopped.
 * The C twin of examples/ch30_serv02.rs.
 *
 *   make -C docs/c   # -> target/c/ch30_serv02, linked with libunp.a (docs/c/lib/)
 *   ./ch30_serv02 [-m] [host] port #children
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
#include <sys/mman.h>

#include "unp.h"

static long *cptr; /* meter: connections per child; NULL without -m */

/* meter.c: an array of counters in memory the children share. */
static long *meter(int nptrs)
{
    long *ptr;

    ptr = mmap(0, nptrs * sizeof(long), PROT_READ | PROT_WRITE, MAP_ANON | MAP_SHARED, -1, 0);
    if (ptr == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    return ptr;
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
    if (cptr != NULL)
        for (i = 0; i < nchildren; i++)
            printf("child %d, %ld connections\n", i, cptr[i]);
    exit(0);
}

static void child_main(int i, int listenfd, int addrlen)
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
        if (cptr != NULL)
            cptr[i]++;
        web_child(connfd); /* process the request */
        if (close(connfd) < 0) {
            perror("close");
            exit(1);
        }
    }
}

static pid_t child_make(int i, int listenfd, int addrlen)
{
    pid_t pid;

    if ((pid = fork()) < 0) {
        perror("fork");
        exit(1);
    }
    if (pid > 0)
        return pid; /* parent */
    child_main(i, listenfd, addrlen); /* never returns */
    return 0;
}

int main(int argc, char **argv)
{
    int listenfd, i;
    socklen_t addrlen;
    int metered = 0;

    if (argc > 1 && strcmp(argv[1], "-m") == 0) {
        metered = 1;
        argc--;
        argv++;
    }

    if (argc == 3)
        listenfd = tcp_listen(NULL, argv[1], &addrlen);
    else if (argc == 4)
        listenfd = tcp_listen(argv[1], argv[2], &addrlen);
    else {
        fprintf(stderr, "usage: ch30_serv02 [-m] [ <host> ] <port#> <#children>\n");
        exit(1);
    }
    print_listening(listenfd);
    nchildren = atoi(argv[argc - 1]);
    pids = calloc(nchildren, sizeof(pid_t));
    if (metered)
        cptr = meter(nchildren);

    for (i = 0; i < nchildren; i++)
        pids[i] = child_make(i, listenfd, addrlen); /* parent returns */

    Signal(SIGINT, sig_int);

    for (;;)
        pause(); /* everything done by children */
}
