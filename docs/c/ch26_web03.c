/* ch26_web03.c — UNP vol. 1, §§ 26.8-26.9 (threads/web03.c, Figures
 * 26.13ff): the web client of section 16.5 with ONE THREAD PER FILE
 * instead of nonblocking connects. After the home page, main starts a
 * thread for each file, at most <#conns> at a time; each thread connects
 * (blocking), sends the GET, reads the reply to its end and, last, adds
 * one to ndone under ndone_mutex and signals ndone_cond. main waits on
 * the condition variable until ndone is not 0 (for ANY thread to finish,
 * which pthread_join alone cannot do), joins the finished threads, and
 * starts the next while files are left. The C twin of
 * examples/ch26_web03.rs.
 *
 *   make -C docs/c   # -> target/c/ch26_web03, linked with libunp.a (docs/c/lib/)
 *   ./ch26_web03 [-p port] [-o dir] <#conns> <hostname> <homepage> <file1> ...
 *
 * Changes to the book's program: no <thread.h> (Solaris); -p and -o as in
 * ch16_web.c; every access to f_flags holds ndone_mutex (the book sets
 * F_READING and F_DONE, and main looks for a free file, without it); a
 * thread prints its own id, pthread_self() (the book prints f_tid, which
 * main stores only after Pthread_create returns).
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "unp.h" /* the book's library: tcp_connect (docs/c/lib/) */

#define MAXLINE 4096
#define min(a, b) ((a) < (b) ? (a) : (b))

/* web.h, the threads' version */
#define MAXFILES 20

struct file {
    char *f_name;    /* filename */
    char *f_host;    /* hostname or IP address */
    int f_fd;        /* descriptor */
    int f_flags;     /* F_xxx below */
    pthread_t f_tid; /* thread ID */
    int f_save;      /* -o: descriptor of the copy, else -1 */
} file[MAXFILES];

#define F_CONNECTING 1 /* connect() in progress */
#define F_READING 2    /* connect() complete; now reading */
#define F_DONE 4       /* all done */
#define F_JOINED 8     /* main has pthread_join'ed */

#define GET_CMD "GET %s HTTP/1.0\r\n\r\n"

/* globals */
int nconn, nfiles, nlefttoconn, nlefttoread;
char *serv = "80"; /* the book's SERV */
char *savedir;     /* -o */

int ndone; /* number of terminated threads */
pthread_mutex_t ndone_mutex = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t ndone_cond = PTHREAD_COND_INITIALIZER;

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

static ssize_t writen(int fd, const void *vptr, size_t n)
{
    size_t nleft = n;
    const char *ptr = vptr;
    ssize_t nwritten;

    while (nleft > 0) {
        if ((nwritten = write(fd, ptr, nleft)) <= 0) {
            if (nwritten < 0 && errno == EINTR)
                nwritten = 0; /* and call write() again */
            else
                return -1;
        }
        nleft -= nwritten;
        ptr += nwritten;
    }
    return n;
}

/* home_page.c */
static void home_page(const char *host, const char *fname)
{
    int fd, n;
    char line[MAXLINE];

    fd = tcp_connect(host, serv); /* blocking connect() */

    n = snprintf(line, sizeof(line), GET_CMD, fname);
    if (writen(fd, line, n) < 0) {
        perror("write");
        exit(1);
    }

    for (;;) {
        if ((n = read(fd, line, MAXLINE)) < 0) {
            perror("read");
            exit(1);
        }
        if (n == 0)
            break; /* server closed connection */

        printf("read %d bytes of home page\n", n);
        /* do whatever with data */
    }
    printf("end-of-file on home page\n");
    close(fd);
}

/* write_get_cmd.c, the threads' version: no select sets to update */
static void write_get_cmd(struct file *fptr)
{
    int n;
    char line[MAXLINE];

    n = snprintf(line, sizeof(line), GET_CMD, fptr->f_name);
    if (writen(fptr->f_fd, line, n) < 0) {
        perror("write");
        exit(1);
    }
    printf("wrote %d bytes for %s\n", n, fptr->f_name);

    Pthread_mutex_lock(&ndone_mutex);
    fptr->f_flags = F_READING; /* clears F_CONNECTING */
    Pthread_mutex_unlock(&ndone_mutex);
}

