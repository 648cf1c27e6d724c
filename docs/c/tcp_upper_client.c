/* tcp_upper_client.c — C twin of examples/tcp_upper_client.rs: read a
 * sentence, send it to tcp_upper_server, print the upper-cased reply.
 *
 *   cc -Wall -Wextra -o tcp_upper_client docs/c/tcp_upper_client.c
 *   ./tcp_upper_client [host] [port]   (defaults 127.0.0.1 12000)
 *   Input lowercase sentence: hello sockets
 *   From Server: HELLO SOCKETS
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
#define DEFAULT_PORT 12000
#define BUFSIZE 2048

int main(int argc, char **argv)
{
    const char *host = DEFAULT_HOST;
    int port = DEFAULT_PORT;
    if (argc > 3) {
        fprintf(stderr, "usage: tcp_upper_client [host] [port]\n");
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
        len--; /* drop the line ending */
    if (len == 0) {
        fprintf(stderr, "stdin: empty sentence: nothing to send\n");
        exit(1);
    }

    int sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (sockfd < 0) {
        perror("socket");
        exit(1);
    }
    if (connect(sockfd, (struct sockaddr *) &servaddr, sizeof servaddr) < 0) {
        perror("connect");
        exit(1);
    }
    if (write(sockfd, sentence, len) < 0) {
        perror("write");
        exit(1);
    }

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
    printf("From Server: %.*s\n", (int) n, buf);
    if (close(sockfd) < 0) {
        perror("close");
        exit(1);
    }
    free(sentence);
    return 0;
}
