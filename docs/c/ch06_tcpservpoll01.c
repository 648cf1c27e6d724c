/* ch06_tcpservpoll01.c — UNP vol. 1, Figures 6.25-6.26: the one-process
 * TCP echo server of Figures 6.21-6.22 with poll instead of select: an
 * array of struct pollfd, slot 0 the listening socket. C twin of
 * examples/ch06_tcpservpoll01.rs.
 *
 *   cc -Wall -Wextra -o tcpservpoll01 docs/c/ch06_tcpservpoll01.c
 *   ./tcpservpoll01 [port] [bind-address]     (defaults 9877, INADDR_ANY)
 *   listening on 0.0.0.0:9877
 *
 * Besides the book: the address really used is printed after listen
 * (getsockname: port 0 shows the kernel's choice), each client's arrival
 * and departure is printed, and a client whose read or write fails costs
 * one line on stderr and its slot (the book drops a client on ECONNRESET
 * and exits on any other error). SIGPIPE keeps its default action, as in
 * the book: writing to a client that reset its connection kills this
 * process (the Rust twin's runtime ignores SIGPIPE and gets EPIPE).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#define SERV_PORT 9877
#define LISTENQ 1024
#define MAXLINE 4096
#define OPEN_MAX 256 /* slots: the listener and 255 clients */
#define INFTIM (-1) /* infinite poll timeout */

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

/* sock_ntop for AF_INET (Figure 3.14): "127.0.0.1:37818". */
static char *sock_ntop(const SA *sa)
{
    static char str[INET_ADDRSTRLEN + 8];
    const struct sockaddr_in *sin = (const struct sockaddr_in *) sa;
    char portstr[8];

    if (inet_ntop(AF_INET, &sin->sin_addr, str, sizeof(str)) == NULL)
        return NULL;
    snprintf(portstr, sizeof(portstr), ":%d", ntohs(sin->sin_port));
    strcat(str, portstr);
    return str;
}

int main(int argc, char **argv)
{
    int i, maxi, listenfd, connfd, sockfd;
    int nready;
    ssize_t n;
    char buf[MAXLINE];
    socklen_t clilen, len;
    struct pollfd client[OPEN_MAX];
    struct sockaddr_in peer[OPEN_MAX]; /* for the lines printed */
    struct sockaddr_in cliaddr, servaddr;

    if (argc > 3) {
        fprintf(stderr, "usage: ch06_tcpservpoll01 [port] [bind-address]\n");
        exit(1);
    }
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
    printf("listening on %s\n", sock_ntop((SA *) &servaddr));
    fflush(stdout);

    client[0].fd = listenfd;
    client[0].events = POLLRDNORM;
    for (i = 1; i < OPEN_MAX; i++)
        client[i].fd = -1; /* -1 indicates available entry */
    maxi = 0;              /* max index into client[] array */

    for (;;) {
        if ((nready = poll(client, maxi + 1, INFTIM)) < 0) {
            perror("poll");
            exit(1);
        }

        if (client[0].revents & POLLRDNORM) { /* new client connection */
            clilen = sizeof(cliaddr);
            if ((connfd = accept(listenfd, (SA *) &cliaddr, &clilen)) < 0) {
                if (errno == ECONNABORTED) { /* the client gave up: its loss only */
                    perror("accept");
                    continue;
                }
                perror("accept");
                exit(1);
            }

            for (i = 1; i < OPEN_MAX; i++)
                if (client[i].fd < 0) {
                    client[i].fd = connfd; /* save descriptor */
                    peer[i] = cliaddr;
                    break;
                }
            if (i == OPEN_MAX) {
                fprintf(stderr, "too many clients\n");
                exit(1);
            }
            printf("new client %s in slot %d (descriptor %d)\n", sock_ntop((SA *) &cliaddr), i, connfd);
            fflush(stdout);

            client[i].events = POLLRDNORM;
            if (i > maxi)
                maxi = i; /* max index in client[] array */

            if (--nready <= 0)
                continue; /* no more readable descriptors */
        }

        for (i = 1; i <= maxi; i++) { /* check all clients for data */
            if ((sockfd = client[i].fd) < 0)
                continue;
            if (client[i].revents & (POLLRDNORM | POLLERR)) {
                if ((n = read(sockfd, buf, MAXLINE)) == 0) {
                    /* connection closed by client */
                    printf("client %s in slot %d closed the connection\n", sock_ntop((SA *) &peer[i]), i);
                    fflush(stdout);
                    close(sockfd);
                    client[i].fd = -1;
                } else if (n < 0 || writen(sockfd, buf, n) < 0) {
                    /* our read (ECONNRESET) or write failed: drop this client only */
                    fprintf(stderr, "client %s in slot %d: %s: %s; dropped\n", sock_ntop((SA *) &peer[i]), i,
                            n < 0 ? "read" : "write", strerror(errno));
                    close(sockfd);
                    client[i].fd = -1;
                }

                if (--nready <= 0)
                    break; /* no more readable descriptors */
            }
        }
    }
}
