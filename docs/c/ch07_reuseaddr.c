/* ch07_reuseaddr.c — UNP vol. 1, section 7.5 (SO_REUSEADDR): why a
 * restarted server fails with EADDRINUSE while a connection of its earlier
 * run is in TIME_WAIT, and how SO_REUSEADDR fixes it. Self-contained: it
 * plays server, client and restarted server on 127.0.0.1 and a port the
 * kernel picks. C twin of examples/ch07_reuseaddr.rs.
 *
 *   cc -Wall -Wextra -o reuseaddr docs/c/ch07_reuseaddr.c
 *   ./reuseaddr
 *   server 1 (no SO_REUSEADDR) on 127.0.0.1:46535 served 127.0.0.1:38922 and closed first: its end is in TIME_WAIT
 *   restart without SO_REUSEADDR: bind: Address already in use
 *   ...
 *   restart with SO_REUSEADDR:    bind: ok, listening on 127.0.0.1:36299 again
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

/* A short-lived server on 127.0.0.1 and a port the kernel picks: one
 * client connects, the server closes that connection first (so its end
 * goes into TIME_WAIT), then its listening socket. Returns the port. */
static int serve_one_client(int reuse)
{
    int listenfd, clifd, connfd;
    const int on = 1;
    char buf[1], servstr[INET_ADDRSTRLEN + 8];
    socklen_t len, clilen;
    struct sockaddr_in servaddr, cliaddr;

    if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    if (reuse && setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
        perror("setsockopt");
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
    close(connfd); /* the server's active close: FIN, and later TIME_WAIT */
    if (read(clifd, buf, 1) < 0) { /* the client reads the end of file (0)... */
        perror("read");
        exit(1);
    }
    close(clifd);   /* ...and closes too: its FIN completes the exchange */
    close(listenfd); /* the server process "exits" */

    strcpy(servstr, sock_ntop((SA *) &servaddr));
    printf("server %d (%s) on %s served %s and closed first: its end is in TIME_WAIT\n", reuse ? 2 : 1,
           reuse ? "SO_REUSEADDR" : "no SO_REUSEADDR", servstr, sock_ntop((SA *) &cliaddr));
    return ntohs(servaddr.sin_port);
}

/* A restarted server: socket, SO_REUSEADDR if asked, bind to the same
 * port, listen. Returns the listening socket, or -1 with errno set by
 * bind (the point of the demonstration). */
static int restart(int port, int reuse)
{
    int listenfd, saved;
    const int on = 1;
    struct sockaddr_in servaddr;

    if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    if (reuse && setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
        perror("setsockopt");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    servaddr.sin_port = htons(port);
    if (bind(listenfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        saved = errno;
        close(listenfd);
        errno = saved;
        return -1;
    }
    if (listen(listenfd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
    return listenfd;
}

static void report(const char *what, int port, int fd)
{
    if (fd >= 0)
        printf("%s bind: ok, listening on 127.0.0.1:%d again\n", what, port);
    else
        printf("%s bind: %s\n", what, strerror(errno));
}

int main(int argc, char **argv)
{
    int port, plain, plain_errno, late, fixed;

    (void) argv;
    if (argc != 1) {
        fprintf(stderr, "usage: ch07_reuseaddr\n");
        exit(1);
    }

    /* Round 1: nobody sets SO_REUSEADDR. */
    port = serve_one_client(0);
    plain = restart(port, 0);
    plain_errno = errno;
    report("restart without SO_REUSEADDR:", port, plain);
    late = restart(port, 1);
    report("restart with SO_REUSEADDR:   ", port, late);
    if (late < 0)
        printf("  (on Linux the socket in TIME_WAIT must have had SO_REUSEADDR too)\n");

    /* Round 2: the server sets it on every run. */
    port = serve_one_client(1);
    fixed = restart(port, 1);
    report("restart with SO_REUSEADDR:   ", port, fixed);

    if (plain >= 0 || plain_errno != EADDRINUSE || fixed < 0) {
        fflush(stdout);
        fprintf(stderr, "unexpected: expected EADDRINUSE without SO_REUSEADDR, then success with it\n");
        exit(1);
    }
    exit(0);
}
