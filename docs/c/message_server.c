/* message_server.c — C twin of examples/message_server.rs (the classic
 * tutorial's server.c, rewritten): wait for one client, print its
 * message, answer "I got your message", end.
 *
 *   cc -Wall -Wextra -o message_server docs/c/message_server.c
 *   ./message_server 51717
 *   Here is the message: hi there
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUFSIZE 255 /* the tutorial's 256-byte buffer, minus the C string's '\0' */

static unsigned short parse_port(const char *text)
{
    char *end;
    errno = 0;
    long port = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || port < 0 || port > 65535) {
        fprintf(stderr, "port: \"%s\" is not a port number (0-65535)\n", text);
        exit(1);
    }
    return (unsigned short) port;
}

int main(int argc, char **argv)
{
    /* stdout writes each line at once, as Rust's does. Its buffer is static,
     * so it exists before any fork, as Rust's does: a forked child does
     * not set up (fstat, ioctl, malloc) a buffer of its own. */
    static char outbuf[BUFSIZ];
    setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);

    if (argc < 2) {
        fprintf(stderr, "ERROR, no port provided\n");
        exit(1);
    }
    if (argc > 2) {
        fprintf(stderr, "usage: message_server port\n");
        exit(1);
    }
    unsigned short port = parse_port(argv[1]);

    /* A client that resets the connection costs an EPIPE error line, not
     * death by SIGPIPE (Rust's runtime ignores SIGPIPE before main). */
    struct sigaction act, oact;
    memset(&act, 0, sizeof act);
    act.sa_handler = SIG_IGN;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (sigaction(SIGPIPE, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }

    int listenfd = socket(AF_INET, SOCK_STREAM, 0);
    if (listenfd < 0) {
        perror("socket");
        exit(1);
    }
    struct sockaddr_in servaddr;
    memset(&servaddr, 0, sizeof servaddr);
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if (bind(listenfd, (struct sockaddr *) &servaddr, sizeof servaddr) < 0) {
        perror("bind");
        exit(1);
    }
    if (listen(listenfd, 5) < 0) { /* the tutorial's backlog */
        perror("listen");
        exit(1);
    }
    struct sockaddr_storage cliaddr;
    socklen_t len = sizeof cliaddr;
    int connfd = accept(listenfd, (struct sockaddr *) &cliaddr, &len);
    if (connfd < 0) {
        perror("accept");
        exit(1);
    }

    char buf[BUFSIZE];
    ssize_t n = read(connfd, buf, sizeof buf);
    if (n < 0) {
        perror("read");
        exit(1);
    }
    if (n == 0) {
        fprintf(stderr, "read: the client closed the connection without a message\n");
        exit(1);
    }
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        n--; /* the newline the client typed */
    printf("Here is the message: %.*s\n", (int) n, buf);
    const char *reply = "I got your message";
    if (write(connfd, reply, strlen(reply)) < 0) {
        perror("write");
        exit(1);
    }

    if (close(connfd) < 0 || close(listenfd) < 0) {
        perror("close");
        exit(1);
    }
    return 0;
}
