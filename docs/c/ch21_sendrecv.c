/* ch21_sendrecv.c — UNP vol. 1, section 21.10 (mcast/main.c, send.c,
 * recv.c): send "hostname, pid" to a multicast group every 5 seconds and
 * print what arrives from it; loopback of our own datagrams is off. The C
 * twin of examples/ch21_sendrecv.rs.
 *
 *   make -C docs/c   # -> target/c/ch21_sendrecv, linked with libunp.a (docs/c/lib/)
 *   ./ch21_sendrecv [-t TTL] [IP-multicast-address] [port#]   (defaults 239.255.1.2 8888)
 *
 * udp_client, mcast_join, mcast_set_loop, mcast_set_ttl, sockfd_to_family,
 * family_to_level and sock_ntop are the book's library functions (sock_ntop
 * in docs/c/lib/, the others written out here; mcast_join as it builds
 * where MCAST_JOIN_GROUP exists, as on Linux). Additions: the arguments' defaults, and -t TTL (mcast_set_ttl on
 * the sending socket; the book's program keeps the default TTL, 1).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "unp.h" /* the book's library: sock_ntop (docs/c/lib/) */

#define MAXLINE 4096
#define SA struct sockaddr
#define SENDRATE 5 /* send one datagram every five seconds */

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

static int sockfd_to_family(int sockfd)
{
    struct sockaddr_storage ss;
    socklen_t len;

    len = sizeof(ss);
    if (getsockname(sockfd, (SA *) &ss, &len) < 0)
        return -1;
    return ss.ss_family;
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

static int mcast_set_loop(int sockfd, int onoff)
{
    switch (sockfd_to_family(sockfd)) {
    case AF_INET: {
        u_char flag;

        flag = onoff;
        return setsockopt(sockfd, IPPROTO_IP, IP_MULTICAST_LOOP, &flag, sizeof(flag));
    }
    case AF_INET6: {
        u_int flag;

        flag = onoff;
        return setsockopt(sockfd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &flag, sizeof(flag));
    }
    default:
        errno = EAFNOSUPPORT;
        return -1;
    }
}

static int mcast_set_ttl(int sockfd, int val)
{
    switch (sockfd_to_family(sockfd)) {
    case AF_INET: {
        u_char ttl;

        ttl = val;
        return setsockopt(sockfd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl));
    }
    case AF_INET6: {
        int hop;

        hop = val;
        return setsockopt(sockfd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hop, sizeof(hop));
    }
    default:
        errno = EAFNOSUPPORT;
        return -1;
    }
}

/* send.c */
static void send_all(int sendfd, SA *sadest, socklen_t salen)
{
    char line[MAXLINE]; /* hostname and process ID */
    struct utsname myname;

    if (uname(&myname) < 0) {
        perror("uname");
        exit(1);
    }
    snprintf(line, sizeof(line), "%s, %d\n", myname.nodename, getpid());

    for (;;) {
        if (sendto(sendfd, line, strlen(line), 0, sadest, salen) < 0) {
            perror("sendto");
            exit(1);
        }
        sleep(SENDRATE);
    }
}

/* recv.c */
static void recv_all(int recvfd, socklen_t salen)
{
    int n;
    char line[MAXLINE + 1];
    socklen_t len;
    struct sockaddr *safrom;

    safrom = malloc(salen);

    for (;;) {
        len = salen;
        if ((n = recvfrom(recvfd, line, MAXLINE, 0, safrom, &len)) < 0) {
            perror("recvfrom");
            exit(1);
        }
        line[n] = 0; /* null terminate */
        printf("from %s: %s", sock_ntop(safrom, len), line);
        fflush(stdout);
    }
}

/* main.c */
int main(int argc, char **argv)
{
    int sendfd, recvfd;
    const int on = 1;
    socklen_t salen;
    struct sockaddr *sasend, *sarecv;
    const char *group = "239.255.1.2", *port = "8888";
    pid_t pid;
    int ttl = -1; /* -t TTL; without it the default TTL (1) */

    if (argc >= 2 && argv[1][0] == '-') {
        if (argc < 3 || strcmp(argv[1], "-t") != 0) {
            fprintf(stderr, "usage: ch21_sendrecv [-t TTL] [IP-multicast-address] [port#]   (defaults: 239.255.1.2 8888)\n");
            exit(1);
        }
        ttl = atoi(argv[2]);
        argv += 2;
        argc -= 2;
    }
    if (argc > 3) {
        fprintf(stderr, "usage: ch21_sendrecv [-t TTL] [IP-multicast-address] [port#]   (defaults: 239.255.1.2 8888)\n");
        exit(1);
    }
    if (argc >= 2)
        group = argv[1];
    if (argc == 3)
        port = argv[2];

    sendfd = udp_client(group, port, &sasend, &salen);

    if ((recvfd = socket(sasend->sa_family, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    if (setsockopt(recvfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
        perror("setsockopt");
        exit(1);
    }
    sarecv = malloc(salen);
    memcpy(sarecv, sasend, salen);
    if (bind(recvfd, sarecv, salen) < 0) {
        perror("bind");
        exit(1);
    }
    if (mcast_join(recvfd, sasend, salen, NULL, 0) < 0) {
        perror("mcast_join");
        exit(1);
    }
    if (mcast_set_loop(sendfd, 0) < 0) {
        perror("mcast_set_loop");
        exit(1);
    }
    if (ttl >= 0 && mcast_set_ttl(sendfd, ttl) < 0) {
        perror("mcast_set_ttl");
        exit(1);
    }

    if ((pid = fork()) < 0) {
        perror("fork");
        exit(1);
    } else if (pid == 0)
        recv_all(recvfd, salen); /* child -> receives */

    send_all(sendfd, sasend, salen); /* parent -> sends */
    exit(0);
}
