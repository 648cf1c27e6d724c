/* ch13_inetd.c — UNP vol. 1, §13.5 (Figure 13.7): a small inetd. Each
 * service (inetd.conf's line without the user field, from the command
 * line or from -f conffile) gets a socket (bind; SO_REUSEADDR and listen
 * for a stream service); select waits on all of them; a "nowait" stream
 * service: accept, fork, the child dup2s the connection onto 0, 1, 2 and
 * execs the server; a "wait" datagram service: fork, the child dup2s the
 * socket itself, and the socket leaves the select set until that child
 * ends. SIGCHLD's handler reaps every child (no zombies).
 * The C twin of examples/ch13_inetd.rs.
 *
 *   cc -Wall -Wextra -o ch13_inetd docs/c/ch13_inetd.c
 *   ./ch13_inetd "1313 stream tcp nowait /path/ch13_daytimetcpsrv3 ch13_daytimetcpsrv3"
 *   listening on 0.0.0.0:1313
 *
 * The book shows inetd's steps, not its source: this is written from
 * them, in the style of the book's servers.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXLINE 4096
#define LISTENQ 1024
#define MAXSERV 16
#define MAXARGS 16
#define SA struct sockaddr

struct service {
    int fd;
    int wait;
    char *path;
    char *argv[MAXARGS + 1];
    pid_t child; /* the running server of a wait service */
};

static struct service serv[MAXSERV];
static int nserv;
static volatile sig_atomic_t reaped[64];

static void bad(const char *line, const char *why)
{
    fprintf(stderr, "inetd.conf: \"%s\": %s\n", line, why);
    exit(1);
}

