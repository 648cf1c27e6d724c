/* tcp_upper_server.c — C twin of examples/tcp_upper_server.rs: the
 * lecture's upper-case TCP server (its Python TCPServer, in C). Forever:
 * accept, read one message, write it back upper-cased, close the
 * connection.
 *
 *   cc -Wall -Wextra -o tcp_upper_server docs/c/tcp_upper_server.c
 *   ./tcp_upper_server [port]          (default 12000)
 *   listening on 0.0.0.0:12000
 *   The server is ready to receive
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define SERVER_PORT 12000
#define BUFSIZE 2048 /* one message of at most this size */
#define LISTENQ 1024

int main(int argc, char **argv)
{
    int listenfd, connfd, port = SERVER_PORT;
    ssize_t n, i;
    socklen_t len, clilen;
    struct sockaddr_in servaddr, cliaddr;
    struct sigaction act, oact;
    char buf[BUFSIZE];

    if (argc > 2) {
        fprintf(stderr, "usage: tcp_upper_server [port]\n");
        exit(1);
    }
    if (argc == 2)
        port = atoi(argv[1]);

    /* A client that resets the connection must cost an EPIPE error, not
     * the server's life (UNP section 5.13): ignore SIGPIPE. */
    act.sa_handler = SIG_IGN;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (sigaction(SIGPIPE, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }

    if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if (bind(listenfd, (struct sockaddr *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    if (listen(listenfd, LISTENQ) < 0) { /* the Python passes 1 */
        perror("listen");
        exit(1);
    }
    len = sizeof(servaddr);
    if (getsockname(listenfd, (struct sockaddr *) &servaddr, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("listening on %s:%d\n", inet_ntoa(servaddr.sin_addr), ntohs(servaddr.sin_port));
    printf("The server is ready to receive\n");
    fflush(stdout);

    for (;;) {
        clilen = sizeof(cliaddr);
        if ((connfd = accept(listenfd, (struct sockaddr *) &cliaddr, &clilen)) < 0) {
            perror("accept");
            exit(1);
        }
        /* one message, one read(2), as the lecture does */
        if ((n = read(connfd, buf, BUFSIZE)) < 0)
            perror("read"); /* ECONNRESET: this client's problem */
        else if (n > 0) {
            for (i = 0; i < n; i++)
                if (buf[i] >= 'a' && buf[i] <= 'z') /* ASCII letters only */
                    buf[i] = buf[i] - 'a' + 'A';
            if (write(connfd, buf, n) < 0)
                perror("write"); /* EPIPE: this client's problem */
        }
        close(connfd);
    }
}
