/* ch16_daytimetcpcli.c — UNP vol. 1, section 16.4: the daytime client
 * (Figure 1.5) connecting with connect_nonb (Figure 16.11): a nonblocking
 * connect, select for the result with a time limit (5 seconds here), and
 * getsockopt(SO_ERROR) to learn whether it worked. The C twin of
 * examples/ch16_daytimetcpcli.rs.
 *
 *   cc -Wall -Wextra -o ch16_daytimetcpcli docs/c/ch16_daytimetcpcli.c
 *   ./ch16_daytimetcpcli [IPaddress] [port]     (defaults 127.0.0.1 13)
 *
 * The port argument (and the host's default) is this copy's one
 * addition to the book's program.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define MAXLINE 4096
#define SA struct sockaddr

static int Fcntl(int fd, int cmd, int arg)
{
    int n;

    if ((n = fcntl(fd, cmd, arg)) == -1) {
        perror("fcntl");
        exit(1);
    }
    return n;
}

/* Figure 16.11 */
static int connect_nonb(int sockfd, const SA *saptr, socklen_t salen, int nsec)
{
    int flags, n, error;
    socklen_t len;
    fd_set rset, wset;
    struct timeval tval;

    flags = Fcntl(sockfd, F_GETFL, 0);
    Fcntl(sockfd, F_SETFL, flags | O_NONBLOCK);

    error = 0;
    if ((n = connect(sockfd, saptr, salen)) < 0)
        if (errno != EINPROGRESS)
            return (-1);

    /* Do whatever we want while the connect is taking place. */

    if (n == 0)
        goto done; /* connect completed immediately */

    FD_ZERO(&rset);
    FD_SET(sockfd, &rset);
    wset = rset;
    tval.tv_sec = nsec;
    tval.tv_usec = 0;

    if ((n = select(sockfd + 1, &rset, &wset, NULL, nsec ? &tval : NULL)) == 0) {
        close(sockfd); /* timeout */
        errno = ETIMEDOUT;
        return (-1);
    }
    if (n < 0) {
        perror("select");
        exit(1);
    }

    if (FD_ISSET(sockfd, &rset) || FD_ISSET(sockfd, &wset)) {
        len = sizeof(error);
        if (getsockopt(sockfd, SOL_SOCKET, SO_ERROR, &error, &len) < 0)
            return (-1); /* Solaris pending error */
    } else {
        fprintf(stderr, "select error: sockfd not set\n");
        exit(1);
    }

done:
    Fcntl(sockfd, F_SETFL, flags); /* restore file status flags */

    if (error) {
        close(sockfd); /* just in case */
        errno = error;
        return (-1);
    }
    return (0);
}

int main(int argc, char **argv)
{
    int sockfd;
    ssize_t n;
    char recvline[MAXLINE + 1];
    struct sockaddr_in servaddr;
    const char *host = "127.0.0.1";
    int port = 13;

    if (argc > 3) {
        fprintf(stderr, "usage: ch16_daytimetcpcli [IPaddress] [port]   (defaults: 127.0.0.1 13)\n");
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
    if (connect_nonb(sockfd, (SA *) &servaddr, sizeof(servaddr), 5) < 0) {
        perror("connect");
        exit(1);
    }

    while ((n = read(sockfd, recvline, MAXLINE)) > 0) {
        recvline[n] = 0; /* null terminate */
        if (fputs(recvline, stdout) == EOF) {
            perror("fputs");
            exit(1);
        }
    }
    if (n < 0) {
        perror("read");
        exit(1);
    }
    exit(0);
}
