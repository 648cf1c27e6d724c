//! `ch08_udpserv01 [port] [bind-address]` — UNP chapter 8, Figures 8.3–8.4:
//! the UDP echo server. `dg_echo` (socklab's, Figure 8.4): receive a
//! datagram, send it back to whoever sent it, for ever. No listen, no
//! accept, no connection: one socket serves every client, one datagram at a
//! time.
//!
//! Run it with its client (port 9877 and INADDR_ANY by default):
//!
//! ```text
//! terminal 1 $ cargo run --example ch08_udpserv01
//! bound to 0.0.0.0:9877
//!
//! terminal 2 $ cargo run --example ch08_udpcli01
//! hello
//! hello
//! ```
//!
//! The C twin is `docs/c/ch08_udpserv01.c` (`cc -o udpserv01
//! docs/c/ch08_udpserv01.c`): the same system calls, with the same
//! arguments, in the same order; any mix of Rust and C client and server
//! works. Both print the address bind really gave (getsockname: port 0
//! shows the kernel's choice). Stop the server with Ctrl-C.
//!
//! Under strace (`cargo build --example ch08_udpserv01` first):
//!
//! ```text
//! $ strace -e trace=socket,bind,getsockname,recvfrom,sendto target/debug/examples/ch08_udpserv01
//! socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3
//! bind(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! getsockname(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("0.0.0.0")}, [16]) = 0
//! recvfrom(3, "hello\n", 4096, 0, {sa_family=AF_INET, sin_port=htons(47965), sin_addr=inet_addr("127.0.0.1")}, [16]) = 6
//! sendto(3, "hello\n", 6, 0, {sa_family=AF_INET, sin_port=htons(47965), sin_addr=inet_addr("127.0.0.1")}, 16) = 6
//! recvfrom(3,                             <- blocked until the next datagram
//! ```
//!
//! `[16]`: the book's `struct sockaddr_in cliaddr`, whose size recvfrom is
//! told.
//!
//! The lesson: a UDP server learns each client's address from `recvfrom`
//! and answers with `sendto` to that address; clients are not connections
//! but return addresses. It is iterative by nature: one process, datagrams
//! queued in the socket's receive buffer until it gets to them.
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
    let (port, host) = match args.as_slice() {
        [_] => (SERV_PORT, None),
        [_, port] => (parse_port(port)?, None),
        [_, port, host] => (parse_port(port)?, Some(host.as_str())),
        _ => return Err("usage: ch08_udpserv01 [port] [bind-address]".into()),
    };
    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;

    let mut servaddr = sockaddr_in::default(); // bzero, sin_family = AF_INET
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if let Some(host) = host {
        inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;
    }

    bind(&sockfd, &servaddr)?;
    getsockname_into(&sockfd, &mut servaddr)?;
    printf!("bound to {}\n", sock_ntop(&servaddr))?;

    let mut cliaddr = sockaddr_in::default();
    dg_echo(&sockfd, &mut cliaddr)?; // socklab's, Figure 8.4: returns only on an error
    Ok(())
}
