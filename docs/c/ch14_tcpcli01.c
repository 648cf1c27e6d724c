/* ch14_tcpcli01.c — UNP vol. 1, Figure 14.1 in use: the chapter 5 echo
 * client (Figures 5.4-5.5) whose connect has a 5-second timeout,
 * connect_timeo: SIGALRM interrupts connect, EINTR becomes ETIMEDOUT.
 * The C twin of examples/ch14_tcpcli01.rs.
 *
 *   cc -Wall -Wextra -o ch14_tcpcli01 docs/c/ch14_tcpcli01.c
 *   ./ch14_tcpcli01 [IPaddress] [port]     (defaults 127.0.0.1 9877)
 *
 * The book's connect_timeo restores the handler it found; socklab's
 * signal() does not return it, so both twins restore SIG_DFL (what was
 * there). The port argument (and the host's default) is this copy's one
 * addition to the book's program.
 */
#include <errno.h>
#include <signal.h>
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

/* Figure 3.15 */
static ssize_t writen(int fd, const void *vptr, size_t n)
{
    size_t nleft = n;
    const char *ptr = vptr;
    ssize_t nwritten;

    while (nleft > 0) {
        if ((nwritten = write(fd, ptr, nleft)) <= 0) {
            if (nwritten < 0 && errno == EINTR)
                nwritten = 0;
            else
                return -1;
        }
        nleft -= nwritten;
        ptr += nwritten;
    }
    return n;
}

/* Figure 3.17 */
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
                break;
        } else if (rc == 0) {
            *ptr = 0;
            return n - 1;
        } else {
            if (errno == EINTR)
                goto again;
            return -1;
        }
    }
    *ptr = 0;
    return n;
}

/* Figure 5.5 (reading at most the length sent, as socklab's str_cli) */
static void str_cli(FILE *fp, int sockfd)
{
    char sendline[MAXLINE], recvline[MAXLINE];
    ssize_t n;

    while (fgets(sendline, MAXLINE, fp) != NULL) {
        if (writen(sockfd, sendline, strlen(sendline)) < 0) {
            perror("write");
            exit(1);
        }
        if ((n = readline(sockfd, recvline, strlen(sendline) + 1)) < 0) {
            perror("read");
            exit(1);
        }
        if (n == 0) {
            fprintf(stderr, "str_cli: server terminated prematurely\n");
            exit(1);
        }
        fputs(recvline, stdout);
        fflush(stdout);
    }
}

static void connect_alarm(int signo)
{
    (void) signo;
    return; /* just interrupt the connect() */
}

/* Figure 14.1 */
static int connect_timeo(int sockfd, const SA *saptr, socklen_t salen, int nsec)
{
    struct sigaction act, oact;
    int n;

    act.sa_handler = connect_alarm; /* Signal(SIGALRM, connect_alarm): */
    sigemptyset(&act.sa_mask);      /* no SA_RESTART for SIGALRM */
    act.sa_flags = 0;
    if (sigaction(SIGALRM, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }
    if (alarm(nsec) != 0)
        fprintf(stderr, "connect_timeo: alarm was already set\n");

    if ((n = connect(sockfd, saptr, salen)) < 0) {
        close(sockfd);
        if (errno == EINTR)
            errno = ETIMEDOUT;
    }
    alarm(0); /* turn off the alarm */
    act.sa_handler = SIG_DFL; /* restore the previous signal handler */
    if (sigaction(SIGALRM, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }
    return n;
}

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_in servaddr;
    const char *host = "127.0.0.1";
    int port = SERV_PORT;

    if (argc > 3) {
        fprintf(stderr, "usage: ch14_tcpcli01 [IPaddress] [port]   (defaults: 127.0.0.1 9877)\n");
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
    if (connect_timeo(sockfd, (SA *) &servaddr, sizeof(servaddr), 5) < 0) {
        perror("connect");
        exit(1);
    }

    str_cli(stdin, sockfd); /* do it all */
    exit(0);
}
