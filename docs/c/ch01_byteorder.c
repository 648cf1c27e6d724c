/* ch01_byteorder.c — UNP vol. 1, section 3.4, Figure 3.10: which byte
 * order this host uses, what htons/ntohs do to a port, and what a
 * forgotten htons does to port 13. The C twin of examples/ch01_byteorder.rs.
 *
 *   cc -Wall -Wextra -o ch01_byteorder docs/c/ch01_byteorder.c
 *   ./ch01_byteorder
 *   x86_64-linux: little-endian
 *   ...
 *
 * No system calls of its own: under strace only the program starting
 * and writing its output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#if defined(__x86_64__)
#define CPU "x86_64"
#elif defined(__aarch64__)
#define CPU "aarch64"
#elif defined(__i386__)
#define CPU "x86"
#elif defined(__arm__)
#define CPU "arm"
#elif defined(__riscv)
#define CPU "riscv64"
#elif defined(__s390x__)
#define CPU "s390x"
#elif defined(__powerpc64__)
#define CPU "powerpc64"
#else
#define CPU "unknown"
#endif
#define CPU_VENDOR_OS CPU "-linux"

/* The two bytes of a short as they lie in memory: "[02, 01]". */
static void print_bytes(unsigned short s)
{
    unsigned char c[sizeof(s)];
    memcpy(c, &s, sizeof(s));
    printf("[%02x, %02x]", c[0], c[1]);
}

int main(int argc, char **argv)
{
    union {
        short s;
        char c[sizeof(short)];
    } un;
    struct sockaddr_in servaddr;
    char buff[INET_ADDRSTRLEN];
    unsigned short net;

    (void) argv;
    if (argc != 1) {
        fprintf(stderr, "usage: ch01_byteorder   (no arguments)\n");
        exit(1);
    }

    un.s = 0x0102;
    printf("%s: ", CPU_VENDOR_OS);
    if (un.c[0] == 1 && un.c[1] == 2)
        printf("big-endian\n");
    else if (un.c[0] == 2 && un.c[1] == 1)
        printf("little-endian\n");
    else
        printf("unknown\n");
    printf("  0x0102 as a u16 is stored as bytes ");
    print_bytes(0x0102);
    printf("\n");

    net = htons(13);
    printf("htons(13) = %#06x: stored as bytes ", net);
    print_bytes(net);
    printf(", network byte order (big-endian)\n");
    printf("ntohs(htons(13)) = %d\n", ntohs(net));

    /* The classic bug: the port stored in host byte order. */
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    servaddr.sin_port = 13; /* should be htons(13) */
    printf("a forgotten htons: sin_port = 13 is stored as bytes ");
    print_bytes(servaddr.sin_port);
    printf("\n");
    printf("  the kernel reads those bytes as port %d\n", ntohs(servaddr.sin_port));
    printf("  strace shows: {sa_family=AF_INET, sin_port=htons(%d), sin_addr=inet_addr(\"%s\")}\n",
           ntohs(servaddr.sin_port),
           inet_ntop(AF_INET, &servaddr.sin_addr, buff, sizeof(buff)));
    exit(0);
}
