/* ch24_tcpsend06.c — UNP vol. 1, §24.3: two OOB bytes in a row ("123", OOB "4",
 * "5", OOB "6", "7"): each new urgent pointer replaces the last, so
 * ch24_tcprecv06 sees only one mark, before the 6. The C twin of examples/ch24_tcpsend06.rs.
 *
 *   make -C docs/c   # -> target/c/ch24_tcpsend06, linked with libunp.a (docs/c/lib/)
 *   ./ch24_tcpsend06 [host] [port]      (defaults 127.0.0.1 9877)
 *   wrote 3 bytes of normal data
 *   wrote 1 byte of OOB data
 *   ...
 *
 * tcp_connect is the book's library function, in docs/c/lib/ (unp.h).
 * Addition: the defaults.
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

#define USAGE "usage: ch24_tcpsend06 [host] [port]   (defaults: 127.0.0.1 9877)"

int main(int argc, char **argv)
{
    int sockfd;

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
    if (send(sockfd, "4", 1, MSG_OOB) != 1) {
        perror("send");
        exit(1);
    }
    printf("wrote 1 byte of OOB data\n");
    if (write(sockfd, "5", 1) != 1) {
        perror("write");
        exit(1);
    }
    printf("wrote 1 byte of normal data\n");
    if (send(sockfd, "6", 1, MSG_OOB) != 1) {
        perror("send");
        exit(1);
    }
    printf("wrote 1 byte of OOB data\n");
    if (write(sockfd, "7", 1) != 1) {
        perror("write");
        exit(1);
    }
    printf("wrote 1 byte of normal data\n");

    exit(0);
}
