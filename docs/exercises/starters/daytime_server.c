/* Starter for exercise 01 (docs/exercises/01-daytime-server.md), in C:
 * the daytime server of UNP Figure 1.9. It already answers; make it pass
 *     socklab check daytime -- ./daytime_server {port}
 * Build: cc -Wall -o daytime_server daytime_server.c */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXLINE 4096
#define LISTENQ 1024

int main(int argc, char **argv)
{
    int listenfd, connfd;
    struct sockaddr_in servaddr;
    char buff[MAXLINE];
    time_t ticks;

    if (argc != 2) {
        fprintf(stderr, "usage: daytime_server port\n");
        exit(1);
    }
    if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    /* TODO (check `restart`): SO_REUSEADDR before bind (UNP 7.5) */
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
    for (;;) {
        if ((connfd = accept(listenfd, NULL, NULL)) < 0) {
            perror("accept");
            exit(1);
        }
        ticks = time(NULL);
        snprintf(buff, sizeof(buff), "%.24s\r\n", ctime(&ticks));
        /* TODO (check `reset`): a client that reset the connection makes
         * this write fail -- or kills the server with SIGPIPE. */
        if (write(connfd, buff, strlen(buff)) < 0) {
            perror("write");
            exit(1);
        }
        close(connfd);
    }
}
