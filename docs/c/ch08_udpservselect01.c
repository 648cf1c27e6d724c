/* ch08_udpservselect01.c — UNP vol. 1, Figures 8.24-8.25: one server for TCP and
 * UDP on the same port. select waits on the listening TCP socket and the
 * UDP socket: a TCP connection gets a forked child running str_echo
 * (Figure 5.3), a datagram is echoed at once by the parent. SIGCHLD's
 * handler reaps the children (Figure 5.11). C twin of
 * examples/ch08_udpservselect01.rs (which calls socklab::str_echo).
 *
 *   cc -Wall -Wextra -o udpservselect01 docs/c/ch08_udpservselect01.c
 *   ./udpservselect01 [port] [bind-address]     (defaults 9877, INADDR_ANY)
 *   listening on 0.0.0.0:9877
 *   bound to 0.0.0.0:9877
 *
 * Besides the book: the addresses really used are printed after listen
 * and after the UDP bind (getsockname: port 0 shows the kernel's choice;
 * with port 0 the two ports differ); sig_chld does not print (printf is
 * not safe in a signal handler).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define SERV_PORT 9877
#define LISTENQ 1024
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

/* Figure 5.3: echo what the client sends until it closes. */
static void str_echo(int sockfd)
{
    ssize_t n;
    char buf[MAXLINE];

again:
    while ((n = read(sockfd, buf, MAXLINE)) > 0)
        if (writen(sockfd, buf, n) < 0) {
            perror("write");
            exit(1);
        }

    if (n < 0 && errno == EINTR)
        goto again;
    else if (n < 0) {
        perror("read");
        exit(1);
    }
}

/* Figure 5.11: reap every child that has ended (signals do not queue). */
static void sig_chld(int signo)
{
    pid_t pid;
    int stat;

    (void) signo;
    while ((pid = waitpid(-1, &stat, WNOHANG)) > 0)
        ;
}

/* The book's Signal (Figure 5.6): sigaction, SA_RESTART. */
static void Signal(int signo, void (*func)(int))
{
    struct sigaction act, oact;

    act.sa_handler = func;
    sigemptyset(&act.sa_mask);
    act.sa_flags = SA_RESTART;
    if (sigaction(signo, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }
}

static void print_addr(const char *what, int fd)
{
    struct sockaddr_in addr;
    socklen_t len;
    char str[INET_ADDRSTRLEN];

    len = sizeof(addr);
    if (getsockname(fd, (SA *) &addr, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("%s %s:%d\n", what, inet_ntop(AF_INET, &addr.sin_addr, str, sizeof(str)), ntohs(addr.sin_port));
    fflush(stdout);
}

int main(int argc, char **argv)
{
    int listenfd, connfd, udpfd, maxfdp1;
    char mesg[MAXLINE];
    pid_t childpid;
    fd_set rset;
    ssize_t n;
    socklen_t len;
    const int on = 1;
    struct sockaddr_in cliaddr, servaddr;

    if (argc > 3) {
        fprintf(stderr, "usage: ch08_udpservselect01 [port] [bind-address]\n");
        exit(1);
    }

    /* create listening TCP socket */
    if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }

    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(argc >= 2 ? atoi(argv[1]) : SERV_PORT);
    if (argc == 3 && inet_pton(AF_INET, argv[2], &servaddr.sin_addr) <= 0) {
        fprintf(stderr, "inet_pton: \"%s\" is not a valid AF_INET address\n", argv[2]);
        exit(1);
    }

    if (setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
        perror("setsockopt");
        exit(1);
    }
    if (bind(listenfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    if (listen(listenfd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
    print_addr("listening on", listenfd);

    /* create UDP socket */
    if ((udpfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    if (bind(udpfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    print_addr("bound to", udpfd);

    Signal(SIGCHLD, sig_chld); /* must call waitpid() */

    FD_ZERO(&rset);
    maxfdp1 = max(listenfd, udpfd) + 1;
    for (;;) {
        FD_SET(listenfd, &rset);
        FD_SET(udpfd, &rset);
        if (select(maxfdp1, &rset, NULL, NULL, NULL) < 0) {
            if (errno == EINTR)
                continue; /* back to for() */
            perror("select");
            exit(1);
        }

        if (FD_ISSET(listenfd, &rset)) {
            len = sizeof(cliaddr);
            if ((connfd = accept(listenfd, (SA *) &cliaddr, &len)) < 0) {
                if (errno == EINTR || errno == ECONNABORTED)
                    continue; /* a child ended, or the client gave up */
                perror("accept");
                exit(1);
            }

            if ((childpid = fork()) < 0) {
                perror("fork");
                exit(1);
            }
            if (childpid == 0) { /* child process */
                close(listenfd); /* close listening socket */
                str_echo(connfd); /* process the request */
                exit(0);
            }
            close(connfd); /* parent closes connected socket */
        }

        if (FD_ISSET(udpfd, &rset)) {
            len = sizeof(cliaddr);
            if ((n = recvfrom(udpfd, mesg, MAXLINE, 0, (SA *) &cliaddr, &len)) < 0) {
                perror("recvfrom");
                exit(1);
            }
            if (sendto(udpfd, mesg, n, 0, (SA *) &cliaddr, len) < 0) {
                perror("sendto");
                exit(1);
            }
        }
    }
}
