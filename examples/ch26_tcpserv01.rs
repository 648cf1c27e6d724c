//! `ch26_tcpserv01 [[host] port]` — UNP chapter 26, § 26.4 and Figure
//! 26.3: the echo server with **one thread per client** instead of one
//! process. Each thread is detached (nobody joins it), echoes with the
//! book's `str_echo` (Figure 5.3; socklab's [`str_echo`]) and closes its
//! descriptor. Default port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch26_tcpserv01
//! listening on 0.0.0.0:9877
//! terminal 2 $ cargo run --example ch26_tcpcli01
//! hello
//! hello
//! ```
//!
//! Under strace (`strace -f -e trace=accept,clone3,read,write,close target/debug/examples/ch26_tcpserv01`),
//! one client:
//!
//! ```text
//! accept(3, {sa_family=AF_INET, sin_port=htons(40810), sin_addr=inet_addr("127.0.0.1")}, [16]) = 4
//! clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, …}, 88) = 5108
//! accept(3,  <unfinished ...>
//! [pid  5108] read(4, "hello\n", 4096)    = 6
//! [pid  5108] write(4, "hello\n", 6)      = 6
//! [pid  5108] read(4, "", 4096)           = 0
//! [pid  5108] close(4)                    = 0
//! ```
//!
//! No `fork`, no SIGCHLD, no zombies: a thread shares the process's
//! descriptors, so `main` does **not** close `connfd` (the thread does,
//! when it is done), and a detached thread's resources go back by
//! themselves when it ends.
//!
//! How the descriptor reaches the thread: the book casts the `int` to
//! `void *` (§ 26.4 worries that this is not portable, and that passing
//! `&connfd` instead would race with the next `accept` overwriting it).
//! Here the closure takes `connfd` **by move**: each thread owns its own
//! descriptor, and `main` cannot touch it again — see `ch26_tcpserv02`.
//! The book's thread detaches itself (`pthread_detach(pthread_self())`);
//! socklab's handle belongs to `main`, which detaches it at once — the
//! same call (no system call either way). The clients' addresses go into
//! a buffer the size `tcp_listen` reported (the book's
//! `Malloc(addrlen)`: socklab's [`accept_len`]).
//!
//! C twin: `docs/c/ch26_tcpserv01.c`.

use socklab::*;

const USAGE: &str = "usage: ch26_tcpserv01 [[host] port]   (default port: 9877)";

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
        // len = addrlen; connfd = Accept(listenfd, cliaddr, &len)
        let (connfd, _cliaddr) = accept_len(&listenfd, addrlen)?;
        let tid = pthread_create(move || doit(connfd))?;
        pthread_detach(tid)?;
    }
}

/// The thread: echo, then close the connection.
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
