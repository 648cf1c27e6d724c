/* ch11_daytimeudpsrv2.c — UNP vol. 1, §11.16: the protocol-independent
 * UDP daytime server: udp_server (getaddrinfo AI_PASSIVE, socket, bind),
 * then forever recvfrom a datagram and sendto its sender the time of day.
 * The C twin of examples/ch11_daytimeudpsrv2.rs.
 *
 *   make -C docs/c   # -> target/c/ch11_daytimeudpsrv2, linked with libunp.a (docs/c/lib/)
 *   ./ch11_daytimeudpsrv2 [host] [service]   (default 1313; daytime needs root)
 *   bound to 0.0.0.0:1313
 *
 * udp_server and sock_ntop are the book's library functions: udp_server
 * written out here, sock_ntop in docs/c/lib/ (unp.h). Additions: the default service, the "bound to" line.
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

#include "unp.h" /* the book's library: sock_ntop (docs/c/lib/) */

#define MAXLINE 4096
#define SA struct sockaddr

static int udp_server(const char *host, const char *serv, socklen_t *addrlenp)
{
    int sockfd, n;
    struct addrinfo hints, *res, *ressave;

    bzero(&hints, sizeof(struct addrinfo));
    hints.ai_flags = AI_PASSIVE;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;

    if ((n = getaddrinfo(host, serv, &hints, &res)) != 0) {
        fprintf(stderr, "udp_server error for %s, %s: %s\n", host ? host : "(null)", serv,
                gai_strerror(n));
        exit(1);
    }
    ressave = res;

    do {
        sockfd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
        if (sockfd < 0)
            continue; /* error - try next one */
        if (bind(sockfd, res->ai_addr, res->ai_addrlen) == 0)
            break; /* success */
        if (close(sockfd) < 0) { /* bind error - close and try next one */
            perror("close");
            exit(1);
        }
    } while ((res = res->ai_next) != NULL);

    if (res == NULL) { /* errno from final socket() or bind() */
        perror("bind");
        exit(1);
    }
    if (addrlenp)
        *addrlenp = res->ai_addrlen; /* return size of protocol address */
    freeaddrinfo(ressave);
    return sockfd;
}

int main(int argc, char **argv)
{
    int sockfd;
    ssize_t n;
    char buff[MAXLINE];
    time_t ticks;
    socklen_t len;
    struct sockaddr_storage cliaddr, servaddr;

    if (argc == 1)
        sockfd = udp_server(NULL, "1313", NULL);
    else if (argc == 2)
        sockfd = udp_server(NULL, argv[1], NULL);
    else if (argc == 3)
        sockfd = udp_server(argv[1], argv[2], NULL);
    else {
        fprintf(stderr, "usage: ch11_daytimeudpsrv2 [host] [service]   (default: all IPv4 addresses, 1313)\n");
        exit(1);
    }

    len = sizeof(servaddr);
    if (getsockname(sockfd, (SA *) &servaddr, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("bound to %s\n", sock_ntop((SA *) &servaddr, len));
    fflush(stdout);

    for (;;) {
        len = sizeof(cliaddr);
        if ((n = recvfrom(sockfd, buff, MAXLINE, 0, (SA *) &cliaddr, &len)) < 0) {
            perror("recvfrom");
            exit(1);
        }
        printf("datagram from %s\n", sock_ntop((SA *) &cliaddr, len));
        fflush(stdout);

        ticks = time(NULL);
        snprintf(buff, sizeof(buff), "%.24s\r\n", ctime(&ticks));
        if (sendto(sockfd, buff, strlen(buff), 0, (SA *) &cliaddr, len) < 0) {
            perror("sendto");
            exit(1);
        }
    }
}
