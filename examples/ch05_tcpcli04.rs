//! `ch05_tcpcli04 [IPaddress] [port]` — UNP vol. 1, chapter 5, Figure 5.9: the
//! echo client that opens **five** connections to the server, uses only
//! the first (socklab's [`str_cli`], Figure 5.5), and at end of input simply exits — so the
//! kernel closes all five at the same moment, the server's five children
//! see end of file together and end together, and the server gets five
//! SIGCHLDs at once. Defaults: 127.0.0.1, port 9877.
//!
//! It is the test for the SIGCHLD handlers of `ch05_tcpserv02`…`04`:
//!
//! ```text
//! terminal 1 $ cargo run --example ch05_tcpserv02
//! listening on 0.0.0.0:9877
//!
//! terminal 2 $ cargo run --example ch05_tcpcli04
//! hello
//! hello
//! ^D
//!
//! terminal 1:
//! child 5107 terminated            <- one line (or two, three…): not five
//! ```
//!
//! and `ps --ppid <server pid>` shows the children that nobody reaped,
//! state `Z`. Against `ch05_tcpserv04` you get five lines and no zombie.
//!
//! Under strace (`strace -e trace=socket,connect,read,write,close,exit_group
//! target/debug/examples/ch05_tcpcli04`):
//!
//! ```text
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! connect(3, {sa_family=AF_INET, sin_port=htons(9877), …}, 16) = 0
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 4
//! connect(4, …)                           = 0
//! …                                        (5, 6, 7 alike)
//! read(0, "hello\n", 8192)                = 6
//! write(3, "hello\n", 6)                  = 6
//! read(3, "h", 1)                         = 1
//! …
//! read(0, "", 8192)                       = 0
//! exit_group(0)                           = ?      <- no close(): exit closes 3-7
//! ```
//!
//! The lesson: several children ending at once send several SIGCHLDs, and
//! UNIX signals are not queued — while one is pending, more of the same
//! kind are merged into it. A handler must therefore reap *every* ended
//! child each time it runs, not just one.
//!
//! The C twin is `docs/c/ch05_tcpcli04.c`, written the way the book writes
//! it; `tests/fidelity_strace.rs` holds the two to the same system calls,
//! arguments included.
use socklab::*;

/// How many connections to open: enough that the signals pile up.
const CONNECTIONS: usize = 5;
const USAGE: &str = "usage: ch05_tcpcli04 [IPaddress] [port]   (defaults: 127.0.0.1 9877)";

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
        _ => return Err(USAGE.into()),
    };

    let mut sockfd = Vec::with_capacity(CONNECTIONS);
    for _ in 0..CONNECTIONS {
        let fd = socket(AF_INET, SOCK_STREAM, 0)?;
        let mut servaddr = sockaddr_in::default();
        servaddr.sin_family = AF_INET;
        servaddr.sin_port = htons(port);
        inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;
        connect(&fd, &servaddr)?;
        sockfd.push(fd);
    }
    if let Some(first) = sockfd.first() {
        str_cli(first)?; // do it all: socklab's unp::str_cli (Figure 5.5)
    }
    // Exit *without* closing: the kernel closes all five descriptors at
    // once as the process ends (exit runs no destructors), which
    // is exactly the burst of FINs the lesson needs.
    exit(0);
}
