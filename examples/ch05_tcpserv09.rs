//! `ch05_tcpserv09 [port]` — UNP vol. 1, chapter 5, section 5.18 and
//! Figures 5.18–5.20: the "sum" server again, but the two numbers now
//! arrive as a **binary structure** — two 64-bit integers, 16 bytes, in
//! the sending host's byte order — and the sum goes back as 8 bytes.
//! Default port 9877. Its client is `ch05_tcpcli09`.
//!
//! ```text
//! terminal 1 $ cargo run --example ch05_tcpserv09
//! listening on 0.0.0.0:9877
//!
//! terminal 2 $ cargo run --example ch05_tcpcli09
//! 11 22
//! 33
//! -22 -77
//! -99
//! ^D
//! ```
//!
//! It works — between two hosts that agree on how to store an integer.
//! The book's traps, which a binary protocol walks into:
//!
//! - **Byte order.** The bytes are sent as they lie in memory
//!   (`to_ne_bytes`, "native endian"). A big-endian client's `1` is
//!   `00 00 00 00 00 00 00 01`; a little-endian server reads those bytes
//!   as 72057594037927936. `ch05_tcpcli09 --swap` plays such a client on
//!   this machine: small positive numbers still seem to work (the bytes
//!   add up without carries between them), `-22 -77` comes back as
//!   nonsense.
//! - **Size.** The book uses C's `long`: 4 bytes on 32-bit systems (and on
//!   64-bit Windows), 8 on 64-bit Unix. A 32-bit client sends 8 bytes for
//!   two longs; this server waits for 16, so it blocks for the next
//!   request's bytes and answers garbage. Rust's `i64` is 8 bytes
//!   everywhere, which removes this trap — but a C peer still has it.
//! - **Layout.** A C compiler may pad a struct; two `i64`s happen to have
//!   none, a `{ char; long; }` would.
//!
//! The cure is to agree on a format: text (`ch05_tcpserv08`), or a fixed
//! byte order and size on the wire (`to_be_bytes`/`from_be_bytes`, what
//! `htonl` does for 32 bits).
//!
//! A client that closes in the middle of a request (fewer than 16 bytes)
//! costs one line on the server's stderr, and that child ends; the server
//! goes on. The sum wraps around on overflow (`wrapping_add`): in C,
//! signed overflow is undefined, and in a Rust debug build `+` would panic.
//!
//! Under strace (`strace -f -e trace=read,write target/debug/examples/ch05_tcpserv09`):
//!
//! ```text
//! [pid 5301] read(4, "\v\0\0\0\0\0\0\0\26\0\0\0\0\0\0\0", 16) = 16   <- 11 and 22, little-endian
//! [pid 5301] write(4, "!\0\0\0\0\0\0\0", 8) = 8                            <- 33
//! ```
//!
//! The lesson: a structure's bytes are not a protocol. What they mean
//! depends on the byte order, the sizes and the padding of the machine
//! and compiler that wrote them.
//!
//! The C twin is `docs/c/ch05_tcpserv09.c`, written the way the book writes
//! it; `tests/fidelity_strace.rs` holds the two to the same system calls,
//! arguments included.
use std::io::Write as _;

use socklab::*;

const USAGE: &str = "usage: ch05_tcpserv09 [port]   (default: 9877)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
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
    // Where it really listens: with port 0, the port the kernel chose.
    getsockname_into(&listenfd, &mut servaddr)?;
    // The ready line comes first: it also sets up Rust's stdout, so that
    // the handler's `stdout()` below finds it ready (no allocation there).
    printf!("listening on {}\n", sock_ntop(&servaddr))?;
    signal(SIGCHLD, SigHandler::Handler(sig_chld), SA_RESTART)?;

    let mut cliaddr = sockaddr_in::default();
    loop {
        let connfd = match accept_into(&listenfd, &mut cliaddr) {
            Ok(connfd) => connfd,
            // SA_RESTART should make this impossible; where it does not
            // (other systems, other calls), EINTR just means "again".
            Err(e) if e.errno() == Some(Errno::EINTR) => continue,
            Err(e) => return Err(e.into()),
        };
        match fork()? {
            ForkResult::Child => {
                close(listenfd)?; // the child serves one client, accepts none
                let status = match str_echo(&connfd) {
                    Ok(()) => 0,
                    Err(e) => {
                        perror(&e);
                        1
                    }
                };
                // exit closes connfd: the client sees end of file.
                exit(status);
            }
            ForkResult::Parent { .. } => close(connfd)?, // the child has it now
        }
    }
}

/// The SIGCHLD handler of `ch05_tcpserv04` (Figure 5.11): reap **every**
/// child that has ended, one waitpid per child, until there is none (0) or no child at
/// all (ECHILD, an error: the loop ends there too).
///
/// It runs in the middle of whatever the server was doing, so it makes
/// only async-signal-safe calls: waitpid(2) and write(2). Each line is
/// formatted into a buffer on the stack (no allocation, no lock), and
/// `stdout()` here only lends descriptor 1 — it does not lock or buffer.
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

/// The request: two integers, as they lie in the client's memory.
const ARGS_LEN: usize = 16;

/// Figure 5.20's `str_echo`: read one 16-byte request, answer with the
/// 8-byte sum, until the client closes.
fn str_echo(sockfd: &Fd) -> Result<()> {
    let mut args = [0u8; ARGS_LEN];
    loop {
        let n = readn(sockfd, &mut args)?;
        if n == 0 {
            return Ok(()); // the client closed between requests
        }
        if n < ARGS_LEN {
            // The client closed in the middle of a request.
            perror(&format!(
                "str_echo: short request ({n} of {ARGS_LEN} bytes): client closed mid-request"
            ));
            return Ok(());
        }
        let (arg1, arg2) = decode_args(&args);
        let sum = arg1.wrapping_add(arg2);
        writen(sockfd, &sum.to_ne_bytes())?;
    }
}

/// struct args { long arg1; long arg2; }, read the way C would: the bytes
/// as they are, in this host's byte order.
fn decode_args(args: &[u8; ARGS_LEN]) -> (i64, i64) {
    let mut arg1 = [0u8; 8];
    let mut arg2 = [0u8; 8];
    arg1.copy_from_slice(&args[..8]);
    arg2.copy_from_slice(&args[8..]);
    (i64::from_ne_bytes(arg1), i64::from_ne_bytes(arg2))
}
