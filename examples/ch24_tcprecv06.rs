//! `ch24_tcprecv06 [--paced] [[host] port]` — UNP chapter 24, §24.3: the
//! receiver of `ch24_tcprecv04` (`SO_OOBINLINE`, `sockatmark`) for
//! `ch24_tcpsend06`, which sends two out-of-band bytes in a row. Default
//! port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch24_tcprecv06
//! listening on 0.0.0.0:9877
//! terminal 2 $ cargo run --example ch24_tcpsend06
//! terminal 1, five seconds later:
//! read 5 bytes: 12345
//! at OOB mark
//! read 2 bytes: 67
//! received EOF
//! ```
//!
//! It sleeps 5 seconds after `accept` so that everything the sender
//! wrote has arrived before the first read; `--paced` waits for a line on
//! standard input instead (how the tests make that certain).
//!
//! Under strace (`strace -e trace=setsockopt,ioctl,read target/debug/examples/ch24_tcprecv06`):
//!
//! ```text
//! setsockopt(3, SOL_SOCKET, SO_OOBINLINE, [1], 4) = 0
//! ioctl(4, SIOCATMARK, [0])               = 0
//! read(4, "12345", 99)                    = 5
//! ioctl(4, SIOCATMARK, [1])               = 0
//! read(4, "67", 99)                       = 2
//! ```
//!
//! The lesson: only one mark survives, the last — TCP has one urgent
//! pointer, and the second `MSG_OOB` moved it from the `4` to the `6`.
//! The first read returns `12345` and stops there.
//!
//! C twin: `docs/c/ch24_tcprecv06.c`; the book's `Tcp_listen` is socklab's
//! [`tcp_listen`], its `Sockatmark` socklab's [`sockatmark`] (glibc's:
//! `ioctl(SIOCATMARK)`).

use socklab::*;

const USAGE: &str = "usage: ch24_tcprecv06 [--paced] [[host] port]   (default port: 9877)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

/// `[[host] port]`: tcp_listen, then the line that says where.
fn listen_from_args(args: &[String]) -> std::result::Result<Fd, Box<dyn std::error::Error>> {
    let (listenfd, _addrlen) = match args {
        [_] => tcp_listen(None, "9877")?,
        [_, port] => tcp_listen(None, port)?,
        [_, host, port] => tcp_listen(Some(host), port)?,
        _ => return Err(USAGE.into()),
    };
    printf!("listening on {}\n", sock_ntop(&getsockname(&listenfd)?))?;
    Ok(listenfd)
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut args = args()?;
    let paced = args.get(1).is_some_and(|a| a == "--paced");
    if paced {
        args.remove(1);
    }
    let listenfd = listen_from_args(&args)?;
    setsockopt(&listenfd, SOL_SOCKET, SO_OOBINLINE, &1)?;

    let connfd = accept_null(&listenfd)?;
    pace(paced, 5)?; // let all the data from the sender arrive

    let mut buff = [0u8; 100];
    loop {
        if sockatmark(&connfd)? {
            printf!("at OOB mark\n")?;
        }
        let n = read(&connfd, &mut buff[..99])?; // sizeof(buff) - 1
        if n == 0 {
            printf!("received EOF\n")?;
            exit(0);
        }
        printf!("read {n} bytes: {}\n", String::from_utf8_lossy(&buff[..n]))?;
    }
}

/// The book's `sleep(5)`; with `--paced` a line on standard input
/// instead (end of input: no more waiting).
fn pace(paced: bool, sec: u32) -> Result<()> {
    if paced {
        let mut line = Vec::new();
        stdio::fgets(&mut line, &mut std::io::stdin().lock())?;
    } else {
        sleep(sec);
    }
    Ok(())
}
