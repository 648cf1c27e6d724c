/* unp.h — the book's header for its own library (UNP vol. 1, Appendix
 * D.1, cut down to what the twins that use docs/c/lib/ need): the system
 * headers, the book's constants, and the prototypes of the library
 * functions in this directory.
 *
 * Most twins copy the few helpers they use into their own file, so each
 * compiles alone. Chapter 30's servers and chapter 17's programs share
 * most of their code (tcp_listen, web_child, get_ifi_info…), as the
 * book's do, so they #include "unp.h" and link libunp.a like the book's:
 *
 *   make -C docs/c          # builds target/c/libunp.a, then the twins
 *
 * or by hand: cc -Idocs/c/lib -o serv00 docs/c/ch30_serv00.c, followed by
 * every docs/c/lib file ending in .c.
 */
#ifndef UNP_H
#define UNP_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXLINE 4096 /* max text line length */
#define LISTENQ 1024 /* 2nd argument to listen() */
#define MAXN 16384   /* chapter 30: max # bytes a client can request */
#define SA struct sockaddr

typedef void Sigfunc(int); /* for signal handlers */

Sigfunc *Signal(int signo, Sigfunc *func);
char *sock_ntop(const SA *sa, socklen_t salen);
char *sock_ntop_host(const SA *sa);
int tcp_listen(const char *host, const char *serv, socklen_t *addrlenp);
int tcp_connect(const char *host, const char *serv);
void print_listening(int listenfd);
void Writen(int fd, const void *vptr, size_t n);
ssize_t Readline(int fd, void *vptr, size_t maxlen);
void web_child(int sockfd);
void pr_cpu_time(void);

#endif
