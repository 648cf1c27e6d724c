//! `ch24_tcpsend04 [host] [port]` — UNP chapter 24, §24.3: `"123"`, the
//! out-of-band byte `"4"`, then `"5"`, all at once, for `ch24_tcprecv04`
//! (`SO_OOBINLINE` and `sockatmark`). Defaults: 127.0.0.1, port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch24_tcprecv04
//! listening on 0.0.0.0:9877
//! terminal 2 $ cargo run --example ch24_tcpsend04
//! wrote 3 bytes of normal data
//! wrote 1 byte of OOB data
//! wrote 1 byte of normal data
//! terminal 1, five seconds later:
//! read 3 bytes: 123
//! at OOB mark
//! read 2 bytes: 45
//! received EOF
//! ```
//!
//! Under strace (`strace -e trace=write,sendto target/debug/examples/ch24_tcpsend04`):
//!
//! ```text
//! write(3, "123", 3)      = 3
//! sendto(3, "4", 1, MSG_OOB, NULL, 0)     = 1
//! write(3, "5", 1)        = 1
//! ```
//!
//! The lesson is the receiver's: with `SO_OOBINLINE` the urgent byte
//! stays in the stream, and a read stops at the mark, just before it.
//!
//! C twin: `docs/c/ch24_tcpsend04.c`; the book's `Tcp_connect` is socklab's
//! [`tcp_connect`].

use socklab::*;

const USAGE: &str = "usage: ch24_tcpsend04 [host] [port]   (defaults: 127.0.0.1 9877)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (host, port) = match args.as_slice() {
        [_] => ("127.0.0.1", "9877"),
        [_, host] => (host.as_str(), "9877"),
        [_, host, port] => (host.as_str(), port.as_str()),
        _ => return Err(USAGE.into()),
    };
    let sockfd = tcp_connect(host, port)?;

    write(&sockfd, b"123")?;
    printf!("wrote 3 bytes of normal data\n")?;
    send(&sockfd, b"4", MSG_OOB)?;
    printf!("wrote 1 byte of OOB data\n")?;
    write(&sockfd, b"5")?;
    printf!("wrote 1 byte of normal data\n")?;

    exit(0);
}
