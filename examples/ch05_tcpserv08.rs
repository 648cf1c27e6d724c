//! `ch05_tcpserv08 [port]` — UNP vol. 1, chapter 5, section 5.18 and
//! Figure 5.17: the forking server of `ch05_tcpserv04` with a new
//! `str_echo`: each line the client sends holds two integers as *text*,
//! and the server answers with their sum, as text. Default port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch05_tcpserv08
//! listening on 0.0.0.0:9877
//!
//! terminal 2 $ cargo run --example ch05_tcpcli08
//! 11 22
//! 33
//! -22 -77
//! -99
//! 1 two
//! input error: need two integers, e.g. "11 22"
//! 9223372036854775807 1
//! input error: the sum does not fit in 64 bits
//! ^D
//! ```
//!
//! Any client that sends lines works, `nc 127.0.0.1 9877` too. A bad line
//! costs its sender one "input error" line, never the server or the
//! connection. Integers are 64-bit (`i64`); surrounding spaces are fine,
//! anything else in the line is an error.
//!
//! Under strace (`strace -f -e trace=read,write target/debug/examples/ch05_tcpserv08`)
//! the child reads the line one byte per read (`readline`) and answers
//! with one write:
//!
//! ```text
//! [pid 5201] read(4, "1", 1)              = 1
//! [pid 5201] read(4, "1", 1)              = 1
//! [pid 5201] read(4, " ", 1)              = 1
//! …
//! [pid 5201] read(4, "\n", 1)             = 1
//! [pid 5201] write(4, "33\n", 3)          = 3
//! ```
//!
//! The lesson: text is the portable way to carry numbers. Both hosts
//! agree on what "33" means whatever their byte order or word size; the
//! price is parsing, and a parser must expect garbage. (`ch05_tcpserv09`
//! shows what goes wrong with binary.)
//!
//! The C twin is `docs/c/ch05_tcpserv08.c`, written the way the book writes
//! it; `tests/fidelity_strace.rs` holds the two to the same system calls,
//! arguments included.
use std::io::Write as _;

use socklab::*;

const USAGE: &str = "usage: ch05_tcpserv08 [port]   (default: 9877)";

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

/// Figure 5.17's `str_echo`: read a line, answer with the sum or with an
/// "input error" line, until the client closes.
fn str_echo(sockfd: &Fd) -> Result<()> {
    let mut line = [0u8; MAXLINE];
    loop {
        let n = readline(sockfd, &mut line)?;
        if n == 0 {
            return Ok(()); // the client closed
        }
        let reply = match sum_of(&line[..n]) {
            Ok(sum) => format!("{sum}\n"),
            Err(why) => format!("input error: {why}\n"),
        };
        writen(sockfd, reply.as_bytes())?;
    }
}

/// The sum of the two integers on a line, or why there is none. (The
/// book uses `sscanf(line, "%ld%ld", …)`, which also accepts "1 2 junk".)
fn sum_of(line: &[u8]) -> std::result::Result<i64, &'static str> {
    let text = std::str::from_utf8(line).map_err(|_| "the line is not text (UTF-8)")?;
    let numbers: Vec<&str> = text.split_whitespace().collect();
    let [a, b] = numbers.as_slice() else {
        return Err("need two integers, e.g. \"11 22\"");
    };
    let (Ok(a), Ok(b)) = (a.parse::<i64>(), b.parse::<i64>()) else {
        return Err("need two integers, e.g. \"11 22\"");
    };
    a.checked_add(b).ok_or("the sum does not fit in 64 bits")
}
