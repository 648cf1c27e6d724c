/* ch14_dgclitimeo2.c — UNP vol. 1, Figure 14.5: the UDP echo client with a
 * timeout made by the SO_RCVTIMEO socket option. The C twin of examples/ch14_dgclitimeo2.rs.
 *
 *   cc -Wall -Wextra -o ch14_dgclitimeo2 docs/c/ch14_dgclitimeo2.c
 *   ./ch14_dgclitimeo2 [IPaddress] [port]     (defaults 127.0.0.1 9877)
 *
 * With no server, each line ends 5 seconds later in "socket timeout" on
 * stderr. The port argument (and the host's default) is this copy's one
 * addition to the book's program.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define MAXLINE 4096
#define SERV_PORT 9877
#define SA struct sockaddr

/* Figure 14.5 */
static void dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    int n;
    char sendline[MAXLINE], recvline[MAXLINE + 1];
    struct timeval tv;

    tv.tv_sec = 5;
    tv.tv_usec = 0;
    if (setsockopt(sockfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
        perror("setsockopt");
        exit(1);
    }

    while (fgets(sendline, MAXLINE, fp) != NULL) {
        if (sendto(sockfd, sendline, strlen(sendline), 0, pservaddr, servlen) < 0) {
            perror("sendto");
            exit(1);
        }
        n = recvfrom(sockfd, recvline, MAXLINE, 0, NULL, NULL);
        if (n < 0) {
            if (errno == EWOULDBLOCK) {
                fprintf(stderr, "socket timeout\n");
                continue;
            } else {
                perror("recvfrom");
                exit(1);
            }
        }
        recvline[n] = 0; /* null terminate */
        fputs(recvline, stdout);
        fflush(stdout);
    }
}

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_in servaddr;
    const char *host = "127.0.0.1";
    int port = SERV_PORT;

    if (argc > 3) {
        fprintf(stderr, "usage: ch14_dgclitimeo2 [IPaddress] [port]   (defaults: 127.0.0.1 9877)\n");
        exit(1);
    }
    if (argc >= 2)
        host = argv[1];
    if (argc == 3)
        port = atoi(argv[2]);

    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    if (inet_pton(AF_INET, host, &servaddr.sin_addr) <= 0) {
        fprintf(stderr, "inet_pton error for %s\n", host);
        exit(1);
    }
    if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    dg_cli(stdin, sockfd, (SA *) &servaddr, sizeof(servaddr));
    exit(0);
}
