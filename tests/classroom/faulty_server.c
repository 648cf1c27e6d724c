/* faulty_server.c — a forking TCP echo server (with -DSUM: the text-sum
 * server of UNP section 5.18) that does everything right, unless one
 * FAULT_ macro gives it one of a student's classic mistakes. Written for
 * tests/classroom_check.rs, which compiles it once per fault and holds
 * `socklab check` to failing exactly the check that names the fault.
 * tests/classroom/faulty_server.rs is the same server in Rust.
 *
 *   FAULT_ITERATIVE      serves one client at a time (no fork)
 *   FAULT_NO_REAP        never waits for its children: zombies
 *   FAULT_LEAK_CONNFD    the parent keeps each connected socket
 *   FAULT_KEEP_LISTENFD  the child keeps the listening socket
 *   FAULT_SIGPIPE        leaves SIGPIPE at its default: dies on a reset peer
 *   FAULT_ONE_READ       (SUM) takes one read to be one whole line
 *   FAULT_NO_REUSEADDR   binds without SO_REUSEADDR
 *   FAULT_EXIT_AFTER_FIRST  serves its first client, then exits (no loop)
 *
 * With -DWEB_CHILD it is UNP chapter 30's web_child server instead: each
 * line holds a number N (up to 16384), answered with N bytes.
 *
 * usage: faulty_server port
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXLINE 4096
#define LISTENQ 1024

#ifndef FAULT_NO_REAP
static void sig_chld(int signo)
{
    (void) signo;
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
}
#endif

static ssize_t writen(int fd, const char *ptr, size_t n)
{
    size_t nleft = n;
    while (nleft > 0) {
        ssize_t nwritten = write(fd, ptr, nleft);
        if (nwritten <= 0) {
            if (nwritten < 0 && errno == EINTR)
                continue;
            return -1;
        }
        nleft -= nwritten;
        ptr += nwritten;
    }
    return n;
}

#if defined(WEB_CHILD)
#define SUM
static int answer(int connfd, const char *line)
{
    static char result[16384];
    long ntowrite = atol(line);
    if (ntowrite <= 0 || ntowrite > (long) sizeof(result))
        return -1;
    memset(result, 'x', ntowrite);
    return writen(connfd, result, ntowrite) < 0 ? -1 : 0;
}
#elif defined(SUM)
static int answer(int connfd, const char *line)
{
    long arg1, arg2;
    char out[64];
    if (sscanf(line, "%ld%ld", &arg1, &arg2) == 2)
        snprintf(out, sizeof(out), "%ld\n", arg1 + arg2);
    else
        snprintf(out, sizeof(out), "input error\n");
    return writen(connfd, out, strlen(out)) < 0 ? -1 : 0;
}
#endif

static void serve(int connfd)
{
    char buf[MAXLINE];
    size_t have = 0;
    for (;;) {
        ssize_t n = read(connfd, buf + have, sizeof(buf) - 1 - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
#ifndef SUM
        (void) have;
        if (writen(connfd, buf, n) < 0)
            return;
#elif defined(FAULT_ONE_READ)
        buf[n] = 0;               /* the fault: this read is the whole line */
        if (answer(connfd, buf) < 0)
            return;
#else
        have += n;
        buf[have] = 0;
        char *nl;
        while ((nl = memchr(buf, '\n', have)) != NULL) {
            *nl = 0;
            if (answer(connfd, buf) < 0)
                return;
            size_t used = nl + 1 - buf;
            memmove(buf, nl + 1, have - used);
            have -= used;
            buf[have] = 0;
        }
        if (have == sizeof(buf) - 1)
            return;
#endif
    }
}

int main(int argc, char **argv)
{
    int listenfd, connfd;
    struct sockaddr_in servaddr;

    if (argc != 2) {
        fprintf(stderr, "usage: faulty_server port\n");
        exit(1);
    }
    if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
#ifndef FAULT_NO_REUSEADDR
    int on = 1;
    if (setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
        perror("setsockopt");
        exit(1);
    }
#endif
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(atoi(argv[1]));
    if (bind(listenfd, (struct sockaddr *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    if (listen(listenfd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
#ifndef FAULT_SIGPIPE
    signal(SIGPIPE, SIG_IGN);
#endif
#ifndef FAULT_NO_REAP
    struct sigaction act;
    act.sa_handler = sig_chld;
    sigemptyset(&act.sa_mask);
    act.sa_flags = SA_RESTART;
    sigaction(SIGCHLD, &act, NULL);
#endif
    for (;;) {
        if ((connfd = accept(listenfd, NULL, NULL)) < 0) {
            if (errno == EINTR)
                continue;
            perror("accept");
            exit(1);
        }
#if defined(FAULT_EXIT_AFTER_FIRST)
        serve(connfd);            /* the fault: no loop, one client */
        close(connfd);
        exit(0);
#elif defined(FAULT_ITERATIVE)
        serve(connfd);
        close(connfd);
#else
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            exit(1);
        }
        if (pid == 0) {
#ifndef FAULT_KEEP_LISTENFD
            close(listenfd);
#endif
            serve(connfd);
            exit(0);
        }
#ifndef FAULT_LEAK_CONNFD
        close(connfd);
#endif
#endif
    }
}
