/* tcp_listen.c — tcp_listen(): getaddrinfo(AI_PASSIVE), socket,
 * SO_REUSEADDR, bind, listen (§11.12).
 * Part of the book's library (its lib/ and server/ directories; here
 * docs/c/lib/, built into libunp.a by docs/c/Makefile), shared by the
 * twins that #include "unp.h".
 */
#include "unp.h"

/* §11.12: getaddrinfo(AI_PASSIVE), socket, SO_REUSEADDR, bind, listen. */
int tcp_listen(const char *host, const char *serv, socklen_t *addrlenp)
{
    int listenfd, n;
    const int on = 1;
    struct addrinfo hints, *res, *ressave;

    bzero(&hints, sizeof(struct addrinfo));
    hints.ai_flags = AI_PASSIVE;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;

    if ((n = getaddrinfo(host, serv, &hints, &res)) != 0) {
        fprintf(stderr, "tcp_listen error for %s, %s: %s\n", host ? host : "(null)", serv,
                gai_strerror(n));
        exit(1);
    }
    ressave = res;

    do {
        listenfd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
        if (listenfd < 0)
            continue; /* error, try next one */
        if (setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
            perror("setsockopt");
            exit(1);
        }
        if (bind(listenfd, res->ai_addr, res->ai_addrlen) == 0)
            break; /* success */
        if (close(listenfd) < 0) { /* bind error, close and try next one */
            perror("close");
            exit(1);
        }
    } while ((res = res->ai_next) != NULL);

    if (res == NULL) { /* errno from final socket() or bind() */
        perror("bind");
        exit(1);
    }
    if (listen(listenfd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
    if (addrlenp)
        *addrlenp = res->ai_addrlen; /* return size of protocol address */
    freeaddrinfo(ressave);
    return listenfd;
}
