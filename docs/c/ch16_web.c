/* ch16_web.c — UNP vol. 1, section 16.5 (web.h, web.c, home_page.c,
 * start_connect.c, write_get_cmd.c in one file): a web client that
 * fetches the home page, then up to <#conns> files at once, each over its
 * own NONBLOCKING connect. Each file moves through the states
 * F_CONNECTING -> F_READING -> F_DONE; one select watches every socket
 * (writable: the connect finished; readable: data or the end). The C twin
 * of examples/ch16_web.rs.
 *
 *   make -C docs/c   # -> target/c/ch16_web, linked with libunp.a (docs/c/lib/)
 *   ./ch16_web [-p port] [-o dir] <#conns> <hostname> <homepage> <file1> ...
 *
 * Additions to the book's program: -p (the book's SERV is "80"; the
 * default here is 80 too) and -o dir, which saves each reply (header and
 * body) as dir/<name with each '/' made '_'> so that a test can check
 * the files; ch16_httpd serves a directory on loopback to fetch from.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include "unp.h" /* the book's library: tcp_connect (docs/c/lib/) */

#define MAXLINE 4096
#define min(a, b) ((a) < (b) ? (a) : (b))

/* web.h */
#define MAXFILES 20

struct file {
    char *f_name; /* filename */
    char *f_host; /* hostname or IPv4/IPv6 address */
    int f_fd;     /* descriptor */
    int f_flags;  /* F_xxx below */
    int f_save;   /* -o: descriptor of the copy, else -1 */
} file[MAXFILES];

#define F_CONNECTING 1 /* connect() in progress */
#define F_READING 2    /* connect() complete; now reading */
#define F_DONE 4       /* all done */

#define GET_CMD "GET %s HTTP/1.0\r\n\r\n"

/* globals */
int nconn, nfiles, nlefttoconn, nlefttoread, maxfd;
fd_set rset, wset;
char *serv = "80"; /* the book's SERV */
char *savedir;     /* -o */

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

static int Fcntl(int fd, int cmd, int arg)
{
    int n;

    if ((n = fcntl(fd, cmd, arg)) == -1) {
        perror("fcntl");
        exit(1);
    }
    return n;
}

/* Figure 11.9 */
static struct addrinfo *host_serv(const char *host, const char *serv, int family, int socktype)
{
    int n;
    struct addrinfo hints, *res;

    bzero(&hints, sizeof(struct addrinfo));
    hints.ai_flags = AI_CANONNAME; /* always return canonical name */
    hints.ai_family = family;      /* AF_UNSPEC, AF_INET, AF_INET6, etc. */
    hints.ai_socktype = socktype;  /* 0, SOCK_STREAM, SOCK_DGRAM, etc. */

    if ((n = getaddrinfo(host, serv, &hints, &res)) != 0) {
        fprintf(stderr, "host_serv error for %s, %s: %s\n", host, serv, gai_strerror(n));
        exit(1);
    }
    return (res); /* return pointer to first on linked list */
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

/* write_get_cmd.c */
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

    fptr->f_flags = F_READING; /* clears F_CONNECTING */

    FD_SET(fptr->f_fd, &rset); /* will read server's reply */
    if (fptr->f_fd > maxfd)
        maxfd = fptr->f_fd;
}

/* start_connect.c */
static void start_connect(struct file *fptr)
{
    int fd, flags, n;
    struct addrinfo *ai;

    ai = host_serv(fptr->f_host, serv, 0, SOCK_STREAM);

    if ((fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol)) < 0) {
        perror("socket");
        exit(1);
    }
    fptr->f_fd = fd;
    printf("start_connect for %s, fd %d\n", fptr->f_name, fd);

    /* Set socket nonblocking */
    flags = Fcntl(fd, F_GETFL, 0);
    Fcntl(fd, F_SETFL, flags | O_NONBLOCK);

    /* Initiate nonblocking connect to the server. */
    if ((n = connect(fd, ai->ai_addr, ai->ai_addrlen)) < 0) {
        if (errno != EINPROGRESS) {
            perror("nonblocking connect error");
            exit(1);
        }
        fptr->f_flags = F_CONNECTING;
        FD_SET(fd, &rset); /* select for reading and writing */
        FD_SET(fd, &wset);
        if (fd > maxfd)
            maxfd = fd;

    } else if (n >= 0)      /* connect is already done */
        write_get_cmd(fptr); /* write() the GET command */
    freeaddrinfo(ai);
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

/* web.c */
int main(int argc, char **argv)
{
    int i, fd, n, maxnconn, flags, error, c;
    char buf[MAXLINE];
    fd_set rs, ws;
    socklen_t len;

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
        fprintf(stderr, "usage: ch16_web [-p port] [-o dir] <#conns> <hostname> <homepage> <file1> ...\n");
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

    FD_ZERO(&rset);
    FD_ZERO(&wset);
    maxfd = -1;
    nlefttoread = nlefttoconn = nfiles;
    nconn = 0;

    while (nlefttoread > 0) {
        while (nconn < maxnconn && nlefttoconn > 0) {
            /* find a file to read */
            for (i = 0; i < nfiles; i++)
                if (file[i].f_flags == 0)
                    break;
            if (i == nfiles) {
                fprintf(stderr, "nlefttoconn = %d but nothing found\n", nlefttoconn);
                exit(1);
            }
            start_connect(&file[i]);
            nconn++;
            nlefttoconn--;
        }

        rs = rset;
        ws = wset;
        if ((n = select(maxfd + 1, &rs, &ws, NULL, NULL)) < 0) {
            perror("select");
            exit(1);
        }

        for (i = 0; i < nfiles; i++) {
            flags = file[i].f_flags;
            if (flags == 0 || flags & F_DONE)
                continue;
            fd = file[i].f_fd;
            if (flags & F_CONNECTING && (FD_ISSET(fd, &rs) || FD_ISSET(fd, &ws))) {
                len = sizeof(error);
                if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) < 0 || error != 0) {
                    if (error != 0)
                        errno = error;
                    fprintf(stderr, "nonblocking connect failed for %s: %s\n", file[i].f_name, strerror(errno));
                    exit(1);
                }
                /* connection established */
                printf("connection established for %s\n", file[i].f_name);
                FD_CLR(fd, &wset);       /* no more writeability test */
                write_get_cmd(&file[i]); /* write() the GET command */

            } else if (flags & F_READING && FD_ISSET(fd, &rs)) {
                if ((n = read(fd, buf, sizeof(buf))) < 0) {
                    perror("read");
                    exit(1);
                }
                if (n == 0) {
                    printf("end-of-file on %s\n", file[i].f_name);
                    close(fd);
                    if (file[i].f_save >= 0)
                        close(file[i].f_save);
                    file[i].f_flags = F_DONE; /* clears F_READING */
                    FD_CLR(fd, &rset);
                    nconn--;
                    nlefttoread--;
                } else {
                    printf("read %d bytes from %s\n", n, file[i].f_name);
                    if (file[i].f_save >= 0 && writen(file[i].f_save, buf, n) < 0) {
                        perror("write");
                        exit(1);
                    }
                }
            }
        }
    }
    exit(0);
}
