/* readline.c — Readline(): one read() per byte (Figure 3.17).
 * Part of the book's library (its lib/ and server/ directories; here
 * docs/c/lib/, built into libunp.a by docs/c/Makefile), shared by the
 * twins that #include "unp.h".
 */
#include "unp.h"

/* Figure 3.17: the plain readline, one read() per byte, no static state. */
ssize_t Readline(int fd, void *vptr, size_t maxlen)
{
    ssize_t n, rc;
    char c, *ptr = vptr;

    for (n = 1; n < (ssize_t) maxlen; n++) {
again:
        if ((rc = read(fd, &c, 1)) == 1) {
            *ptr++ = c;
            if (c == '\n')
                break; /* newline is stored, like fgets() */
        } else if (rc == 0) {
            *ptr = 0;
            return n - 1; /* EOF, n - 1 bytes were read */
        } else {
            if (errno == EINTR)
                goto again;
            perror("readline");
            exit(1);
        }
    }
    *ptr = 0; /* null terminate like fgets() */
    return n;
}
