/* dgram_server.c — C twin of examples/dgram_server.rs: the sockets
 * tutorial's datagram (UDP) server. Forever: recvfrom, print
 * "Received a datagram: <msg>", answer "Got your message" to the sender.
 *
 *   cc -std=gnu11 -Wall -Wextra -o dgram_server docs/c/dgram_server.c
 *   ./dgram_server 9877
 *   bound to 0.0.0.0:9877
 *   Waiting for datagrams on port 9877
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

void error(const char *msg)
{
    perror(msg);
    exit(1);
}

int main(int argc, char *argv[])
{
    int sock, length, n;
    socklen_t fromlen, len;
    struct sockaddr_in server;
    struct sockaddr_in from;
    char buf[1024];

    if (argc != 2) {
        fprintf(stderr, "usage: dgram_server port\n");
        exit(1);
    }
    sock = socket(AF_INET, SOCK_DGRAM, 0);
    if (sock < 0)
        error("socket");
    length = sizeof(server);
    bzero(&server, length);
    server.sin_family = AF_INET;
    server.sin_addr.s_addr = INADDR_ANY;
    server.sin_port = htons(atoi(argv[1]));
    if (bind(sock, (struct sockaddr *) &server, length) < 0)
        error("bind");
    len = sizeof(server);
    if (getsockname(sock, (struct sockaddr *) &server, &len) < 0)
        error("getsockname");
    printf("bound to %s:%d\n", inet_ntoa(server.sin_addr), ntohs(server.sin_port));
    printf("Waiting for datagrams on port %d\n", ntohs(server.sin_port));
    fflush(stdout);

    fromlen = sizeof(struct sockaddr_in);
    while (1) {
        n = recvfrom(sock, buf, 1024, 0, (struct sockaddr *) &from, &fromlen);
        if (n < 0)
            error("recvfrom");
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
            n--; /* the line's own newline: the printf adds one */
        printf("Received a datagram: %.*s\n", n, buf);
        fflush(stdout);
        /* one client's trouble is reported, and the server goes on */
        if (sendto(sock, "Got your message", 16, 0, (struct sockaddr *) &from, fromlen) < 0)
            perror("sendto");
    }
}
