/* ch08_dgecholoop.c — UNP vol. 1, Figures 8.20 and 8.22: the receiver of
 * the UDP flow-control experiment. dg_echo only counts the datagrams it
 * receives (the sender is ch08_dgcliloop: 2000 datagrams of 1400 bytes).
 * UDP has no flow control: what does not fit in the socket's receive
 * buffer (SO_RCVBUF) while the receiver is busy is dropped, silently.
 * C twin of examples/ch08_dgecholoop.rs.
 *
 *   cc -Wall -Wextra -o dgecholoop docs/c/ch08_dgecholoop.c
 *   ./dgecholoop [-r bytes] [port] [bind-address]   (defaults 9877, INADDR_ANY)
 *   bound to 0.0.0.0:9877
 *   SO_RCVBUF = 212992
 *   received 93 datagrams          (after each burst; the number depends on SO_RCVBUF)
 *
 * Differences from the book, so that the loss shows on any machine and a
 * burst ends by itself: after the first datagram of a burst the receiver
 * is busy for PAUSE seconds (sleep), as a server doing real work would be,
 * so only what fits in SO_RCVBUF can wait; and a receive timeout
 * (SO_RCVTIMEO, IDLE seconds without a datagram) ends a burst and prints
 * its count, instead of the book's SIGINT handler. -r bytes sets SO_RCVBUF
 * first (Figure 8.22's cure, 220 * 1024 there): more datagrams wait, up to
 * the limit net.core.rmem_max puts on an unprivileged program.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define SERV_PORT 9877
#define MAXLINE 4096
#define PAUSE 1 /* seconds the receiver is busy after the first datagram */
#define IDLE 2  /* seconds without a datagram that end a burst */

typedef struct sockaddr SA;

static int count;

static void dg_echo(int sockfd, SA *pcliaddr, socklen_t clilen)
{
    socklen_t len;
    char mesg[MAXLINE];

    for (;;) {
        len = clilen;
        if (recvfrom(sockfd, mesg, MAXLINE, 0, pcliaddr, &len) < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) { /* IDLE seconds of silence */
                if (count > 0) {
                    printf("received %d datagrams\n", count);
                    fflush(stdout);
                    count = 0;
                }
                continue;
            }
            perror("recvfrom");
            exit(1);
        }
        if (++count == 1)
            sleep(PAUSE); /* busy: meanwhile datagrams queue up, or are dropped */
    }
}

int main(int argc, char **argv)
{
    int sockfd, n, rcvbuf = 0;
    socklen_t len;
    char str[INET_ADDRSTRLEN];
    struct sockaddr_in servaddr, cliaddr;
    struct timeval idle;

    if (argc >= 2 && argv[1][0] == '-') {
        if (argc < 3 || strcmp(argv[1], "-r") != 0) {
            fprintf(stderr, "usage: ch08_dgecholoop [-r bytes] [port] [bind-address]\n");
            exit(1);
        }
        rcvbuf = atoi(argv[2]);
        argv += 2;
        argc -= 2;
    }
    if (argc > 3) {
        fprintf(stderr, "usage: ch08_dgecholoop [-r bytes] [port] [bind-address]\n");
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

    if (rcvbuf > 0 && setsockopt(sockfd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)) < 0) {
        perror("setsockopt");
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
    len = sizeof(n);
    if (getsockopt(sockfd, SOL_SOCKET, SO_RCVBUF, &n, &len) < 0) {
        perror("getsockopt");
        exit(1);
    }
    printf("SO_RCVBUF = %d\n", n);
    fflush(stdout);

    idle.tv_sec = IDLE;
    idle.tv_usec = 0;
    if (setsockopt(sockfd, SOL_SOCKET, SO_RCVTIMEO, &idle, sizeof(idle)) < 0) {
        perror("setsockopt");
        exit(1);
    }

    dg_echo(sockfd, (SA *) &cliaddr, sizeof(cliaddr));
}
