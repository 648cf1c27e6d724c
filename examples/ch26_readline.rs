//! `ch26_readline [[host] port]` — UNP chapter 26, § 26.5
//! (`threads/readline.c`): the **thread-safe `readline`**, with
//! thread-specific data, in the echo server of Figure 26.3 — one thread
//! per client, each echoing line by line. Default port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch26_readline
//! listening on 0.0.0.0:9877
//! terminal 2 $ cargo run --example ch05_tcpcli01
//! hello
//! hello
//! ```
//!
//! The book's fast `readline` (Figure 3.18) reads up to 4096 bytes at a
//! time into a **static** buffer and hands them out a byte at a time:
//! with two threads, two connections would share one buffer and get each
//! other's bytes. § 26.5 keeps one buffer per thread instead, found
//! through a key: `pthread_once` creates the key (with a destructor that
//! frees a thread's buffer when it ends), and each call looks up the
//! calling thread's buffer with `pthread_getspecific`, allocating it on
//! the thread's first call (`pthread_setspecific`).
//!
//! Under strace (`strace -f -o out -e trace=read,write target/debug/examples/ch26_readline`),
//! a client that sends two lines at once gets two writes from one read:
//!
//! ```text
//! 25371 read(4, "one\ntwo\n", 4096)       = 8
//! 25371 write(4, "one\n", 4)              = 4
//! 25371 write(4, "two\n", 4)              = 4
//! ```
//!
//! As in Figure 26.11, every `readline` call starts with
//! `pthread_once(&RL_ONCE, readline_once)`: the first call in the process
//! runs `readline_once` (a plain `extern "C" fn()`, which C's
//! `pthread_once` calls), which creates the key; every later call returns
//! at once. In Rust, `pthread_getspecific` *takes* the thread's buffer
//! out of its slot (a `Box` has one owner) and `readline` puts it back
//! with `pthread_setspecific` when it returns. Thread-specific data and
//! `pthread_once` make no system call. C twin: `docs/c/ch26_readline.c`.

use std::sync::OnceLock;

use socklab::*;

const USAGE: &str = "usage: ch26_readline [[host] port]   (default port: 9877)";

/// One thread's readline state: the book's `Rline`.
struct Rline {
    /// Bytes left in `rl_buf`.
    rl_cnt: usize,
    /// The next of them.
    rl_bufptr: usize,
    rl_buf: [u8; MAXLINE],
}

/// The key (`rl_key`): set once, by `readline_once`.
static RL_KEY: OnceLock<pthread_key_t<Rline>> = OnceLock::new();
/// Whether `readline_once` has run (`rl_once`).
static RL_ONCE: pthread_once_t = PTHREAD_ONCE_INIT;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (listenfd, addrlen) = match args.as_slice() {
        [_] => tcp_listen(None, "9877")?,
        [_, port] => tcp_listen(None, port)?,
        [_, host, port] => tcp_listen(Some(host), port)?,
        _ => return Err(USAGE.into()),
    };
    printf!("listening on {}\n", sock_ntop(&getsockname(&listenfd)?))?;

    loop {
        let (connfd, _cliaddr) = accept_len(&listenfd, addrlen)?;
        let tid = pthread_create(move || doit(connfd))?;
        pthread_detach(tid)?;
    }
}

/// The thread: echo line by line, then close.
fn doit(connfd: Fd) {
    if let Err(e) = str_echo_lines(&connfd).and_then(|()| close(connfd)) {
        perror(&e);
        exit(1);
    }
}

/// The book's `str_echo` with `Readline`: one line in, one line out.
fn str_echo_lines(sockfd: &Fd) -> Result<()> {
    let mut line = [0u8; MAXLINE];
    loop {
        let n = readline(sockfd, &mut line)?;
        if n == 0 {
            return Ok(()); // connection closed by the other end
        }
        writen(sockfd, &line[..n])?;
    }
}

/// Run once in the process, by the first `readline` (`pthread_once`):
/// creates the key. C's `Pthread_key_create` exits on failure; so does
/// this (it has nobody to return an error to).
extern "C" fn readline_once() {
    match pthread_key_create() {
        Ok(key) => {
            let _ = RL_KEY.set(key); // the only set: pthread_once runs this once
        }
        Err(e) => {
            perror(&e);
            exit(1);
        }
    }
}

/// The next byte for this thread: from its buffer, refilled with one
/// `read` of up to MAXLINE bytes when empty. 0 at end of file.
fn my_read(tsd: &mut Rline, fd: &Fd, c: &mut u8) -> Result<usize> {
    if tsd.rl_cnt == 0 {
        loop {
            match read(fd, &mut tsd.rl_buf) {
                Ok(0) => return Ok(0),
                Ok(n) => {
                    tsd.rl_cnt = n;
                    break;
                }
                Err(e) if e.errno() == Some(Errno::EINTR) => continue,
                Err(e) => return Err(e),
            }
        }
        tsd.rl_bufptr = 0;
    }
    tsd.rl_cnt -= 1;
    *c = tsd.rl_buf[tsd.rl_bufptr];
    tsd.rl_bufptr += 1;
    Ok(1)
}

/// § 26.5's `readline`: at most `buf.len() - 1` bytes, up to and
/// including a newline; 0 at end of file.
fn readline(fd: &Fd, buf: &mut [u8]) -> Result<usize> {
    pthread_once(&RL_ONCE, readline_once)?;
    let Some(key) = RL_KEY.get() else {
        return Err(Error::invalid("readline", "readline_once made no key"));
    };
    let mut tsd = pthread_getspecific(key).unwrap_or_else(|| {
        Box::new(Rline {
            rl_cnt: 0,
            rl_bufptr: 0,
            rl_buf: [0; MAXLINE],
        })
    });
    let mut n = 0;
    let mut result = Ok(0);
    while n + 1 < buf.len() {
        let mut c = 0u8;
        match my_read(&mut tsd, fd, &mut c) {
            Ok(1) => {
                buf[n] = c;
                n += 1;
                result = Ok(n);
                if c == b'\n' {
                    break;
                }
            }
            Ok(_) => break, // end of file: what was read so far (0 if nothing)
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    pthread_setspecific(key, tsd)?; // the buffer goes back for the next call
    result
}
