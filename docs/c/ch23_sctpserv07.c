/* ch23_sctpserv07.c — UNP vol. 1, section 23.6, Figures 23.8-23.9: an
 * AF_INET6 one-to-many echo server bound to exactly the addresses given
 * on the command line: sctp_bind_arg_list looks each up (host_serv, that
 * is getaddrinfo) and passes the packed list to one sctp_bindx call.
 * C twin of examples/ch23_sctpserv07.rs.
 *
 *   cc -Wall -Wextra -o sctpserv07 docs/c/ch23_sctpserv07.c -lsctp
 *   ./sctpserv07 port address...
 *   bound to [::ffff:127.0.0.1]:9877 [::ffff:127.0.0.2]:9877
 *
 * Needs a kernel with SCTP (scripts/sctp-vm) and libsctp-dev. Besides the
 * book: the port is the first argument (the book uses SERV_PORT), and the
 * addresses bound are printed (sctp_getladdrs of association 0).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <sys/socket.h>
#include <unistd.h>

#define LISTENQ 1024
#define BUFFSIZE 8192

typedef struct sockaddr SA;

static struct addrinfo *host_serv(const char *host, const char *serv, int family, int socktype)
{
    int n;
    struct addrinfo hints, *res;

    bzero(&hints, sizeof(struct addrinfo));
    hints.ai_flags = AI_CANONNAME;
    hints.ai_family = family;
    hints.ai_socktype = socktype;
    if ((n = getaddrinfo(host, serv, &hints, &res)) != 0) {
        fprintf(stderr, "getaddrinfo: %s\n", gai_strerror(n));
        exit(1);
    }
    return res;
}

static int sctp_bind_arg_list(int sock_fd, char **argv, int argc, const char *port)
{
    struct addrinfo *addr;
    char *bindbuf, *p;
    int addrcnt = 0;
    int i;

    bindbuf = calloc(argc, sizeof(struct sockaddr_storage));
    p = bindbuf;
    for (i = 0; i < argc; i++) {
        addr = host_serv(argv[i], port, AF_UNSPEC, SOCK_SEQPACKET);
        memcpy(p, addr->ai_addr, addr->ai_addrlen);
        p += addr->ai_addrlen;
        addrcnt++;
        freeaddrinfo(addr);
    }
    if (sctp_bindx(sock_fd, (SA *) bindbuf, addrcnt, SCTP_BINDX_ADD_ADDR) < 0) {
        perror("setsockopt");
        exit(1);
    }
    free(bindbuf);
    return 0;
}

int main(int argc, char **argv)
{
    int sock_fd, msg_flags, i, n;
    char readbuf[BUFFSIZE];
    char str[INET6_ADDRSTRLEN];
    struct sockaddr_in6 cliaddr;
    struct sockaddr *laddrs;
    char *p;
    struct sctp_sndrcvinfo sri;
    struct sctp_event_subscribe evnts;
    socklen_t len;
    ssize_t rd_sz;

    if (argc < 3) {
        fprintf(stderr, "usage: ch23_sctpserv07 port address...\n");
        exit(1);
    }
    if ((sock_fd = socket(AF_INET6, SOCK_SEQPACKET, IPPROTO_SCTP)) < 0) {
        perror("socket");
        exit(1);
    }
    sctp_bind_arg_list(sock_fd, argv + 2, argc - 2, argv[1]);

    bzero(&evnts, sizeof(evnts));
    evnts.sctp_data_io_event = 1;
    if (setsockopt(sock_fd, IPPROTO_SCTP, SCTP_EVENTS, &evnts, sizeof(evnts)) < 0) {
        perror("setsockopt");
        exit(1);
    }
    if (listen(sock_fd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
    if ((n = sctp_getladdrs(sock_fd, 0, &laddrs)) < 0) {
        perror("getsockopt");
        exit(1);
    }
    printf("bound to");
    p = (char *) laddrs;
    for (i = 0; i < n; i++) {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) p;
        printf(" [%s]:%d", inet_ntop(AF_INET6, &sin6->sin6_addr, str, sizeof(str)), ntohs(sin6->sin6_port));
        p += sizeof(struct sockaddr_in6);
    }
    printf("\n");
    fflush(stdout);
    sctp_freeladdrs(laddrs);

    for (;;) {
        len = sizeof(cliaddr);
        msg_flags = 0;
        rd_sz = sctp_recvmsg(sock_fd, readbuf, sizeof(readbuf), (SA *) &cliaddr, &len, &sri, &msg_flags);
        if (rd_sz < 0) {
            perror("recvmsg");
            exit(1);
        }
        if (sctp_sendmsg(sock_fd, readbuf, rd_sz, (SA *) &cliaddr, len, sri.sinfo_ppid, sri.sinfo_flags, sri.sinfo_stream, 0, 0) < 0) {
            perror("sendmsg");
            exit(1);
        }
    }
}
