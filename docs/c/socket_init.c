/* socket_init.c — C twin of examples/socket_init.rs: create a socket and
 * print its descriptor number.
 *
 *   cc -Wall -Wextra -o socket_init docs/c/socket_init.c && ./socket_init
 *   Socket Initialized
 *   socket descriptor: 3
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    (void) argv;
    /* Rust's stdout writes each line as it is printed, even into a pipe;
     * line buffering makes C do the same, so the two traces match. The
     * buffer is static, as in every twin that sets stdout's buffering
     * (see forking_server.c). */
    static char outbuf[BUFSIZ];
    setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);
    if (argc != 1) {
        fprintf(stderr, "usage: socket_init\n");
        exit(1);
    }

    int sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (sockfd < 0) {
        perror("socket");
        exit(1);
    }
    printf("Socket Initialized\n");
    printf("socket descriptor: %d\n", sockfd);

    if (close(sockfd) < 0) {
        perror("close");
        exit(1);
    }
    return 0;
}
