/* ch15_openfile.c — UNP vol. 1, Figure 15.10: open a file and send the
 * descriptor back over the socket whose number is argv[1] (inherited
 * from ch15_mycat across fork and exec); the exit status is 0 or the
 * errno of what failed. With write_fd, Figure 15.13. The C twin of
 * examples/ch15_openfile.rs, which calls socklab's unp::write_fd.
 *
 *   cc -Wall -Wextra -o ch15_openfile docs/c/ch15_openfile.c
 *   (run by ch15_mycat: ch15_openfile <sockfd#> <filename> <mode>)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

/* Figure 15.13: send nbytes of ptr with descriptor sendfd attached. */
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

int main(int argc, char **argv)
{
    int fd;

    if (argc != 4) {
        fprintf(stderr, "usage: ch15_openfile <sockfd#> <filename> <mode>\n");
        exit(1);
    }

    if ((fd = open(argv[2], atoi(argv[3]))) < 0)
        exit((errno > 0) ? errno : 255);

    if (write_fd(atoi(argv[1]), "", 1, fd) < 0)
        exit((errno > 0) ? errno : 255);

    exit(0);
}
