/* ch06_tcpservselect01.c — UNP vol. 1, Figures 6.21-6.22: a TCP echo
 * server in one process, no fork: an array of clients and one select over
 * the listening socket and every connection. C twin of
 * examples/ch06_tcpservselect01.rs.
 *
 *   cc -Wall -Wextra -o tcpservselect01 docs/c/ch06_tcpservselect01.c
 *   ./tcpservselect01 [port] [bind-address]     (defaults 9877, INADDR_ANY)
 *   listening on 0.0.0.0:9877
 *
 * Besides the book: the address really used is printed after listen
 * (getsockname: port 0 shows the kernel's choice), each client's arrival
 * and departure is printed, and a client whose read or write fails costs
 * one line on stderr and its slot instead of the whole server (the book's
 * Read/Writen wrappers exit). SIGPIPE keeps its default action, as in the
 * book: writing to a client that reset its connection kills this process
 * (the Rust twin's runtime ignores SIGPIPE and gets EPIPE instead).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#define SERV_PORT 9877
#define LISTENQ 1024
#define MAXLINE 4096

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
    int i, maxi, maxfd, listenfd, connfd, sockfd;
    int nready, client[FD_SETSIZE];
    struct sockaddr_in peer[FD_SETSIZE]; /* for the lines printed */
    ssize_t n;
    fd_set rset, allset;
    char buf[MAXLINE];
    socklen_t clilen, len;
    struct sockaddr_in cliaddr, servaddr;

    if (argc > 3) {
        fprintf(stderr, "usage: ch06_tcpservselect01 [port] [bind-address]\n");
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

    maxfd = listenfd; /* initialize */
    maxi = -1;        /* index into client[] array */
    for (i = 0; i < FD_SETSIZE; i++)
        client[i] = -1; /* -1 indicates available entry */
    FD_ZERO(&allset);
    FD_SET(listenfd, &allset);

    for (;;) {
        rset = allset; /* structure assignment */
        if ((nready = select(maxfd + 1, &rset, NULL, NULL, NULL)) < 0) {
            perror("select");
            exit(1);
        }

        if (FD_ISSET(listenfd, &rset)) { /* new client connection */
            clilen = sizeof(cliaddr);
            if ((connfd = accept(listenfd, (SA *) &cliaddr, &clilen)) < 0) {
                if (errno == ECONNABORTED) { /* the client gave up: its loss only */
                    perror("accept");
                    continue;
                }
                perror("accept");
                exit(1);
            }

            for (i = 0; i < FD_SETSIZE; i++)
                if (client[i] < 0) {
                    client[i] = connfd; /* save descriptor */
                    peer[i] = cliaddr;
                    break;
                }
            if (i == FD_SETSIZE || connfd >= FD_SETSIZE) {
                fprintf(stderr, "too many clients\n");
                exit(1);
            }
            printf("new client %s in slot %d (descriptor %d)\n", sock_ntop((SA *) &cliaddr), i, connfd);
            fflush(stdout);

            FD_SET(connfd, &allset); /* add new descriptor to set */
            if (connfd > maxfd)
                maxfd = connfd; /* for select */
            if (i > maxi)
                maxi = i; /* max index in client[] array */

            if (--nready <= 0)
                continue; /* no more readable descriptors */
        }

        for (i = 0; i <= maxi; i++) { /* check all clients for data */
            if ((sockfd = client[i]) < 0)
                continue;
            if (FD_ISSET(sockfd, &rset)) {
                if ((n = read(sockfd, buf, MAXLINE)) == 0) {
                    /* connection closed by client */
                    printf("client %s in slot %d closed the connection\n", sock_ntop((SA *) &peer[i]), i);
                    fflush(stdout);
                    close(sockfd);
                    FD_CLR(sockfd, &allset);
                    client[i] = -1;
                } else if (n < 0 || writen(sockfd, buf, n) < 0) {
                    /* our read or write failed: drop this client only */
                    fprintf(stderr, "client %s in slot %d: %s: %s; dropped\n", sock_ntop((SA *) &peer[i]), i,
                            n < 0 ? "read" : "write", strerror(errno));
                    close(sockfd);
                    FD_CLR(sockfd, &allset);
                    client[i] = -1;
                }

                if (--nready <= 0)
                    break; /* no more readable descriptors */
            }
        }
    }
}
