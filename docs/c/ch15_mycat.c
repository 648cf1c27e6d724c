/* ch15_mycat.c — UNP vol. 1, Figures 15.7-15.9 and 15.11: cat a file that
 * another process opens. my_open creates a stream pipe (socketpair),
 * forks, and the child execs ch15_openfile with the socket's number as an
 * argument; after waitpid, an exit status of 0 means a descriptor is
 * waiting (read_fd), anything else is the errno. The C twin of
 * examples/ch15_mycat.rs (my_open there; read_fd is socklab's).
 *
 *   cc -Wall -Wextra -o ch15_mycat docs/c/ch15_mycat.c
 *   ./ch15_mycat /etc/hostname
 *
 * Besides the book: it execs the ch15_openfile in its own directory
 * (dirname of argv[0]) instead of ./openfile, so it runs from anywhere;
 * the error line is err_sys("cannot open %s")'s, spelled out, with the
 * name of the function that failed in front ("my_open: ").
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define BUFFSIZE 8192

static char openfile[4096]; /* the book's "./openfile" */

/* Figure 15.11: receive bytes and, if one came, a descriptor (*recvfd,
 * else -1). */
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

/* Figure 15.9 */
static int my_open(const char *pathname, int mode)
{
    int fd = -1, sockfd[2], status; /* -1: read_fd may return 0 without one */
    pid_t childpid;
    char c, argsockfd[10], argmode[10];

    if (socketpair(AF_LOCAL, SOCK_STREAM, 0, sockfd) < 0) {
        perror("socketpair");
        exit(1);
    }

    if ((childpid = fork()) < 0) {
        perror("fork");
        exit(1);
    }
    if (childpid == 0) { /* child process */
        if (close(sockfd[0]) < 0) {
            perror("close");
            exit(1);
        }
        snprintf(argsockfd, sizeof(argsockfd), "%d", sockfd[1]);
        snprintf(argmode, sizeof(argmode), "%d", mode);
        execl(openfile, "openfile", argsockfd, pathname, argmode, (char *) NULL);
        perror("execl error");
        exit(1);
    }

    /* parent process - wait for the child to terminate */
    if (close(sockfd[1]) < 0) {
        perror("close");
        exit(1);
    }
    if (waitpid(childpid, &status, 0) < 0) {
        perror("waitpid");
        exit(1);
    }
    if (WIFEXITED(status) == 0) {
        fprintf(stderr, "child did not terminate\n");
        exit(1);
    }
    if ((status = WEXITSTATUS(status)) == 0) {
        if (read_fd(sockfd[0], &c, 1, &fd) < 0) {
            perror("read_fd");
            exit(1);
        }
    } else {
        errno = status; /* set errno value from child's status */
        fd = -1;
    }

    if (close(sockfd[0]) < 0) {
        perror("close");
        exit(1);
    }
    return (fd);
}

int main(int argc, char **argv)
{
    int fd, n;
    char buff[BUFFSIZE];
    char *argv0;

    if (argc != 2) {
        fprintf(stderr, "usage: ch15_mycat <pathname>\n");
        exit(1);
    }
    if ((argv0 = strdup(argv[0])) == NULL) {
        perror("strdup");
        exit(1);
    }
    snprintf(openfile, sizeof(openfile), "%s/ch15_openfile", dirname(argv0));

    if ((fd = my_open(argv[1], O_RDONLY)) < 0) {
        fprintf(stderr, "my_open: cannot open %s: %s\n", argv[1], strerror(errno));
        exit(1);
    }

    while ((n = read(fd, buff, BUFFSIZE)) > 0) {
        if (write(STDOUT_FILENO, buff, n) != n) {
            perror("write");
            exit(1);
        }
    }
    if (n < 0) {
        perror("read");
        exit(1);
    }
    exit(0);
}
