/* ch26_example03.c — UNP vol. 1, chapter 26 (threads/example03.c, the
 * pattern of § 26.8): producer and consumer with one mutex and two
 * condition variables. The producer puts 0 .. NITEMS-1 into a buffer of
 * NBUFF slots, waiting on notfull while it is full; the consumer takes
 * them out, waiting on notempty while it is empty, and counts the items
 * that are not the number it expects next.
 * The C twin of examples/ch26_example03.rs.
 *
 *   cc -Wall -Wextra -pthread -o ch26_example03 docs/c/ch26_example03.c
 *   ./ch26_example03
 *   producer: put 10000 items through a buffer of 8
 *   consumer: got 10000 items, 0 out of order
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBUFF 8      /* slots in the buffer */
#define NITEMS 10000 /* items the producer makes */

int buff[NBUFF];
int nput;    /* items put so far; the next slot is nput % NBUFF */
int nget;    /* items taken so far */
int nstored; /* items in the buffer now */
pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t notfull = PTHREAD_COND_INITIALIZER;  /* a slot became free */
pthread_cond_t notempty = PTHREAD_COND_INITIALIZER; /* an item arrived */

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

static void Pthread_mutex_lock(pthread_mutex_t *mptr)
{
    int n;

    if ((n = pthread_mutex_lock(mptr)) != 0) {
        fprintf(stderr, "pthread_mutex_lock: %s\n", strerror(n));
        exit(1);
    }
}

static void Pthread_mutex_unlock(pthread_mutex_t *mptr)
{
    int n;

    if ((n = pthread_mutex_unlock(mptr)) != 0) {
        fprintf(stderr, "pthread_mutex_unlock: %s\n", strerror(n));
        exit(1);
    }
}

static void Pthread_cond_wait(pthread_cond_t *cptr, pthread_mutex_t *mptr)
{
    int n;

    if ((n = pthread_cond_wait(cptr, mptr)) != 0) {
        fprintf(stderr, "pthread_cond_wait: %s\n", strerror(n));
        exit(1);
    }
}

static void Pthread_cond_signal(pthread_cond_t *cptr)
{
    int n;

    if ((n = pthread_cond_signal(cptr)) != 0) {
        fprintf(stderr, "pthread_cond_signal: %s\n", strerror(n));
        exit(1);
    }
}

static void *produce(void *arg)
{
    int i;

    (void) arg;
    for (i = 0; i < NITEMS; i++) {
        Pthread_mutex_lock(&mutex);
        while (nstored == NBUFF)
            Pthread_cond_wait(&notfull, &mutex);
        buff[nput % NBUFF] = i;
        nput++;
        nstored++;
        Pthread_cond_signal(&notempty);
        Pthread_mutex_unlock(&mutex);
    }
    return (NULL);
}

static void *consume(void *arg)
{
    int i, *nbad;

    nbad = arg;
    for (i = 0; i < NITEMS; i++) {
        Pthread_mutex_lock(&mutex);
        while (nstored == 0)
            Pthread_cond_wait(&notempty, &mutex);
        if (buff[nget % NBUFF] != i)
            (*nbad)++;
        nget++;
        nstored--;
        Pthread_cond_signal(&notfull);
        Pthread_mutex_unlock(&mutex);
    }
    return (NULL);
}

int main(int argc, char **argv)
{
    int nbad = 0;
    pthread_t tid_produce, tid_consume;

    (void) argv;
    if (argc > 1) {
        fprintf(stderr, "usage: ch26_example03   (no arguments)\n");
        exit(1);
    }
    Pthread_create(&tid_produce, NULL, produce, NULL);
    Pthread_create(&tid_consume, NULL, consume, &nbad);

    /* wait for both threads to terminate */
    Pthread_join(tid_produce, NULL);
    Pthread_join(tid_consume, NULL);

    Pthread_mutex_lock(&mutex);
    printf("producer: put %d items through a buffer of %d\n", nput, NBUFF);
    printf("consumer: got %d items, %d out of order\n", nget, nbad);
    Pthread_mutex_unlock(&mutex);
    exit(0);
}
