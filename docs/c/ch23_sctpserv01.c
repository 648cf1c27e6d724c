/* ch23_sctpserv01.c — UNP vol. 1, Figures 10.3-10.4 (the program chapter
 * 23 builds on): the one-to-many SCTP echo server. sctp_recvmsg returns
 * the next message from any association, with its sender and stream; the
 * echo goes back on the next stream up (wrapping to 0 past the last one).
 * C twin of examples/ch23_sctpserv01.rs.
 *
 *   cc -Wall -Wextra -o sctpserv01 docs/c/ch23_sctpserv01.c -lsctp
 *   ./sctpserv01 [port]                   (default 9877)
 *   listening on 0.0.0.0:9877
 *
 * Needs a kernel with SCTP (scripts/sctp-vm), and Debian's libsctp-dev
 * for <netinet/sctp.h> and libsctp. Besides the book: the port argument,
 * the address printed after listen, and sctp_get_no_strms asking
 * SCTP_STATUS about sri.sinfo_assoc_id (Linux's sctp_address_to_associd
 * returns association 0).
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

static int sctp_get_no_strms(int sock_fd, sctp_assoc_t assoc_id)
{
    socklen_t retsz;
    struct sctp_status status;

    retsz = sizeof(status);
    bzero(&status, sizeof(status));
    if (sctp_opt_info(sock_fd, assoc_id, SCTP_STATUS, &status, &retsz) < 0) {
        perror("getsockopt");
        exit(1);
    }
    return status.sstat_outstrms;
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
        fprintf(stderr, "usage: ch23_sctpserv01 [port]\n");
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
        sri.sinfo_stream++;
        if (sri.sinfo_stream >= sctp_get_no_strms(sock_fd, sri.sinfo_assoc_id))
            sri.sinfo_stream = 0;
        if (sctp_sendmsg(sock_fd, readbuf, rd_sz, (SA *) &cliaddr, len, sri.sinfo_ppid, sri.sinfo_flags, sri.sinfo_stream, 0, 0) < 0) {
            perror("sendmsg");
            exit(1);
        }
    }
}
