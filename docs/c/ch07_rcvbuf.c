/* ch07_rcvbuf.c — UNP vol. 1, section 7.9 (exercises 7.2-7.3): a TCP
 * socket's receive buffer (SO_RCVBUF) and maximum segment size
 * (TCP_MAXSEG), read with getsockopt before and after connect.
 * C twin of examples/ch07_rcvbuf.rs.
 *
 *   cc -Wall -Wextra -o rcvbuf docs/c/ch07_rcvbuf.c
 *   ./rcvbuf                   no server named: listen in this process on
 *                              127.0.0.1 and a port the kernel picks
 *   ./rcvbuf host [port]       or connect to a server (port 9877 by default)
 *   before connect: SO_RCVBUF = 131072, TCP_MAXSEG = 536
 *   after connect:  SO_RCVBUF = 131072, TCP_MAXSEG = 32741
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#define SERV_PORT 9877
#define LISTENQ 1024

typedef struct sockaddr SA;

/* sock_ntop for AF_INET (Figure 3.14): "127.0.0.1:37818". */
static char *sock_ntop(const SA *sa)
{
    static char str[INET_ADDRSTRLEN + 8];
    const struct sockaddr_in *sin = (const struct sockaddr_in *) sa;
    char portstr[8];

    if (inet_ntop(AF_INET, &sin->sin_addr, str, sizeof(str)) == NULL)
        return NULL;
    snprintf(portstr, sizeof(portstr), ":%d", ntohs(sin->sin_port));
    strcat(str, portstr);
    return str;
}

/* Prints the two options' current values. */
static void show(const char *when, int sockfd)
{
    int rcvbuf, mss;
    socklen_t len;

    len = sizeof(rcvbuf);
    if (getsockopt(sockfd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, &len) < 0) {
        perror("getsockopt");
        exit(1);
    }
    len = sizeof(mss);
    if (getsockopt(sockfd, IPPROTO_TCP, TCP_MAXSEG, &mss, &len) < 0) {
        perror("getsockopt");
        exit(1);
    }
    printf("%s SO_RCVBUF = %d, TCP_MAXSEG = %d\n", when, rcvbuf, mss);
}

int main(int argc, char **argv)
{
    int listenfd, sockfd;
    socklen_t len;
    struct sockaddr_in servaddr;

    if (argc > 3) {
        fprintf(stderr, "usage: ch07_rcvbuf [host [port]]\n");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    if (argc == 1) {
        /* No server named: listen ourselves, on loopback and a free port
         * (the kernel completes the handshake; nobody needs to accept). */
        servaddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        servaddr.sin_port = htons(0);
        if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
            perror("socket");
            exit(1);
        }
        if (bind(listenfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
            perror("bind");
            exit(1);
        }
        if (listen(listenfd, LISTENQ) < 0) {
            perror("listen");
            exit(1);
        }
        len = sizeof(servaddr);
        if (getsockname(listenfd, (SA *) &servaddr, &len) < 0) {
            perror("getsockname");
            exit(1);
        }
        printf("listening in this process on %s (no server named)\n", sock_ntop((SA *) &servaddr));
    } else {
        servaddr.sin_port = htons(argc == 3 ? atoi(argv[2]) : SERV_PORT);
        if (inet_pton(AF_INET, argv[1], &servaddr.sin_addr) <= 0) {
            fprintf(stderr, "inet_pton: \"%s\" is not a valid AF_INET address\n", argv[1]);
            exit(1);
        }
    }

    if ((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    show("before connect:", sockfd);
    if (connect(sockfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("connect");
        exit(1);
    }
    printf("connected to %s\n", sock_ntop((SA *) &servaddr));
    show("after connect: ", sockfd);
    exit(0);
}
