//! `ch24_tcpsend01 [--paced] [host] [port]` — UNP chapter 24, §24.2: the
//! sender of out-of-band data. It writes `"123"`, sends `"4"` with
//! `MSG_OOB`, writes `"56"`, sends `"7"` with `MSG_OOB`, writes `"89"`,
//! sleeping a second after each step. Defaults: 127.0.0.1, port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch24_tcprecv01
//! listening on 0.0.0.0:9877
//! terminal 2 $ cargo run --example ch24_tcpsend01
//! wrote 3 bytes of normal data
//! wrote 1 byte of OOB data
//! wrote 2 bytes of normal data
//! wrote 1 byte of OOB data
//! wrote 2 bytes of normal data
//! ```
//!
//! The receivers show what arrives: `ch24_tcprecv01` (SIGURG),
//! `ch24_tcprecv02` and `ch24_tcprecv03` (select's exception set).
//! `--paced` replaces each `sleep(1)` by a line on standard input (press
//! Enter for the next step): how the tests drive it, one step at a time,
//! watching the receiver between steps.
//!
//! Under strace (`strace -e trace=write,sendto target/debug/examples/ch24_tcpsend01`):
//!
//! ```text
//! write(3, "123", 3)                      = 3
//! sendto(3, "4", 1, MSG_OOB, NULL, 0)     = 1
//! write(3, "56", 2)                       = 2
//! sendto(3, "7", 1, MSG_OOB, NULL, 0)     = 1
//! write(3, "89", 2)                       = 2
//! ```
//!
//! The lesson: TCP's "out-of-band" data is one byte, sent *in* the stream
//! with the urgent pointer pointing at it; the receiving kernel pulls the
//! byte out and tells the process (SIGURG, select's exception set). C
//! twin: `docs/c/ch24_tcpsend01.c`; the book's `Tcp_connect` is socklab's
//! [`tcp_connect`].

use socklab::*;

const USAGE: &str = "usage: ch24_tcpsend01 [--paced] [host] [port]   (defaults: 127.0.0.1 9877)";

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

    write(&sockfd, b"123")?;
    printf!("wrote 3 bytes of normal data\n")?;
    pace(paced, 1)?;

    send(&sockfd, b"4", MSG_OOB)?;
    printf!("wrote 1 byte of OOB data\n")?;
    pace(paced, 1)?;

    write(&sockfd, b"56")?;
    printf!("wrote 2 bytes of normal data\n")?;
    pace(paced, 1)?;

    send(&sockfd, b"7", MSG_OOB)?;
    printf!("wrote 1 byte of OOB data\n")?;
    pace(paced, 1)?;

    write(&sockfd, b"89")?;
    printf!("wrote 2 bytes of normal data\n")?;
    pace(paced, 1)?;

    exit(0);
}
