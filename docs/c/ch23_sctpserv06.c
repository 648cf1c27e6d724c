/* ch23_sctpserv06.c — UNP vol. 1, section 23.4, Figures 23.4-23.5: the
 * echo server that subscribes to the book's eight SCTP events and prints
 * every notification (print_notification, the book's sctp_displayevents.c).
 * A notification comes like a message, with MSG_NOTIFICATION in the flags.
 * C twin of examples/ch23_sctpserv06.rs.
 *
 *   cc -Wall -Wextra -o sctpserv06 docs/c/ch23_sctpserv06.c -lsctp
 *   ./sctpserv06 [port]                   (default 9877)
 *   listening on 0.0.0.0:9877
 *   SCTP_ASSOC_CHANGE: COMMUNICATION UP, assoc=0x1
 *
 * Needs a kernel with SCTP (scripts/sctp-vm) and libsctp-dev. Besides the
 * book: the port argument, the address printed after listen; Linux spells
 * "adaption" as "adaptation". This server echoes on the stream it received on.
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
#define LISTENQ 1024
#define BUFFSIZE 8192

typedef struct sockaddr SA;

static void print_notification(char *notify_buf)
{
    union sctp_notification *snp;
    struct sctp_assoc_change *sac;
    struct sctp_paddr_change *spc;
    struct sctp_remote_error *sre;
    struct sctp_send_failed *ssf;
    struct sctp_shutdown_event *sse;
    struct sctp_adaptation_event *ae;
    struct sctp_pdapi_event *pdapi;
    struct sockaddr_in *sin;
    char addr[INET_ADDRSTRLEN];
    const char *str;

    snp = (union sctp_notification *) notify_buf;
    switch (snp->sn_header.sn_type) {
    case SCTP_ASSOC_CHANGE:
        sac = &snp->sn_assoc_change;
        switch (sac->sac_state) {
        case SCTP_COMM_UP:
            str = "COMMUNICATION UP";
            break;
        case SCTP_COMM_LOST:
            str = "COMMUNICATION LOST";
            break;
        case SCTP_RESTART:
            str = "RESTART";
            break;
        case SCTP_SHUTDOWN_COMP:
            str = "SHUTDOWN COMPLETE";
            break;
        case SCTP_CANT_STR_ASSOC:
            str = "CANT START ASSOC";
            break;
        default:
            str = "UNKNOWN";
            break;
        }
        printf("SCTP_ASSOC_CHANGE: %s, assoc=0x%x\n", str, (uint32_t) sac->sac_assoc_id);
        break;
    case SCTP_PEER_ADDR_CHANGE:
        spc = &snp->sn_paddr_change;
        switch (spc->spc_state) {
        case SCTP_ADDR_AVAILABLE:
            str = "ADDRESS AVAILABLE";
            break;
        case SCTP_ADDR_UNREACHABLE:
            str = "ADDRESS UNREACHABLE";
            break;
        case SCTP_ADDR_REMOVED:
            str = "ADDRESS REMOVED";
            break;
        case SCTP_ADDR_ADDED:
            str = "ADDRESS ADDED";
            break;
        case SCTP_ADDR_MADE_PRIM:
            str = "ADDRESS MADE PRIMARY";
            break;
        case SCTP_ADDR_CONFIRMED:
            str = "ADDRESS CONFIRMED";
            break;
        default:
            str = "UNKNOWN";
            break;
        }
        sin = (struct sockaddr_in *) &spc->spc_aaddr;
        printf("SCTP_PEER_ADDR_CHANGE: %s, addr=%s:%d\n", str,
               inet_ntop(AF_INET, &sin->sin_addr, addr, sizeof(addr)), ntohs(sin->sin_port));
        break;
    case SCTP_REMOTE_ERROR:
        sre = &snp->sn_remote_error;
        printf("SCTP_REMOTE_ERROR: assoc=0x%x error=%d\n", (uint32_t) sre->sre_assoc_id, ntohs(sre->sre_error));
        break;
    case SCTP_SEND_FAILED:
        ssf = &snp->sn_send_failed;
        printf("SCTP_SEND_FAILED: assoc=0x%x error=%d\n", (uint32_t) ssf->ssf_assoc_id, ssf->ssf_error);
        break;
    case SCTP_ADAPTATION_INDICATION:
        ae = &snp->sn_adaptation_event;
        printf("SCTP_ADAPTATION_INDICATION: 0x%x\n", (u_int) ae->sai_adaptation_ind);
        break;
    case SCTP_PARTIAL_DELIVERY_EVENT:
        pdapi = &snp->sn_pdapi_event;
        if (pdapi->pdapi_indication == SCTP_PARTIAL_DELIVERY_ABORTED)
            printf("SCTP_PARTIAL_DELIVERY_ABORTED\n");
        else
            printf("Unknown SCTP_PARTIAL_DELIVERY_EVENT 0x%x\n", pdapi->pdapi_indication);
        break;
    case SCTP_SHUTDOWN_EVENT:
        sse = &snp->sn_shutdown_event;
        printf("SCTP_SHUTDOWN_EVENT: assoc=0x%x\n", (uint32_t) sse->sse_assoc_id);
        break;
    default:
        printf("Unknown notification event type=0x%x\n", snp->sn_header.sn_type);
    }
    fflush(stdout);
}

int main(int argc, char **argv)
{
    int sock_fd, msg_flags;
    char readbuf[BUFFSIZE];
    char str[INET_ADDRSTRLEN];
    struct sockaddr_in servaddr, cliaddr;
    struct sctp_sndrcvinfo sri;
    struct sctp_event_subscribe evnts;
    socklen_t len;
    ssize_t rd_sz;

    if (argc > 2) {
        fprintf(stderr, "usage: ch23_sctpserv06 [port]\n");
        exit(1);
    }
    if ((sock_fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(argc == 2 ? atoi(argv[1]) : SERV_PORT);
    if (bind(sock_fd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }

    bzero(&evnts, sizeof(evnts));
    evnts.sctp_data_io_event = 1;
    evnts.sctp_association_event = 1;
    evnts.sctp_address_event = 1;
    evnts.sctp_send_failure_event = 1;
    evnts.sctp_peer_error_event = 1;
    evnts.sctp_shutdown_event = 1;
    evnts.sctp_partial_delivery_event = 1;
    evnts.sctp_adaptation_layer_event = 1;
    if (setsockopt(sock_fd, IPPROTO_SCTP, SCTP_EVENTS, &evnts, sizeof(evnts)) < 0) {
        perror("setsockopt");
        exit(1);
    }
    if (listen(sock_fd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
    len = sizeof(servaddr);
    if (getsockname(sock_fd, (SA *) &servaddr, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("listening on %s:%d\n", inet_ntop(AF_INET, &servaddr.sin_addr, str, sizeof(str)), ntohs(servaddr.sin_port));
    fflush(stdout);

    for (;;) {
        len = sizeof(struct sockaddr_in);
        msg_flags = 0;
        rd_sz = sctp_recvmsg(sock_fd, readbuf, sizeof(readbuf), (SA *) &cliaddr, &len, &sri, &msg_flags);
        if (rd_sz < 0) {
            perror("recvmsg");
            exit(1);
        }
        if (msg_flags & MSG_NOTIFICATION) {
            print_notification(readbuf);
            continue;
        }
        if (sctp_sendmsg(sock_fd, readbuf, rd_sz, (SA *) &cliaddr, len, sri.sinfo_ppid, sri.sinfo_flags, sri.sinfo_stream, 0, 0) < 0) {
            perror("sendmsg");
            exit(1);
        }
    }
}
