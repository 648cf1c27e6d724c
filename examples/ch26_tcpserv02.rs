//! `ch26_tcpserv02 [[host] port]` — UNP chapter 26, § 26.4
//! (`threads/tcpserv02.c`): the threaded echo server with the book's
//! portable way to give each thread its descriptor. Default port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch26_tcpserv02
//! listening on 0.0.0.0:9877
//! terminal 2 $ cargo run --example ch26_tcpcli01
//! hello
//! hello
//! ```
//!
//! The problem (§ 26.4): `Pthread_create(&tid, NULL, &doit, &connfd)`
//! hands the thread the *address* of `main`'s one `connfd`; before the
//! thread reads it, `main` may `accept` the next client into the same
//! variable, and two threads serve one connection while another is
//! never served. The book's fix: `malloc` an `int` for each connection,
//! store the descriptor there, pass that pointer, and let the thread copy
//! it and `free` it.
//!
//! In Rust the closure **moves** `connfd` into the thread, which is the
//! book's fix done by the compiler: one descriptor per thread, owned by
//! it. The book's bug does not compile. Written the C way,
//!
//! ```text
//! let mut connfd = accept_len(&listenfd, addrlen)?.0;
//! let tid = pthread_create(|| str_echo(&connfd))?;   // borrows connfd
//! connfd = accept_len(&listenfd, addrlen)?.0;         // ...and main overwrites it
//! ```
//!
//! is refused: *closure may outlive the current function, but it borrows
//! `connfd`* (error E0373) — a thread may run longer than `main`'s
//! variable lives, so it may not borrow it; and even with `move`, the
//! second assignment would be to a value already moved away. What is
//! left is the program of `ch26_tcpserv01`, which this one is, call for
//! call (the C twin's `malloc`/`free` make no system call here).
//!
//! C twin: `docs/c/ch26_tcpserv02.c`, with the `malloc`ed `int`.

use socklab::*;

const USAGE: &str = "usage: ch26_tcpserv02 [[host] port]   (default port: 9877)";

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
        // `move`: the thread owns this descriptor; main's next accept
        // makes a new one
        let tid = pthread_create(move || doit(connfd))?;
        pthread_detach(tid)?;
    }
}

/// The thread: echo, then close the connection it owns.
fn doit(connfd: Fd) {
    if let Err(e) = str_echo(&connfd) {
        perror(&e);
        exit(1);
    }
    if let Err(e) = close(connfd) {
        // done with connected socket
        perror(&e);
        exit(1);
    }
}
