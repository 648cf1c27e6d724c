/* ch23_sctp_modify_hb.c — UNP vol. 1, section 23.9, Figure 23.14:
 * heartbeat control. heartbeat_action sets the heartbeat interval of one
 * peer address (SCTP_PEER_ADDR_PARAMS, spp_hbinterval); this client starts
 * an association (one echoed message), reads the interval
 * (sctp_opt_info), sets it, and reads it again.
 * C twin of examples/ch23_sctp_modify_hb.rs.
 *
 *   cc -Wall -Wextra -o sctp_modify_hb docs/c/ch23_sctp_modify_hb.c -lsctp
 *   ./sctp_modify_hb [host] [port] [milliseconds]   (127.0.0.1 9877 5000)
 *   heartbeat interval of 127.0.0.1:9877 was 30000 ms
 *   heartbeat interval of 127.0.0.1:9877 is 5000 ms
 *
 * Needs a kernel with SCTP (scripts/sctp-vm) and libsctp-dev. The book's
 * file has only heartbeat_action; main is socklab's. Linux reads
 * spp_hbinterval only with SPP_HB_ENABLE in spp_flags, which the book's
 * version does not set.
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

static int heartbeat_action(int sock_fd, struct sockaddr *sa, socklen_t salen, u_int value)
{
    struct sctp_paddrparams paddr;

    bzero(&paddr, sizeof(paddr));
    paddr.spp_hbinterval = value;
    paddr.spp_flags = SPP_HB_ENABLE;
    memcpy(&paddr.spp_address, sa, salen);
    if (setsockopt(sock_fd, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, &paddr, sizeof(paddr)) < 0) {
        perror("setsockopt");
        exit(1);
    }
    return 0;
}

static u_int heartbeat_interval(int sock_fd, sctp_assoc_t assoc_id, struct sockaddr *sa, socklen_t salen)
{
    struct sctp_paddrparams paddr;
    socklen_t len = sizeof(paddr);

    bzero(&paddr, sizeof(paddr));
    memcpy(&paddr.spp_address, sa, salen);
    if (sctp_opt_info(sock_fd, assoc_id, SCTP_PEER_ADDR_PARAMS, &paddr, &len) < 0) {
        perror("getsockopt");
        exit(1);
    }
    return paddr.spp_hbinterval;
}

int main(int argc, char **argv)
{
    int sock_fd, msg_flags;
    struct sockaddr_in servaddr, peeraddr;
    struct sctp_event_subscribe evnts;
    struct sctp_sndrcvinfo sri;
    char recvline[MAXLINE];
    char str[INET_ADDRSTRLEN];
    const char *host = argc >= 2 ? argv[1] : "127.0.0.1";
    u_int value = argc == 4 ? (u_int) atoi(argv[3]) : 5000;
    socklen_t len;

    if (argc > 4) {
        fprintf(stderr, "usage: ch23_sctp_modify_hb [host] [port] [milliseconds]\n");
        exit(1);
    }
    if ((sock_fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(argc >= 3 ? atoi(argv[2]) : SERV_PORT);
    if (inet_pton(AF_INET, host, &servaddr.sin_addr) <= 0) {
        fprintf(stderr, "inet_pton: \"%s\" is not a valid AF_INET address\n", host);
        exit(1);
    }
    bzero(&evnts, sizeof(evnts));
    evnts.sctp_data_io_event = 1;
    if (setsockopt(sock_fd, IPPROTO_SCTP, SCTP_EVENTS, &evnts, sizeof(evnts)) < 0) {
        perror("setsockopt");
        exit(1);
    }

    /* one message and its echo: the association is up */
    if (sctp_sendmsg(sock_fd, "[0]heartbeat\n", 13, (SA *) &servaddr, sizeof(servaddr), 0, 0, 0, 0, 0) < 0) {
        perror("sendmsg");
        exit(1);
    }
    len = sizeof(peeraddr);
    msg_flags = 0;
    if (sctp_recvmsg(sock_fd, recvline, sizeof(recvline), (SA *) &peeraddr, &len, &sri, &msg_flags) < 0) {
        perror("recvmsg");
        exit(1);
    }

    inet_ntop(AF_INET, &servaddr.sin_addr, str, sizeof(str));
    printf("heartbeat interval of %s:%d was %u ms\n", str, ntohs(servaddr.sin_port),
           heartbeat_interval(sock_fd, sri.sinfo_assoc_id, (SA *) &servaddr, sizeof(servaddr)));
    heartbeat_action(sock_fd, (SA *) &servaddr, sizeof(servaddr), value);
    printf("heartbeat interval of %s:%d is %u ms\n", str, ntohs(servaddr.sin_port),
           heartbeat_interval(sock_fd, sri.sinfo_assoc_id, (SA *) &servaddr, sizeof(servaddr)));
    close(sock_fd);
    exit(0);
}
