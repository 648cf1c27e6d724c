/* ch15_unixstrserv02.c — UNP vol. 1, section 15.8 (Figures 15.14-15.15),
 * the Linux way: the echo server of Figure 15.3 whose str_echo prints the
 * sender's credentials with each read. The book's SCM_CREDS and struct
 * cmsgcred are FreeBSD's (they do not compile here); Linux sends an
 * SCM_CREDENTIALS control message with a struct ucred (pid, uid, gid) to
 * a socket that has SO_PASSCRED set — set here on the listening socket,
 * which each accepted socket inherits. The C twin of
 * examples/ch15_unixstrserv02.rs.
 *
 *   cc -Wall -Wextra -o ch15_unixstrserv02 docs/c/ch15_unixstrserv02.c
 *   ./ch15_unixstrserv02 [pathname]         (default /tmp/unix.str)
 *   listening on /tmp/unix.str
 *   PID of sender = 5130
 *   real user ID = 1000
 *   real group ID = 1000
 *
 * Besides the book: the path argument, the "listening on" line, and the
 * book's unlink(UNIXSTR_PATH) made safe (only a socket is removed).
 */
#define _GNU_SOURCE /* struct ucred */
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

/* Figure 15.14, the Linux way: recvmsg with room for one SCM_CREDENTIALS
 * control message; *cred is zeroed when none came. */
static ssize_t read_cred(int fd, void *ptr, size_t nbytes, struct ucred *cred)
{
    struct msghdr msg;
    struct iovec iov[1];
    union {
        struct cmsghdr cm;
        char control[CMSG_SPACE(sizeof(struct ucred))];
    } control_un;
    struct cmsghdr *cmptr;
    ssize_t n;

    msg.msg_name = NULL;
    msg.msg_namelen = 0;
    iov[0].iov_base = ptr;
    iov[0].iov_len = nbytes;
    msg.msg_iov = iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control_un.control;
    msg.msg_controllen = sizeof(control_un.control);
    msg.msg_flags = 0;

    if ((n = recvmsg(fd, &msg, 0)) < 0)
        return n;

    bzero(cred, sizeof(struct ucred));
    if ((cmptr = CMSG_FIRSTHDR(&msg)) != NULL && cmptr->cmsg_len == CMSG_LEN(sizeof(struct ucred)) &&
        cmptr->cmsg_level == SOL_SOCKET && cmptr->cmsg_type == SCM_CREDENTIALS)
        memcpy(cred, CMSG_DATA(cmptr), sizeof(struct ucred));
    return n;
}

/* Figure 15.15: echo, printing the sender's credentials with each read. */
static void str_echo(int sockfd)
{
    ssize_t n;
    char buf[MAXLINE];
    struct ucred cred;

again:
    while ((n = read_cred(sockfd, buf, MAXLINE, &cred)) > 0) {
        if (cred.pid == 0) {
            printf("(no credentials returned)\n");
        } else {
            printf("PID of sender = %d\n", (int) cred.pid);
            printf("real user ID = %d\n", (int) cred.uid);
            printf("real group ID = %d\n", (int) cred.gid);
        }
        fflush(stdout);
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
    const int on = 1;
    if (argc > 2) {
        fprintf(stderr, "usage: ch15_unixstrserv02 [pathname]   (default: /tmp/unix.str)\n");
        exit(1);
    }
    if (argc == 2)
        path = argv[1];

    if ((listenfd = socket(AF_LOCAL, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    /* Linux: ask for credentials before any client can send; accepted
     * sockets inherit it */
    if (setsockopt(listenfd, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)) < 0) {
        perror("setsockopt");
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
