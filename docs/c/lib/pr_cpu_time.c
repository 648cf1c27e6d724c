/* pr_cpu_time.c — pr_cpu_time(): the CPU time of the server and its
 * children (§30.3).
 * Part of the book's library (its lib/ and server/ directories; here
 * docs/c/lib/, built into libunp.a by docs/c/Makefile), shared by the
 * twins that #include "unp.h".
 */
#include "unp.h"

/* The CPU time of this process and of its waited-for children. */
void pr_cpu_time(void)
{
    double user, sys;
    struct rusage myusage, childusage;

    if (getrusage(RUSAGE_SELF, &myusage) < 0) {
        perror("getrusage");
        exit(1);
    }
    if (getrusage(RUSAGE_CHILDREN, &childusage) < 0) {
        perror("getrusage");
        exit(1);
    }
    user = (double) myusage.ru_utime.tv_sec + myusage.ru_utime.tv_usec / 1000000.0;
    user += (double) childusage.ru_utime.tv_sec + childusage.ru_utime.tv_usec / 1000000.0;
    sys = (double) myusage.ru_stime.tv_sec + myusage.ru_stime.tv_usec / 1000000.0;
    sys += (double) childusage.ru_stime.tv_sec + childusage.ru_stime.tv_usec / 1000000.0;

    printf("\nuser time = %g, sys time = %g\n", user, sys);
    fflush(stdout);
}
