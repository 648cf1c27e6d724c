/* ch30_serv05.c — UNP vol. 1, §30.9: preforked, but the parent accepts every connection
 * and passes the descriptor to an idle child over a stream pipe
 * (socketpair, write_fd with SCM_RIGHTS); a child says it is idle again
 * by writing one byte back. The child's end of the pipe is its stderr.
 * The C twin of examples/ch30_serv05.rs.
 *
 *   make -C docs/c   # -> target/c/ch30_serv05, linked with libunp.a (docs/c/lib/)
 *   ./ch30_serv05 [host] port #children
 *   listening on 0.0.0.0:9877
 *   (kill -INT the server: it prints its CPU time, children included)
 *
 * tcp_listen, readline, writen, web_child and pr_cpu_time are the book's
 * library functions, in docs/c/lib/ (unp.h); write_fd and read_fd
 * (Figures 15.13 and 15.11) are written out here. Addition: the
 * "listening on" line.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/select.h>

#include "unp.h"

/* Figure 15.13: send a descriptor (and nbytes of data) over a Unix socket. */
static ssize_t write_fd(int fd, void *ptr, size_t nbytes, int sendfd)
{
    struct msghdr msg;
    struct iovec iov[1];
    union {
        struct cmsghdr cm;
        char control[CMSG_SPACE(sizeof(int))];
    } control_un;
    struct cmsghdr *cmptr;

    msg.msg_control = control_un.control;
    msg.msg_controllen = sizeof(control_un.control);

    cmptr = CMSG_FIRSTHDR(&msg);
    cmptr->cmsg_len = CMSG_LEN(sizeof(int));
    cmptr->cmsg_level = SOL_SOCKET;
    cmptr->cmsg_type = SCM_RIGHTS;
    *((int *) CMSG_DATA(cmptr)) = sendfd;

    msg.msg_name = NULL;
    msg.msg_namelen = 0;

    iov[0].iov_base = ptr;
    iov[0].iov_len = nbytes;
    msg.msg_iov = iov;
    msg.msg_iovlen = 1;
    msg.msg_flags = 0;

    return (sendmsg(fd, &msg, 0));
}

/* Figure 15.11: receive one; *recvfd is -1 when none came. */
static ssize_t read_fd(int fd, void *ptr, size_t nbytes, int *recvfd)
{
    struct msghdr msg;
    struct iovec iov[1];
    ssize_t n;
    union {
        struct cmsghdr cm;
        char control[CMSG_SPACE(sizeof(int))];
    } control_un;
    struct cmsghdr *cmptr;

    msg.msg_control = control_un.control;
    msg.msg_controllen = sizeof(control_un.control);

    msg.msg_name = NULL;
    msg.msg_namelen = 0;

    iov[0].iov_base = ptr;
    iov[0].iov_len = nbytes;
    msg.msg_iov = iov;
    msg.msg_iovlen = 1;
    msg.msg_flags = 0;

    if ((n = recvmsg(fd, &msg, 0)) <= 0)
        return (n);

    if ((cmptr = CMSG_FIRSTHDR(&msg)) != NULL && cmptr->cmsg_len == CMSG_LEN(sizeof(int))) {
        if (cmptr->cmsg_level != SOL_SOCKET) {
            fprintf(stderr, "control level != SOL_SOCKET\n");
            exit(1);
        }
        if (cmptr->cmsg_type != SCM_RIGHTS) {
            fprintf(stderr, "control type != SCM_RIGHTS\n");
            exit(1);
        }
        *recvfd = *((int *) CMSG_DATA(cmptr));
    } else
        *recvfd = -1; /* descriptor was not passed */

    return (n);
}

typedef struct {
    pid_t child_pid;   /* process ID */
    int child_pipefd;  /* parent's stream pipe to/from child */
    int child_status;  /* 0 = ready */
    long child_count;  /* # connections handled */
} Child;

static Child *cptr; /* array of Child structures; calloc'ed */
static int nchildren;

static void sig_int(int signo)
{
    int i;

    (void) signo;
    /* terminate all children */
    for (i = 0; i < nchildren; i++)
        kill(cptr[i].child_pid, SIGTERM);
    while (wait(NULL) > 0) /* wait for all children */
        ;
    if (errno != ECHILD) {
        perror("wait");
        exit(1);
    }
    pr_cpu_time();
    for (i = 0; i < nchildren; i++)
        printf("child %d, %ld connections\n", i, cptr[i].child_count);
    exit(0);
}

