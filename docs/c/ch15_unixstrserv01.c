/* ch15_unixstrserv01.c — UNP vol. 1, Figure 15.3: the chapter 5 echo
 * server (a child per client, str_echo; SIGCHLD reaped with the waitpid
 * loop of Figure 5.11) on an AF_LOCAL stream socket, path /tmp/unix.str.
 * The C twin of examples/ch15_unixstrserv01.rs, which calls socklab's
 * unp::str_echo.
 *
 *   cc -Wall -Wextra -o ch15_unixstrserv01 docs/c/ch15_unixstrserv01.c
 *   ./ch15_unixstrserv01 [pathname]         (default /tmp/unix.str)
 *   listening on /tmp/unix.str
 *
 * Besides the book: the path argument, the "listening on" line, and the
 * book's unlink(UNIXSTR_PATH) made safe (only a socket is removed).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXLINE 4096
#define LISTENQ 1024
#define UNIXSTR_PATH "/tmp/unix.str"
#define SA struct sockaddr

/* Figure 3.15: write all n bytes, looping over short writes and EINTR. */
static ssize_t writen(int fd, const void *vptr, size_t n)
{
    size_t nleft = n;
    const char *ptr = vptr;
    ssize_t nwritten;

    while (nleft > 0) {
        if ((nwritten = write(fd, ptr, nleft)) <= 0) {
            if (nwritten < 0 && errno == EINTR)
                nwritten = 0; /* and call write() again */
            else
                return -1;
        }
        nleft -= nwritten;
        ptr += nwritten;
    }
    return n;
}

/* Figure 5.3: echo whatever arrives, until the client closes. */
static void str_echo(int sockfd)
{
    ssize_t n;
    char buf[MAXLINE];

again:
    while ((n = read(sockfd, buf, MAXLINE)) > 0) {
        if (writen(sockfd, buf, n) < 0) {
            perror("str_echo: write");
            exit(1);
        }
    }
    if (n < 0 && errno == EINTR)
        goto again;
    else if (n < 0) {
        perror("str_echo: read");
        exit(1);
    }
}

/* Figure 5.11: reap EVERY child that has ended, until none is left
 * (waitpid returns 0) or there is no child at all (-1, ECHILD). */
static void sig_chld(int signo)
{
    pid_t pid;
    int stat;

    (void) signo;
    while ((pid = waitpid(-1, &stat, WNOHANG)) > 0) {
        printf("child %d terminated\n", pid);
        fflush(stdout);
    }
}
/* The book's unlink(UNIXSTR_PATH) before bind, for a socket only: an
 * earlier run's socket file goes, anything else at the path stays. */
static void unlink_stale(const char *path)
{
    struct stat st;

    if (lstat(path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            fprintf(stderr, "%s: exists and is not a socket (not removed)\n", path);
            exit(1);
        }
        if (unlink(path) < 0) {
            perror("unlink");
            exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    int listenfd, connfd;
    pid_t childpid;
    socklen_t clilen;
    struct sockaddr_un cliaddr, servaddr;
    struct sigaction act, oact;
    const char *path = UNIXSTR_PATH;
    if (argc > 2) {
        fprintf(stderr, "usage: ch15_unixstrserv01 [pathname]   (default: /tmp/unix.str)\n");
        exit(1);
    }
    if (argc == 2)
        path = argv[1];

    if ((listenfd = socket(AF_LOCAL, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    unlink_stale(path);
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sun_family = AF_LOCAL;
    strncpy(servaddr.sun_path, path, sizeof(servaddr.sun_path) - 1);
    if (bind(listenfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    if (listen(listenfd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
    printf("listening on %s\n", servaddr.sun_path);
    fflush(stdout);

    /* the book's Signal(): SA_RESTART for every signal but SIGALRM */
    act.sa_handler = sig_chld;
    sigemptyset(&act.sa_mask);
    act.sa_flags = SA_RESTART;
    if (sigaction(SIGCHLD, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }

    for (;;) {
        clilen = sizeof(cliaddr);
        if ((connfd = accept(listenfd, (SA *) &cliaddr, &clilen)) < 0) {
            if (errno == EINTR)
                continue; /* back to for() */
            perror("accept");
            exit(1);
        }
        if ((childpid = fork()) < 0) {
            perror("fork");
            exit(1);
        }
        if (childpid == 0) { /* child process */
            if (close(listenfd) < 0) { /* close listening socket */
                perror("close");
                exit(1);
            }
            str_echo(connfd); /* process the request */
            exit(0);
        }
        if (close(connfd) < 0) { /* parent closes connected socket */
            perror("close");
            exit(1);
        }
    }
}
