/* Starter for exercise 13 (docs/exercises/13-threaded-echo-server.md), in
 * C: an iterative echo server. Serve each client in its own thread (UNP
 * Figure 26.3).
 *     socklab check echo -- ./threaded_echo_server {port}
 * Build: cc -Wall -pthread -o threaded_echo_server threaded_echo_server.c */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXLINE 4096
#define LISTENQ 1024

static ssize_t writen(int fd, const char *ptr, size_t n)
{
    size_t nleft = n;
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

static void str_echo(int sockfd)
{
    ssize_t n;
    char buf[MAXLINE];

again:
    while ((n = read(sockfd, buf, MAXLINE)) > 0)
        if (writen(sockfd, buf, n) < 0)
            return;
    if (n < 0 && errno == EINTR)
        goto again;
}

/* Figure 26.3's doit: TODO make it the thread's function,
 * static void *doit(void *arg), that detaches itself (pthread_detach(pthread_self())) */
static void doit(int connfd)
{
    str_echo(connfd);
    close(connfd);
}

int main(int argc, char **argv)
{
    int listenfd, connfd, on = 1;
    struct sockaddr_in servaddr;

    if (argc != 2) {
        fprintf(stderr, "usage: threaded_echo_server port\n");
        exit(1);
    }
    if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    if (setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
        perror("setsockopt");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(atoi(argv[1]));
    if (bind(listenfd, (struct sockaddr *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    if (listen(listenfd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
    signal(SIGPIPE, SIG_IGN);
    for (;;) {
        if ((connfd = accept(listenfd, NULL, NULL)) < 0) {
            if (errno == EINTR)
                continue;
            perror("accept");
            exit(1);
        }
        /* TODO (check `concurrency`): pthread_create(&tid, NULL, &doit, arg),
         * the descriptor passed by value */
        doit(connfd);
    }
}
