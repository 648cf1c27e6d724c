/* hello_server.c — C twin of examples/hello_server.rs: the lecture's
 * "hello" server. Wait for one client, print what it says, answer
 * "Hello from server", end.
 *
 *   cc -Wall -Wextra -o hello_server docs/c/hello_server.c
 *   ./hello_server [port]              (default 8080)
 *   listening on 0.0.0.0:8080
 *   Hello from client
 *   Hello message sent
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define PORT 8080

int main(int argc, char const *argv[])
{
    int server_fd, new_socket, port = PORT;
    ssize_t valread;
    struct sockaddr_in address;
    int opt = 1;
    socklen_t addrlen = sizeof(address);
    char buffer[1024] = { 0 };
    const char *hello = "Hello from server";

    if (argc > 2) {
        fprintf(stderr, "usage: hello_server [port]\n");
        exit(1);
    }
    if (argc == 2)
        port = atoi(argv[1]);

    if ((server_fd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        perror("socket");
        exit(1);
    }
    /* a restarted server may bind while the old port is in TIME_WAIT */
    if (setsockopt(server_fd, SOL_SOCKET, SO_REUSEADDR, &opt, sizeof(opt)) < 0) {
        perror("setsockopt");
        exit(1);
    }
    bzero(&address, sizeof(address));
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = INADDR_ANY;
    address.sin_port = htons(port);
    if (bind(server_fd, (struct sockaddr *) &address, sizeof(address)) < 0) {
        perror("bind");
        exit(1);
    }
    if (listen(server_fd, 3) < 0) {
        perror("listen");
        exit(1);
    }
    if (getsockname(server_fd, (struct sockaddr *) &address, &addrlen) < 0) {
        perror("getsockname");
        exit(1);
    }
    printf("listening on %s:%d\n", inet_ntoa(address.sin_addr), ntohs(address.sin_port));
    fflush(stdout);

    addrlen = sizeof(address);
    if ((new_socket = accept(server_fd, (struct sockaddr *) &address, &addrlen)) < 0) {
        perror("accept");
        exit(1);
    }
    /* subtract 1 for the null terminator at the end */
    if ((valread = read(new_socket, buffer, 1024 - 1)) < 0) {
        perror("read");
        exit(1);
    }
    if (valread == 0) {
        fprintf(stderr, "read: the client closed the connection without a message\n");
        exit(1);
    }
    printf("%s\n", buffer);
    if (send(new_socket, hello, strlen(hello), 0) < 0) {
        perror("send");
        exit(1);
    }
    printf("Hello message sent\n");

    /* closing the connected socket */
    close(new_socket);
    /* closing the listening socket */
    close(server_fd);
    return 0;
}