static void open_service(char *line)
{
    char copy[MAXLINE], *tok[4 + 1 + MAXARGS + 1];
    int ntok = 0, stream, port;
    const int on = 1;
    struct servent *sp;
    struct sockaddr_in servaddr;
    socklen_t len;
    struct service *s = &serv[nserv];

    snprintf(copy, sizeof(copy), "%s", line);
    for (char *t = strtok(line, " \t"); t != NULL && ntok < 4 + 1 + MAXARGS; t = strtok(NULL, " \t"))
        tok[ntok++] = t;
    if (ntok < 5)
        bad(copy, "want: service socktype proto wait|nowait program argv0 [args…]");
    if (ntok < 6)
        bad(copy, "no argv0 after the program");
    if (strcmp(tok[1], "stream") == 0 && strcmp(tok[2], "tcp") == 0)
        stream = 1;
    else if (strcmp(tok[1], "dgram") == 0 && strcmp(tok[2], "udp") == 0)
        stream = 0;
    else
        bad(copy, "the socket and protocol are \"stream tcp\" or \"dgram udp\"");
    if (strcmp(tok[3], "wait") == 0)
        s->wait = 1;
    else if (strcmp(tok[3], "nowait") == 0)
        s->wait = 0;
    else
        bad(copy, "wait or nowait");
    if (!stream && !s->wait)
        bad(copy, "a dgram service is \"wait\": its server reads the datagram");
    if (strspn(tok[0], "0123456789") == strlen(tok[0]))
        port = atoi(tok[0]);
    else if ((sp = getservbyname(tok[0], tok[2])) != NULL)
        port = ntohs(sp->s_port);
    else {
        fprintf(stderr, "getservbyname: no service %s/%s\n", tok[0], tok[2]);
        exit(1);
    }
    s->path = strdup(tok[4]);
    for (int i = 5; i < ntok; i++)
        s->argv[i - 5] = strdup(tok[i]);
    s->argv[ntok - 5] = NULL;

    if ((s->fd = socket(AF_INET, stream ? SOCK_STREAM : SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if (stream && setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
        perror("setsockopt");
        exit(1);
    }
    if (bind(s->fd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    if (stream && listen(s->fd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
    len = sizeof(servaddr);
    if (getsockname(s->fd, (SA *) &servaddr, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("%s %s:%d\n", stream ? "listening on" : "bound to", inet_ntoa(servaddr.sin_addr),
           ntohs(servaddr.sin_port));
    fflush(stdout);
    nserv++;
}

static void read_conf(const char *file)
{
    FILE *fp;
    char line[MAXLINE], *p;

    if ((fp = fopen(file, "r")) == NULL) {
        perror("open");
        exit(1);
    }
    while (fgets(line, sizeof(line), fp) != NULL) {
        if ((p = strchr(line, '#')) != NULL)
            *p = 0;
        line[strcspn(line, "\n")] = 0;
        if (strspn(line, " \t") == strlen(line))
            continue;
        if (nserv == MAXSERV)
            bad(line, "too many services");
        open_service(line);
    }
    fclose(fp);
}

static void sig_chld(int signo)
{
    pid_t pid;
    int stat;

    (void) signo;
    while ((pid = waitpid(-1, &stat, WNOHANG)) > 0)
        for (int i = 0; i < 64; i++)
            if (reaped[i] == 0) {
                reaped[i] = pid;
                break;
            }
}

/* In the child: every other socket closed, sock on 0, 1, 2, exec. */
static void start_server(int k, int sock)
{
    for (int i = 0; i < nserv; i++)
        if (!(i == k && sock == serv[k].fd) && close(serv[i].fd) < 0) {
            perror("close");
            exit(1);
        }
    for (int fd = 0; fd <= 2; fd++)
        if (dup2(sock, fd) < 0) {
            perror("dup2");
            exit(1);
        }
    if (sock > 2 && close(sock) < 0) {
        perror("close");
        exit(1);
    }
    execv(serv[k].path, serv[k].argv);
    perror("execv");
    exit(1);
}

int main(int argc, char **argv)
{
    int i, maxfd = 0, connfd;
    pid_t pid;
    fd_set allset, rset;
    struct sigaction act, oact;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-f") == 0) {
            if (++i == argc)
                break;
            read_conf(argv[i]);
        } else {
            char line[MAXLINE], *p;
            snprintf(line, sizeof(line), "%s", argv[i]);
            if ((p = strchr(line, '#')) != NULL)
                *p = 0;
            if (strspn(line, " \t") == strlen(line))
                continue;
            if (nserv == MAXSERV)
                bad(line, "too many services");
            open_service(line);
        }
    }
    if (nserv == 0 || i > argc) {
        fprintf(stderr, "usage: ch13_inetd [-f conffile] [\"service stream|dgram tcp|udp wait|nowait program argv0 [args…]\"…]\n");
        exit(1);
    }

    act.sa_handler = sig_chld; /* Signal(SIGCHLD, sig_chld) */
    sigemptyset(&act.sa_mask);
    act.sa_flags = SA_RESTART;
    if (sigaction(SIGCHLD, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }
    FD_ZERO(&allset);
    for (i = 0; i < nserv; i++) {
        FD_SET(serv[i].fd, &allset);
        if (serv[i].fd > maxfd)
            maxfd = serv[i].fd;
    }

    for (;;) {
        rset = allset;
        if (select(maxfd + 1, &rset, NULL, NULL, NULL) < 0) {
            if (errno != EINTR) {
                perror("select");
                exit(1);
            }
            FD_ZERO(&rset); /* select is never restarted: SIGCHLD */
        }
        for (i = 0; i < nserv; i++) {
            if (!FD_ISSET(serv[i].fd, &rset))
                continue;
            if (serv[i].wait) {
                if ((pid = fork()) < 0) {
                    perror("fork");
                    exit(1);
                } else if (pid == 0)
                    start_server(i, serv[i].fd);
                serv[i].child = pid;
                FD_CLR(serv[i].fd, &allset); /* until that child ends */
            } else {
                if ((connfd = accept(serv[i].fd, NULL, NULL)) < 0) {
                    if (errno == EINTR)
                        continue;
                    perror("accept");
                    exit(1);
                }
                if ((pid = fork()) < 0) {
                    perror("fork");
                    exit(1);
                } else if (pid == 0)
                    start_server(i, connfd);
                if (close(connfd) < 0) { /* the child has it now */
                    perror("close");
                    exit(1);
                }
            }
        }
        /* wait services whose server has ended take clients again */
        for (int r = 0; r < 64; r++) {
            pid = reaped[r];
            if (pid == 0)
                continue;
            reaped[r] = 0;
            for (i = 0; i < nserv; i++)
                if (serv[i].wait && serv[i].child == pid) {
                    serv[i].child = 0;
                    FD_SET(serv[i].fd, &allset);
                }
        }
    }
}
