/* ch13_syslogd.c — a tiny system logger for UNP vol. 1, chapter 13
 * (§13.2): an AF_UNIX datagram socket bound to a path (syslog(3) sends
 * to /dev/log), each message printed as a logger writes it, with its
 * priority spelled out ("<6>Dec  6 03:30:00 prog[42]: text" becomes
 * "kern.info Dec  6 03:30:00 prog[42]: text"). SIGINT or SIGTERM: the
 * path is removed and the program ends. The C twin of
 * examples/ch13_syslogd.rs.
 *
 *   cc -Wall -Wextra -o ch13_syslogd docs/c/ch13_syslogd.c
 *   ./ch13_syslogd /tmp/log.sock       (/dev/log only in a mount namespace of its own)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MAXLINE 4096
#define SA struct sockaddr

static volatile sig_atomic_t stop;

static void sig_stop(int signo)
{
    (void) signo;
    stop = 1;
}

static const char *levels[8] = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};
static const char *facilities[12] = {"kern", "user", "mail", "daemon", "auth", "syslog",
                                     "lpr", "news", "uucp", "cron", "authpriv", "ftp"};

int main(int argc, char **argv)
{
    int sockfd, pri, fac, skip;
    ssize_t n;
    char buf[MAXLINE + 1], facname[32];
    struct sockaddr_un servaddr;
    struct sigaction act, oact;

    if (argc != 2) {
        fprintf(stderr, "usage: ch13_syslogd path   (an AF_UNIX datagram socket; syslog(3) sends to /dev/log)\n");
        exit(1);
    }
    if (strlen(argv[1]) >= sizeof(servaddr.sun_path)) {
        fprintf(stderr, "sockaddr_un: path too long\n");
        exit(1);
    }
    if ((sockfd = socket(AF_UNIX, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sun_family = AF_UNIX;
    strcpy(servaddr.sun_path, argv[1]);
    if (bind(sockfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    printf("bound to %s\n", argv[1]);
    fflush(stdout);

    act.sa_handler = sig_stop; /* no SA_RESTART: recvfrom fails with EINTR */
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (sigaction(SIGINT, &act, &oact) < 0 || sigaction(SIGTERM, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }

    for (;;) {
        if (stop) /* SIGINT or SIGTERM: here, or while we were printing */
            break;
        if ((n = recvfrom(sockfd, buf, MAXLINE, 0, NULL, NULL)) < 0) {
            if (errno == EINTR)
                continue; /* the flag is looked at above */
            perror("recvfrom");
            unlink(argv[1]);
            exit(1);
        }
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\0'))
            n--;
        buf[n] = 0;
        if (sscanf(buf, "<%d>%n", &pri, &skip) == 1) {
            fac = LOG_FAC(pri);
            if (fac < 12)
                snprintf(facname, sizeof(facname), "%s", facilities[fac]);
            else if (fac >= 16 && fac <= 23)
                snprintf(facname, sizeof(facname), "local%d", fac - 16);
            else
                snprintf(facname, sizeof(facname), "facility%d", fac);
            printf("%s.%s %s\n", facname, levels[LOG_PRI(pri)], buf + skip);
        } else
            printf("%s\n", buf);
        fflush(stdout);
    }
    if (unlink(argv[1]) < 0) {
        perror("unlink");
        exit(1);
    }
    exit(0);
}
