/* ch04_getsockname.c — UNP vol. 1, section 4.10: what getsockname and
 * getpeername report before and after connect. A client that never
 * calls bind still gets a local address and port: the kernel chooses
 * them at connect time. Both calls fill a sockaddr_in: len =
 * sizeof(addr) goes in (strace: [16]). The C twin of
 * examples/ch04_getsockname.rs.
 *
 *   cc -Wall -Wextra -o ch04_getsockname docs/c/ch04_getsockname.c
 *   ./ch04_getsockname [IPaddress] [port]     (defaults 127.0.0.1 9877)
 *   before connect: getsockname 0.0.0.0:0 (no address, no port yet)
 *   before connect: getpeername: Transport endpoint is not connected
 *   after connect:  getsockname 127.0.0.1:49522 (chosen by the kernel: ...)
 *   after connect:  getpeername 127.0.0.1:9877
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define SERV_PORT 9877
#define SA struct sockaddr

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_in servaddr, addr;
    socklen_t len;
    char buff[INET_ADDRSTRLEN];
    const char *host = "127.0.0.1";
    int port = SERV_PORT;

    if (argc > 3) {
        fprintf(stderr, "usage: ch04_getsockname [IPaddress] [port]   (defaults: 127.0.0.1 9877)\n");
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

    len = sizeof(addr);
    if (getsockname(sockfd, (SA *) &addr, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("before connect: getsockname %s:%d (no address, no port yet)\n",
           inet_ntop(AF_INET, &addr.sin_addr, buff, sizeof(buff)), ntohs(addr.sin_port));
    /* Not connected yet: getpeername fails. That failure is the lesson
     * here, so it is printed and the program goes on. */
    len = sizeof(addr);
    if (getpeername(sockfd, (SA *) &addr, &len) < 0)
        printf("before connect: getpeername: %s\n", strerror(errno));
    else
        printf("before connect: getpeername %s:%d\n",
               inet_ntop(AF_INET, &addr.sin_addr, buff, sizeof(buff)), ntohs(addr.sin_port));

    if (connect(sockfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("connect");
        exit(1);
    }
    len = sizeof(addr);
    if (getsockname(sockfd, (SA *) &addr, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("after connect:  getsockname %s:%d (chosen by the kernel: the route's address, an ephemeral port)\n",
           inet_ntop(AF_INET, &addr.sin_addr, buff, sizeof(buff)), ntohs(addr.sin_port));
    len = sizeof(addr);
    if (getpeername(sockfd, (SA *) &addr, &len) < 0) {
        perror("getpeername");
        exit(1);
    }
    printf("after connect:  getpeername %s:%d\n",
           inet_ntop(AF_INET, &addr.sin_addr, buff, sizeof(buff)), ntohs(addr.sin_port));
    if (close(sockfd) < 0) {
        perror("close");
        exit(1);
    }
    exit(0);
}
