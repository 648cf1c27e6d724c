/* ch05_tcpserv01.c — C twin of examples/ch05_tcpserv01.rs (UNP vol. 1,
 * Figures 5.2-5.3): the forking TCP echo server. The parent accepts and
 * forks; the child closes the listening socket, echoes (str_echo) until
 * the client closes, and exits. Nobody waits for the children: they stay
 * zombies (section 5.8).
 *
 *   cc -Wall -Wextra -o ch05_tcpserv01 docs/c/ch05_tcpserv01.c
 *   ./ch05_tcpserv01 [port]                (default 9877)
 *   listening on port 9877
 *
 * Same system calls, in the same order, as the Rust program.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define SERV_PORT 9877
#define LISTENQ 1024
#define MAXLINE 4096
#define USAGE "usage: ch05_tcpserv01 [port]   (default: 9877)"

/* The port argument as a number 0-65535, or a one-line error and exit. */
static unsigned short parse_port(const char *text)
{
    char *end;
    errno = 0;
    long port = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || port < 0 || port > 65535) {
        fprintf(stderr, "port: \"%s\" is not a port number (0-65535)\n", text);
        exit(1);
    }
    return (unsigned short) port;
}

/* accept() errors that mean the listening socket itself is unusable. */
static int listener_broken(int err)
{
    return err == EBADF || err == ENOTSOCK || err == EINVAL || err == EOPNOTSUPP
        || err == EFAULT;
}

/* Write all n bytes, looping over short writes; EINTR is retried. */
static int writen(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        buf += w;
        n -= (size_t) w;
    }
    return 0;
}

/* Echo until the client closes. Returns -1 (errno set, *call named) on error. */
static int str_echo(int sockfd, const char **call)
{
    char buf[MAXLINE];
    for (;;) {
        ssize_t n = read(sockfd, buf, sizeof buf);
        if (n == 0)
            return 0; /* the client closed: done */
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *call = "read";
            return -1;
        }
        if (writen(sockfd, buf, (size_t) n) < 0) {
            *call = "write";
            return -1;
        }
    }
}

int main(int argc, char **argv)
{
    /* stdout writes each line at once, as Rust's does. Its buffer is static,
     * so it exists before any fork, as Rust's does: a forked child does
     * not set up (fstat, ioctl, malloc) a buffer of its own. */
    static char outbuf[BUFSIZ];
    setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);

    /* The Rust runtime ignores SIGPIPE before main; so does this twin. */
    struct sigaction act, oact;
    memset(&act, 0, sizeof act);
    act.sa_handler = SIG_IGN;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (sigaction(SIGPIPE, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }

    unsigned short port = SERV_PORT;
    if (argc == 2)
        port = parse_port(argv[1]);
    else if (argc > 2) {
        fprintf(stderr, "%s\n", USAGE);
        exit(1);
    }

    int listenfd = socket(AF_INET, SOCK_STREAM, 0);
    if (listenfd < 0) {
        perror("socket");
        exit(1);
    }
    struct sockaddr_in servaddr;
    memset(&servaddr, 0, sizeof servaddr);
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if (bind(listenfd, (struct sockaddr *) &servaddr, sizeof servaddr) < 0) {
        perror("bind");
        exit(1);
    }
    if (listen(listenfd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
    printf("listening on port %u\n", (unsigned) port);

    for (;;) {
        struct sockaddr_storage cliaddr;
        socklen_t len = sizeof cliaddr;
        int connfd = accept(listenfd, (struct sockaddr *) &cliaddr, &len);
        if (connfd < 0) {
            int err = errno;
            perror("accept");
            if (listener_broken(err))
                exit(1);
            continue; /* ECONNABORTED: one failed attempt */
        }
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            exit(1);
        }
        if (pid == 0) { /* child */
            if (close(listenfd) < 0) {
                perror("close");
                exit(1);
            }
            const char *call = NULL;
            int status = 0;
            if (str_echo(connfd, &call) < 0) {
                perror(call);
                status = 1;
            }
            exit(status); /* closes connfd: the client sees end of file */
        }
        if (close(connfd) < 0) { /* parent: the child has it now */
            perror("close");
            exit(1);
        }
    }
}
