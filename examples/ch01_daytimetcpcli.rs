//! `ch01_daytimetcpcli [host] [port]` — UNP vol. 1, chapter 1, Figure 1.5:
//! the simple daytime client. It connects to a daytime server, reads
//! until the server closes the connection, and copies what it read to
//! standard output. Defaults: host 127.0.0.1, port 13 (the daytime port).
//!
//! Run it with the daytime server, two terminals (port 13 needs root, so
//! use a high port):
//!
//! ```text
//! terminal 1 $ cargo run --example ch01_daytimetcpsrv 1313
//! listening on port 1313
//!
//! terminal 2 $ cargo run --example ch01_daytimetcpcli 127.0.0.1 1313
//! Fri Nov 21 10:15:02 2025
//! ```
//!
//! The C twin is `docs/c/ch01_daytimetcpcli.c`; it talks to either server.
//! With no server running you get `connect: Connection refused (ECONNREFUSED)`.
//!
//! Under strace (`strace -e trace=socket,connect,read,write,close
//! target/debug/examples/ch01_daytimetcpcli 127.0.0.1 1313`):
//!
//! ```text
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! connect(3, {sa_family=AF_INET, sin_port=htons(1313), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! read(3, "Fri Nov 21 10:15:02 2025\r\n", 4096) = 26
//! write(1, "Fri Nov 21 10:15:02 2025\r\n", 26) = 26
//! read(3, "", 4096)                       = 0
//! close(3)                                = 0
//! ```
//!
//! The lesson: a TCP client is socket + connect + read until read returns
//! 0, which is how the server says "I closed the connection". The loop
//! matters: TCP delivers a byte stream, not messages, so one `write` by
//! the server may take several `read`s here (see `ch01_daytimetcpcli1`).

use socklab::*;

/// The well-known daytime port (RFC 867).
const DAYTIME_PORT: u16 = 13;
const USAGE: &str = "usage: ch01_daytimetcpcli [host] [port]   (defaults: 127.0.0.1 13)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let (host, port) = match args.as_slice() {
        [_] => ("127.0.0.1", DAYTIME_PORT),
        [_, host] => (host.as_str(), DAYTIME_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err(USAGE.into()),
    };
    // The address first (a dotted address needs no system call), so a
    // typo is reported before any socket exists.
    let servaddr = resolve_ipv4(host, port)?;

    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    connect(&sockfd, &servaddr)?;

    let mut recvline = [0u8; MAXLINE];
    loop {
        let n = read(&sockfd, &mut recvline)?;
        if n == 0 {
            break; // the server closed the connection: the answer is complete
        }
        // One write(1, …) per read, whatever the bytes are (text or not).
        stdio::fputs(&recvline[..n], std::io::stdout())?;
    }
    close(sockfd)?;
    Ok(())
}
