/* print_listening.c — print_listening(): our one addition, the "listening
 * on" line a test waits for.
 * Part of the book's library (its lib/ and server/ directories; here
 * docs/c/lib/, built into libunp.a by docs/c/Makefile), shared by the
 * twins that #include "unp.h".
 */
#include "unp.h"

/* Where the server really listens (port 0: the port the kernel chose). */
void print_listening(int listenfd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);

    if (getsockname(listenfd, (SA *) &ss, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("listening on %s\n", sock_ntop((SA *) &ss, len));
    fflush(stdout);
}
