/* unix_stream_client.c — C twin of examples/unix_stream_client.rs: the
 * lecture's AF_UNIX (AF_LOCAL) stream client. Connect to the server's
 * path, send one line typed at the prompt, print the answer.
 *
 *   cc -std=gnu11 -Wall -Wextra -o unix_stream_client docs/c/unix_stream_client.c
 *   ./unix_stream_client /tmp/unix.str
 *   Please enter your message: hello
 *   The return message was
 *   I got your message
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define BUFSIZE 80   /* how much of the answer the client reads, as in the notes */
#define MAXLINE 4096 /* the longest line read from the terminal */

static void die(const char *call)
{
    perror(call);
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: unix_stream_client path\n");
        exit(1);
    }
    struct sockaddr_un servaddr;
    if (argv[1][0] == '\0') {
        fprintf(stderr, "sockaddr_un: empty path\n");
        exit(1);
    }
    if (strlen(argv[1]) >= sizeof(servaddr.sun_path)) { /* an error, not a silent cut */
        fprintf(stderr, "sockaddr_un: path too long for sun_path (%zu bytes, the limit is %zu)\n",
                strlen(argv[1]), sizeof(servaddr.sun_path) - 1);
        exit(1);
    }
    bzero(&servaddr, sizeof(servaddr));
    servaddr.sun_family = AF_LOCAL;
    strcpy(servaddr.sun_path, argv[1]);

    int sockfd = socket(AF_LOCAL, SOCK_STREAM, 0);
    if (sockfd < 0)
        die("socket");
    if (connect(sockfd, (struct sockaddr *) &servaddr, sizeof servaddr) < 0)
        die("connect");

    char line[MAXLINE];
    printf("Please enter your message: ");
    fflush(stdout); /* no newline yet: flush, or the prompt waits in the buffer */
    if (fgets(line, sizeof line, stdin) == NULL) {
        fprintf(stderr, "unix_stream_client: no message to send (end of input)\n");
        exit(1);
    }
    if (write(sockfd, line, strlen(line)) < 0) /* newline included, as fgets keeps it */
        die("write");

    char buf[BUFSIZE];
    ssize_t n = read(sockfd, buf, sizeof buf);
    if (n < 0)
        die("read");
    if (n == 0) {
        fprintf(stderr, "unix_stream_client: the server closed the connection without answering\n");
        exit(1);
    }
    printf("The return message was\n%.*s\n", (int) n, buf);
    if (close(sockfd) < 0)
        die("close");
    return 0;
}
