/* unix_dgram_server.c — C twin of examples/unix_dgram_server.rs: the
 * lecture's AF_UNIX (AF_LOCAL) datagram server. Forever: recvfrom, print
 * "Received a datagram: <msg>", answer "Got your message" to the sender's
 * path (a sender without a name cannot be answered).
 *
 *   cc -std=gnu11 -Wall -Wextra -o unix_dgram_server docs/c/unix_dgram_server.c
 *   ./unix_dgram_server /tmp/unix.dg
 *   Waiting for datagrams on /tmp/unix.dg
 *
 * Before bind it removes a socket file left by a server that is gone —
 * only a socket nobody uses; any other file is an error, never deleted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define MAXLINE 4096 /* a longer datagram is cut to fit */

static void die(const char *call)
{
    perror(call);
    exit(1);
}

/* What kind of file is in the way, for the error message. */
static const char *describe(mode_t mode)
{
    if (S_ISREG(mode))
        return "a regular file";
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISLNK(mode))
        return "a symbolic link";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    return "an unknown kind of file";
}

/* Makes room for bind(): removes a socket file left at path by a server
 * that is gone, and nothing else.
 * 1. lstat (not stat: a symbolic link is not followed): nothing there, done;
 * 2. not a socket: refuse, unlink would delete someone's file;
 * 3. a socket: connect a datagram socket to it. ECONNREFUSED means no
 *    socket is bound there any more: stale, unlink it. Success means a
 *    server is using it: refuse. */
static void remove_stale_socket(const char *path, const struct sockaddr_un *addr)
{
    struct stat st;
    if (lstat(path, &st) < 0) {
        if (errno == ENOENT)
            return;
        die("lstat");
    }
    if (!S_ISSOCK(st.st_mode)) {
        fprintf(stderr, "unix_dgram_server: %s exists and is %s, not a socket: refusing to remove it\n",
                path, describe(st.st_mode));
        exit(1);
    }
    int probe = socket(AF_UNIX, SOCK_DGRAM, 0);
    if (probe < 0)
        die("socket");
    if (connect(probe, (const struct sockaddr *) addr, sizeof *addr) == 0) {
        fprintf(stderr, "unix_dgram_server: another server is using %s\n", path);
        exit(1);
    }
    if (errno != ECONNREFUSED)
        die("connect");
    if (close(probe) < 0)
        die("close");
    if (unlink(path) < 0)
        die("unlink");
}

int main(int argc, char **argv)
{
    int sockfd;
    ssize_t n, shown;
    socklen_t clilen;
    struct sockaddr_un servaddr, cliaddr;
    char buf[MAXLINE];

    if (argc != 2) {
        fprintf(stderr, "usage: unix_dgram_server path\n");
        exit(1);
    }
    if (argv[1][0] == '\0') {
        fprintf(stderr, "sockaddr_un: empty path\n");
        exit(1);
    }
    if (strlen(argv[1]) >= sizeof(servaddr.sun_path)) { /* an error, not a silent cut */
        fprintf(stderr, "sockaddr_un: path too long for sun_path (%zu bytes, the limit is %zu)\n",
                strlen(argv[1]), sizeof(servaddr.sun_path) - 1);
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sun_family = AF_LOCAL;
    strcpy(servaddr.sun_path, argv[1]);

    remove_stale_socket(argv[1], &servaddr);
    if ((sockfd = socket(AF_LOCAL, SOCK_DGRAM, 0)) < 0)
        die("socket");
    if (bind(sockfd, (struct sockaddr *) &servaddr, sizeof(servaddr)) < 0)
        die("bind");
    printf("Waiting for datagrams on %s\n", argv[1]);
    fflush(stdout);

    for (;;) {
        clilen = sizeof(cliaddr);
        if ((n = recvfrom(sockfd, buf, MAXLINE, 0, (struct sockaddr *) &cliaddr, &clilen)) < 0)
            die("recvfrom");
        shown = n;
        while (shown > 0 && (buf[shown - 1] == '\n' || buf[shown - 1] == '\r'))
            shown--; /* the line's own newline: the printf adds one */
        printf("Received a datagram: %.*s\n", (int) shown, buf);
        /* A sender that never bound has no name: recvfrom gives back an
         * empty address, and there is nowhere to answer. */
        if (clilen <= sizeof(sa_family_t)) {
            printf("(the sender has no name: no answer possible)\n");
            fflush(stdout);
            continue;
        }
        fflush(stdout);
        /* The sender may be gone already (its path removed): report, go on. */
        if (sendto(sockfd, "Got your message", 16, 0, (struct sockaddr *) &cliaddr, sizeof(cliaddr)) < 0)
            perror("sendto");
    }
}
