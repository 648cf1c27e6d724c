/* chat_server.c — C twin of examples/chat_server.rs: the lecture's
 * turn-taking chat, server side. Waits for one client, then takes turns:
 * print the client's line, answer with a line typed at the " ? " prompt,
 * until either side types "bye" or ends its input (Ctrl-D). Both sides
 * then close and exit with status 0.
 *
 *   cc -std=gnu11 -Wall -Wextra -o chat_server docs/c/chat_server.c
 *   ./chat_server [port]          (default 8190)
 *   Waiting for a client on port 8190
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

#define DEFAULT_PORT 8190
#define MAXLINE 4096 /* the longest line, newline included */

static void die(const char *call)
{
    perror(call);
    exit(1);
}

/* Sends line and its newline in one write (writen: all of it, retrying
 * EINTR and short writes). Returns 0, or -1 with errno set. */
static int send_line(int fd, const char *line, size_t len)
{
    char buf[MAXLINE + 1];
    memcpy(buf, line, len);
    buf[len] = '\n';
    size_t done = 0;
    while (done < len + 1) {
        ssize_t n = write(fd, buf + done, len + 1 - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        done += (size_t) n;
    }
    return 0;
}

/* The course book's readline: one byte per read(), up to and including
 * '\n', at most maxlen bytes. Returns the bytes stored, 0 at end of file,
 * -1 with errno set. */
static ssize_t readline(int fd, char *buf, size_t maxlen)
{
    size_t n = 0;
    while (n < maxlen) {
        char c;
        ssize_t rc = read(fd, &c, 1);
        if (rc < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (rc == 0)
            break; /* end of file: what we have (0 if nothing) */
        buf[n++] = c;
        if (c == '\n')
            break;
    }
    return (ssize_t) n;
}

/* Reads the peer's next line into line (without its newline, *len bytes).
 * Returns 1, 0 when the peer has closed, -1 with errno set. A line longer
 * than MAXLINE (a misbehaving peer) is cut: its rest is read and dropped,
 * so the turns stay in step. */
static int recv_line(int fd, char line[MAXLINE], size_t *len)
{
    ssize_t n = readline(fd, line, MAXLINE);
    if (n <= 0)
        return (int) n;
    *len = (size_t) n;
    if (line[*len - 1] == '\n') {
        (*len)--;
    } else if (n == MAXLINE) { /* cut: skip to the end of this line (or of the input) */
        char rest[MAXLINE];
        ssize_t m;
        while ((m = readline(fd, rest, sizeof rest)) > 0)
            if (rest[m - 1] == '\n')
                break;
        if (m < 0)
            return -1;
    }
    if (*len > 0 && line[*len - 1] == '\r')
        (*len)--; /* from a telnet or nc -C peer */
    return 1;
}

/* Prints prompt and reads one line typed at the terminal into line
 * (without its newline, *len bytes). Returns 1, or 0 at end of input.
 * At most MAXLINE - 1 bytes are kept (the line and its newline must fit
 * the peer's MAXLINE buffer); the rest of a longer line is dropped. */
static int prompt_line(const char *prompt, char line[MAXLINE], size_t *len)
{
    printf("%s", prompt);
    fflush(stdout); /* no newline yet: flush, or the prompt waits in the buffer */
    char buf[MAXLINE + 1];
    if (fgets(buf, sizeof buf, stdin) == NULL)
        return 0;
    size_t n = strlen(buf); /* (a NUL byte typed in the line ends it here) */
    if (n > 0 && buf[n - 1] == '\n') {
        n--;
    } else {
        int c;
        while ((c = getchar()) != EOF && c != '\n')
            ; /* skip the rest of a long line */
    }
    if (n > MAXLINE - 1)
        n = MAXLINE - 1;
    if (n > 0 && buf[n - 1] == '\r')
        n--;
    memcpy(line, buf, n);
    *len = n;
    return 1;
}

/* A line equal to "bye"? */
static int is_bye(const char *line, size_t len)
{
    return len == 3 && memcmp(line, "bye", 3) == 0;
}

/* Prints label and the line's bytes, then a newline. */
static void print_line(const char *label, const char *line, size_t len)
{
    printf("%s%.*s\n", label, (int) len, line);
    fflush(stdout);
}

/* Takes turns with the client (it speaks first) until one side ends the
 * chat; returns how it ended, or NULL after printing an error. */
static const char *chat(int connfd)
{
    char line[MAXLINE];
    size_t len = 0;
    for (;;) {
        int rc = recv_line(connfd, line, &len);
        if (rc < 0) {
            perror("read");
            return NULL;
        }
        if (rc == 0)
            return "The client closed the connection";
        print_line("client: ", line, len);
        if (is_bye(line, len))
            return "The client said bye: closing the connection";
        if (!prompt_line(" ? ", line, &len))
            return "\nEnd of input: closing the connection";
        if (send_line(connfd, line, len) < 0) {
            perror("write");
            return NULL;
        }
        if (is_bye(line, len))
            return "You said bye: closing the connection";
    }
}

int main(int argc, char **argv)
{
    int listenfd, connfd, port = DEFAULT_PORT;
    socklen_t len, clilen;
    struct sockaddr_in servaddr, cliaddr;
    struct sigaction act, oact;
    const char *ending;

    if (argc > 2) {
        fprintf(stderr, "usage: chat_server [port]\n");
        exit(1);
    }
    if (argc == 2)
        port = atoi(argv[1]);

    /* A client that is gone must cost an EPIPE error, reported, not a
     * silent death (UNP section 5.13): ignore SIGPIPE. */
    act.sa_handler = SIG_IGN;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (sigaction(SIGPIPE, &act, &oact) < 0)
        die("sigaction");

    if ((listenfd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
        die("socket");
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if (bind(listenfd, (struct sockaddr *) &servaddr, sizeof(servaddr)) < 0)
        die("bind");
    if (listen(listenfd, 1) < 0) /* one conversation: no queue needed */
        die("listen");
    len = sizeof(servaddr);
    if (getsockname(listenfd, (struct sockaddr *) &servaddr, &len) < 0)
        die("getsockname");
    printf("listening on %s:%d\n", inet_ntoa(servaddr.sin_addr), ntohs(servaddr.sin_port));
    printf("Waiting for a client on port %d\n", ntohs(servaddr.sin_port));
    fflush(stdout);

    clilen = sizeof(cliaddr);
    if ((connfd = accept(listenfd, (struct sockaddr *) &cliaddr, &clilen)) < 0)
        die("accept");
    if (close(listenfd) < 0) /* no more clients */
        die("close");
    printf("Connection from %s:%d: type a line at the ` ? ` prompt, `bye` to end\n",
           inet_ntoa(cliaddr.sin_addr), ntohs(cliaddr.sin_port));
    fflush(stdout);
    if ((ending = chat(connfd)) == NULL)
        exit(1);
    printf("%s\n", ending);
    if (close(connfd) < 0)
        die("close");
    return 0;
}
