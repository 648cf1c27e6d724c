//! `ch05_tcpcli01 [host] [port]` — UNP vol. 1, chapter 5, Figures 5.4–5.5:
//! the TCP echo client. `str_cli` reads a line from standard input, sends
//! it (`writen`), reads the echoed line back (`readline`) and prints it,
//! until end of file on standard input (Ctrl-D). Defaults: 127.0.0.1,
//! port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch05_tcpserv01
//! terminal 2 $ cargo run --example ch05_tcpcli01
//! hello, world
//! hello, world
//! ^D
//! ```
//!
//! Now the lesson of section 5.12: start a client, type a line, then kill
//! the server's *child* (`kill <pid>`; find it with `ps --ppid`). Type
//! another line: the write succeeds (the server's TCP answers it with
//! RST), and `readline` returns 0 because the child's FIN arrived long
//! ago — the client prints `str_cli: server terminated prematurely` and
//! exits with status 1. The C twin is `docs/c/ch05_tcpcli01.c`.
//!
//! Under strace (`strace -e trace=socket,connect,read,write,close
//! target/debug/examples/ch05_tcpcli01`), one line:
//!
//! ```text
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! connect(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! read(0, "hi\n", 8192)                   = 3      <- the terminal
//! write(3, "hi\n", 3)                     = 3
//! read(3, "h", 1)                         = 1      <- readline: one byte per read
//! read(3, "i", 1)                         = 1
//! read(3, "\n", 1)                        = 1
//! write(1, "hi\n", 3)                     = 3
//! read(0, "", 8192)                       = 0      <- Ctrl-D
//! close(3)                                = 0
//! ```
//!
//! The lesson: the client is blocked in one input at a time. While it
//! waits for the terminal it cannot notice that the server went away; it
//! learns only when it next uses the socket (chapter 6's `select` fixes
//! that).
use std::io::{BufRead, Read};

use socklab::*;

const USAGE: &str = "usage: ch05_tcpcli01 [host] [port]   (defaults: 127.0.0.1 9877)";

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
        writen(sockfd, &sendline)?;

        // The echo is exactly as long as what we sent: read a line, but
        // never wait for more than that many bytes (a last line without a
        // newline, or a piece of a long line, would otherwise wait forever).
        let n = readline(sockfd, &mut recvline[..sendline.len()])?;
        if n == 0 {
            return Err("str_cli: server terminated prematurely".into());
        }
        stdio::fputs(&recvline[..n], std::io::stdout())?;
    }
}
