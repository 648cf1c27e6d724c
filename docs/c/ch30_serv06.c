/* ch30_serv06.c — UNP vol. 1, §30.10: the concurrent server with a thread per client
 * (pthread_create, the thread detaches itself) instead of a process.
 * The C twin of examples/ch30_serv06.rs.
 *
 *   make -C docs/c   # -> target/c/ch30_serv06, linked with libunp.a (docs/c/lib/)
 *   ./ch30_serv06 [host] port
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

static void sig_int(int signo)
{
    (void) signo;
    pr_cpu_time();
    exit(0);
}

static void *doit(void *arg)
{
    int connfd = (int) (long) arg, n;

    if ((n = pthread_detach(pthread_self())) != 0) {
        errno = n;
        perror("pthread_detach");
        exit(1);
    }
    web_child(connfd); /* process request */
    if (close(connfd) < 0) {
        perror("close");
        exit(1);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int listenfd, connfd, n;
    pthread_t tid;
    socklen_t clilen, addrlen;
    struct sockaddr *cliaddr;

    if (argc == 2)
        listenfd = tcp_listen(NULL, argv[1], &addrlen);
    else if (argc == 3)
        listenfd = tcp_listen(argv[1], argv[2], &addrlen);
    else {
        fprintf(stderr, "usage: ch30_serv06 [ <host> ] <port#>\n");
        exit(1);
    }
    print_listening(listenfd);
    cliaddr = malloc(addrlen);

    Signal(SIGINT, sig_int);

    for (;;) {
        clilen = addrlen;
        if ((connfd = accept(listenfd, cliaddr, &clilen)) < 0) {
            perror("accept");
            exit(1);
        }
        if ((n = pthread_create(&tid, NULL, &doit, (void *) (long) connfd)) != 0) {
            errno = n;
            perror("pthread_create");
            exit(1);
        }
    }
}
