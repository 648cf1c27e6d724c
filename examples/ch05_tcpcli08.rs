//! `ch05_tcpcli08 [host] [port]` — UNP vol. 1, chapter 5, section 5.18:
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
use std::io::{BufRead, Read};

use socklab::*;

const USAGE: &str = "usage: ch05_tcpcli08 [host] [port]   (defaults: 127.0.0.1 9877)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let (host, port) = match args.as_slice() {
        [_] => ("127.0.0.1", SERV_PORT),
        [_, host] => (host.as_str(), SERV_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err(USAGE.into()),
    };
    let servaddr = resolve_ipv4(host, port)?;

    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    connect(&sockfd, &servaddr)?;
    str_cli(&sockfd)?;
    close(sockfd)?;
    Ok(())
}

/// The book's `str_cli`: a line from stdin to the server, the echo to stdout.
fn str_cli(sockfd: &Fd) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut stdin = std::io::stdin().lock();
    let mut sendline = Vec::new();
    let mut recvline = [0u8; MAXLINE];
    loop {
        sendline.clear();
        // Like fgets(sendline, MAXLINE, stdin): up to a newline, at most
        // MAXLINE - 1 bytes (a longer line goes out in pieces).
        let n = (&mut stdin)
            .take(MAXLINE as u64 - 1)
            .read_until(b'\n', &mut sendline)
            .map_err(|e| format!("stdin: {e}"))?;
        if n == 0 {
            return Ok(()); // end of file on stdin: we are done
        }
        // The server answers whole lines only: a last line without a
        // newline (or a piece of a very long line) gets one, or both
        // sides would wait for each other forever.
        if sendline.last() != Some(&b'\n') {
            sendline.push(b'\n');
        }
        writen(sockfd, &sendline)?;

        let n = readline(sockfd, &mut recvline)?;
        if n == 0 {
            return Err("str_cli: server terminated prematurely".into());
        }
        stdio::fputs(&recvline[..n], std::io::stdout())?;
    }
}
