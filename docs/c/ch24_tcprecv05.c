/* ch24_tcprecv05.c — UNP vol. 1, §24.3: the receiver with a small
 * receive buffer (SO_RCVBUF 4096, set on the listening socket before the
 * connection exists, so the window is small from the start) that never
 * reads normal data: it waits in pause() for SIGURG. The notification
 * arrives although the OOB byte cannot (the window is closed), so its
 * recv(MSG_OOB) fails with EWOULDBLOCK and it ends, as the book's does.
 * The C twin of examples/ch24_tcprecv05.rs; run ch24_tcpsend05 against it.
 *
 *   make -C docs/c   # -> target/c/ch24_tcprecv05, linked with libunp.a (docs/c/lib/)
 *   ./ch24_tcprecv05 [[host] port]      (default port 9877)
 *   listening on 0.0.0.0:9877
 *   SIGURG received
 *   recv: Resource temporarily unavailable
 *
 * tcp_listen and Signal are the book's library functions, in docs/c/lib/.
 * Additions: the default port, the "listening on" line, fflush after
 * each line. printf in a signal handler is not safe; the book does it.
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

#include "unp.h" /* the book's library: Signal, print_listening, sock_ntop, tcp_listen (docs/c/lib/) */

#define MAXLINE 4096
#define LISTENQ 1024
#define SA struct sockaddr

#define USAGE "usage: ch24_tcprecv05 [[host] port]   (default port: 9877)"

int listenfd, connfd;

static void sig_urg(int signo)
{
    int n;
    char buff[2048];

    (void) signo;
    printf("SIGURG received\n");
    fflush(stdout);
    if ((n = recv(connfd, buff, sizeof(buff) - 1, MSG_OOB)) < 0) {
        perror("recv");
        exit(1);
    }
    buff[n] = 0; /* null terminate */
    printf("read %d OOB byte\n", n);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    int size;

    if (argc > 3) {
        fprintf(stderr, "%s\n", USAGE);
        exit(1);
    }
    if (argc == 3)
        listenfd = tcp_listen(argv[1], argv[2], NULL);
    else
        listenfd = tcp_listen(NULL, argc == 2 ? argv[1] : "9877", NULL);
    print_listening(listenfd);

    size = 4096;
    if (setsockopt(listenfd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)) < 0) {
        perror("setsockopt");
        exit(1);
    }

    if ((connfd = accept(listenfd, NULL, NULL)) < 0) {
        perror("accept");
        exit(1);
    }

    Signal(SIGURG, sig_urg);
    if (fcntl(connfd, F_SETOWN, getpid()) < 0) {
        perror("fcntl");
        exit(1);
    }

    for (;;)
        pause();
}
