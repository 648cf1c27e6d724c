/* ch06_strcliselect02.c — UNP vol. 1, Figure 6.13 (str_cli with select
 * and shutdown) and Figure 5.4 (the client's main): the select echo client
 * done right for batch input. It reads descriptor 0 with read(), not
 * fgets, so no line hides in a buffer select cannot see; at end of input
 * it half-closes (shutdown SHUT_WR) and keeps reading until the server's
 * FIN. C twin of examples/ch06_strcliselect02.rs.
 *
 *   cc -Wall -Wextra -o strcliselect02 docs/c/ch06_strcliselect02.c
 *   seq 1 1000 | ./strcliselect02 [host] [port] | wc -l      (defaults 127.0.0.1 9877)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#define SERV_PORT 9877
#define MAXLINE 4096
#define max(a, b) ((a) > (b) ? (a) : (b))

typedef struct sockaddr SA;

/* Writen: all n bytes (Figure 3.15). */
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

static void str_cli(FILE *fp, int sockfd)
{
    int maxfdp1, stdineof;
    fd_set rset;
    char buf[MAXLINE];
    ssize_t n;

    stdineof = 0;
    FD_ZERO(&rset);
    for (;;) {
        if (stdineof == 0)
            FD_SET(fileno(fp), &rset);
        FD_SET(sockfd, &rset);
        maxfdp1 = max(fileno(fp), sockfd) + 1;
        if (select(maxfdp1, &rset, NULL, NULL, NULL) < 0) {
            perror("select");
            exit(1);
        }

        if (FD_ISSET(sockfd, &rset)) { /* socket is readable */
            if ((n = read(sockfd, buf, MAXLINE)) < 0) {
                perror("read");
                exit(1);
            }
            if (n == 0) {
                if (stdineof == 1)
                    return; /* normal termination */
                fprintf(stderr, "str_cli: server terminated prematurely\n");
                exit(1);
            }
            if (write(fileno(stdout), buf, n) < 0) {
                perror("write");
                exit(1);
            }
        }

        if (FD_ISSET(fileno(fp), &rset)) { /* input is readable */
            if ((n = read(fileno(fp), buf, MAXLINE)) < 0) {
                perror("read");
                exit(1);
            }
            if (n == 0) {
                stdineof = 1;
                if (shutdown(sockfd, SHUT_WR) < 0) { /* send FIN */
                    perror("shutdown");
                    exit(1);
                }
                FD_CLR(fileno(fp), &rset);
                continue;
            }
            if (writen(sockfd, buf, n) < 0) {
                perror("write");
                exit(1);
            }
        }
    }
}

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_in servaddr;
    const char *host = argc >= 2 ? argv[1] : "127.0.0.1";

    if (argc > 3) {
        fprintf(stderr, "usage: ch06_strcliselect02 [host] [port]\n");
        exit(1);
    }
    if ((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }

    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(argc == 3 ? atoi(argv[2]) : SERV_PORT);
    if (inet_pton(AF_INET, host, &servaddr.sin_addr) <= 0) {
        fprintf(stderr, "inet_pton: \"%s\" is not a valid AF_INET address\n", host);
        exit(1);
    }

    if (connect(sockfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("connect");
        exit(1);
    }

    str_cli(stdin, sockfd); /* do it all */

    exit(0);
}
