/* ch11_hostent.c — UNP vol. 1, Figure 11.3: for each name on the command
 * line, gethostbyname, then print its official name, its aliases and its
 * IPv4 addresses. The C twin of examples/ch11_hostent.rs.
 *
 *   cc -Wall -Wextra -o ch11_hostent docs/c/ch11_hostent.c
 *   ./ch11_hostent localhost
 *   official hostname: localhost
 *           address: 127.0.0.1
 *
 * A name that does not resolve is reported (hstrerror(h_errno)) and the
 * next one still looked up; the exit status is then 1 (an addition).
 */
#define _GNU_SOURCE /* hstrerror, h_errno */
#include <stdio.h>
#include <stdlib.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
    char *ptr, **pptr;
    char str[INET_ADDRSTRLEN];
    struct hostent *hptr;
    int failed = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: ch11_hostent name…\n");
        exit(1);
    }
    while (--argc > 0) {
        ptr = *++argv;
        if ((hptr = gethostbyname(ptr)) == NULL) {
            fprintf(stderr, "gethostbyname: %s: %s\n", ptr, hstrerror(h_errno));
            failed++;
            continue;
        }
        printf("official hostname: %s\n", hptr->h_name);

        for (pptr = hptr->h_aliases; *pptr != NULL; pptr++)
            printf("\talias: %s\n", *pptr);

        switch (hptr->h_addrtype) {
        case AF_INET:
            pptr = hptr->h_addr_list;
            for (; *pptr != NULL; pptr++)
                printf("\taddress: %s\n", inet_ntop(hptr->h_addrtype, *pptr, str, sizeof(str)));
            break;

        default:
            fprintf(stderr, "unknown address type\n");
            failed++;
            break;
        }
    }
    exit(failed ? 1 : 0);
}
