/* ch17_prmac.c — UNP vol. 1, section 17.8: the hardware address of each
 * of the host's IPv4 addresses, looked up in the ARP cache with
 * ioctl(SIOCGARP); with an address and an interface, that address on that
 * interface (a neighbour's). The C twin of examples/ch17_prmac.rs.
 *
 *   make -C docs/c   # -> target/c/ch17_prmac, linked with libunp.a (docs/c/lib/)
 *   ./ch17_prmac [IPv4address interface]
 *
 * get_ifi_info is the book's library function, in
 * docs/c/lib/get_ifi_info.c (unpifi.h). Linux changes: the request names
 * its interface in arp_dev (Linux answers ENODEV without one), and a
 * failed lookup prints one line saying that Linux never puts a host's own
 * addresses in its ARP cache, where the book says "ioctl SIOCGARP: No
 * such device".
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

int main(int argc, char **argv)
{
    int sockfd, own;
    struct ifi_info *ifi, *ifihead = NULL, one;
    unsigned char *ptr;
    struct arpreq arpreq;
    struct sockaddr_in *sin, sin1;

    if (argc != 1 && argc != 3) {
        fprintf(stderr, "usage: ch17_prmac [IPv4address interface]\n");
        exit(1);
    }
    own = (argc == 1);
    if (!own) { /* one address, on one interface */
        bzero(&sin1, sizeof(sin1));
        sin1.sin_family = AF_INET;
        if (inet_pton(AF_INET, argv[1], &sin1.sin_addr) <= 0) {
            fprintf(stderr, "inet_pton error for %s\n", argv[1]);
            exit(1);
        }
        if (strlen(argv[2]) >= IFNAMSIZ) {
            fprintf(stderr, "interface name too long: %s\n", argv[2]);
            exit(1);
        }
        bzero(&one, sizeof(one));
        memcpy(one.ifi_name, argv[2], strlen(argv[2]) + 1);
        one.ifi_addr = (SA *) &sin1;
    }

    if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    if (own)
        ifihead = get_ifi_info(AF_INET, 0);
    for (ifi = own ? ifihead : &one; ifi != NULL; ifi = ifi->ifi_next) {
        printf("%s: ", sock_ntop_host(ifi->ifi_addr));

        bzero(&arpreq, sizeof(arpreq));
        sin = (struct sockaddr_in *) &arpreq.arp_pa;
        memcpy(sin, ifi->ifi_addr, sizeof(struct sockaddr_in));
        memcpy(arpreq.arp_dev, ifi->ifi_name, sizeof(arpreq.arp_dev)); /* Linux: name the interface */

        if (ioctl(sockfd, SIOCGARP, &arpreq) < 0) {
            if (own)
                printf("not in the ARP cache (ioctl: %s): Linux never puts a host's own addresses there\n",
                       strerror(errno));
            else
                printf("not in the ARP cache (ioctl: %s)\n", strerror(errno));
            continue;
        }

        ptr = (unsigned char *) &arpreq.arp_ha.sa_data[0];
        printf("%x:%x:%x:%x:%x:%x\n", *ptr, *(ptr + 1), *(ptr + 2), *(ptr + 3), *(ptr + 4), *(ptr + 5));
    }
    free_ifi_info(ifihead);
    exit(0);
}
