/* ch11_daytimetcpsrv2.c — UNP vol. 1, §11.13: the protocol-independent
 * daytime server. An optional host argument picks the family ("::" for
 * IPv6, "0.0.0.0" for IPv4); tcp_listen returns the size of the family's
 * addresses, and each accept is given a buffer of exactly that size.
 * The C twin of examples/ch11_daytimetcpsrv2.rs.
 *
 *   make -C docs/c   # -> target/c/ch11_daytimetcpsrv2, linked with libunp.a (docs/c/lib/)
 *   ./ch11_daytimetcpsrv2 [host] [service]   (default 1313; daytime needs root)
 *   listening on [::]:1313
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
    socklen_t len, addrlen;
    char buff[MAXLINE];
    time_t ticks;
    struct sockaddr *cliaddr;
    struct sockaddr_storage servaddr;

    if (argc == 1)
        listenfd = tcp_listen(NULL, "1313", &addrlen);
    else if (argc == 2)
        listenfd = tcp_listen(NULL, argv[1], &addrlen);
    else if (argc == 3)
        listenfd = tcp_listen(argv[1], argv[2], &addrlen);
    else {
        fprintf(stderr, "usage: ch11_daytimetcpsrv2 [host] [service]   (default: all IPv4 addresses, 1313)\n");
        exit(1);
    }
    cliaddr = malloc(addrlen);

    len = sizeof(servaddr);
    if (getsockname(listenfd, (SA *) &servaddr, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("listening on %s\n", sock_ntop((SA *) &servaddr, len));
    fflush(stdout);

    for (;;) {
        len = addrlen;
        if ((connfd = accept(listenfd, cliaddr, &len)) < 0) {
            perror("accept");
            exit(1);
        }
        printf("connection from %s\n", sock_ntop(cliaddr, len));
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
