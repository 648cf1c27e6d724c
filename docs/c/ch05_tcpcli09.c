/* ch05_tcpcli09.c — UNP vol. 1, section 5.18, Figure 5.19: the client of
 * the binary "sum" server ch05_tcpserv09. Each line with two integers
 * goes out as a struct args { long arg1; long arg2; }, 16 bytes in this
 * host's byte order, and the struct result { long sum; } that comes back
 * (readn, Figure 3.15) is printed. The C twin of examples/ch05_tcpcli09.rs.
 *
 *   cc -Wall -Wextra -o ch05_tcpcli09 docs/c/ch05_tcpcli09.c
 *   ./ch05_tcpcli09 [--swap] [IPaddress] [port]     (defaults 127.0.0.1 9877)
 *   11 22
 *   33
 *
 * --swap sends each number (and reads the sum) with its bytes reversed,
 * as a host of the other byte order would: the byte-order trap on one
 * machine. It, and the port argument, are this copy's additions to the
 * book's program; a line that is not two integers is reported on stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXLINE 4096
#define SERV_PORT 9877
#define SA struct sockaddr

struct args {
    long arg1;
    long arg2;
};
struct result {
    long sum;
};

/* Figure 3.15: read exactly n bytes, unless end of file comes first. */
static ssize_t readn(int fd, void *vptr, size_t n)
{
    size_t nleft = n;
    char *ptr = vptr;
    ssize_t nread;

    while (nleft > 0) {
        if ((nread = read(fd, ptr, nleft)) < 0) {
            if (errno == EINTR)
                nread = 0; /* and call read() again */
            else
                return -1;
        } else if (nread == 0)
            break; /* EOF */
        nleft -= nread;
        ptr += nread;
    }
    return n - nleft; /* return >= 0 */
}

/* Figure 3.15: write all n bytes, looping over short writes and EINTR. */
static ssize_t writen(int fd, const void *vptr, size_t n)
{
    size_t nleft = n;
    const char *ptr = vptr;
    ssize_t nwritten;

    while (nleft > 0) {
        if ((nwritten = write(fd, ptr, nleft)) <= 0) {
            if (nwritten < 0 && errno == EINTR)
                nwritten = 0; /* and call write() again */
            else
                return -1;
        }
        nleft -= nwritten;
        ptr += nwritten;
    }
    return n;
}

/* Figure 5.19 */
static void str_cli(FILE *fp, int sockfd, int swap)
{
    char sendline[MAXLINE];
    struct args args;
    struct result result;
    ssize_t n;

    while (fgets(sendline, MAXLINE, fp) != NULL) {
        if (sscanf(sendline, "%ld%ld", &args.arg1, &args.arg2) != 2) {
            fprintf(stderr, "invalid input \"%.*s\": need two integers, e.g. \"11 22\"\n",
                    (int) strcspn(sendline, "\r\n"), sendline);
            continue;
        }
        if (swap) {
            args.arg1 = (long) __builtin_bswap64((unsigned long) args.arg1);
            args.arg2 = (long) __builtin_bswap64((unsigned long) args.arg2);
        }
        if (writen(sockfd, &args, sizeof(args)) < 0) {
            perror("write");
            exit(1);
        }
        if ((n = readn(sockfd, &result, sizeof(result))) < 0) {
            perror("read");
            exit(1);
        }
        if (n < (ssize_t) sizeof(result)) {
            fprintf(stderr, "str_cli: server terminated prematurely\n");
            exit(1);
        }
        if (swap)
            result.sum = (long) __builtin_bswap64((unsigned long) result.sum);
        printf("%ld\n", result.sum);
        fflush(stdout); /* each sum at once, even into a pipe */
    }
    if (ferror(fp)) {
        perror("fgets");
        exit(1);
    }
}

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_in servaddr;
    const char *host = "127.0.0.1";
    int port = SERV_PORT;
    int swap = 0;

    if (argc > 1 && strcmp(argv[1], "--swap") == 0) {
        swap = 1;
        argc--;
        argv++;
    }
    if (argc > 3) {
        fprintf(stderr, "usage: ch05_tcpcli09 [--swap] [IPaddress] [port]   (defaults: 127.0.0.1 9877)\n");
        exit(1);
    }
    if (argc >= 2)
        host = argv[1];
    if (argc == 3)
        port = atoi(argv[2]);

    if ((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    if (inet_pton(AF_INET, host, &servaddr.sin_addr) <= 0) {
        fprintf(stderr, "inet_pton error for %s\n", host);
        exit(1);
    }
    if (connect(sockfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("connect");
        exit(1);
    }
    if (swap) {
        printf("sending in the other byte order, as a host of the opposite endianness would\n");
        fflush(stdout);
    }

    str_cli(stdin, sockfd, swap);
    exit(0);
}
