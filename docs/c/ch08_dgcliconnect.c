/* ch08_dgcliconnect.c — UNP vol. 1, Figure 8.17: dg_cli with a connected
 * UDP socket. connect records the server's address (nothing is sent);
 * then write and read instead of sendto and recvfrom. With no server the
 * ICMP "port unreachable" comes back as ECONNREFUSED on the read.
 * Main is Figure 8.7's. C twin of examples/ch08_dgcliconnect.rs.
 *
 *   cc -Wall -Wextra -o dgcliconnect docs/c/ch08_dgcliconnect.c
 *   ./dgcliconnect [host] [port]          (defaults 127.0.0.1 9877)
 *   hello
 *   read: Connection refused              (no server on that port)
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
#define MAXLINE 4096

typedef struct sockaddr SA;

static void dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    ssize_t n;
    char sendline[MAXLINE], recvline[MAXLINE + 1];

    if (connect(sockfd, pservaddr, servlen) < 0) {
        perror("connect");
        exit(1);
    }

    while (fgets(sendline, MAXLINE, fp) != NULL) {
        if (write(sockfd, sendline, strlen(sendline)) < 0) {
            perror("write");
            exit(1);
        }
        if ((n = read(sockfd, recvline, MAXLINE)) < 0) {
            perror("read");
            exit(1);
        }
        recvline[n] = 0; /* null terminate */
        fputs(recvline, stdout);
    }
}

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_in servaddr;
    const char *host = argc >= 2 ? argv[1] : "127.0.0.1";

    if (argc > 3) {
        fprintf(stderr, "usage: ch08_dgcliconnect [host] [port]\n");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(argc == 3 ? atoi(argv[2]) : SERV_PORT);
    if (inet_pton(AF_INET, host, &servaddr.sin_addr) <= 0) {
        fprintf(stderr, "inet_pton: \"%s\" is not a valid AF_INET address\n", host);
        exit(1);
    }

    if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }

    dg_cli(stdin, sockfd, (SA *) &servaddr, sizeof(servaddr));

    exit(0);
}
