//! `ch24_heartbeatserv [port]` — UNP (2nd ed. §21.5; 3rd ed. §24.5): the
//! forking echo server (Figures 5.2, 5.12) whose children answer the
//! client's heartbeat. Each child calls `heartbeat_serv(sockfd, 1, 5)`:
//! SIGURG echoes the client's out-of-band byte back, SIGALRM counts the
//! seconds without one, and after 5 the child gives up on the client.
//! Default port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch24_heartbeatserv
//! listening on 0.0.0.0:9877
//! terminal 2 $ cargo run --example ch24_heartbeatcli
//! hello
//! hello
//! terminal 3 $ kill -STOP <the client>               (it stops probing)
//! terminal 1, about six seconds later:
//! no probes from client
//! child 5107 terminated
//! ```
//!
//! Under strace (`strace -f -e trace=recvfrom,sendto,alarm,read target/debug/examples/ch24_heartbeatserv`),
//! in the child, once a second:
//!
//! ```text
//! --- SIGURG {si_signo=SIGURG, si_code=SI_KERNEL} ---
//! recvfrom(4, "1", 1, MSG_OOB, NULL, NULL) = 1
//! sendto(4, "1", 1, MSG_OOB, NULL, 0)     = 1
//! --- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---
//! alarm(1)                                = 0
//! read(4, 0x7ffd…, 4096)                  = -1 EINTR (Interrupted system call)
//! ```
//!
//! SIGALRM is installed without `SA_RESTART` (the book's `Signal`), so it
//! interrupts the child's `read`, which goes round again on EINTR as
//! Figure 5.3's `str_echo` does.
//!
//! The lesson: the server side of the heartbeat needs no timer of its
//! own for the probes — it only answers — but its alarm notices a client
//! that has gone quiet (stopped, or its host gone) long before TCP would.
//!
//! The book's globals are statics: the child's socket in a
//! `OnceLock<Fd>` (each child sets its own after fork), the counters
//! atomics; the handlers make only async-signal-safe calls. C twin:
//! `docs/c/ch24_heartbeatserv.c`.

use std::io::Write as _;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use socklab::*;

const USAGE: &str = "usage: ch24_heartbeatserv [port]   (default: 9877)";

/// The book's globals, for the handlers (in the child).
static SERVFD: OnceLock<Fd> = OnceLock::new();
/// Seconds between two alarms.
static NSEC: AtomicU32 = AtomicU32::new(1);
/// Alarms without a probe before the child gives up.
static MAXNALARMS: AtomicU32 = AtomicU32::new(5);
/// Alarms since the client's last probe.
static NALARMS: AtomicU32 = AtomicU32::new(0);

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
    let port = match args.as_slice() {
        [_] => SERV_PORT,
        [_, port] => parse_port(port)?,
        _ => return Err(USAGE.into()),
    };

    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;

    signal(SIGCHLD, SigHandler::Handler(sig_chld), SA_RESTART)?;

    let mut cliaddr = sockaddr_in::default();
    loop {
        let connfd = match accept_into(&listenfd, &mut cliaddr) {
            Ok(fd) => fd,
            Err(e) if e.errno() == Some(Errno::EINTR) => continue, // back to the loop
            Err(e) => return Err(e.into()),
        };
        match fork()? {
            ForkResult::Child => {
                close(listenfd)?; // close listening socket
                let connfd = SERVFD.get_or_init(|| connfd);
                let status = match str_echo(connfd) {
                    Ok(()) => 0,
                    Err(e) => {
                        perror(&e);
                        1
                    }
                };
                exit(status);
            }
            ForkResult::Parent { .. } => close(connfd)?, // parent closes connected socket
        }
    }
}

/// `heartbeat_serv(servfd, nsec, maxnalarms)`: SIGURG and SIGALRM
/// handlers, this process as the socket's owner, the first alarm.
fn heartbeat_serv(servfd: &Fd, nsec: u32, maxnalarms: u32) -> Result<()> {
    let nsec = nsec.max(1);
    NSEC.store(nsec, Ordering::SeqCst);
    MAXNALARMS.store(maxnalarms.max(nsec), Ordering::SeqCst);

    signal(SIGURG, SigHandler::Handler(sig_urg), SA_RESTART)?;
    fcntl(servfd, F_SETOWN, getpid())?;

    signal(SIGALRM, SigHandler::Handler(sig_alrm), 0)?; // the book's Signal: no SA_RESTART for SIGALRM
    alarm(nsec);
    Ok(())
}

/// SIGURG: read the client's probe and send it back, out of band.
extern "C" fn sig_urg(_signo: c_int) {
    let Some(servfd) = SERVFD.get() else { return };
    let mut c = [0u8; 1];
    if let Err(e) = recv(servfd, &mut c, MSG_OOB)
        && e.errno() != Some(Errno::EWOULDBLOCK)
    {
        perror(&e);
        exit(1);
    }
    if let Err(e) = send(servfd, &c, MSG_OOB) {
        // echo back out-of-band byte
        perror(&e);
        exit(1);
    }
    NALARMS.store(0, Ordering::SeqCst); // reset counter
}

/// SIGALRM: give up on a quiet client, or wait another period.
extern "C" fn sig_alrm(_signo: c_int) {
    if NALARMS.fetch_add(1, Ordering::SeqCst) + 1 > MAXNALARMS.load(Ordering::SeqCst) {
        let _ = write(std::io::stdout(), b"no probes from client\n");
        exit(0);
    }
    alarm(NSEC.load(Ordering::SeqCst));
}

/// Figure 5.3 with the heartbeat: a SIGALRM interrupts `read` (EINTR),
/// and the loop reads again.
fn str_echo(sockfd: &Fd) -> Result<()> {
    let mut buf = [0u8; MAXLINE];
    heartbeat_serv(sockfd, 1, 5)?;
    loop {
        match read(sockfd, &mut buf) {
            Ok(0) => return Ok(()), // connection closed by the client
            Ok(n) => writen(sockfd, &buf[..n])?,
            Err(e) if e.errno() == Some(Errno::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Figure 5.11: reap every ended child, with only async-signal-safe
/// calls (waitpid, one write of a line formatted on the stack).
extern "C" fn sig_chld(_signo: c_int) {
    while let Ok((pid, _stat)) = waitpid(-1, WNOHANG) {
        if pid <= 0 {
            break; // children remain, but none has ended
        }
        let mut buf = [0u8; 64];
        let mut rest = &mut buf[..];
        if writeln!(rest, "child {pid} terminated").is_ok() {
            let len = 64 - rest.len();
            let _ = write(std::io::stdout(), &buf[..len]);
        }
    }
}
