/* writen.c — Writen(): write all n bytes (Figure 3.15).
 * Part of the book's library (its lib/ and server/ directories; here
 * docs/c/lib/, built into libunp.a by docs/c/Makefile), shared by the
 * twins that #include "unp.h".
 */
#include "unp.h"

/* Figure 3.15: write all n bytes. */
void Writen(int fd, const void *vptr, size_t n)
{
    size_t nleft = n;
    const char *ptr = vptr;
    ssize_t nwritten;

    while (nleft > 0) {
        if ((nwritten = write(fd, ptr, nleft)) <= 0) {
            if (nwritten < 0 && errno == EINTR)
                nwritten = 0; /* and call write() again */
            else {
                perror("writen");
                exit(1);
            }
        }
        nleft -= nwritten;
        ptr += nwritten;
    }
}
