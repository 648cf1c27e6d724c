/* ch22_udpcli01.c — UNP vol. 1, section 22.5 (rtt/udpcli01.c, rtt/dg_cli.c,
 * rtt/dg_send_recv.c, lib/rtt.c, unprtt.h): the UDP echo client made
 * reliable. Each line is sent behind a {seq, ts} header with sendmsg and a
 * 2-entry iovec, the reply received with recvmsg into a 2-entry iovec;
 * replies with another seq are discarded; no reply within the RTO: send
 * again, the RTO doubled; after RTT_MAXNREXMT retransmissions, give up.
 * The C twin of examples/ch22_udpcli01.rs.
 *
 *   cc -Wall -Wextra -o ch22_udpcli01 docs/c/ch22_udpcli01.c
 *   ./ch22_udpcli01 [-v] [-m ms] [-n count] [host] [port]   (defaults 127.0.0.1 9877)
 *
 * The timer is the book's: alarm(rtt_start()) and a siglongjmp out of the
 * SIGALRM handler back to the sigsetjmp in dg_send_recv. The Rust twin
 * cannot jump out of a signal handler soundly and waits with select
 * instead (docs/unp/ch22.md). alarm() counts whole seconds: rtt_start
 * rounds the RTO, so -m must be at least 1000 here (the Rust's select
 * takes microseconds).
 *
 * This copy's liberties: host and port arguments (the book's client talks
 * to the echo service, port 7; this one to ch08_udpserv01, 9877), and the
 * options -v (report each retransmission), -m (RTT_RXTMIN, in ms) and -n
 * (RTT_MAXNREXMT), which make the book's constants variables.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#define SERV_PORT 9877
#define MAXLINE 4096
#define SA struct sockaddr

/* ---- unprtt.h ---- */
struct rtt_info {
    float rtt_rtt;    /* most recent measured RTT, in seconds */
    float rtt_srtt;   /* smoothed RTT estimator, in seconds */
    float rtt_rttvar; /* smoothed mean deviation, in seconds */
    float rtt_rto;    /* current RTO to use, in seconds */
    int rtt_nrexmt;   /* # times retransmitted: 0, 1, 2, ... */
    uint32_t rtt_base; /* # sec since 1/1/1970 at start */
};

#define RTT_RXTMIN 2    /* min retransmit timeout value, in seconds */
#define RTT_RXTMAX 60   /* max retransmit timeout value, in seconds */
#define RTT_MAXNREXMT 3 /* max # times to retransmit */

/* this copy's: the book's constants, changed by -m and -n */
static float rtt_rxtmin = RTT_RXTMIN;
static int rtt_maxnrexmt = RTT_MAXNREXMT;
static int rtt_d_flag = 0; /* -v: report retransmissions */

/* ---- lib/rtt.c ---- */
#define RTT_RTOCALC(ptr) ((ptr)->rtt_srtt + (4.0 * (ptr)->rtt_rttvar))

static float rtt_minmax(float rto)
{
    if (rto < rtt_rxtmin)
        rto = rtt_rxtmin;
    else if (rto > RTT_RXTMAX)
        rto = RTT_RXTMAX;
    return (rto);
}

static void rtt_init(struct rtt_info *ptr)
{
    struct timeval tv;

    if (gettimeofday(&tv, NULL) < 0) {
        perror("gettimeofday");
        exit(1);
    }
    ptr->rtt_base = tv.tv_sec; /* # sec since 1/1/1970 at start */

    ptr->rtt_rtt = 0;
    ptr->rtt_srtt = 0;
    ptr->rtt_rttvar = 0.75;
    ptr->rtt_rto = rtt_minmax(RTT_RTOCALC(ptr));
    /* first RTO at (srtt + (4 * rttvar)) = 3 seconds */
}

static uint32_t rtt_ts(struct rtt_info *ptr)
{
    uint32_t ts;
    struct timeval tv;

    if (gettimeofday(&tv, NULL) < 0) {
        perror("gettimeofday");
        exit(1);
    }
    ts = ((tv.tv_sec - ptr->rtt_base) * 1000) + (tv.tv_usec / 1000);
    return (ts);
}

static void rtt_newpack(struct rtt_info *ptr)
{
    ptr->rtt_nrexmt = 0;
}

static int rtt_start(struct rtt_info *ptr)
{
    return ((int) (ptr->rtt_rto + 0.5)); /* round float to int */
    /* return value can be used as: alarm(rtt_start(&foo)) */
}

static void rtt_stop(struct rtt_info *ptr, uint32_t ms)
{
    double delta;

    ptr->rtt_rtt = ms / 1000.0; /* measured RTT in seconds */

    /* Jacobson's SIGCOMM '88 paper, Appendix A, in floating point */
    delta = ptr->rtt_rtt - ptr->rtt_srtt;
    ptr->rtt_srtt += delta / 8; /* g = 1/8 */

    if (delta < 0.0)
        delta = -delta; /* |delta| */

    ptr->rtt_rttvar += (delta - ptr->rtt_rttvar) / 4; /* h = 1/4 */

    ptr->rtt_rto = rtt_minmax(RTT_RTOCALC(ptr));
}

static int rtt_timeout(struct rtt_info *ptr)
{
    ptr->rtt_rto *= 2; /* next RTO */

    if (++ptr->rtt_nrexmt > rtt_maxnrexmt)
        return (-1); /* time to give up for this packet */
    return (0);
}

