//! `ch04_getsockname [IPaddress] [port]` — UNP vol. 1, section 4.10: what
//! `getsockname` and `getpeername` report before and after `connect`. A
//! client that never calls `bind` still gets a local address and port:
//! the kernel chooses them at connect time, and getsockname tells which.
//! Defaults: 127.0.0.1, port 9877 (SERV_PORT).
//!
//! Run any TCP server first, for example the chapter-5 echo server:
//!
//! ```text
//! terminal 1 $ cargo run --example ch05_tcpserv01
//! listening on 0.0.0.0:9877
//!
//! terminal 2 $ cargo run --example ch04_getsockname
//! before connect: getsockname 0.0.0.0:0 (no address, no port yet)
//! before connect: getpeername: Transport endpoint is not connected (ENOTCONN)
//! after connect:  getsockname 127.0.0.1:49522 (chosen by the kernel: the route's address, an ephemeral port)
//! after connect:  getpeername 127.0.0.1:9877
//! ```
//!
//! Under strace (`strace -e trace=socket,getsockname,getpeername,connect,close
//! target/debug/examples/ch04_getsockname`):
//!
//! ```text
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! getsockname(3, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("0.0.0.0")}, [16]) = 0
//! getpeername(3, 0x7ffc8e0b1f20, [16])    = -1 ENOTCONN (Transport endpoint is not connected)
//! connect(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! getsockname(3, {sa_family=AF_INET, sin_port=htons(49522), sin_addr=inet_addr("127.0.0.1")}, [16]) = 0
//! getpeername(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, [16]) = 0
//! close(3)                                = 0
//! ```
//!
//! The lesson: connect does an implicit bind. The local IP address comes
//! from the route to the server (127.0.0.1 to reach 127.0.0.1; your LAN
//! address to reach a LAN host) and the port from the ephemeral range
//! (`/proc/sys/net/ipv4/ip_local_port_range`) — and the server's
//! `accept` sees exactly that address and port as the client's.
//!
//! The C twin is `docs/c/ch04_getsockname.c`, written the way the book
//! writes it; `tests/fidelity_strace.rs` holds the two to the same system
//! calls, arguments included.
use socklab::*;

const USAGE: &str = "usage: ch04_getsockname [IPaddress] [port]   (defaults: 127.0.0.1 9877)";

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

    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;

    // Both calls fill a sockaddr_in: len = sizeof(addr), strace shows [16].
    let mut addr = sockaddr_in::default();
    getsockname_into(&sockfd, &mut addr)?;
    printf!(
        "before connect: getsockname {} (no address, no port yet)\n",
        sock_ntop(&addr)
    )?;
    // Not connected yet: getpeername fails. That failure is the lesson
    // here, so it is printed and the program goes on.
    match getpeername_into(&sockfd, &mut addr) {
        Ok(()) => {
            printf!("before connect: getpeername {}\n", sock_ntop(&addr))?;
        }
        Err(e) => {
            printf!("before connect: getpeername: {}\n", describe(&e))?;
        }
    }

    connect(&sockfd, &servaddr)?;
    getsockname_into(&sockfd, &mut addr)?;
    printf!(
        "after connect:  getsockname {} (chosen by the kernel: the route's address, an ephemeral port)\n",
        sock_ntop(&addr)
    )?;
    getpeername_into(&sockfd, &mut addr)?;
    printf!("after connect:  getpeername {}\n", sock_ntop(&addr))?;
    close(sockfd)?;
    Ok(())
}

/// The errno part of an error, as perror prints it after the call's name.
fn describe(e: &Error) -> String {
    match e.errno() {
        Some(errno) => format!("{} ({})", errno.desc(), errno_name(errno)),
        None => e.to_string(),
    }
}
