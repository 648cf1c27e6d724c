/* ch17_prifinfo.c — UNP vol. 1, Figure 17.6: prifinfo, which prints the
 * list get_ifi_info returns (the interface list by ioctl: SIOCGIFCONF,
 * then one request per fact about each interface). get_ifi_info and
 * free_ifi_info (Figures 17.5-17.9) are the book's library functions, in
 * docs/c/lib/get_ifi_info.c (unpifi.h). The C twin of
 * examples/ch17_prifinfo.rs, which calls socklab's unp::get_ifi_info.
 *
 *   make -C docs/c   # -> target/c/ch17_prifinfo, linked with libunp.a (docs/c/lib/)
 *   ./ch17_prifinfo <inet4|inet6> <doaliases>
 *   lo: (1) <UP LOOP >
 *     MTU: 65536
 *     IP addr: 127.0.0.1
 *
 * Linux changes, here and in socklab's get_ifi_info alike: the hardware
 * address and the index come from SIOCGIFHWADDR and SIOCGIFINDEX (BSD has
 * AF_LINK entries in the SIOCGIFCONF list, which Linux does not); and
 * since Linux's SIOCGIFCONF lists IPv4 addresses only, AF_INET6 takes its
 * list from getifaddrs (the book's program prints "get_ifi_info error").
 */
#include <errno.h>
#include <ifaddrs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "unpifi.h"

/* Figure 17.6: prifinfo */
int main(int argc, char **argv)
{
    struct ifi_info *ifi, *ifihead;
    struct sockaddr *sa;
    unsigned char *ptr;
    int i, family, doaliases;

    if (argc != 3) {
        fprintf(stderr, "usage: ch17_prifinfo <inet4|inet6> <doaliases>\n");
        exit(1);
    }

    if (strcmp(argv[1], "inet4") == 0)
        family = AF_INET;
    else if (strcmp(argv[1], "inet6") == 0)
        family = AF_INET6;
    else {
        fprintf(stderr, "invalid <address-family>\n");
        exit(1);
    }
    doaliases = atoi(argv[2]);

    for (ifihead = ifi = get_ifi_info(family, doaliases); ifi != NULL; ifi = ifi->ifi_next) {
        printf("%s: ", ifi->ifi_name);
        if (ifi->ifi_index != 0)
            printf("(%d) ", ifi->ifi_index);
        printf("<");
        if (ifi->ifi_flags & IFF_UP)
            printf("UP ");
        if (ifi->ifi_flags & IFF_BROADCAST)
            printf("BCAST ");
        if (ifi->ifi_flags & IFF_MULTICAST)
            printf("MCAST ");
        if (ifi->ifi_flags & IFF_LOOPBACK)
            printf("LOOP ");
        if (ifi->ifi_flags & IFF_POINTOPOINT)
            printf("P2P ");
        printf(">\n");

        if ((i = ifi->ifi_hlen) > 0) {
            ptr = ifi->ifi_haddr;
            do {
                printf("%s%x", (i == ifi->ifi_hlen) ? "  " : ":", *ptr++);
            } while (--i > 0);
            printf("\n");
        }
        if (ifi->ifi_mtu != 0)
            printf("  MTU: %d\n", ifi->ifi_mtu);

        if ((sa = ifi->ifi_addr) != NULL)
            printf("  IP addr: %s\n", sock_ntop_host(sa));
        if ((sa = ifi->ifi_brdaddr) != NULL)
            printf("  broadcast addr: %s\n", sock_ntop_host(sa));
        if ((sa = ifi->ifi_dstaddr) != NULL)
            printf("  destination addr: %s\n", sock_ntop_host(sa));
    }
    free_ifi_info(ifihead);
    exit(0);
}
