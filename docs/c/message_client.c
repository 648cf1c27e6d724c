/* message_client.c — C twin of examples/message_client.rs: the classic
 * sockets tutorial's client.c. Connect, send one line typed at the
 * keyboard, print the answer.
 *
 *   cc -Wall -Wextra -o message_client docs/c/message_client.c
 *   ./message_client localhost 51717
 *   Please enter the message: hi there
 *   I got your message
 *
 * The tutorial's code; it also says so when input ends before a message
 * was typed (the tutorial would send nothing and wait) or the server
 * closes without a reply (the tutorial would print an empty line), and
 * ends with status 1 when the host is unknown (the tutorial: 0).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netdb.h>

void error(const char *msg)
{
    perror(msg);
    exit(1);
}

int main(int argc, char *argv[])
{
    int sockfd, portno, n;
    struct sockaddr_in serv_addr;
    struct hostent *server;
    char buffer[256];

    if (argc != 3) {
        fprintf(stderr, "usage %s hostname port\n", "message_client");
        exit(1);
    }
    portno = atoi(argv[2]);
    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (sockfd < 0)
        error("ERROR opening socket");
    server = gethostbyname(argv[1]);
    if (server == NULL) {
        fprintf(stderr, "ERROR, no such host\n");
        exit(1);
    }
    bzero((char *) &serv_addr, sizeof(serv_addr));
    serv_addr.sin_family = AF_INET;
    bcopy((char *) server->h_addr, (char *) &serv_addr.sin_addr.s_addr, server->h_length);
    serv_addr.sin_port = htons(portno);
    if (connect(sockfd, (struct sockaddr *) &serv_addr, sizeof(serv_addr)) < 0)
        error("ERROR connecting");
    printf("Please enter the message: ");
    fflush(stdout);
    bzero(buffer, 256);
    if (fgets(buffer, 255, stdin) == NULL) {
        fprintf(stderr, "stdin: end of input before a message was typed\n");
        exit(1);
    }
    n = write(sockfd, buffer, strlen(buffer));
    if (n < 0)
        error("ERROR writing to socket");
    bzero(buffer, 256);
    n = read(sockfd, buffer, 255);
    if (n < 0)
        error("ERROR reading from socket");
    if (n == 0) {
        fprintf(stderr, "read: the server closed the connection without replying\n");
        exit(1);
    }
    printf("%s\n", buffer);
    close(sockfd);
    return 0;
}
