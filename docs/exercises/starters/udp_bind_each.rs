//! Starter for exercise 12 (`docs/exercises/12-udp-bind-each-address.md`):
//! a UDP echo server on the wildcard address only. Bind one socket per
//! address argument too, on the same port, and serve them all with select
//! (UNP Figure 22.15).
//!
//! ```text
//! socklab check echo --udp -- target/debug/udp_bind_each {port} 127.0.0.1
//! ```
use socklab::*;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (port, addrs) = match args.as_slice() {
        [_, port, addrs @ ..] => (parse_port(port)?, addrs),
        _ => return Err("usage: udp_bind_each port [address…]".into()),
    };
    // TODO: for each address in `addrs` (inet_pton), a socket with
    // SO_REUSEADDR bound to it and `port`, each printed with getsockname.
    let _ = addrs;
    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
    // TODO: SO_REUSEADDR here too, or this bind fails after the others.
    let mut servaddr = sockaddr_in::new(INADDR_ANY, port);
    bind(&sockfd, &servaddr)?;
    getsockname_into(&sockfd, &mut servaddr)?;
    printf!("bound to {}\n", sock_ntop(&servaddr))?;
    let mut buf = [0u8; MAXLINE];
    let mut cliaddr = sockaddr_in::default();
    loop {
        // TODO: select over every socket; serve the ready ones.
        let n = recvfrom_into(&sockfd, &mut buf, 0, &mut cliaddr)?;
        printf!(
            "datagram for {} from {}\n",
            sock_ntop(&servaddr),
            sock_ntop(&cliaddr)
        )?;
        sendto(&sockfd, &buf[..n], 0, &cliaddr)?;
    }
}
