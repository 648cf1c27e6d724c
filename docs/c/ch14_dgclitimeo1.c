/* ch14_dgclitimeo1.c — UNP vol. 1, Figures 14.3-14.4: the UDP echo client with a
 * timeout made by select (readable_timeo). The C twin of examples/ch14_dgclitimeo1.rs.
 *
 *   cc -Wall -Wextra -o ch14_dgclitimeo1 docs/c/ch14_dgclitimeo1.c
 *   ./ch14_dgclitimeo1 [IPaddress] [port]     (defaults 127.0.0.1 9877)
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

/* Figure 14.3 */
static int readable_timeo(int fd, int sec)
{
    fd_set rset;
    struct timeval tv;

    FD_ZERO(&rset);
    FD_SET(fd, &rset);
    tv.tv_sec = sec;
    tv.tv_usec = 0;
    return select(fd + 1, &rset, NULL, NULL, &tv); /* > 0 if descriptor is readable */
}

/* Figure 14.4 */
static void dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    int n;
    char sendline[MAXLINE], recvline[MAXLINE + 1];

    while (fgets(sendline, MAXLINE, fp) != NULL) {
        if (sendto(sockfd, sendline, strlen(sendline), 0, pservaddr, servlen) < 0) {
            perror("sendto");
            exit(1);
        }
        if ((n = readable_timeo(sockfd, 5)) < 0) {
            perror("select");
            exit(1);
        }
        if (n == 0) {
            fprintf(stderr, "socket timeout\n");
        } else {
            if ((n = recvfrom(sockfd, recvline, MAXLINE, 0, NULL, NULL)) < 0) {
                perror("recvfrom");
                exit(1);
            }
            recvline[n] = 0; /* null terminate */
            fputs(recvline, stdout);
            fflush(stdout);
        }
    }
}

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_in servaddr;
    const char *host = "127.0.0.1";
    int port = SERV_PORT;

    if (argc > 3) {
        fprintf(stderr, "usage: ch14_dgclitimeo1 [IPaddress] [port]   (defaults: 127.0.0.1 9877)\n");
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
