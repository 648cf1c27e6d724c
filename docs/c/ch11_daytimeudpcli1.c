/* ch11_daytimeudpcli1.c — UNP vol. 1, §11.14: the protocol-independent
 * UDP daytime client: udp_client (getaddrinfo, socket), send a 1-byte
 * datagram, print the answer. The C twin of examples/ch11_daytimeudpcli1.rs.
 *
 *   cc -Wall -Wextra -o ch11_daytimeudpcli1 docs/c/ch11_daytimeudpcli1.c
 *   ./ch11_daytimeudpcli1 hostname/IPaddress [service]   (default 1313)
 *
 * udp_client and sock_ntop_host are the book's library functions,
 * written out here. Addition: the default service.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXLINE 4096
#define SA struct sockaddr

static char *sock_ntop_host(const SA *sa, socklen_t salen)
{
    static char str[128];

    (void) salen;
    if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *) sa)->sin6_addr, str, sizeof(str));
    else
        inet_ntop(AF_INET, &((const struct sockaddr_in *) sa)->sin_addr, str, sizeof(str));
    return str;
}

static int udp_client(const char *host, const char *serv, SA **saptr, socklen_t *lenp)
{
    int sockfd, n;
    struct addrinfo hints, *res, *ressave;

    bzero(&hints, sizeof(struct addrinfo));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;

    if ((n = getaddrinfo(host, serv, &hints, &res)) != 0) {
        fprintf(stderr, "udp_client error for %s, %s: %s\n", host, serv, gai_strerror(n));
        exit(1);
    }
    ressave = res;

    do {
        sockfd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
        if (sockfd >= 0)
            break; /* success */
    } while ((res = res->ai_next) != NULL);

    if (res == NULL) { /* errno set from final socket() */
        perror("socket");
        exit(1);
    }
    *saptr = malloc(res->ai_addrlen);
    memcpy(*saptr, res->ai_addr, res->ai_addrlen);
    *lenp = res->ai_addrlen;
    freeaddrinfo(ressave);
    return sockfd;
}

int main(int argc, char **argv)
{
    int sockfd, n;
    char recvline[MAXLINE + 1];
    socklen_t salen;
    SA *sa;

    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: ch11_daytimeudpcli1 hostname/IPaddress [service]   (default service: 1313)\n");
        exit(1);
    }
    sockfd = udp_client(argv[1], argc == 3 ? argv[2] : "1313", &sa, &salen);

    printf("sending to %s\n", sock_ntop_host(sa, salen));

    if (sendto(sockfd, "", 1, 0, sa, salen) < 0) { /* send 1-byte datagram */
        perror("sendto");
        exit(1);
    }
    if ((n = recvfrom(sockfd, recvline, MAXLINE, 0, NULL, NULL)) < 0) {
        perror("recvfrom");
        exit(1);
    }
    recvline[n] = '\0'; /* null terminate */
    fputs(recvline, stdout);
    exit(0);
}
