/* ch01_daytimetcpcliv6.c — UNP vol. 1, Figure 1.6: the daytime client
 * for IPv6. Only the address family (AF_INET6), the address structure
 * (sockaddr_in6) and inet_pton's family differ from Figure 1.5. The C
 * twin of examples/ch01_daytimetcpcliv6.rs.
 *
 *   cc -Wall -Wextra -o ch01_daytimetcpcliv6 docs/c/ch01_daytimetcpcliv6.c
 *   ./ch01_daytimetcpcliv6 [IPv6-address] [port]     (defaults ::1 13)
 *   Fri Nov 21 10:15:02 2025
 *
 * The port argument is this copy's one addition to the book's program.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXLINE 4096
#define SA struct sockaddr

int main(int argc, char **argv)
{
    int sockfd;
    ssize_t n;
    char recvline[MAXLINE + 1];
    struct sockaddr_in6 servaddr;
    const char *host = "::1";
    int port = 13;

    if (argc > 3) {
        fprintf(stderr, "usage: ch01_daytimetcpcliv6 [IPv6-address] [port]   (defaults: ::1 13)\n");
        exit(1);
    }
    if (argc >= 2)
        host = argv[1];
    if (argc == 3)
        port = atoi(argv[2]);

    if ((sockfd = socket(AF_INET6, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin6_family = AF_INET6;
    servaddr.sin6_port = htons(port);
    if (inet_pton(AF_INET6, host, &servaddr.sin6_addr) <= 0) {
        fprintf(stderr, "inet_pton error for %s\n", host);
        exit(1);
    }
    if (connect(sockfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("connect");
        exit(1);
    }

    while ((n = read(sockfd, recvline, MAXLINE)) > 0) {
        recvline[n] = 0; /* null terminate */
        if (fputs(recvline, stdout) == EOF) {
            perror("fputs");
            exit(1);
        }
    }
    if (n < 0) {
        perror("read");
        exit(1);
    }
    exit(0); /* closes sockfd */
}
