/* forking_server.c — C twin of examples/forking_server.rs: the classic
 * sockets tutorial's server2.c. Forever, accept a connection and fork a
 * child to serve it; the child closes the listening socket, does the
 * message exchange (dostuff) and exits; the parent closes the connected
 * socket.
 *
 *   cc -Wall -Wextra -o forking_server docs/c/forking_server.c
 *   ./forking_server 51717
 *   listening on 0.0.0.0:51717
 *   Here is the message: first
 *
 * Zombies: SIGCHLD is set to SIG_IGN, as the tutorial does, so the kernel
 * discards children as they exit (POSIX.1-2001). The alternative, a
 * handler that reaps with  while (waitpid(-1, &status, WNOHANG) > 0) ;
 * is shown in docs/forking-server.md.
 *
 * Two changes to the tutorial's code: listen's backlog is Stevens' LISTENQ
 * (the tutorial's 5 makes a burst of clients wait for retransmissions),
 * and the line that says where the server listens.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define LISTENQ 1024

void dostuff(int);

void error(const char *msg)
{
    perror(msg);
    exit(1);
}

int main(int argc, char *argv[])
{
    int sockfd, newsockfd, portno, pid;
    socklen_t clilen, len;
    struct sockaddr_in serv_addr, cli_addr;

    if (argc < 2) {
        fprintf(stderr, "ERROR, no port provided\n");
        exit(1);
    }
    if (argc > 2) {
        fprintf(stderr, "usage: forking_server port\n");
        exit(1);
    }
    /* The tutorial's signal(SIGCHLD, SIG_IGN), as sigaction (Stevens'
     * Signal does the same): glibc's signal() would also block SIGCHLD
     * during a handler and set SA_RESTART, neither of which ignoring needs. */
    struct sigaction act, oact;
    act.sa_handler = SIG_IGN;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (sigaction(SIGCHLD, &act, &oact) < 0)
        error("ERROR on sigaction");
    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (sockfd < 0)
        error("ERROR opening socket");
    bzero((char *) &serv_addr, sizeof(serv_addr));
    portno = atoi(argv[1]);
    serv_addr.sin_family = AF_INET;
    serv_addr.sin_addr.s_addr = INADDR_ANY;
    serv_addr.sin_port = htons(portno);
    if (bind(sockfd, (struct sockaddr *) &serv_addr, sizeof(serv_addr)) < 0)
        error("ERROR on binding");
    listen(sockfd, LISTENQ);
    len = sizeof(serv_addr);
    if (getsockname(sockfd, (struct sockaddr *) &serv_addr, &len) < 0)
        error("ERROR on getsockname");
    printf("listening on %s:%d\n", inet_ntoa(serv_addr.sin_addr), ntohs(serv_addr.sin_port));
    fflush(stdout);

    clilen = sizeof(cli_addr);
    while (1) {
        newsockfd = accept(sockfd, (struct sockaddr *) &cli_addr, &clilen);
        if (newsockfd < 0)
            error("ERROR on accept");
        pid = fork();
        if (pid < 0)
            error("ERROR on fork");
        if (pid == 0) {
            close(sockfd);
            dostuff(newsockfd);
            exit(0);
        } else
            close(newsockfd);
    }
    close(sockfd);
    return 0; /* we never get here */
}

/* There is a separate instance of this function for each connection. It
 * handles all communication once a connection has been established. */
void dostuff(int sock)
{
    int n;
    char buffer[256];

    bzero(buffer, 256);
    n = read(sock, buffer, 255);
    if (n < 0)
        error("ERROR reading from socket");
    if (n == 0) {
        fprintf(stderr, "read: the client closed the connection without a message\n");
        exit(1);
    }
    printf("Here is the message: %s\n", buffer);
    fflush(stdout); /* now, not when the child exits */
    n = write(sock, "I got your message", 18);
    if (n < 0)
        error("ERROR writing to socket");
}
