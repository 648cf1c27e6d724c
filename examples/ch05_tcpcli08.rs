//! `ch05_tcpcli08 [IPaddress] [port]` — UNP vol. 1, chapter 5, section 5.18:
//! the client of the text "sum" server `ch05_tcpserv08`. It is the echo
//! client's `str_cli` (`ch05_tcpcli01`), except that it waits for one
//! reply *line* per line sent: it sends each line you type and prints the
//! line that comes back — the server decides what the line means.
//! Defaults: 127.0.0.1, port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch05_tcpserv08
//! terminal 2 $ cargo run --example ch05_tcpcli08
//! 11 22
//! 33
//! 3 x
//! input error: need two integers, e.g. "11 22"
//! ^D
//! ```
//!
//! Under strace (`strace -e trace=write,read target/debug/examples/ch05_tcpcli08`):
//!
//! ```text
//! read(0, "11 22\n", 8192)                = 6
//! write(3, "11 22\n", 6)                  = 6
//! read(3, "3", 1)                         = 1
//! read(3, "3", 1)                         = 1
//! read(3, "\n", 1)                        = 1
//! write(1, "33\n", 3)                     = 3
//! ```
//!
//! The lesson: with a text protocol the client needs no knowledge of the
//! numbers at all — it moves lines. Everything about their format lives
//! in one place, the server's parser.
//!
//! The C twin is `docs/c/ch05_tcpcli08.c`, written the way the book writes
//! it; `tests/fidelity_strace.rs` holds the two to the same system calls,
//! arguments included. (This client keeps its own copy of Figure 5.5's
//! `str_cli`: `socklab::str_cli` reads back at most as many bytes as it
//! sent, an echo's length, and this server's answers can be longer.)
use std::io::{BufRead, Read};

use socklab::*;

const USAGE: &str = "usage: ch05_tcpcli08 [IPaddress] [port]   (defaults: 127.0.0.1 9877)";

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
    let (host, port) = match args.as_slice() {
        [_] => ("127.0.0.1", SERV_PORT),
        [_, host] => (host.as_str(), SERV_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err(USAGE.into()),
    };

    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;
    connect(&sockfd, &servaddr)?;

    str_cli(&sockfd)?;
    exit(0); // as the book's program: exit closes sockfd
}

/// Figure 5.5's `str_cli` exactly as the book has it: a line from stdin
/// to the server, the server's line back to stdout. (socklab's
/// [`socklab::str_cli`] reads back at most as many bytes as it sent — an
/// echo is that long — but this server's answer can be longer than the
/// question, `input error: …`, so this copy reads a whole line, at most
/// MAXLINE - 1 bytes, as the book's `Readline(sockfd, recvline, MAXLINE)`.)
fn str_cli(sockfd: &Fd) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut stdin = std::io::stdin().lock();
    let mut sendline = Vec::with_capacity(MAXLINE);
    let mut recvline = [0u8; MAXLINE];
    loop {
        // fgets(sendline, MAXLINE, stdin): a line, at most MAXLINE - 1 bytes.
        sendline.clear();
        let n = (&mut stdin)
            .take(MAXLINE as u64 - 1)
            .read_until(b'\n', &mut sendline)
            .map_err(|e| format!("fgets: {e}"))?;
        if n == 0 {
            return Ok(()); // end of file on stdin: we are done
        }
        writen(sockfd, &sendline)?;
        let n = readline(sockfd, &mut recvline[..MAXLINE - 1])?;
        if n == 0 {
            return Err("str_cli: server terminated prematurely".into());
        }
        writen(std::io::stdout(), &recvline[..n])?; // fputs(recvline, stdout)
    }
}
