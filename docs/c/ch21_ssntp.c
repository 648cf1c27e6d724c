/* ch21_ssntp.c — UNP vol. 1, section 21.11 (ssntp/main.c, sntp_proc.c,
 * ntp.h, sntp.h, built with MCAST defined): a simple SNTP client. Binds
 * the wildcard address on the NTP port, joins the group on every
 * interface that can multicast, and for each NTP packet prints its
 * sender, version, mode, stratum and the clock difference between its
 * transmit timestamp and our gettimeofday. The C twin of
 * examples/ch21_ssntp.rs.
 *
 *   make -C docs/c   # -> target/c/ch21_ssntp, linked with libunp.a (docs/c/lib/)
 *   ./ch21_ssntp [-n count] [IPaddress] [port]   (defaults 224.0.1.1 123)
 *
 * get_ifi_info (Linux's: SIOCGIFCONF for IPv4, getifaddrs for IPv6) and
 * sock_ntop are the book's library, in docs/c/lib/ (unpifi.h);
 * udp_client, sock_set_wild, mcast_join and family_to_level, library
 * functions too, are written out here. Additions: the defaults
 * (the book: ssntp <IPaddress>, service "ntp"); "from ADDR: " before each
 * packet's line; -n count (the book's runs for ever); the group joined
 * once per interface (get_ifi_info(family, 0): with aliases, an
 * interface with two IPv6 addresses would be joined twice, and the
 * second join fails with EADDRINUSE); the difference printed from a long
 * (the book's uint32_t with %d is wrong past 35 minutes).
 */
#include <stdint.h>
#include <sys/time.h>

#include "unpifi.h"

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
