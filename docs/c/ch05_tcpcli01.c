/* ch05_tcpcli01.c — C twin of examples/ch05_tcpcli01.rs (UNP vol. 1,
 * Figures 5.4-5.5): the TCP echo client. str_cli: a line from stdin to
 * the server (writen), the echo back (readline, one byte per read) to
 * stdout, until end of file on stdin.
 *
 *   cc -Wall -Wextra -o ch05_tcpcli01 docs/c/ch05_tcpcli01.c
 *   ./ch05_tcpcli01 [host] [port]          (defaults 127.0.0.1 9877)
 *
 * Same socket calls, in the same order, as the Rust program. (stdin is
 * read through the C library's buffer here, 4096 bytes per read(0, ...),
 * and through Rust's, 8192, there.)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define SERV_PORT 9877
#define MAXLINE 4096
#define USAGE "usage: ch05_tcpcli01 [host] [port]   (defaults: 127.0.0.1 9877)"

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

/* host (dotted or a name) and port -> an IPv4 address, as socklab's
 * resolve_ipv4: inet_pton (no system call) first, getaddrinfo for a name. */
static void resolve_ipv4(const char *host, unsigned short port, struct sockaddr_in *sa)
{
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons(port);
    if (inet_pton(AF_INET, host, &sa->sin_addr) == 1)
        return;
    if (strchr(host, ':') != NULL) {
        fprintf(stderr, "resolve: \"%s\" is an IPv6 address; this program speaks IPv4 (AF_INET)\n", host);
        exit(1);
    }
    struct addrinfo hints, *res;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    int rc = getaddrinfo(host, NULL, &hints, &res);
    if (rc != 0) {
        fprintf(stderr, "getaddrinfo: %s: %s\n", host, gai_strerror(rc));
        exit(1);
    }
    sa->sin_addr = ((struct sockaddr_in *) res->ai_addr)->sin_addr;
    freeaddrinfo(res);
}

/* Write all n bytes, looping over short writes; EINTR is retried. */
static int writen(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        buf += w;
        n -= (size_t) w;
    }
    return 0;
}

/* Up to maxlen bytes, one read per byte, stopping after a newline; as
 * socklab's readline. Returns the count (0 at end of file) or -1. */
static ssize_t readline(int fd, char *buf, size_t maxlen)
{
    size_t n = 0;
    while (n < maxlen) {
        char c;
        ssize_t r = read(fd, &c, 1);
        if (r == 0)
            break; /* end of file: what we have (0 if nothing) */
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        buf[n++] = c;
        if (c == '\n')
            break;
    }
    return (ssize_t) n;
}

static void str_cli(FILE *fp, int sockfd)
{
    char sendline[MAXLINE], recvline[MAXLINE];
    while (fgets(sendline, sizeof sendline, fp) != NULL) {
        size_t len = strlen(sendline);
        if (writen(sockfd, sendline, len) < 0) {
            perror("write");
            exit(1);
        }
        /* The echo is exactly as long as what we sent: never wait for
         * more (a last line without a newline would wait forever). */
        ssize_t n = readline(sockfd, recvline, len);
        if (n < 0) {
            perror("read");
            exit(1);
        }
        if (n == 0) {
            fprintf(stderr, "str_cli: server terminated prematurely\n");
            exit(1);
        }
        if (fwrite(recvline, 1, (size_t) n, stdout) != (size_t) n || fflush(stdout) != 0) {
            perror("stdout");
            exit(1);
        }
    }
    if (ferror(fp)) {
        perror("stdin");
        exit(1);
    }
}

int main(int argc, char **argv)
{
    /* The Rust runtime ignores SIGPIPE before main; so does this twin. */
    struct sigaction act, oact;
    memset(&act, 0, sizeof act);
    act.sa_handler = SIG_IGN;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (sigaction(SIGPIPE, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }

    const char *host = "127.0.0.1";
    unsigned short port = SERV_PORT;
    if (argc > 3) {
        fprintf(stderr, "%s\n", USAGE);
        exit(1);
    }
    if (argc >= 2)
        host = argv[1];
    if (argc == 3)
        port = parse_port(argv[2]);
    struct sockaddr_in servaddr;
    resolve_ipv4(host, port, &servaddr);

    int sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (sockfd < 0) {
        perror("socket");
        exit(1);
    }
    if (connect(sockfd, (struct sockaddr *) &servaddr, sizeof servaddr) < 0) {
        perror("connect");
        exit(1);
    }
    str_cli(stdin, sockfd);
    if (close(sockfd) < 0) {
        perror("close");
        exit(1);
    }
    exit(0);
}
