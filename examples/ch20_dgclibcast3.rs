//! `ch20_dgclibcast3 [IPaddress] [port]` — UNP chapter 20, Figure 20.6:
//! the broadcast daytime client with the book's *incorrect* fix for the
//! race of `ch20_dgclibcast1`. SIGALRM is blocked all the time except
//! just around `recvfrom`: `sigprocmask(SIG_UNBLOCK)`, `recvfrom`,
//! `sigprocmask(SIG_BLOCK)`. A signal that comes while the program prints
//! a reply now waits, pending, instead of being lost — and is delivered
//! the moment it is unblocked: *between* the `sigprocmask` and the
//! `recvfrom`, the same race in a smaller window.
//!
//! Run it like `ch20_dgclibcast1`, in the lab (`docs/virtual-lab.md`):
//!
//! ```text
//! $ echo | sudo socklab lab exec h1 -- target/debug/examples/ch20_dgclibcast3
//! from 198.51.100.2: Sun Dec  6 03:10:11 2026
//! from 198.51.100.3: Sun Dec  6 03:10:11 2026
//! ```
//!
//! Under strace, each reply is framed by the two mask changes:
//!
//! ```text
//! alarm(5)                                = 0
//! rt_sigprocmask(SIG_UNBLOCK, [ALRM], NULL, 8) = 0
//! recvfrom(3, "Sun Dec  6 03:10:11 2026\r\n", 4096, 0, {…, sin_addr=inet_addr("198.51.100.2")}, [16]) = 26
//! rt_sigprocmask(SIG_BLOCK, [ALRM], NULL, 8) = 0
//! rt_sigprocmask(SIG_UNBLOCK, [ALRM], NULL, 8) = 0
//! recvfrom(3, 0x…, 4096, 0, 0x…, [16])    = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
//! --- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---
//! ```
//!
//! The lesson: blocking a signal delays it, it does not make a *test and
//! wait* atomic; for that the unblocking must be part of the waiting call
//! (`ch20_dgclibcast4`'s `pselect`). C twin: `docs/c/ch20_dgclibcast3.c`.

use socklab::*;

const USAGE: &str = "usage: ch20_dgclibcast3 [IPaddress] [port]   (defaults: 198.51.100.255 13)";

/// SIGALRM's handler: it only interrupts the recvfrom.
extern "C" fn recvfrom_alarm(_signo: c_int) {}

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
        [_] => ("198.51.100.255", 13),
        [_, host] => (host.as_str(), 13),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err(USAGE.into()),
    };
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;

    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
    dg_cli(&sockfd, &servaddr)?;
    exit(0);
}

/// Figure 20.6: SIGALRM unblocked only around recvfrom (still racy).
fn dg_cli(
    sockfd: &Fd,
    servaddr: &sockaddr_in,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let on: c_int = 1;
    let mut input = std::io::stdin().lock();
    let mut sendline = Vec::new();
    let mut recvline = [0u8; MAXLINE];
    let mut reply_addr = sockaddr_in::default();
    let mut sigset_alrm = sigset_t::default();

    setsockopt(sockfd, SOL_SOCKET, SO_BROADCAST, &on)?;
    sigemptyset(&mut sigset_alrm);
    sigaddset(&mut sigset_alrm, SIGALRM)?;
    signal(SIGALRM, SigHandler::Handler(recvfrom_alarm), 0)?; // no SA_RESTART
    loop {
        if stdio::fgets(&mut sendline, &mut input)? == 0 {
            return Ok(());
        }
        sendto(sockfd, &sendline, 0, servaddr)?;
        alarm(5);
        loop {
            sigprocmask(SIG_UNBLOCK, Some(&sigset_alrm), None)?;
            let n = recvfrom_into(sockfd, &mut recvline, 0, &mut reply_addr);
            sigprocmask(SIG_BLOCK, Some(&sigset_alrm), None)?;
            match n {
                Ok(n) => {
                    let mut line = format!("from {}: ", sock_ntop_host(&reply_addr)).into_bytes();
                    line.extend_from_slice(&recvline[..n]);
                    stdio::fputs(&line, std::io::stdout())?; // printf("from %s: %s", …)
                }
                Err(e) if e.errno() == Some(Errno::EINTR) => break, // waited long enough
                Err(e) => return Err(e.into()),
            }
        }
    }
}
