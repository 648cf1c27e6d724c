/* ch23_sctpclient01.c — UNP vol. 1, Figures 10.5-10.6 (the client chapter
 * 23 builds on): each input line "[N]text" goes with sctp_sendmsg on
 * stream N of one association (a one-to-many socket: the first message
 * starts it, no connect); the echo is printed with its stream.
 * C twin of examples/ch23_sctpclient01.rs.
 *
 *   cc -Wall -Wextra -o sctpclient01 docs/c/ch23_sctpclient01.c -lsctp
 *   ./sctpclient01 [host] [port]          (defaults 127.0.0.1 9877)
 *   [0]hello
 *   From str:1 seq:0 (assoc:0x1):[0]hello
 *
 * Needs a kernel with SCTP (scripts/sctp-vm) and libsctp-dev. Besides the
 * book: host and port arguments with defaults, no "echo to all" mode.
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
        len = sizeof(peeraddr);
        msg_flags = 0;
        rd_sz = sctp_recvmsg(sock_fd, recvline, sizeof(recvline), (SA *) &peeraddr, &len, &sri, &msg_flags);
        if (rd_sz < 0) {
            perror("recvmsg");
            exit(1);
        }
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
        fprintf(stderr, "usage: ch23_sctpclient01 [host] [port]\n");
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
    if (setsockopt(sock_fd, IPPROTO_SCTP, SCTP_EVENTS, &evnts, sizeof(evnts)) < 0) {
        perror("setsockopt");
        exit(1);
    }
    sctpstr_cli(stdin, sock_fd, (SA *) &servaddr, sizeof(servaddr));
    close(sock_fd);
    exit(0);
}
