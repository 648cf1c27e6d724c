/* forking_server.c — C twin of examples/forking_server.rs (the classic
 * tutorial's server2.c, rewritten): forever, accept a connection and
 * fork a child to serve it; the child closes the listening socket, does
 * the message exchange and exits; the parent closes the connected socket.
 *
 *   cc -Wall -Wextra -o forking_server docs/c/forking_server.c
 *   ./forking_server 51717
 *   Here is the message: first
 *
 * Zombies: SIGCHLD is set to SIG_IGN, so the kernel discards children as
 * they exit (POSIX.1-2001). The alternative, a handler that reaps with
 *     while (waitpid(-1, &status, WNOHANG) > 0) ;
 * installed with SA_RESTART, is shown in docs/forking-server.md. This
 * server never needs a child's exit status, so it takes the cure with no
 * handler running in the middle of accept(): no EINTR, no errno to save.
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

#define BUFSIZE 255
#define LISTENQ 1024

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

/* sigaction with an empty mask, explicit flags, and &oact (as socklab's
 * signal() does). */
static void set_signal(int signo, void (*handler)(int), int flags, const char *name)
{
    struct sigaction act, oact;
    memset(&act, 0, sizeof act);
    act.sa_handler = handler;
    sigemptyset(&act.sa_mask);
    act.sa_flags = flags;
    if (sigaction(signo, &act, &oact) < 0) {
        perror(name);
        exit(1);
    }
}

/* accept() errors that mean the listening socket itself is unusable;
 * every other error belongs to one connection attempt. */
static int listener_broken(int err)
{
    return err == EBADF || err == ENOTSOCK || err == EINVAL || err == EOPNOTSUPP
        || err == EFAULT;
}

/* The tutorial's dostuff: one message in, one fixed answer out.
 * Returns 0, or 1 after printing what went wrong. */
static int dostuff(int connfd)
{
    char buf[BUFSIZE];
    ssize_t n = read(connfd, buf, sizeof buf);
    if (n < 0) {
        perror("read");
        return 1;
    }
    if (n == 0) {
        fprintf(stderr, "read: the client closed the connection without a message\n");
        return 1;
    }
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        n--;
    printf("Here is the message: %.*s\n", (int) n, buf);
    const char *reply = "I got your message";
    if (write(connfd, reply, strlen(reply)) < 0) {
        perror("write");
        return 1;
    }
    return 0;
}

/* The child: serve this one client, then exit. */
static void child(int listenfd, int connfd)
{
    int status = 0;
    if (close(listenfd) < 0) { /* the parent's business */
        perror("close");
        status = 1;
    }
    if (dostuff(connfd) != 0)
        status = 1;
    if (close(connfd) < 0) {
        perror("close");
        status = 1;
    }
    exit(status);
}

int main(int argc, char **argv)
{
    /* stdout writes each line at once, as Rust's does. Its buffer is static,
     * so it exists before any fork, as Rust's does: a forked child does
     * not set up (fstat, ioctl, malloc) a buffer of its own. */
    static char outbuf[BUFSIZ];
    setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);

    if (argc < 2) {
        fprintf(stderr, "ERROR, no port provided\n");
        exit(1);
    }
    if (argc > 2) {
        fprintf(stderr, "usage: forking_server port\n");
        exit(1);
    }
    unsigned short port = parse_port(argv[1]);

    /* Rust's runtime ignores SIGPIPE before main; so do we: a client that
     * resets the connection costs its child an EPIPE line, not a signal. */
    set_signal(SIGPIPE, SIG_IGN, 0, "sigaction");
    /* Ended children are discarded by the kernel: no zombies. */
    set_signal(SIGCHLD, SIG_IGN, 0, "sigaction");

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
    if (listen(listenfd, LISTENQ) < 0) { /* the tutorial passes 5 */
        perror("listen");
        exit(1);
    }

    for (;;) {
        struct sockaddr_storage cliaddr;
        socklen_t len = sizeof cliaddr;
        int connfd = accept(listenfd, (struct sockaddr *) &cliaddr, &len);
        if (connfd < 0) {
            int err = errno; /* before perror, which may change it */
            perror("accept");
            if (listener_broken(err))
                exit(1);
            continue; /* ECONNABORTED, EINTR…: go on */
        }
        pid_t pid = fork();
        if (pid == 0)
            child(listenfd, connfd); /* does not return */
        if (pid < 0)
            perror("fork"); /* EAGAIN: this client goes unserved */
        if (close(connfd) < 0) /* the parent's copy */
            perror("close");
    }
}
