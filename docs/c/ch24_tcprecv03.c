/* ch24_tcprecv03.c — UNP vol. 1, §24.2: the corrected select receiver: after reading the OOB byte it
 * leaves connfd out of the exception set until normal data has been read
 * (justreadoob). The C twin of examples/ch24_tcprecv03.rs; run ch24_tcpsend01
 * against it.
 *
 *   make -C docs/c   # -> target/c/ch24_tcprecv03, linked with libunp.a (docs/c/lib/)
 *   ./ch24_tcprecv03 [[host] port]      (default port 9877)
 *   listening on 0.0.0.0:9877
 *   read 3 bytes: 123
 *   read 1 OOB byte: 4
 *   ...
 *
 * tcp_listen is the book's library function, in docs/c/lib/ (unp.h).
 * Additions: the default port, the "listening on" line, fflush after
 * each line (the tests read them through a pipe).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include "unp.h" /* the book's library: print_listening, sock_ntop, tcp_listen (docs/c/lib/) */

#define MAXLINE 4096
#define LISTENQ 1024
#define SA struct sockaddr

#define USAGE "usage: ch24_tcprecv03 [[host] port]   (default port: 9877)"

int main(int argc, char **argv)
{
    int listenfd, connfd;
    int n, justreadoob = 0;
    char buff[100];
    fd_set rset, xset;

    if (argc > 3) {
        fprintf(stderr, "%s\n", USAGE);
        exit(1);
    }
    if (argc == 3)
        listenfd = tcp_listen(argv[1], argv[2], NULL);
    else
        listenfd = tcp_listen(NULL, argc == 2 ? argv[1] : "9877", NULL);
    print_listening(listenfd);

    if ((connfd = accept(listenfd, NULL, NULL)) < 0) {
        perror("accept");
        exit(1);
    }

    FD_ZERO(&rset);
    FD_ZERO(&xset);
    for (;;) {
        FD_SET(connfd, &rset);
        if (justreadoob == 0)
            FD_SET(connfd, &xset);

        if (select(connfd + 1, &rset, NULL, &xset, NULL) < 0) {
            perror("select");
            exit(1);
        }

        if (FD_ISSET(connfd, &xset)) {
            if ((n = recv(connfd, buff, sizeof(buff) - 1, MSG_OOB)) < 0) {
                perror("recv");
                exit(1);
            }
            buff[n] = 0; /* null terminate */
            printf("read %d OOB byte: %s\n", n, buff);
            fflush(stdout);
            justreadoob = 1;
            FD_CLR(connfd, &xset);
        }

        if (FD_ISSET(connfd, &rset)) {
            if ((n = read(connfd, buff, sizeof(buff) - 1)) < 0) {
                perror("read");
                exit(1);
            }
            if (n == 0) {
                printf("received EOF\n");
                exit(0);
            }
            buff[n] = 0; /* null terminate */
            printf("read %d bytes: %s\n", n, buff);
            fflush(stdout);
            justreadoob = 0;
        }
    }
}
