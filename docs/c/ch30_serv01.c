/* ch30_serv01.c — UNP vol. 1, §30.5: the concurrent server, one fork per client (the
 * traditional design); sig_chld_waitpid.c reaps the children.
 * The C twin of examples/ch30_serv01.rs.
 *
 *   make -C docs/c   # -> target/c/ch30_serv01, linked with libunp.a (docs/c/lib/)
 *   ./ch30_serv01 [host] port
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

#include "unp.h"

/* sig_chld_waitpid.c: reap every ended child, without a word. */
static void sig_chld(int signo)
{
    pid_t pid;
    int stat;

    (void) signo;
    while ((pid = waitpid(-1, &stat, WNOHANG)) > 0)
        ;
}

static void sig_int(int signo)
{
    (void) signo;
    pr_cpu_time();
    exit(0);
}

int main(int argc, char **argv)
{
    int listenfd, connfd;
    pid_t childpid;
    socklen_t clilen, addrlen;
    struct sockaddr *cliaddr;

    if (argc == 2)
        listenfd = tcp_listen(NULL, argv[1], &addrlen);
    else if (argc == 3)
        listenfd = tcp_listen(argv[1], argv[2], &addrlen);
    else {
        fprintf(stderr, "usage: ch30_serv01 [ <host> ] <port#>\n");
        exit(1);
    }
    print_listening(listenfd);
    cliaddr = malloc(addrlen);

    Signal(SIGCHLD, sig_chld);
    Signal(SIGINT, sig_int);

    for (;;) {
        clilen = addrlen;
        if ((connfd = accept(listenfd, cliaddr, &clilen)) < 0) {
            if (errno == EINTR)
                continue; /* back to for() */
            perror("accept");
            exit(1);
        }
        if ((childpid = fork()) < 0) {
            perror("fork");
            exit(1);
        }
        if (childpid == 0) { /* child process */
            if (close(listenfd) < 0) { /* close listening socket */
                perror("close");
                exit(1);
            }
            web_child(connfd); /* process the request */
            exit(0);
        }
        if (close(connfd) < 0) { /* parent closes connected socket */
            perror("close");
            exit(1);
        }
    }
}
