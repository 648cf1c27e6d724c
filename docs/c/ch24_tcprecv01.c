/* ch24_tcprecv01.c — UNP vol. 1, §24.2: receiving out-of-band data with
 * SIGURG. fcntl(F_SETOWN) makes this process the socket's owner, the one
 * the kernel signals when urgent data arrives; the handler reads the OOB
 * byte with recv(MSG_OOB) while main reads the normal data. The C twin of
 * examples/ch24_tcprecv01.rs; run ch24_tcpsend01 against it.
 *
 *   make -C docs/c   # -> target/c/ch24_tcprecv01, linked with libunp.a (docs/c/lib/)
 *   ./ch24_tcprecv01 [[host] port]      (default port 9877)
 *   listening on 0.0.0.0:9877
 *   read 3 bytes: 123
 *   SIGURG received
 *   read 1 OOB byte: 4
 *   ...
 *
 * tcp_listen and Signal are the book's library functions, in docs/c/lib/.
 * Additions: the default port, the "listening on" line, fflush after
 * each line (the tests read them through a pipe). printf in a signal
 * handler is not safe; the book does it, for the lesson.
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

#define USAGE "usage: ch24_tcprecv01 [[host] port]   (default port: 9877)"

int listenfd, connfd;

static void sig_urg(int signo)
{
    int n;
    char buff[100];

    (void) signo;
    printf("SIGURG received\n");
    fflush(stdout);
    if ((n = recv(connfd, buff, sizeof(buff) - 1, MSG_OOB)) < 0) {
        perror("recv");
        exit(1);
    }
    buff[n] = 0; /* null terminate */
    printf("read %d OOB byte: %s\n", n, buff);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    int n;
    char buff[100];

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

    Signal(SIGURG, sig_urg);
    if (fcntl(connfd, F_SETOWN, getpid()) < 0) {
        perror("fcntl");
        exit(1);
    }

    for (;;) {
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
    }
}
