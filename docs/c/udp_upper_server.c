/* udp_upper_server.c — C twin of examples/udp_upper_server.rs: the
 * lecture's upper-case UDP server (its Python UDPServer, in C). Forever:
 * recvfrom a datagram, sendto its sender the same bytes upper-cased.
 *
 *   cc -Wall -Wextra -o udp_upper_server docs/c/udp_upper_server.c
 *   ./udp_upper_server [port]          (default 12000)
 *   bound to 0.0.0.0:12000
 *   The server is ready to receive
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define SERVER_PORT 12000
#define BUFSIZE 2048 /* longer datagrams are truncated to this */

int main(int argc, char **argv)
{
    int sockfd, port = SERVER_PORT;
    ssize_t n, i;
    socklen_t len;
    struct sockaddr_in servaddr, cliaddr;
    char buf[BUFSIZE];

    if (argc > 2) {
        fprintf(stderr, "usage: udp_upper_server [port]\n");
        exit(1);
    }
    if (argc == 2)
        port = atoi(argv[1]);

    if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if (bind(sockfd, (struct sockaddr *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    len = sizeof(servaddr);
    if (getsockname(sockfd, (struct sockaddr *) &servaddr, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("bound to %s:%d\n", inet_ntoa(servaddr.sin_addr), ntohs(servaddr.sin_port));
    printf("The server is ready to receive\n");
    fflush(stdout);

    for (;;) {
        len = sizeof(cliaddr);
        if ((n = recvfrom(sockfd, buf, BUFSIZE, 0, (struct sockaddr *) &cliaddr, &len)) < 0) {
            perror("recvfrom"); /* reported; the server waits for the next one */
            continue;
        }
        for (i = 0; i < n; i++)
            if (buf[i] >= 'a' && buf[i] <= 'z') /* ASCII letters only */
                buf[i] = buf[i] - 'a' + 'A';
        if (sendto(sockfd, buf, n, 0, (struct sockaddr *) &cliaddr, len) < 0)
            perror("sendto");
    }
}
