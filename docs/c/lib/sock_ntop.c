/* sock_ntop.c — sock_ntop(): "address:port" of any socket address (§3.8).
 * Part of the book's library (its lib/ and server/ directories; here
 * docs/c/lib/, built into libunp.a by docs/c/Makefile), shared by the
 * twins that #include "unp.h".
 */
#include "unp.h"

char *sock_ntop(const SA *sa, socklen_t salen)
{
    static char str[128];
    char portstr[8];

    (void) salen;
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) sa;
        str[0] = '[';
        inet_ntop(AF_INET6, &sin6->sin6_addr, str + 1, sizeof(str) - 1);
        snprintf(portstr, sizeof(portstr), "]:%d", ntohs(sin6->sin6_port));
    } else {
        const struct sockaddr_in *sin = (const struct sockaddr_in *) sa;
        inet_ntop(AF_INET, &sin->sin_addr, str, sizeof(str));
        snprintf(portstr, sizeof(portstr), ":%d", ntohs(sin->sin_port));
    }
    strcat(str, portstr);
    return str;
}
