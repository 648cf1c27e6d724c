/* ch24_tcprecv04.c — UNP vol. 1, §24.3: out-of-band data inline (SO_OOBINLINE,
 * set on the listening socket, inherited by connfd) and sockatmark: a
 * read stops at the mark. Run ch24_tcpsend04 against it. The C twin of examples/ch24_tcprecv04.rs.
 *
 *   cc -Wall -Wextra -o ch24_tcprecv04 docs/c/ch24_tcprecv04.c
 *   ./ch24_tcprecv04 [--paced] [[host] port]      (default port 9877)
 *   listening on 0.0.0.0:9877
 *   read 3 bytes: 123
 *   at OOB mark
 *   read 2 bytes: 45
 *   received EOF
 *
 * tcp_listen is the book's library function, written out here.
 * Additions: the default port, the "listening on" line, fflush after
 * each line, and --paced (a line on stdin instead of sleep(5): how the
 * tests make sure everything has arrived before the first read).
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

#define USAGE "usage: ch24_tcprecv04 [--paced] [[host] port]   (default port: 9877)"

static int paced; /* --paced: wait for a line on stdin instead of sleeping */

/* The book's sleep(n) between two steps; with --paced (how the tests
 * drive it, one step at a time) a line on standard input instead. */
static void pace(unsigned int sec)
{
    char line[MAXLINE];

    if (paced) {
        if (fgets(line, sizeof(line), stdin) == NULL)
            return; /* end of input: no more waiting */
    } else
        sleep(sec);
}

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

int main(int argc, char **argv)
{
    int listenfd, connfd, n, on = 1;
    char buff[100];

    if (argc > 1 && strcmp(argv[1], "--paced") == 0) {
        paced = 1;
        argv++;
        argc--;
    }
    if (argc > 3) {
        fprintf(stderr, "%s\n", USAGE);
        exit(1);
    }
    if (argc == 3)
        listenfd = tcp_listen(argv[1], argv[2], NULL);
    else
        listenfd = tcp_listen(NULL, argc == 2 ? argv[1] : "9877", NULL);
    print_listening(listenfd);

    if (setsockopt(listenfd, SOL_SOCKET, SO_OOBINLINE, &on, sizeof(on)) < 0) {
        perror("setsockopt");
        exit(1);
    }

    if ((connfd = accept(listenfd, NULL, NULL)) < 0) {
        perror("accept");
        exit(1);
    }
    pace(5); /* let all the data from the sender arrive */

    for (;;) {
        if ((n = sockatmark(connfd)) < 0) {
            perror("sockatmark");
            exit(1);
        }
        if (n) {
            printf("at OOB mark\n");
            fflush(stdout);
        }

        if ((n = read(connfd, buff, sizeof(buff) - 1)) < 0) {
            perror("read");
            exit(1);
        }
        if (n == 0) {
            printf("received EOF\n");
            exit(0);
        }
        buff[n] = 0; /* null terminate */
        printf("read %d bytes: %s\n", n, buff);
        fflush(stdout);
    }
}
