/* hello_client.c — C twin of examples/hello_client.rs: connect to
 * hello_server, send "Hello from client", print the answer.
 *
 *   cc -Wall -Wextra -o hello_client docs/c/hello_client.c
 *   ./hello_client [host] [port]       (defaults 127.0.0.1 8080)
 *   Hello message sent
 *   Hello from server
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEFAULT_HOST "127.0.0.1"
#define DEFAULT_PORT 8080
#define BUFSIZE 1024

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
 * resolve_ipv4: inet_pton first, then getaddrinfo for a name. */
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
    /* stdout writes each line at once, as Rust's does. Its buffer is static,
     * so it exists before any fork, as Rust's does: a forked child does
     * not set up (fstat, ioctl, malloc) a buffer of its own. */
    static char outbuf[BUFSIZ];
    setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);

    const char *host = DEFAULT_HOST;
    unsigned short port = DEFAULT_PORT;
    if (argc > 3) {
        fprintf(stderr, "usage: hello_client [host] [port]\n");
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
    const char *hello = "Hello from client";
    if (send(sockfd, hello, strlen(hello), 0) < 0) {
        perror("send");
        exit(1);
    }
    printf("Hello message sent\n");

    char buf[BUFSIZE];
    ssize_t n = read(sockfd, buf, sizeof buf);
    if (n < 0) {
        perror("read");
        exit(1);
    }
    if (n == 0) {
        fprintf(stderr, "read: the server closed the connection without replying\n");
        exit(1);
    }
    printf("%.*s\n", (int) n, buf);
    if (close(sockfd) < 0) {
        perror("close");
        exit(1);
    }
    return 0;
}
