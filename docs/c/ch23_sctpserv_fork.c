/* ch23_sctpserv_fork.c — UNP vol. 1, section 23.10, Figure 23.15: a
 * server iterative and concurrent at once. Each association's first
 * message is echoed on the one-to-many socket; then the association is
 * peeled off (sctp_peeloff) onto a one-to-one socket, and a forked child
 * serves it with chapter 5's str_echo (read/write).
 * C twin of examples/ch23_sctpserv_fork.rs.
 *
 *   cc -Wall -Wextra -o sctpserv_fork docs/c/ch23_sctpserv_fork.c -lsctp
 *   ./sctpserv_fork [port]                (default 9877)
 *   listening on 0.0.0.0:9877
 *   peeled off assoc 0x2 onto descriptor 4, child 1234
 *
 * Needs a kernel with SCTP (scripts/sctp-vm) and libsctp-dev. Besides the
 * book: the port argument, the lines printed after listen and after each
 * fork, and the association id taken from sri.sinfo_assoc_id (Linux's
 * sctp_address_to_associd returns 0).
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
#include <errno.h>

#define SERV_PORT 9877
#define LISTENQ 1024
#define BUFFSIZE 8192
#define MAXLINE 4096

typedef struct sockaddr SA;

static void str_echo(int sockfd)
{
    ssize_t n;
    char buf[MAXLINE];

again:
    while ((n = read(sockfd, buf, MAXLINE)) > 0)
        if (write(sockfd, buf, n) != n) {
            perror("write");
            exit(1);
        }
    if (n < 0 && errno == EINTR)
        goto again;
    else if (n < 0) {
        perror("read");
        exit(1);
    }
}

int main(int argc, char **argv)
{
    int sock_fd, msg_flags, connfd;
    pid_t childpid;
    sctp_assoc_t assoc;
    char readbuf[BUFFSIZE];
    char str[INET_ADDRSTRLEN];
    struct sockaddr_in servaddr, cliaddr;
    struct sctp_sndrcvinfo sri;
    struct sctp_event_subscribe evnts;
    socklen_t len;
    ssize_t rd_sz;

    if (argc > 2) {
        fprintf(stderr, "usage: ch23_sctpserv_fork [port]\n");
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
        if (sctp_sendmsg(sock_fd, readbuf, rd_sz, (SA *) &cliaddr, len, sri.sinfo_ppid, sri.sinfo_flags, sri.sinfo_stream, 0, 0) < 0) {
            perror("sendmsg");
            exit(1);
        }
        assoc = sri.sinfo_assoc_id;
        if ((connfd = sctp_peeloff(sock_fd, assoc)) == -1) {
            perror("getsockopt");
            continue;
        }
        if ((childpid = fork()) == 0) {
            close(sock_fd);
            str_echo(connfd);
            exit(0);
        } else if (childpid < 0) {
            perror("fork");
            exit(1);
        } else {
            printf("peeled off assoc 0x%x onto descriptor %d, child %d\n", (u_int) assoc, connfd, (int) childpid);
            fflush(stdout);
            close(connfd);
        }
    }
}
