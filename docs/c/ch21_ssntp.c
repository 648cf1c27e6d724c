/* ch21_ssntp.c — UNP vol. 1, section 21.11 (ssntp/main.c, sntp_proc.c,
 * ntp.h, sntp.h, built with MCAST defined): a simple SNTP client. Binds
 * the wildcard address on the NTP port, joins the group on every
 * interface that can multicast, and for each NTP packet prints its
 * sender, version, mode, stratum and the clock difference between its
 * transmit timestamp and our gettimeofday. The C twin of
 * examples/ch21_ssntp.rs.
 *
 *   cc -Wall -Wextra -o ch21_ssntp docs/c/ch21_ssntp.c
 *   ./ch21_ssntp [-n count] [IPaddress] [port]   (defaults 224.0.1.1 123)
 *
 * udp_client, sock_set_wild, get_ifi_info (Linux's, as in
 * ch17_prifinfo.c), mcast_join, family_to_level and sock_ntop are the
 * book's library functions, written out here. Additions: the defaults
 * (the book: ssntp <IPaddress>, service "ntp"); "from ADDR: " before each
 * packet's line; -n count (the book's runs for ever); the group joined
 * once per interface (get_ifi_info(family, 0): with aliases, an
 * interface with two IPv6 addresses would be joined twice, and the
 * second join fails with EADDRINUSE); the difference printed from a long
 * (the book's uint32_t with %d is wrong past 35 minutes).
 */
#include <errno.h>
#include <ifaddrs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define MAXLINE 4096
#define SA struct sockaddr

/* ntp.h */
#define JAN_1970 2208988800UL /* 1970 - 1900 in seconds */

struct l_fixedpt { /* 64-bit fixed-point */
    uint32_t int_part;
    uint32_t fraction;
};

struct s_fixedpt { /* 32-bit fixed-point */
    uint16_t int_part;
    uint16_t fraction;
};

struct ntpdata { /* NTP header */
    u_char status;
    u_char stratum;
    u_char ppoll;
    int precision : 8;
    struct s_fixedpt distance;
    struct s_fixedpt dispersion;
    uint32_t refid;
    struct l_fixedpt reftime;
    struct l_fixedpt org;
    struct l_fixedpt rec;
    struct l_fixedpt xmt;
};

#define VERSION_MASK 0x38
#define MODE_MASK 0x07

#define MODE_CLIENT 3
#define MODE_SERVER 4
#define MODE_BROADCAST 5

/* unpifi.h: Figure 17.5 */
#define IFI_NAME 16  /* same as IFNAMSIZ in <net/if.h> */
#define IFI_HADDR 8  /* allow for 64-bit EUI-64 in future */
#define IFI_ALIAS 1  /* ifi_addr is an alias */

struct ifi_info {
    char ifi_name[IFI_NAME];      /* interface name, null-terminated */
    short ifi_index;              /* interface index */
    int ifi_mtu;                  /* interface MTU */
    unsigned char ifi_haddr[IFI_HADDR]; /* hardware address */
    unsigned short ifi_hlen;      /* # bytes in hardware address: 0, 6, 8 */
    short ifi_flags;              /* IFF_xxx constants from <net/if.h> */
    short ifi_myflags;            /* our own IFI_xxx flags */
    struct sockaddr *ifi_addr;    /* primary address */
    struct sockaddr *ifi_brdaddr; /* broadcast address */
    struct sockaddr *ifi_dstaddr; /* destination address */
    struct ifi_info *ifi_next;    /* next of these structures */
};

static char *sock_ntop(const SA *sa, socklen_t salen)
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

static void sock_set_wild(SA *sa, socklen_t salen)
{
    (void) salen;
    if (sa->sa_family == AF_INET6) {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) sa;
        sin6->sin6_addr = in6addr_any;
    } else {
        struct sockaddr_in *sin = (struct sockaddr_in *) sa;
        sin->sin_addr.s_addr = htonl(INADDR_ANY);
    }
}

static int udp_client(const char *host, const char *serv, SA **saptr, socklen_t *lenp)
{
    int sockfd, n;
    struct addrinfo hints, *res, *ressave;

    bzero(&hints, sizeof(struct addrinfo));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;

    if ((n = getaddrinfo(host, serv, &hints, &res)) != 0) {
        fprintf(stderr, "udp_client error for %s, %s: %s\n", host, serv, gai_strerror(n));
        exit(1);
    }
    ressave = res;

    do {
        sockfd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
        if (sockfd >= 0)
            break; /* success */
    } while ((res = res->ai_next) != NULL);

    if (res == NULL) { /* errno set from final socket() */
        perror("socket");
        exit(1);
    }
    *saptr = malloc(res->ai_addrlen);
    memcpy(*saptr, res->ai_addr, res->ai_addrlen);
    *lenp = res->ai_addrlen;
    freeaddrinfo(ressave);
    return sockfd;
}

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

