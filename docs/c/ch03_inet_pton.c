/* ch03_inet_pton.c — UNP vol. 1, sections 3.6-3.8: inet_pton
 * ("presentation to numeric"), inet_ntop (back again) and the book's
 * sock_ntop, on IPv4 and IPv6 addresses, including text they refuse.
 * The C twin of examples/ch03_inet_pton.rs.
 *
 *   cc -Wall -Wextra -o ch03_inet_pton docs/c/ch03_inet_pton.c
 *   ./ch03_inet_pton                 (the built-in table of examples)
 *   ./ch03_inet_pton ::1             (one address; IPv6 if it has a ':')
 *   inet_pton(AF_INET6, "::1") -> bytes 00 00 ... 01 -> inet_ntop "::1" -> sock_ntop [::1]:9877
 *
 * No system calls: these are C library functions. Converting an address
 * is not networking, and never asks a name server.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define SERV_PORT 9877
#define SA struct sockaddr

/* The built-in table: the text, and why it is interesting. */
static const char *examples[][2] = {
    {"127.0.0.1", "the IPv4 loopback address"},
    {"192.168.1.20", "a private address: bytes in network order, c0 first"},
    {"0.0.0.0", "INADDR_ANY"},
    {"::1", "the IPv6 loopback address"},
    {"2001:DB8:0:0:8:800:200C:417A", "comes back lower case, zeros shortened to ::"},
    {"::ffff:192.0.2.1", "an IPv4-mapped IPv6 address"},
    {"1.2.3", "inet_aton would take it as 1.2.0.3: inet_pton wants exactly four numbers"},
    {"256.1.1.1", "each number must fit in a byte"},
    {"01.2.3.4", "no leading zeros: inet_aton would read 01 as octal"},
    {"localhost", "a name, not an address: that is getaddrinfo's job"},
    {"2001:db8::1::2", "'::' may appear only once"},
    {" 10.0.0.1", "no spaces allowed"},
};

/* The book's sock_ntop (Figure 3.38), for the two families used here:
 * "192.168.1.20:9877", "[::1]:9877". */
static char *sock_ntop(const SA *sa)
{
    static char str[128];
    char portstr[8];

    switch (sa->sa_family) {
    case AF_INET: {
        const struct sockaddr_in *sin = (const struct sockaddr_in *) sa;
        if (inet_ntop(AF_INET, &sin->sin_addr, str, sizeof(str)) == NULL)
            return NULL;
        snprintf(portstr, sizeof(portstr), ":%d", ntohs(sin->sin_port));
        strcat(str, portstr);
        return str;
    }
    case AF_INET6: {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) sa;
        str[0] = '[';
        if (inet_ntop(AF_INET6, &sin6->sin6_addr, str + 1, sizeof(str) - 1) == NULL)
            return NULL;
        snprintf(portstr, sizeof(portstr), "]:%d", ntohs(sin6->sin6_port));
        strcat(str, portstr);
        return str;
    }
    }
    return NULL;
}

/* text -> inet_pton -> bytes -> inet_ntop -> text, and the socket
 * address sock_ntop prints, on one line. Returns 0, or -1 (and prints
 * nothing) when inet_pton refuses the text. */
static int round_trip(const char *text, char *line, size_t size)
{
    int family = strchr(text, ':') != NULL ? AF_INET6 : AF_INET;
    const char *name = family == AF_INET6 ? "AF_INET6" : "AF_INET";
    struct sockaddr_in servaddr;
    struct sockaddr_in6 servaddr6;
    unsigned char *bytes;
    size_t nbytes, i;
    char back[INET6_ADDRSTRLEN];
    const SA *sa;
    int n;

    if (family == AF_INET6) {
        bzero(&servaddr6, sizeof(servaddr6));
        servaddr6.sin6_family = AF_INET6;
        servaddr6.sin6_port = htons(SERV_PORT);
        if (inet_pton(AF_INET6, text, &servaddr6.sin6_addr) <= 0)
            return -1;
        inet_ntop(AF_INET6, &servaddr6.sin6_addr, back, sizeof(back));
        bytes = (unsigned char *) &servaddr6.sin6_addr;
        nbytes = sizeof(servaddr6.sin6_addr);
        sa = (SA *) &servaddr6;
    } else {
        bzero(&servaddr, sizeof(servaddr));
        servaddr.sin_family = AF_INET;
        servaddr.sin_port = htons(SERV_PORT);
        if (inet_pton(AF_INET, text, &servaddr.sin_addr) <= 0)
            return -1;
        inet_ntop(AF_INET, &servaddr.sin_addr, back, sizeof(back));
        /* s_addr holds the bytes in network order: look at them in memory */
        bytes = (unsigned char *) &servaddr.sin_addr;
        nbytes = sizeof(servaddr.sin_addr);
        sa = (SA *) &servaddr;
    }
    n = snprintf(line, size, "inet_pton(%s, \"%s\") -> bytes", name, text);
    for (i = 0; i < nbytes; i++)
        n += snprintf(line + n, size - n, " %02x", bytes[i]);
    snprintf(line + n, size - n, " -> inet_ntop \"%s\" -> sock_ntop %s", back, sock_ntop(sa));
    return 0;
}

int main(int argc, char **argv)
{
    char line[512];
    size_t i;

    if (argc > 2) {
        fprintf(stderr, "usage: ch03_inet_pton [address]   (no address: run the built-in examples)\n");
        exit(1);
    }
    if (argc == 2) {
        if (round_trip(argv[1], line, sizeof(line)) < 0) {
            fprintf(stderr, "inet_pton: \"%s\" is not a valid %s address\n", argv[1],
                    strchr(argv[1], ':') != NULL ? "AF_INET6" : "AF_INET");
            exit(1);
        }
        printf("%s\n", line);
        exit(0);
    }
    for (i = 0; i < sizeof(examples) / sizeof(examples[0]); i++) {
        const char *text = examples[i][0];
        const char *name = strchr(text, ':') != NULL ? "AF_INET6" : "AF_INET";
        if (round_trip(text, line, sizeof(line)) == 0)
            printf("%s\n", line);
        else
            printf("inet_pton(%s, \"%s\") -> inet_pton: \"%s\" is not a valid %s address\n",
                   name, text, text, name);
        printf("    (%s)\n", examples[i][1]);
    }
    exit(0);
}
