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

static void die(const char *call)
{
    perror(call);
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: dgram_client host port\n");
        exit(1);
    }
    struct sockaddr_in servaddr;
    struct addrinfo hints, *res;
    int rc;
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(atoi(argv[2]));
    /* a dotted address; or else a name, looked up */
    if (inet_pton(AF_INET, argv[1], &servaddr.sin_addr) <= 0) {
        if (strchr(argv[1], ':') != NULL) { /* getaddrinfo would say only "Address family for hostname not supported" */
            fprintf(stderr, "resolve: \"%s\" is an IPv6 address; this program speaks IPv4 (AF_INET)\n", argv[1]);
            exit(1);
        }
        bzero(&hints, sizeof(hints));
        hints.ai_family = AF_INET;
        if ((rc = getaddrinfo(argv[1], NULL, &hints, &res)) != 0) {
            fprintf(stderr, "getaddrinfo: %s: %s\n", argv[1], gai_strerror(rc));
            exit(1);
        }
        servaddr.sin_addr = ((struct sockaddr_in *) res->ai_addr)->sin_addr;
        freeaddrinfo(res);
    }

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
    struct sockaddr_in from;
    socklen_t len = sizeof(from);
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
