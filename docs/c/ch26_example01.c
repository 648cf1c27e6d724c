/* ch26_example01.c — UNP vol. 1, § 26.7 (threads/example01.c): two threads
 * add 1 to one counter 5000 times each, WITHOUT a lock: lost updates (the
 * last value printed is below 10000).
 * The C twin of examples/ch26_example01.rs.
 *
 *   cc -Wall -Wextra -pthread -o ch26_example01 docs/c/ch26_example01.c
 *   ./ch26_example01 | tail -1
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NLOOP 5000

int counter; /* incremented by threads */

static void Pthread_create(pthread_t *tid, const pthread_attr_t *attr, void *(*func)(void *), void *arg)
{
    int n;

    if ((n = pthread_create(tid, attr, func, arg)) != 0) {
        fprintf(stderr, "pthread_create: %s\n", strerror(n));
        exit(1);
    }
}

static void Pthread_join(pthread_t tid, void **status)
{
    int n;

    if ((n = pthread_join(tid, status)) != 0) {
        fprintf(stderr, "pthread_join: %s\n", strerror(n));
        exit(1);
    }
}

static void *doit(void *vptr)
{
    int i, val;

    (void) vptr;
    /* Each thread fetches, prints, and increments the counter NLOOP times.
     * The value of the counter should increase monotonically. */
    for (i = 0; i < NLOOP; i++) {
        val = counter;
        printf("%lu: %d\n", (unsigned long) pthread_self(), val + 1);
        counter = val + 1;
    }
    return (NULL);
}

int main(int argc, char **argv)
{
    pthread_t tidA, tidB;

    (void) argv;
    if (argc > 1) {
        fprintf(stderr, "usage: ch26_example01   (no arguments)\n");
        exit(1);
    }
    Pthread_create(&tidA, NULL, &doit, NULL);
    Pthread_create(&tidB, NULL, &doit, NULL);

    /* wait for both threads to terminate */
    Pthread_join(tidA, NULL);
    Pthread_join(tidB, NULL);

    exit(0);
}
