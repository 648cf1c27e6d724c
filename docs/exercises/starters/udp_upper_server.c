/* Starter for exercise 06 (docs/exercises/06-udp-upper-server.md), in C:
 * the lecture's upper-case server over UDP.
 *     socklab check upper --udp -- ./udp_upper_server {port}
 * Build: cc -Wall -o udp_upper_server udp_upper_server.c */
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_in servaddr, cliaddr;
    char buf[2048];

    if (argc != 2) {
        fprintf(stderr, "usage: udp_upper_server port\n");
        exit(1);
    }
    if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(atoi(argv[1]));
    if (bind(sockfd, (struct sockaddr *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    /* TODO (check `answer`): for (;;) { len = sizeof(cliaddr);
     * n = recvfrom(sockfd, buf, sizeof(buf), 0, (struct sockaddr *) &cliaddr, &len);
     * toupper each byte; sendto(sockfd, buf, n, 0, (struct sockaddr *) &cliaddr, len); } */
    (void) cliaddr;
    (void) buf;
    return 0;
}
