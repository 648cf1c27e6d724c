/* ch08_udpserv01.c — UNP vol. 1, Figures 8.3-8.4: the UDP echo server.
 * dg_echo: recvfrom a datagram, sendto it back to the address recvfrom
 * reported, forever. No listen, no accept: one socket serves every client.
 * C twin of examples/ch08_udpserv01.rs (which calls socklab::dg_echo).
 *
 *   cc -Wall -Wextra -o udpserv01 docs/c/ch08_udpserv01.c
 *   ./udpserv01 [port] [bind-address]     (defaults 9877, INADDR_ANY)
 *   bound to 0.0.0.0:9877
 *
 * Besides the book: the address really used is printed after bind
 * (getsockname: port 0 shows the kernel's choice).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define SERV_PORT 9877
#define MAXLINE 4096

typedef struct sockaddr SA;

static void dg_echo(int sockfd, SA *pcliaddr, socklen_t clilen)
{
    ssize_t n;
    socklen_t len;
    char mesg[MAXLINE];

    for (;;) {
        len = clilen;
        if ((n = recvfrom(sockfd, mesg, MAXLINE, 0, pcliaddr, &len)) < 0) {
            perror("recvfrom");
            exit(1);
        }
        if (sendto(sockfd, mesg, n, 0, pcliaddr, len) < 0) {
            perror("sendto");
            exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    int sockfd;
    socklen_t len;
    char str[INET_ADDRSTRLEN];
    struct sockaddr_in servaddr, cliaddr;

    if (argc > 3) {
        fprintf(stderr, "usage: ch08_udpserv01 [port] [bind-address]\n");
        exit(1);
    }
    if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }

    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(argc >= 2 ? atoi(argv[1]) : SERV_PORT);
    if (argc == 3 && inet_pton(AF_INET, argv[2], &servaddr.sin_addr) <= 0) {
        fprintf(stderr, "inet_pton: \"%s\" is not a valid AF_INET address\n", argv[2]);
        exit(1);
    }

    if (bind(sockfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    len = sizeof(servaddr);
    if (getsockname(sockfd, (SA *) &servaddr, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("bound to %s:%d\n", inet_ntop(AF_INET, &servaddr.sin_addr, str, sizeof(str)), ntohs(servaddr.sin_port));
    fflush(stdout);

    dg_echo(sockfd, (SA *) &cliaddr, sizeof(cliaddr));
}
