/* hello_client.c — C twin of examples/hello_client.rs: the lecture's
 * "hello" client. Connect, send "Hello from client", print the answer.
 *
 *   cc -Wall -Wextra -o hello_client docs/c/hello_client.c
 *   ./hello_client [host] [port]       (default 127.0.0.1 8080)
 *   Hello message sent
 *   Hello from server
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>

#define PORT 8080

int main(int argc, char const *argv[])
{
    int client_fd, port = PORT, rc;
    ssize_t valread;
    struct sockaddr_in serv_addr;
    const char *host = "127.0.0.1";
    const char *hello = "Hello from client";
    char buffer[1024] = { 0 };

    if (argc > 3) {
        fprintf(stderr, "usage: hello_client [host] [port]\n");
        exit(1);
    }
    if (argc >= 2)
        host = argv[1];
    if (argc == 3)
        port = atoi(argv[2]);

    bzero(&serv_addr, sizeof(serv_addr));
    serv_addr.sin_family = AF_INET;
    serv_addr.sin_port = htons(port);
    /* a dotted address; or else a name, looked up */
    if (inet_pton(AF_INET, host, &serv_addr.sin_addr) <= 0) {
        struct addrinfo hints, *res;
        bzero(&hints, sizeof(hints));
        hints.ai_family = AF_INET;
        if ((rc = getaddrinfo(host, NULL, &hints, &res)) != 0) {
            fprintf(stderr, "getaddrinfo: %s: %s\n", host, gai_strerror(rc));
            exit(1);
        }
        serv_addr.sin_addr = ((struct sockaddr_in *) res->ai_addr)->sin_addr;
        freeaddrinfo(res);
    }

    if ((client_fd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    if (connect(client_fd, (struct sockaddr *) &serv_addr, sizeof(serv_addr)) < 0) {
        perror("connect");
        exit(1);
    }
    if (send(client_fd, hello, strlen(hello), 0) < 0) {
        perror("send");
        exit(1);
    }
    printf("Hello message sent\n");
    /* subtract 1 for the null terminator at the end */
    if ((valread = read(client_fd, buffer, 1024 - 1)) < 0) {
        perror("read");
        exit(1);
    }
    if (valread == 0) {
        fprintf(stderr, "read: the server closed the connection without replying\n");
        exit(1);
    }
    printf("%s\n", buffer);

    /* closing the connected socket */
    close(client_fd);
    return 0;
}
