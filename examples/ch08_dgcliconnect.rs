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
//! socket is never told, so it can only time out. Here too each `read`
//! waits at most 3 s (SO_RCVTIMEO), in case no ICMP comes back (a
//! firewall that drops instead of rejecting).
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
use std::io::{BufRead, Read};

use socklab::*;

/// Seconds to wait for each reply.
const REPLY_TIMEOUT: i64 = 3;

fn main() {
    match run() {
        Ok(true) => {}
        Ok(false) => exit(1), // a reply was missing (already said)
        Err(e) => {
            perror(&e);
            exit(1);
        }
    }
}

fn run() -> std::result::Result<bool, Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let (host, port) = match args.as_slice() {
        [_] => ("127.0.0.1", SERV_PORT),
        [_, host] => (host.as_str(), SERV_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err("usage: ch08_dgcliconnect [host] [port]".into()),
    };
    let servaddr = resolve_ipv4(host, port)?;

    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
    let timeout = timeval {
        tv_sec: REPLY_TIMEOUT,
        tv_usec: 0,
    };
    setsockopt(&sockfd, SOL_SOCKET, SO_RCVTIMEO, &timeout)?;
    connect(&sockfd, &servaddr)?; // records the peer; sends nothing
    let all_answered = dg_cli(&sockfd)?;
    close(sockfd)?;
    Ok(all_answered)
}

/// Writes each line of stdin to the connected peer and prints its answer.
/// ECONNREFUSED (no server) ends the program with that error.
fn dg_cli(sockfd: &Fd) -> std::result::Result<bool, Box<dyn std::error::Error>> {
    let mut input = std::io::stdin().lock();
    let mut sendline = Vec::new();
    let mut recvline = [0u8; MAXLINE];
    let mut all_answered = true;
    loop {
        sendline.clear();
        if (&mut input)
            .take(MAXLINE as u64 - 1)
            .read_until(b'\n', &mut sendline)?
            == 0
        {
            return Ok(all_answered);
        }
        write(sockfd, &sendline)?;
        match read(sockfd, &mut recvline) {
            Ok(n) => {
                write(std::io::stdout(), &recvline[..n])?;
            }
            Err(e) if e.errno() == Some(Errno::EAGAIN) => {
                let line =
                    format!("dg_cli: no reply within {REPLY_TIMEOUT} s (request or reply lost)\n");
                eprint!("{line}");
                all_answered = false;
            }
            Err(e) => return Err(e.into()), // ECONNREFUSED: nobody at that port
        }
    }
}
