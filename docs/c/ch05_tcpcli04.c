/* ch05_tcpcli04.c — UNP vol. 1, Figure 5.9: the echo client that opens
 * five connections to the server, uses only the first (str_cli, Figure
 * 5.5), and at end of input simply exits: the kernel closes all five at
 * once, the server's five children end together, and the server gets
 * five SIGCHLDs at the same moment. The C twin of
 * examples/ch05_tcpcli04.rs, which calls socklab's unp::str_cli.
 *
 *   cc -Wall -Wextra -o ch05_tcpcli04 docs/c/ch05_tcpcli04.c
 *   ./ch05_tcpcli04 [IPaddress] [port]     (defaults 127.0.0.1 9877)
 *
 * The port argument (and the host's default) is this copy's one
 * addition to the book's program.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXLINE 4096
#define SERV_PORT 9877
#define SA struct sockaddr

/* Figure 3.15: write all n bytes, looping over short writes and EINTR. */
static ssize_t writen(int fd, const void *vptr, size_t n)
{
    size_t nleft = n;
    const char *ptr = vptr;
    ssize_t nwritten;

    while (nleft > 0) {
        if ((nwritten = write(fd, ptr, nleft)) <= 0) {
            if (nwritten < 0 && errno == EINTR)
                nwritten = 0; /* and call write() again */
            else
                return -1;
        }
        nleft -= nwritten;
        ptr += nwritten;
    }
    return n;
}

/* Figure 3.17: one line, one byte per read(), at most maxlen - 1 bytes,
 * null terminated like fgets. Returns the count, 0 at end of file. */
static ssize_t readline(int fd, void *vptr, size_t maxlen)
{
    ssize_t rc;
    size_t n;
    char c, *ptr = vptr;

    for (n = 1; n < maxlen; n++) {
    again:
        if ((rc = read(fd, &c, 1)) == 1) {
            *ptr++ = c;
            if (c == '\n')
                break; /* newline is stored, like fgets() */
        } else if (rc == 0) {
            *ptr = 0;
            return n - 1; /* EOF, n - 1 bytes were read */
        } else {
            if (errno == EINTR)
                goto again;
            return -1; /* error, errno set by read() */
        }
    }
    *ptr = 0; /* null terminate like fgets() */
    return n;
}

/* Figure 5.5 */
static void str_cli(FILE *fp, int sockfd)
{
    char sendline[MAXLINE], recvline[MAXLINE];
    ssize_t n;

    while (fgets(sendline, MAXLINE, fp) != NULL) {
        if (writen(sockfd, sendline, strlen(sendline)) < 0) {
            perror("write");
            exit(1);
        }
        /* The echo is as long as what was sent: read at most that many
         * bytes (strlen + 1: readline stores maxlen - 1 and a NUL), so a
         * last line without a newline cannot wait for ever. The book
         * passes MAXLINE; socklab's str_cli makes this same change. */
        if ((n = readline(sockfd, recvline, strlen(sendline) + 1)) < 0) {
            perror("read");
            exit(1);
        }
        if (n == 0) {
            fprintf(stderr, "str_cli: server terminated prematurely\n");
            exit(1);
        }
        if (fputs(recvline, stdout) == EOF) {
            perror("fputs");
            exit(1);
        }
        fflush(stdout); /* each echo at once, even into a pipe */
    }
    if (ferror(fp)) {
        perror("fgets");
        exit(1);
    }
}

int main(int argc, char **argv)
{
    int i, sockfd[5];
    struct sockaddr_in servaddr;
    const char *host = "127.0.0.1";
    int port = SERV_PORT;

    if (argc > 3) {
        fprintf(stderr, "usage: ch05_tcpcli04 [IPaddress] [port]   (defaults: 127.0.0.1 9877)\n");
        exit(1);
    }
    if (argc >= 2)
        host = argv[1];
    if (argc == 3)
        port = atoi(argv[2]);

    for (i = 0; i < 5; i++) {
        if ((sockfd[i] = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
            perror("socket");
            exit(1);
        }
        bzero(&servaddr, sizeof(servaddr));
        servaddr.sin_family = AF_INET;
        servaddr.sin_port = htons(port);
        if (inet_pton(AF_INET, host, &servaddr.sin_addr) <= 0) {
            fprintf(stderr, "inet_pton error for %s\n", host);
            exit(1);
        }
        if (connect(sockfd[i], (SA *) &servaddr, sizeof(servaddr)) < 0) {
            perror("connect");
            exit(1);
        }
    }

    str_cli(stdin, sockfd[0]); /* do it all */
    exit(0); /* closes all five: five FINs at once */
}
