/* fd_basics.c — C twin of examples/fd_basics.rs: file descriptors, to be
 * watched under strace. 0, 1, 2 are open before main; a new file gets 3,
 * then a socket 4; after close(3) the next socket gets 3 again; dup2(fd, 1)
 * sends stdout into a file, and a dup(1) saved beforehand restores it.
 *
 *   cc -std=gnu11 -Wall -Wextra -o fd_basics docs/c/fd_basics.c
 *   strace -e trace=openat,socket,close,dup,dup2,write ./fd_basics
 *
 * The file is opened with O_CLOEXEC only because Rust's std::fs::File
 * always adds it: with it, the two programs' traces match line for line.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Steps 2 to 4: the file fd (just opened at path), sockets, dup2.
 * Returns 0, or -1 after printing one line saying what went wrong. */
static int lowest_free_numbers(int fd, const char *path)
{
    printf("open %s -> descriptor %d\n", path, fd);
    int sock = socket(AF_INET, SOCK_STREAM, 0);
    if (sock < 0) {
        perror("socket");
        return -1;
    }
    printf("socket -> descriptor %d\n", sock);

    if (close(fd) < 0) {
        perror("close");
        return -1;
    }
    printf("close(%d)\n", fd);
    int sock2 = socket(AF_INET, SOCK_STREAM, 0);
    if (sock2 < 0) {
        perror("socket");
        return -1;
    }
    printf("socket -> descriptor %d (the lowest free number again)\n", sock2);

    int saved = dup(STDOUT_FILENO);
    if (saved < 0) {
        perror("dup");
        return -1;
    }
    printf("dup(1) -> descriptor %d (a copy of stdout, to restore it later)\n", saved);
    int out = open(path, O_WRONLY | O_CLOEXEC);
    if (out < 0) {
        perror("open");
        return -1;
    }
    printf("open %s -> descriptor %d\n", path, out);

    fflush(stdout); /* nothing may wait in the buffer when 1 changes */
    if (dup2(out, STDOUT_FILENO) < 0) {
        perror("dup2");
        return -1;
    }
    fprintf(stderr, "dup2(%d, 1): stdout now goes to %s\n", out, path);
    printf("  This line was printed to descriptor 1 while it was the file.\n");
    fflush(stdout);
    if (dup2(saved, STDOUT_FILENO) < 0) {
        perror("dup2");
        return -1;
    }
    printf("dup2(%d, 1): stdout is back\n", saved);

    if (close(saved) < 0 || close(out) < 0 || close(sock2) < 0 || close(sock) < 0) {
        perror("close");
        return -1;
    }

    printf("The file %s received:\n", path);
    int in = open(path, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        perror("open");
        return -1;
    }
    char buf[4096];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0)
        fwrite(buf, 1, (size_t) n, stdout);
    if (n < 0) {
        perror("read");
        return -1;
    }
    close(in);
    return 0;
}

int main(int argc, char **argv)
{
    (void) argv;
    if (argc != 1) {
        fprintf(stderr, "usage: fd_basics\n");
        exit(1);
    }

    printf("Descriptors 0, 1 and 2 are open before main starts:\n");
    const char *names[] = { "stdin) ", "stdout)", "stderr)" };
    for (int fd = 0; fd <= 2; fd++) {
        /* /proc/self/fd/N is a symbolic link to what descriptor N names. */
        char link[64], target[256]; /* 256: the size Rust's read_link starts with */
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t len = readlink(link, target, sizeof target);
        if (len < 0)
            printf("  %d (%s -> (cannot tell: %s)\n", fd, names[fd], strerror(errno));
        else
            printf("  %d (%s -> %.*s\n", fd, names[fd], (int) len, target);
    }

    /* in $TMPDIR, or /tmp without it (joined as Rust's temp_dir().join() does) */
    const char *tmpdir = getenv("TMPDIR");
    if (tmpdir == NULL)
        tmpdir = "/tmp";
    size_t dirlen = strlen(tmpdir);
    const char *sep = (dirlen == 0 || tmpdir[dirlen - 1] == '/') ? "" : "/";
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s%sfd_basics.%ld.txt", tmpdir, sep, (long) getpid());
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        perror("open");
        exit(1);
    }
    /* From here on the file exists: remove it whatever happens. */
    int status = lowest_free_numbers(fd, path) == 0 ? 0 : 1;
    if (unlink(path) < 0 && status == 0) {
        perror("unlink");
        status = 1;
    }
    return status;
}
