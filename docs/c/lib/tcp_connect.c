/* tcp_connect.c — tcp_connect(): getaddrinfo, then socket + connect on
 * each address until one connects (Figure 11.10).
 * Part of the book's library (its lib/ and server/ directories; here
 * docs/c/lib/, built into libunp.a by docs/c/Makefile), shared by the
 * twins that #include "unp.h".
 */
#include "unp.h"

/* Figure 11.10 */
int tcp_connect(const char *host, const char *serv)
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
