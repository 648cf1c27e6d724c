/* ch17_prifinfo.c — UNP vol. 1, Figures 17.5-17.9: get_ifi_info (the
 * interface list by ioctl: SIOCGIFCONF, then one request per fact about
 * each interface), free_ifi_info, and prifinfo (Figure 17.6), which
 * prints it. The C twin of examples/ch17_prifinfo.rs, which calls
 * socklab's unp::get_ifi_info.
 *
 *   cc -Wall -Wextra -o ch17_prifinfo docs/c/ch17_prifinfo.c
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
