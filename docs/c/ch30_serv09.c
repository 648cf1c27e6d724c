/* ch30_serv09.c — UNP vol. 1, chapter 30, beyond the book: a preforked server where
 * every child has a listening socket of its own, all bound to one port
 * with SO_REUSEPORT (Linux 3.9): the kernel spreads the connections over
 * them, so no child waits on another's accept and no lock is needed.
 * The C twin of examples/ch30_serv09.rs.
 *
 *   make -C docs/c   # -> target/c/ch30_serv09, linked with libunp.a (docs/c/lib/)
 *   ./ch30_serv09 [host] port #children
 *   listening on 0.0.0.0:9877
 *   (kill -INT the server: it prints its CPU time, children included)
 *
 * readline, writen, web_child and pr_cpu_time are the book's library
 * functions, in docs/c/lib/ (unp.h); the program is socklab's, in the book's style.
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

#include "unp.h"

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

/* A listening socket of its own, in the port's SO_REUSEPORT group. */
static int reuseport_listen(const SA *addr, socklen_t addrlen)
{
    int listenfd;
    const int on = 1;

    if ((listenfd = socket(addr->sa_family, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    if (setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0 ||
        setsockopt(listenfd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) < 0) {
        perror("setsockopt");
        exit(1);
    }
    if (bind(listenfd, addr, addrlen) < 0) {
        perror("bind");
        exit(1);
    }
    if (listen(listenfd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
    return listenfd;
}

static void child_main(int listenfd, socklen_t addrlen)
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
        web_child(connfd); /* process the request */
        if (close(connfd) < 0) {
            perror("close");
            exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    int listenfd, i, n;
    pid_t pid;
    socklen_t addrlen;
    struct addrinfo hints, *res;
    struct sockaddr_storage ss;
    const char *host, *serv;

    if (argc == 3) {
        host = NULL;
        serv = argv[1];
    } else if (argc == 4) {
        host = argv[1];
        serv = argv[2];
    } else {
        fprintf(stderr, "usage: ch30_serv09 [ <host> ] <port#> <#children>\n");
        exit(1);
    }
    bzero(&hints, sizeof(hints));
    hints.ai_flags = AI_PASSIVE;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if ((n = getaddrinfo(host, serv, &hints, &res)) != 0) {
        fprintf(stderr, "getaddrinfo error for %s, %s: %s\n", host ? host : "(null)", serv,
                gai_strerror(n));
        exit(1);
    }
    /* the first socket fixes the port (port 0: the kernel's choice) */
    listenfd = reuseport_listen(res->ai_addr, res->ai_addrlen);
    addrlen = sizeof(ss);
    if (getsockname(listenfd, (SA *) &ss, &addrlen) < 0) {
        perror("getsockname");
        exit(1);
    }
    freeaddrinfo(res);
    printf("listening on %s\n", sock_ntop((SA *) &ss, addrlen));
    fflush(stdout);

    nchildren = atoi(argv[argc - 1]);
    pids = calloc(nchildren, sizeof(pid_t));
    for (i = 0; i < nchildren; i++) {
        if ((pid = fork()) < 0) {
            perror("fork");
            exit(1);
        }
        if (pid == 0) {
            /* child 0 keeps the first socket; every other child makes
               its own, and the kernel spreads connections over them */
            if (i > 0) {
                if (close(listenfd) < 0) {
                    perror("close");
                    exit(1);
                }
                listenfd = reuseport_listen((SA *) &ss, addrlen);
            }
            child_main(listenfd, addrlen); /* never returns */
        }
        pids[i] = pid;
    }
    /* the parent keeps its copy: it is child 0's socket, never accepted on here */

    Signal(SIGINT, sig_int);

    for (;;)
        pause(); /* everything done by children */
}
