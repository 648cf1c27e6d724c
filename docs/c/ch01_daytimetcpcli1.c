/* ch01_daytimetcpcli1.c — UNP vol. 1, chapter 1, exercise 1.5: the daytime
 * client that also counts the reads that returned data, and prints the
 * count after the answer ("counter = N"). The C twin of
 * examples/ch01_daytimetcpcli1.rs.
 *
 *   cc -Wall -Wextra -o ch01_daytimetcpcli1 docs/c/ch01_daytimetcpcli1.c
 *   ./ch01_daytimetcpcli1 [IPaddress] [port]     (defaults 127.0.0.1 13)
 *   Fri Nov 21 10:15:02 2025
 *   counter = 1
 *
 * The address must be a dotted IPv4 address (inet_pton: no name lookup);
 * `./ch01_daytimetcpcli1 999.1.1.1` says "inet_pton error for 999.1.1.1".
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
    int counter = 0;
    char recvline[MAXLINE + 1];
    struct sockaddr_in servaddr;
    const char *host = "127.0.0.1";
    int port = 13;

    if (argc > 3) {
        fprintf(stderr, "usage: ch01_daytimetcpcli1 [IPaddress] [port]   (defaults: 127.0.0.1 13)\n");
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

    while ((n = read(sockfd, recvline, MAXLINE)) > 0) {
        counter++; /* one more read that returned data */
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
    printf("counter = %d\n", counter);
    exit(0); /* closes sockfd */
}
