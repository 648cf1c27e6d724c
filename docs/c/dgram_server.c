/* dgram_server.c — C twin of examples/dgram_server.rs: the sockets
 * tutorial's datagram (UDP) server. Forever: recvfrom, print
 * "Received a datagram: <msg>", answer "Got your message" to the sender.
 *
 *   cc -std=gnu11 -Wall -Wextra -o dgram_server docs/c/dgram_server.c
 *   ./dgram_server 9877
 *   Waiting for datagrams on port 9877
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUFSIZE 1024 /* how much of a datagram the server keeps, as in the tutorial */

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

    if (argc != 2) {
        fprintf(stderr, "usage: dgram_server port\n");
        exit(1);
    }
    unsigned short port = parse_port(argv[1]);

    int sockfd = socket(AF_INET, SOCK_DGRAM, 0);
    if (sockfd < 0)
        die("socket");
    struct sockaddr_in servaddr;
    memset(&servaddr, 0, sizeof servaddr);
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if (bind(sockfd, (struct sockaddr *) &servaddr, sizeof servaddr) < 0)
        die("bind");
    printf("Waiting for datagrams on port %u\n", (unsigned) port);

    char buf[BUFSIZE];
    for (;;) {
        struct sockaddr_storage cliaddr;
        socklen_t len = sizeof cliaddr;
        ssize_t n = recvfrom(sockfd, buf, sizeof buf, 0, (struct sockaddr *) &cliaddr, &len);
        if (n < 0)
            die("recvfrom");
        ssize_t shown = n;
        while (shown > 0 && (buf[shown - 1] == '\n' || buf[shown - 1] == '\r'))
            shown--; /* the line's own newline: the printf adds one */
        printf("Received a datagram: ");
        fwrite(buf, 1, (size_t) shown, stdout);
        printf("\n");
        /* One client's trouble is reported and the server goes on. */
        if (sendto(sockfd, "Got your message", 16, 0, (struct sockaddr *) &cliaddr, len) < 0)
            perror("sendto");
    }
}
