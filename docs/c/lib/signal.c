/* signal.c — Signal(): sigaction with SA_RESTART for all but SIGALRM
 * (§5.8).
 * Part of the book's library (its lib/ and server/ directories; here
 * docs/c/lib/, built into libunp.a by docs/c/Makefile), shared by the
 * twins that #include "unp.h".
 */
#include "unp.h"

/* The book's Signal(): sigaction with SA_RESTART for all but SIGALRM. */
Sigfunc *Signal(int signo, Sigfunc *func)
{
    struct sigaction act, oact;

    act.sa_handler = func;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (signo != SIGALRM)
        act.sa_flags |= SA_RESTART;
    if (sigaction(signo, &act, &oact) < 0) {
        perror("sigaction");
        exit(1);
    }
    return oact.sa_handler;
}
