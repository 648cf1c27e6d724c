/* Starter for exercise 04 (docs/exercises/04-sum-server.md), in C: the text
 * sum server of UNP section 5.18. The forking loop is done; sum_lines() is yours.
 *     socklab check sum -- ./sum_server {port}
 * Build: cc -Wall -o sum_server sum_server.c */
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

static void sig_chld(int signo)
{
    (void) signo;
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
}

static void sum_lines(int sockfd)
{
    /* TODO (checks `answer`, `byte-stream`): read whole lines (a line may
     * come in several reads, one read may hold several lines), sscanf two
     * longs, write "%ld\n" of their sum -- or "input error\n" -- until the
     * client closes. */
    (void) sockfd;
}

int main(int argc, char **argv)
{
    int listenfd, connfd, on = 1;
    pid_t childpid;
    socklen_t clilen;
    struct sockaddr_in servaddr, cliaddr;
    struct sigaction act;

    if (argc != 2) {
        fprintf(stderr, "usage: sum_server port\n");
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
    act.sa_handler = sig_chld;
    sigemptyset(&act.sa_mask);
    act.sa_flags = SA_RESTART;
    sigaction(SIGCHLD, &act, NULL);
    for (;;) {
        clilen = sizeof(cliaddr);
        if ((connfd = accept(listenfd, (struct sockaddr *) &cliaddr, &clilen)) < 0) {
            if (errno == EINTR)
                continue;
            perror("accept");
            exit(1);
        }
        if ((childpid = fork()) == 0) {
            close(listenfd);
            sum_lines(connfd);
            exit(0);
        }
        close(connfd);
    }
}
