/* ch15_unixbind.c — UNP vol. 1, Figure 15.2: bind an AF_LOCAL socket to
 * a path name (length SUN_LEN), then getsockname: the name it has and the
 * length the kernel returns (13 for /tmp/moose on Linux, the NUL
 * counted). The C twin of examples/ch15_unixbind.rs.
 *
 *   cc -Wall -Wextra -o ch15_unixbind docs/c/ch15_unixbind.c
 *   ./ch15_unixbind /tmp/moose
 *   bound name = /tmp/moose, returned len = 13
 *
 * The book calls unlink(argv[1]) before bind ("OK if this fails"); this
 * copy leaves it out, so a second run shows bind's EADDRINUSE until the
 * path is removed (and so a mistyped argument never deletes a file).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define SA struct sockaddr

int main(int argc, char **argv)
{
    int sockfd;
    socklen_t len;
    struct sockaddr_un addr1, addr2;

    if (argc != 2) {
        fprintf(stderr, "usage: ch15_unixbind <pathname>\n");
        exit(1);
    }

    if ((sockfd = socket(AF_LOCAL, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }

    bzero(&addr1, sizeof(addr1));
    addr1.sun_family = AF_LOCAL;
    strncpy(addr1.sun_path, argv[1], sizeof(addr1.sun_path) - 1);
    if (bind(sockfd, (SA *) &addr1, SUN_LEN(&addr1)) < 0) {
        perror("bind");
        exit(1);
    }

    len = sizeof(addr2);
    if (getsockname(sockfd, (SA *) &addr2, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("bound name = %s, returned len = %d\n", addr2.sun_path, len);
    exit(0);
}
