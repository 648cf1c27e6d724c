/* ch05_tcpserv09.c — UNP vol. 1, section 5.18, Figures 5.18-5.20: the
 * "sum" server again, but the two numbers arrive as a binary struct
 * args { long arg1; long arg2; } (16 bytes, the sender's byte order,
 * read with readn) and the sum goes back as a struct result (8 bytes).
 * The C twin of examples/ch05_tcpserv09.rs.
 *
 *   cc -Wall -Wextra -o ch05_tcpserv09 docs/c/ch05_tcpserv09.c
 *   ./ch05_tcpserv09 [port]                (default 9877)
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

/* Figure 3.15: read exactly n bytes, unless end of file comes first. */
static ssize_t readn(int fd, void *vptr, size_t n)
{
    size_t nleft = n;
    char *ptr = vptr;
    ssize_t nread;

    while (nleft > 0) {
        if ((nread = read(fd, ptr, nleft)) < 0) {
            if (errno == EINTR)
                nread = 0; /* and call read() again */
            else
                return -1;
        } else if (nread == 0)
            break; /* EOF */
        nleft -= nread;
        ptr += nread;
    }
    return n - nleft; /* return >= 0 */
}

struct args {
    long arg1;
    long arg2;
};
struct result {
    long sum;
};

/* Figure 5.20: read one struct args (16 bytes), answer with the struct
 * result (8 bytes), until the client closes. */
static void str_echo(int sockfd)
{
    ssize_t n;
    struct args args;
    struct result result;

    for (;;) {
        if ((n = readn(sockfd, &args, sizeof(args))) < 0) {
            perror("str_echo: read");
            exit(1);
        }
        if (n == 0)
            return; /* connection closed by other end */
        if (n < (ssize_t) sizeof(args)) {
            fprintf(stderr, "str_echo: short request (%zd of %zu bytes): client closed mid-request\n",
                    n, sizeof(args));
            return;
        }
        /* wraps around on overflow, as the Rust twin's wrapping_add */
        result.sum = (long) ((unsigned long) args.arg1 + (unsigned long) args.arg2);
        if (writen(sockfd, &result, sizeof(result)) < 0) {
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
        fprintf(stderr, "usage: ch05_tcpserv09 [port]   (default: 9877)\n");
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
