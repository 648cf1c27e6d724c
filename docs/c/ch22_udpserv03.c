/* ch22_udpserv03.c — UNP vol. 1, section 22.6 (advio/udpserv03.c): a UDP
 * echo server that binds every IPv4 address of the host on one port: each
 * unicast address of each interface (get_ifi_info, chapter 17), each
 * broadcast address (EADDRINUSE tolerated) and the wildcard, and forks a
 * child per socket; each child (mydg_echo) reports which address received
 * each datagram. The C twin of examples/ch22_udpserv03.rs.
 *
 *   cc -Wall -Wextra -o ch22_udpserv03 docs/c/ch22_udpserv03.c
 *   ./ch22_udpserv03 [port]     (default 9877)
 *
 * get_ifi_info is chapter 17's (docs/c/ch17_prifinfo.c), its AF_INET part:
 * Linux's SIOCGIFCONF and one ioctl per fact, as socklab's get_ifi_info.
 * This copy's liberties: the port argument; fflush(stdout) after each
 * line (stdout is a pipe under the tests: a line left in the buffer at a
 * fork would be printed again by the child); and the parent waits for its
 * children (while (wait(NULL) > 0);) where the book's exits at once, so
 * that Ctrl-C, which signals the whole process group, stops them all.
 */
#include <errno.h>
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
#include <sys/wait.h>
#include <unistd.h>

#define SERV_PORT 9877
#define MAXLINE 4096

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
static int add_ifi(int sockfd, const char *name, const struct sockaddr *addr,
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

    if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }

    lastlen = 0;
    len = 100 * sizeof(struct ifreq); /* initial buffer size guess */
    buf = NULL;
    {
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
    }

    ifihead = NULL;
    ifipnext = &ifihead;
    lastname[0] = 0;

    {
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
            add_ifi(sockfd, ifr->ifr_name, &ifr->ifr_addr, family, myflags, &ifipnext);
        }
        free(buf);
    }
    close(sockfd);
    return (ifihead); /* pointer to first structure in linked list */
}

/* Sock_ntop: "address:port" */
static char *sock_ntop(const SA *sa)
{
    static char str[INET_ADDRSTRLEN + 8];
    char host[INET_ADDRSTRLEN];
    const struct sockaddr_in *sin = (const struct sockaddr_in *) sa;

    if (inet_ntop(AF_INET, &sin->sin_addr, host, sizeof(host)) == NULL)
        return NULL;
    snprintf(str, sizeof(str), "%s:%d", host, ntohs(sin->sin_port));
    return str;
}

static void mydg_echo(int sockfd, SA *pcliaddr, socklen_t clilen, SA *myaddr)
{
    ssize_t n;
    char mesg[MAXLINE];
    socklen_t len;

    for (;;) {
        len = clilen;
        if ((n = recvfrom(sockfd, mesg, MAXLINE, 0, pcliaddr, &len)) < 0) {
            perror("recvfrom");
            exit(1);
        }
        printf("child %d, datagram from %s", getpid(), sock_ntop(pcliaddr));
        printf(", to %s\n", sock_ntop(myaddr));
        fflush(stdout);

        if (sendto(sockfd, mesg, n, 0, pcliaddr, len) < 0) {
            perror("sendto");
            exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    int sockfd, port;
    const int on = 1;
    pid_t pid;
    struct ifi_info *ifi;
    struct sockaddr_in *sa, cliaddr, wildaddr;

    if (argc > 2) {
        fprintf(stderr, "usage: ch22_udpserv03 [port]   (default: 9877)\n");
        exit(1);
    }
    port = argc == 2 ? atoi(argv[1]) : SERV_PORT;

    for (ifi = get_ifi_info(AF_INET, 1); ifi != NULL; ifi = ifi->ifi_next) {
        /* bind unicast address */
        if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
            perror("socket");
            exit(1);
        }
        if (setsockopt(sockfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
            perror("setsockopt");
            exit(1);
        }
        sa = (struct sockaddr_in *) ifi->ifi_addr;
        sa->sin_family = AF_INET;
        sa->sin_port = htons(port);
        if (bind(sockfd, (SA *) sa, sizeof(*sa)) < 0) {
            perror("bind");
            exit(1);
        }
        printf("bound %s\n", sock_ntop((SA *) sa));
        fflush(stdout);

        if ((pid = fork()) < 0) {
            perror("fork");
            exit(1);
        } else if (pid == 0) { /* child */
            mydg_echo(sockfd, (SA *) &cliaddr, sizeof(cliaddr), (SA *) sa);
            exit(0); /* never executed */
        }

        if (ifi->ifi_flags & IFF_BROADCAST) {
            /* try to bind broadcast address */
            if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
                perror("socket");
                exit(1);
            }
            if (setsockopt(sockfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
                perror("setsockopt");
                exit(1);
            }
            sa = (struct sockaddr_in *) ifi->ifi_brdaddr;
            sa->sin_family = AF_INET;
            sa->sin_port = htons(port);
            if (bind(sockfd, (SA *) sa, sizeof(*sa)) < 0) {
                if (errno == EADDRINUSE) {
                    printf("EADDRINUSE: %s\n", sock_ntop((SA *) sa));
                    fflush(stdout);
                    close(sockfd);
                    continue;
                } else {
                    fprintf(stderr, "bind error for %s: %s\n", sock_ntop((SA *) sa), strerror(errno));
                    exit(1);
                }
            }
            printf("bound %s\n", sock_ntop((SA *) sa));
            fflush(stdout);

            if ((pid = fork()) < 0) {
                perror("fork");
                exit(1);
            } else if (pid == 0) { /* child */
                mydg_echo(sockfd, (SA *) &cliaddr, sizeof(cliaddr), (SA *) sa);
                exit(0); /* never executed */
            }
        }
    }

    /* bind wildcard address */
    if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    if (setsockopt(sockfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
        perror("setsockopt");
        exit(1);
    }
    bzero(&wildaddr, sizeof(wildaddr));
    wildaddr.sin_family = AF_INET;
    wildaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    wildaddr.sin_port = htons(port);
    if (bind(sockfd, (SA *) &wildaddr, sizeof(wildaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    printf("bound %s\n", sock_ntop((SA *) &wildaddr));
    fflush(stdout);

    if ((pid = fork()) < 0) {
        perror("fork");
        exit(1);
    } else if (pid == 0) { /* child */
        mydg_echo(sockfd, (SA *) &cliaddr, sizeof(cliaddr), (SA *) &wildaddr);
        exit(0); /* never executed */
    }

    /* this copy's: wait for the children instead of leaving them behind */
    while (wait(NULL) > 0)
        ;
    exit(0);
}