/* Figures 17.6-17.8; for AF_INET6 the list comes from getifaddrs (Linux's
 * SIOCGIFCONF lists IPv4 addresses only) */
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
    } else if (getifaddrs(&ifap) < 0) {
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

static int family_to_level(int family)
{
    switch (family) {
    case AF_INET:
        return IPPROTO_IP;
    case AF_INET6:
        return IPPROTO_IPV6;
    default:
        return -1;
    }
}

static int mcast_join(int sockfd, const SA *grp, socklen_t grplen, const char *ifname, u_int ifindex)
{
    struct group_req req;

    if (ifindex > 0) {
        req.gr_interface = ifindex;
    } else if (ifname != NULL) {
        if ((req.gr_interface = if_nametoindex(ifname)) == 0) {
            errno = ENXIO; /* i/f name not found */
            return -1;
        }
    } else
        req.gr_interface = 0;
    if (grplen > sizeof(req.gr_group)) {
        errno = EINVAL;
        return -1;
    }
    memcpy(&req.gr_group, grp, grplen);
    return setsockopt(sockfd, family_to_level(grp->sa_family), MCAST_JOIN_GROUP, &req, sizeof(req));
}

/* sntp_proc.c */
static void sntp_proc(char *buf, ssize_t n, struct timeval *nowptr)
{
    int version, mode;
    uint32_t nsec, useci;
    double usecf;
    long usec;
    struct timeval diff;
    struct ntpdata *ntp;

    if (n < (ssize_t) sizeof(struct ntpdata)) {
        printf("packet too small: %zd bytes\n", n);
        fflush(stdout);
        return;
    }

    ntp = (struct ntpdata *) buf;
    version = (ntp->status & VERSION_MASK) >> 3;
    mode = ntp->status & MODE_MASK;
    printf("v%d, mode %d, strat %d, ", version, mode, ntp->stratum);
    if (mode == MODE_CLIENT) {
        printf("client\n");
        fflush(stdout);
        return;
    }

    nsec = ntohl(ntp->xmt.int_part) - JAN_1970;
    useci = ntohl(ntp->xmt.fraction); /* 32-bit integer fraction */
    usecf = useci;                    /* integer fraction -> double */
    usecf /= 4294967296.0;            /* divide by 2**32 -> [0, 1.0) */
    useci = usecf * 1000000.0;        /* fraction -> parts per million */

    diff.tv_sec = nowptr->tv_sec - nsec;
    if ((diff.tv_usec = nowptr->tv_usec - useci) < 0) {
        diff.tv_usec += 1000000;
        diff.tv_sec--;
    }
    usec = (diff.tv_sec * 1000000) + diff.tv_usec; /* diff in microsec */
    printf("clock difference = %ld usec\n", usec);
    fflush(stdout);
}

/* main.c */
int main(int argc, char **argv)
{
    int sockfd, c;
    long count = 0, npkts;
    char buf[MAXLINE];
    ssize_t n;
    socklen_t salen, len;
    struct ifi_info *ifi;
    struct sockaddr *mcastsa, *wild, *from;
    struct timeval now;
    const char *host = "224.0.1.1", *serv = "123";

    while ((c = getopt(argc, argv, "+n:")) != -1) {
        if (c == 'n')
            count = atol(optarg);
        else {
            fprintf(stderr, "usage: ch21_ssntp [-n count] [IPaddress] [port]   (defaults: 224.0.1.1 123)\n");
            exit(1);
        }
    }
    argc -= optind - 1;
    argv += optind - 1;
    if (argc > 3) {
        fprintf(stderr, "usage: ch21_ssntp [-n count] [IPaddress] [port]   (defaults: 224.0.1.1 123)\n");
        exit(1);
    }
    if (argc >= 2)
        host = argv[1];
    if (argc == 3)
        serv = argv[2];

    sockfd = udp_client(host, serv, &mcastsa, &salen);

    wild = malloc(salen);
    memcpy(wild, mcastsa, salen); /* copy family and port */
    sock_set_wild(wild, salen);
    if (bind(sockfd, wild, salen) < 0) { /* bind wildcard */
        perror("bind");
        exit(1);
    }

    /* MCAST: obtain interface list and process each one */
    for (ifi = get_ifi_info(mcastsa->sa_family, 0); ifi != NULL; ifi = ifi->ifi_next) {
        if (ifi->ifi_flags & IFF_MULTICAST) {
            if (mcast_join(sockfd, mcastsa, salen, ifi->ifi_name, 0) < 0) {
                perror("mcast_join");
                exit(1);
            }
            printf("joined %s on %s\n", sock_ntop(mcastsa, salen), ifi->ifi_name);
            fflush(stdout);
        }
    }

    from = malloc(salen);
    for (npkts = 0; count == 0 || npkts < count; npkts++) {
        len = salen;
        if ((n = recvfrom(sockfd, buf, sizeof(buf), 0, from, &len)) < 0) {
            perror("recvfrom");
            exit(1);
        }
        if (gettimeofday(&now, NULL) < 0) {
            perror("gettimeofday");
            exit(1);
        }
        printf("from %s: ", sock_ntop(from, len));
        sntp_proc(buf, n, &now);
    }
    exit(0);
}
