/* Starter for exercise 02 (docs/exercises/02-upper-server.md), in C: the
 * lecture's upper-case TCP server. The accept loop is done; serve() is yours.
 *     socklab check upper --skip restart -- ./upper_server {port}
 * Build: cc -Wall -o upper_server upper_server.c */
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUFSIZE 2048
#define LISTENQ 1024

static void serve(int connfd)
{
    char buf[BUFSIZE];
    /* TODO (check `answer`): read one message into buf, toupper() each
     * byte read, write them back. */
    (void) connfd;
    (void) buf;
}

int main(int argc, char **argv)
{
    int listenfd, connfd;
    socklen_t clilen;
    struct sockaddr_in servaddr, cliaddr;

    if (argc != 2) {
        fprintf(stderr, "usage: upper_server port\n");
        exit(1);
    }
    if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
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
    for (;;) {
        clilen = sizeof(cliaddr);
        if ((connfd = accept(listenfd, (struct sockaddr *) &cliaddr, &clilen)) < 0) {
            perror("accept");
            exit(1);
        }
        serve(connfd);
        close(connfd);
    }
}
