//! `ch20_dgclibcast4 [IPaddress] [port]` — UNP chapter 20, Figure 20.7:
//! the broadcast daytime client made correct with `pselect`. SIGALRM is
//! blocked from before the `alarm` on; the program waits in `pselect`
//! with an *empty* signal mask, which the kernel sets, waits, and puts
//! back in one step. A SIGALRM that comes while a reply is printed stays
//! pending and interrupts the next `pselect` at once: nothing is lost.
//!
//! Run it like `ch20_dgclibcast1`, in the lab (`docs/virtual-lab.md`):
//!
//! ```text
//! $ echo | sudo socklab lab exec h1 -- target/debug/examples/ch20_dgclibcast4
//! from 198.51.100.2: Sun Dec  6 03:10:11 2026
//! from 198.51.100.3: Sun Dec  6 03:10:11 2026
//! ```
//!
//! Under strace:
//!
//! ```text
//! rt_sigprocmask(SIG_BLOCK, [ALRM], NULL, 8) = 0
//! alarm(5)                                = 0
//! pselect6(4, [3], NULL, NULL, NULL, {sigmask=[], sigsetsize=8}) = 1 (in [3])
//! recvfrom(3, "Sun Dec  6 03:10:11 2026\r\n", 4096, 0, {…, sin_addr=inet_addr("198.51.100.2")}, [16]) = 26
//! pselect6(4, [3], NULL, NULL, NULL, {sigmask=[], sigsetsize=8}) = ? ERESTARTNOHAND (To be restarted if no handler)
//! --- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---
//! ```
//!
//! The lesson: to wait for "data or a signal" without a race, unblock the
//! signal *inside* the waiting call: pselect's mask argument (ppoll and
//! epoll_pwait have one too). C twin: `docs/c/ch20_dgclibcast4.c`.

use socklab::*;

const USAGE: &str = "usage: ch20_dgclibcast4 [IPaddress] [port]   (defaults: 198.51.100.255 13)";

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

/// Figure 20.7: SIGALRM blocked; pselect waits with an empty mask.
fn dg_cli(
    sockfd: &Fd,
    servaddr: &sockaddr_in,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let on: c_int = 1;
    let mut input = std::io::stdin().lock();
    let mut sendline = Vec::new();
    let mut recvline = [0u8; MAXLINE];
    let mut reply_addr = sockaddr_in::default();
    let mut rset = fd_set::default();
    let mut sigset_alrm = sigset_t::default();
    let mut sigset_empty = sigset_t::default();

    setsockopt(sockfd, SOL_SOCKET, SO_BROADCAST, &on)?;
    FD_ZERO(&mut rset);
    sigemptyset(&mut sigset_alrm);
    sigemptyset(&mut sigset_empty);
    sigaddset(&mut sigset_alrm, SIGALRM)?;
    signal(SIGALRM, SigHandler::Handler(recvfrom_alarm), 0)?; // no SA_RESTART
    loop {
        if stdio::fgets(&mut sendline, &mut input)? == 0 {
            return Ok(());
        }
        sendto(sockfd, &sendline, 0, servaddr)?;
        sigprocmask(SIG_BLOCK, Some(&sigset_alrm), None)?;
        alarm(5);
        loop {
            FD_SET(sockfd, &mut rset);
            let nfds = sockfd.as_raw_fd() + 1;
            match pselect(nfds, Some(&mut rset), None, None, None, Some(&sigset_empty)) {
                Ok(1) => {}
                Ok(n) => return Err(format!("pselect error: returned {n}").into()),
                Err(e) if e.errno() == Some(Errno::EINTR) => break, // waited long enough
                Err(e) => return Err(e.into()),
            }
            let n = recvfrom_into(sockfd, &mut recvline, 0, &mut reply_addr)?;
            let mut line = format!("from {}: ", sock_ntop_host(&reply_addr)).into_bytes();
            line.extend_from_slice(&recvline[..n]);
            stdio::fputs(&line, std::io::stdout())?; // printf("from %s: %s", …)
        }
    }
}
