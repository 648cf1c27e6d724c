/* ch16_httpd.c — a small HTTP/1.0 server for UNP section 16.5's web
 * client (ch16_web): it serves the files of one directory on loopback
 * (127.0.0.1), a child per connection, as the chapter 5 echo server does.
 * The request line is read with readline (Figure 3.17), the header lines
 * after it up to the empty line are skipped, then "HTTP/1.0 200 OK" and
 * the file (read/writen) or "HTTP/1.0 404 Not Found"; the child closes the
 * connection to mark the end (HTTP/1.0). Not a book program: the book's
 * client needs a web server on port 80, which a lab machine may not have.
 * The C twin of examples/ch16_httpd.rs.
 *
 *   cc -Wall -Wextra -o ch16_httpd docs/c/ch16_httpd.c
 *   ./ch16_httpd <directory> [port]     (default 8080)
 *   listening on 127.0.0.1:8080
 *
 * Only GET; a path must start with '/' and may not contain ".."; "/" is
 * /index.html. SIGCHLD is ignored (SIG_IGN): no zombies, no handler.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXLINE 4096
#define LISTENQ 1024
#define SA struct sockaddr

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

/* Figure 3.17: one byte per read(), at most maxlen - 1 bytes. */
static ssize_t readline(int fd, void *vptr, size_t maxlen)
{
    ssize_t rc;
    size_t n;
    char c, *ptr = vptr;

    for (n = 1; n < maxlen; n++) {
    again:
        if ((rc = read(fd, &c, 1)) == 1) {
            *ptr++ = c;
            if (c == '\n')
                break; /* newline is stored, like fgets() */
        } else if (rc == 0) {
            *ptr = 0;
            return n - 1; /* EOF, n - 1 bytes were read */
        } else {
            if (errno == EINTR)
                goto again;
            return -1; /* error, errno set by read() */
        }
    }
    *ptr = 0; /* null terminate like fgets() */
    return n;
}

#define NOT_FOUND "HTTP/1.0 404 Not Found\r\n\r\nnot found\n"
#define OK "HTTP/1.0 200 OK\r\n\r\n"

/* One request on connfd: the file of dir it names, or 404. */
static void serve(int connfd, const char *dir)
{
    char line[MAXLINE], method[16], path[MAXLINE], file[2 * MAXLINE], buf[MAXLINE];
    ssize_t n;
    int fd;

    if ((n = readline(connfd, line, MAXLINE)) <= 0) /* the request line */
        return;
    if (sscanf(line, "%15s %4095s", method, path) != 2 || strcmp(method, "GET") != 0 || path[0] != '/' ||
        strstr(path, "..") != NULL) {
        writen(connfd, NOT_FOUND, strlen(NOT_FOUND));
        return;
    }
    do { /* skip the header lines, up to the empty one */
        if ((n = readline(connfd, line, MAXLINE)) < 0)
            return;
    } while (n > 0 && strcmp(line, "\r\n") != 0 && strcmp(line, "\n") != 0);

    snprintf(file, sizeof(file), "%s%s", dir, strcmp(path, "/") == 0 ? "/index.html" : path);
    if ((fd = open(file, O_RDONLY)) < 0) {
        writen(connfd, NOT_FOUND, strlen(NOT_FOUND));
        return;
    }
    if (writen(connfd, OK, strlen(OK)) < 0)
        return;
    while ((n = read(fd, buf, MAXLINE)) > 0)
        if (writen(connfd, buf, n) < 0)
            break;
    close(fd);
}

int main(int argc, char **argv)
{
    int listenfd, connfd;
    pid_t childpid;
    socklen_t len;
    struct sockaddr_in servaddr;
    char buff[INET_ADDRSTRLEN];
    int port = 8080;
    struct sigaction act, oact;

    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: ch16_httpd <directory> [port]   (default: 8080)\n");
        exit(1);
    }
    if (argc == 3)
        port = atoi(argv[2]);

    if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* loopback only */
    servaddr.sin_port = htons(port);
    if (bind(listenfd, (SA *) &servaddr, sizeof(servaddr)) < 0) {
        perror("bind");
        exit(1);
    }
    if (listen(listenfd, LISTENQ) < 0) {
        perror("listen");
        exit(1);
    }
    len = sizeof(servaddr);
    if (getsockname(listenfd, (SA *) &servaddr, &len) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("listening on %s:%d\n", inet_ntop(AF_INET, &servaddr.sin_addr, buff, sizeof(buff)),
           ntohs(servaddr.sin_port));
    fflush(stdout);

    act.sa_handler = SIG_IGN; /* children are reaped by the kernel */
    sigemptyset(&act.sa_mask);
    act.sa_flags = SA_RESTART;
    if (sigaction(SIGCHLD, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }

    for (;;) {
        if ((connfd = accept(listenfd, NULL, NULL)) < 0) {
            perror("accept");
            exit(1);
        }
        if ((childpid = fork()) < 0) {
            perror("fork");
            exit(1);
        }
        if (childpid == 0) { /* child process */
            if (close(listenfd) < 0) {
                perror("close");
                exit(1);
            }
            serve(connfd, argv[1]);
            exit(0); /* closes connfd: the end of the reply */
        }
        if (close(connfd) < 0) { /* parent closes connected socket */
            perror("close");
            exit(1);
        }
    }
}
