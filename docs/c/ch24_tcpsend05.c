/* ch24_tcpsend05.c — UNP vol. 1, §24.3: out-of-band data while the
 * receiver's buffer is full. SO_SNDBUF 32768, 16384 bytes of normal
 * data (more than ch24_tcprecv05's receive buffer holds: the window
 * closes), then OOB "a" and 1024 more bytes. The urgent pointer still
 * reaches the receiver (in the window probes), so it gets SIGURG — but
 * the byte itself cannot be sent yet. The C twin of examples/ch24_tcpsend05.rs.
 *
 *   make -C docs/c   # -> target/c/ch24_tcpsend05, linked with libunp.a (docs/c/lib/)
 *   ./ch24_tcpsend05 [--paced] [host] [port]   (defaults 127.0.0.1 9877)
 *   wrote 16384 bytes of normal data
 *   wrote 1 byte of OOB data
 *   wrote 1024 bytes of normal data
 *
 * tcp_connect is the book's library function, in docs/c/lib/ (unp.h).
 * Additions: the defaults, and --paced (a line on stdin instead of
 * sleep(5): how the tests wait until the receiver's buffer is full).
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

#define USAGE "usage: ch24_tcpsend05 [--paced] [host] [port]   (defaults: 127.0.0.1 9877)"

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
    int sockfd, size;
    char buff[16384];

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

    size = 32768;
    if (setsockopt(sockfd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size)) < 0) {
        perror("setsockopt");
        exit(1);
    }

    memset(buff, 0, sizeof(buff)); /* the bytes do not matter */
    if (write(sockfd, buff, 16384) != 16384) {
        perror("write");
        exit(1);
    }
    printf("wrote 16384 bytes of normal data\n");
    pace(5);

    if (send(sockfd, "a", 1, MSG_OOB) != 1) {
        perror("send");
        exit(1);
    }
    printf("wrote 1 byte of OOB data\n");

    if (write(sockfd, buff, 1024) != 1024) {
        perror("write");
        exit(1);
    }
    printf("wrote 1024 bytes of normal data\n");

    exit(0);
}
