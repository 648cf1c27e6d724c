//! `ch15_unixstrcli01 [pathname]` — UNP vol. 1, chapter 15, Figure 15.4:
//! the chapter 5 echo client on an AF_UNIX stream socket: connect to the
//! server's path, then `str_cli` (lines from standard input to the server,
//! its echo to standard output). Default path `/tmp/unix.str`.
//!
//! ```text
//! $ cargo run --example ch15_unixstrserv01 &
//! listening on /tmp/unix.str
//! $ cargo run --example ch15_unixstrcli01
//! hello, world
//! hello, world
//! ^D
//! ```
//!
//! Errors you can meet: `connect: No such file or directory (ENOENT)` (no
//! such path: the server never ran), `connect: Connection refused
//! (ECONNREFUSED)` (a socket file, but nobody listens on it: a server that
//! ended and left it behind).
//!
//! Under strace (`strace -e trace=%network target/debug/examples/ch15_unixstrcli01`):
//!
//! ```text
//! socket(AF_UNIX, SOCK_STREAM, 0)         = 3
//! connect(3, {sa_family=AF_UNIX, sun_path="/tmp/unix.str"}, 110) = 0
//! ```
//!
//! C twin: `docs/c/ch15_unixstrcli01.c`; the loop is socklab's [`str_cli`]
//! (Figure 5.5).
use socklab::*;

/// The book's `UNIXSTR_PATH`.
const UNIXSTR_PATH: &str = "/tmp/unix.str";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let path = match args.as_slice() {
        [_] => UNIXSTR_PATH,
        [_, path] => path.as_str(),
        _ => return Err("usage: ch15_unixstrcli01 [pathname]   (default: /tmp/unix.str)".into()),
    };

    let sockfd = socket(AF_LOCAL, SOCK_STREAM, 0)?;
    let servaddr = sockaddr_un::new(path)?; // bzero, AF_LOCAL, strcpy into sun_path
    connect(&sockfd, &servaddr)?;

    str_cli(&sockfd)?; // do it all: socklab's unp::str_cli (Figure 5.5)
    exit(0);
}