static void *do_get_read(void *vptr)
{
    int fd, n;
    char line[MAXLINE];
    struct file *fptr;

    fptr = (struct file *) vptr;

    fd = tcp_connect(fptr->f_host, serv);
    fptr->f_fd = fd;
    printf("do_get_read for %s, fd %d, thread %lu\n", fptr->f_name, fd, (unsigned long) pthread_self());

    write_get_cmd(fptr); /* write() the GET command */

    /* Read server's reply */
    for (;;) {
        if ((n = read(fd, line, MAXLINE)) < 0) {
            perror("read");
            exit(1);
        }
        if (n == 0)
            break; /* server closed connection */

        printf("read %d bytes from %s\n", n, fptr->f_name);
        if (fptr->f_save >= 0 && writen(fptr->f_save, line, n) < 0) {
            perror("write");
            exit(1);
        }
    }
    printf("end-of-file on %s\n", fptr->f_name);
    close(fd);
    if (fptr->f_save >= 0)
        close(fptr->f_save);

    Pthread_mutex_lock(&ndone_mutex);
    fptr->f_flags = F_DONE; /* clears F_READING */
    ndone++;
    Pthread_cond_signal(&ndone_cond);
    Pthread_mutex_unlock(&ndone_mutex);

    return (fptr); /* terminate thread */
}

/* -o: where the copy of a file goes */
static int open_save(const char *name)
{
    char path[MAXLINE], *p;
    int fd;

    snprintf(path, sizeof(path), "%s/%s", savedir, name);
    for (p = path + strlen(savedir) + 1; *p; p++)
        if (*p == '/')
            *p = '_';
    if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0) {
        perror("open");
        exit(1);
    }
    return fd;
}

/* web03.c */
int main(int argc, char **argv)
{
    int i, maxnconn, c;
    pthread_t tid;
    struct file *fptr;

    while ((c = getopt(argc, argv, "+p:o:")) != -1) {
        if (c == 'p')
            serv = optarg;
        else if (c == 'o')
            savedir = optarg;
        else
            exit(1);
    }
    argc -= optind - 1;
    argv += optind - 1;

    if (argc < 5) {
        fprintf(stderr, "usage: ch26_web03 [-p port] [-o dir] <#conns> <hostname> <homepage> <file1> ...\n");
        exit(1);
    }
    maxnconn = atoi(argv[1]);

    nfiles = min(argc - 4, MAXFILES);
    for (i = 0; i < nfiles; i++) {
        file[i].f_name = argv[i + 4];
        file[i].f_host = argv[2];
        file[i].f_flags = 0;
        file[i].f_save = savedir ? open_save(file[i].f_name) : -1;
    }
    printf("nfiles = %d\n", nfiles);

    home_page(argv[2], argv[3]);

    nlefttoread = nlefttoconn = nfiles;
    nconn = 0;

    while (nlefttoread > 0) {
        while (nconn < maxnconn && nlefttoconn > 0) {
            /* find a file to read */
            Pthread_mutex_lock(&ndone_mutex);
            for (i = 0; i < nfiles; i++)
                if (file[i].f_flags == 0)
                    break;
            if (i == nfiles) {
                fprintf(stderr, "nlefttoconn = %d but nothing found\n", nlefttoconn);
                exit(1);
            }
            file[i].f_flags = F_CONNECTING;
            Pthread_mutex_unlock(&ndone_mutex);

            Pthread_create(&tid, NULL, &do_get_read, &file[i]);
            file[i].f_tid = tid;
            nconn++;
            nlefttoconn--;
        }

        /* Wait for thread to terminate */
        Pthread_mutex_lock(&ndone_mutex);
        while (ndone == 0)
            Pthread_cond_wait(&ndone_cond, &ndone_mutex);

        for (i = 0; i < nfiles; i++) {
            if (file[i].f_flags & F_DONE) {
                Pthread_join(file[i].f_tid, (void **) &fptr);

                if (&file[i] != fptr) {
                    fprintf(stderr, "file[i] != fptr\n");
                    exit(1);
                }
                fptr->f_flags = F_JOINED; /* clears F_DONE */
                ndone--;
                nconn--;
                nlefttoread--;
                printf("thread %lu for %s done\n", (unsigned long) fptr->f_tid, fptr->f_name);
            }
        }
        Pthread_mutex_unlock(&ndone_mutex);
    }
    exit(0);
}
