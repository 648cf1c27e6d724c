/* udp_upper_server.c — C twin of examples/udp_upper_server.rs: the
 * lecture's upper-case UDP server. Forever: recvfrom a datagram, sendto
 * its sender the same bytes upper-cased.
 *
 *   cc -Wall -Wextra -o udp_upper_server docs/c/udp_upper_server.c
 *   ./udp_upper_server [port]          (default 12000)
 *   The server is ready to receive
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEFAULT_PORT 12000
#define BUFSIZE 2048 /* longer datagrams are truncated to this */

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

/* Receive one datagram and send it back upper-cased to its sender. */
static void upper_case_one_datagram(int sockfd)
{
    unsigned char buf[BUFSIZE];
    struct sockaddr_storage cliaddr;
    socklen_t len = sizeof cliaddr;
    ssize_t n = recvfrom(sockfd, buf, sizeof buf, 0, (struct sockaddr *) &cliaddr, &len);
    if (n < 0) {
        perror("recvfrom"); /* reported; the server waits for the next one */
        return;
    }
    for (ssize_t i = 0; i < n; i++)
        if (buf[i] >= 'a' && buf[i] <= 'z') /* ASCII only, as Rust's to_ascii_uppercase */
            buf[i] = (unsigned char) toupper(buf[i]);
    if (sendto(sockfd, buf, (size_t) n, 0, (struct sockaddr *) &cliaddr, len) < 0)
        perror("sendto");
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
        fprintf(stderr, "usage: udp_upper_server [port]\n");
        exit(1);
    }

    int sockfd = socket(AF_INET, SOCK_DGRAM, 0);
    if (sockfd < 0) {
        perror("socket");
        exit(1);
    }
    struct sockaddr_in servaddr;
    memset(&servaddr, 0, sizeof servaddr);
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if (bind(sockfd, (struct sockaddr *) &servaddr, sizeof servaddr) < 0) {
        perror("bind");
        exit(1);
    }
    printf("The server is ready to receive\n");

    for (;;)
        upper_case_one_datagram(sockfd);
}
