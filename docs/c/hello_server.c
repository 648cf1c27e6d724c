/* hello_server.c — C twin of examples/hello_server.rs: wait for one
 * client, print what it says, answer "Hello from server", end.
 *
 *   cc -Wall -Wextra -o hello_server docs/c/hello_server.c
 *   ./hello_server [port]              (default 8080)
 *   Hello from client
 *   Hello message sent
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEFAULT_PORT 8080
#define BUFSIZE 1024

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

    unsigned short port = DEFAULT_PORT;
    if (argc == 2)
        port = parse_port(argv[1]);
    else if (argc > 2) {
        fprintf(stderr, "usage: hello_server [port]\n");
        exit(1);
    }

    int listenfd = socket(AF_INET, SOCK_STREAM, 0);
    if (listenfd < 0) {
        perror("socket");
        exit(1);
    }
    /* A restarted server may bind while the old port is in TIME_WAIT. */
    int on = 1;
    if (setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0) {
        perror("setsockopt");
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
    if (listen(listenfd, 3) < 0) {
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
    printf("%.*s\n", (int) n, buf);
    const char *hello = "Hello from server";
    if (send(connfd, hello, strlen(hello), 0) < 0) {
        perror("send");
        exit(1);
    }
    printf("Hello message sent\n");

    if (close(connfd) < 0 || close(listenfd) < 0) {
        perror("close");
        exit(1);
    }
    return 0;
}
