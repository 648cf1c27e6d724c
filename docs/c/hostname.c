/* hostname.c — C twin of examples/hostname.rs: this machine's name from
 * gethostname(), then the addresses that name resolves to with
 * getaddrinfo() (AF_UNSPEC: IPv4 and IPv6; SOCK_STREAM: one answer per
 * address). With a name argument it looks that name up instead.
 *
 *   cc -std=gnu11 -Wall -Wextra -o hostname docs/c/hostname.c
 *   ./hostname
 *   Host name: vm
 *   Addresses of vm:
 *     AF_INET   127.0.0.1
 *
 * A name that does not resolve is an error: one line on stderr, exit 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc > 2) {
        fprintf(stderr, "usage: hostname [name]\n");
        exit(1);
    }

    char name[256]; /* HOST_NAME_MAX is 64 on Linux, 255 by POSIX */
    if (gethostname(name, sizeof name) < 0) {
        perror("gethostname");
        exit(1);
    }
    printf("Host name: %s\n", name);
    const char *lookup = argc == 2 ? argv[1] : name;

    /* SOCK_STREAM: one answer per address instead of one per socket type. */
    struct addrinfo hints, *res;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(lookup, NULL, &hints, &res);
    if (rc != 0) {
        fprintf(stderr, "getaddrinfo: %s: %s\n", lookup, gai_strerror(rc));
        exit(1);
    }
    printf("Addresses of %s:\n", lookup);
    for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
        char text[INET6_ADDRSTRLEN];
        if (ai->ai_family == AF_INET) {
            struct sockaddr_in *sin = (struct sockaddr_in *) ai->ai_addr;
            inet_ntop(AF_INET, &sin->sin_addr, text, sizeof text);
            printf("  AF_INET   %s\n", text);
        } else if (ai->ai_family == AF_INET6) {
            struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) ai->ai_addr;
            inet_ntop(AF_INET6, &sin6->sin6_addr, text, sizeof text);
            printf("  AF_INET6  %s\n", text);
        } /* AF_UNSPEC asks for IPv4 and IPv6 only */
    }
    freeaddrinfo(res);
    return 0;
}
