/* ch22_dgechoaddr.c — UNP vol. 1, sections 22.2-22.3 (advio/dgechoaddr.c
 * with udpserv01.c): the UDP echo server that prints each datagram's size,
 * sender, destination address and arrival interface (recvfrom_flags), and
 * whether it was truncated (MAXLINE is 20). The C twin of
 * examples/ch22_dgechoaddr.rs.
 *
 *   cc -Wall -Wextra -o ch22_dgechoaddr docs/c/ch22_dgechoaddr.c
 *   ./ch22_dgechoaddr [port]     (default 9877)
 *
 * Linux has neither IP_RECVDSTADDR nor IP_RECVIF, the book's options:
 * recvfrom_flags here reads Linux's IP_PKTINFO, which carries both. Also
 * this copy's: the port argument and the "bound to" line (getsockname).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#undef MAXLINE
#define MAXLINE 20 /* to see datagram truncation */
#define SERV_PORT 9877
#define SA struct sockaddr

struct unp_in_pktinfo {
    struct in_addr ipi_addr; /* dst IPv4 address */
    int ipi_ifindex;         /* received interface index */
};

/* Figure 22.2's recvfrom_flags, on Linux's IP_PKTINFO */
static ssize_t recvfrom_flags(int fd, void *ptr, size_t nbytes, int *flagsp, SA *sa,
                              socklen_t *salenptr, struct unp_in_pktinfo *pktp)
{
    struct msghdr msg;
    struct iovec iov[1];
    ssize_t n;
    struct cmsghdr *cmptr;
    union {
        struct cmsghdr cm;
        char control[CMSG_SPACE(sizeof(struct in_pktinfo))];
    } control_un;

    msg.msg_control = control_un.control;
    msg.msg_controllen = sizeof(control_un.control);
    msg.msg_flags = 0;

    msg.msg_name = sa;
    msg.msg_namelen = *salenptr;
    iov[0].iov_base = ptr;
    iov[0].iov_len = nbytes;
    msg.msg_iov = iov;
    msg.msg_iovlen = 1;

    if ((n = recvmsg(fd, &msg, *flagsp)) < 0)
        return n;

    *salenptr = msg.msg_namelen; /* pass back results */
    if (pktp)
        bzero(pktp, sizeof(struct unp_in_pktinfo)); /* 0.0.0.0, i/f = 0 */
    *flagsp = msg.msg_flags; /* pass back results */
    if (msg.msg_controllen < sizeof(struct cmsghdr) || (msg.msg_flags & MSG_CTRUNC) || pktp == NULL)
        return n;

    for (cmptr = CMSG_FIRSTHDR(&msg); cmptr != NULL; cmptr = CMSG_NXTHDR(&msg, cmptr)) {
        if (cmptr->cmsg_level == IPPROTO_IP && cmptr->cmsg_type == IP_PKTINFO) {
            struct in_pktinfo *pi = (struct in_pktinfo *) CMSG_DATA(cmptr);
            pktp->ipi_addr = pi->ipi_addr;
            pktp->ipi_ifindex = pi->ipi_ifindex;
            continue;
        }
    }
    return n;
}

static void dg_echo(int sockfd, SA *pcliaddr, socklen_t clilen)
{
    int flags;
    const int on = 1;
    socklen_t len;
    ssize_t n;
    char mesg[MAXLINE], str[INET6_ADDRSTRLEN], ifname[IFNAMSIZ];
    struct in_addr in_zero;
    struct unp_in_pktinfo pktinfo;

    /* the book: IP_RECVDSTADDR and IP_RECVIF; Linux: IP_PKTINFO */
    if (setsockopt(sockfd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) < 0) {
        perror("setsockopt");
        exit(1);
    }
    bzero(&in_zero, sizeof(struct in_addr)); /* all 0 IPv4 address */

    for (;;) {
        len = clilen;
        flags = 0;
        if ((n = recvfrom_flags(sockfd, mesg, MAXLINE, &flags, pcliaddr, &len, &pktinfo)) < 0) {
            perror("recvmsg");
            exit(1);
        }
        printf("%zd-byte datagram from %s:%d", n,
               inet_ntop(AF_INET, &((struct sockaddr_in *) pcliaddr)->sin_addr, str, sizeof(str)),
               ntohs(((struct sockaddr_in *) pcliaddr)->sin_port)); /* Sock_ntop */
        if (memcmp(&pktinfo.ipi_addr, &in_zero, sizeof(in_zero)) != 0)
            printf(", to %s", inet_ntop(AF_INET, &pktinfo.ipi_addr, str, sizeof(str)));
        if (pktinfo.ipi_ifindex > 0)
            printf(", recv i/f = %s", if_indextoname(pktinfo.ipi_ifindex, ifname));
        if (flags & MSG_TRUNC)
            printf(" (datagram truncated)");
        if (flags & MSG_CTRUNC)
            printf(" (control info truncated)");
        printf("\n");
        fflush(stdout);

        if (sendto(sockfd, mesg, n, 0, pcliaddr, len) < 0) {
            perror("sendto");
            exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_in servaddr, cliaddr;
    socklen_t len;
    char str[INET_ADDRSTRLEN];

    if (argc > 2) {
        fprintf(stderr, "usage: ch22_dgechoaddr [port]   (default: 9877)\n");
        exit(1);
    }
    if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(argc == 2 ? atoi(argv[1]) : SERV_PORT);
    if (bind(sockfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    len = sizeof(servaddr);
    if (getsockname(sockfd, (SA *) &servaddr, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("bound to %s:%d\n", inet_ntop(AF_INET, &servaddr.sin_addr, str, sizeof(str)), ntohs(servaddr.sin_port));
    fflush(stdout);

    dg_echo(sockfd, (SA *) &cliaddr, sizeof(cliaddr));
    exit(0);
}
