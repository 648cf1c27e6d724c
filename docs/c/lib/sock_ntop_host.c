/* sock_ntop_host.c — sock_ntop_host(): the address of a socket address, no
 * port (§3.8).
 * Part of the book's library (its lib/ and server/ directories; here
 * docs/c/lib/, built into libunp.a by docs/c/Makefile), shared by the
 * twins that #include "unp.h".
 */
#include "unp.h"

/* sock_ntop_host (section 3.8): the address without the port. */
char *sock_ntop_host(const SA *sa)
{
    static char str[INET6_ADDRSTRLEN];

    if (sa->sa_family == AF_INET6) {
        if (inet_ntop(AF_INET6, &((const struct sockaddr_in6 *) sa)->sin6_addr, str, sizeof(str)) == NULL)
            return NULL;
    } else if (inet_ntop(AF_INET, &((const struct sockaddr_in *) sa)->sin_addr, str, sizeof(str)) == NULL) {
        return NULL;
    }
    return str;
}
