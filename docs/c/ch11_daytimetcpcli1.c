/* ch11_daytimetcpcli1.c — UNP vol. 1, Figure 11.4: the daytime client
 * with names: gethostbyname for the host, getservbyname(service, "tcp")
 * for the port (a number is taken as it is, as the book's
 * daytimetcpcli2), then each of the host's addresses in turn until one
 * connects. The C twin of examples/ch11_daytimetcpcli1.rs.
 *
 *   cc -Wall -Wextra -o ch11_daytimetcpcli1 docs/c/ch11_daytimetcpcli1.c
 *   ./ch11_daytimetcpcli1 hostname [service]   (default 1313)
 *   trying 127.0.0.1:1313
 *
 * Additions: the default service, a numeric service.
 */
#define _GNU_SOURCE /* hstrerror, h_errno */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXLINE 4096
#define SA struct sockaddr

int main(int argc, char **argv)
{
    int sockfd, n;
    char recvline[MAXLINE + 1], str[INET_ADDRSTRLEN];
    struct sockaddr_in servaddr;
    struct in_addr **pptr;
    struct hostent *hp;
    struct servent *sp;
    const char *serv, *c;
    int port;

    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: ch11_daytimetcpcli1 hostname [service]   (default service: 1313)\n");
        exit(1);
    }
    if ((hp = gethostbyname(argv[1])) == NULL) {
        fprintf(stderr, "gethostbyname: %s: %s\n", argv[1], hstrerror(h_errno));
        exit(1);
    }
    serv = argc == 3 ? argv[2] : "1313";
    for (c = serv; *c != '\0' && isdigit((unsigned char) *c); c++)
        ;
    if (*serv != '\0' && *c == '\0')
        port = htons(atoi(serv));
    else if ((sp = getservbyname(serv, "tcp")) == NULL) {
        fprintf(stderr, "getservbyname: %s/tcp: no such service in /etc/services\n", serv);
        exit(1);
    } else
        port = sp->s_port;

    pptr = (struct in_addr **) hp->h_addr_list;
    for (; *pptr != NULL; pptr++) {
        if ((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
            perror("socket");
            exit(1);
        }
        bzero(&servaddr, sizeof(servaddr));
        servaddr.sin_family = AF_INET;
        servaddr.sin_port = port;
        memcpy(&servaddr.sin_addr, *pptr, sizeof(struct in_addr));
        printf("trying %s:%d\n", inet_ntop(AF_INET, &servaddr.sin_addr, str, sizeof(str)),
               ntohs(servaddr.sin_port));

        if (connect(sockfd, (SA *) &servaddr, sizeof(servaddr)) == 0)
            break; /* success */
        perror("connect");
        if (close(sockfd) < 0) {
            perror("close");
            exit(1);
        }
    }
    if (*pptr == NULL)
        exit(1); /* each failed connect has printed its line */

    while ((n = read(sockfd, recvline, MAXLINE)) > 0) {
        recvline[n] = 0; /* null terminate */
        fputs(recvline, stdout);
    }
    if (n < 0) {
        perror("read");
        exit(1);
    }
    exit(0);
}
