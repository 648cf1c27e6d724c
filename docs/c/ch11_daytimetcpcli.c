/* ch11_daytimetcpcli.c — UNP vol. 1, §11.12: the protocol-independent
 * daytime client: tcp_connect (getaddrinfo, then socket + connect for
 * each answer until one connects), getpeername, print the peer, copy the
 * answer to stdout. The C twin of examples/ch11_daytimetcpcli.rs.
 *
 *   cc -Wall -Wextra -o ch11_daytimetcpcli docs/c/ch11_daytimetcpcli.c
 *   ./ch11_daytimetcpcli hostname/IPaddress [service]   (default 1313)
 *
 * tcp_connect and sock_ntop_host are the book's library functions,
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

static int tcp_connect(const char *host, const char *serv)
{
    int sockfd, n;
    struct addrinfo hints, *res, *ressave;

    bzero(&hints, sizeof(struct addrinfo));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;

    if ((n = getaddrinfo(host, serv, &hints, &res)) != 0) {
        fprintf(stderr, "tcp_connect error for %s, %s: %s\n", host, serv, gai_strerror(n));
        exit(1);
    }
    ressave = res;

    do {
        sockfd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
        if (sockfd < 0)
            continue; /* ignore this one */
        if (connect(sockfd, res->ai_addr, res->ai_addrlen) == 0)
            break; /* success */
        if (close(sockfd) < 0) { /* ignore this one */
            perror("close");
            exit(1);
        }
    } while ((res = res->ai_next) != NULL);

    if (res == NULL) { /* errno set from final connect() */
        perror("connect");
        exit(1);
    }
    freeaddrinfo(ressave);
    return sockfd;
}

int main(int argc, char **argv)
{
    int sockfd, n;
    char recvline[MAXLINE + 1];
    socklen_t len;
    struct sockaddr_storage ss;

    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: ch11_daytimetcpcli hostname/IPaddress [service]   (default service: 1313)\n");
        exit(1);
    }
    sockfd = tcp_connect(argv[1], argc == 3 ? argv[2] : "1313");

    len = sizeof(ss);
    if (getpeername(sockfd, (SA *) &ss, &len) < 0) {
        perror("getpeername");
        exit(1);
    }
    printf("connected to %s\n", sock_ntop_host((SA *) &ss, len));

    while ((n = read(sockfd, recvline, MAXLINE)) > 0) {
        recvline[n] = 0; /* null terminate */
        fputs(recvline, stdout);
    }
    if (n < 0) {
        perror("read");
        exit(1);
    }
    exit(0);
}
