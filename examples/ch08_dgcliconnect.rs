//! `ch08_dgcliconnect [host] [port]` — UNP chapter 8, Figure 8.17: the UDP
//! echo client with a **connected** UDP socket: `connect` once, then plain
//! `write` and `read`. Its reward: the asynchronous error. When no server
//! listens, the peer's ICMP "port unreachable" is reported to this socket,
//! and the next `read` fails with ECONNREFUSED.
//!
//! Run it with no server (nothing on port 9877):
//!
//! ```text
//! $ echo hello | cargo run --example ch08_dgcliconnect
//! read: Connection refused (ECONNREFUSED)
//! ```
//!
//! and with one (`cargo run --example ch08_udpserv01` in another
//! terminal): it echoes like `ch08_udpcli01`. Compare `ch08_udpcli01` with
//! no server: its datagram vanishes just the same, but an unconnected
//! socket is never told, so it waits for ever.
//!
//! The C twin is `docs/c/ch08_dgcliconnect.c` (`cc -o dgcliconnect
//! docs/c/ch08_dgcliconnect.c`): the same socket calls in the same order.
//!
//! Under strace (`cargo build --example ch08_dgcliconnect` first):
//!
//! ```text
//! $ echo hello | strace -e trace=connect,write,read target/debug/examples/ch08_dgcliconnect
//! connect(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! read(0, "hello\n", 8192)                = 6
//! write(3, "hello\n", 6)                  = 6        <- succeeds: the datagram left
//! read(3, 0x7ffe3a2817b7, 4096)           = -1 ECONNREFUSED (Connection refused)
//! write(2, "read: Connection refused (ECONNR"..., 40) = 40
//! ```
//!
//! The lesson: `connect` on a UDP socket sends nothing; it records the
//! peer, so `write`/`read` need no address, datagrams from anyone else are
//! dropped by the kernel, and errors caused by our datagrams come back to
//! us. The error is asynchronous: the `write` that caused it had already
//! succeeded; the *next* call reports it.

use socklab::*;

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
        _ => return Err("usage: ch08_dgcliconnect [host] [port]".into()),
    };
    let mut servaddr = sockaddr_in::default(); // bzero, sin_family = AF_INET
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;

    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;

    dg_cli(&sockfd, &servaddr)?;

    exit(0);
}

/// Figure 8.17: connects the UDP socket (that records the peer; nothing is
/// sent), then writes each line of stdin to it and prints what is read.
/// With nobody at that port, the read fails with ECONNREFUSED.
fn dg_cli(
    sockfd: &Fd,
    servaddr: &sockaddr_in,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    connect(sockfd, servaddr)?;

    let mut input = std::io::stdin().lock();
    let mut sendline = Vec::new();
    let mut recvline = [0u8; MAXLINE];
    loop {
        // fgets(sendline, MAXLINE, stdin): a line, at most MAXLINE-1 bytes
        if stdio::fgets(&mut sendline, &mut input)? == 0 {
            return Ok(());
        }
        write(sockfd, &sendline)?;
        let n = read(sockfd, &mut recvline)?; // ECONNREFUSED: nobody at that port
        stdio::fputs(&recvline[..n], std::io::stdout())?; // fputs(recvline, stdout)
    }
}
