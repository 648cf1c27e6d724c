/* ch15_unixdgcli01.c — UNP vol. 1, Figure 15.6: the chapter 8 datagram
 * echo client (dg_cli) on an AF_LOCAL datagram socket. The client must
 * bind a path of its own, or the server's answer has nowhere to go. The
 * C twin of examples/ch15_unixdgcli01.rs, which calls socklab's
 * unp::dg_cli.
 *
 *   cc -Wall -Wextra -o ch15_unixdgcli01 docs/c/ch15_unixdgcli01.c
 *   ./ch15_unixdgcli01 [pathname]           (default /tmp/unix.dg)
 *
 * Besides the book: the path argument; the client's own path is
 * $TMPDIR/ch15_unixdgcli01.<pid>.sock (/tmp without TMPDIR) instead of
 * tmpnam(NULL) (which the linker calls dangerous), and it is unlinked
 * when dg_cli returns (the book leaves it behind).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MAXLINE 4096
#define UNIXDG_PATH "/tmp/unix.dg"

typedef struct sockaddr SA;

static void dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    ssize_t n;
    char sendline[MAXLINE], recvline[MAXLINE + 1];

    while (fgets(sendline, MAXLINE, fp) != NULL) {
        if (sendto(sockfd, sendline, strlen(sendline), 0, pservaddr, servlen) < 0) {
            perror("sendto");
            exit(1);
        }
        if ((n = recvfrom(sockfd, recvline, MAXLINE, 0, NULL, NULL)) < 0) {
            perror("recvfrom");
            exit(1);
        }
        recvline[n] = 0; /* null terminate */
        fputs(recvline, stdout);
    }
}

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_un cliaddr, servaddr;
    const char *path = UNIXDG_PATH;
    const char *tmpdir = getenv("TMPDIR");

    if (argc > 2) {
        fprintf(stderr, "usage: ch15_unixdgcli01 [pathname]   (default: /tmp/unix.dg)\n");
        exit(1);
    }
    if (argc == 2)
        path = argv[1];
    if (tmpdir == NULL || tmpdir[0] == '\0')
        tmpdir = "/tmp";

    if ((sockfd = socket(AF_LOCAL, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }

    bzero(&cliaddr, sizeof(cliaddr)); /* bind an address for us */
    cliaddr.sun_family = AF_LOCAL;
    snprintf(cliaddr.sun_path, sizeof(cliaddr.sun_path), "%s/ch15_unixdgcli01.%d.sock", tmpdir,
             (int) getpid());
    if (bind(sockfd, (SA *) &cliaddr, sizeof(cliaddr)) < 0) {
        perror("bind");
        exit(1);
    }

    bzero(&servaddr, sizeof(servaddr)); /* fill in server's address */
    servaddr.sun_family = AF_LOCAL;
    strncpy(servaddr.sun_path, path, sizeof(servaddr.sun_path) - 1);

    dg_cli(stdin, sockfd, (SA *) &servaddr, sizeof(servaddr));

    if (unlink(cliaddr.sun_path) < 0) {
        perror("unlink");
        exit(1);
    }
    exit(0);
}
