/* ch01_daytimetcpsrv.c — UNP vol. 1, Figure 1.9: the simple daytime
 * server. Forever: accept a connection (the client's address is not
 * asked for: accept(listenfd, NULL, NULL)), write the time of day as one
 * line ("%.24s\r\n" of ctime), close the connection. The C twin of
 * examples/ch01_daytimetcpsrv.rs.
 *
 *   cc -Wall -Wextra -o ch01_daytimetcpsrv docs/c/ch01_daytimetcpsrv.c
 *   ./ch01_daytimetcpsrv [port]            (default 13: needs root)
 *   listening on 0.0.0.0:1313
 *
 * Two additions to the book's program: the port argument, and the line
 * that says where it really listens (getsockname: port 0 shows the
 * port the kernel chose).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXLINE 4096
#define LISTENQ 1024
#define SA struct sockaddr

int main(int argc, char **argv)
{
    int listenfd, connfd;
    struct sockaddr_in servaddr;
    socklen_t len;
    char buff[MAXLINE];
    time_t ticks;
    int port = 13;

    if (argc > 2) {
        fprintf(stderr, "usage: ch01_daytimetcpsrv [port]   (default: 13)\n");
        exit(1);
    }
    if (argc == 2)
        port = atoi(argv[1]);

    if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if (bind(listenfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    if (listen(listenfd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
    len = sizeof(servaddr);
    if (getsockname(listenfd, (SA *) &servaddr, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("listening on %s:%d\n", inet_ntop(AF_INET, &servaddr.sin_addr, buff, sizeof(buff)),
           ntohs(servaddr.sin_port));
    fflush(stdout);

    for (;;) {
        if ((connfd = accept(listenfd, (SA *) NULL, NULL)) < 0) {
            perror("accept");
            exit(1);
        }
        ticks = time(NULL);
        snprintf(buff, sizeof(buff), "%.24s\r\n", ctime(&ticks));
        if (write(connfd, buff, strlen(buff)) < 0) {
            perror("write");
            exit(1);
        }
        if (close(connfd) < 0) {
            perror("close");
            exit(1);
        }
    }
}
