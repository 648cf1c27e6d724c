/* ch08_dgcliloop.c — UNP vol. 1, Figure 8.19: dg_cli that sends 2000
 * datagrams of 1400 bytes as fast as it can, and reads nothing: the
 * sender of the UDP flow-control experiment (run ch08_dgecholoop first).
 * Main is Figure 8.7's. C twin of examples/ch08_dgcliloop.rs.
 *
 *   cc -Wall -Wextra -o dgcliloop docs/c/ch08_dgcliloop.c
 *   ./dgcliloop [host] [port]          (defaults 127.0.0.1 9877)
 *   sent 2000 datagrams of 1400 bytes to 127.0.0.1:9877
 *
 * Besides the book: the datagrams are zeroed (the book sends whatever the
 * stack held) and a line says what was sent.
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

#define NDG 2000   /* datagrams to send */
#define DGLEN 1400 /* length of each datagram */

typedef struct sockaddr SA;

static void dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    int i;
    char sendline[DGLEN];
    char str[INET_ADDRSTRLEN];
    const struct sockaddr_in *sin = (const struct sockaddr_in *) pservaddr;

    (void) fp;
    bzero(sendline, sizeof(sendline));
    for (i = 0; i < NDG; i++)
        if (sendto(sockfd, sendline, DGLEN, 0, pservaddr, servlen) < 0) {
            perror("sendto");
            exit(1);
        }
    printf("sent %d datagrams of %d bytes to %s:%d\n", NDG, DGLEN, inet_ntop(AF_INET, &sin->sin_addr, str, sizeof(str)),
           ntohs(sin->sin_port));
}

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_in servaddr;
    const char *host = argc >= 2 ? argv[1] : "127.0.0.1";

    if (argc > 3) {
        fprintf(stderr, "usage: ch08_dgcliloop [host] [port]\n");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(argc == 3 ? atoi(argv[2]) : SERV_PORT);
    if (inet_pton(AF_INET, host, &servaddr.sin_addr) <= 0) {
        fprintf(stderr, "inet_pton: \"%s\" is not a valid AF_INET address\n", host);
        exit(1);
    }

    if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }

    dg_cli(stdin, sockfd, (SA *) &servaddr, sizeof(servaddr));

    exit(0);
}
