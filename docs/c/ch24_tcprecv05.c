/* ch24_tcprecv05.c — UNP vol. 1, §24.3: the receiver with a small
 * receive buffer (SO_RCVBUF 4096, set on the listening socket before the
 * connection exists, so the window is small from the start) that never
 * reads normal data: it waits in pause() for SIGURG. The notification
 * arrives although the OOB byte cannot (the window is closed), so its
 * recv(MSG_OOB) fails with EWOULDBLOCK and it ends, as the book's does.
 * The C twin of examples/ch24_tcprecv05.rs; run ch24_tcpsend05 against it.
 *
 *   cc -Wall -Wextra -o ch24_tcprecv05 docs/c/ch24_tcprecv05.c
 *   ./ch24_tcprecv05 [[host] port]      (default port 9877)
 *   listening on 0.0.0.0:9877
 *   SIGURG received
 *   recv: Resource temporarily unavailable
 *
 * tcp_listen is the book's library function, written out here.
 * Additions: the default port, the "listening on" line, fflush after
 * each line. printf in a signal handler is not safe; the book does it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXLINE 4096
#define LISTENQ 1024
#define SA struct sockaddr

#define USAGE "usage: ch24_tcprecv05 [[host] port]   (default port: 9877)"

int listenfd, connfd;

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

/* The book's tcp_listen (Fig. 11.12): getaddrinfo(AI_PASSIVE), socket,
 * SO_REUSEADDR, bind, listen. */
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
        fprintf(stderr, "tcp_listen error for %s, %s: %s\n", host ? host : "(null)", serv,
                gai_strerror(n));
        exit(1);
    }
    ressave = res;

    do {
        listenfd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
        if (listenfd < 0)
            continue; /* error, try next one */
        if (setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
            perror("setsockopt");
            exit(1);
        }
        if (bind(listenfd, res->ai_addr, res->ai_addrlen) == 0)
            break; /* success */
        if (close(listenfd) < 0) { /* bind error, close and try next one */
            perror("close");
            exit(1);
        }
    } while ((res = res->ai_next) != NULL);

    if (res == NULL) { /* errno from final socket() or bind() */
        perror("bind");
        exit(1);
    }
    if (listen(listenfd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
    if (addrlenp)
        *addrlenp = res->ai_addrlen; /* return size of protocol address */
    freeaddrinfo(ressave);
    return listenfd;
}

/* What socklab's servers add to the book's: the line that says where it
 * listens (getsockname: port 0 shows the port the kernel chose). */
static void print_listening(int listenfd)
{
    struct sockaddr_storage servaddr;
    socklen_t len = sizeof(servaddr);

    if (getsockname(listenfd, (SA *) &servaddr, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("listening on %s\n", sock_ntop((SA *) &servaddr, len));
    fflush(stdout);
}

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

static void sig_urg(int signo)
{
    int n;
    char buff[2048];

    (void) signo;
    printf("SIGURG received\n");
    fflush(stdout);
    if ((n = recv(connfd, buff, sizeof(buff) - 1, MSG_OOB)) < 0) {
        perror("recv");
        exit(1);
    }
    buff[n] = 0; /* null terminate */
    printf("read %d OOB byte\n", n);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    int size;

    if (argc > 3) {
        fprintf(stderr, "%s\n", USAGE);
        exit(1);
    }
    if (argc == 3)
        listenfd = tcp_listen(argv[1], argv[2], NULL);
    else
        listenfd = tcp_listen(NULL, argc == 2 ? argv[1] : "9877", NULL);
    print_listening(listenfd);

    size = 4096;
    if (setsockopt(listenfd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)) < 0) {
        perror("setsockopt");
        exit(1);
    }

    if ((connfd = accept(listenfd, NULL, NULL)) < 0) {
        perror("accept");
        exit(1);
    }

    Signal(SIGURG, sig_urg);
    if (fcntl(connfd, F_SETOWN, getpid()) < 0) {
        perror("fcntl");
        exit(1);
    }

    for (;;)
        pause();
}
