/* socket_init.c — C twin of examples/socket_init.rs: the lecture's
 * "connect example" up to its first step: create a socket and print its
 * descriptor number.
 *
 *   cc -Wall -Wextra -o socket_init docs/c/socket_init.c && ./socket_init
 *   Socket Initialized
 *   socket descriptor: 3
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>

int main(int argc, char *argv[])
{
    int sockfd;

    (void) argv;
    if (argc != 1) {
        fprintf(stderr, "usage: socket_init\n");
        exit(1);
    }
    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (sockfd < 0) {
        perror("socket");
        exit(1);
    }
    printf("Socket Initialized\n");
    printf("socket descriptor: %d\n", sockfd);
    close(sockfd);
    return 0;
}
