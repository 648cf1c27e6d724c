/* ch08_udpserv01.c — C twin of examples/ch08_udpserv01.rs (UNP vol. 1,
 * Figures 8.3-8.4): the UDP echo server. recvfrom a datagram, sendto it
 * back to the address recvfrom reported, forever.
 *
 *   cc -Wall -Wextra -o ch08_udpserv01 docs/c/ch08_udpserv01.c
 *   ./ch08_udpserv01 [port] [bind-address]     (defaults: 9877 0.0.0.0)
 *   udpserv01: UDP echo server on 0.0.0.0:9877
 *
 * Same system calls, in the same order, as the Rust program: socket, bind,
 * write(1) of the ready line, then recvfrom/sendto pairs. recvfrom gets a
 * struct sockaddr_storage (strace: [128 => 16]) as socklab passes one.
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
#define USAGE "usage: ch08_udpserv01 [port] [bind-address]"

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

/* Echoes every datagram back to its sender, forever. */
static void dg_echo(int sockfd)
{
    char mesg[MAXLINE];
    for (;;) {
        struct sockaddr_storage cliaddr;
        socklen_t len = sizeof cliaddr;
        /* recvfrom fills in who sent it: that is where the answer goes. */
        ssize_t n = recvfrom(sockfd, mesg, MAXLINE, 0, (struct sockaddr *) &cliaddr, &len);
        if (n < 0) {
            perror("recvfrom");
            exit(1);
        }
        if (sendto(sockfd, mesg, (size_t) n, 0, (struct sockaddr *) &cliaddr, len) < 0) {
            perror("sendto");
            exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    /* The Rust runtime ignores SIGPIPE before main; do the same, so the
     * twins' traces start alike. */
    struct sigaction act, oact;
    memset(&act, 0, sizeof act);
    act.sa_handler = SIG_IGN;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (sigaction(SIGPIPE, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }

    unsigned short port = SERV_PORT;
    const char *host = "0.0.0.0";
    if (argc > 3) {
        fprintf(stderr, "%s\n", USAGE);
        exit(1);
    }
    if (argc >= 2)
        port = parse_port(argv[1]);
    if (argc == 3)
        host = argv[2];
    struct sockaddr_in servaddr;
    resolve_ipv4(host, port, &servaddr);

    int sockfd = socket(AF_INET, SOCK_DGRAM, 0);
    if (sockfd < 0) {
        perror("socket");
        exit(1);
    }
    if (bind(sockfd, (struct sockaddr *) &servaddr, sizeof servaddr) < 0) {
        perror("bind");
        exit(1);
    }
    char ip[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &servaddr.sin_addr, ip, sizeof ip);
    printf("udpserv01: UDP echo server on %s:%u\n", ip, (unsigned) port);
    fflush(stdout); /* one write(1, ...) now, as Rust's println! does */
    dg_echo(sockfd);
    return 0;
}
