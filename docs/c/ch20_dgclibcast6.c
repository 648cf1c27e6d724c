/* ch20_dgclibcast6.c — UNP vol. 1, Figure 20.10: the broadcast daytime
 * client made correct with a pipe: the SIGALRM handler writes a byte to
 * it, and select waits on the socket and the pipe. The C twin of
 * examples/ch20_dgclibcast6.rs.
 *
 *   cc -Wall -Wextra -o ch20_dgclibcast6 docs/c/ch20_dgclibcast6.c
 *   ./ch20_dgclibcast6 [IPaddress] [port]     (defaults 198.51.100.255 13)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sys/select.h>

#define MAXLINE 4096
#define SA struct sockaddr

static int pipefd[2];

static void recvfrom_alarm(int signo)
{
    (void) signo;
    if (write(pipefd[1], "", 1) != 1) /* write one null byte to the pipe */
        return;
    return;
}

#define max(a, b) ((a) > (b) ? (a) : (b))

/* Figure 20.10 */
static void dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    int n, maxfdp1;
    const int on = 1;
    char sendline[MAXLINE], recvline[MAXLINE + 1];
    fd_set rset;
    socklen_t len;
    struct sockaddr *preply_addr;
    char str[INET_ADDRSTRLEN];
    struct sigaction act, oact;

    if ((preply_addr = malloc(servlen)) == NULL) {
        perror("malloc");
        exit(1);
    }
    if (setsockopt(sockfd, SOL_SOCKET, SO_BROADCAST, &on, sizeof(on)) < 0) {
        perror("setsockopt");
        exit(1);
    }
    if (pipe(pipefd) < 0) {
        perror("pipe");
        exit(1);
    }
    maxfdp1 = max(sockfd, pipefd[0]) + 1;
    FD_ZERO(&rset);
    /* Signal(SIGALRM, recvfrom_alarm): the book's Signal, without
     * SA_RESTART for SIGALRM */
    act.sa_handler = recvfrom_alarm;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (sigaction(SIGALRM, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }

    while (fgets(sendline, MAXLINE, fp) != NULL) {
        if (sendto(sockfd, sendline, strlen(sendline), 0, pservaddr, servlen) < 0) {
            perror("sendto");
            exit(1);
        }
        alarm(5);
        for (;;) {
            FD_SET(sockfd, &rset);
            FD_SET(pipefd[0], &rset);
            if ((n = select(maxfdp1, &rset, NULL, NULL, NULL)) < 0) {
                if (errno == EINTR)
                    continue;
                perror("select");
                exit(1);
            }
            if (FD_ISSET(sockfd, &rset)) {
                len = servlen;
                if ((n = recvfrom(sockfd, recvline, MAXLINE, 0, preply_addr, &len)) < 0) {
                    perror("recvfrom");
                    exit(1);
                }
                recvline[n] = 0; /* null terminate */
                /* Sock_ntop_host(preply_addr, len) */
                inet_ntop(AF_INET, &((struct sockaddr_in *) preply_addr)->sin_addr, str, sizeof(str));
                printf("from %s: %s", str, recvline);
                fflush(stdout);
            }
            if (FD_ISSET(pipefd[0], &rset)) {
                if (read(pipefd[0], &n, 1) < 0) { /* timer expired */
                    perror("read");
                    exit(1);
                }
                break;
            }
        }
    }
    free(preply_addr);
}

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_in servaddr;
    const char *host = "198.51.100.255";
    int port = 13;

    if (argc > 3) {
        fprintf(stderr, "usage: ch20_dgclibcast6 [IPaddress] [port]   (defaults: 198.51.100.255 13)\n");
        exit(1);
    }
    if (argc >= 2)
        host = argv[1];
    if (argc == 3)
        port = atoi(argv[2]);

    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    if (inet_pton(AF_INET, host, &servaddr.sin_addr) <= 0) {
        fprintf(stderr, "inet_pton error for %s\n", host);
        exit(1);
    }
    if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    dg_cli(stdin, sockfd, (SA *) &servaddr, sizeof(servaddr));
    exit(0);
}
