//! `ch14_daytimetcpcli [IPaddress] [port]` — UNP chapter 14, sections
//! 14.7–14.8 (`MSG_PEEK` and `FIONREAD`): the daytime client of chapter 1
//! that first asks how much is queued — once by peeking at the data
//! (`recv(…, MSG_PEEK)`, which leaves it in the socket), once by asking the
//! kernel (`ioctl(FIONREAD)`) — and only then reads it.
//!
//! Run it with a daytime server (port 13 needs root, so use a high port):
//!
//! ```text
//! terminal 1 $ cargo run --example ch01_daytimetcpsrv 1313
//! listening on 0.0.0.0:1313
//!
//! terminal 2 $ cargo run --example ch14_daytimetcpcli 127.0.0.1 1313
//! 26 bytes from PEEK, 26 bytes pending
//! Fri Nov 21 10:15:02 2025
//! ```
//!
//! Under strace (`cargo build --example ch14_daytimetcpcli` first):
//!
//! ```text
//! $ strace -e trace=connect,recvfrom,ioctl,read target/debug/examples/ch14_daytimetcpcli 127.0.0.1 1313
//! connect(3, {sa_family=AF_INET, sin_port=htons(1313), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! recvfrom(3, "Fri Nov 21 10:15:02 2025\r\n", 4096, MSG_PEEK, NULL, NULL) = 26
//! ioctl(3, FIONREAD, [26])                = 0
//! read(3, "Fri Nov 21 10:15:02 2025\r\n", 4096) = 26
//! recvfrom(3, "", 4096, MSG_PEEK, NULL, NULL) = 0
//! ```
//!
//! With no server: `connect: Connection refused (ECONNREFUSED)`.
//!
//! The lesson: `MSG_PEEK` returns the data and leaves it queued, so the
//! next read gets it again; `FIONREAD` says how many bytes wait without
//! touching them. Both say only what has *arrived* — more may come.
//! C twin: `docs/c/ch14_daytimetcpcli.c`.
use socklab::*;

/// The well-known daytime port (RFC 867).
const DAYTIME_PORT: u16 = 13;
const USAGE: &str = "usage: ch14_daytimetcpcli [IPaddress] [port]   (defaults: 127.0.0.1 13)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (host, port) = match args.as_slice() {
        [_] => ("127.0.0.1", DAYTIME_PORT),
        [_, host] => (host.as_str(), DAYTIME_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err(USAGE.into()),
    };

    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;
    connect(&sockfd, &servaddr)?;

    let mut recvline = [0u8; MAXLINE];
    loop {
        // Look without taking: the bytes stay in the socket.
        let n = recv(&sockfd, &mut recvline, MSG_PEEK)?;
        if n == 0 {
            break; // the server closed the connection
        }
        let npend = ioctl(&sockfd, FIONREAD)?; // and how many wait
        printf!("{n} bytes from PEEK, {npend} bytes pending\n")?;
        // Now take them: the same bytes again.
        let n = read(&sockfd, &mut recvline)?;
        writen(std::io::stdout(), &recvline[..n])?;
    }
    exit(0);
}
