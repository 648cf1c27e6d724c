/* Starter for exercise 12 (docs/exercises/12-udp-bind-each-address.md), in
 * C: a UDP echo server on the wildcard address only. Bind one socket per
 * address argument too, on the same port, and serve them all with select
 * (UNP Figure 22.15).
 *     socklab check echo --udp -- ./udp_bind_each {port} 127.0.0.1
 * Build: cc -Wall -o udp_bind_each udp_bind_each.c */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXLINE 4096

int main(int argc, char **argv)
{
    int sockfd;
    ssize_t n;
    socklen_t len;
    char mesg[MAXLINE], str[INET_ADDRSTRLEN];
    struct sockaddr_in servaddr, cliaddr;

    if (argc < 2) {
        fprintf(stderr, "usage: udp_bind_each port [address...]\n");
        exit(1);
    }
    /* TODO: for argv[2..]: a socket, SO_REUSEADDR, bind to that address
     * (inet_pton) and port */
    if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    /* TODO: SO_REUSEADDR here too, or this bind fails after the others */
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(atoi(argv[1]));
    if (bind(sockfd, (struct sockaddr *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    for (;;) {
        /* TODO: select over every socket; serve the ready ones */
        len = sizeof(cliaddr);
        if ((n = recvfrom(sockfd, mesg, MAXLINE, 0, (struct sockaddr *) &cliaddr, &len)) < 0) {
            perror("recvfrom");
            exit(1);
        }
        printf("datagram for 0.0.0.0 from %s:%d\n",
               inet_ntop(AF_INET, &cliaddr.sin_addr, str, sizeof(str)), ntohs(cliaddr.sin_port));
        fflush(stdout);
        if (sendto(sockfd, mesg, n, 0, (struct sockaddr *) &cliaddr, len) < 0) {
            perror("sendto");
            exit(1);
        }
    }
}
