/* ch05_tcpserv08.c — UNP vol. 1, section 5.18, Figure 5.17: the
 * server of ch05_tcpserv04 with a new str_echo: each line holds two
 * integers as text, and the answer is their sum, as text. The C twin of
 * examples/ch05_tcpserv08.rs.
 *
 *   cc -Wall -Wextra -o ch05_tcpserv08 docs/c/ch05_tcpserv08.c
 *   ./ch05_tcpserv08 [port]                (default 9877)
 *   listening on 0.0.0.0:9877
 *   (client) 11 22  ->  33
 *
 * Two additions to the book's program: the port argument, and the line
 * that says where it really listens (getsockname: port 0 shows the
 * port the kernel chose).
 */
#include <errno.h>
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

/* Figure 5.17: each line holds two integers as text; answer with their
 * sum as text, or with an error line, until the client closes. */
static void str_echo(int sockfd)
{
    long arg1, arg2, sum;
    ssize_t n;
    char line[MAXLINE];

    for (;;) {
        if ((n = readline(sockfd, line, MAXLINE)) < 0) {
            perror("str_echo: read");
            exit(1);
        }
        if (n == 0)
            return; /* connection closed by other end */
        if (sscanf(line, "%ld%ld", &arg1, &arg2) != 2)
            snprintf(line, sizeof(line), "input error: need two integers, e.g. \"11 22\"\n");
        else if (__builtin_add_overflow(arg1, arg2, &sum))
            snprintf(line, sizeof(line), "input error: the sum does not fit in 64 bits\n");
        else
            snprintf(line, sizeof(line), "%ld\n", sum);
        if (writen(sockfd, line, strlen(line)) < 0) {
            perror("str_echo: write");
            exit(1);
        }
    }
}

/* Figure 5.11: reap EVERY child that has ended, until none is left
 * (waitpid returns 0) or there is no child at all (-1, ECHILD). */
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
    struct sigaction act, oact;

    if (argc > 2) {
        fprintf(stderr, "usage: ch05_tcpserv08 [port]   (default: 9877)\n");
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

    /* the book's Signal(): SA_RESTART for every signal but SIGALRM */
    act.sa_handler = sig_chld;
    sigemptyset(&act.sa_mask);
    act.sa_flags = SA_RESTART;
    if (sigaction(SIGCHLD, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }

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
