/* ch14_iovec.c — UNP vol. 1, §§ 14.4-14.5: scatter/gather I/O. writev
 * and readv on a stream socketpair, sendmsg and recvmsg (with the
 * sender's address) on UDP over loopback; the bytes are those read and
 * write move. The C twin of examples/ch14_iovec.rs.
 *
 *   cc -Wall -Wextra -o ch14_iovec docs/c/ch14_iovec.c
 *   ./ch14_iovec
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAXLINE 4096
#define SA struct sockaddr

int main(int argc, char **argv)
{
    int sv[2], servfd, clifd;
    ssize_t n, got;
    char buf[MAXLINE], first[3], second[16], host[INET_ADDRSTRLEN];
    struct iovec iov[3], riov[2];
    struct msghdr msg, rmsg;
    struct sockaddr_in servaddr, cliaddr;
    socklen_t len;

    (void) argv;
    if (argc != 1) {
        fprintf(stderr, "usage: ch14_iovec   (no arguments)\n");
        exit(1);
    }
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) {
        perror("socketpair");
        exit(1);
    }
    iov[0].iov_base = "hello";
    iov[0].iov_len = 5;
    iov[1].iov_base = " ";
    iov[1].iov_len = 1;
    iov[2].iov_base = "world\n";
    iov[2].iov_len = 6;
    if ((n = writev(sv[0], iov, 3)) < 0) {
        perror("writev");
        exit(1);
    }
    if ((got = read(sv[1], buf, MAXLINE)) < 0) {
        perror("read");
        exit(1);
    }
    printf("writev: %zd bytes from 3 buffers; read: \"%.*s\\n\"\n", n, (int) got - 1, buf);

    if ((n = write(sv[0], "abcdefgh", 8)) < 0) {
        perror("write");
        exit(1);
    }
    riov[0].iov_base = first;
    riov[0].iov_len = sizeof(first);
    riov[1].iov_base = second;
    riov[1].iov_len = sizeof(second);
    if ((got = readv(sv[1], riov, 2)) < 0) {
        perror("readv");
        exit(1);
    }
    printf("write: %zd bytes; readv: \"%.3s\" then \"%.*s\"\n", n, first, (int) got - 3, second);

    if ((servfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(0);
    servaddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(servfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    len = sizeof(servaddr);
    if (getsockname(servfd, (SA *) &servaddr, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    if ((clifd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    iov[0].iov_base = "hel";
    iov[0].iov_len = 3;
    iov[1].iov_base = "lo";
    iov[1].iov_len = 2;
    bzero(&msg, sizeof(msg));
    msg.msg_name = &servaddr;
    msg.msg_namelen = sizeof(servaddr);
    msg.msg_iov = iov;
    msg.msg_iovlen = 2;
    msg.msg_control = NULL;
    msg.msg_controllen = 0;
    if ((n = sendmsg(clifd, &msg, 0)) < 0) {
        perror("sendmsg");
        exit(1);
    }
    riov[0].iov_base = buf;
    riov[0].iov_len = MAXLINE;
    bzero(&rmsg, sizeof(rmsg));
    rmsg.msg_name = &cliaddr;
    rmsg.msg_namelen = sizeof(cliaddr);
    rmsg.msg_iov = riov;
    rmsg.msg_iovlen = 1;
    rmsg.msg_control = NULL;
    rmsg.msg_controllen = 0;
    if ((got = recvmsg(servfd, &rmsg, 0)) < 0) {
        perror("recvmsg");
        exit(1);
    }
    inet_ntop(AF_INET, &cliaddr.sin_addr, host, sizeof(host));
    printf("sendmsg: %zd bytes from 2 buffers; recvmsg: \"%.*s\" from %s\n", n, (int) got, buf, host);
    exit(0);
}
