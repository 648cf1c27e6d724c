/* Starter for exercise 10 (docs/exercises/10-stdio-echo-server.md), in C:
 * the forking echo server whose children use standard I/O on the socket
 * (UNP Figure 14.14). It echoes nothing while the client waits: fix it.
 *     socklab check echo --skip binary,large -- ./stdio_echo_server {port}
 * Build: cc -Wall -o stdio_echo_server stdio_echo_server.c */
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

/* Figure 14.14 */
static void str_echo(int sockfd)
{
    char line[MAXLINE];
    FILE *fpin, *fpout;

    if ((fpin = fdopen(sockfd, "r")) == NULL) {
        perror("fdopen");
        exit(1);
    }
    if ((fpout = fdopen(sockfd, "w")) == NULL) {
        perror("fdopen");
        exit(1);
    }
    while (fgets(line, MAXLINE, fpin) != NULL) {
        fputs(line, fpout);
        /* TODO (check `answer`): where is this line now? */
    }
}

int main(int argc, char **argv)
{
    int listenfd, connfd, on = 1;
    pid_t childpid;
    socklen_t clilen;
    struct sockaddr_in cliaddr, servaddr;

    if (argc != 2) {
        fprintf(stderr, "usage: stdio_echo_server port\n");
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
    signal(SIGCHLD, sig_chld);
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
            close(listenfd);
            str_echo(connfd);
            exit(0);        /* exit flushes fpout */
        }
        close(connfd);
    }
}
