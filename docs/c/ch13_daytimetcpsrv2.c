/* ch13_daytimetcpsrv2.c — UNP vol. 1, §13.4 (Figures 13.4-13.5): the
 * chapter 11 daytime server as a daemon. daemon_init (fork, the parent
 * _exits, setsid, SIGHUP ignored, fork again, chdir "/", close
 * descriptors 0-63, /dev/null on 0, 1, 2, openlog), then tcp_listen,
 * each client reported with syslog (the book's err_msg when daemon_proc
 * is set). The C twin of examples/ch13_daytimetcpsrv2.rs.
 *
 *   cc -Wall -Wextra -o ch13_daytimetcpsrv2 docs/c/ch13_daytimetcpsrv2.c
 *   ./ch13_daytimetcpsrv2 [host] [service]     (default 1313; daytime needs root)
 *
 * daemon_init, tcp_listen and sock_ntop are the book's library functions,
 * written out here; err_msg and err_sys become the syslog calls they make
 * in a daemon. Additions: the default service, the "listening on" message.
 */
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXLINE 4096
#define LISTENQ 1024
#define MAXFD 64
#define SA struct sockaddr

static char *sock_ntop(const SA *sa, socklen_t salen)
{
    static char str[128];
    char portstr[8];

    (void) salen;
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) sa;
        str[0] = '[';
        inet_ntop(AF_INET6, &sin6->sin6_addr, str + 1, sizeof(str) - 1);
        snprintf(portstr, sizeof(portstr), "]:%d", ntohs(sin6->sin6_port));
    } else {
        const struct sockaddr_in *sin = (const struct sockaddr_in *) sa;
        inet_ntop(AF_INET, &sin->sin_addr, str, sizeof(str));
        snprintf(portstr, sizeof(portstr), ":%d", ntohs(sin->sin_port));
    }
    strcat(str, portstr);
    return str;
}

/* Figure 13.4 */
static int daemon_init(const char *pname, int facility)
{
    int i;
    pid_t pid;
    struct sigaction act, oact;

    if ((pid = fork()) < 0)
        return -1;
    else if (pid)
        _exit(0); /* parent terminates */

    /* child 1 continues... */
    if (setsid() < 0) /* become session leader */
        return -1;

    act.sa_handler = SIG_IGN; /* Signal(SIGHUP, SIG_IGN) */
    sigemptyset(&act.sa_mask);
    act.sa_flags = SA_RESTART;
    if (sigaction(SIGHUP, &act, &oact) < 0)
        return -1;
    if ((pid = fork()) < 0)
        return -1;
    else if (pid)
        _exit(0); /* child 1 terminates */

    /* child 2 continues... */
    if (chdir("/") < 0) /* change working directory */
        return -1;

    /* close off file descriptors */
    for (i = 0; i < MAXFD; i++)
        close(i);

    /* redirect stdin, stdout, and stderr to /dev/null */
    if (open("/dev/null", O_RDONLY) < 0 || open("/dev/null", O_RDWR) < 0 ||
        open("/dev/null", O_RDWR) < 0)
        return -1;

    openlog(pname, LOG_PID, facility);
    return 0; /* success */
}

static int tcp_listen(const char *host, const char *serv, socklen_t *addrlenp)
{
    int listenfd, n;
    const int on = 1;
    struct addrinfo hints, *res, *ressave;

    bzero(&hints, sizeof(struct addrinfo));
    hints.ai_flags = AI_PASSIVE;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;

    if ((n = getaddrinfo(host, serv, &hints, &res)) != 0) {
        syslog(LOG_ERR, "tcp_listen error for %s, %s: %s", host ? host : "(null)", serv,
               gai_strerror(n));
        exit(1);
    }
    ressave = res;

    do {
        listenfd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
        if (listenfd < 0)
            continue; /* error, try next one */
        if (setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
            syslog(LOG_ERR, "setsockopt: %m");
            exit(1);
        }
        if (bind(listenfd, res->ai_addr, res->ai_addrlen) == 0)
            break; /* success */
        if (close(listenfd) < 0) { /* bind error, close and try next one */
            syslog(LOG_ERR, "close: %m");
            exit(1);
        }
    } while ((res = res->ai_next) != NULL);

    if (res == NULL) { /* errno from final socket() or bind() */
        syslog(LOG_ERR, "bind: %m");
        exit(1);
    }
    if (listen(listenfd, LISTENQ) < 0) {
        syslog(LOG_ERR, "listen: %m");
        exit(1);
    }
    if (addrlenp)
        *addrlenp = res->ai_addrlen; /* return size of protocol address */
    freeaddrinfo(ressave);
    return listenfd;
}

int main(int argc, char **argv)
{
    int listenfd, connfd;
    socklen_t addrlen, len;
    struct sockaddr *cliaddr;
    struct sockaddr_storage servaddr;
    char buff[MAXLINE];
    time_t ticks;

    if (argc > 3) {
        fprintf(stderr, "usage: ch13_daytimetcpsrv2 [host] [service]   (default: all IPv4 addresses, 1313)\n");
        exit(1);
    }
    if (daemon_init(argv[0], 0) < 0) {
        perror("daemon_init");
        exit(1);
    }

    if (argc == 1)
        listenfd = tcp_listen(NULL, "1313", &addrlen);
    else if (argc == 2)
        listenfd = tcp_listen(NULL, argv[1], &addrlen);
    else
        listenfd = tcp_listen(argv[1], argv[2], &addrlen);

    len = sizeof(servaddr);
    if (getsockname(listenfd, (SA *) &servaddr, &len) < 0) {
        syslog(LOG_ERR, "getsockname: %m");
        exit(1);
    }
    syslog(LOG_INFO, "listening on %s", sock_ntop((SA *) &servaddr, len));
    cliaddr = malloc(addrlen);

    for (;;) {
        len = addrlen;
        if ((connfd = accept(listenfd, cliaddr, &len)) < 0) {
            syslog(LOG_ERR, "accept: %m");
            exit(1);
        }
        syslog(LOG_INFO, "connection from %s", sock_ntop(cliaddr, len));

        ticks = time(NULL);
        snprintf(buff, sizeof(buff), "%.24s\r\n", ctime(&ticks));
        if (write(connfd, buff, strlen(buff)) < 0) {
            syslog(LOG_ERR, "write: %m");
            exit(1);
        }
        if (close(connfd) < 0) {
            syslog(LOG_ERR, "close: %m");
            exit(1);
        }
    }
}
