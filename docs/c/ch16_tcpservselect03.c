/* ch16_tcpservselect03.c — UNP vol. 1, section 16.6: Figures
 * 6.21-6.22's select server with a pause between "the listening socket is
 * readable" and accept: printf("listening socket readable"), sleep(5),
 * then accept. If the connection is gone from the queue by then, accept
 * BLOCKS, and the one process that serves every client serves none until
 * another connection arrives. With --nonb, the section's fix: the
 * listening socket is nonblocking (fcntl O_NONBLOCK) and accept's
 * EWOULDBLOCK, ECONNABORTED, EPROTO and EINTR are ignored (perror, then
 * back to select). The C twin of examples/ch16_tcpservselect03.rs.
 *
 *   cc -Wall -Wextra -o tcpservselect03 docs/c/ch16_tcpservselect03.c
 *   ./tcpservselect03 [--nonb] [port] [bind-address]  (defaults 9877, INADDR_ANY)
 *   listening on 0.0.0.0:9877
 *
 * On Linux the book's way of emptying the queue (ch16_tcpcli03: connect,
 * then an RST) does not: Linux keeps the reset connection queued, accept
 * returns it and the first read fails with ECONNRESET. What empties it is
 * another accept on the same listening socket (a forked sibling, or
 * tests/unp_ch16.rs taking it with pidfd_getfd); see docs/unp/ch16.md.
 *
 * Besides the book, as in ch06_tcpservselect01.c: the address really used
 * is printed, each client's arrival and departure is printed, and a client
 * whose read or write fails costs one line on stderr and its slot.
 */
#include <errno.h>
#include <fcntl.h>
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

    int nonb = 0, val;

    if (argc >= 2 && strcmp(argv[1], "--nonb") == 0) {
        nonb = 1;
        argc--;
        argv++;
    }
    if (argc > 3) {
        fprintf(stderr, "usage: ch16_tcpservselect03 [--nonb] [port] [bind-address]\n");
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
    if (nonb) { /* the fix: a nonblocking listening socket */
        if ((val = fcntl(listenfd, F_GETFL, 0)) < 0 || fcntl(listenfd, F_SETFL, val | O_NONBLOCK) < 0) {
            perror("fcntl");
            exit(1);
        }
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
            printf("listening socket readable\n");
            fflush(stdout);
            sleep(5);
            clilen = sizeof(cliaddr);
            if ((connfd = accept(listenfd, (SA *) &cliaddr, &clilen)) < 0) {
                if (errno == EWOULDBLOCK || errno == ECONNABORTED || errno == EPROTO || errno == EINTR) {
                    perror("accept"); /* the connection went away: back to select */
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
