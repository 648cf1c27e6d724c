//! `ch05_tcpcli09 [--swap] [IPaddress] [port]` — UNP vol. 1, chapter 5, section
//! 5.18 and Figure 5.19: the client of the binary "sum" server
//! `ch05_tcpserv09`. For each line with two integers it sends them as a
//! 16-byte binary structure (two `i64` in this host's byte order) and
//! prints the 8-byte sum that comes back. Defaults: 127.0.0.1, port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch05_tcpserv09
//! terminal 2 $ cargo run --example ch05_tcpcli09
//! 11 22
//! 33
//! -22 -77
//! -99
//! eleven 22
//! invalid input "eleven 22": need two integers, e.g. "11 22"
//! ^D
//! ```
//!
//! A line that is not two integers costs one line on stderr and is not
//! sent; the client goes on with the next line.
//!
//! `--swap` makes this client behave like a host of the *other* byte
//! order (it swaps the bytes of each number it sends and of the sum it
//! reads), so one machine can show the byte-order trap:
//!
//! ```text
//! $ cargo run --example ch05_tcpcli09 -- --swap
//! sending in the other byte order, as a host of the opposite endianness would
//! 1 2
//! 3                                 <- looks right: no carry crossed a byte
//! -22 -77
//! -72057594037928034                <- the server added the wrong numbers
//! ```
//!
//! Under strace (`strace -e trace=read,write target/debug/examples/ch05_tcpcli09`):
//!
//! ```text
//! read(0, "11 22\n", 8192)                = 6
//! write(3, "\v\0\0\0\0\0\0\0\26\0\0\0\0\0\0\0", 16) = 16
//! read(3, "!\0\0\0\0\0\0\0", 8)           = 8
//! write(1, "33\n", 3)                     = 3
//! ```
//!
//! The lesson: the client and the server must agree on the *bytes*, not
//! just on "two integers": byte order, size and layout are part of a
//! binary protocol, and nothing checks them for you.
//!
//! The C twin is `docs/c/ch05_tcpcli09.c`, written the way the book writes
//! it; `tests/fidelity_strace.rs` holds the two to the same system calls,
//! arguments included.
use std::io::{BufRead, Read};

use socklab::*;

const USAGE: &str = "usage: ch05_tcpcli09 [--swap] [IPaddress] [port]   (defaults: 127.0.0.1 9877)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = args()?.into_iter().skip(1).collect(); // not UTF-8: an error
    let (swap, rest) = match args.split_first() {
        Some((flag, rest)) if flag == "--swap" => (true, rest),
        _ => (false, args.as_slice()),
    };
    let (host, port) = match rest {
        [] => ("127.0.0.1", SERV_PORT),
        [host] => (host.as_str(), SERV_PORT),
        [host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err(USAGE.into()),
    };

    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;
    connect(&sockfd, &servaddr)?;
    if swap {
        printf!("sending in the other byte order, as a host of the opposite endianness would\n")?;
    }
    str_cli(&sockfd, swap)?;
    exit(0); // as the book's program: exit closes sockfd
}

/// Figure 5.19's `str_cli`: a line of two integers in, their sum out.
fn str_cli(sockfd: &Fd, swap: bool) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut stdin = std::io::stdin().lock();
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = (&mut stdin)
            .take(MAXLINE as u64 - 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("stdin: {e}"))?;
        if n == 0 {
            return Ok(());
        }
        let Some((arg1, arg2)) = two_integers(&line) else {
            let text = String::from_utf8_lossy(&line);
            let bad = format!(
                "invalid input {:?}: need two integers, e.g. \"11 22\"\n",
                text.trim_end()
            );
            eprint!("{bad}");
            continue;
        };
        writen(sockfd, &encode_args(arg1, arg2, swap))?;

        let mut result = [0u8; 8];
        if readn(sockfd, &mut result)? < result.len() {
            return Err("str_cli: server terminated prematurely".into());
        }
        let sum = i64::from_ne_bytes(result);
        let sum = if swap { sum.swap_bytes() } else { sum };
        printf!("{sum}\n")?;
    }
}

/// The two integers on a line, if that is what it holds.
fn two_integers(line: &[u8]) -> Option<(i64, i64)> {
    let text = std::str::from_utf8(line).ok()?;
    let numbers: Vec<&str> = text.split_whitespace().collect();
    let [a, b] = numbers.as_slice() else {
        return None;
    };
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// struct args { long arg1; long arg2; } as C would send it: the bytes as
/// they lie in memory. With `swap`, in the opposite byte order.
fn encode_args(arg1: i64, arg2: i64, swap: bool) -> [u8; 16] {
    let (arg1, arg2) = if swap {
        (arg1.swap_bytes(), arg2.swap_bytes())
    } else {
        (arg1, arg2)
    };
    let mut args = [0u8; 16];
    args[..8].copy_from_slice(&arg1.to_ne_bytes());
    args[8..].copy_from_slice(&arg2.to_ne_bytes());
    args
}
