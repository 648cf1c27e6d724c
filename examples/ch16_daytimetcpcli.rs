//! `ch16_daytimetcpcli [IPaddress] [port]` — UNP chapter 16, section
//! 16.4: the daytime client of Figure 1.5 connecting with the book's
//! [`connect_nonb`] (Figure 16.11): a **nonblocking connect**, `select`
//! for its result with a time limit (5 seconds here), and
//! `getsockopt(SO_ERROR)` to learn whether it worked.
//!
//! Run it with a daytime server (port 13 needs root, so use a high port):
//!
//! ```text
//! terminal 1 $ cargo run --example ch01_daytimetcpsrv 1313
//! listening on 0.0.0.0:1313
//!
//! terminal 2 $ cargo run --example ch16_daytimetcpcli 127.0.0.1 1313
//! Fri Nov 21 10:15:02 2025
//! ```
//!
//! Under strace (`cargo build --example ch16_daytimetcpcli` first):
//!
//! ```text
//! $ strace -e trace=fcntl,connect,pselect6,getsockopt,read target/debug/examples/ch16_daytimetcpcli 127.0.0.1 1313
//! fcntl(3, F_GETFL)                       = 0x2 (flags O_RDWR)
//! fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK)    = 0
//! connect(3, {sa_family=AF_INET, sin_port=htons(1313), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EINPROGRESS (Operation now in progress)
//! pselect6(4, [3], [3], NULL, {tv_sec=5, tv_nsec=0}, NULL) = 1 (out [3], left {tv_sec=4, tv_nsec=999000000})
//! getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
//! fcntl(3, F_SETFL, O_RDWR)               = 0
//! read(3, "Fri Nov 21 10:15:02 2025\r\n", 4096) = 26
//! read(3, "", 4096)                       = 0
//! ```
//!
//! With no server the connect still starts (`EINPROGRESS`); the refusal
//! comes back through `SO_ERROR`: `getsockopt(3, SOL_SOCKET, SO_ERROR,
//! [ECONNREFUSED], [4])`, and the program prints `connect: Connection
//! refused (ECONNREFUSED)`. A peer that never answers: `connect:
//! Connection timed out (ETIMEDOUT)` after 5 seconds.
//!
//! The lesson: a nonblocking connect returns at once; the program may do
//! other work during the handshake, then asks `select` — writable means
//! "finished", and `SO_ERROR` says how. C twin:
//! `docs/c/ch16_daytimetcpcli.c`.
use socklab::*;

/// The well-known daytime port (RFC 867).
const DAYTIME_PORT: u16 = 13;
const USAGE: &str = "usage: ch16_daytimetcpcli [IPaddress] [port]   (defaults: 127.0.0.1 13)";

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
    let sockfd = connect_nonb(sockfd, &servaddr, 5)?;

    let mut recvline = [0u8; MAXLINE];
    loop {
        let n = read(&sockfd, &mut recvline)?;
        if n == 0 {
            break; // the server closed the connection
        }
        writen(std::io::stdout(), &recvline[..n])?;
    }
    exit(0);
}
