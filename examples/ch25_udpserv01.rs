//! `ch25_udpserv01 [port] [bind-address]` — UNP chapter 25, § 25.3
//! (`sigio/udpserv01.c` with `dgecho01.c`): the UDP echo server driven by
//! **SIGIO**. The kernel signals the socket's owner whenever a datagram
//! arrives; the handler reads every datagram waiting (the socket is
//! nonblocking: until EWOULDBLOCK) into a queue of 8, and `main` takes
//! them off the queue and echoes them, sleeping in `sigsuspend` when the
//! queue is empty. SIGHUP prints how many datagrams each SIGIO found.
//! Default port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch25_udpserv01
//! bound to 0.0.0.0:9877
//! terminal 2 $ cargo run --example ch08_udpcli01
//! hello
//! hello
//! terminal 3 $ kill -HUP <the server's pid>
//! terminal 1:
//! cntread[0] = 0
//! cntread[1] = 1
//! cntread[2] = 0
//! …
//! cntread[8] = 0
//! ```
//!
//! The set-up, as the book makes it (strace: `strace -e trace=rt_sigaction,fcntl,ioctl,rt_sigprocmask,rt_sigsuspend,recvfrom,sendto target/debug/examples/ch25_udpserv01`):
//!
//! ```text
//! rt_sigaction(SIGHUP, {sa_handler=0x…, sa_mask=[], sa_flags=SA_RESTORER|SA_RESTART, …}, …, 8) = 0
//! rt_sigaction(SIGIO, {sa_handler=0x…, sa_mask=[], sa_flags=SA_RESTORER|SA_RESTART, …}, …, 8) = 0
//! fcntl(3, F_SETOWN, 5107)                = 0
//! ioctl(3, FIOASYNC, [1])                 = 0
//! ioctl(3, FIONBIO, [1])                  = 0
//! rt_sigprocmask(SIG_BLOCK, [IO], [], 8)  = 0
//! rt_sigsuspend([], 8)                    = ? ERESTARTNOHAND (To be restarted if no handler)
//! --- SIGIO {si_signo=SIGIO, si_code=SI_KERNEL} ---
//! recvfrom(3, "hello\n", 4096, 0, {sa_family=AF_INET, sin_port=htons(40001), sin_addr=inet_addr("127.0.0.1")}, [16]) = 6
//! recvfrom(3, 0x…, 4096, 0, 0x…, [16]) = -1 EAGAIN (Resource temporarily unavailable)
//! rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0
//! sendto(3, "hello\n", 6, 0, {sa_family=AF_INET, sin_port=htons(40001), sin_addr=inet_addr("127.0.0.1")}, 16) = 6
//! rt_sigprocmask(SIG_BLOCK, [IO], [], 8)  = 0
//! ```
//!
//! `FIOASYNC` turns signal-driven I/O on (POSIX's way is `fcntl(fd,
//! F_SETFL, flags | O_ASYNC)`: the same flag), `FIONBIO` makes the socket
//! nonblocking (`O_NONBLOCK`), and `F_SETOWN` says who gets the signal.
//! SIGIO is blocked except inside `sigsuspend` and around `sendto`:
//! `sigsuspend` unblocks it and waits **in one step**, so a datagram that
//! arrives between "the queue is empty" and "wait" is not lost.
//!
//! Why the handler is async-signal-safe: it calls only `recvfrom`,
//! `write` and `exit`, allocates nothing, and touches only
//! - atomics (`NQUEUE`, `IPUT`, the histogram), and
//! - the queue slot `DG[iput]`, through its own `Mutex` taken with
//!   `try_lock` (one atomic compare-and-swap: never waits). `main` holds
//!   the lock of slot `iget` only while it sends that datagram, and
//!   `iput` reaches `iget` only when the queue is full — which is the
//!   book's "receive overflow" anyway.
//!
//! The book's globals (`dg[]`, `iget`, `iput`, `nqueue`, `cntread[]`) are
//! these statics: safe Rust gives a handler no other way to share data
//! with `main`. C twin: `docs/c/ch25_udpserv01.c`.

use std::io::Write as _;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use socklab::*;

const USAGE: &str = "usage: ch25_udpserv01 [port] [bind-address]";

/// Size of the input queue.
const QSIZE: usize = 8;
/// Largest datagram.
const MAXDG: usize = 4096;

/// One queued datagram: its bytes, their length, its sender.
struct Dg {
    dg_data: [u8; MAXDG],
    dg_len: usize,
    dg_sa: Option<sockaddr_in>,
}

impl Dg {
    const EMPTY: Dg = Dg {
        dg_data: [0; MAXDG],
        dg_len: 0,
        dg_sa: None,
    };
}

