//! `ch01_daytimetcpcli [IPaddress] [port]` — UNP vol. 1, chapter 1, Figure 1.5:
//! the simple daytime client. It connects to a daytime server, reads
//! until the server closes the connection, and copies what it read to
//! standard output. Defaults: host 127.0.0.1, port 13 (the daytime port).
//!
//! Run it with the daytime server, two terminals (port 13 needs root, so
//! use a high port):
//!
//! ```text
//! terminal 1 $ cargo run --example ch01_daytimetcpsrv 1313
//! listening on 0.0.0.0:1313
//!
//! terminal 2 $ cargo run --example ch01_daytimetcpcli 127.0.0.1 1313
//! Fri Nov 21 10:15:02 2025
//! ```
//!
//! The C twin is `docs/c/ch01_daytimetcpcli.c`; it talks to either server.
//! With no server running you get `connect: Connection refused (ECONNREFUSED)`.
//! The address is a dotted IPv4 address, converted by `inet_pton` as in
//! the book — no name lookup: `ch01_daytimetcpcli 999.1.1.1` fails at once
//! with `inet_pton: "999.1.1.1" is not a valid AF_INET address`.
//!
//! Under strace (`strace -e trace=socket,connect,read,write,close,exit_group
//! target/debug/examples/ch01_daytimetcpcli 127.0.0.1 1313`):
//!
//! ```text
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! connect(3, {sa_family=AF_INET, sin_port=htons(1313), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! read(3, "Fri Nov 21 10:15:02 2025\r\n", 4096) = 26
//! write(1, "Fri Nov 21 10:15:02 2025\r\n", 26) = 26
//! read(3, "", 4096)                       = 0
//! exit_group(0)                           = ?      <- exit closes 3
//! ```
//!
//! The lesson: a TCP client is socket + connect + read until read returns
//! 0, which is how the server says "I closed the connection". The loop
//! matters: TCP delivers a byte stream, not messages, so one `write` by
//! the server may take several `read`s here (see `ch01_daytimetcpcli1`).
use socklab::*;

/// The well-known daytime port (RFC 867).
const DAYTIME_PORT: u16 = 13;
const USAGE: &str = "usage: ch01_daytimetcpcli [IPaddress] [port]   (defaults: 127.0.0.1 13)";

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
        [_] => ("127.0.0.1", DAYTIME_PORT),
        [_, host] => (host.as_str(), DAYTIME_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err(USAGE.into()),
    };

    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    // The C way, field by field: family, port (network byte order), address.
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    // A dotted address only: no name lookup ("999.1.1.1" fails here).
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;
    connect(&sockfd, &servaddr)?;

    let mut recvline = [0u8; MAXLINE];
    loop {
        let n = read(&sockfd, &mut recvline)?;
        if n == 0 {
            break; // the server closed the connection: the answer is complete
        }
        // fputs(recvline, stdout): one write(1, …) per read.
        writen(std::io::stdout(), &recvline[..n])?;
    }
    exit(0); // as the book's program: exit closes sockfd
}
