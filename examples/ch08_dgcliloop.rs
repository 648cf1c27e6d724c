//! `ch08_dgcliloop [host] [port]` — UNP chapter 8, Figure 8.19: a UDP
//! client that sends 2000 datagrams of 1400 bytes as fast as it can, and
//! reads nothing. Run it against `ch08_dgecholoop`, which counts what
//! arrives.
//!
//! ```text
//! terminal 1 $ cargo run --example ch08_dgecholoop
//! bound to 0.0.0.0:9877
//! SO_RCVBUF = 212992
//! received 92 datagrams                         <- 3 s later; depends on SO_RCVBUF
//!
//! terminal 2 $ cargo run --example ch08_dgcliloop
//! sent 2000 datagrams of 1400 bytes to 127.0.0.1:9877
//! ```
//!
//! Every `sendto` succeeds; the receiver got only what fitted in its
//! receive buffer while it was busy. The rest were dropped by the
//! receiving kernel, counted in `nstat -az UdpRcvbufErrors` (or
//! `netstat -su`, "receive buffer errors"). Then try
//! `cargo run --example ch08_dgecholoop -- -r 4000000`.
//!
//! The C twin is `docs/c/ch08_dgcliloop.c` (`cc -o dgcliloop
//! docs/c/ch08_dgcliloop.c`): the same 2000 `sendto` calls. (Both zero the
//! datagrams; the book sends whatever its stack array held.)
//!
//! Under strace (`cargo build --example ch08_dgcliloop` first):
//!
//! ```text
//! $ strace -c -e trace=sendto target/debug/examples/ch08_dgcliloop
//! sent 2000 datagrams of 1400 bytes to 127.0.0.1:9877
//! % time     seconds  usecs/call     calls    errors syscall
//! ------ ----------- ----------- --------- --------- ----------------
//! 100.00    0.005564           2      2000           sendto
//! ```
//!
//! The lesson: UDP has no flow control. A fast sender is never slowed
//! down by a slow receiver; when the receiver's socket buffer is full, the
//! kernel silently discards, and neither side is told.
use socklab::*;

/// The book's numbers: how many datagrams, how long each.
const NDG: usize = 2000;
const DGLEN: usize = 1400;

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
        [_] => ("127.0.0.1", SERV_PORT),
        [_, host] => (host.as_str(), SERV_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err("usage: ch08_dgcliloop [host] [port]".into()),
    };
    let mut servaddr = sockaddr_in::default(); // bzero, sin_family = AF_INET
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;

    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;

    dg_cli(&sockfd, &servaddr)?;

    exit(0);
}

/// Figure 8.19: NDG datagrams of DGLEN bytes, as fast as possible; reads
/// nothing.
fn dg_cli(sockfd: &Fd, servaddr: &sockaddr_in) -> Result<()> {
    let sendline = [0u8; DGLEN];
    for _ in 0..NDG {
        sendto(sockfd, &sendline, 0, servaddr)?;
    }
    printf!(
        "sent {NDG} datagrams of {DGLEN} bytes to {}\n",
        sock_ntop(servaddr)
    )?;
    Ok(())
}
