/* ch08_udpcli09.c — UNP vol. 1, Figure 8.23: connect a UDP socket, then
 * ask getsockname which local address and port the kernel chose. Nothing
 * is sent and no server is needed. C twin of examples/ch08_udpcli09.rs.
 *
 *   cc -Wall -Wextra -o udpcli09 docs/c/ch08_udpcli09.c
 *   ./udpcli09 [host] [port]          (defaults 127.0.0.1 9877)
 *   local address 127.0.0.1:43827
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

typedef struct sockaddr SA;

int main(int argc, char **argv)
{
    int sockfd;
    socklen_t len;
    char str[INET_ADDRSTRLEN];
    struct sockaddr_in cliaddr, servaddr;
    const char *host = argc >= 2 ? argv[1] : "127.0.0.1";

    if (argc > 3) {
        fprintf(stderr, "usage: ch08_udpcli09 [host] [port]\n");
        exit(1);
    }
    if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }

    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(argc == 3 ? atoi(argv[2]) : SERV_PORT);
    if (inet_pton(AF_INET, host, &servaddr.sin_addr) <= 0) {
        fprintf(stderr, "inet_pton: \"%s\" is not a valid AF_INET address\n", host);
        exit(1);
    }

    if (connect(sockfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("connect");
        exit(1);
    }

    len = sizeof(cliaddr);
    if (getsockname(sockfd, (SA *) &cliaddr, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("local address %s:%d\n", inet_ntop(AF_INET, &cliaddr.sin_addr, str, sizeof(str)), ntohs(cliaddr.sin_port));

    exit(0);
}
