/* ch23_sctpserv05.c — UNP vol. 1, section 23.3, Figures 23.2-23.3: the
 * echo server with the partial delivery API. pdapi_recvmsg reads a message
 * bigger than its buffer in pieces: sctp_recvmsg returns each piece
 * without MSG_EOR, and the buffer grows (realloc, by SCTP_PDAPI_INCR_SZ)
 * until MSG_EOR ends the message; then it is echoed whole.
 * C twin of examples/ch23_sctpserv05.rs.
 *
 *   cc -Wall -Wextra -o sctpserv05 docs/c/ch23_sctpserv05.c -lsctp
 *   ./sctpserv05 [port]                   (default 9877)
 *   listening on 0.0.0.0:9877
 *   100000 bytes in 2 reads from 127.0.0.1:39711 on stream 0
 *
 * Needs a kernel with SCTP (scripts/sctp-vm) and libsctp-dev. Besides the
 * book: the port argument, the lines printed after listen and for each
 * message (its size and the reads it took).
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
#define SCTP_PDAPI_INCR_SZ 65535
#define SCTP_PDAPI_NEED_MORE_THRESHOLD 1024

typedef struct sockaddr SA;

static char *sctp_pdapi_readbuf = NULL;
static int sctp_pdapi_rdbuf_sz = 0;
static int sctp_pdapi_reads = 0;

static char *pdapi_recvmsg(int sock_fd, int *rdlen, SA *from, socklen_t *from_len,
                           struct sctp_sndrcvinfo *sri, int *msg_flags)
{
    int rdsz, left, at_in_buf;
    socklen_t frmlen = 0;

    if (sctp_pdapi_readbuf == NULL) {
        if ((sctp_pdapi_readbuf = malloc(SCTP_PDAPI_INCR_SZ)) == NULL) {
            perror("malloc");
            exit(1);
        }
        sctp_pdapi_rdbuf_sz = SCTP_PDAPI_INCR_SZ;
    }
    at_in_buf = sctp_recvmsg(sock_fd, sctp_pdapi_readbuf, sctp_pdapi_rdbuf_sz, from, from_len, sri, msg_flags);
    if (at_in_buf < 0) {
        perror("recvmsg");
        exit(1);
    }
    sctp_pdapi_reads = 1;
    if (at_in_buf < 1) {
        *rdlen = at_in_buf;
        return NULL;
    }
    while ((*msg_flags & MSG_EOR) == 0) {
        left = sctp_pdapi_rdbuf_sz - at_in_buf;
        if (left < SCTP_PDAPI_NEED_MORE_THRESHOLD) {
            sctp_pdapi_readbuf = realloc(sctp_pdapi_readbuf, sctp_pdapi_rdbuf_sz + SCTP_PDAPI_INCR_SZ);
            if (sctp_pdapi_readbuf == NULL) {
                perror("realloc");
                exit(1);
            }
            sctp_pdapi_rdbuf_sz += SCTP_PDAPI_INCR_SZ;
            left = sctp_pdapi_rdbuf_sz - at_in_buf;
        }
        rdsz = sctp_recvmsg(sock_fd, &sctp_pdapi_readbuf[at_in_buf], left, NULL, &frmlen, NULL, msg_flags);
        if (rdsz < 0) {
            perror("recvmsg");
            exit(1);
        }
        at_in_buf += rdsz;
        sctp_pdapi_reads++;
    }
    *rdlen = at_in_buf;
    return sctp_pdapi_readbuf;
}

int main(int argc, char **argv)
{
    int sock_fd, msg_flags;
    char *readbuf;
    char str[INET_ADDRSTRLEN];
    struct sockaddr_in servaddr, cliaddr;
    struct sctp_sndrcvinfo sri;
    struct sctp_event_subscribe evnts;
    socklen_t len;
    int rd_sz;

    if (argc > 2) {
        fprintf(stderr, "usage: ch23_sctpserv05 [port]\n");
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
        readbuf = pdapi_recvmsg(sock_fd, &rd_sz, (SA *) &cliaddr, &len, &sri, &msg_flags);
        if (readbuf == NULL)
            continue;
        printf("%d bytes in %d reads from %s:%d on stream %d\n", rd_sz, sctp_pdapi_reads,
               inet_ntop(AF_INET, &cliaddr.sin_addr, str, sizeof(str)), ntohs(cliaddr.sin_port), sri.sinfo_stream);
        fflush(stdout);
        if (sctp_sendmsg(sock_fd, readbuf, rd_sz, (SA *) &cliaddr, len, sri.sinfo_ppid, sri.sinfo_flags, sri.sinfo_stream, 0, 0) < 0) {
            perror("sendmsg");
            exit(1);
        }
    }
}
