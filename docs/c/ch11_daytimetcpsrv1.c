/* ch11_daytimetcpsrv1.c — UNP vol. 1, §11.13: the daytime server on
 * tcp_listen (getaddrinfo AI_PASSIVE, socket, SO_REUSEADDR, bind,
 * listen), accepting into a sockaddr_storage and printing each client.
 * The C twin of examples/ch11_daytimetcpsrv1.rs.
 *
 *   make -C docs/c   # -> target/c/ch11_daytimetcpsrv1, linked with libunp.a (docs/c/lib/)
 *   ./ch11_daytimetcpsrv1 [service]        (default 1313; daytime needs root)
 *   listening on 0.0.0.0:1313
 *
 * tcp_listen and sock_ntop are the book's library functions, in
 * docs/c/lib/ (unp.h). Additions: the default service, the "listening on" line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "unp.h" /* the book's library: sock_ntop, tcp_listen (docs/c/lib/) */

#define MAXLINE 4096
#define LISTENQ 1024
#define SA struct sockaddr

int main(int argc, char **argv)
{
    int listenfd, connfd;
    socklen_t len;
    char buff[MAXLINE];
    time_t ticks;
    struct sockaddr_storage cliaddr, servaddr;

    if (argc > 2) {
        fprintf(stderr, "usage: ch11_daytimetcpsrv1 [service]   (default: 1313)\n");
        exit(1);
    }
    listenfd = tcp_listen(NULL, argc == 2 ? argv[1] : "1313", NULL);

    len = sizeof(servaddr);
    if (getsockname(listenfd, (SA *) &servaddr, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("listening on %s\n", sock_ntop((SA *) &servaddr, len));
    fflush(stdout);

    for (;;) {
        len = sizeof(cliaddr);
        if ((connfd = accept(listenfd, (SA *) &cliaddr, &len)) < 0) {
            perror("accept");
            exit(1);
        }
        printf("connection from %s\n", sock_ntop((SA *) &cliaddr, len));
        fflush(stdout);

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
