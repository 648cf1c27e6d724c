/* Starter for exercise 15 (docs/exercises/15-unix-and-inet-server.md), in
 * C: the lecture's upper-case TCP server. Make it serve an AF_UNIX stream
 * socket at PATH too, both with one select.
 *     socklab check upper -- ./two_family_upper {port} /tmp/upper-{port}.sock
 * Build: cc -Wall -o two_family_upper two_family_upper.c */
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define BUFSIZE 2048
#define LISTENQ 1024

static void upper_case_once(int connfd)
{
    char buf[BUFSIZE];
    ssize_t i, n;

    if ((n = read(connfd, buf, BUFSIZE)) <= 0)
        return;
    for (i = 0; i < n; i++)
        buf[i] = toupper((unsigned char) buf[i]);
    if (write(connfd, buf, n) < 0)
        perror("write");
}

int main(int argc, char **argv)
{
    int listenfd, connfd, on = 1;
    struct sockaddr_in servaddr;

    if (argc != 3) {
        fprintf(stderr, "usage: two_family_upper port path\n");
        exit(1);
    }
    /* TODO: a struct sockaddr_un for argv[2] (strncpy into sun_path after
     * checking its length), unlink a stale socket file (lstat: S_ISSOCK),
     * socket(AF_UNIX, SOCK_STREAM, 0), bind, listen */
    if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    if (setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
        perror("setsockopt");
        exit(1);
    }
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
    signal(SIGPIPE, SIG_IGN);
    for (;;) {
        /* TODO: FD_ZERO, FD_SET both listening sockets, select; accept on
         * the ready one */
        if ((connfd = accept(listenfd, NULL, NULL)) < 0) {
            perror("accept");
            exit(1);
        }
        upper_case_once(connfd);
        close(connfd);
    }
}
