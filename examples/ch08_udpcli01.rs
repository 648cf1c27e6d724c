//! `ch08_udpcli01 [host] [port]` — UNP chapter 8, Figures 8.7–8.8: the UDP
//! echo client. `dg_cli` (socklab's, Figure 8.8): read a line, `sendto` the
//! server, `recvfrom(…, NULL, NULL)` the answer, print it, until end of
//! input.
//!
//! Run it against `ch08_udpserv01` (127.0.0.1 port 9877 by default):
//!
//! ```text
//! terminal 1 $ cargo run --example ch08_udpserv01
//! terminal 2 $ cargo run --example ch08_udpcli01
//! hello
//! hello
//! ^D
//! ```
//!
//! Now stop the server and type a line: `sendto` succeeds (UDP does not
//! know whether anyone listens), and the client waits in `recvfrom` for
//! ever — the book's lesson of section 8.9, lost datagrams. Stop it with
//! Ctrl-C. (`ch08_dgcliconnect` is told instead; a timeout, UNP chapter
//! 14, is the other cure.)
//!
//! The C twin is `docs/c/ch08_udpcli01.c` (`cc -o udpcli01
//! docs/c/ch08_udpcli01.c`): the same socket calls in the same order (stdin
//! is read through the C library's buffer there and Rust's here, and C's
//! stdio writes the replies to a pipe at exit, socklab's `dg_cli` at once).
//!
//! Under strace (`cargo build --example ch08_udpcli01` first):
//!
//! ```text
//! $ echo hello | strace -e trace=socket,sendto,recvfrom,write target/debug/examples/ch08_udpcli01
//! socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3
//! sendto(3, "hello\n", 6, 0, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, 16) = 6
//! recvfrom(3, "hello\n", 4096, 0, NULL, NULL) = 6      <- any sender
//! write(1, "hello\n", 6)                  = 6
//! ```
//!
//! Two weaknesses the chapter goes on to fix: `recvfrom(…, NULL, NULL)`
//! accepts a datagram from *anyone* (see `ch08_dgcliaddr`), and a lost
//! datagram leaves it waiting for ever.
//!
//! The lesson: a UDP client needs no connect: each `sendto` names the
//! server. Nothing tells it that a datagram was lost.
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
        _ => return Err("usage: ch08_udpcli01 [host] [port]".into()),
    };
    let mut servaddr = sockaddr_in::default(); // bzero, sin_family = AF_INET
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;

    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;

    dg_cli(&sockfd, &servaddr)?; // socklab's, Figure 8.8

    exit(0);
}
