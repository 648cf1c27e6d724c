/* ch25_udpserv01.c — UNP vol. 1, § 25.3 (sigio/udpserv01.c and
 * dgecho01.c): the UDP echo server driven by SIGIO. The handler reads
 * every waiting datagram (nonblocking socket: until EWOULDBLOCK) into a
 * queue of 8; main takes them off and echoes them, waiting in sigsuspend
 * with SIGIO blocked otherwise; SIGHUP prints how many datagrams each
 * SIGIO read. The C twin of examples/ch25_udpserv01.rs.
 *
 *   cc -Wall -Wextra -o ch25_udpserv01 docs/c/ch25_udpserv01.c
 *   ./ch25_udpserv01 [port] [bind-address]      (default 9877)
 *   bound to 0.0.0.0:9877
 *   cntread[0] = 0            (after kill -HUP)
 *   cntread[1] = 12000
 *   ...
 *
 * Additions: the port and address arguments, the "bound to" line,
 * fflush after the histogram. printf in a signal handler is not safe;
 * the book does it, for the lesson.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define SERV_PORT 9877
#define SA struct sockaddr

#define QSIZE 8    /* size of input queue */
#define MAXDG 4096 /* max datagram size */

typedef struct {
    void *dg_data;       /* ptr to actual datagram */
    size_t dg_len;       /* length of datagram */
    struct sockaddr *dg_sa; /* ptr to sockaddr{} w/client's address */
    socklen_t dg_salen;  /* length of sockaddr{} */
} DG;
static DG dg[QSIZE]; /* queue of datagrams to process */
static long cntread[QSIZE + 1]; /* diagnostic counter */

static int sockfd;
static int iget;   /* next one for main loop to process */
static int iput;   /* next one for signal handler to read into */
static int nqueue; /* # on queue for main loop to process */
static socklen_t clilen; /* max length of sockaddr{} */

/* The book's Signal(): sigaction with SA_RESTART (for every signal but
 * SIGALRM), an empty mask. */
static void Signal(int signo, void (*func)(int))
{
    struct sigaction act, oact;

    act.sa_handler = func;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (signo != SIGALRM)
        act.sa_flags |= SA_RESTART;
    if (sigaction(signo, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }
}

static void *Malloc(size_t size)
{
    void *ptr;

    if ((ptr = malloc(size)) == NULL) {
        perror("malloc");
        exit(1);
    }
    return ptr;
}

static void sig_io(int signo)
{
    ssize_t len;
    int nread;
    DG *ptr;

    (void) signo;
    for (nread = 0;;) {
        if (nqueue >= QSIZE) {
            fprintf(stderr, "receive overflow\n");
            exit(1);
        }

        ptr = &dg[iput];
        ptr->dg_salen = clilen;
        len = recvfrom(sockfd, ptr->dg_data, MAXDG, 0, ptr->dg_sa, &ptr->dg_salen);
        if (len < 0) {
            if (errno == EWOULDBLOCK)
                break; /* all done; no more queued to read */
            perror("recvfrom");
            exit(1);
        }
        ptr->dg_len = len;

        nread++;
        nqueue++;
        if (++iput >= QSIZE)
            iput = 0;
    }
    cntread[nread]++; /* histogram of # datagrams read per signal */
}

static void sig_hup(int signo)
{
    int i;

    (void) signo;
    for (i = 0; i <= QSIZE; i++)
        printf("cntread[%d] = %ld\n", i, cntread[i]);
    fflush(stdout);
}

static void dg_echo(int sockfd_arg, SA *pcliaddr, socklen_t clilen_arg)
{
    int i;
    const int on = 1;
    sigset_t zeromask, newmask, oldmask;

    (void) pcliaddr;
    sockfd = sockfd_arg;
    clilen = clilen_arg;

    for (i = 0; i < QSIZE; i++) { /* init queue of buffers */
        dg[i].dg_data = Malloc(MAXDG);
        dg[i].dg_sa = Malloc(clilen);
        dg[i].dg_salen = clilen;
    }
    iget = iput = nqueue = 0;

    Signal(SIGHUP, sig_hup);
    Signal(SIGIO, sig_io);
    if (fcntl(sockfd, F_SETOWN, getpid()) < 0) {
        perror("fcntl");
        exit(1);
    }
    if (ioctl(sockfd, FIOASYNC, &on) < 0) {
        perror("ioctl");
        exit(1);
    }
    if (ioctl(sockfd, FIONBIO, &on) < 0) {
        perror("ioctl");
        exit(1);
    }

    sigemptyset(&zeromask); /* init three signal sets */
    sigemptyset(&oldmask);
    sigemptyset(&newmask);
    sigaddset(&newmask, SIGIO); /* signal we want to block */

    if (sigprocmask(SIG_BLOCK, &newmask, &oldmask) < 0) {
        perror("sigprocmask");
        exit(1);
    }
    for (;;) {
        while (nqueue == 0)
            sigsuspend(&zeromask); /* wait for datagram to process */

        /* unblock SIGIO */
        if (sigprocmask(SIG_SETMASK, &oldmask, NULL) < 0) {
            perror("sigprocmask");
            exit(1);
        }

        if (sendto(sockfd, dg[iget].dg_data, dg[iget].dg_len, 0, dg[iget].dg_sa,
                   dg[iget].dg_salen) < 0) {
            perror("sendto");
            exit(1);
        }

        if (++iget >= QSIZE)
            iget = 0;

        /* block SIGIO */
        if (sigprocmask(SIG_BLOCK, &newmask, &oldmask) < 0) {
            perror("sigprocmask");
            exit(1);
        }
        nqueue--;
    }
}

int main(int argc, char **argv)
{
    int sockfd;
    socklen_t len;
    char str[INET_ADDRSTRLEN];
    struct sockaddr_in servaddr, cliaddr;

    if (argc > 3) {
        fprintf(stderr, "usage: ch25_udpserv01 [port] [bind-address]\n");
        exit(1);
    }
    if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }

    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(argc >= 2 ? atoi(argv[1]) : SERV_PORT);
    if (argc == 3 && inet_pton(AF_INET, argv[2], &servaddr.sin_addr) <= 0) {
        fprintf(stderr, "inet_pton: \"%s\" is not a valid AF_INET address\n", argv[2]);
        exit(1);
    }

    if (bind(sockfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    len = sizeof(servaddr);
    if (getsockname(sockfd, (SA *) &servaddr, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("bound to %s:%d\n", inet_ntop(AF_INET, &servaddr.sin_addr, str, sizeof(str)),
           ntohs(servaddr.sin_port));
    fflush(stdout);

    dg_echo(sockfd, (SA *) &cliaddr, sizeof(cliaddr));
}
