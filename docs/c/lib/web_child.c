/* web_child.c — web_child(): chapter 30's request handler (§30.3).
 * Part of the book's library (its lib/ and server/ directories; here
 * docs/c/lib/, built into libunp.a by docs/c/Makefile), shared by the
 * twins that #include "unp.h".
 */
#include "unp.h"

/* §30.3: each line from the client is a byte count; answer that many. */
void web_child(int sockfd)
{
    int ntowrite;
    ssize_t nread;
    char line[MAXLINE], result[MAXN];

    memset(result, 0, sizeof(result));
    for (;;) {
        if ((nread = Readline(sockfd, line, MAXLINE)) == 0)
            return; /* connection closed by other end */

        /* line from client specifies #bytes to write back */
        ntowrite = atol(line);
        if ((ntowrite <= 0) || (ntowrite > MAXN)) {
            fprintf(stderr, "web_child: client request for %d bytes\n", ntowrite);
            exit(1);
        }
        Writen(sockfd, result, ntowrite);
    }
}
