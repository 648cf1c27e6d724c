/* dgram_client.c — C twin of examples/dgram_client.rs: the sockets
 * tutorial's datagram (UDP) client. Sends one line typed at the prompt,
 * prints the answer, waiting at most 5 seconds for it.
 *
 *   cc -std=gnu11 -Wall -Wextra -o dgram_client docs/c/dgram_client.c
 *   ./dgram_client localhost 9877
 *   Please enter the message: hello
 *   Got an ack: Got your message
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define BUFSIZE 1024   /* how much of the answer the client keeps */
#define MAXLINE 4096   /* the longest line read from the terminal */
#define TIMEOUT_SECS 5 /* how long to wait for the server's answer */

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

static void die(const char *call)
{
    perror(call);
    exit(1);
}

int main(int argc, char **argv)
{
    /* stdout writes each line at once, as Rust's does. Its buffer is static,
     * so it exists before any fork, as Rust's does: a forked child does
     * not set up (fstat, ioctl, malloc) a buffer of its own. */
    static char outbuf[BUFSIZ];
    setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);

    if (argc != 3) {
        fprintf(stderr, "usage: dgram_client host port\n");
        exit(1);
    }
    struct sockaddr_in servaddr;
    resolve_ipv4(argv[1], parse_port(argv[2]), &servaddr);

    int sockfd = socket(AF_INET, SOCK_DGRAM, 0);
    if (sockfd < 0)
        die("socket");
    struct timeval timeout = { .tv_sec = TIMEOUT_SECS, .tv_usec = 0 };
    if (setsockopt(sockfd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) < 0)
        die("setsockopt");

    char line[MAXLINE];
    printf("Please enter the message: ");
    fflush(stdout); /* no newline yet: flush, or the prompt waits in the buffer */
    if (fgets(line, sizeof line, stdin) == NULL) {
        fprintf(stderr, "dgram_client: no message to send (end of input)\n");
        exit(1);
    }
    if (sendto(sockfd, line, strlen(line), 0, (struct sockaddr *) &servaddr, sizeof servaddr) < 0)
        die("sendto");

    char buf[BUFSIZE];
    struct sockaddr_storage from;
    socklen_t len = sizeof from;
    ssize_t n = recvfrom(sockfd, buf, sizeof buf, 0, (struct sockaddr *) &from, &len);
    if (n < 0) {
        if (errno != EAGAIN)
            die("recvfrom");
        char text[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &servaddr.sin_addr, text, sizeof text);
        fprintf(stderr, "dgram_client: no answer from %s:%u within %d seconds (is the server running?)\n",
                text, (unsigned) ntohs(servaddr.sin_port), TIMEOUT_SECS);
        exit(1);
    }
    printf("Got an ack: ");
    fwrite(buf, 1, (size_t) n, stdout);
    printf("\n");
    if (close(sockfd) < 0)
        die("close");
    return 0;
}
