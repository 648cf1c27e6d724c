/* ch01_daytimetcpsrv.c — C twin of examples/ch01_daytimetcpsrv.rs (UNP
 * vol. 1, Figure 1.9): forever accept a connection, write the time of day
 * ("%.24s\r\n" of ctime), close it.
 *
 *   cc -Wall -Wextra -o ch01_daytimetcpsrv docs/c/ch01_daytimetcpsrv.c
 *   ./ch01_daytimetcpsrv [port]            (default 13: needs root)
 *   listening on port 13
 *
 * Same system calls, in the same order, as the Rust program.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define DAYTIME_PORT 13
#define LISTENQ 1024
#define MAXLINE 4096
#define USAGE "usage: ch01_daytimetcpsrv [port]   (default: 13)"

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

/* accept() errors that mean the listening socket itself is unusable;
 * every other error belongs to one connection attempt. */
static int listener_broken(int err)
{
    return err == EBADF || err == ENOTSOCK || err == EINVAL || err == EOPNOTSUPP
        || err == EFAULT;
}

int main(int argc, char **argv)
{
    /* stdout writes each line at once, as Rust's does. Its buffer is static,
     * so it exists before any fork, as Rust's does: a forked child does
     * not set up (fstat, ioctl, malloc) a buffer of its own. */
    static char outbuf[BUFSIZ];
    setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);

    /* A client that resets the connection must cost an EPIPE, not the
     * server's life. (The Rust runtime ignores SIGPIPE before main.) */
    struct sigaction act, oact;
    memset(&act, 0, sizeof act);
    act.sa_handler = SIG_IGN;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (sigaction(SIGPIPE, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }

    unsigned short port = DAYTIME_PORT;
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
        if (errno == EACCES && port < 1024) {
            fprintf(stderr, "bind: %s (EACCES): ports below 1024 need privileges "
                    "(root or CAP_NET_BIND_SERVICE); use a high port, e.g. "
                    "`ch01_daytimetcpsrv 1313` and `ch01_daytimetcpcli 127.0.0.1 1313`\n",
                    strerror(errno));
            exit(1);
        }
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
            continue; /* ECONNABORTED…: one failed attempt */
        }
        time_t ticks = time(NULL);
        char buff[MAXLINE];
        snprintf(buff, sizeof buff, "%.24s\r\n", ctime(&ticks));
        if (write(connfd, buff, strlen(buff)) < 0)
            perror("write"); /* the client is gone: its loss, not ours */
        if (close(connfd) < 0)
            perror("close");
    }
}
