/* ch23_sctpclient04.c — UNP vol. 1, section 23.7, Figures 23.11-23.13:
 * the client of ch23_sctpclient01 also subscribed to association events.
 * When the association comes up (SCTP_COMM_UP) it lists the peer's
 * addresses (sctp_getpaddrs) and its own (sctp_getladdrs).
 * C twin of examples/ch23_sctpclient04.rs.
 *
 *   cc -Wall -Wextra -o sctpclient04 docs/c/ch23_sctpclient04.c -lsctp
 *   ./sctpclient04 [host] [port]          (defaults 127.0.0.1 9877)
 *   [0]hello
 *   There are 1 remote addresses and they are:
 *   127.0.0.1:9877
 *
 * Needs a kernel with SCTP (scripts/sctp-vm) and libsctp-dev. The book's
 * sctp_print_addresses uses Sock_ntop on each address; this one prints
 * AF_INET addresses, the only ones this client's associations have.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <sys/socket.h>
#include <unistd.h>

#define SERV_PORT 9877
#define MAXLINE 4096

typedef struct sockaddr SA;

static void sctp_print_addresses(struct sockaddr_storage *addrs, int num)
{
    struct sockaddr_storage *ss;
    struct sockaddr_in *sin;
    char str[INET_ADDRSTRLEN];
    int i;

    ss = addrs;
    for (i = 0; i < num; i++) {
        sin = (struct sockaddr_in *) ss;
        printf("%s:%d\n", inet_ntop(AF_INET, &sin->sin_addr, str, sizeof(str)), ntohs(sin->sin_port));
        ss = (struct sockaddr_storage *) ((char *) ss + sizeof(struct sockaddr_in));
    }
}

static void check_notification(int sock_fd, char *recvline)
{
    union sctp_notification *snp;
    struct sctp_assoc_change *sac;
    struct sockaddr_storage *sal, *sar;
    int num_rem, num_loc;

    snp = (union sctp_notification *) recvline;
    if (snp->sn_header.sn_type == SCTP_ASSOC_CHANGE) {
        sac = &snp->sn_assoc_change;
        if ((sac->sac_state == SCTP_COMM_UP) || (sac->sac_state == SCTP_RESTART)) {
            if ((num_rem = sctp_getpaddrs(sock_fd, sac->sac_assoc_id, (struct sockaddr **) &sar)) < 0) {
                perror("getsockopt");
                exit(1);
            }
            printf("There are %d remote addresses and they are:\n", num_rem);
            sctp_print_addresses(sar, num_rem);
            sctp_freepaddrs((struct sockaddr *) sar);

            if ((num_loc = sctp_getladdrs(sock_fd, sac->sac_assoc_id, (struct sockaddr **) &sal)) < 0) {
                perror("getsockopt");
                exit(1);
            }
            printf("There are %d local addresses and they are:\n", num_loc);
            sctp_print_addresses(sal, num_loc);
            sctp_freeladdrs((struct sockaddr *) sal);
        }
    }
}

static void sctpstr_cli(FILE *fp, int sock_fd, SA *to, socklen_t tolen)
{
    struct sockaddr_in peeraddr;
    struct sctp_sndrcvinfo sri;
    char sendline[MAXLINE], recvline[MAXLINE];
    socklen_t len;
    int out_sz, rd_sz;
    int msg_flags;

    while (fgets(sendline, MAXLINE, fp) != NULL) {
        if (sendline[0] != '[') {
            printf("Error, line must be of the form '[streamnum]text'\n");
            continue;
        }
        bzero(&sri, sizeof(sri));
        sri.sinfo_stream = strtol(&sendline[1], NULL, 0);
        out_sz = strlen(sendline);
        if (sctp_sendmsg(sock_fd, sendline, out_sz, to, tolen, 0, 0, sri.sinfo_stream, 0, 0) < 0) {
            perror("sendmsg");
            exit(1);
        }
        do {
            len = sizeof(peeraddr);
            msg_flags = 0;
            rd_sz = sctp_recvmsg(sock_fd, recvline, sizeof(recvline), (SA *) &peeraddr, &len, &sri, &msg_flags);
            if (rd_sz < 0) {
                perror("recvmsg");
                exit(1);
            }
            if (msg_flags & MSG_NOTIFICATION)
                check_notification(sock_fd, recvline);
        } while (msg_flags & MSG_NOTIFICATION);
        printf("From str:%d seq:%d (assoc:0x%x):", sri.sinfo_stream, sri.sinfo_ssn, (u_int) sri.sinfo_assoc_id);
        printf("%.*s", rd_sz, recvline);
    }
}

int main(int argc, char **argv)
{
    int sock_fd;
    struct sockaddr_in servaddr;
    struct sctp_event_subscribe evnts;
    const char *host = argc >= 2 ? argv[1] : "127.0.0.1";

    if (argc > 3) {
        fprintf(stderr, "usage: ch23_sctpclient04 [host] [port]\n");
        exit(1);
    }
    if ((sock_fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(argc == 3 ? atoi(argv[2]) : SERV_PORT);
    if (inet_pton(AF_INET, host, &servaddr.sin_addr) <= 0) {
        fprintf(stderr, "inet_pton: \"%s\" is not a valid AF_INET address\n", host);
        exit(1);
    }

    bzero(&evnts, sizeof(evnts));
    evnts.sctp_data_io_event = 1;
    evnts.sctp_association_event = 1;
    if (setsockopt(sock_fd, IPPROTO_SCTP, SCTP_EVENTS, &evnts, sizeof(evnts)) < 0) {
        perror("setsockopt");
        exit(1);
    }
    sctpstr_cli(stdin, sock_fd, (SA *) &servaddr, sizeof(servaddr));
    close(sock_fd);
    exit(0);
}
