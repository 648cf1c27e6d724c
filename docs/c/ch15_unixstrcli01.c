/* ch15_unixstrcli01.c — UNP vol. 1, Figure 15.4: the chapter 5 echo
 * client (str_cli) on an AF_LOCAL stream socket. The C twin of
 * examples/ch15_unixstrcli01.rs, which calls socklab's unp::str_cli.
 *
 *   cc -Wall -Wextra -o ch15_unixstrcli01 docs/c/ch15_unixstrcli01.c
 *   ./ch15_unixstrcli01 [pathname]          (default /tmp/unix.str)
 *
 * The path argument is this copy's addition to the book's program.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MAXLINE 4096
#define UNIXSTR_PATH "/tmp/unix.str"
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
    int sockfd;
    struct sockaddr_un servaddr;
    const char *path = UNIXSTR_PATH;

    if (argc > 2) {
        fprintf(stderr, "usage: ch15_unixstrcli01 [pathname]   (default: /tmp/unix.str)\n");
        exit(1);
    }
    if (argc == 2)
        path = argv[1];

    if ((sockfd = socket(AF_LOCAL, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sun_family = AF_LOCAL;
    strncpy(servaddr.sun_path, path, sizeof(servaddr.sun_path) - 1);
    if (connect(sockfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("connect");
        exit(1);
    }

    str_cli(stdin, sockfd); /* do it all */
    exit(0);
}
