//! `ch24_heartbeatcli [host] [port]` — UNP (2nd ed. §21.5; 3rd ed. §24.5):
//! the echo client with a heartbeat. It is `str_cli` with select
//! (Figure 6.13) plus `heartbeat_cli(sockfd, 1, 5)`: every second SIGALRM
//! sends one out-of-band byte; the server (`ch24_heartbeatserv`) echoes
//! it, and the SIGURG that brings it back resets the count. After 5
//! probes without an answer the client gives up. Defaults: 127.0.0.1,
//! port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch24_heartbeatserv
//! listening on 0.0.0.0:9877
//! terminal 2 $ cargo run --example ch24_heartbeatcli
//! hello
//! hello
//! terminal 3 $ kill -STOP <the server's child>      (it stops answering)
//! terminal 2, about six seconds later:
//! server is unreachable
//! ```
//!
//! Under strace (`strace -e trace=sendto,recvfrom,alarm,pselect6 target/debug/examples/ch24_heartbeatcli`),
//! once a second:
//!
//! ```text
//! --- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---
//! sendto(3, "1", 1, MSG_OOB, NULL, 0)     = 1
//! alarm(1)                                = 0
//! --- SIGURG {si_signo=SIGURG, si_code=SI_KERNEL} ---
//! recvfrom(3, "1", 1, MSG_OOB, NULL, NULL) = 1
//! pselect6(4, [0 3], NULL, NULL, NULL, NULL) = ? ERESTARTNOHAND (To be restarted if no handler)
//! ```
//!
//! The lesson: TCP itself notices a dead peer only when it has data to
//! send (and after minutes), or with SO_KEEPALIVE (after hours). An
//! application that must know sooner sends its own probes; urgent data
//! makes them travel beside the normal stream, and the peer's kernel
//! signals their arrival. A *stopped* peer is the case keepalive never
//! catches: its kernel still acknowledges everything.
//!
//! The book's globals (`servfd`, `nprobes`…) are statics here: the socket
//! in a `OnceLock<Fd>` set before the handlers are installed, the
//! counters atomics — so the handlers, which make only async-signal-safe
//! calls (recv, send, alarm, write, exit), share them with `main` without
//! `unsafe`. select fails with EINTR when a handler has run; the loop
//! goes round again, as the book's does. C twin: `docs/c/ch24_heartbeatcli.c`.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use socklab::*;

const USAGE: &str = "usage: ch24_heartbeatcli [host] [port]   (defaults: 127.0.0.1 9877)";

/// The book's globals, for the handlers.
static SERVFD: OnceLock<Fd> = OnceLock::new();
/// Seconds between two probes.
static NSEC: AtomicU32 = AtomicU32::new(1);
/// Probes without an answer before the client gives up.
static MAXNPROBES: AtomicU32 = AtomicU32::new(5);
/// Probes since the server last answered.
static NPROBES: AtomicU32 = AtomicU32::new(0);

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (host, port) = match args.as_slice() {
        [_] => ("127.0.0.1", SERV_PORT),
        [_, host] => (host.as_str(), SERV_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err(USAGE.into()),
    };
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;

    let mut servaddr = sockaddr_in::default(); // bzero, sin_family = AF_INET
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;

    connect(&sockfd, &servaddr)?;
    let sockfd = SERVFD.get_or_init(|| sockfd);

    str_cli(sockfd)?; // do it all

    exit(0);
}

/// `heartbeat_cli(servfd, nsec, maxnprobes)`: SIGURG and SIGALRM handlers,
/// this process as the socket's owner, the first alarm.
fn heartbeat_cli(servfd: &Fd, nsec: u32, maxnprobes: u32) -> Result<()> {
    let nsec = nsec.max(1);
    NSEC.store(nsec, Ordering::SeqCst);
    MAXNPROBES.store(maxnprobes.max(nsec), Ordering::SeqCst);
    NPROBES.store(0, Ordering::SeqCst);

    signal(SIGURG, SigHandler::Handler(sig_urg), SA_RESTART)?;
    fcntl(servfd, F_SETOWN, getpid())?;

    signal(SIGALRM, SigHandler::Handler(sig_alrm), 0)?; // the book's Signal: no SA_RESTART for SIGALRM
    alarm(nsec);
    Ok(())
}

/// SIGURG: the server's answer. Read it (EWOULDBLOCK: the notice came
/// before the byte; fine) and reset the count.
extern "C" fn sig_urg(_signo: c_int) {
    let Some(servfd) = SERVFD.get() else { return };
    let mut c = [0u8; 1];
    if let Err(e) = recv(servfd, &mut c, MSG_OOB)
        && e.errno() != Some(Errno::EWOULDBLOCK)
    {
        perror(&e);
        exit(1);
    }
    NPROBES.store(0, Ordering::SeqCst); // reset counter
}

/// SIGALRM: give up, or send the next probe.
extern "C" fn sig_alrm(_signo: c_int) {
    if NPROBES.fetch_add(1, Ordering::SeqCst) + 1 > MAXNPROBES.load(Ordering::SeqCst) {
        let _ = write(std::io::stderr(), b"server is unreachable\n");
        exit(0);
    }
    let Some(servfd) = SERVFD.get() else { return };
    if let Err(e) = send(servfd, b"1", MSG_OOB) {
        perror(&e);
        exit(1);
    }
    alarm(NSEC.load(Ordering::SeqCst));
}

/// Figure 6.13's str_cli with the heartbeat: select on stdin and the
/// socket; at end of input, stop the heartbeat and half-close.
fn str_cli(sockfd: &Fd) -> std::result::Result<(), Box<dyn std::error::Error>> {
    // Used only as descriptors 0 and 1, never through Rust's buffers.
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut buf = [0u8; MAXLINE];

    heartbeat_cli(sockfd, 1, 5)?;

    let mut stdineof = false;
    let mut rset = fd_set::default();
    FD_ZERO(&mut rset);
    loop {
        if !stdineof {
            FD_SET(&stdin, &mut rset);
        }
        FD_SET(sockfd, &mut rset);
        let maxfdp1 = STDIN_FILENO.max(sockfd.as_raw_fd()) + 1;
        match select(maxfdp1, Some(&mut rset), None, None, None) {
            Ok(_) => {}
            Err(e) if e.errno() == Some(Errno::EINTR) => continue, // a heartbeat signal
            Err(e) => return Err(e.into()),
        }

        if FD_ISSET(sockfd, &rset) {
            // socket is readable
            let n = read(sockfd, &mut buf)?;
            if n == 0 {
                if stdineof {
                    return Ok(()); // normal termination
                }
                return Err("str_cli: server terminated prematurely".into());
            }
            write(&stdout, &buf[..n])?;
        }

        if FD_ISSET(&stdin, &rset) {
            // input is readable
            let n = read(&stdin, &mut buf)?;
            if n == 0 {
                stdineof = true;
                alarm(0); // turn off heartbeating
                shutdown(sockfd, SHUT_WR)?; // send FIN
                FD_CLR(&stdin, &mut rset);
                continue;
            }
            writen(sockfd, &buf[..n])?;
        }
    }
}
