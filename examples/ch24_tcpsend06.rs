//! `ch24_tcpsend06 [host] [port]` — UNP chapter 24, §24.3: two out-of-band
//! bytes in a row: `"123"`, OOB `"4"`, `"5"`, OOB `"6"`, `"7"`, for
//! `ch24_tcprecv06`. Defaults: 127.0.0.1, port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch24_tcprecv06
//! listening on 0.0.0.0:9877
//! terminal 2 $ cargo run --example ch24_tcpsend06
//! wrote 3 bytes of normal data
//! wrote 1 byte of OOB data
//! wrote 1 byte of normal data
//! wrote 1 byte of OOB data
//! wrote 1 byte of normal data
//! terminal 1, five seconds later:
//! read 5 bytes: 12345
//! at OOB mark
//! read 2 bytes: 67
//! received EOF
//! ```
//!
//! Under strace (`strace -e trace=write,sendto target/debug/examples/ch24_tcpsend06`):
//!
//! ```text
//! write(3, "123", 3)      = 3
//! sendto(3, "4", 1, MSG_OOB, NULL, 0)     = 1
//! write(3, "5", 1)        = 1
//! sendto(3, "6", 1, MSG_OOB, NULL, 0)     = 1
//! write(3, "7", 1)        = 1
//! ```
//!
//! The lesson: TCP has one urgent pointer. The second `MSG_OOB` moves it
//! to the `6`, and the first mark is gone: the receiver's first read
//! returns `12345` (the `4` is ordinary data now) and stops at the one
//! mark left.
//!
//! C twin: `docs/c/ch24_tcpsend06.c`; the book's `Tcp_connect` is socklab's
//! [`tcp_connect`].

use socklab::*;

const USAGE: &str = "usage: ch24_tcpsend06 [host] [port]   (defaults: 127.0.0.1 9877)";

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
    send(&sockfd, b"6", MSG_OOB)?;
    printf!("wrote 1 byte of OOB data\n")?;
    write(&sockfd, b"7")?;
    printf!("wrote 1 byte of normal data\n")?;

    exit(0);
}
