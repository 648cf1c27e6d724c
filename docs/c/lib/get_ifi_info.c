/* get_ifi_info.c — get_ifi_info() and free_ifi_info() (Figures 17.6-17.8,
 * with Linux's changes: see ch17_prifinfo.c).
 * Part of the book's library (its lib/ and server/ directories; here
 * docs/c/lib/, built into libunp.a by docs/c/Makefile), shared by the
 * twins that #include "unp.h".
 */
#include <ifaddrs.h>
#include <sys/ioctl.h>
#include <net/if_arp.h>

#include "unpifi.h"

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
struct ifi_info *get_ifi_info(int family, int doaliases)
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
void free_ifi_info(struct ifi_info *ifihead)
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
