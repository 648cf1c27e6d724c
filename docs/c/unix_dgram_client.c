/* unix_dgram_client.c — C twin of examples/unix_dgram_client.rs: the
 * lecture's AF_UNIX (AF_LOCAL) datagram client. Sends one line typed at
 * the prompt to the server's path and prints the answer (waiting at most
 * 5 s). So that the server can answer, it binds a path of its own,
 * $TMPDIR/unix_dgram_client.<pid>.sock — only once the line is read, just
 * before sending — and removes it on every way out from there.
 *
 *   cc -Wall -Wextra -o unix_dgram_client docs/c/unix_dgram_client.c
 *   ./unix_dgram_client /tmp/unix.dg
 *   Please enter the message: hello
 *   Got an ack: Got your message
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#define MAXLINE 4096

int main(int argc, char **argv)
{
    int sockfd;
    ssize_t n;
    socklen_t len;
    struct sockaddr_un servaddr, cliaddr, from;
    struct timeval tv;
    char sendline[MAXLINE], recvline[MAXLINE + 1];
    char mypath[sizeof(cliaddr.sun_path)];
    const char *tmpdir;

    if (argc != 2) {
        fprintf(stderr, "usage: unix_dgram_client path\n");
        exit(1);
    }
    if (argv[1][0] == '\0') {
        fprintf(stderr, "sockaddr_un: empty path\n");
        exit(1);
    }
    if (strlen(argv[1]) >= sizeof(servaddr.sun_path)) {
        fprintf(stderr, "sockaddr_un: path too long for sun_path (%zu bytes, the limit is %zu)\n",
                strlen(argv[1]), sizeof(servaddr.sun_path) - 1);
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sun_family = AF_LOCAL;
    strcpy(servaddr.sun_path, argv[1]);

    /* our own name, unique per process: in $TMPDIR, or /tmp */
    tmpdir = getenv("TMPDIR");
    if (tmpdir == NULL)
        tmpdir = "/tmp";
    if ((size_t) snprintf(mypath, sizeof(mypath), "%s%sunix_dgram_client.%ld.sock", tmpdir,
                          tmpdir[0] != '\0' && tmpdir[strlen(tmpdir) - 1] == '/' ? "" : "/",
                          (long) getpid()) >= sizeof(mypath)) {
        fprintf(stderr, "sockaddr_un: path too long for sun_path ($TMPDIR/unix_dgram_client.%ld.sock)\n",
                (long) getpid());
        exit(1);
    }
    bzero(&cliaddr, sizeof(cliaddr));
    cliaddr.sun_family = AF_LOCAL;
    strcpy(cliaddr.sun_path, mypath);

    if ((sockfd = socket(AF_LOCAL, SOCK_DGRAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    tv.tv_sec = 5; /* how long to wait for the answer */
    tv.tv_usec = 0;
    if (setsockopt(sockfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
        perror("setsockopt");
        exit(1);
    }

    printf("Please enter the message: ");
    fflush(stdout);
    if (fgets(sendline, MAXLINE, stdin) == NULL) {
        fprintf(stderr, "unix_dgram_client: no message to send (end of input)\n");
        exit(1);
    }

    /* Only now does the path come to exist; from here, every way out
     * removes it. */
    if (bind(sockfd, (struct sockaddr *) &cliaddr, sizeof(cliaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    if (sendto(sockfd, sendline, strlen(sendline), 0, (struct sockaddr *) &servaddr,
               sizeof(servaddr)) < 0) {
        perror("sendto");
        unlink(mypath);
        exit(1);
    }
    len = sizeof(from);
    n = recvfrom(sockfd, recvline, MAXLINE, 0, (struct sockaddr *) &from, &len);
    if (n < 0) {
        if (errno == EAGAIN)
            fprintf(stderr, "unix_dgram_client: no answer from %s within 5 seconds\n", argv[1]);
        else
            perror("recvfrom");
        unlink(mypath);
        exit(1);
    }
    recvline[n] = 0;
    printf("Got an ack: %s\n", recvline);
    if (unlink(mypath) < 0) {
        perror("unlink");
        exit(1);
    }
    close(sockfd);
    return 0;
}
