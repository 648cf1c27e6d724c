//! `ch24_tcpsend05 [--paced] [host] [port]` — UNP chapter 24, §24.3:
//! out-of-band data while the receiver's buffer is full. It sets
//! `SO_SNDBUF` to 32768, writes 16384 bytes — more than `ch24_tcprecv05`'s
//! small receive buffer holds, so the receiver's window closes — sleeps
//! 5 seconds, sends the OOB byte `"a"` and writes 1024 bytes more.
//! Defaults: 127.0.0.1, port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch24_tcprecv05
//! listening on 0.0.0.0:9877
//! terminal 2 $ cargo run --example ch24_tcpsend05
//! wrote 16384 bytes of normal data
//! wrote 1 byte of OOB data
//! wrote 1024 bytes of normal data
//! terminal 1, a second or so later:
//! SIGURG received
//! recv: Resource temporarily unavailable (EAGAIN)
//! ```
//!
//! `--paced` replaces the `sleep(5)` by a line on standard input: the
//! tests send it once the receiver's buffer is full.
//!
//! Under strace (`strace -e trace=setsockopt,write,sendto target/debug/examples/ch24_tcpsend05`):
//!
//! ```text
//! setsockopt(3, SOL_SOCKET, SO_SNDBUF, [32768], 4) = 0
//! write(3, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"..., 16384) = 16384
//! sendto(3, "a", 1, MSG_OOB, NULL, 0)     = 1
//! write(3, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"..., 1024) = 1024
//! ```
//!
//! The lesson: the *notification* of urgent data travels even when the
//! data cannot — the sending TCP puts the urgent pointer in the window
//! probes it sends to the closed window, and the receiver gets SIGURG;
//! the byte itself is still in this side's send buffer, so the
//! receiver's `recv(MSG_OOB)` fails with EWOULDBLOCK (EAGAIN). All the
//! writes succeed: they only fill this side's (large) send buffer.
//!
//! C twin: `docs/c/ch24_tcpsend05.c`; the book's `Tcp_connect` is
//! socklab's [`tcp_connect`].

use socklab::*;

const USAGE: &str = "usage: ch24_tcpsend05 [--paced] [host] [port]   (defaults: 127.0.0.1 9877)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

/// `[--paced] [host] [port]`: the host and port to connect to, and whether
/// to pace by standard input.
fn parse_args() -> std::result::Result<(Fd, bool), Box<dyn std::error::Error>> {
    let args = args()?;
    let mut rest: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let paced = rest.first() == Some(&"--paced");
    if paced {
        rest.remove(0);
    }
    let (host, port) = match rest.as_slice() {
        [] => ("127.0.0.1", "9877"),
        [host] => (*host, "9877"),
        [host, port] => (*host, *port),
        _ => return Err(USAGE.into()),
    };
    Ok((tcp_connect(host, port)?, paced))
}

/// The book's `sleep(sec)` between two steps; with `--paced` (how the
/// tests drive it, one step at a time) a line on standard input instead
/// (end of input: no more waiting).
fn pace(paced: bool, sec: u32) -> Result<()> {
    if paced {
        let mut line = Vec::new();
        stdio::fgets(&mut line, &mut std::io::stdin().lock())?;
    } else {
        sleep(sec);
    }
    Ok(())
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let (sockfd, paced) = parse_args()?;

    let size: c_int = 32768;
    setsockopt(&sockfd, SOL_SOCKET, SO_SNDBUF, &size)?;

    let buff = [0u8; 16384]; // the bytes do not matter
    write(&sockfd, &buff)?;
    printf!("wrote 16384 bytes of normal data\n")?;
    pace(paced, 5)?;

    send(&sockfd, b"a", MSG_OOB)?;
    printf!("wrote 1 byte of OOB data\n")?;

    write(&sockfd, &buff[..1024])?;
    printf!("wrote 1024 bytes of normal data\n")?;

    exit(0);
}
