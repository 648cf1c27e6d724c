/* ch11_hostent2.c — UNP vol. 1, §§ 11.4, 11.18: gethostbyname is not
 * re-entrant. It returns a pointer to one static struct hostent: the
 * pointer a first call returned shows the second call's answer after it.
 * The cure: copy what you need at once. The C twin of
 * examples/ch11_hostent2.rs.
 *
 *   cc -Wall -Wextra -o ch11_hostent2 docs/c/ch11_hostent2.c
 *   ./ch11_hostent2 localhost 127.0.0.1
 *   h1->h_name: 127.0.0.1
 *   h2->h_name: 127.0.0.1
 *   a copy made at once: localhost
 */
#define _GNU_SOURCE /* hstrerror, h_errno */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    struct hostent *hptr1, *hptr2;
    char *saved;

    if (argc != 3) {
        fprintf(stderr, "usage: ch11_hostent2 name1 name2\n");
        exit(1);
    }
    if ((hptr1 = gethostbyname(argv[1])) == NULL) {
        fprintf(stderr, "gethostbyname: %s: %s\n", argv[1], hstrerror(h_errno));
        exit(1);
    }
    saved = strdup(hptr1->h_name); /* the cure: a copy, made at once */
    if ((hptr2 = gethostbyname(argv[2])) == NULL) {
        fprintf(stderr, "gethostbyname: %s: %s\n", argv[2], hstrerror(h_errno));
        exit(1);
    }
    printf("h1->h_name: %s\n", hptr1->h_name); /* the trap: overwritten */
    printf("h2->h_name: %s\n", hptr2->h_name);
    printf("a copy made at once: %s\n", saved);
    exit(0);
}
