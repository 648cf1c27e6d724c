//! `ch11_daytimeudpsrv2 [host] [service]` — UNP vol. 1, chapter 11,
//! §11.16: the protocol-independent UDP daytime server on
//! [`udp_server`]. Forever: `recvfrom` a datagram (any content) into a
//! `sockaddr_storage`, print the client, `sendto` it the time of day.
//! Default service: 1313; `daytime` (port 13) needs root.
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
//! The C twin is `docs/c/ch11_daytimeudpsrv2.c`. Under strace (`strace -e
//! trace=socket,bind,recvfrom,sendto target/debug/examples/ch11_daytimeudpsrv2 1313`):
//!
//! ```text
//! socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP) = 3
//! bind(3, {sa_family=AF_INET, sin_port=htons(1313), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! recvfrom(3, "\0", 4096, 0, {sa_family=AF_INET, sin_port=htons(40001), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 1
//! sendto(3, "Fri Nov 21 10:15:02 2025\r\n", 26, 0, {sa_family=AF_INET, sin_port=htons(40001), sin_addr=inet_addr("127.0.0.1")}, 16) = 26
//! ```
//!
//! The lesson: `udp_server` is `tcp_listen` without listen (and without
//! `SO_REUSEADDR`); the reply goes to whatever address the request came from.
use socklab::*;

/// Our default service: daytime's 13 needs root.
const DEFAULT_SERVICE: &str = "1313";
const USAGE: &str =
    "usage: ch11_daytimeudpsrv2 [host] [service]   (default: all IPv4 addresses, 1313)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (host, service) = match args.as_slice() {
        [_] => (None, DEFAULT_SERVICE),
        [_, service] => (None, service.as_str()),
        [_, host, service] => (Some(host.as_str()), service.as_str()),
        _ => return Err(USAGE.into()),
    };

    let (sockfd, _addrlen) = udp_server(host, service).map_err(explain_bind)?;
    printf!("bound to {}\n", sock_ntop(&getsockname(&sockfd)?))?;

    let mut buff = [0u8; MAXLINE];
    loop {
        // len = sizeof(cliaddr); recvfrom(sockfd, buff, MAXLINE, 0, (SA *) &cliaddr, &len)
        let (_n, cliaddr) = recvfrom(&sockfd, &mut buff, 0)?;
        printf!("datagram from {}\n", sock_ntop(&cliaddr))?;
        let ticks = time();
        let reply = format!("{:.24}\r\n", ctime(ticks)?);
        sendto(&sockfd, reply.as_bytes(), 0, &cliaddr)?;
    }
}

/// bind's EACCES, with the hint a student needs for a port below 1024.
fn explain_bind(e: Error) -> Box<dyn std::error::Error> {
    if e.errno() == Some(Errno::EACCES) {
        format!(
            "{e}: ports below 1024 need privileges (root or CAP_NET_BIND_SERVICE); \
             use a high port, e.g. `ch11_daytimeudpsrv2 1313`"
        )
        .into()
    } else {
        e.into()
    }
}
