/* ch21_sntpd.c — a companion to UNP vol. 1, section 21.11 (not a
 * program of the book): a small SNTP server that sends the time to a
 * multicast group every few seconds, an NTP header in mode 5 (broadcast),
 * so that ch21_ssntp has a source in the lab. The C twin of
 * examples/ch21_sntpd.rs.
 *
 *   make -C docs/c   # -> target/c/ch21_sntpd, linked with libunp.a (docs/c/lib/)
 *   ./ch21_sntpd [-n count] [IPaddress] [port] [#seconds]   (defaults 224.0.1.1 123 1)
 *
 * struct ntpdata and JAN_1970 are the book's ntp.h; udp_client and
 * sock_ntop its library functions (udp_client written out here, sock_ntop
 * in docs/c/lib/). -n count: stop
 * after that many packets (the default, 0: for ever).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "unp.h" /* the book's library: sock_ntop (docs/c/lib/) */

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

#define MODE_BROADCAST 5
#define NTP_VERSION 4     /* RFC 5905; SNTP is RFC 4330 */
#define MAXINTERVAL 3600  /* an hour: 2^12 > 3600 in the poll field */

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

int main(int argc, char **argv)
{
    int sockfd, c, interval = 1, ppoll;
    long count = 0, npkts;
    double usecf;
    socklen_t salen;
    struct sockaddr *sasend;
    struct ntpdata ntp;
    struct timeval now;
    const char *host = "224.0.1.1", *serv = "123";

    while ((c = getopt(argc, argv, "+n:")) != -1) {
        if (c == 'n')
            count = atol(optarg);
        else {
            fprintf(stderr, "usage: ch21_sntpd [-n count] [IPaddress] [port] [#seconds]   (defaults: 224.0.1.1 123 1)\n");
            exit(1);
        }
    }
    argc -= optind - 1;
    argv += optind - 1;
    if (argc > 4) {
        fprintf(stderr, "usage: ch21_sntpd [-n count] [IPaddress] [port] [#seconds]   (defaults: 224.0.1.1 123 1)\n");
        exit(1);
    }
    if (argc >= 2)
        host = argv[1];
    if (argc >= 3)
        serv = argv[2];
    if (argc == 4)
        interval = atoi(argv[3]);
    if (interval < 1 || interval > MAXINTERVAL) {
        fprintf(stderr, "#seconds: %s is not a number from 1 to %d\n", argv[3], MAXINTERVAL);
        exit(1);
    }
    for (ppoll = 0; (1 << ppoll) < interval; ppoll++)
        ; /* the interval as a power of two: 2^ppoll >= interval */

    sockfd = udp_client(host, serv, &sasend, &salen);
    printf("sending to %s every %d s\n", sock_ntop(sasend, salen), interval);
    fflush(stdout);

    for (npkts = 0;;) {
        if (gettimeofday(&now, NULL) < 0) {
            perror("gettimeofday");
            exit(1);
        }
        bzero(&ntp, sizeof(ntp));
        ntp.status = (NTP_VERSION << 3) | MODE_BROADCAST; /* leap indicator 0 */
        ntp.stratum = 1;     /* a primary server: its clock is its reference */
        ntp.ppoll = ppoll;   /* log2 of the seconds between packets */
        ntp.precision = -20; /* 2^-20 s: about the microsecond of gettimeofday */
        memcpy(&ntp.refid, "LOCL", 4);
        usecf = now.tv_usec; /* microseconds -> double */
        usecf /= 1000000.0;  /* -> [0, 1.0) */
        ntp.xmt.int_part = htonl(now.tv_sec + JAN_1970);
        ntp.xmt.fraction = htonl((uint32_t) (usecf * 4294967296.0)); /* times 2**32 */
        ntp.reftime = ntp.xmt; /* the clock was last set: now, as far as we know */

        if (sendto(sockfd, &ntp, sizeof(ntp), 0, sasend, salen) < 0) {
            perror("sendto");
            exit(1);
        }
        if (++npkts == count)
            break;
        sleep(interval);
    }
    exit(0);
}
