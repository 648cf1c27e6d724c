//! `ch26_web03 [-p port] [-o dir] <#conns> <hostname> <homepage> <file1> ...`
//! — UNP chapter 26, §§ 26.8–26.9 (`threads/web03.c`, Figures 26.13ff):
//! chapter 16's web client with **one thread per file** instead of
//! nonblocking connects. After the home page, `main` starts a thread for
//! each file, at most `#conns` at a time; each thread connects
//! (blocking), sends the GET, reads the reply to its end and, last, adds
//! one to `ndone` under `ndone_mutex` and signals `ndone_cond`. `main`
//! waits on the condition variable until `ndone` is not 0 — for *any*
//! thread to finish, which `pthread_join` alone cannot do — joins the
//! finished ones, and starts the next while files are left.
//!
//! The arguments are `ch16_web`'s (`-p`: the port, the book's 80 by
//! default; `-o dir`: save each reply, header and body, as
//! `dir/<name with '/' made '_'>`). `ch16_httpd` serves a directory
//! (`/tmp/www` as in its header: `index.html`, and `a.txt`, `b.txt`,
//! `c.txt` made with `seq 1 20000`, `seq 1 30000`, `seq 1 500`):
//!
//! ```text
//! terminal 1 $ cargo run --example ch16_httpd /tmp/www
//! listening on 127.0.0.1:8080
//!
//! terminal 2 $ cargo run --example ch26_web03 -- -p 8080 2 127.0.0.1 / /a.txt /b.txt /c.txt
//! nfiles = 3
//! read 37 bytes of home page
//! end-of-file on home page
//! do_get_read for /a.txt, fd 3, thread 139691436857024
//! wrote 23 bytes for /a.txt
//! do_get_read for /b.txt, fd 4, thread 139691428464320
//! wrote 23 bytes for /b.txt
//! read 4096 bytes from /a.txt
//! …
//! end-of-file on /b.txt
//! end-of-file on /a.txt
//! thread 139691436857024 for /a.txt done
//! thread 139691428464320 for /b.txt done
//! do_get_read for /c.txt, fd 3, thread 139691428464320
//! wrote 23 bytes for /c.txt
//! read 1911 bytes from /c.txt
//! end-of-file on /c.txt
//! thread 139691428464320 for /c.txt done
//! ```
//!
//! (`/c.txt`'s thread has the id `/b.txt`'s had: a joined thread's id,
//! and its stack, are used again.)
//!
//! Under strace (`strace -f -e trace=clone3,socket,connect,close target/debug/examples/ch26_web03 -p 8080 1 127.0.0.1 / /a.txt /b.txt`),
//! the home page's connection in the main thread, then one `clone3` per
//! file, and each thread's own `socket` and `connect` (blocking: no
//! `EINPROGRESS`, no `select`):
//!
//! ```text
//! 26610 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3
//! 26610 connect(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! 26610 close(3)                          = 0
//! 26610 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|…} => {parent_tid=[26612]}, 88) = 26612
//! 26612 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3
//! 26612 connect(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! 26612 close(3)                          = 0
//! 26610 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|…} => {parent_tid=[26614]}, 88) = 26614
//! 26614 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3
//! ```
//!
//! In Rust the counter and the files' `f_flags` live inside the mutex
//! (`pthread_mutex_t<Ndone>`), so `main` and the threads reach them only
//! through its guard; each thread returns its file's index, which
//! `pthread_join` hands back (the book's `fptr`). The thread prints its
//! own id (`pthread_self()`): the book prints `f_tid`, which `main`
//! stores only after `pthread_create` returns.
//!
//! Bad input: the usage line; a refused connection: `connect: Connection
//! refused (ECONNREFUSED)`; a thread's failure ends the program, as the
//! book's wrappers do. C twin: `docs/c/ch26_web03.c`.
use socklab::pthread::{pthread_mutex_lock, pthread_mutex_t, pthread_mutex_unlock};
use socklab::*;

const USAGE: &str =
    "usage: ch26_web03 [-p port] [-o dir] <#conns> <hostname> <homepage> <file1> ...";
const MAXFILES: usize = 20;

const F_CONNECTING: i32 = 1; // connect() in progress
const F_READING: i32 = 2; // connect() complete; now reading
const F_DONE: i32 = 4; // all done
const F_JOINED: i32 = 8; // main has pthread_join'ed

type Res<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// web.h's `struct file`: what `main` keeps of each file.
struct File {
    f_name: String,                  // filename
    f_host: String,                  // hostname or IP address
    f_tid: Option<pthread_t<usize>>, // thread ID
    f_save: Option<Fd>,              // -o: the copy (moves into the thread)
}

/// What the threads and `main` share, under `ndone_mutex`: the number of
/// threads done and not yet joined, and each file's `f_flags`.
struct Ndone {
    ndone: i32,
    f_flags: [i32; MAXFILES],
}

static NDONE_MUTEX: pthread_mutex_t<Ndone> = pthread_mutex_t::new(Ndone {
    ndone: 0,
    f_flags: [0; MAXFILES],
});
static NDONE_COND: pthread_cond_t = pthread_cond_t::new();

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

/// `GET_CMD`: "GET %s HTTP/1.0\r\n\r\n".
fn get_cmd(fname: &str) -> String {
    format!("GET {fname} HTTP/1.0\r\n\r\n")
}

/// home_page.c
fn home_page(host: &str, serv: &str, fname: &str) -> Res<()> {
    let fd = tcp_connect(host, serv)?; // blocking connect()
    writen(&fd, get_cmd(fname).as_bytes())?;
    let mut line = [0u8; MAXLINE];
    loop {
        let n = read(&fd, &mut line)?;
        if n == 0 {
            break; // server closed connection
        }
        printf!("read {n} bytes of home page\n")?;
        // do whatever with data
    }
    printf!("end-of-file on home page\n")?;
    close(fd)?;
    Ok(())
}

