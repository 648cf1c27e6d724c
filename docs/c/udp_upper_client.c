/* udp_upper_client.c — C twin of examples/udp_upper_client.rs: read a
 * sentence, send it as one datagram to udp_upper_server, print the reply;
 * give up after 5 seconds without one.
 *
 *   cc -Wall -Wextra -o udp_upper_client docs/c/udp_upper_client.c
 *   ./udp_upper_client [host] [port]   (defaults 127.0.0.1 12000)
 *   Input lowercase sentence: hello datagrams
 *   From Server: HELLO DATAGRAMS
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

#define DEFAULT_HOST "127.0.0.1"
#define DEFAULT_PORT 12000
#define BUFSIZE 2048
#define REPLY_TIMEOUT_SECS 5

int main(int argc, char **argv)
{
    const char *host = DEFAULT_HOST;
    int port = DEFAULT_PORT;
    if (argc > 3) {
        fprintf(stderr, "usage: udp_upper_client [host] [port]\n");
        exit(1);
    }
    if (argc >= 2)
        host = argv[1];
    if (argc == 3)
        port = atoi(argv[2]);
    struct sockaddr_in servaddr;
    struct addrinfo hints, *res;
    int rc;
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    /* a dotted address; or else a name, looked up */
    if (inet_pton(AF_INET, host, &servaddr.sin_addr) <= 0) {
        if (strchr(host, ':') != NULL) { /* getaddrinfo would say only "Address family for hostname not supported" */
            fprintf(stderr, "resolve: \"%s\" is an IPv6 address; this program speaks IPv4 (AF_INET)\n", host);
            exit(1);
        }
        bzero(&hints, sizeof(hints));
        hints.ai_family = AF_INET;
        if ((rc = getaddrinfo(host, NULL, &hints, &res)) != 0) {
            fprintf(stderr, "getaddrinfo: %s: %s\n", host, gai_strerror(rc));
            exit(1);
        }
        servaddr.sin_addr = ((struct sockaddr_in *) res->ai_addr)->sin_addr;
        freeaddrinfo(res);
    }

    printf("Input lowercase sentence: ");
    fflush(stdout); /* a prompt has no newline to flush it */
    char *sentence = NULL;
    size_t cap = 0;
    ssize_t got = getline(&sentence, &cap, stdin); /* any bytes, up to '\n' */
    if (got <= 0) {
        fprintf(stderr, "stdin: end of input before a sentence was typed\n");
        exit(1);
    }
    size_t len = (size_t) got;
    while (len > 0 && (sentence[len - 1] == '\n' || sentence[len - 1] == '\r'))
        len--; /* drop the line ending; an empty datagram is fine */

    int sockfd = socket(AF_INET, SOCK_DGRAM, 0);
    if (sockfd < 0) {
        perror("socket");
        exit(1);
    }
    /* Without this, a lost datagram would leave recvfrom waiting forever. */
    struct timeval timeout = {.tv_sec = REPLY_TIMEOUT_SECS, .tv_usec = 0};
    if (setsockopt(sockfd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) < 0) {
        perror("setsockopt");
        exit(1);
    }
    if (sendto(sockfd, sentence, len, 0, (struct sockaddr *) &servaddr, sizeof servaddr) < 0) {
        perror("sendto");
        exit(1);
    }

    char buf[BUFSIZE];
    struct sockaddr_in from;
    socklen_t fromlen = sizeof(from);
    ssize_t n;
    do /* stopped (Ctrl-Z) and continued: with a receive timeout Linux
        * reports EINTR instead of restarting the call; wait again */
        n = recvfrom(sockfd, buf, sizeof buf, 0, (struct sockaddr *) &from, &fromlen);
    while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        char text[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &servaddr.sin_addr, text, sizeof text);
        fprintf(stderr, "recvfrom: no reply from %s:%d within %d seconds (is the server running?)\n",
                text, port, REPLY_TIMEOUT_SECS);
        exit(1);
    }
    if (n < 0) {
        perror("recvfrom");
        exit(1);
    }
    printf("From Server: %.*s\n", (int) n, buf);
    if (close(sockfd) < 0) {
        perror("close");
        exit(1);
    }
    free(sentence);
    return 0;
}
