/* ch16_tcpcli03.c — UNP vol. 1, section 16.6: the client that connects
 * and at once aborts the connection: SO_LINGER with l_onoff 1 and
 * l_linger 0 makes close() send an RST instead of a FIN. Used against
 * ch16_tcpservselect03 (the nonblocking accept problem). The C twin of
 * examples/ch16_tcpcli03.rs.
 *
 *   cc -Wall -Wextra -o ch16_tcpcli03 docs/c/ch16_tcpcli03.c
 *   ./ch16_tcpcli03 [IPaddress] [port]     (defaults 127.0.0.1 9877)
 *
 * The port argument (and the host's default) is this copy's one
 * addition to the book's program.
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
#define SA struct sockaddr

int main(int argc, char **argv)
{
    int sockfd;
    struct linger ling;
    struct sockaddr_in servaddr;
    const char *host = "127.0.0.1";
    int port = SERV_PORT;

    if (argc > 3) {
        fprintf(stderr, "usage: ch16_tcpcli03 [IPaddress] [port]   (defaults: 127.0.0.1 9877)\n");
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

    ling.l_onoff = 1; /* cause RST to be sent on close() */
    ling.l_linger = 0;
    if (setsockopt(sockfd, SOL_SOCKET, SO_LINGER, &ling, sizeof(ling)) < 0) {
        perror("setsockopt");
        exit(1);
    }
    if (close(sockfd) < 0) {
        perror("close");
        exit(1);
    }
    exit(0);
}
