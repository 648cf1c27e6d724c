/* ch21_udpcli01.c — UNP vol. 1, section 21.8 (mcast/udpcli01.c with
 * dgclibcast1.c): chapter 20's broadcast client sent to a multicast group
 * (no SO_BROADCAST): every reply for 5 seconds. The C twin of
 * examples/ch21_udpcli01.rs.
 *
 *   cc -Wall -Wextra -o ch21_udpcli01 docs/c/ch21_udpcli01.c
 *   ./ch21_udpcli01 [IPaddress] [port]     (defaults 224.0.0.1 9877)
 *
 * The arguments' defaults are this copy's one addition.
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
#define SERV_PORT 9877
#define SA struct sockaddr

static void recvfrom_alarm(int signo)
{
    (void) signo;
    return; /* just interrupt the recvfrom() */
}

/* Figure 20.5's dg_cli without SO_BROADCAST (section 21.8) */
static void dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    int n;
    char sendline[MAXLINE], recvline[MAXLINE + 1];
    socklen_t len;
    struct sockaddr *preply_addr;
    char str[INET_ADDRSTRLEN];
    struct sigaction act, oact;

    if ((preply_addr = malloc(servlen)) == NULL) {
        perror("malloc");
        exit(1);
    }
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
            n = recvfrom(sockfd, recvline, MAXLINE, 0, preply_addr, &len);
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
    const char *host = "224.0.0.1";
    int port = SERV_PORT;

    if (argc > 3) {
        fprintf(stderr, "usage: ch21_udpcli01 [IPaddress] [port]   (defaults: 224.0.0.1 9877)\n");
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
