//! `ch07_reuseaddr` — UNP chapter 7, section 7.5 (SO_REUSEADDR): why a
//! restarted server fails with EADDRINUSE while an old connection is in
//! TIME_WAIT, and how `SO_REUSEADDR` fixes it. Self-contained: it plays
//! server, client and restarted server on 127.0.0.1, on a port the kernel
//! picks, and finishes in a fraction of a second.
//!
//! Run it (one terminal, no arguments):
//!
//! ```text
//! $ cargo run --example ch07_reuseaddr
//! server 1 (no SO_REUSEADDR) on 127.0.0.1:46535 served 127.0.0.1:38922 and closed first: its end is in TIME_WAIT
//! restart without SO_REUSEADDR: bind: Address already in use (EADDRINUSE)
//! restart with SO_REUSEADDR:    bind: Address already in use (EADDRINUSE)
//!   (on Linux the socket in TIME_WAIT must have had SO_REUSEADDR too)
//! server 2 (SO_REUSEADDR) on 127.0.0.1:36299 served 127.0.0.1:57928 and closed first: its end is in TIME_WAIT
//! restart with SO_REUSEADDR:    bind: ok, listening on 127.0.0.1:36299 again
//! ```
//!
//! While it runs — or for the next 60 seconds — `ss -tan state time-wait`
//! lists the two connections. Each "server" is: socket, (setsockopt),
//! bind, listen, accept one client, close that connection **first** (the
//! side that closes first is the one that goes through TIME_WAIT), close
//! the listening socket — what a server that exits leaves behind.
//!
//! The C twin is `docs/c/ch07_reuseaddr.c` (section 7.5; `cc -o reuseaddr
//! docs/c/ch07_reuseaddr.c`): the same system calls, with the same arguments, in the
//! same order — `tests/fidelity_strace.rs` holds the two to it.
//!
//! Under strace (`cargo build --example ch07_reuseaddr` first):
//!
//! ```text
//! $ strace -e trace=setsockopt,bind,accept,close target/debug/examples/ch07_reuseaddr
//! bind(3, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! accept(3, {sa_family=AF_INET, sin_port=htons(38922), sin_addr=inet_addr("127.0.0.1")}, [16]) = 5
//! close(5)                                = 0        <- the server closes first
//! close(4)                                = 0
//! close(3)                                = 0
//! bind(3, {sa_family=AF_INET, sin_port=htons(46535), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EADDRINUSE (Address already in use)
//! close(3)                                = 0
//! setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
//! bind(3, {sa_family=AF_INET, sin_port=htons(46535), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EADDRINUSE (Address already in use)
//! close(3)                                = 0
//! setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0   <- round 2: set on the first run too
//! bind(3, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! …
//! setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
//! bind(3, {sa_family=AF_INET, sin_port=htons(36299), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! ```
//!
//! The lesson: a connection's TIME_WAIT (2 × MSL, 60 s on Linux) keeps its
//! port bound after the server process is gone, so a plain restart fails.
//! Every TCP server should set SO_REUSEADDR before bind — on every run, since
//! Linux only lets the new socket share the port with old ones that set it too.
use socklab::*;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    if std::env::args_os().len() != 1 {
        return Err("usage: ch07_reuseaddr".into());
    }

    // Round 1: nobody sets SO_REUSEADDR.
    let port = serve_one_client(false)?;
    let plain = restart(port, false)?;
    report("restart without SO_REUSEADDR:", port, &plain)?;
    let late = restart(port, true)?;
    report("restart with SO_REUSEADDR:   ", port, &late)?;
    if late.is_err() {
        printf!("  (on Linux the socket in TIME_WAIT must have had SO_REUSEADDR too)\n")?;
    }

    // Round 2: the server sets it on every run.
    let port = serve_one_client(true)?;
    let fixed = restart(port, true)?;
    report("restart with SO_REUSEADDR:   ", port, &fixed)?;

    match (&plain, &fixed) {
        (Err(e), Ok(_)) if e.errno() == Some(Errno::EADDRINUSE) => exit(0),
        _ => {
            Err("unexpected: expected EADDRINUSE without SO_REUSEADDR, then success with it".into())
        }
    }
}

/// A short-lived server on 127.0.0.1 and a port the kernel picks: one
/// client connects, the server closes that connection first (so its end
/// goes into TIME_WAIT), then its listening socket. Returns the port.
// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn serve_one_client(reuse: bool) -> Result<u16> {
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    if reuse {
        setsockopt(&listenfd, SOL_SOCKET, SO_REUSEADDR, &1)?;
    }
    let mut servaddr = sockaddr_in::default(); // bzero, sin_family = AF_INET
    servaddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    servaddr.sin_port = htons(0);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;

    let clifd = socket(AF_INET, SOCK_STREAM, 0)?;
    connect(&clifd, &servaddr)?;
    let mut cliaddr = sockaddr_in::default();
    let connfd = accept_into(&listenfd, &mut cliaddr)?;
    close(connfd)?; // the server's active close: FIN, and later TIME_WAIT
    let mut buf = [0u8; 1];
    read(&clifd, &mut buf)?; // the client reads the end of file (0)…
    close(clifd)?; // …and closes too: its FIN completes the exchange
    close(listenfd)?; // the server process "exits"

    let (round, with) = if reuse {
        (2, "SO_REUSEADDR")
    } else {
        (1, "no SO_REUSEADDR")
    };
    printf!(
        "server {round} ({with}) on {} served {} and closed first: its end is in TIME_WAIT\n",
        sock_ntop(&servaddr),
        sock_ntop(&cliaddr)
    )?;
    Ok(ntohs(servaddr.sin_port))
}

/// A restarted server: socket, SO_REUSEADDR if asked, bind to the same
/// port, listen. The outer Result is a failure of the other calls; the
/// inner one is bind's answer, the point of the demonstration.
// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn restart(port: u16, reuse: bool) -> Result<std::result::Result<Fd, Error>> {
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    if reuse {
        setsockopt(&listenfd, SOL_SOCKET, SO_REUSEADDR, &1)?;
    }
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    servaddr.sin_port = htons(port);
    if let Err(e) = bind(&listenfd, &servaddr) {
        close(listenfd)?;
        return Ok(Err(e));
    }
    listen(&listenfd, LISTENQ)?;
    Ok(Ok(listenfd))
}

fn report(what: &str, port: u16, outcome: &std::result::Result<Fd, Error>) -> Result<()> {
    match outcome {
        Ok(_) => printf!("{what} bind: ok, listening on 127.0.0.1:{port} again\n")?,
        Err(e) => printf!("{what} {e}\n")?,
    };
    Ok(())
}
