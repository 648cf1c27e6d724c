/* ch01_daytimetcpcli.c — C twin of examples/ch01_daytimetcpcli.rs (UNP
 * vol. 1, Figure 1.5): connect to a daytime server, copy everything it
 * sends to standard output until it closes the connection.
 *
 *   cc -Wall -Wextra -o ch01_daytimetcpcli docs/c/ch01_daytimetcpcli.c
 *   ./ch01_daytimetcpcli [host] [port]     (defaults 127.0.0.1 13)
 *   Fri Nov 21 10:15:02 2025
 *
 * Same system calls, in the same order, as the Rust program: socket,
 * connect, then read(3)/write(1) pairs until read returns 0, then close.
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

#define DAYTIME_PORT 13
#define MAXLINE 4096
#define USAGE "usage: ch01_daytimetcpcli [host] [port]   (defaults: 127.0.0.1 13)"

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

int main(int argc, char **argv)
{
    /* The Rust runtime ignores SIGPIPE before main; do the same, so both
     * twins behave alike if standard output is a closed pipe. */
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
    unsigned short port = DAYTIME_PORT;
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

    char recvline[MAXLINE];
    ssize_t n;
    while ((n = read(sockfd, recvline, sizeof recvline)) > 0) {
        /* fwrite + fflush: one write(1, ...) per read, as in the Rust twin,
         * and correct even if the bytes contain a NUL. */
        if (fwrite(recvline, 1, (size_t) n, stdout) != (size_t) n || fflush(stdout) != 0) {
            perror("write");
            exit(1);
        }
    }
    if (n < 0) {
        perror("read");
        exit(1);
    }
    if (close(sockfd) < 0) {
        perror("close");
        exit(1);
    }
    exit(0);
}
