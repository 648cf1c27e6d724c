/* ch17_prmac.c — UNP vol. 1, section 17.8: the hardware address of each
 * of the host's IPv4 addresses, looked up in the ARP cache with
 * ioctl(SIOCGARP); with an address and an interface, that address on that
 * interface (a neighbour's). The C twin of examples/ch17_prmac.rs.
 *
 *   cc -Wall -Wextra -o ch17_prmac docs/c/ch17_prmac.c
 *   ./ch17_prmac [IPv4address interface]
 *
 * get_ifi_info is the one of ch17_prifinfo.c (the book's library). Linux
 * changes: the request names its interface in arp_dev (Linux answers
 * ENODEV without one), and a failed lookup prints one line saying that
 * Linux never puts a host's own addresses in its ARP cache, where the book
 * says "ioctl SIOCGARP: No such device".
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

#define IFI_NAME 16  /* same as IFNAMSIZ in <net/if.h> */
#define IFI_HADDR 8  /* allow for 64-bit EUI-64 in future */
#define IFI_ALIAS 1  /* ifi_addr is an alias */

/* Figure 17.5 (unpifi.h) */
struct ifi_info {
    char ifi_name[IFI_NAME];      /* interface name, null-terminated */
    short ifi_index;              /* interface index */
    int ifi_mtu;                  /* interface MTU (the book: short, which makes loopback's 65536 a 0) */
    unsigned char ifi_haddr[IFI_HADDR]; /* hardware address */
    unsigned short ifi_hlen;      /* # bytes in hardware address: 0, 6, 8 */
    short ifi_flags;              /* IFF_xxx constants from <net/if.h> */
    short ifi_myflags;            /* our own IFI_xxx flags */
    struct sockaddr *ifi_addr;    /* primary address */
    struct sockaddr *ifi_brdaddr; /* broadcast address */
    struct sockaddr *ifi_dstaddr; /* destination address */
    struct ifi_info *ifi_next;    /* next of these structures */
};

typedef struct sockaddr SA;

static int Ioctl(int fd, unsigned long request, void *arg)
{
    int n;

    if ((n = ioctl(fd, request, arg)) == -1) {
        perror("ioctl");
        exit(1);
    }
    return n;
}

static void *Calloc(size_t n, size_t size)
{
    void *ptr;

    if ((ptr = calloc(n, size)) == NULL) {
        perror("calloc");
        exit(1);
    }
    return ptr;
}

static void *copy_addr(const struct sockaddr *sa)
{
    size_t len = sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
    void *p = Calloc(1, len);

    memcpy(p, sa, len);
    return p;
}

/* One address of one interface: the per-interface ioctls (Figures
 * 17.7-17.8). Appends to *ifipnext; returns 0 when the interface is down. */
static int add_ifi(int sockfd, const char *name, const struct sockaddr *addr, const struct sockaddr *dst,
                   int family, short myflags, struct ifi_info ***ifipnext)
{
    struct ifreq ifrcopy;
    struct ifi_info *ifi;
    short flags;
    int i;

    bzero(&ifrcopy, sizeof(ifrcopy));
    strncpy(ifrcopy.ifr_name, name, IFNAMSIZ - 1);
    Ioctl(sockfd, SIOCGIFFLAGS, &ifrcopy);
    flags = ifrcopy.ifr_flags;
    if ((flags & IFF_UP) == 0)
        return 0; /* ignore if interface not up */

    ifi = Calloc(1, sizeof(struct ifi_info));
    **ifipnext = ifi;            /* prev points to this new one */
    *ifipnext = &ifi->ifi_next;  /* pointer to next one goes here */

    ifi->ifi_flags = flags;     /* IFF_xxx values */
    ifi->ifi_myflags = myflags; /* IFI_xxx values */
    Ioctl(sockfd, SIOCGIFMTU, &ifrcopy);
    ifi->ifi_mtu = ifrcopy.ifr_mtu;
    memcpy(ifi->ifi_name, name, IFI_NAME);
    ifi->ifi_name[IFI_NAME - 1] = '\0';
    Ioctl(sockfd, SIOCGIFHWADDR, &ifrcopy); /* Linux: no AF_LINK entries */
    for (i = 0; i < 6; i++)
        if (ifrcopy.ifr_hwaddr.sa_data[i] != 0)
            break;
    if (i < 6) {
        memcpy(ifi->ifi_haddr, ifrcopy.ifr_hwaddr.sa_data, 6);
        ifi->ifi_hlen = 6;
    }
    Ioctl(sockfd, SIOCGIFINDEX, &ifrcopy);
    ifi->ifi_index = ifrcopy.ifr_ifindex;
    ifi->ifi_addr = copy_addr(addr);

    if (family == AF_INET) {
        if (flags & IFF_BROADCAST) {
            Ioctl(sockfd, SIOCGIFBRDADDR, &ifrcopy);
            ifi->ifi_brdaddr = copy_addr(&ifrcopy.ifr_broadaddr);
        }
        if (flags & IFF_POINTOPOINT) {
            Ioctl(sockfd, SIOCGIFDSTADDR, &ifrcopy);
            ifi->ifi_dstaddr = copy_addr(&ifrcopy.ifr_dstaddr);
        }
    } else if ((flags & IFF_POINTOPOINT) && dst != NULL) {
        ifi->ifi_dstaddr = copy_addr(dst);
    }
    return 1;
}