/* ---- rtt/dg_send_recv.c ---- */
static struct rtt_info rttinfo;
static int rttinit = 0;
static struct msghdr msgsend, msgrecv; /* assumed init to 0 */
static struct hdr {
    uint32_t seq; /* sequence # */
    uint32_t ts;  /* timestamp when sent */
} sendhdr, recvhdr;

static sigjmp_buf jmpbuf;

static void sig_alrm(int signo)
{
    (void) signo;
    siglongjmp(jmpbuf, 1);
}

static ssize_t dg_send_recv(int fd, const void *outbuff, size_t outbytes, void *inbuff,
                            size_t inbytes, const SA *destaddr, socklen_t destlen)
{
    ssize_t n;
    struct iovec iovsend[2], iovrecv[2];
    struct sigaction act, oact;

    if (rttinit == 0) {
        rtt_init(&rttinfo); /* first time we're called */
        rttinit = 1;
    }

    sendhdr.seq++;
    msgsend.msg_name = (void *) destaddr;
    msgsend.msg_namelen = destlen;
    msgsend.msg_iov = iovsend;
    msgsend.msg_iovlen = 2;
    iovsend[0].iov_base = &sendhdr;
    iovsend[0].iov_len = sizeof(struct hdr);
    iovsend[1].iov_base = (void *) outbuff;
    iovsend[1].iov_len = outbytes;

    msgrecv.msg_name = NULL;
    msgrecv.msg_namelen = 0;
    msgrecv.msg_iov = iovrecv;
    msgrecv.msg_iovlen = 2;
    iovrecv[0].iov_base = &recvhdr;
    iovrecv[0].iov_len = sizeof(struct hdr);
    iovrecv[1].iov_base = inbuff;
    iovrecv[1].iov_len = inbytes;

    /* Signal(SIGALRM, sig_alrm): the book's Signal, without SA_RESTART
     * for SIGALRM */
    act.sa_handler = sig_alrm;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (sigaction(SIGALRM, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }
    rtt_newpack(&rttinfo); /* initialize for this packet */

sendagain:
    sendhdr.ts = rtt_ts(&rttinfo);
    if (sendmsg(fd, &msgsend, 0) < 0) {
        perror("sendmsg");
        exit(1);
    }

    alarm(rtt_start(&rttinfo)); /* calc timeout value & start timer */

    if (sigsetjmp(jmpbuf, 1) != 0) {
        if (rtt_timeout(&rttinfo) < 0) {
            fprintf(stderr, "dg_send_recv: no response from server, giving up\n");
            rttinit = 0; /* reinit in case we're called again */
            errno = ETIMEDOUT;
            return (-1);
        }
        if (rtt_d_flag)
            fprintf(stderr, "dg_send_recv: timeout, retransmitting seq %u, rto %.3f\n",
                    sendhdr.seq, rttinfo.rtt_rto);
        goto sendagain;
    }

    do {
        if ((n = recvmsg(fd, &msgrecv, 0)) < 0) {
            perror("recvmsg");
            exit(1);
        }
    } while (n < (ssize_t) sizeof(struct hdr) || recvhdr.seq != sendhdr.seq);

    alarm(0); /* stop SIGALRM timer */
    /* calculate & store new RTT estimator values */
    rtt_stop(&rttinfo, rtt_ts(&rttinfo) - recvhdr.ts);

    return (n - sizeof(struct hdr)); /* return size of received datagram */
}

/* ---- rtt/dg_cli.c ---- */
static void dg_cli(FILE *fp, int sockfd, const SA *pservaddr, socklen_t servlen)
{
    ssize_t n;
    char sendline[MAXLINE], recvline[MAXLINE + 1];

    while (fgets(sendline, MAXLINE, fp) != NULL) {
        /* Dg_send_recv */
        if ((n = dg_send_recv(sockfd, sendline, strlen(sendline), recvline, MAXLINE, pservaddr,
                              servlen)) < 0) {
            perror("dg_send_recv");
            exit(1);
        }
        recvline[n] = 0; /* null terminate */
        fputs(recvline, stdout);
    }
}

/* ---- rtt/udpcli01.c ---- */
int main(int argc, char **argv)
{
    int c, sockfd;
    struct sockaddr_in servaddr;
    const char *host = "127.0.0.1";

    opterr = 0;
    while ((c = getopt(argc, argv, "vm:n:")) != -1) {
        switch (c) {
        case 'v':
            rtt_d_flag = 1;
            break;
        case 'm':
            if (atoi(optarg) < 1000) {
                fprintf(stderr, "ch22_udpcli01: -m %s: alarm() counts whole seconds, give 1000 or more\n", optarg);
                exit(1);
            }
            rtt_rxtmin = atoi(optarg) / 1000.0;
            break;
        case 'n':
            rtt_maxnrexmt = atoi(optarg);
            break;
        default:
            fprintf(stderr, "usage: ch22_udpcli01 [-v] [-m ms] [-n count] [host] [port]   (defaults: 127.0.0.1 9877)\n");
            exit(1);
        }
    }
    if (argc - optind > 2) {
        fprintf(stderr, "usage: ch22_udpcli01 [-v] [-m ms] [-n count] [host] [port]   (defaults: 127.0.0.1 9877)\n");
        exit(1);
    }
    if (argc - optind >= 1)
        host = argv[optind];

    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(argc - optind == 2 ? atoi(argv[optind + 1]) : SERV_PORT);
    if (inet_pton(AF_INET, host, &servaddr.sin_addr) <= 0) {
        fprintf(stderr, "inet_pton: \"%s\" is not a valid AF_INET address\n", host);
        exit(1);
    }

    if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }

    dg_cli(stdin, sockfd, (SA *) &servaddr, sizeof(servaddr));

    exit(0);
}
