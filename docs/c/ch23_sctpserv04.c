/* ch23_sctpserv04.c — UNP vol. 1, section 23.2, Figure 23.1: the
 * one-to-many echo server of ch23_sctpserv01 with SCTP_AUTOCLOSE: the
 * kernel shuts down an association idle for close_time seconds (the
 * book: 120). C twin of examples/ch23_sctpserv04.rs.
 *
 *   cc -Wall -Wextra -o sctpserv04 docs/c/ch23_sctpserv04.c -lsctp
 *   ./sctpserv04 [port] [seconds]         (defaults 9877 120)
 *   listening on 0.0.0.0:9877
 *   autoclose after 120 s
 *
 * Needs a kernel with SCTP (scripts/sctp-vm) and libsctp-dev. Besides the
 * book: the port and seconds arguments, the two lines printed after
 * listen, and sctp_get_no_strms asking about sri.sinfo_assoc_id.
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
    int close_time = 120;
    char readbuf[BUFFSIZE];
    char str[INET_ADDRSTRLEN];
    struct sockaddr_in servaddr, cliaddr;
    struct sctp_sndrcvinfo sri;
    struct sctp_event_subscribe evnts;
    socklen_t len;
    ssize_t rd_sz;

    if (argc > 3) {
        fprintf(stderr, "usage: ch23_sctpserv04 [port] [seconds]\n");
        exit(1);
    }
    if ((sock_fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(argc >= 2 ? atoi(argv[1]) : SERV_PORT);
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
    if (argc == 3)
        close_time = atoi(argv[2]);
    if (setsockopt(sock_fd, IPPROTO_SCTP, SCTP_AUTOCLOSE, &close_time, sizeof(close_time)) < 0) {
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
    printf("autoclose after %d s\n", close_time);
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
