//! `ch01_daytimetcpcli1 [IPaddress] [port]` — UNP vol. 1, chapter 1 (the
//! chapter's exercise 1.5 on TCP record boundaries): the daytime client,
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
//!
//! The C twin is `docs/c/ch01_daytimetcpcli1.c`, written the way the book
//! writes it; `tests/fidelity_strace.rs` holds the two to the same system
//! calls, arguments included.
use socklab::*;

/// The well-known daytime port (RFC 867).
const DAYTIME_PORT: u16 = 13;
const USAGE: &str = "usage: ch01_daytimetcpcli1 [IPaddress] [port]   (defaults: 127.0.0.1 13)";

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
    let mut counter = 0;
    loop {
        let n = read(&sockfd, &mut recvline)?;
        if n == 0 {
            break; // the server closed the connection: the answer is complete
        }
        counter += 1; // one more read that returned data
        // fputs(recvline, stdout): one write(1, …) per read.
        writen(std::io::stdout(), &recvline[..n])?;
    }
    printf!("counter = {counter}\n")?;
    exit(0); // as the book's program: exit closes sockfd
}
