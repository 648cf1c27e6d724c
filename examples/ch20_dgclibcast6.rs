//! `ch20_dgclibcast6 [IPaddress] [port]` — UNP chapter 20, Figure 20.10:
//! the broadcast daytime client made correct with a pipe to itself. The
//! SIGALRM handler writes one byte to a pipe; the main loop `select`s on
//! the socket *and* the pipe's read end, and stops when the byte is
//! there. A signal that comes at any moment leaves its byte in the pipe,
//! so the next `select` sees it: nothing is lost.
//!
//! Run it like `ch20_dgclibcast1`, in the lab (`docs/virtual-lab.md`):
//!
//! ```text
//! $ echo | sudo socklab lab exec h1 -- target/debug/examples/ch20_dgclibcast6
//! from 198.51.100.2: Sun Dec  6 03:10:11 2026
//! from 198.51.100.3: Sun Dec  6 03:10:11 2026
//! ```
//!
//! Under strace:
//!
//! ```text
//! pipe2([4, 5], 0)                        = 0
//! alarm(5)                                = 0
//! pselect6(6, [3 4], NULL, NULL, NULL, NULL) = 1 (in [3])
//! recvfrom(3, "Sun Dec  6 03:10:11 2026\r\n", 4096, 0, {…, sin_addr=inet_addr("198.51.100.2")}, [16]) = 26
//! pselect6(6, [3 4], NULL, NULL, NULL, NULL) = ? ERESTARTNOHAND (To be restarted if no handler)
//! --- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---
//! write(5, "\0", 1)                       = 1
//! pselect6(6, [3 4], NULL, NULL, NULL, NULL) = 1 (in [4])
//! read(4, "\0", 1)                        = 1
//! ```
//!
//! The handler reaches the pipe through a `static OnceLock<Fd>` that
//! `main` fills once: the C program's `static int pipefd[2]`, but owned —
//! a handler can only use what was put there before the signal came.
//!
//! The lesson: a signal handler that only writes a byte turns a signal
//! into an event `select` can wait for with every other one (the
//! "self-pipe trick"). C twin: `docs/c/ch20_dgclibcast6.c`.

use socklab::*;

const USAGE: &str = "usage: ch20_dgclibcast6 [IPaddress] [port]   (defaults: 198.51.100.255 13)";

/// The pipe's write end, for the handler: the book's `static int pipefd[2]`.
static PIPE_WRITE: std::sync::OnceLock<Fd> = std::sync::OnceLock::new();

/// SIGALRM's handler: one byte into the pipe (write is async-signal-safe).
extern "C" fn recvfrom_alarm(_signo: c_int) {
    if let Some(fd) = PIPE_WRITE.get() {
        let _ = write(fd, b"\0"); // Write(pipefd[1], "", 1)
    }
}

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

/// Figure 20.10: the handler writes to a pipe; select on socket and pipe.
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

    setsockopt(sockfd, SOL_SOCKET, SO_BROADCAST, &on)?;
    let (pipe_read, pipe_write) = pipe()?;
    let maxfdp1 = sockfd.as_raw_fd().max(pipe_read.as_raw_fd()) + 1;
    let pipe_write_fd = pipe_write.as_raw_fd();
    if PIPE_WRITE.set(pipe_write).is_err() {
        return Err(format!("pipe: descriptor {pipe_write_fd} set twice").into());
    }
    FD_ZERO(&mut rset);
    signal(SIGALRM, SigHandler::Handler(recvfrom_alarm), 0)?; // no SA_RESTART
    loop {
        if stdio::fgets(&mut sendline, &mut input)? == 0 {
            return Ok(());
        }
        sendto(sockfd, &sendline, 0, servaddr)?;
        alarm(5);
        loop {
            FD_SET(sockfd, &mut rset);
            FD_SET(&pipe_read, &mut rset);
            match select(maxfdp1, Some(&mut rset), None, None, None) {
                Ok(_) => {}
                Err(e) if e.errno() == Some(Errno::EINTR) => continue, // the handler ran: look again
                Err(e) => return Err(e.into()),
            }
            if FD_ISSET(sockfd, &rset) {
                let n = recvfrom_into(sockfd, &mut recvline, 0, &mut reply_addr)?;
                let mut line = format!("from {}: ", sock_ntop_host(&reply_addr)).into_bytes();
                line.extend_from_slice(&recvline[..n]);
                stdio::fputs(&line, std::io::stdout())?; // printf("from %s: %s", …)
            }
            if FD_ISSET(&pipe_read, &rset) {
                let mut byte = [0u8; 1];
                read(&pipe_read, &mut byte)?; // Read(pipefd[0], &n, 1): the timer expired
                break;
            }
        }
    }
}
