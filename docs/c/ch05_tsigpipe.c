/* ch05_tsigpipe.c — UNP vol. 1, section 5.13 (SIGPIPE): what happens to
 * a process that writes to a connection whose peer has closed it. The C
 * twin of examples/ch05_tsigpipe.rs.
 *
 *   cc -Wall -Wextra -o ch05_tsigpipe docs/c/ch05_tsigpipe.c
 *   ./ch05_tsigpipe [--ignore] [IPaddress port]; echo "exit status $?"
 *   read returned 0: the peer closed the connection
 *   first write: 6 bytes accepted (the peer's TCP answers with RST)
 *   second write: SIGPIPE's action is SIG_DFL, so this write kills the process
 *   exit status 141
 *
 * 1. A connection whose other end closes: by default both ends on
 *    127.0.0.1 (listen on port 0, getsockname, connect, accept, close the
 *    accepted socket); with IPaddress and port, a server that closes by
 *    itself, such as ch01_daytimetcpsrv.
 * 2. Read until end of file: the peer's FIN has arrived.
 * 3. First write: succeeds; the peer's TCP answers with RST.
 * 4. sleep(1), so the RST is surely in.
 * 5. Second write: EPIPE, and SIGPIPE, whose default action ends the
 *    process. With --ignore (signal(SIGPIPE, SIG_IGN) as the book's
 *    Signal() installs it) the write fails with EPIPE instead: perror, exit 1.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXLINE 4096
#define LISTENQ 1024
#define SA struct sockaddr

int main(int argc, char **argv)
{
    int sockfd, listenfd, connfd;
    struct sockaddr_in servaddr;
    struct sigaction act, oact;
    socklen_t len;
    char buf[MAXLINE];
    ssize_t n;
    int ignore = 0;

    if (argc > 1 && strcmp(argv[1], "--ignore") == 0) {
        ignore = 1;
        argc--;
        argv++;
    }
    if (argc != 1 && argc != 3) {
        fprintf(stderr, "usage: ch05_tsigpipe [--ignore] [IPaddress port]\n");
        exit(1);
    }

    if (ignore) {
        act.sa_handler = SIG_IGN;
        sigemptyset(&act.sa_mask);
        act.sa_flags = SA_RESTART; /* as the book's Signal() */
        if (sigaction(SIGPIPE, &act, &oact) < 0) {
            perror("sigaction");
            exit(1);
        }
    }

    if (argc == 3) {
        if ((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
            perror("socket");
            exit(1);
        }
        bzero(&servaddr, sizeof(servaddr));
        servaddr.sin_family = AF_INET;
        servaddr.sin_port = htons(atoi(argv[2]));
        if (inet_pton(AF_INET, argv[1], &servaddr.sin_addr) <= 0) {
            fprintf(stderr, "inet_pton error for %s\n", argv[1]);
            exit(1);
        }
        if (connect(sockfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
            perror("connect");
            exit(1);
        }
    } else {
        /* Both ends on loopback; the accepted end closes at once. */
        if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
            perror("socket");
            exit(1);
        }
        bzero(&servaddr, sizeof(servaddr));
        servaddr.sin_family = AF_INET;
        servaddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        servaddr.sin_port = htons(0);
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
        if ((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
            perror("socket");
            exit(1);
        }
        if (connect(sockfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
            perror("connect");
            exit(1);
        }
        if ((connfd = accept(listenfd, (SA *) NULL, NULL)) < 0) {
            perror("accept");
            exit(1);
        }
        if (close(connfd) < 0 || close(listenfd) < 0) { /* the peer closes: FIN */
            perror("close");
            exit(1);
        }
    }

    /* Read until end of file: the peer's FIN has arrived. */
    while ((n = read(sockfd, buf, MAXLINE)) > 0)
        ;
    if (n < 0) {
        perror("read");
        exit(1);
    }
    printf("read returned 0: the peer closed the connection\n");
    fflush(stdout);

    if ((n = write(sockfd, "first\n", 6)) < 0) {
        perror("write");
        exit(1);
    }
    printf("first write: %zd bytes accepted (the peer's TCP answers with RST)\n", n);
    fflush(stdout);
    sleep(1); /* let the RST arrive */

    if (ignore)
        printf("second write: SIGPIPE is ignored, so this write fails with EPIPE\n");
    else
        printf("second write: SIGPIPE's action is SIG_DFL, so this write kills the process\n");
    fflush(stdout);
    if (write(sockfd, "second\n", 7) < 0) {
        perror("write");
        exit(1);
    }
    printf("second write succeeded: the peer did not reset the connection\n");
    exit(0);
}
