/* ch14_daytimetcpcli.c — UNP vol. 1, sections 14.7-14.8: the daytime
 * client (Figure 1.5) that first asks how much is queued, with
 * recv(MSG_PEEK) and ioctl(FIONREAD), then reads it. The C twin of
 * examples/ch14_daytimetcpcli.rs.
 *
 *   cc -Wall -Wextra -o ch14_daytimetcpcli docs/c/ch14_daytimetcpcli.c
 *   ./ch14_daytimetcpcli [IPaddress] [port]     (defaults 127.0.0.1 13)
 *
 * The port argument (and the host's default) is this copy's one
 * addition to the book's program.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXLINE 4096
#define SA struct sockaddr

int main(int argc, char **argv)
{
    int sockfd, npend;
    ssize_t n;
    char recvline[MAXLINE + 1];
    struct sockaddr_in servaddr;
    const char *host = "127.0.0.1";
    int port = 13;

    if (argc > 3) {
        fprintf(stderr, "usage: ch14_daytimetcpcli [IPaddress] [port]   (defaults: 127.0.0.1 13)\n");
        exit(1);
    }
    if (argc >= 2)
        host = argv[1];
    if (argc == 3)
        port = atoi(argv[2]);

    if ((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    if (inet_pton(AF_INET, host, &servaddr.sin_addr) <= 0) {
        fprintf(stderr, "inet_pton error for %s\n", host);
        exit(1);
    }
    if (connect(sockfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("connect");
        exit(1);
    }

    for (;;) {
        if ((n = recv(sockfd, recvline, MAXLINE, MSG_PEEK)) < 0) {
            perror("recv");
            exit(1);
        }
        if (n == 0)
            break; /* the server closed the connection */
        if (ioctl(sockfd, FIONREAD, &npend) < 0) {
            perror("ioctl");
            exit(1);
        }
        printf("%zd bytes from PEEK, %d bytes pending\n", n, npend);
        fflush(stdout);
        if ((n = read(sockfd, recvline, MAXLINE)) < 0) {
            perror("read");
            exit(1);
        }
        recvline[n] = 0; /* null terminate */
        fputs(recvline, stdout);
        fflush(stdout);
    }
    exit(0);
}
