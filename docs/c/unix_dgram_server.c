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

/* The path as an AF_UNIX address; too long for sun_path is an error, not
 * a silent cut (same message as socklab's sockaddr_un::new). */
static void make_addr(const char *path, struct sockaddr_un *addr)
{
    size_t len = strlen(path);
    if (len == 0 || len >= sizeof addr->sun_path) {
        if (len == 0)
            fprintf(stderr, "sockaddr_un: empty path\n");
        else
            fprintf(stderr, "sockaddr_un: path too long for sun_path (%zu bytes, the limit is %zu)\n",
                    len, sizeof addr->sun_path - 1);
        exit(1);
    }
    memset(addr, 0, sizeof *addr);
    addr->sun_family = AF_UNIX;
    memcpy(addr->sun_path, path, len);
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
    if (argc != 2) {
        fprintf(stderr, "usage: unix_dgram_server path\n");
        exit(1);
    }
    const char *path = argv[1];
    struct sockaddr_un servaddr;
    make_addr(path, &servaddr);

    remove_stale_socket(path, &servaddr);
    int sockfd = socket(AF_UNIX, SOCK_DGRAM, 0);
    if (sockfd < 0)
        die("socket");
    if (bind(sockfd, (struct sockaddr *) &servaddr, sizeof servaddr) < 0)
        die("bind");
    printf("Waiting for datagrams on %s\n", path);

    char buf[MAXLINE];
    for (;;) {
        struct sockaddr_storage cliaddr;
        memset(&cliaddr, 0, sizeof cliaddr); /* the path ends with zeros */
        socklen_t len = sizeof cliaddr;
        ssize_t n = recvfrom(sockfd, buf, sizeof buf, 0, (struct sockaddr *) &cliaddr, &len);
        if (n < 0)
            die("recvfrom");
        ssize_t shown = n;
        while (shown > 0 && (buf[shown - 1] == '\n' || buf[shown - 1] == '\r'))
            shown--; /* the line's own newline: the printf adds one */
        printf("Received a datagram: ");
        fwrite(buf, 1, (size_t) shown, stdout);
        printf("\n");
        /* A sender that never bound has no name: recvfrom gives back an
         * empty address (length 0), and there is nowhere to answer. */
        if (len <= sizeof(sa_family_t)) {
            printf("(the sender has no name: no answer possible)\n");
            continue;
        }
        /* The sender may be gone already (its path removed): report, go on.
         * A path is passed with sizeof(struct sockaddr_un), as socklab does. */
        if (sendto(sockfd, "Got your message", 16, 0, (struct sockaddr *) &cliaddr,
                   sizeof(struct sockaddr_un)) < 0)
            perror("sendto");
    }
}
