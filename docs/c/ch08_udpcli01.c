/* ch08_udpcli01.c — UNP vol. 1, Figures 8.7-8.8: the UDP echo client.
 * dg_cli: fgets a line, sendto the server, recvfrom its answer (from
 * anyone: NULL, NULL), fputs it, until end of input. A lost request or
 * reply leaves it blocked in recvfrom for ever (section 8.9): stop it with
 * Ctrl-C. C twin of examples/ch08_udpcli01.rs (which calls socklab::dg_cli).
 *
 *   cc -Wall -Wextra -o udpcli01 docs/c/ch08_udpcli01.c
 *   ./udpcli01 [host] [port]          (defaults 127.0.0.1 9877)
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

static void dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    ssize_t n;
    char sendline[MAXLINE], recvline[MAXLINE + 1];

    while (fgets(sendline, MAXLINE, fp) != NULL) {
        if (sendto(sockfd, sendline, strlen(sendline), 0, pservaddr, servlen) < 0) {
            perror("sendto");
            exit(1);
        }
        if ((n = recvfrom(sockfd, recvline, MAXLINE, 0, NULL, NULL)) < 0) {
            perror("recvfrom");
            exit(1);
        }
        recvline[n] = 0; /* null terminate */
        fputs(recvline, stdout);
    }
}

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_in servaddr;
    const char *host = argc >= 2 ? argv[1] : "127.0.0.1";

    if (argc > 3) {
        fprintf(stderr, "usage: ch08_udpcli01 [host] [port]\n");
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
