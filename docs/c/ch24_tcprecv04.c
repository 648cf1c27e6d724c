/* ch24_tcprecv04.c — UNP vol. 1, §24.3: out-of-band data inline (SO_OOBINLINE,
 * set on the listening socket, inherited by connfd) and sockatmark: a
 * read stops at the mark. Run ch24_tcpsend04 against it. The C twin of examples/ch24_tcprecv04.rs.
 *
 *   make -C docs/c   # -> target/c/ch24_tcprecv04, linked with libunp.a (docs/c/lib/)
 *   ./ch24_tcprecv04 [--paced] [[host] port]      (default port 9877)
 *   listening on 0.0.0.0:9877
 *   read 3 bytes: 123
 *   at OOB mark
 *   read 2 bytes: 45
 *   received EOF
 *
 * tcp_listen is the book's library function, in docs/c/lib/ (unp.h).
 * Additions: the default port, the "listening on" line, fflush after
 * each line, and --paced (a line on stdin instead of sleep(5): how the
 * tests make sure everything has arrived before the first read).
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

#define USAGE "usage: ch24_tcprecv04 [--paced] [[host] port]   (default port: 9877)"

static int paced; /* --paced: wait for a line on stdin instead of sleeping */

/* The book's sleep(n) between two steps; with --paced (how the tests
 * drive it, one step at a time) a line on standard input instead. */
static void pace(unsigned int sec)
{
    char line[MAXLINE];

    if (paced) {
        if (fgets(line, sizeof(line), stdin) == NULL)
            return; /* end of input: no more waiting */
    } else
        sleep(sec);
}

int main(int argc, char **argv)
{
    int listenfd, connfd, n, on = 1;
    char buff[100];

    if (argc > 1 && strcmp(argv[1], "--paced") == 0) {
        paced = 1;
        argv++;
        argc--;
    }
    if (argc > 3) {
        fprintf(stderr, "%s\n", USAGE);
        exit(1);
    }
    if (argc == 3)
        listenfd = tcp_listen(argv[1], argv[2], NULL);
    else
        listenfd = tcp_listen(NULL, argc == 2 ? argv[1] : "9877", NULL);
    print_listening(listenfd);

    if (setsockopt(listenfd, SOL_SOCKET, SO_OOBINLINE, &on, sizeof(on)) < 0) {
        perror("setsockopt");
        exit(1);
    }

    if ((connfd = accept(listenfd, NULL, NULL)) < 0) {
        perror("accept");
        exit(1);
    }
    pace(5); /* let all the data from the sender arrive */

    for (;;) {
        if ((n = sockatmark(connfd)) < 0) {
            perror("sockatmark");
            exit(1);
        }
        if (n) {
            printf("at OOB mark\n");
            fflush(stdout);
        }

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
