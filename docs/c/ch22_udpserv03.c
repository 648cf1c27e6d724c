/* ch22_udpserv03.c — UNP vol. 1, section 22.6 (advio/udpserv03.c): a UDP
 * echo server that binds every IPv4 address of the host on one port: each
 * unicast address of each interface (get_ifi_info, chapter 17), each
 * broadcast address (EADDRINUSE tolerated) and the wildcard, and forks a
 * child per socket; each child (mydg_echo) reports which address received
 * each datagram. The C twin of examples/ch22_udpserv03.rs.
 *
 *   make -C docs/c   # -> target/c/ch22_udpserv03, linked with libunp.a (docs/c/lib/)
 *   ./ch22_udpserv03 [port]     (default 9877)
 *
 * get_ifi_info and sock_ntop are the book's library functions
 * (docs/c/lib/, chapter 17's unpifi.h): Linux's SIOCGIFCONF and one ioctl
 * per fact, as socklab's get_ifi_info.
 * This copy's liberties: the port argument; fflush(stdout) after each
 * line (stdout is a pipe under the tests: a line left in the buffer at a
 * fork would be printed again by the child); and the parent waits for its
 * children (while (wait(NULL) > 0);) where the book's exits at once, so
 * that Ctrl-C, which signals the whole process group, stops them all.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unpifi.h"

#define SERV_PORT 9877

static void mydg_echo(int sockfd, SA *pcliaddr, socklen_t clilen, SA *myaddr)
{
    ssize_t n;
    char mesg[MAXLINE];
    socklen_t len;

    for (;;) {
        len = clilen;
        if ((n = recvfrom(sockfd, mesg, MAXLINE, 0, pcliaddr, &len)) < 0) {
            perror("recvfrom");
            exit(1);
        }
        printf("child %d, datagram from %s", getpid(), sock_ntop(pcliaddr, len));
        printf(", to %s\n", sock_ntop(myaddr, clilen));
        fflush(stdout);

        if (sendto(sockfd, mesg, n, 0, pcliaddr, len) < 0) {
            perror("sendto");
            exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    int sockfd, port;
    const int on = 1;
    pid_t pid;
    struct ifi_info *ifi;
    struct sockaddr_in *sa, cliaddr, wildaddr;

    if (argc > 2) {
        fprintf(stderr, "usage: ch22_udpserv03 [port]   (default: 9877)\n");
        exit(1);
    }
    port = argc == 2 ? atoi(argv[1]) : SERV_PORT;

    for (ifi = get_ifi_info(AF_INET, 1); ifi != NULL; ifi = ifi->ifi_next) {
        /* bind unicast address */
        if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
            perror("socket");
            exit(1);
        }
        if (setsockopt(sockfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
            perror("setsockopt");
            exit(1);
        }
        sa = (struct sockaddr_in *) ifi->ifi_addr;
        sa->sin_family = AF_INET;
        sa->sin_port = htons(port);
        if (bind(sockfd, (SA *) sa, sizeof(*sa)) < 0) {
            perror("bind");
            exit(1);
        }
        printf("bound %s\n", sock_ntop((SA *) sa, sizeof(*sa)));
        fflush(stdout);

        if ((pid = fork()) < 0) {
            perror("fork");
            exit(1);
        } else if (pid == 0) { /* child */
            mydg_echo(sockfd, (SA *) &cliaddr, sizeof(cliaddr), (SA *) sa);
            exit(0); /* never executed */
        }

        if (ifi->ifi_flags & IFF_BROADCAST) {
            /* try to bind broadcast address */
            if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
                perror("socket");
                exit(1);
            }
            if (setsockopt(sockfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
                perror("setsockopt");
                exit(1);
            }
            sa = (struct sockaddr_in *) ifi->ifi_brdaddr;
            sa->sin_family = AF_INET;
            sa->sin_port = htons(port);
            if (bind(sockfd, (SA *) sa, sizeof(*sa)) < 0) {
                if (errno == EADDRINUSE) {
                    printf("EADDRINUSE: %s\n", sock_ntop((SA *) sa, sizeof(*sa)));
                    fflush(stdout);
                    close(sockfd);
                    continue;
                } else {
                    fprintf(stderr, "bind error for %s: %s\n", sock_ntop((SA *) sa, sizeof(*sa)), strerror(errno));
                    exit(1);
                }
            }
            printf("bound %s\n", sock_ntop((SA *) sa, sizeof(*sa)));
            fflush(stdout);

            if ((pid = fork()) < 0) {
                perror("fork");
                exit(1);
            } else if (pid == 0) { /* child */
                mydg_echo(sockfd, (SA *) &cliaddr, sizeof(cliaddr), (SA *) sa);
                exit(0); /* never executed */
            }
        }
    }

    /* bind wildcard address */
    if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    if (setsockopt(sockfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
        perror("setsockopt");
        exit(1);
    }
    bzero(&wildaddr, sizeof(wildaddr));
    wildaddr.sin_family = AF_INET;
    wildaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    wildaddr.sin_port = htons(port);
    if (bind(sockfd, (SA *) &wildaddr, sizeof(wildaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    printf("bound %s\n", sock_ntop((SA *) &wildaddr, sizeof(wildaddr)));
    fflush(stdout);

    if ((pid = fork()) < 0) {
        perror("fork");
        exit(1);
    } else if (pid == 0) { /* child */
        mydg_echo(sockfd, (SA *) &cliaddr, sizeof(cliaddr), (SA *) &wildaddr);
        exit(0); /* never executed */
    }

    /* this copy's: wait for the children instead of leaving them behind */
    while (wait(NULL) > 0)
        ;
    exit(0);
}
