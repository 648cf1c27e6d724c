//! `ch05_tsigpipe [--ignore] [IPaddress port]` — UNP vol. 1, chapter 5, section
//! 5.13 (SIGPIPE): what happens to a process that writes to a connection
//! whose peer has closed it.
//!
//! 1. It gets a connection whose other end closes: by default it plays
//!    both sides on 127.0.0.1 (listen on port 0, getsockname, connect,
//!    accept, close the accepted socket); with `IPaddress port` it connects to a server that
//!    closes by itself, such as `ch01_daytimetcpsrv`.
//! 2. It reads until end of file: the peer's FIN has arrived.
//! 3. First write: succeeds — the bytes leave, and the peer's TCP, which
//!    has no socket for them any more, answers with RST.
//! 4. It sleeps a second, so the RST is surely in.
//! 5. Second write: the kernel refuses it with EPIPE and sends SIGPIPE.
//!
//! The Rust runtime ignores SIGPIPE before `main`; a C program does not.
//! So this program first calls `restore_sigpipe()` (SIG_DFL, the C
//! behaviour) and the second write **kills it**: no message, shell status
//! 141 (128 + 13, SIGPIPE). With `--ignore` it ignores SIGPIPE, as a C
//! program must ask for (`signal(SIGPIPE, SIG_IGN, SA_RESTART)`, the book's
//! `Signal()`), and the write fails with EPIPE instead, reported
//! perror-style (exit 1). The C twin is `docs/c/ch05_tsigpipe.c`:
//!
//! ```text
//! $ cargo run --example ch05_tsigpipe; echo "exit status $?"
//! read returned 0: the peer closed the connection
//! first write: 6 bytes accepted (the peer's TCP answers with RST)
//! second write: SIGPIPE's action is SIG_DFL, so this write kills the process
//! exit status 141
//!
//! $ cargo run --example ch05_tsigpipe -- --ignore; echo "exit status $?"
//! read returned 0: the peer closed the connection
//! first write: 6 bytes accepted (the peer's TCP answers with RST)
//! second write: SIGPIPE is ignored, so this write fails with EPIPE
//! write: Broken pipe (EPIPE)
//! exit status 1
//! ```
//!
//! Under strace (`strace -e trace=rt_sigaction,write,read,close
//! target/debug/examples/ch05_tsigpipe`):
//!
//! ```text
//! rt_sigaction(SIGPIPE, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=SA_RESTORER, …}, {sa_handler=SIG_IGN, sa_mask=[PIPE], sa_flags=SA_RESTORER|SA_RESTART, …}, 8) = 0
//! …                                            (listen on 3, connect 4, accept 5)
//! close(5)                                = 0      <- the peer closes
//! close(3)                                = 0
//! read(4, "", 4096)                       = 0
//! write(1, "read returned 0: the peer closed"..., 48) = 48
//! write(4, "first\n", 6)                  = 6
//! write(1, "first write: 6 bytes accepted (t"..., 64) = 64
//! write(1, "second write: SIGPIPE's action i"..., 75) = 75
//! write(4, "second\n", 7)                 = -1 EPIPE (Broken pipe)
//! --- SIGPIPE {si_signo=SIGPIPE, si_code=SI_USER, si_pid=5778, si_uid=0} ---
//! +++ killed by SIGPIPE +++
//! ```
//!
//! The lesson: writing to a connection the peer has reset raises SIGPIPE,
//! whose default action ends the process silently — a classic way for a
//! C server to vanish without a word. A server either ignores SIGPIPE and
//! handles EPIPE, or catches it; socklab's Rust programs start with it
//! ignored.
use socklab::*;

const USAGE: &str = "usage: ch05_tsigpipe [--ignore] [IPaddress port]";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = args()?.into_iter().skip(1).collect(); // not UTF-8: an error
    let (ignore, rest) = match args.split_first() {
        Some((flag, rest)) if flag == "--ignore" => (true, rest),
        _ => (false, args.as_slice()),
    };
    let server = match rest {
        [] => None,
        [host, port] => Some((host.as_str(), parse_port(port)?)),
        _ => return Err(USAGE.into()),
    };

    if ignore {
        signal(SIGPIPE, SIG_IGN, SA_RESTART)?; // as the book's Signal() installs it
    } else {
        restore_sigpipe()?; // SIGPIPE back to SIG_DFL, where a C program starts
    }

    let sockfd = match server {
        Some((host, port)) => connect_to(host, port)?,
        None => connection_the_peer_closes()?,
    };

    // Read until end of file: the peer's FIN has arrived.
    let mut buf = [0u8; MAXLINE];
    while read(&sockfd, &mut buf)? > 0 {}
    printf!("read returned 0: the peer closed the connection\n")?;

    let n = write(&sockfd, b"first\n")?;
    printf!("first write: {n} bytes accepted (the peer's TCP answers with RST)\n")?;
    sleep(1); // let the RST arrive

    if ignore {
        printf!("second write: SIGPIPE is ignored, so this write fails with EPIPE\n")?;
    } else {
        printf!("second write: SIGPIPE's action is SIG_DFL, so this write kills the process\n")?;
    }
    write(&sockfd, b"second\n")?;
    printf!("second write succeeded: the peer did not reset the connection\n")?;
    exit(0);
}

/// A connection to IPaddress:port, the address built the C way.
#[allow(clippy::field_reassign_with_default)]
fn connect_to(host: &str, port: u16) -> Result<Fd> {
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;
    connect(&sockfd, &servaddr)?;
    Ok(sockfd)
}

/// Both ends on loopback: listen on port 0, learn the port (getsockname),
/// connect, accept, and close the accepted end (and the listener). Returns
/// the client end, whose peer is now gone.
#[allow(clippy::field_reassign_with_default)]
fn connection_the_peer_closes() -> Result<Fd> {
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    servaddr.sin_port = htons(0);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;

    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    connect(&sockfd, &servaddr)?;
    let connfd = accept_null(&listenfd)?;
    close(connfd)?; // the peer closes: FIN to sockfd
    close(listenfd)?;
    Ok(sockfd)
}
