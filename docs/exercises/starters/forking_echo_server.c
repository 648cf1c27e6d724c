/* Starter for exercise 09 (docs/exercises/09-forking-server-under-strace.md),
 * in C: a forking echo server that echoes correctly but breaks the forking
 * server's rules. Trace it with strace -f, then fix it.
 *     socklab check echo --strace -- ./forking_echo_server {port}
 * Build: cc -Wall -o forking_echo_server forking_echo_server.c */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXLINE 4096
#define LISTENQ 1024

static ssize_t writen(int fd, const char *ptr, size_t n)
{
    size_t nleft = n;
    ssize_t nwritten;

    while (nleft > 0) {
        if ((nwritten = write(fd, ptr, nleft)) <= 0) {
            if (nwritten < 0 && errno == EINTR)
                nwritten = 0;
            else
                return -1;
        }
        nleft -= nwritten;
        ptr += nwritten;
    }
    return n;
}

static void str_echo(int sockfd)
{
    ssize_t n;
    char buf[MAXLINE];

again:
    while ((n = read(sockfd, buf, MAXLINE)) > 0)
        if (writen(sockfd, buf, n) < 0)
            return;
    if (n < 0 && errno == EINTR)
        goto again;
}

/* TODO (rules 3 and 4): void sig_chld(int signo), reaping every ended
 * child: while (waitpid(-1, NULL, WNOHANG) > 0) ; */

int main(int argc, char **argv)
{
    int listenfd, connfd, on = 1;
    pid_t childpid;
    socklen_t clilen;
    struct sockaddr_in servaddr, cliaddr;

    if (argc != 2) {
        fprintf(stderr, "usage: forking_echo_server port\n");
        exit(1);
    }
    if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    if (setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
        perror("setsockopt");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(atoi(argv[1]));
    if (bind(listenfd, (struct sockaddr *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    if (listen(listenfd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
    signal(SIGPIPE, SIG_IGN);
    /* TODO (rule 3): signal(SIGCHLD, sig_chld); */
    for (;;) {
        clilen = sizeof(cliaddr);
        if ((connfd = accept(listenfd, (struct sockaddr *) &cliaddr, &clilen)) < 0) {
            if (errno == EINTR)
                continue;
            perror("accept");
            exit(1);
        }
        if ((childpid = fork()) < 0) {
            perror("fork");
            exit(1);
        }
        if (childpid == 0) {
            /* TODO (rule 1): the child accepts no client */
            str_echo(connfd);
            exit(0);
        }
        /* TODO (rule 2): the child has connfd now */
    }
}
