//! `ch26_tcpcli01 [host] [port]` — UNP chapter 26, § 26.3 and Figure
//! 26.2: the echo client with **two threads** instead of select. A
//! `copyto` thread copies standard input to the server and half-closes
//! at end of input; the main thread copies the server's lines to
//! standard output until the server closes. Defaults: 127.0.0.1, port
//! 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch26_tcpserv01
//! listening on 0.0.0.0:9877
//! terminal 2 $ cargo run --example ch26_tcpcli01
//! hello
//! hello
//! ^D
//! ```
//!
//! Under strace (`strace -f -e trace=clone3,read,write,shutdown target/debug/examples/ch26_tcpcli01 < file`):
//! the main thread's one-byte reads (`readline`, Figure 3.17) and the
//! `copyto` thread's writes interleave, each in its own thread:
//!
//! ```text
//! clone3({flags=CLONE_VM|…, …}, 88) = 5108
//! [pid  5108] read(0, "hello\n", 4096)    = 6
//! [pid  5108] write(3, "hello\n", 6)      = 6
//! [pid  5108] read(0, "", 4096)           = 0
//! [pid  5108] shutdown(3, SHUT_WR)        = 0
//! read(3, "h", 1)                         = 1
//! …
//! ```
//!
//! The book keeps `sockfd` and `fp` in globals for the thread; here the
//! socket is shared by an `Arc<Fd>` (one descriptor, two owners: it
//! closes when the last lets go), and `copyto` takes its own clone. When
//! the server's end of file arrives, `main` ends the process without
//! joining the thread, as the book's does (its handle is dropped:
//! detached).
//!
//! C twin: `docs/c/ch26_tcpcli01.c`.

use std::sync::Arc;

use socklab::*;

const USAGE: &str = "usage: ch26_tcpcli01 [host] [port]   (defaults: 127.0.0.1 9877)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (host, port) = match args.as_slice() {
        [_] => ("127.0.0.1", "9877"),
        [_, host] => (host.as_str(), "9877"),
        [_, host, port] => (host.as_str(), port.as_str()),
        _ => return Err(USAGE.into()),
    };
    let sockfd = Arc::new(tcp_connect(host, port)?);

    str_cli(&sockfd)?; // do it all

    exit(0); // with the socket still open: the exit closes it, as C's does
}

/// Figure 26.2: start `copyto`, then copy the server's lines to stdout.
fn str_cli(sockfd: &Arc<Fd>) -> Result<()> {
    let theirs = Arc::clone(sockfd);
    let _tid = pthread_create(move || copyto(&theirs))?;

    let mut recvline = [0u8; MAXLINE];
    loop {
        let n = readline(&**sockfd, &mut recvline)?;
        if n == 0 {
            return Ok(());
        }
        stdio::fputs(&recvline[..n], std::io::stdout())?;
    }
}

/// The thread: standard input to the server; at end of input, send FIN.
fn copyto(sockfd: &Fd) {
    if let Err(e) = copy_lines(sockfd) {
        perror(&e);
        exit(1);
    }
}

fn copy_lines(sockfd: &Fd) -> Result<()> {
    let mut input = std::io::stdin().lock();
    let mut sendline = Vec::new();
    while stdio::fgets(&mut sendline, &mut input)? > 0 {
        writen(sockfd, &sendline)?;
    }
    shutdown(sockfd, SHUT_WR) // EOF on stdin, send FIN
}
