/* ch16_strclinonb.c — UNP vol. 1, Figures 16.3-16.8: the echo client's
 * str_cli with nonblocking I/O. Two buffers, `to` (stdin -> socket) and
 * `fr` (socket -> stdout), each with an in and an out pointer; select
 * watches for reading only where a buffer has room and for writing only
 * where a buffer holds data; every read and write may be partial or fail
 * with EWOULDBLOCK. The FIN (shutdown SHUT_WR) goes only when stdin has
 * ended and the `to` buffer has drained. The C twin of
 * examples/ch16_strclinonb.rs.
 *
 *   cc -Wall -Wextra -o ch16_strclinonb docs/c/ch16_strclinonb.c
 *   ./ch16_strclinonb [-v] [IPaddress] [port]     (defaults 127.0.0.1 9877)
 *
 * -v prints the progress lines (the book's fprintf(stderr, "%s: read %d
 * bytes from stdin\n", gf_time(), n)...) on stderr: the book's VOL2 switch,
 * at run time. The arguments are this copy's additions to the book's
 * program, and one fix: the book returns as soon as the server's FIN
 * arrives, losing what `fr` still holds when stdout is slower than the
 * socket; here the FIN is noted (sockeof) and the function returns once
 * `fr` has drained (see docs/unp/ch16.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define SERV_PORT 9877
#define MAXLINE 4096
#define max(a, b) ((a) > (b) ? (a) : (b))

typedef struct sockaddr SA;

static int verbose;

/* gf_time: the time of day as "12:34:56.123456" (the book's Figure 16.9) */
static char *gf_time(void)
{
    struct timeval tv;
    time_t t;
    static char str[30];
    char *ptr;

    if (gettimeofday(&tv, NULL) < 0) {
        perror("gettimeofday");
        exit(1);
    }
    t = tv.tv_sec;
    ptr = ctime(&t);
    strcpy(str, &ptr[11]);
    /* Fri Sep 13 00:00:00 1986\n\0 */
    /* 0123456789012345678901234 5  */
    snprintf(str + 8, sizeof(str) - 8, ".%06ld", (long) tv.tv_usec);
    return str;
}

static int Fcntl(int fd, int cmd, int arg)
{
    int n;

    if ((n = fcntl(fd, cmd, arg)) == -1) {
        perror("fcntl");
        exit(1);
    }
    return n;
}

