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

/* accept() errors that mean the listening socket itself is unusable;
 * every other error belongs to one connection attempt. */
static int listener_broken(int err)
{
    return err == EBADF || err == ENOTSOCK || err == EINVAL || err == EOPNOTSUPP
        || err == EFAULT;
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
        return;
    }
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        n--; /* the line's own newline: the printf adds one */
    printf("Here is the message: ");
    fwrite(buf, 1, (size_t) n, stdout);
    printf("\n");
    if (write(connfd, "I got your message", 18) < 0)
        perror("write");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: unix_stream_server path\n");
        exit(1);
    }
    const char *path = argv[1];
    struct sockaddr_un servaddr;
    make_addr(path, &servaddr);

    /* A client that leaves before the answer must cost an EPIPE, not the
     * server's life. (Rust's runtime ignores SIGPIPE before main.) */
    struct sigaction act, oact;
    memset(&act, 0, sizeof act);
    act.sa_handler = SIG_IGN;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (sigaction(SIGPIPE, &act, &oact) < 0)
        die("sigaction");

    remove_stale_socket(path, &servaddr);
    int listenfd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (listenfd < 0)
        die("socket");
    if (bind(listenfd, (struct sockaddr *) &servaddr, sizeof servaddr) < 0)
        die("bind");
    if (listen(listenfd, 5) < 0)
        die("listen");
    printf("Waiting for connections on %s\n", path);

    for (;;) {
        struct sockaddr_storage cliaddr;
        socklen_t len = sizeof cliaddr;
        int connfd = accept(listenfd, (struct sockaddr *) &cliaddr, &len);
        if (connfd < 0) {
            perror("accept");
            if (listener_broken(errno))
                exit(1);
            continue; /* ECONNABORTED, EINTR…: go on */
        }
        printf("A connection has been established\n");
        serve(connfd);
        if (close(connfd) < 0)
            perror("close");
    }
}
