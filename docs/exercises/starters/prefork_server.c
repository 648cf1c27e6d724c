/* Starter for exercise 14 (docs/exercises/14-preforked-web-child-server.md),
 * in C: chapter 30's web_child protocol served one client at a time. Make
 * it the book's preforked server (UNP Figures 30.9-30.11).
 *     socklab check web_child -- ./prefork_server {port} 5
 * Build: cc -Wall -o prefork_server prefork_server.c */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXLINE 4096
#define LISTENQ 1024
#define MAXN 16384

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

/* one byte per read: slow, but simple (the book's readline is faster) */
static ssize_t readline(int fd, char *ptr, size_t maxlen)
{
    size_t n;
    ssize_t rc;
    char c;

    for (n = 1; n < maxlen; n++) {
        if ((rc = read(fd, &c, 1)) == 1) {
            *ptr++ = c;
            if (c == '\n')
                break;
        } else if (rc == 0) {
            *ptr = 0;
            return n - 1;
        } else if (errno == EINTR) {
            n--;
        } else {
            return -1;
        }
    }
    *ptr = 0;
    return n;
}

/* Figure 30.7 */
static void web_child(int sockfd)
{
    long ntowrite;
    char line[MAXLINE], result[MAXN];

    bzero(result, sizeof(result));
    for (;;) {
        if (readline(sockfd, line, MAXLINE) <= 0)
            return;         /* connection closed by other end */
        ntowrite = atol(line);
        if ((ntowrite <= 0) || (ntowrite > MAXN)) {
            fprintf(stderr, "client request for %ld bytes\n", ntowrite);
            return;
        }
        if (writen(sockfd, result, ntowrite) < 0)
            return;
    }
}

int main(int argc, char **argv)
{
    int listenfd, connfd, on = 1, nchildren = 5;
    struct sockaddr_in servaddr;

    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: prefork_server port [nchildren]\n");
        exit(1);
    }
    if (argc == 3)
        nchildren = atoi(argv[2]);
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
    /* TODO (check `concurrency`): child_make(i, listenfd) for i < nchildren,
     * each child running the loop below (child_main); then
     * for (;;) pause();   in the parent, with a SIGINT/SIGTERM handler
     * that kills the children */
    (void) nchildren;
    for (;;) {
        if ((connfd = accept(listenfd, NULL, NULL)) < 0) {
            if (errno == EINTR)
                continue;
            perror("accept");
            exit(1);
        }
        web_child(connfd);
        close(connfd);
    }
}
