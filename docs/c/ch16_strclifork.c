/* ch16_strclifork.c — UNP vol. 1, Figure 16.10: the echo client's
 * str_cli with two processes instead of nonblocking I/O. The child copies
 * socket -> stdout (readline, fputs); the parent copies stdin -> socket
 * (fgets, writen), then half-closes (shutdown SHUT_WR) and waits in
 * pause(). When the server's FIN reaches the child, the child ends the
 * parent with kill(getppid(), SIGTERM) and exits. The C twin of
 * examples/ch16_strclifork.rs.
 *
 *   cc -Wall -Wextra -o ch16_strclifork docs/c/ch16_strclifork.c
 *   ./ch16_strclifork [IPaddress] [port]     (defaults 127.0.0.1 9877)
 *
 * The port argument (and the host's default) is this copy's one
 * addition to the book's program, and one change: the child ends the
 * parent on an error too (the book's exits, leaving the parent in pause
 * for ever). The parent ends killed by SIGTERM: a shell prints
 * "Terminated" (exit status 143).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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

/* Figure 16.10 */
static void str_cli(FILE *fp, int sockfd)
{
    pid_t pid;
    ssize_t n;
    int status;
    char sendline[MAXLINE], recvline[MAXLINE];

    if ((pid = fork()) < 0) {
        perror("fork");
        exit(1);
    }
    if (pid == 0) { /* child: server -> stdout */
        status = 0;
        while ((n = readline(sockfd, recvline, MAXLINE)) > 0) {
            if (fputs(recvline, stdout) == EOF) {
                perror("fputs");
                status = 1;
                break;
            }
        }
        if (n < 0) {
            perror("read");
            status = 1;
        }
        kill(getppid(), SIGTERM); /* in case parent still running (and on an error too) */
        exit(status);
    }

    /* parent: stdin -> server */
    while (fgets(sendline, MAXLINE, fp) != NULL) {
        if (writen(sockfd, sendline, strlen(sendline)) < 0) {
            perror("write");
            exit(1);
        }
    }
    if (ferror(fp)) {
        perror("fgets");
        exit(1);
    }

    if (shutdown(sockfd, SHUT_WR) < 0) { /* EOF on stdin, send FIN */
        perror("shutdown");
        exit(1);
    }
    pause();
    return;
}

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_in servaddr;
    const char *host = "127.0.0.1";
    int port = SERV_PORT;

    if (argc > 3) {
        fprintf(stderr, "usage: ch16_strclifork [IPaddress] [port]   (defaults: 127.0.0.1 9877)\n");
        exit(1);
    }
    if (argc >= 2)
        host = argv[1];
    if (argc == 3)
        port = atoi(argv[2]);

    if ((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
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
    if (connect(sockfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("connect");
        exit(1);
    }

    str_cli(stdin, sockfd); /* do it all */
    exit(0);
}
