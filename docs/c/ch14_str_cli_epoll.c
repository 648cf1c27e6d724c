/* ch14_str_cli_epoll.c — UNP vol. 1, section 14.9 on Linux: the echo
 * client's str_cli of Figure 6.13 (select and shutdown) with epoll in
 * place of select. The C twin of examples/ch14_str_cli_epoll.rs.
 *
 *   cc -Wall -Wextra -o ch14_str_cli_epoll docs/c/ch14_str_cli_epoll.c
 *   ./ch14_str_cli_epoll [IPaddress] [port]     (defaults 127.0.0.1 9877)
 *
 * The port argument (and the host's default) is this copy's one
 * addition to the book's program.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define SERV_PORT 9877
#define MAXLINE 4096

typedef struct sockaddr SA;

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

static void str_cli(FILE *fp, int sockfd)
{
    int epfd, i, nready, stdineof;
    struct epoll_event ev, events[2];
    char buf[MAXLINE];
    ssize_t n;

    stdineof = 0;
    if ((epfd = epoll_create1(0)) < 0) {
        perror("epoll_create1");
        exit(1);
    }
    bzero(&ev, sizeof(ev));
    ev.events = EPOLLIN;
    ev.data.u64 = fileno(fp);
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, fileno(fp), &ev) < 0) {
        perror("epoll_ctl");
        exit(1);
    }
    ev.events = EPOLLIN;
    ev.data.u64 = sockfd;
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, sockfd, &ev) < 0) {
        perror("epoll_ctl");
        exit(1);
    }
    for (;;) {
        if ((nready = epoll_wait(epfd, events, 2, -1)) < 0) {
            perror("epoll_wait");
            exit(1);
        }
        for (i = 0; i < nready; i++) {
            if (events[i].data.u64 == (unsigned) sockfd) { /* socket is readable */
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
                if (writen(fileno(stdout), buf, n) < 0) {
                    perror("write");
                    exit(1);
                }
            } else { /* input is readable */
                if ((n = read(fileno(fp), buf, MAXLINE)) < 0) {
                    perror("read");
                    exit(1);
                }
                if (n == 0) {
                    stdineof = 1;
                    if (shutdown(sockfd, SHUT_WR) < 0) { /* send FIN */
                        perror("shutdown");
                        exit(1);
                    }
                    if (epoll_ctl(epfd, EPOLL_CTL_DEL, fileno(fp), NULL) < 0) {
                        perror("epoll_ctl");
                        exit(1);
                    }
                    continue;
                }
                if (writen(sockfd, buf, n) < 0) {
                    perror("write");
                    exit(1);
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

    if (argc > 3) {
        fprintf(stderr, "usage: ch14_str_cli_epoll [IPaddress] [port]   (defaults: 127.0.0.1 9877)\n");
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
