/* ch08_dgcliaddr.c — UNP vol. 1, Figure 8.9: dg_cli that checks who
 * answered. recvfrom now asks for the sender's address; a reply from any
 * address but the server's is reported and ignored (the loop goes on with
 * the next line). Main is Figure 8.7's. C twin of examples/ch08_dgcliaddr.rs.
 *
 *   cc -Wall -Wextra -o dgcliaddr docs/c/ch08_dgcliaddr.c
 *   ./dgcliaddr [host] [port]          (defaults 127.0.0.1 9877)
 *
 * The book compares with memcmp and allocates the reply's address with
 * malloc(servlen) (its dg_cli takes any address family); this IPv4 client
 * uses a struct sockaddr_in.
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

static void dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    ssize_t n;
    char sendline[MAXLINE], recvline[MAXLINE + 1];
    socklen_t len;
    struct sockaddr_in reply_addr;

    while (fgets(sendline, MAXLINE, fp) != NULL) {
        if (sendto(sockfd, sendline, strlen(sendline), 0, pservaddr, servlen) < 0) {
            perror("sendto");
            exit(1);
        }
        len = sizeof(reply_addr);
        if ((n = recvfrom(sockfd, recvline, MAXLINE, 0, (SA *) &reply_addr, &len)) < 0) {
            perror("recvfrom");
            exit(1);
        }
        if (len != servlen || memcmp(pservaddr, &reply_addr, len) != 0) {
            printf("reply from %s (ignored)\n", sock_ntop((SA *) &reply_addr));
            continue;
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
        fprintf(stderr, "usage: ch08_dgcliaddr [host] [port]\n");
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
