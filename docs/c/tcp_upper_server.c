/* tcp_upper_server.c — C twin of examples/tcp_upper_server.rs: the
 * lecture's upper-case TCP server. Forever: accept, read one message,
 * write it back upper-cased, close the connection.
 *
 *   cc -Wall -Wextra -o tcp_upper_server docs/c/tcp_upper_server.c
 *   ./tcp_upper_server [port]          (default 12000)
 *   The server is ready to receive
 */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEFAULT_PORT 12000
#define BUFSIZE 2048 /* the lecture reads one message of at most this size */
#define LISTENQ 1024

/* The port argument as a number 0-65535, or a one-line error and exit. */
static unsigned short parse_port(const char *text)
{
    char *end;
    errno = 0;
    long port = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || port < 0 || port > 65535) {
        fprintf(stderr, "port: \"%s\" is not a port number (0-65535)\n", text);
        exit(1);
    }
    return (unsigned short) port;
}

/* accept() errors that mean the listening socket itself is unusable;
 * every other error belongs to one connection attempt. */
static int listener_broken(int err)
{
    return err == EBADF || err == ENOTSOCK || err == EINVAL || err == EOPNOTSUPP
        || err == EFAULT;
}

/* Read one message, write it back upper-cased. Returns -1 with errno set
 * (and the failing call in *call) on error. */
static int upper_case_once(int connfd, const char **call)
{
    unsigned char buf[BUFSIZE];
    ssize_t n = read(connfd, buf, sizeof buf);
    if (n < 0) {
        *call = "read";
        return -1;
    }
    for (ssize_t i = 0; i < n; i++)
        if (buf[i] >= 'a' && buf[i] <= 'z') /* ASCII only, as Rust's to_ascii_uppercase */
            buf[i] = (unsigned char) toupper(buf[i]);
    if (n > 0 && write(connfd, buf, (size_t) n) < 0) {
        *call = "write";
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    /* stdout writes each line at once, as Rust's does. Its buffer is static,
     * so it exists before any fork, as Rust's does: a forked child does
     * not set up (fstat, ioctl, malloc) a buffer of its own. */
    static char outbuf[BUFSIZ];
    setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);

    unsigned short port = DEFAULT_PORT;
    if (argc == 2)
        port = parse_port(argv[1]);
    else if (argc > 2) {
        fprintf(stderr, "usage: tcp_upper_server [port]\n");
        exit(1);
    }

    /* A client that resets the connection must cost an EPIPE, not the
     * server's life. (Rust's runtime ignores SIGPIPE before main.) */
    struct sigaction act, oact;
    memset(&act, 0, sizeof act);
    act.sa_handler = SIG_IGN;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (sigaction(SIGPIPE, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }

    int listenfd = socket(AF_INET, SOCK_STREAM, 0);
    if (listenfd < 0) {
        perror("socket");
        exit(1);
    }
    struct sockaddr_in servaddr;
    memset(&servaddr, 0, sizeof servaddr);
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if (bind(listenfd, (struct sockaddr *) &servaddr, sizeof servaddr) < 0) {
        perror("bind");
        exit(1);
    }
    if (listen(listenfd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
    printf("The server is ready to receive\n");

    for (;;) {
        struct sockaddr_storage cliaddr;
        socklen_t len = sizeof cliaddr;
        int connfd = accept(listenfd, (struct sockaddr *) &cliaddr, &len);
        if (connfd < 0) {
            if (listener_broken(errno)) {
                perror("accept");
                exit(1);
            }
            perror("accept"); /* ECONNABORTED, EINTR…: go on */
            continue;
        }
        const char *call = NULL;
        if (upper_case_once(connfd, &call) < 0)
            perror(call); /* ECONNRESET, EPIPE…: this client's problem */
        if (close(connfd) < 0)
            perror("close");
    }
}
