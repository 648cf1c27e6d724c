/* unix_stream_server.c — C twin of examples/unix_stream_server.rs: the
 * lecture's AF_UNIX (AF_LOCAL) stream server. Forever: accept, print
 * "A connection has been established" and the message (up to 80 bytes),
 * answer "I got your message", close the connection.
 *
 *   cc -std=gnu11 -Wall -Wextra -o unix_stream_server docs/c/unix_stream_server.c
 *   ./unix_stream_server /tmp/unix.str
 *   Waiting for connections on /tmp/unix.str
 *
 * Before bind it removes a socket file left by a server that is gone —
 * only a socket nobody listens on; any other file is an error, never
 * deleted (see remove_stale_socket).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define BUFSIZE 80 /* how much of a message the server reads, as in the notes */

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
 * 3. a socket: connect to it. ECONNREFUSED means nobody listens: stale,
 *    unlink it. Success means a server is using it: refuse. */
static void remove_stale_socket(const char *path, const struct sockaddr_un *addr)
{
    struct stat st;
    if (lstat(path, &st) < 0) {
        if (errno == ENOENT)
            return;
        die("lstat");
    }
    if (!S_ISSOCK(st.st_mode)) {
        fprintf(stderr, "unix_stream_server: %s exists and is %s, not a socket: refusing to remove it\n",
                path, describe(st.st_mode));
        exit(1);
    }
    int probe = socket(AF_UNIX, SOCK_STREAM, 0);
    if (probe < 0)
        die("socket");
    if (connect(probe, (const struct sockaddr *) addr, sizeof *addr) == 0) {
        fprintf(stderr, "unix_stream_server: another server is listening on %s\n", path);
        exit(1);
    }
    if (errno != ECONNREFUSED)
        die("connect");
    if (close(probe) < 0)
        die("close");
    if (unlink(path) < 0)
        die("unlink");
}

/* One client: read its message, print it, answer. */
static void serve(int connfd)
{
    char buf[BUFSIZE];
    ssize_t n = read(connfd, buf, sizeof buf);
    if (n < 0) {
        perror("read");
        return;
    }
    if (n == 0) {
        printf("The client closed the connection without a message\n");
        fflush(stdout);
        return;
    }
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        n--; /* the line's own newline: the printf adds one */
    printf("Here is the message: %.*s\n", (int) n, buf);
    fflush(stdout);
    if (write(connfd, "I got your message", 18) < 0)
        perror("write");
}

int main(int argc, char **argv)
{
    int listenfd, connfd;
    socklen_t clilen;
    struct sockaddr_un servaddr, cliaddr;
    struct sigaction act, oact;

    if (argc != 2) {
        fprintf(stderr, "usage: unix_stream_server path\n");
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

    /* A client that leaves before the answer must cost an EPIPE error,
     * not the server's life (UNP section 5.13): ignore SIGPIPE. */
    act.sa_handler = SIG_IGN;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (sigaction(SIGPIPE, &act, &oact) < 0)
        die("sigaction");

    remove_stale_socket(argv[1], &servaddr);
    if ((listenfd = socket(AF_LOCAL, SOCK_STREAM, 0)) < 0)
        die("socket");
    if (bind(listenfd, (struct sockaddr *) &servaddr, sizeof(servaddr)) < 0)
        die("bind");
    if (listen(listenfd, 5) < 0)
        die("listen");
    printf("Waiting for connections on %s\n", argv[1]);
    fflush(stdout);

    for (;;) {
        clilen = sizeof(cliaddr);
        if ((connfd = accept(listenfd, (struct sockaddr *) &cliaddr, &clilen)) < 0)
            die("accept");
        printf("A connection has been established\n");
        fflush(stdout);
        serve(connfd);
        if (close(connfd) < 0)
            perror("close");
    }
}
