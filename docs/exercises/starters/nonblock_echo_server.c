/* Starter for exercise 11 (docs/exercises/11-nonblocking-echo-server.md),
 * in C: an echo server for many clients in one process (poll), whose
 * sockets still block. Make them nonblocking (UNP chapter 16).
 *     socklab check echo -- ./nonblock_echo_server {port}
 * Build: cc -Wall -o nonblock_echo_server nonblock_echo_server.c */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXLINE 4096
#define LISTENQ 1024
#define OPEN_MAX 256

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

int main(int argc, char **argv)
{
    int i, maxi, listenfd, connfd, sockfd, on = 1;
    ssize_t n;
    char buf[MAXLINE];
    struct pollfd client[OPEN_MAX];
    struct sockaddr_in servaddr;

    if (argc != 2) {
        fprintf(stderr, "usage: nonblock_echo_server port\n");
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
    /* TODO: O_NONBLOCK on listenfd: fcntl(listenfd, F_GETFL, 0), then F_SETFL */

    client[0].fd = listenfd;
    client[0].events = POLLRDNORM;
    for (i = 1; i < OPEN_MAX; i++)
        client[i].fd = -1;
    maxi = 0;
    /* TODO: per client, a buffer of the bytes not yet written back */
    for (;;) {
        if (poll(client, maxi + 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            perror("poll");
            exit(1);
        }
        if (client[0].revents & POLLRDNORM) {
            /* TODO: EWOULDBLOCK, ECONNABORTED: no client after all */
            if ((connfd = accept(listenfd, NULL, NULL)) < 0) {
                perror("accept");
                exit(1);
            }
            /* TODO: O_NONBLOCK on connfd too */
            for (i = 1; i < OPEN_MAX; i++)
                if (client[i].fd < 0)
                    break;
            if (i == OPEN_MAX) {
                fprintf(stderr, "too many clients\n");
                exit(1);
            }
            client[i].fd = connfd;
            client[i].events = POLLRDNORM;
            if (i > maxi)
                maxi = i;
        }
        for (i = 1; i <= maxi; i++) {
            if ((sockfd = client[i].fd) < 0)
                continue;
            if (client[i].revents & (POLLRDNORM | POLLERR | POLLHUP)) {
                n = read(sockfd, buf, MAXLINE);
                /* TODO: write what the socket takes; keep the rest, POLLOUT */
                if (n <= 0 || writen(sockfd, buf, n) < 0) {
                    close(sockfd);
                    client[i].fd = -1;
                }
            }
        }
    }
}
