/* ch30_serv03.c — UNP vol. 1, §30.7: preforked, with an fcntl record lock around accept
 * (lock_fcntl.c: mkstemp + unlink, then F_SETLKW with F_WRLCK / F_UNLCK)
 * so that only one child at a time waits in accept.
 * The C twin of examples/ch30_serv03.rs.
 *
 *   make -C docs/c   # -> target/c/ch30_serv03, linked with libunp.a (docs/c/lib/)
 *   ./ch30_serv03 [host] port #children
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

#include "unp.h"

static struct flock lock_it, unlock_it;
static int lock_fd = -1; /* fcntl() will fail if my_lock_init() not called */

/* lock_fcntl.c: one temporary file, unlinked at once, locked around accept. */
static void my_lock_init(char *pathname)
{
    char lock_file[1024];

    /* must copy caller's string, in case it's a constant */
    strncpy(lock_file, pathname, sizeof(lock_file) - 1);
    lock_file[sizeof(lock_file) - 1] = 0;
    if ((lock_fd = mkstemp(lock_file)) < 0) {
        perror("mkstemp");
        exit(1);
    }
    if (unlink(lock_file) < 0) { /* but lock_fd remains open */
        perror("unlink");
        exit(1);
    }
    lock_it.l_type = F_WRLCK;
    lock_it.l_whence = SEEK_SET;
    lock_it.l_start = 0;
    lock_it.l_len = 0;

    unlock_it.l_type = F_UNLCK;
    unlock_it.l_whence = SEEK_SET;
    unlock_it.l_start = 0;
    unlock_it.l_len = 0;
}

static void my_lock_wait(void)
{
    int rc;

    while ((rc = fcntl(lock_fd, F_SETLKW, &lock_it)) < 0) {
        if (errno == EINTR)
            continue;
        perror("fcntl");
        exit(1);
    }
}

static void my_lock_release(void)
{
    if (fcntl(lock_fd, F_SETLKW, &unlock_it) < 0) {
        perror("fcntl");
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
        fprintf(stderr, "usage: ch30_serv03 [ <host> ] <port#> <#children>\n");
        exit(1);
    }
    print_listening(listenfd);
    nchildren = atoi(argv[argc - 1]);
    pids = calloc(nchildren, sizeof(pid_t));
    my_lock_init("/tmp/lock.XXXXXX"); /* one lock file for all children */

    for (i = 0; i < nchildren; i++)
        pids[i] = child_make(i, listenfd, addrlen); /* parent returns */

    Signal(SIGINT, sig_int);

    for (;;)
        pause(); /* everything done by children */
}
