/* unix_dgram_client.c — C twin of examples/unix_dgram_client.rs: the
 * lecture's AF_UNIX (AF_LOCAL) datagram client. Binds a path of its own
 * ($TMPDIR/unix_dgram_client.<pid>.sock) so the server can answer, sends
 * one line typed at the prompt, prints the answer (waiting at most 5 s),
 * and removes its path again, on the error paths too.
 *
 *   cc -std=gnu11 -Wall -Wextra -o unix_dgram_client docs/c/unix_dgram_client.c
 *   ./unix_dgram_client /tmp/unix.dg
 *   Please enter the message: hello
 *   Got an ack: Got your message
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#define MAXLINE 4096
#define TIMEOUT_SECS 5 /* how long to wait for the server's answer */

/* The path as an AF_UNIX address; too long for sun_path is an error, not
 * a silent cut (same message as socklab's sockaddr_un::new). */
static int make_addr(const char *path, struct sockaddr_un *addr)
{
    size_t len = strlen(path);
    if (len == 0 || len >= sizeof addr->sun_path) {
        if (len == 0)
            fprintf(stderr, "sockaddr_un: empty path\n");
        else
            fprintf(stderr, "sockaddr_un: path too long for sun_path (%zu bytes, the limit is %zu)\n",
                    len, sizeof addr->sun_path - 1);
        return -1;
    }
    memset(addr, 0, sizeof *addr);
    addr->sun_family = AF_UNIX;
    memcpy(addr->sun_path, path, len);
    return 0;
}

/* Sends one line typed at the prompt and prints the answer. Returns 0, or
 * -1 after printing one line saying what went wrong. */
static int talk(int sockfd, const char *path, const struct sockaddr_un *servaddr)
{
    struct timeval timeout = { .tv_sec = TIMEOUT_SECS, .tv_usec = 0 };
    if (setsockopt(sockfd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) < 0) {
        perror("setsockopt");
        return -1;
    }

    char line[MAXLINE];
    printf("Please enter the message: ");
    fflush(stdout); /* no newline yet: flush, or the prompt waits in the buffer */
    if (fgets(line, sizeof line, stdin) == NULL) {
        fprintf(stderr, "unix_dgram_client: no message to send (end of input)\n");
        return -1;
    }
    if (sendto(sockfd, line, strlen(line), 0, (const struct sockaddr *) servaddr,
               sizeof *servaddr) < 0) {
        perror("sendto");
        return -1;
    }

    char buf[MAXLINE];
    struct sockaddr_storage from;
    socklen_t len = sizeof from;
    ssize_t n = recvfrom(sockfd, buf, sizeof buf, 0, (struct sockaddr *) &from, &len);
    if (n < 0) {
        if (errno == EAGAIN)
            fprintf(stderr, "unix_dgram_client: no answer from %s within %d seconds\n", path,
                    TIMEOUT_SECS);
        else
            perror("recvfrom");
        return -1;
    }
    printf("Got an ack: ");
    fwrite(buf, 1, (size_t) n, stdout);
    printf("\n");
    return 0;
}

int main(int argc, char **argv)
{
    /* stdout writes each line at once, as Rust's does. Its buffer is static,
     * so it exists before any fork, as Rust's does: a forked child does
     * not set up (fstat, ioctl, malloc) a buffer of its own. */
    static char outbuf[BUFSIZ];
    setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);

    if (argc != 2) {
        fprintf(stderr, "usage: unix_dgram_client path\n");
        exit(1);
    }
    struct sockaddr_un servaddr, cliaddr;
    if (make_addr(argv[1], &servaddr) < 0)
        exit(1);
    /* Our own name, unique per process, so the server can answer: in
     * $TMPDIR, or /tmp without it (joined as Rust's temp_dir().join() does). */
    const char *tmpdir = getenv("TMPDIR");
    if (tmpdir == NULL)
        tmpdir = "/tmp";
    size_t dirlen = strlen(tmpdir);
    const char *sep = (dirlen == 0 || tmpdir[dirlen - 1] == '/') ? "" : "/";
    char mypath[PATH_MAX]; /* a longer path is refused by make_addr anyway */
    snprintf(mypath, sizeof mypath, "%s%sunix_dgram_client.%ld.sock", tmpdir, sep, (long) getpid());
    if (make_addr(mypath, &cliaddr) < 0)
        exit(1);

    int sockfd = socket(AF_UNIX, SOCK_DGRAM, 0);
    if (sockfd < 0) {
        perror("socket");
        exit(1);
    }
    if (bind(sockfd, (struct sockaddr *) &cliaddr, sizeof cliaddr) < 0) {
        perror("bind");
        exit(1);
    }
    /* From here on the file exists: remove it whatever talk() says. */
    int status = talk(sockfd, argv[1], &servaddr) == 0 ? 0 : 1;
    if (unlink(mypath) < 0 && status == 0) {
        perror("unlink");
        status = 1;
    }
    if (close(sockfd) < 0 && status == 0) {
        perror("close");
        status = 1;
    }
    return status;
}