static void child_main(void)
{
    char c;
    int connfd;
    ssize_t n;

    printf("child %ld starting\n", (long) getpid());
    fflush(stdout);
    for (;;) {
        if ((n = read_fd(STDERR_FILENO, &c, 1, &connfd)) <= 0) {
            if (n < 0)
                perror("read_fd");
            else
                fprintf(stderr, "read_fd returned 0\n");
            exit(1);
        }
        if (connfd < 0) {
            fprintf(stderr, "no descriptor from read_fd\n");
            exit(1);
        }
        web_child(connfd); /* process request */
        if (close(connfd) < 0) {
            perror("close");
            exit(1);
        }
        if (write(STDERR_FILENO, "", 1) < 0) { /* tell parent we're ready again */
            perror("write");
            exit(1);
        }
    }
}

static pid_t child_make(int i, int listenfd)
{
    int sockfd[2];
    pid_t pid;

    if (socketpair(AF_LOCAL, SOCK_STREAM, 0, sockfd) < 0) {
        perror("socketpair");
        exit(1);
    }
    if ((pid = fork()) < 0) {
        perror("fork");
        exit(1);
    }
    if (pid > 0) {
        if (close(sockfd[1]) < 0) {
            perror("close");
            exit(1);
        }
        cptr[i].child_pid = pid;
        cptr[i].child_pipefd = sockfd[0];
        cptr[i].child_status = 0;
        return pid; /* parent */
    }
    if (dup2(sockfd[1], STDERR_FILENO) < 0) { /* child's stream pipe to parent */
        perror("dup2");
        exit(1);
    }
    if (close(sockfd[0]) < 0 || close(sockfd[1]) < 0 || close(listenfd) < 0) {
        perror("close"); /* the child does not need these open */
        exit(1);
    }
    child_main(); /* never returns */
    return 0;
}

int main(int argc, char **argv)
{
    int listenfd, i, navail, maxfd, nsel, connfd, rc;
    ssize_t n;
    fd_set rset, masterset;
    socklen_t addrlen, clilen;
    struct sockaddr *cliaddr;

    if (argc == 3)
        listenfd = tcp_listen(NULL, argv[1], &addrlen);
    else if (argc == 4)
        listenfd = tcp_listen(argv[1], argv[2], &addrlen);
    else {
        fprintf(stderr, "usage: ch30_serv05 [ <host> ] <port#> <#children>\n");
        exit(1);
    }
    print_listening(listenfd);

    FD_ZERO(&masterset);
    FD_SET(listenfd, &masterset);
    maxfd = listenfd;
    cliaddr = malloc(addrlen);

    nchildren = atoi(argv[argc - 1]);
    navail = nchildren;
    cptr = calloc(nchildren, sizeof(Child));

    /* prefork all the children */
    for (i = 0; i < nchildren; i++) {
        child_make(i, listenfd); /* parent returns */
        FD_SET(cptr[i].child_pipefd, &masterset);
        maxfd = (cptr[i].child_pipefd > maxfd) ? cptr[i].child_pipefd : maxfd;
    }

    Signal(SIGINT, sig_int);

    for (;;) {
        rset = masterset;
        if (navail <= 0)
            FD_CLR(listenfd, &rset); /* turn off if no available children */
        if ((nsel = select(maxfd + 1, &rset, NULL, NULL, NULL)) < 0) {
            perror("select");
            exit(1);
        }

        /* check for new connections */
        if (FD_ISSET(listenfd, &rset)) {
            clilen = addrlen;
            if ((connfd = accept(listenfd, cliaddr, &clilen)) < 0) {
                perror("accept");
                exit(1);
            }
            for (i = 0; i < nchildren; i++)
                if (cptr[i].child_status == 0)
                    break; /* available */
            if (i == nchildren) {
                fprintf(stderr, "ch30_serv05: no available children\n");
                exit(1);
            }
            cptr[i].child_status = 1; /* mark child as busy */
            cptr[i].child_count++;
            navail--;

            if ((n = write_fd(cptr[i].child_pipefd, "", 1, connfd)) < 0) {
                perror("write_fd");
                exit(1);
            }
            if (close(connfd) < 0) {
                perror("close");
                exit(1);
            }
            if (--nsel == 0)
                continue; /* all done with select() results */
        }

        /* find any newly-available children */
        for (i = 0; i < nchildren; i++) {
            if (FD_ISSET(cptr[i].child_pipefd, &rset)) {
                if ((n = read(cptr[i].child_pipefd, &rc, 1)) <= 0) {
                    fprintf(stderr, "ch30_serv05: child %d terminated unexpectedly\n", i);
                    exit(1);
                }
                cptr[i].child_status = 0;
                navail++;
                if (--nsel == 0)
                    break; /* all done with select() results */
            }
        }
    }
}
