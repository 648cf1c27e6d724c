//! `ch08_udpserv01 [port] [bind-address]` — UNP chapter 8, Figures 8.3–8.4:
//! the UDP echo server, `dg_echo`: receive a datagram, send it back to
//! whoever sent it. No listen, no accept, no connection: one socket serves
//! every client, one datagram at a time.
//!
//! Run it with its client (port 9877 and address 0.0.0.0 by default):
//!
//! ```text
//! terminal 1 $ cargo run --example ch08_udpserv01
//! udpserv01: UDP echo server on 0.0.0.0:9877
//!
//! terminal 2 $ cargo run --example ch08_udpcli01
//! hello
//! hello
//! ```
//!
//! The C twin is `docs/c/ch08_udpserv01.c` (`cc -o udpserv01
//! docs/c/ch08_udpserv01.c`): same output, same system calls; any mix of
//! Rust and C client and server works. Stop the server with Ctrl-C.
//!
//! Under strace (`cargo build --example ch08_udpserv01` first):
//!
//! ```text
//! $ strace -e trace=socket,bind,recvfrom,sendto target/debug/examples/ch08_udpserv01
//! socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3
//! bind(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! recvfrom(3, "hello\n", 4096, 0, {sa_family=AF_INET, sin_port=htons(47965), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 6
//! sendto(3, "hello\n", 6, 0, {sa_family=AF_INET, sin_port=htons(47965), sin_addr=inet_addr("127.0.0.1")}, 16) = 6
//! recvfrom(3,                             <- blocked until the next datagram
//! ```
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

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let (port, host) = match args.as_slice() {
        [_] => (SERV_PORT, "0.0.0.0"),
        [_, port] => (parse_port(port)?, "0.0.0.0"),
        [_, port, host] => (parse_port(port)?, host.as_str()),
        _ => return Err("usage: ch08_udpserv01 [port] [bind-address]".into()),
    };
    let servaddr = resolve_ipv4(host, port)?;

    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
    bind(&sockfd, &servaddr)?;
    printf!("udpserv01: UDP echo server on {servaddr}\n")?;
    dg_echo(&sockfd)?;
    Ok(())
}

/// Echoes every datagram back to its sender, forever.
fn dg_echo(sockfd: &Fd) -> Result<()> {
    let mut mesg = [0u8; MAXLINE];
    loop {
        // recvfrom fills in who sent it: that is where the answer goes.
        let (n, cliaddr) = recvfrom(sockfd, &mut mesg, 0)?;
        sendto(sockfd, &mesg[..n], 0, &cliaddr)?;
    }
}