/// write_get_cmd.c, the threads' version: no select sets to update.
fn write_get_cmd(i: usize, fd: &Fd, fname: &str) -> Res<()> {
    let line = get_cmd(fname);
    writen(fd, line.as_bytes())?;
    printf!("wrote {} bytes for {fname}\n", line.len())?;

    pthread_mutex_lock(&NDONE_MUTEX)?.f_flags[i] = F_READING; // clears F_CONNECTING
    Ok(())
}

/// The thread: fetch file `i`, then tell `main`. Returns `i` (C: `fptr`).
fn do_get_read(i: usize, fname: String, host: String, serv: String, save: Option<Fd>) -> usize {
    if let Err(e) = get_read(i, &fname, &host, &serv, save) {
        perror(&*e);
        exit(1);
    }
    i // terminate thread
}

fn get_read(i: usize, fname: &str, host: &str, serv: &str, save: Option<Fd>) -> Res<()> {
    let fd = tcp_connect(host, serv)?;
    printf!(
        "do_get_read for {fname}, fd {fd}, thread {}\n",
        pthread_self()
    )?;

    write_get_cmd(i, &fd, fname)?; // write() the GET command

    // Read server's reply
    let mut line = [0u8; MAXLINE];
    loop {
        let n = read(&fd, &mut line)?;
        if n == 0 {
            break; // server closed connection
        }
        printf!("read {n} bytes from {fname}\n")?;
        if let Some(save) = &save {
            writen(save, &line[..n])?;
        }
    }
    printf!("end-of-file on {fname}\n")?;
    close(fd)?;
    if let Some(save) = save {
        close(save)?;
    }

    let mut nd = pthread_mutex_lock(&NDONE_MUTEX)?;
    nd.f_flags[i] = F_DONE; // clears F_READING
    nd.ndone += 1;
    pthread_cond_signal(&NDONE_COND);
    pthread_mutex_unlock(nd);
    Ok(())
}

/// -o: where the copy of a file goes.
fn open_save(dir: &str, name: &str) -> Res<Fd> {
    let path = format!("{dir}/{}", name.replace('/', "_"));
    Ok(open(&path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)?)
}

/// web03.c's main
fn run() -> Res<()> {
    let args = args()?;
    let mut rest: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let mut serv = "80".to_string(); // the book's SERV
    let mut savedir: Option<String> = None;
    while let Some(&opt) = rest.first() {
        match opt {
            "-p" | "-o" if rest.len() >= 2 => {
                if opt == "-p" {
                    serv = rest[1].to_string();
                } else {
                    savedir = Some(rest[1].to_string());
                }
                rest.drain(..2);
            }
            _ if opt.starts_with('-') && opt.len() > 1 => return Err(USAGE.into()),
            _ => break,
        }
    }
    if rest.len() < 4 {
        return Err(USAGE.into());
    }
    let maxnconn: usize = rest[0]
        .parse()
        .map_err(|_| format!("#conns must be a number, not {:?}", rest[0]))?;

    let nfiles = (rest.len() - 3).min(MAXFILES);
    let mut file = Vec::new();
    for name in &rest[3..3 + nfiles] {
        let f_save = match &savedir {
            Some(dir) => Some(open_save(dir, name)?),
            None => None,
        };
        file.push(File {
            f_name: name.to_string(),
            f_host: rest[1].to_string(),
            f_tid: None,
            f_save,
        });
    }
    printf!("nfiles = {nfiles}\n")?;

    home_page(rest[1], &serv, rest[2])?;

    let (mut nlefttoread, mut nlefttoconn) = (nfiles, nfiles);
    let mut nconn = 0;

    while nlefttoread > 0 {
        while nconn < maxnconn && nlefttoconn > 0 {
            // find a file to read
            let mut nd = pthread_mutex_lock(&NDONE_MUTEX)?;
            let Some(i) = nd.f_flags[..nfiles].iter().position(|&f| f == 0) else {
                return Err(format!("nlefttoconn = {nlefttoconn} but nothing found").into());
            };
            nd.f_flags[i] = F_CONNECTING;
            pthread_mutex_unlock(nd);

            let f = &mut file[i];
            let (fname, host, serv, save) = (
                f.f_name.clone(),
                f.f_host.clone(),
                serv.clone(),
                f.f_save.take(),
            );
            f.f_tid = Some(pthread_create(move || {
                do_get_read(i, fname, host, serv, save)
            })?);
            nconn += 1;
            nlefttoconn -= 1;
        }

        // Wait for thread to terminate
        let mut nd = pthread_mutex_lock(&NDONE_MUTEX)?;
        while nd.ndone == 0 {
            nd = pthread_cond_wait(&NDONE_COND, nd)?;
        }

        for (i, f) in file.iter_mut().enumerate() {
            if nd.f_flags[i] & F_DONE != 0 {
                let Some(tid) = f.f_tid.take() else {
                    return Err(format!("{} is done but has no thread", f.f_name).into());
                };
                let id = tid.id();
                let fptr = pthread_join(tid)?;

                if fptr != i {
                    return Err("file[i] != fptr".into());
                }
                nd.f_flags[i] = F_JOINED; // clears F_DONE
                nd.ndone -= 1;
                nconn -= 1;
                nlefttoread -= 1;
                printf!("thread {id} for {} done\n", f.f_name)?;
            }
        }
        pthread_mutex_unlock(nd);
    }
    exit(0);
}
