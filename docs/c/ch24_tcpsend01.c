/* ch24_tcpsend01.c — UNP vol. 1, §24.2: the sender of out-of-band data:
 * "123", OOB "4", "56", OOB "7", "89", a second apart. The C twin of
 * examples/ch24_tcpsend01.rs; its receivers are ch24_tcprecv01 (SIGURG),
 * ch24_tcprecv02 and ch24_tcprecv03 (select's exception set).
 *
 *   make -C docs/c   # -> target/c/ch24_tcpsend01, linked with libunp.a (docs/c/lib/)
 *   ./ch24_tcpsend01 [--paced] [host] [port]   (defaults 127.0.0.1 9877)
 *   wrote 3 bytes of normal data
 *   wrote 1 byte of OOB data
 *   ...
 *
 * tcp_connect is the book's library function, in docs/c/lib/ (unp.h).
 * Additions: the defaults, and --paced (a line on stdin between steps
 * instead of sleep(1): how the tests drive it deterministically).
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

#include "unp.h" /* the book's library: tcp_connect (docs/c/lib/) */

#define MAXLINE 4096
#define LISTENQ 1024
#define SA struct sockaddr

#define USAGE "usage: ch24_tcpsend01 [--paced] [host] [port]   (defaults: 127.0.0.1 9877)"

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
    int sockfd;

    if (argc > 1 && strcmp(argv[1], "--paced") == 0) {
        paced = 1;
        argv++;
        argc--;
    }
    if (argc > 3) {
        fprintf(stderr, "%s\n", USAGE);
        exit(1);
    }
    sockfd = tcp_connect(argc >= 2 ? argv[1] : "127.0.0.1", argc == 3 ? argv[2] : "9877");

    if (write(sockfd, "123", 3) != 3) {
        perror("write");
        exit(1);
    }
    printf("wrote 3 bytes of normal data\n");
    pace(1);

    if (send(sockfd, "4", 1, MSG_OOB) != 1) {
        perror("send");
        exit(1);
    }
    printf("wrote 1 byte of OOB data\n");
    pace(1);

    if (write(sockfd, "56", 2) != 2) {
        perror("write");
        exit(1);
    }
    printf("wrote 2 bytes of normal data\n");
    pace(1);

    if (send(sockfd, "7", 1, MSG_OOB) != 1) {
        perror("send");
        exit(1);
    }
    printf("wrote 1 byte of OOB data\n");
    pace(1);

    if (write(sockfd, "89", 2) != 2) {
        perror("write");
        exit(1);
    }
    printf("wrote 2 bytes of normal data\n");
    pace(1);

    exit(0);
}
