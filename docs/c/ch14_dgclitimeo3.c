/* ch14_dgclitimeo3.c — UNP vol. 1, Figure 14.2: the UDP echo client with a
 * timeout made by alarm (SIGALRM interrupts recvfrom). The C twin of examples/ch14_dgclitimeo3.rs.
 *
 *   cc -Wall -Wextra -o ch14_dgclitimeo3 docs/c/ch14_dgclitimeo3.c
 *   ./ch14_dgclitimeo3 [IPaddress] [port]     (defaults 127.0.0.1 9877)
 *
 * With no server, each line ends 5 seconds later in "socket timeout" on
 * stderr. The port argument (and the host's default) is this copy's one
 * addition to the book's program.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define MAXLINE 4096
#define SERV_PORT 9877
#define SA struct sockaddr

static void sig_alrm(int signo)
{
    (void) signo;
    return; /* just interrupt the recvfrom() */
}

/* Figure 14.2 */
static void dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    int n;
    char sendline[MAXLINE], recvline[MAXLINE + 1];
    struct sigaction act, oact;

    /* Signal(SIGALRM, sig_alrm): the book's Signal, without SA_RESTART
     * for SIGALRM, so that the signal interrupts recvfrom */
    act.sa_handler = sig_alrm;
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
        if ((n = recvfrom(sockfd, recvline, MAXLINE, 0, NULL, NULL)) < 0) {
            if (errno == EINTR)
                fprintf(stderr, "socket timeout\n");
            else {
                perror("recvfrom");
                exit(1);
            }
        } else {
            alarm(0);
            recvline[n] = 0; /* null terminate */
            fputs(recvline, stdout);
            fflush(stdout);
        }
    }
}

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_in servaddr;
    const char *host = "127.0.0.1";
    int port = SERV_PORT;

    if (argc > 3) {
        fprintf(stderr, "usage: ch14_dgclitimeo3 [IPaddress] [port]   (defaults: 127.0.0.1 9877)\n");
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