/* Figure 17.6-17.8 */
static struct ifi_info *get_ifi_info(int family, int doaliases)
{
    struct ifi_info *ifihead, **ifipnext;
    int sockfd, len, lastlen;
    short myflags;
    char *ptr, *buf, lastname[IFNAMSIZ], *cptr;
    struct ifconf ifc;
    struct ifreq *ifr;
    struct ifaddrs *ifap = NULL, *ifa;

    if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }

    lastlen = 0;
    len = 100 * sizeof(struct ifreq); /* initial buffer size guess */
    buf = NULL;
    if (family == AF_INET) {
        for (;;) {
            buf = Calloc(1, len);
            ifc.ifc_len = len;
            ifc.ifc_buf = buf;
            if (ioctl(sockfd, SIOCGIFCONF, &ifc) < 0) {
                if (errno != EINVAL || lastlen != 0) {
                    perror("ioctl");
                    exit(1);
                }
            } else {
                if (ifc.ifc_len == lastlen)
                    break; /* success, len has not changed */
                lastlen = ifc.ifc_len;
            }
            len += 10 * sizeof(struct ifreq); /* increment */
            free(buf);
        }
    } else if (getifaddrs(&ifap) < 0) { /* Linux: SIOCGIFCONF is IPv4 only */
        perror("getifaddrs");
        exit(1);
    }

    ifihead = NULL;
    ifipnext = &ifihead;
    lastname[0] = 0;

    if (family == AF_INET) {
        for (ptr = buf; ptr < buf + ifc.ifc_len; ptr += sizeof(struct ifreq)) {
            ifr = (struct ifreq *) ptr;
            if (ifr->ifr_addr.sa_family != family)
                continue; /* ignore if not desired address family */
            myflags = 0;
            if ((cptr = strchr(ifr->ifr_name, ':')) != NULL)
                *cptr = 0; /* replace colon with null */
            if (strncmp(lastname, ifr->ifr_name, IFNAMSIZ) == 0) {
                if (doaliases == 0)
                    continue; /* already processed this interface */
                myflags = IFI_ALIAS;
            }
            memcpy(lastname, ifr->ifr_name, IFNAMSIZ);
            add_ifi(sockfd, ifr->ifr_name, &ifr->ifr_addr, NULL, family, myflags, &ifipnext);
        }
        free(buf);
    } else {
        for (ifa = ifap; ifa != NULL; ifa = ifa->ifa_next) {
            char name[IFNAMSIZ];

            if (ifa->ifa_addr == NULL || ifa->ifa_addr->sa_family != family)
                continue; /* ignore if not desired address family */
            myflags = 0;
            strncpy(name, ifa->ifa_name, IFNAMSIZ - 1);
            name[IFNAMSIZ - 1] = 0;
            if ((cptr = strchr(name, ':')) != NULL)
                *cptr = 0; /* replace colon with null */
            if (strncmp(lastname, name, IFNAMSIZ) == 0) {
                if (doaliases == 0)
                    continue; /* already processed this interface */
                myflags = IFI_ALIAS;
            }
            memcpy(lastname, name, IFNAMSIZ);
            add_ifi(sockfd, name, ifa->ifa_addr, ifa->ifa_dstaddr, family, myflags, &ifipnext);
        }
        freeifaddrs(ifap);
    }
    close(sockfd);
    return (ifihead); /* pointer to first structure in linked list */
}

/* Figure 17.9 */
static void free_ifi_info(struct ifi_info *ifihead)
{
    struct ifi_info *ifi, *ifinext;

    for (ifi = ifihead; ifi != NULL; ifi = ifinext) {
        free(ifi->ifi_addr);
        free(ifi->ifi_brdaddr);
        free(ifi->ifi_dstaddr);
        ifinext = ifi->ifi_next; /* can't fetch ifi_next after free() */
        free(ifi);               /* the ifi_info{} itself */
    }
}

/* sock_ntop_host (section 3.8): the address without the port. */
static char *sock_ntop_host(const SA *sa)
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
