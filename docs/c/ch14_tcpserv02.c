/* ch14_tcpserv02.c — UNP vol. 1, section 14.8 and Figure 14.14: the echo
 * server (Figure 5.2) whose str_echo uses standard I/O on the socket:
 * fdopen, fgets, fputs. The trap: a stream on a socket is fully
 * buffered, so nothing is echoed until the buffer fills or the client
 * ends (exit flushes it). "--flush" adds the fix, fflush after each line.
 * The C twin of examples/ch14_tcpserv02.rs.
 *
 *   cc -Wall -Wextra -o ch14_tcpserv02 docs/c/ch14_tcpserv02.c
 *   ./ch14_tcpserv02 [--flush] [port]     (default 9877)
 *
 * The port argument, the --flush option and the "listening on" line are
 * this copy's additions to the book's program.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXLINE 4096
#define LISTENQ 1024
#define SERV_PORT 9877
#define SA struct sockaddr

static int flush;

/* Figure 14.14 */
static void str_echo(int sockfd)
{
    char line[MAXLINE];
    FILE *fpin, *fpout;

    if ((fpin = fdopen(sockfd, "r")) == NULL) {
        perror("fdopen");
        exit(1);
    }
    if ((fpout = fdopen(sockfd, "w")) == NULL) {
        perror("fdopen");
        exit(1);
    }
    while (fgets(line, MAXLINE, fpin) != NULL) {
        fputs(line, fpout);
        if (flush)
            fflush(fpout); /* the fix */
    }
}

int main(int argc, char **argv)
{
    int listenfd, connfd, port = SERV_PORT;
    pid_t childpid;
    socklen_t clilen;
    struct sockaddr_in cliaddr, servaddr;
    char str[INET_ADDRSTRLEN];
    int i = 1;

    if (argc > 1 && strcmp(argv[1], "--flush") == 0) {
        flush = 1;
        i = 2;
    }
    if (argc > i + 1) {
        fprintf(stderr, "usage: ch14_tcpserv02 [--flush] [port]   (default: 9877)\n");
        exit(1);
    }
    if (argc == i + 1)
        port = atoi(argv[i]);

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
    clilen = sizeof(servaddr);
    if (getsockname(listenfd, (SA *) &servaddr, &clilen) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("listening on %s:%d\n", inet_ntop(AF_INET, &servaddr.sin_addr, str, sizeof(str)),
           ntohs(servaddr.sin_port));
    fflush(stdout);

    for (;;) {
        clilen = sizeof(cliaddr);
        if ((connfd = accept(listenfd, (SA *) &cliaddr, &clilen)) < 0) {
            perror("accept");
            exit(1);
        }
        if ((childpid = fork()) == 0) { /* child process */
            close(listenfd);            /* close listening socket */
            str_echo(connfd);           /* process the request */
            exit(0);                    /* flushes fpout */
        }
        close(connfd); /* parent closes connected socket */
    }
}
