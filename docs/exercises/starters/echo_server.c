/* Starter for exercise 03 (docs/exercises/03-forking-echo-server.md), in C:
 * an echo server that serves one client at a time. Make it the book's
 * forking server (UNP Figures 5.2, 5.12).
 *     socklab check echo -- ./echo_server {port}
 * Build: cc -Wall -o echo_server echo_server.c */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXLINE 4096
#define LISTENQ 1024

static void str_echo(int sockfd)
{
    ssize_t n;
    char buf[MAXLINE];

    for (;;) {
        n = read(sockfd, buf, MAXLINE);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        /* TODO (check `large`): write may write fewer bytes than asked: writen */
        if (write(sockfd, buf, n) < 0)
            return;
    }
}

int main(int argc, char **argv)
{
    int listenfd, connfd;
    socklen_t clilen;
    struct sockaddr_in servaddr, cliaddr;

    if (argc != 2) {
        fprintf(stderr, "usage: echo_server port\n");
        exit(1);
    }
    if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
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
    /* TODO (check `zombies`): catch SIGCHLD, reap with waitpid(-1, NULL, WNOHANG) in a loop */
    for (;;) {
        clilen = sizeof(cliaddr);
        if ((connfd = accept(listenfd, (struct sockaddr *) &cliaddr, &clilen)) < 0) {
            perror("accept");
            exit(1);
        }
        /* TODO (check `concurrency`): fork; the child serves and exits.
         * TODO (check `descriptors`): the child closes listenfd, the parent connfd. */
        str_echo(connfd);
        close(connfd);
    }
}
