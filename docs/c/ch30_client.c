/* ch30_client.c — UNP vol. 1, §30.3: the client that loads chapter 30's
 * servers. It forks #children clients; each opens #loops connections, one
 * after the other, asks for #bytes ("4000\n") and reads exactly that many
 * (readn), then closes. The parent waits for them all.
 * The C twin of examples/ch30_client.rs.
 *
 *   make -C docs/c   # -> target/c/ch30_client, linked with libunp.a (docs/c/lib/)
 *   ./ch30_client 127.0.0.1 9877 5 100 4000
 *   child 0 done
 *   ...
 *   5 children, 0 failed, 0.412 s
 *
 * tcp_connect and readn are the book's library functions (tcp_connect in
 * docs/c/lib/, readn written out here). Addition: the last line, with the failed children (an exit status
 * other than 0) and the elapsed time, so a test or a benchmark can read it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unp.h" /* the book's library: tcp_connect (docs/c/lib/) */

#define MAXLINE 4096
#define MAXN 16384 /* max # bytes to request from server */

/* Figure 3.15: read n bytes, looping over short reads and EINTR. */
static ssize_t readn(int fd, void *vptr, size_t n)
{
    size_t nleft = n;
    char *ptr = vptr;
    ssize_t nread;

    while (nleft > 0) {
        if ((nread = read(fd, ptr, nleft)) < 0) {
            if (errno == EINTR)
                nread = 0; /* and call read() again */
            else
                return -1;
        } else if (nread == 0)
            break; /* EOF */
        nleft -= nread;
        ptr += nread;
    }
    return n - nleft; /* return >= 0 */
}

int main(int argc, char **argv)
{
    int i, j, fd, nchildren, nloops, nbytes, stat, failed = 0;
    pid_t pid;
    ssize_t n;
    char request[MAXLINE], reply[MAXN];
    struct timespec start, end;

    if (argc != 6) {
        fprintf(stderr, "usage: ch30_client <host> <port> <#children> <#loops/child> "
                        "<#bytes/request>\n");
        exit(1);
    }
    nchildren = atoi(argv[3]);
    nloops = atoi(argv[4]);
    nbytes = atoi(argv[5]);
    if (nbytes <= 0 || nbytes > MAXN) {
        fprintf(stderr, "ch30_client: #bytes/request must be 1 to %d\n", MAXN);
        exit(1);
    }
    snprintf(request, sizeof(request), "%d\n", nbytes); /* newline at end */
    clock_gettime(CLOCK_MONOTONIC, &start);

    for (i = 0; i < nchildren; i++) {
        if ((pid = fork()) < 0) {
            perror("fork");
            exit(1);
        }
        if (pid == 0) { /* child */
            for (j = 0; j < nloops; j++) {
                fd = tcp_connect(argv[1], argv[2]);
                if (write(fd, request, strlen(request)) < 0) {
                    perror("write");
                    exit(1);
                }
                if ((n = readn(fd, reply, nbytes)) != nbytes) {
                    if (n < 0)
                        perror("readn");
                    else
                        fprintf(stderr, "server returned %d bytes\n", (int) n);
                    exit(1);
                }
                if (close(fd) < 0) { /* TIME_WAIT on client, not server */
                    perror("close");
                    exit(1);
                }
            }
            printf("child %d done\n", i);
            exit(0);
        }
        /* parent loops around to fork() again */
    }

    while (wait(&stat) > 0) /* now parent waits for all children */
        if (!WIFEXITED(stat) || WEXITSTATUS(stat) != 0)
            failed++;
    if (errno != ECHILD) {
        perror("wait");
        exit(1);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    printf("%d children, %d failed, %.3f s\n", nchildren, failed,
           (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9);
    exit(failed == 0 ? 0 : 1);
}
