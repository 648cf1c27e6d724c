/* ch15_unixdgserv01.c — UNP vol. 1, Figure 15.5: the chapter 8 datagram
 * echo server (dg_echo: recvfrom, sendto back, for ever) on an AF_LOCAL
 * datagram socket, path /tmp/unix.dg. The C twin of
 * examples/ch15_unixdgserv01.rs, which calls socklab's unp::dg_echo.
 *
 *   cc -Wall -Wextra -o ch15_unixdgserv01 docs/c/ch15_unixdgserv01.c
 *   ./ch15_unixdgserv01 [pathname]          (default /tmp/unix.dg)
 *   bound to /tmp/unix.dg
 *
 * Besides the book: the path argument, the "bound to" line, and the
 * book's unlink(UNIXDG_PATH) made safe (only a socket is removed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define MAXLINE 4096
#define UNIXDG_PATH "/tmp/unix.dg"

typedef struct sockaddr SA;

static void dg_echo(int sockfd, SA *pcliaddr, socklen_t clilen)
{
    ssize_t n;
    socklen_t len;
    char mesg[MAXLINE];

    for (;;) {
        len = clilen;
        if ((n = recvfrom(sockfd, mesg, MAXLINE, 0, pcliaddr, &len)) < 0) {
            perror("recvfrom");
            exit(1);
        }
        if (sendto(sockfd, mesg, n, 0, pcliaddr, len) < 0) {
            perror("sendto");
            exit(1);
        }
    }
}

/* The book's unlink(UNIXSTR_PATH) before bind, for a socket only: an
 * earlier run's socket file goes, anything else at the path stays. */
static void unlink_stale(const char *path)
{
    struct stat st;

    if (lstat(path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            fprintf(stderr, "%s: exists and is not a socket (not removed)\n", path);
            exit(1);
        }
        if (unlink(path) < 0) {
            perror("unlink");
            exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_un servaddr, cliaddr;
    const char *path = UNIXDG_PATH;

    if (argc > 2) {
        fprintf(stderr, "usage: ch15_unixdgserv01 [pathname]   (default: /tmp/unix.dg)\n");
        exit(1);
    }
    if (argc == 2)
        path = argv[1];

    if ((sockfd = socket(AF_LOCAL, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    unlink_stale(path);
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sun_family = AF_LOCAL;
    strncpy(servaddr.sun_path, path, sizeof(servaddr.sun_path) - 1);
    if (bind(sockfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    printf("bound to %s\n", servaddr.sun_path);
    fflush(stdout);

    dg_echo(sockfd, (SA *) &cliaddr, sizeof(cliaddr));
}
