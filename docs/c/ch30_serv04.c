/* ch30_serv04.c — UNP vol. 1, §30.8: preforked, with a pthread mutex around accept that
 * the children share (lock_pthread.c: /dev/zero mapped MAP_SHARED, the
 * mutex initialised PTHREAD_PROCESS_SHARED).
 * The C twin of examples/ch30_serv04.rs.
 *
 *   make -C docs/c   # -> target/c/ch30_serv04, linked with libunp.a (docs/c/lib/)
 *   ./ch30_serv04 [host] port #children
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
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>

#include "unp.h"

static pthread_mutex_t *mptr; /* actual mutex will be in shared memory */

/* lock_pthread.c: a mutex in /dev/zero mapped MAP_SHARED, process-shared. */
static void my_lock_init(char *pathname)
{
    int fd, n;
    pthread_mutexattr_t mattr;

    (void) pathname;
    if ((fd = open("/dev/zero", O_RDWR, 0)) < 0) {
        perror("open");
        exit(1);
    }
    mptr = mmap(0, sizeof(pthread_mutex_t), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (mptr == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    if (close(fd) < 0) {
        perror("close");
        exit(1);
    }
    if ((n = pthread_mutexattr_init(&mattr)) != 0 ||
        (n = pthread_mutexattr_setpshared(&mattr, PTHREAD_PROCESS_SHARED)) != 0 ||
        (n = pthread_mutex_init(mptr, &mattr)) != 0) {
        errno = n;
        perror("pthread_mutex_init");
        exit(1);
    }
}

static void my_lock_wait(void)
{
    int n;

    if ((n = pthread_mutex_lock(mptr)) != 0) {
        errno = n;
        perror("pthread_mutex_lock");
        exit(1);
    }
}

static void my_lock_release(void)
{
    int n;

    if ((n = pthread_mutex_unlock(mptr)) != 0) {
        errno = n;
        perror("pthread_mutex_unlock");
        exit(1);
    }
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

static void child_main(int i, int listenfd, int addrlen)
{
    int connfd;
    socklen_t clilen;
    struct sockaddr *cliaddr;

    (void) i;
    cliaddr = malloc(addrlen);
    printf("child %ld starting\n", (long) getpid());
    fflush(stdout);
    for (;;) {
        clilen = addrlen;
        my_lock_wait();
        if ((connfd = accept(listenfd, cliaddr, &clilen)) < 0) {
            perror("accept");
            exit(1);
        }
        my_lock_release();
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

    if (argc == 3)
        listenfd = tcp_listen(NULL, argv[1], &addrlen);
    else if (argc == 4)
        listenfd = tcp_listen(argv[1], argv[2], &addrlen);
    else {
        fprintf(stderr, "usage: ch30_serv04 [ <host> ] <port#> <#children>\n");
        exit(1);
    }
    print_listening(listenfd);
    nchildren = atoi(argv[argc - 1]);
    pids = calloc(nchildren, sizeof(pid_t));
    my_lock_init(NULL); /* one lock for all children */

    for (i = 0; i < nchildren; i++)
        pids[i] = child_make(i, listenfd, addrlen); /* parent returns */

    Signal(SIGINT, sig_int);

    for (;;)
        pause(); /* everything done by children */
}
