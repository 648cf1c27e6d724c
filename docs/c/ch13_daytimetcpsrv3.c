/* ch13_daytimetcpsrv3.c — UNP vol. 1, §13.6: the daytime server started
 * by inetd. Descriptors 0, 1 and 2 are the connected socket: daemon_inetd
 * (openlog), getpeername(0), the client reported with syslog, the time
 * written on 0, close(0). The C twin of examples/ch13_daytimetcpsrv3.rs.
 *
 *   make -C docs/c   # -> target/c/ch13_daytimetcpsrv3, linked with libunp.a (docs/c/lib/)
 *   ch13_inetd "1313 stream tcp nowait $PWD/ch13_daytimetcpsrv3 ch13_daytimetcpsrv3"
 *
 * daemon_inetd and sock_ntop are the book's library functions:
 * daemon_inetd written out here, sock_ntop in docs/c/lib/ (unp.h). One change: a failed getpeername (started from a shell, not
 * by inetd) is reported on stderr, where someone is reading, instead of
 * to syslog.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "unp.h" /* the book's library: sock_ntop (docs/c/lib/) */

#define MAXLINE 4096
#define SA struct sockaddr

static void daemon_inetd(const char *pname, int facility)
{
    openlog(pname, LOG_PID, facility);
}

int main(int argc, char **argv)
{
    socklen_t len;
    struct sockaddr *cliaddr;
    char buff[MAXLINE];
    time_t ticks;

    if (argc != 1) {
        fprintf(stderr, "usage: ch13_daytimetcpsrv3   (started by inetd: descriptor 0 is the connection)\n");
        exit(1);
    }
    daemon_inetd(argv[0], 0);

    cliaddr = malloc(sizeof(struct sockaddr_storage));
    len = sizeof(struct sockaddr_storage);
    if (getpeername(0, cliaddr, &len) < 0) {
        perror("getpeername");
        exit(1);
    }
    syslog(LOG_INFO, "connection from %s", sock_ntop(cliaddr, len));

    ticks = time(NULL);
    snprintf(buff, sizeof(buff), "%.24s\r\n", ctime(&ticks));
    if (write(0, buff, strlen(buff)) < 0) {
        syslog(LOG_ERR, "write: %m");
        exit(1);
    }
    if (close(0) < 0) {
        syslog(LOG_ERR, "close: %m");
        exit(1);
    }
    exit(0);
}
