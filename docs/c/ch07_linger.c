/* ch07_linger.c — UNP vol. 1, section 7.5 (SO_LINGER, Figure 7.10's
 * abortive close): with SO_LINGER {l_onoff = 1, l_linger = 0} close sends
 * an RST instead of a FIN, and the peer's next read fails with
 * ECONNRESET. Self-contained: one process plays client and server on
 * 127.0.0.1 and a port the kernel picks. C twin of examples/ch07_linger.rs.
 *
 *   cc -Wall -Wextra -o linger docs/c/ch07_linger.c
 *   ./linger              server: read: Connection reset by peer
 *   ./linger --normal     server: read returned 0 (end of file)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define LISTENQ 1024
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

int main(int argc, char **argv)
{
    int listenfd, clifd, connfd, abort_close, read_errno;
    ssize_t n;
    char buf[MAXLINE], servstr[INET_ADDRSTRLEN + 8];
    socklen_t len, clilen;
    struct sockaddr_in servaddr, cliaddr;
    struct linger ling;

    if (argc == 1)
        abort_close = 1;
    else if (argc == 2 && strcmp(argv[1], "--normal") == 0)
        abort_close = 0;
    else {
        fprintf(stderr, "usage: ch07_linger [--normal]\n");
        exit(1);
    }

    if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    servaddr.sin_port = htons(0);
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

    if ((clifd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    if (connect(clifd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("connect");
        exit(1);
    }
    clilen = sizeof(cliaddr);
    if ((connfd = accept(listenfd, (SA *) &cliaddr, &clilen)) < 0) {
        perror("accept");
        exit(1);
    }
    strcpy(servstr, sock_ntop((SA *) &servaddr));
    printf("server on %s, client %s connected\n", servstr, sock_ntop((SA *) &cliaddr));

    if (abort_close) {
        ling.l_onoff = 1; /* cause RST to be sent on close() */
        ling.l_linger = 0;
        if (setsockopt(clifd, SOL_SOCKET, SO_LINGER, &ling, sizeof(ling)) < 0) {
            perror("setsockopt");
            exit(1);
        }
        printf("client: SO_LINGER {l_onoff=1, l_linger=0}, then close(): an RST, not a FIN\n");
    } else
        printf("client: close() with the default SO_LINGER {0, 0}: a FIN\n");
    close(clifd);

    /* The server reads: the RST (or the FIN) has already arrived on
     * loopback, and read would wait for it otherwise. */
    n = read(connfd, buf, MAXLINE);
    read_errno = errno;
    if (n == 0)
        printf("server: read returned 0 (end of file)\n");
    else if (n > 0)
        printf("server: read returned %zd bytes\n", n);
    else
        printf("server: read: %s\n", strerror(read_errno));
    close(connfd);
    close(listenfd);

    /* Check that the kernel did what the lesson says. */
    if (abort_close ? !(n < 0 && read_errno == ECONNRESET) : n != 0) {
        fflush(stdout);
        fprintf(stderr, "unexpected: expected ECONNRESET after SO_LINGER {1, 0}, end of file otherwise\n");
        exit(1);
    }
    exit(0);
}
