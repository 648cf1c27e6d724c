//! `ch01_daytimetcpsrv2 [port]` — UNP vol. 1, chapter 1 (section 1.2's
//! remark on TCP and record boundaries, and the chapter's exercise that
//! tests it): the daytime server, but it sends its 26-byte answer with 26
//! separate `write` calls of one byte each. Default port 13 (needs root;
//! use a high port). Its client is `ch01_daytimetcpcli1`, which counts
//! its reads.
//!
//! ```text
//! terminal 1 $ cargo run --example ch01_daytimetcpsrv2 1313
//! listening on 0.0.0.0:1313
//!
//! terminal 2 $ cargo run --example ch01_daytimetcpcli1 127.0.0.1 1313
//! Fri Nov 21 10:15:02 2025
//! counter = 4                      <- anything from 1 to 26
//! ```
//!
//! Under strace (`strace -e trace=accept,write,close
//! target/debug/examples/ch01_daytimetcpsrv2 1313`) the server always
//! makes 26 writes:
//!
//! ```text
//! accept(3, NULL, NULL)                   = 4
//! close(5)                                = 0      <- ctime read /etc/localtime (first client only)
//! write(4, "F", 1)                        = 1
//! write(4, "r", 1)                        = 1
//! …                                       (24 more)
//! write(4, "\n", 1)                       = 1
//! close(4)                                = 0
//! ```
//!
//! The lesson: TCP carries a stream of bytes, not the writes that produced
//! them. How many reads the client needs depends on timing (how far the
//! server got before the client's read ran), never on how many writes the
//! server made — so a reader must loop until it has what it needs.
//!
//! The C twin is `docs/c/ch01_daytimetcpsrv2.c`, written the way the book
//! writes it; `tests/fidelity_strace.rs` holds the two to the same system
//! calls, arguments included.
use socklab::*;

/// The well-known daytime port (RFC 867).
const DAYTIME_PORT: u16 = 13;
const USAGE: &str = "usage: ch01_daytimetcpsrv2 [port]   (default: 13)";

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
        [_] => DAYTIME_PORT,
        [_, port] => parse_port(port)?,
        _ => return Err(USAGE.into()),
    };

    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    bind(&listenfd, &servaddr).map_err(|e| explain_bind(e, port))?;
    listen(&listenfd, LISTENQ)?;
    // Where it really listens: with port 0, the port the kernel chose.
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;

    loop {
        let connfd = accept_null(&listenfd)?;
        let ticks = time();
        let buff = format!("{:.24}\r\n", ctime(ticks)?);
        // One write(2) per byte: the most writes a 26-byte answer can take.
        for byte in buff.as_bytes() {
            write(&connfd, std::slice::from_ref(byte))?;
        }
        close(connfd)?;
    }
}

/// bind's error, with the hint a student needs for EACCES on a low port.
fn explain_bind(e: Error, port: u16) -> Box<dyn std::error::Error> {
    if e.errno() == Some(Errno::EACCES) && port < 1024 {
        format!(
            "{e}: ports below 1024 need privileges (root or CAP_NET_BIND_SERVICE); \
             use a high port, e.g. `ch01_daytimetcpsrv2 1313`"
        )
        .into()
    } else {
        e.into()
    }
}
