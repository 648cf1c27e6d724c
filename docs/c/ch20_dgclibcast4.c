/* ch20_dgclibcast4.c — UNP vol. 1, Figure 20.7: the broadcast daytime
 * client made correct with pselect: SIGALRM stays blocked, and pselect
 * waits with an empty signal mask. The C twin of examples/ch20_dgclibcast4.rs.
 *
 *   cc -Wall -Wextra -o ch20_dgclibcast4 docs/c/ch20_dgclibcast4.c
 *   ./ch20_dgclibcast4 [IPaddress] [port]     (defaults 198.51.100.255 13)
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

static void recvfrom_alarm(int signo)
{
    (void) signo;
    return; /* just interrupt the recvfrom() */
}

/* Figure 20.7 */
static void dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    int n;
    const int on = 1;
    char sendline[MAXLINE], recvline[MAXLINE + 1];
    fd_set rset;
    sigset_t sigset_alrm, sigset_empty;
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
    FD_ZERO(&rset);
    sigemptyset(&sigset_alrm);
    sigemptyset(&sigset_empty);
    sigaddset(&sigset_alrm, SIGALRM);
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
        if (sigprocmask(SIG_BLOCK, &sigset_alrm, NULL) < 0) {
            perror("sigprocmask");
            exit(1);
        }
        alarm(5);
        for (;;) {
            FD_SET(sockfd, &rset);
            n = pselect(sockfd + 1, &rset, NULL, NULL, NULL, &sigset_empty);
            if (n < 0) {
                if (errno == EINTR)
                    break; /* waited long enough for replies */
                perror("pselect");
                exit(1);
            } else if (n != 1) {
                fprintf(stderr, "pselect error: returned %d\n", n);
                exit(1);
            }
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
        fprintf(stderr, "usage: ch20_dgclibcast4 [IPaddress] [port]   (defaults: 198.51.100.255 13)\n");
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
