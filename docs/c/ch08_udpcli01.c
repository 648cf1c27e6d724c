/* ch08_udpcli01.c — C twin of examples/ch08_udpcli01.rs (UNP vol. 1,
 * Figures 8.7-8.8): the UDP echo client. Read a line, sendto the server,
 * wait (at most 3 s, SO_RCVTIMEO) for the answer, write it to stdout.
 *
 *   cc -Wall -Wextra -o ch08_udpcli01 docs/c/ch08_udpcli01.c
 *   ./ch08_udpcli01 [host] [port]     (defaults: 127.0.0.1 9877)
 *
 * Same socket calls, in the same order, as the Rust program: socket,
 * setsockopt(SO_RCVTIMEO), then sendto/recvfrom(NULL, NULL)/write(1)
 * per line, then close. Only the stdin reads differ in size: stdio's
 * buffer here, Rust's there.
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
#include <sys/time.h>
#include <unistd.h>

#define SERV_PORT 9877
#define MAXLINE 4096
#define REPLY_TIMEOUT 3 /* seconds to wait for each reply */
#define USAGE "usage: ch08_udpcli01 [host] [port]"

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

/* Sends each line of stdin to servaddr and prints the answer. Returns 0
 * if some answer did not come, 1 if all did. */
static int dg_cli(int sockfd, const struct sockaddr_in *servaddr)
{
    char sendline[MAXLINE], recvline[MAXLINE];
    int all_answered = 1;
    while (fgets(sendline, MAXLINE, stdin) != NULL) {
        size_t len = strlen(sendline);
        if (sendto(sockfd, sendline, len, 0, (const struct sockaddr *) servaddr, sizeof *servaddr) < 0) {
            perror("sendto");
            exit(1);
        }
        ssize_t n = recv(sockfd, recvline, MAXLINE, 0);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* SO_RCVTIMEO expired: the request or the reply was lost. */
            fprintf(stderr, "dg_cli: no reply within %d s (request or reply lost)\n", REPLY_TIMEOUT);
            all_answered = 0;
            continue;
        }
        if (n < 0) {
            perror("recv");
            exit(1);
        }
        if (write(STDOUT_FILENO, recvline, (size_t) n) < 0) {
            perror("write");
            exit(1);
        }
    }
    if (ferror(stdin)) {
        perror("read");
        exit(1);
    }
    return all_answered;
}

int main(int argc, char **argv)
{
    /* The Rust runtime ignores SIGPIPE before main; do the same. */
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

    int sockfd = socket(AF_INET, SOCK_DGRAM, 0);
    if (sockfd < 0) {
        perror("socket");
        exit(1);
    }
    struct timeval timeout = { .tv_sec = REPLY_TIMEOUT, .tv_usec = 0 };
    if (setsockopt(sockfd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) < 0) {
        perror("setsockopt");
        exit(1);
    }
    int all_answered = dg_cli(sockfd, &servaddr);
    if (close(sockfd) < 0) {
        perror("close");
        exit(1);
    }
    exit(all_answered ? 0 : 1);
}
