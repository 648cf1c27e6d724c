/* ch24_heartbeatcli.c — UNP vol. 1 (2nd ed. §21.5, 3rd ed. §24.5): the
 * echo client with a heartbeat. str_cli with select (Fig. 6.13), plus
 * heartbeat_cli(sockfd, 1, 5): every second SIGALRM sends one OOB byte;
 * the server echoes it (SIGURG here resets the count); after 5 probes
 * without an answer the client gives up: "server is unreachable". The C
 * twin of examples/ch24_heartbeatcli.rs; its server is ch24_heartbeatserv.
 *
 *   cc -Wall -Wextra -o ch24_heartbeatcli docs/c/ch24_heartbeatcli.c
 *   ./ch24_heartbeatcli [host] [port]      (defaults 127.0.0.1 9877)
 *
 * Addition: the defaults. The handlers' globals are the book's.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXLINE 4096
#define SERV_PORT 9877
#define SA struct sockaddr
#define max(a, b) ((a) > (b) ? (a) : (b))

static int servfd;
static int nsec;       /* #seconds between each alarm */
static int maxnprobes; /* #probes w/no response before quit */
static int nprobes;    /* #probes since last server response */

/* The book's Signal(): sigaction with SA_RESTART (for every signal but
 * SIGALRM), an empty mask. */
static void Signal(int signo, void (*func)(int))
{
    struct sigaction act, oact;

    act.sa_handler = func;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (signo != SIGALRM)
        act.sa_flags |= SA_RESTART;
    if (sigaction(signo, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }
}

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

static void sig_urg(int signo)
{
    int n;
    char c;

    (void) signo;
    if ((n = recv(servfd, &c, 1, MSG_OOB)) < 0) {
        if (errno != EWOULDBLOCK) {
            perror("recv");
            exit(1);
        }
    }
    nprobes = 0; /* reset counter */
}

static void sig_alrm(int signo)
{
    (void) signo;
    if (++nprobes > maxnprobes) {
        fprintf(stderr, "server is unreachable\n");
        exit(0);
    }
    if (send(servfd, "1", 1, MSG_OOB) < 0) {
        perror("send");
        exit(1);
    }
    alarm(nsec);
}

static void heartbeat_cli(int servfd_arg, int nsec_arg, int maxnprobes_arg)
{
    servfd = servfd_arg; /* set globals for signal handlers */
    if ((nsec = nsec_arg) < 1)
        nsec = 1;
    if ((maxnprobes = maxnprobes_arg) < nsec)
        maxnprobes = nsec;
    nprobes = 0;

    Signal(SIGURG, sig_urg);
    if (fcntl(servfd, F_SETOWN, getpid()) < 0) {
        perror("fcntl");
        exit(1);
    }

    Signal(SIGALRM, sig_alrm);
    alarm(nsec);
}

static void str_cli(FILE *fp, int sockfd)
{
    int maxfdp1, stdineof;
    fd_set rset;
    char buf[MAXLINE];
    ssize_t n;

    heartbeat_cli(sockfd, 1, 5);

    stdineof = 0;
    FD_ZERO(&rset);
    for (;;) {
        if (stdineof == 0)
            FD_SET(fileno(fp), &rset);
        FD_SET(sockfd, &rset);
        maxfdp1 = max(fileno(fp), sockfd) + 1;
        if (select(maxfdp1, &rset, NULL, NULL, NULL) < 0) {
            if (errno == EINTR)
                continue; /* a heartbeat signal */
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
                alarm(0); /* turn off heartbeating */
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
        fprintf(stderr, "usage: ch24_heartbeatcli [host] [port]   (defaults: 127.0.0.1 9877)\n");
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
