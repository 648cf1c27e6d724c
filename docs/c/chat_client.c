/* chat_client.c — C twin of examples/chat_client.rs: the lecture's
 * turn-taking chat, client side. Connects, then takes turns: send a line
 * typed at the " ? " prompt, print the server's answer, until either side
 * types "bye" or ends its input (Ctrl-D). Both sides then close and exit
 * with status 0.
 *
 *   cc -std=gnu11 -Wall -Wextra -o chat_client docs/c/chat_client.c
 *   ./chat_client [host] [port]   (defaults 127.0.0.1 8190)
 *   Connected to 127.0.0.1:8190: type a line at the ` ? ` prompt, `bye` to end
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEFAULT_HOST "127.0.0.1"
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

/* Takes turns with the server (the client speaks first) until one side
 * ends the chat; returns how it ended, or NULL after printing an error. */
static const char *chat(int sockfd)
{
    char line[MAXLINE];
    size_t len = 0;
    for (;;) {
        if (!prompt_line(" ? ", line, &len))
            return "\nEnd of input: closing the connection";
        if (send_line(sockfd, line, len) < 0) {
            perror("write");
            return NULL;
        }
        if (is_bye(line, len))
            return "You said bye: closing the connection";
        int rc = recv_line(sockfd, line, &len);
        if (rc < 0) {
            perror("read");
            return NULL;
        }
        if (rc == 0)
            return "The server closed the connection";
        print_line("server: ", line, len);
        if (is_bye(line, len))
            return "The server said bye: closing the connection";
    }
}

int main(int argc, char **argv)
{
    struct sigaction act, oact;

    /* A server that is gone must cost an EPIPE error, reported, not a
     * silent death (UNP section 5.13): ignore SIGPIPE. */
    act.sa_handler = SIG_IGN;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (sigaction(SIGPIPE, &act, &oact) < 0)
        die("sigaction");

    const char *host = DEFAULT_HOST;
    int port = DEFAULT_PORT;
    if (argc > 3) {
        fprintf(stderr, "usage: chat_client [host] [port]\n");
        exit(1);
    }
    if (argc >= 2)
        host = argv[1];
    if (argc == 3)
        port = atoi(argv[2]);
    struct sockaddr_in servaddr;
    struct addrinfo hints, *res;
    int rc;
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    /* a dotted address; or else a name, looked up */
    if (inet_pton(AF_INET, host, &servaddr.sin_addr) <= 0) {
        if (strchr(host, ':') != NULL) { /* getaddrinfo would say only "Address family for hostname not supported" */
            fprintf(stderr, "resolve: \"%s\" is an IPv6 address; this program speaks IPv4 (AF_INET)\n", host);
            exit(1);
        }
        bzero(&hints, sizeof(hints));
        hints.ai_family = AF_INET;
        if ((rc = getaddrinfo(host, NULL, &hints, &res)) != 0) {
            fprintf(stderr, "getaddrinfo: %s: %s\n", host, gai_strerror(rc));
            exit(1);
        }
        servaddr.sin_addr = ((struct sockaddr_in *) res->ai_addr)->sin_addr;
        freeaddrinfo(res);
    }

    int sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (sockfd < 0)
        die("socket");
    if (connect(sockfd, (struct sockaddr *) &servaddr, sizeof servaddr) < 0)
        die("connect");
    char text[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &servaddr.sin_addr, text, sizeof text);
    printf("Connected to %s:%u: type a line at the ` ? ` prompt, `bye` to end\n", text,
           (unsigned) port);
    fflush(stdout);
    const char *ending = chat(sockfd);
    if (ending == NULL)
        exit(1);
    printf("%s\n", ending);
    if (close(sockfd) < 0)
        die("close");
    return 0;
}
