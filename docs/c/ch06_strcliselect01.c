/* ch06_strcliselect01.c — UNP vol. 1, Figure 6.9 (str_cli with select)
 * and Figure 5.4 (the client's main): the echo client waits in select for
 * the terminal and the socket at once, so it sees the server's FIN at
 * once. C twin of examples/ch06_strcliselect01.rs.
 *
 *   cc -Wall -Wextra -o strcliselect01 docs/c/ch06_strcliselect01.c
 *   ./strcliselect01 [host] [port]          (defaults 127.0.0.1 9877)
 *
 * The trap the book keeps on purpose (Figure 6.13 fixes it): fgets reads
 * stdin through stdio's buffer, where select cannot see a second line.
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

/* readline: one read() per byte (Figure 3.17). */
static ssize_t readline(int fd, void *vptr, size_t maxlen)
{
    ssize_t n, rc;
    char c, *ptr = vptr;

    for (n = 1; n < (ssize_t) maxlen; n++) {
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
            return -1;
        }
    }
    *ptr = 0;
    return n;
}

static void str_cli(FILE *fp, int sockfd)
{
    int maxfdp1;
    fd_set rset;
    char sendline[MAXLINE], recvline[MAXLINE];
    ssize_t n;

    FD_ZERO(&rset);
    for (;;) {
        FD_SET(fileno(fp), &rset);
        FD_SET(sockfd, &rset);
        maxfdp1 = max(fileno(fp), sockfd) + 1;
        if (select(maxfdp1, &rset, NULL, NULL, NULL) < 0) {
            perror("select");
            exit(1);
        }

        if (FD_ISSET(sockfd, &rset)) { /* socket is readable */
            if ((n = readline(sockfd, recvline, MAXLINE)) < 0) {
                perror("read");
                exit(1);
            }
            if (n == 0) {
                fprintf(stderr, "str_cli: server terminated prematurely\n");
                exit(1);
            }
            fputs(recvline, stdout);
            fflush(stdout); /* a test waits for each line */
        }

        if (FD_ISSET(fileno(fp), &rset)) { /* input is readable */
            if (fgets(sendline, MAXLINE, fp) == NULL)
                return; /* all done */
            if (writen(sockfd, sendline, strlen(sendline)) < 0) {
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
        fprintf(stderr, "usage: ch06_strcliselect01 [host] [port]\n");
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
