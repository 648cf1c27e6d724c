/* Starter for exercise 08 (docs/exercises/08-daytime-any-family.md), in C:
 * Figure 1.9's daytime server, IPv4 only and a port number only. Make it
 * protocol-independent: getaddrinfo (AI_PASSIVE), the book's tcp_listen
 * (Figure 11.12), a struct sockaddr_storage for accept.
 *     socklab check daytime -- ./daytime_any :: {port}
 * Build: cc -Wall -o daytime_any daytime_any.c */
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

/* TODO: int tcp_listen(const char *host, const char *serv, socklen_t *addrlenp)
 * with getaddrinfo(host, serv, &hints, &res), hints.ai_flags = AI_PASSIVE,
 * trying each answer: socket, setsockopt(SO_REUSEADDR), bind; then listen. */

int main(int argc, char **argv)
{
    int listenfd, connfd;
    struct sockaddr_in servaddr;
    char buff[MAXLINE];
    time_t ticks;

    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: daytime_any [host] port|service\n");
        exit(1);
    }
    /* TODO: listenfd = tcp_listen(argc == 3 ? argv[1] : NULL, argv[argc - 1], &addrlen); */
    if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(atoi(argv[argc - 1]));
    if (bind(listenfd, (struct sockaddr *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    if (listen(listenfd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
    for (;;) {
        /* TODO: a struct sockaddr_storage cliaddr, and print it (inet_ntop
         * of its family's address) */
        if ((connfd = accept(listenfd, (struct sockaddr *) NULL, NULL)) < 0) {
            perror("accept");
            exit(1);
        }
        ticks = time(NULL);
        snprintf(buff, sizeof(buff), "%.24s\r\n", ctime(&ticks));
        /* TODO (check `reset`): ignore SIGPIPE, and let a failed write cost
         * this client only */
        if (write(connfd, buff, strlen(buff)) < 0) {
            perror("write");
            exit(1);
        }
        close(connfd);
    }
}