static void str_cli(int sockfd)
{
    int maxfdp1, val, stdineof, sockeof;
    ssize_t n, nwritten;
    fd_set rset, wset;
    char to[MAXLINE], fr[MAXLINE];
    char *toiptr, *tooptr, *friptr, *froptr;

    val = Fcntl(sockfd, F_GETFL, 0);
    Fcntl(sockfd, F_SETFL, val | O_NONBLOCK);

    val = Fcntl(STDIN_FILENO, F_GETFL, 0);
    Fcntl(STDIN_FILENO, F_SETFL, val | O_NONBLOCK);

    val = Fcntl(STDOUT_FILENO, F_GETFL, 0);
    Fcntl(STDOUT_FILENO, F_SETFL, val | O_NONBLOCK);

    toiptr = tooptr = to; /* initialize buffer pointers */
    friptr = froptr = fr;
    stdineof = 0;
    sockeof = 0;

    maxfdp1 = max(max(STDIN_FILENO, STDOUT_FILENO), sockfd) + 1;
    for (;;) {
        if (sockeof && froptr == friptr)
            return; /* normal termination: fr has drained */
        FD_ZERO(&rset);
        FD_ZERO(&wset);
        if (stdineof == 0 && toiptr < &to[MAXLINE])
            FD_SET(STDIN_FILENO, &rset); /* read from stdin */
        if (sockeof == 0 && friptr < &fr[MAXLINE])
            FD_SET(sockfd, &rset); /* read from socket */
        if (tooptr != toiptr)
            FD_SET(sockfd, &wset); /* data to write to socket */
        if (froptr != friptr)
            FD_SET(STDOUT_FILENO, &wset); /* data to write to stdout */

        if (select(maxfdp1, &rset, &wset, NULL, NULL) < 0) {
            perror("select");
            exit(1);
        }

        if (FD_ISSET(STDIN_FILENO, &rset)) {
            if ((n = read(STDIN_FILENO, toiptr, &to[MAXLINE] - toiptr)) < 0) {
                if (errno != EWOULDBLOCK) {
                    perror("read error on stdin");
                    exit(1);
                }
            } else if (n == 0) {
                if (verbose)
                    fprintf(stderr, "%s: EOF on stdin\n", gf_time());
                stdineof = 1; /* all done with stdin */
                if (tooptr == toiptr) {
                    if (shutdown(sockfd, SHUT_WR) < 0) { /* send FIN */
                        perror("shutdown");
                        exit(1);
                    }
                }
            } else {
                if (verbose)
                    fprintf(stderr, "%s: read %zd bytes from stdin\n", gf_time(), n);
                toiptr += n;           /* # just read */
                FD_SET(sockfd, &wset); /* try and write to socket below */
            }
        }

        if (FD_ISSET(sockfd, &rset)) {
            if ((n = read(sockfd, friptr, &fr[MAXLINE] - friptr)) < 0) {
                if (errno != EWOULDBLOCK) {
                    perror("read error on socket");
                    exit(1);
                }
            } else if (n == 0) {
                if (verbose)
                    fprintf(stderr, "%s: EOF on socket\n", gf_time());
                if (stdineof == 0) {
                    fprintf(stderr, "str_cli: server terminated prematurely\n");
                    exit(1);
                }
                sockeof = 1; /* the book returns here; fr may still hold data */
            } else {
                if (verbose)
                    fprintf(stderr, "%s: read %zd bytes from socket\n", gf_time(), n);
                friptr += n;                  /* # just read */
                FD_SET(STDOUT_FILENO, &wset); /* try and write below */
            }
        }

        if (FD_ISSET(STDOUT_FILENO, &wset) && ((n = friptr - froptr) > 0)) {
            if ((nwritten = write(STDOUT_FILENO, froptr, n)) < 0) {
                if (errno != EWOULDBLOCK) {
                    perror("write error to stdout");
                    exit(1);
                }
            } else {
                if (verbose)
                    fprintf(stderr, "%s: wrote %zd bytes to stdout\n", gf_time(), nwritten);
                froptr += nwritten; /* # just written */
                if (froptr == friptr)
                    froptr = friptr = fr; /* back to beginning of buffer */
            }
        }

        if (FD_ISSET(sockfd, &wset) && ((n = toiptr - tooptr) > 0)) {
            if ((nwritten = write(sockfd, tooptr, n)) < 0) {
                if (errno != EWOULDBLOCK) {
                    perror("write error to socket");
                    exit(1);
                }
            } else {
                if (verbose)
                    fprintf(stderr, "%s: wrote %zd bytes to socket\n", gf_time(), nwritten);
                tooptr += nwritten; /* # just written */
                if (tooptr == toiptr) {
                    toiptr = tooptr = to; /* back to beginning of buffer */
                    if (stdineof) {
                        if (shutdown(sockfd, SHUT_WR) < 0) { /* send FIN */
                            perror("shutdown");
                            exit(1);
                        }
                    }
                }
            }
        }
    }
}

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_in servaddr;
    const char *host = "127.0.0.1";
    int port = SERV_PORT;

    if (argc >= 2 && strcmp(argv[1], "-v") == 0) {
        verbose = 1;
        argc--;
        argv++;
    }
    if (argc > 3) {
        fprintf(stderr, "usage: ch16_strclinonb [-v] [IPaddress] [port]   (defaults: 127.0.0.1 9877)\n");
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

    str_cli(sockfd); /* do it all */
    exit(0);
}
