//! `ch11_daytimeudpcli1 hostname/IPaddress [service]` — UNP vol. 1,
//! chapter 11, §11.14: the protocol-independent UDP daytime client.
//! [`udp_client`] makes a socket of the server's family and hands back the
//! server's address; the client sends one byte (any datagram asks for the
//! time) and prints the answer. Default service: 1313.
//!
//! ```text
//! terminal 1 $ cargo run --example ch11_daytimeudpsrv2 1313
//! bound to 0.0.0.0:1313
//! datagram from 127.0.0.1:40001
//!
//! terminal 2 $ cargo run --example ch11_daytimeudpcli1 127.0.0.1 1313
//! sending to 127.0.0.1
//! Fri Nov 21 10:15:02 2025
//! ```
//!
//! With no server the datagram is lost and the client waits for ever in
//! `recvfrom` (an unconnected UDP socket is never told of the ICMP port
//! unreachable; chapter 8): Ctrl-C.
//!
//! The C twin is `docs/c/ch11_daytimeudpcli1.c`. Under strace (`strace -e
//! trace=socket,sendto,recvfrom target/debug/examples/ch11_daytimeudpcli1
//! 127.0.0.1 1313`):
//!
//! ```text
//! socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP) = 3
//! sendto(3, "\0", 1, 0, {sa_family=AF_INET, sin_port=htons(1313), sin_addr=inet_addr("127.0.0.1")}, 16) = 1
//! recvfrom(3, "Fri Nov 21 10:15:02 2025\r\n", 4096, 0, NULL, NULL) = 26
//! ```
//!
//! The lesson: `udp_client` is to UDP what `tcp_connect` is to TCP, minus
//! the connect: the address travels with each `sendto`.
use socklab::*;

/// The ch11 servers' default service (daytime's 13 needs root).
const DEFAULT_SERVICE: &str = "1313";
const USAGE: &str =
    "usage: ch11_daytimeudpcli1 hostname/IPaddress [service]   (default service: 1313)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (host, service) = match args.as_slice() {
        [_, host] => (host.as_str(), DEFAULT_SERVICE),
        [_, host, service] => (host.as_str(), service.as_str()),
        _ => return Err(USAGE.into()),
    };

    let (sockfd, sa) = udp_client(host, service)?;
    printf!("sending to {}\n", sock_ntop_host(&sa))?;
    sendto(&sockfd, b"\0", 0, &sa)?; // send 1-byte datagram

    let mut recvline = [0u8; MAXLINE];
    // recvfrom(sockfd, recvline, MAXLINE, 0, NULL, NULL)
    let n = recv(&sockfd, &mut recvline, 0)?;
    writen(std::io::stdout(), &recvline[..n])?; // fputs(recvline, stdout)
    exit(0);
}
