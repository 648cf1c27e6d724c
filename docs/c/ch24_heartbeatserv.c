/* ch24_heartbeatserv.c — UNP vol. 1 (2nd ed. §21.5, 3rd ed. §24.5): the
 * forking echo server (Figs. 5.2, 5.12) whose children answer the
 * client's heartbeat: heartbeat_serv(sockfd, 1, 5) echoes each OOB byte
 * (SIGURG) and counts the seconds without one (SIGALRM); after 5 it
 * gives up on the client: "no probes from client". The C twin of
 * examples/ch24_heartbeatserv.rs; its client is ch24_heartbeatcli.
 *
 *   cc -Wall -Wextra -o ch24_heartbeatserv docs/c/ch24_heartbeatserv.c
 *   ./ch24_heartbeatserv [port]      (default 9877)
 *   listening on 0.0.0.0:9877
 *
 * Additions: the port argument, the "listening on" line. printf in a
 * signal handler is not safe; the book does it, for the lesson.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXLINE 4096
#define LISTENQ 1024
#define SERV_PORT 9877
#define SA struct sockaddr

static int servfd;
static int nsec;       /* #seconds between each alarm */
static int maxnalarms; /* #alarms w/no client probe before quit */
static int nalarms;    /* #alarms since last client probe */

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
    if (send(servfd, &c, 1, MSG_OOB) < 0) { /* echo back out-of-band byte */
        perror("send");
        exit(1);
    }
    nalarms = 0; /* reset counter */
}

static void sig_alrm(int signo)
{
    (void) signo;
    if (++nalarms > maxnalarms) {
        printf("no probes from client\n");
        exit(0);
    }
    alarm(nsec);
}

static void heartbeat_serv(int servfd_arg, int nsec_arg, int maxnalarms_arg)
{
    servfd = servfd_arg; /* set globals for signal handlers */
    if ((nsec = nsec_arg) < 1)
        nsec = 1;
    if ((maxnalarms = maxnalarms_arg) < nsec)
        maxnalarms = nsec;

    Signal(SIGURG, sig_urg);
    if (fcntl(servfd, F_SETOWN, getpid()) < 0) {
        perror("fcntl");
        exit(1);
    }

    Signal(SIGALRM, sig_alrm);
    alarm(nsec);
}

/* Figure 5.3, with the heartbeat: a SIGALRM interrupts read (EINTR). */
static void str_echo(int sockfd)
{
    ssize_t n;
    char buf[MAXLINE];

    heartbeat_serv(sockfd, 1, 5);
again:
    while ((n = read(sockfd, buf, MAXLINE)) > 0) {
        if (writen(sockfd, buf, n) < 0) {
            perror("str_echo: write");
            exit(1);
        }
    }
    if (n < 0 && errno == EINTR)
        goto again;
    else if (n < 0) {
        perror("str_echo: read");
        exit(1);
    }
}

/* Figure 5.11: reap every ended child. */
static void sig_chld(int signo)
{
    pid_t pid;
    int stat;

    (void) signo;
    while ((pid = waitpid(-1, &stat, WNOHANG)) > 0) {
        printf("child %d terminated\n", pid);
        fflush(stdout);
    }
}

int main(int argc, char **argv)
{
    int listenfd, connfd;
    pid_t childpid;
    socklen_t clilen, len;
    struct sockaddr_in cliaddr, servaddr;
    char buff[INET_ADDRSTRLEN];
    int port = SERV_PORT;

    if (argc > 2) {
        fprintf(stderr, "usage: ch24_heartbeatserv [port]   (default: 9877)\n");
        exit(1);
    }
    if (argc == 2)
        port = atoi(argv[1]);

    if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if (bind(listenfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    if (listen(listenfd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
    len = sizeof(servaddr);
    if (getsockname(listenfd, (SA *) &servaddr, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("listening on %s:%d\n", inet_ntop(AF_INET, &servaddr.sin_addr, buff, sizeof(buff)),
           ntohs(servaddr.sin_port));
    fflush(stdout);

    Signal(SIGCHLD, sig_chld);

    for (;;) {
        clilen = sizeof(cliaddr);
        if ((connfd = accept(listenfd, (SA *) &cliaddr, &clilen)) < 0) {
            if (errno == EINTR)
                continue; /* back to for() */
            perror("accept");
            exit(1);
        }
        if ((childpid = fork()) < 0) {
            perror("fork");
            exit(1);
        }
        if (childpid == 0) { /* child process */
            if (close(listenfd) < 0) { /* close listening socket */
                perror("close");
                exit(1);
            }
            str_echo(connfd); /* process the request */
            exit(0);
        }
        if (close(connfd) < 0) { /* parent closes connected socket */
            perror("close");
            exit(1);
        }
    }
}
