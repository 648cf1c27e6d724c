//! `ch14_dgclitimeo2 [IPaddress] [port]` — UNP chapter 14, Figure 14.5:
//! the UDP echo client with a timeout made by the `SO_RCVTIMEO` socket
//! option: set once, it bounds every `recvfrom` on the socket to 5 s.
//!
//! Run it against the chapter 8 echo server (127.0.0.1 port 9877 by default):
//!
//! ```text
//! terminal 1 $ cargo run --example ch08_udpserv01
//! terminal 2 $ cargo run --example ch14_dgclitimeo2
//! hello
//! hello
//! ^D
//! ```
//!
//! With no server, each line ends, 5 seconds later, in one line on
//! stderr: `socket timeout`; the client goes on with the next line.
//!
//! Under strace (`cargo build --example ch14_dgclitimeo2` first; no server):
//!
//! ```text
//! $ echo hello | strace -e trace=setsockopt,sendto,recvfrom target/debug/examples/ch14_dgclitimeo2
//! setsockopt(3, SOL_SOCKET, SO_RCVTIMEO_OLD, "\5\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16) = 0
//! sendto(3, "hello\n", 6, 0, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, 16) = 6
//! recvfrom(3, 0x…, 4096, 0, NULL, NULL)   = -1 EAGAIN (Resource temporarily unavailable)
//! ```
//!
//! The lesson: one `setsockopt` and the timeout applies to every read on
//! the socket (`EWOULDBLOCK`, which is `EAGAIN` on Linux, when it
//! expires) — but only to reads and writes, not to `connect`. C twin:
//! `docs/c/ch14_dgclitimeo2.c`.

use socklab::*;

const USAGE: &str = "usage: ch14_dgclitimeo2 [IPaddress] [port]   (defaults: 127.0.0.1 9877)";

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
        [_] => ("127.0.0.1", SERV_PORT),
        [_, host] => (host.as_str(), SERV_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err(USAGE.into()),
    };
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;

    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
    dg_cli(&sockfd, &servaddr)?;
    exit(0);
}

/// Figure 14.5: dg_cli with SO_RCVTIMEO.
fn dg_cli(
    sockfd: &Fd,
    servaddr: &sockaddr_in,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut input = std::io::stdin().lock();
    let mut sendline = Vec::new();
    let mut recvline = [0u8; MAXLINE];

    let tv = timeval {
        tv_sec: 5,
        tv_usec: 0,
    };
    setsockopt(sockfd, SOL_SOCKET, SO_RCVTIMEO, &tv)?;
    loop {
        // fgets(sendline, MAXLINE, stdin)
        if stdio::fgets(&mut sendline, &mut input)? == 0 {
            return Ok(());
        }
        sendto(sockfd, &sendline, 0, servaddr)?;
        match recv(sockfd, &mut recvline, 0) {
            Ok(n) => {
                stdio::fputs(&recvline[..n], std::io::stdout())?;
            }
            Err(e) if e.errno() == Some(Errno::EWOULDBLOCK) => eprintln!("socket timeout"),
            Err(e) => return Err(e.into()),
        }
    }
}
