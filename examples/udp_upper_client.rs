//! `udp_upper_client [host] [port]` — the lecture's upper-case UDP client:
//! reads a sentence from the keyboard, sends it as one datagram to
//! `udp_upper_server`, and prints the datagram that comes back.
//!
//! Run it with its server, two terminals:
//!
//! ```text
//! terminal 1 $ cargo run --example udp_upper_server
//! The server is ready to receive
//!
//! terminal 2 $ cargo run --example udp_upper_client              # 127.0.0.1 12000
//! Input lowercase sentence: hello datagrams
//! From Server: HELLO DATAGRAMS
//! ```
//!
//! With no server running nothing fails at once — UDP has no connection to
//! refuse — so the client waits at most 5 seconds for the reply (the
//! `SO_RCVTIMEO` option) and then says so:
//!
//! ```text
//! recvfrom: no reply from 127.0.0.1:12000 within 5 seconds (is the server running?)
//! ```
//!
//! The C twin is `docs/c/udp_upper_client.c`.
//!
//! Under strace (start-up lines cut):
//!
//! ```text
//! $ strace -e trace=socket,setsockopt,sendto,recvfrom,close target/debug/examples/udp_upper_client
//! socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3
//! setsockopt(3, SOL_SOCKET, SO_RCVTIMEO_OLD, "\5\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16) = 0
//! sendto(3, "hello datagrams", 15, 0, {sa_family=AF_INET, sin_port=htons(12000), sin_addr=inet_addr("127.0.0.1")}, 16) = 15
//! recvfrom(3, "HELLO DATAGRAMS", 2048, 0, {sa_family=AF_INET, sin_port=htons(12000), sin_addr=inet_addr("127.0.0.1")}, [16]) = 15
//! close(3)                                = 0
//! ```
//!
//! With no server, the recvfrom line reads
//! `= -1 EAGAIN (Resource temporarily unavailable)` after the 5 seconds.
//!
//! The lesson: a datagram can be lost and nobody tells you; a UDP client
//! that waits for an answer must bound the wait itself. (And a Linux
//! detail: a receive timeout makes a wait cut short by Ctrl-Z and `fg`
//! fail with EINTR instead of carrying on, so the client waits again.)
use std::io::BufRead;

use socklab::*;

const DEFAULT_HOST: &str = "127.0.0.1";
const DEFAULT_PORT: u16 = 12000;
/// The reply is at most this long (the server's buffer).
const BUFSIZE: usize = 2048;
/// How long to wait for the reply before giving up.
const REPLY_TIMEOUT_SECS: i64 = 5;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let (host, port) = match args.as_slice() {
        [_] => (DEFAULT_HOST, DEFAULT_PORT),
        [_, host] => (host.as_str(), DEFAULT_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err("usage: udp_upper_client [host] [port]".into()),
    };
    let servaddr = resolve_ipv4(host, port)?;

    printf!("Input lowercase sentence: ")?;
    let sentence = read_sentence()?;

    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
    // Without this, a lost datagram would leave recvfrom waiting forever.
    let timeout = timeval {
        tv_sec: REPLY_TIMEOUT_SECS,
        tv_usec: 0,
    };
    setsockopt(&sockfd, SOL_SOCKET, SO_RCVTIMEO, &timeout)?;
    sendto(&sockfd, &sentence, 0, &servaddr)?;

    let mut buf = [0u8; BUFSIZE];
    let mut from = sockaddr_in::default();
    let n = loop {
        match recvfrom_into(&sockfd, &mut buf, 0, &mut from) {
            Ok(got) => break got,
            // Stopped (Ctrl-Z) and continued while waiting: for a socket
            // with a receive timeout Linux reports EINTR instead of
            // restarting the call. Nothing went wrong; wait again.
            Err(e) if e.errno() == Some(Errno::EINTR) => continue,
            Err(e) if e.errno() == Some(Errno::EAGAIN) => {
                return Err(format!(
                    "recvfrom: no reply from {servaddr} within {REPLY_TIMEOUT_SECS} seconds (is the server running?)"
                )
                .into());
            }
            Err(e) => return Err(e.into()),
        }
    };
    printf!("From Server: {}\n", String::from_utf8_lossy(&buf[..n]))?;
    close(sockfd)?;
    Ok(())
}

/// One line from standard input, without its line ending. (An empty line
/// is fine here: an empty datagram is still a datagram, and gets a reply.)
fn read_sentence() -> std::result::Result<Vec<u8>, String> {
    let mut line = Vec::new();
    let n = std::io::stdin()
        .lock()
        .read_until(b'\n', &mut line)
        .map_err(|e| format!("stdin: {e}"))?;
    if n == 0 {
        return Err("stdin: end of input before a sentence was typed".into());
    }
    while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        line.pop();
    }
    Ok(line)
}
