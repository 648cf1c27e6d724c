/* ch20_dgclibcast3.c — UNP vol. 1, Figure 20.6: the broadcast daytime
 * client with SIGALRM unblocked only around recvfrom: the book's
 * incorrect fix (the signal can still come between sigprocmask and
 * recvfrom). The C twin of examples/ch20_dgclibcast3.rs.
 *
 *   cc -Wall -Wextra -o ch20_dgclibcast3 docs/c/ch20_dgclibcast3.c
 *   ./ch20_dgclibcast3 [IPaddress] [port]     (defaults 198.51.100.255 13)
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


#define MAXLINE 4096
#define SA struct sockaddr

static void recvfrom_alarm(int signo)
{
    (void) signo;
    return; /* just interrupt the recvfrom() */
}

/* Figure 20.6 */
static void dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    int n;
    const int on = 1;
    char sendline[MAXLINE], recvline[MAXLINE + 1];
    sigset_t sigset_alrm;
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
    sigemptyset(&sigset_alrm);
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
        alarm(5);
        for (;;) {
            len = servlen;
            if (sigprocmask(SIG_UNBLOCK, &sigset_alrm, NULL) < 0) {
                perror("sigprocmask");
                exit(1);
            }
            n = recvfrom(sockfd, recvline, MAXLINE, 0, preply_addr, &len);
            if (sigprocmask(SIG_BLOCK, &sigset_alrm, NULL) < 0) {
                perror("sigprocmask");
                exit(1);
            }
            if (n < 0) {
                if (errno == EINTR)
                    break; /* waited long enough for replies */
                perror("recvfrom");
                exit(1);
            } else {
                recvline[n] = 0; /* null terminate */
                /* Sock_ntop_host(preply_addr, len) */
                inet_ntop(AF_INET, &((struct sockaddr_in *) preply_addr)->sin_addr, str, sizeof(str));
                printf("from %s: %s", str, recvline);
                fflush(stdout);
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
        fprintf(stderr, "usage: ch20_dgclibcast3 [IPaddress] [port]   (defaults: 198.51.100.255 13)\n");
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
