//! `ch14_tcpcli01 [IPaddress] [port]` — UNP chapter 14, Figure 14.1 in
//! use: the chapter 5 echo client whose `connect` has a 5-second timeout,
//! unp's `connect_timeo` (SIGALRM interrupts the connect: ETIMEDOUT).
//!
//! Run it against any echo server (127.0.0.1 port 9877 by default):
//!
//! ```text
//! terminal 1 $ cargo run --example ch05_tcpserv01
//! terminal 2 $ cargo run --example ch14_tcpcli01
//! hello
//! hello
//! ^D
//! ```
//!
//! Against an address that never answers the SYN (a host that drops it,
//! or a listening socket whose queue is full), the client ends after 5 s
//! with one line, `connect: Connection timed out (ETIMEDOUT)`, and status 1
//! — instead of the kernel's own minute or more.
//!
//! Under strace (`cargo build --example ch14_tcpcli01` first):
//!
//! ```text
//! $ strace -e trace=rt_sigaction,alarm,connect,close target/debug/examples/ch14_tcpcli01 < /dev/null
//! rt_sigaction(SIGALRM, {sa_handler=0x…, sa_mask=[], sa_flags=SA_RESTORER}, {sa_handler=SIG_DFL, …}, 8) = 0
//! alarm(5)                                = 0
//! connect(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! alarm(0)                                = 5
//! rt_sigaction(SIGALRM, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=SA_RESTORER}, {sa_handler=0x…, …}, 8) = 0
//! ```
//!
//! When the alarm fires, `connect = ? ERESTARTSYS`, `--- SIGALRM ---`,
//! then `close(3)` before `alarm(0)`: the book closes the socket so the
//! handshake does not go on in the background.
//!
//! The lesson: `alarm` can shorten the kernel's connect timeout (never
//! lengthen it). C twin: `docs/c/ch14_tcpcli01.c`.
use socklab::*;

const USAGE: &str = "usage: ch14_tcpcli01 [IPaddress] [port]   (defaults: 127.0.0.1 9877)";

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

    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;
    // connect with a 5 s timeout; on failure the socket is closed
    let sockfd = connect_timeo(sockfd, &servaddr, 5)?;

    str_cli(&sockfd)?; // do it all: socklab's unp::str_cli (Figure 5.5)
    exit(0);
}
