//! `ch01_daytimetcpcli1 [host] [port]` — UNP vol. 1, chapter 1 (the
//! chapter's exercise on TCP record boundaries): the daytime client,
//! counting how many `read` calls returned data, and printing the count
//! after the answer. Defaults: 127.0.0.1, port 13.
//!
//! Run it against `ch01_daytimetcpsrv2`, which writes its answer one byte
//! at a time, and then against `ch01_daytimetcpsrv`, which writes it once:
//!
//! ```text
//! terminal 1 $ cargo run --example ch01_daytimetcpsrv2 1313
//! terminal 2 $ cargo run --example ch01_daytimetcpcli1 127.0.0.1 1313
//! Fri Nov 21 10:15:02 2025
//! counter = 4                      <- varies from run to run: 1 to 26
//! ```
//!
//! Under strace (`strace -e trace=read target/debug/examples/ch01_daytimetcpcli1
//! 127.0.0.1 1313`, with the server itself started under strace too —
//! `strace -e trace=write target/debug/examples/ch01_daytimetcpsrv2 1313` —
//! which slows its writes down, so the bytes trickle in) you see the reads
//! the counter counted, each taking whatever had arrived so far — this run
//! printed `counter = 13`:
//!
//! ```text
//! read(3, "S", 4096)                      = 1
//! read(3, "a", 4096)                      = 1
//! read(3, "t", 4096)                      = 1
//! read(3, " ", 4096)                      = 1
//! read(3, "N", 4096)                      = 1
//! read(3, "ov", 4096)                     = 2
//! …
//! read(3, "2:", 4096)                     = 2
//! read(3, "03 2026\r\n", 4096)            = 9
//! read(3, "", 4096)                       = 0
//! ```
//!
//! The lesson: the number of reads is not the number of writes. With the
//! one-byte writes an idle machine often gives `counter = 1` (the server
//! wrote all 26 bytes before the client woke up), a busy one or strace
//! anything up to 26; with a single write on loopback it is one. Code
//! that assumes "one read = one message" works in the lab and fails on a
//! real network.

use socklab::*;

/// The well-known daytime port (RFC 867).
const DAYTIME_PORT: u16 = 13;
const USAGE: &str = "usage: ch01_daytimetcpcli1 [host] [port]   (defaults: 127.0.0.1 13)";

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
    let servaddr = resolve_ipv4(host, port)?;

    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    connect(&sockfd, &servaddr)?;

    let mut recvline = [0u8; MAXLINE];
    let mut counter = 0;
    loop {
        let n = read(&sockfd, &mut recvline)?;
        if n == 0 {
            break;
        }
        counter += 1; // one more read that returned data
        stdio::fputs(&recvline[..n], std::io::stdout())?;
    }
    close(sockfd)?;
    printf!("counter = {counter}\n")?;
    Ok(())
}