/// The book's globals.
static SOCKFD: OnceLock<Fd> = OnceLock::new();
static DG: [Mutex<Dg>; QSIZE] = [const { Mutex::new(Dg::EMPTY) }; QSIZE];
/// Next one for the main loop to process.
static IGET: AtomicUsize = AtomicUsize::new(0);
/// Next one for the signal handler to read into.
static IPUT: AtomicUsize = AtomicUsize::new(0);
/// How many are on the queue for the main loop.
static NQUEUE: AtomicUsize = AtomicUsize::new(0);
/// Diagnostic: how many datagrams each SIGIO read (0 to QSIZE).
static CNTREAD: [AtomicU64; QSIZE + 1] = [const { AtomicU64::new(0) }; QSIZE + 1];

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
    let (port, host) = match args.as_slice() {
        [_] => (SERV_PORT, None),
        [_, port] => (parse_port(port)?, None),
        [_, port, host] => (parse_port(port)?, Some(host.as_str())),
        _ => return Err(USAGE.into()),
    };
    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;

    let mut servaddr = sockaddr_in::default(); // bzero, sin_family = AF_INET
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if let Some(host) = host {
        inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;
    }

    bind(&sockfd, &servaddr)?;
    getsockname_into(&sockfd, &mut servaddr)?;
    printf!("bound to {}\n", sock_ntop(&servaddr))?;

    let sockfd = SOCKFD.get_or_init(|| sockfd);
    dg_echo(sockfd)?;
    Ok(())
}

/// `dg_echo` of `sigio/dgecho01.c`: returns only on an error.
fn dg_echo(sockfd: &Fd) -> Result<()> {
    let on: c_int = 1;
    IGET.store(0, Ordering::SeqCst);
    IPUT.store(0, Ordering::SeqCst);
    NQUEUE.store(0, Ordering::SeqCst);

    signal(SIGHUP, SigHandler::Handler(sig_hup), SA_RESTART)?;
    signal(SIGIO, SigHandler::Handler(sig_io), SA_RESTART)?;
    fcntl(sockfd, F_SETOWN, getpid())?;
    ioctl_int(sockfd, FIOASYNC, on)?;
    ioctl_int(sockfd, FIONBIO, on)?;

    // init three signal sets
    let mut zeromask = sigset_t::default();
    let mut oldmask = sigset_t::default();
    let mut newmask = sigset_t::default();
    sigemptyset(&mut zeromask);
    sigemptyset(&mut oldmask);
    sigemptyset(&mut newmask);
    sigaddset(&mut newmask, SIGIO)?; // the signal we want to block

    sigprocmask(SIG_BLOCK, Some(&newmask), Some(&mut oldmask))?;
    loop {
        while NQUEUE.load(Ordering::SeqCst) == 0 {
            let _ = sigsuspend(&zeromask); // wait for a datagram to process
        }

        // unblock SIGIO
        sigprocmask(SIG_SETMASK, Some(&oldmask), None)?;

        let iget = IGET.load(Ordering::SeqCst);
        {
            let slot = DG[iget].lock().unwrap_or_else(|e| e.into_inner());
            if let Some(sa) = &slot.dg_sa {
                sendto(sockfd, &slot.dg_data[..slot.dg_len], 0, sa)?;
            }
        }
        IGET.store((iget + 1) % QSIZE, Ordering::SeqCst);

        // block SIGIO
        sigprocmask(SIG_BLOCK, Some(&newmask), Some(&mut oldmask))?;
        NQUEUE.fetch_sub(1, Ordering::SeqCst);
    }
}

/// SIGIO: read every datagram waiting into the queue.
extern "C" fn sig_io(_signo: c_int) {
    let Some(sockfd) = SOCKFD.get() else { return };
    let mut nread = 0;
    loop {
        if NQUEUE.load(Ordering::SeqCst) >= QSIZE {
            let _ = write(std::io::stderr(), b"receive overflow\n");
            exit(1);
        }
        let iput = IPUT.load(Ordering::SeqCst);
        let Ok(mut slot) = DG[iput].try_lock() else {
            let _ = write(std::io::stderr(), b"receive overflow\n");
            exit(1);
        };
        let mut cliaddr = sockaddr_in::default();
        match recvfrom_into(sockfd, &mut slot.dg_data, 0, &mut cliaddr) {
            Ok(len) => {
                slot.dg_len = len;
                slot.dg_sa = Some(cliaddr);
            }
            Err(e) if e.errno() == Some(Errno::EWOULDBLOCK) => break, // all done
            Err(e) => {
                perror(&e);
                exit(1);
            }
        }
        nread += 1;
        NQUEUE.fetch_add(1, Ordering::SeqCst);
        IPUT.store((iput + 1) % QSIZE, Ordering::SeqCst);
    }
    CNTREAD[nread].fetch_add(1, Ordering::SeqCst); // histogram of datagrams per signal
}

/// SIGHUP: print the histogram, a line at a time, each formatted on the
/// stack and written with one write(2).
extern "C" fn sig_hup(_signo: c_int) {
    for (i, count) in CNTREAD.iter().enumerate() {
        let mut buf = [0u8; 64];
        let mut rest = &mut buf[..];
        if writeln!(rest, "cntread[{i}] = {}", count.load(Ordering::SeqCst)).is_ok() {
            let len = 64 - rest.len();
            let _ = write(std::io::stdout(), &buf[..len]);
        }
    }
}
