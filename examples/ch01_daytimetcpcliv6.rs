//! `ch01_daytimetcpcliv6 [IPv6-address] [port]` — UNP vol. 1, chapter 1, Figure
//! 1.6: the daytime client for IPv6. Defaults: `::1` (the IPv6 loopback
//! address), port 13.
//!
//! Compare it with `ch01_daytimetcpcli` line by line: only the address
//! family (`AF_INET6`), the address struct (`sockaddr_in6`, with
//! `sin6_port` and `sin6_addr`) and the `inet_pton` family change. The
//! chapter-1 servers listen on IPv4 only (`INADDR_ANY`), so run it against
//! any IPv6 daytime service — for example the IPv4 server behind `socat`,
//! which accepts on `::1` and relays to it:
//!
//! ```text
//! terminal 1 $ cargo run --example ch01_daytimetcpsrv 1314
//! terminal 2 $ socat TCP6-LISTEN:1313,bind=[::1],reuseaddr,fork TCP4:127.0.0.1:1314
//! terminal 3 $ cargo run --example ch01_daytimetcpcliv6 ::1 1313
//! Fri Nov 21 10:15:02 2025
//! ```
//!
//! With nothing listening: `connect: Connection refused (ECONNREFUSED)`;
//! with an IPv4 address: `inet_pton: "127.0.0.1" is not a valid AF_INET6
//! address`.
//!
//! Under strace (`strace -e trace=socket,connect,read
//! target/debug/examples/ch01_daytimetcpcliv6 ::1 1313`):
//!
//! ```text
//! socket(AF_INET6, SOCK_STREAM, IPPROTO_IP) = 3
//! connect(3, {sa_family=AF_INET6, sin6_port=htons(1313), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0
//! read(3, "Fri Nov 21 10:15:02 2025\r\n", 4096) = 26
//! read(3, "", 4096)                       = 0
//! ```
//!
//! The lesson: the socket calls do not care which protocol they carry —
//! only the address structure does (28 bytes for IPv6, 16 for IPv4).
//! Chapter 11's getaddrinfo removes even that difference from a program.
//!
//! The C twin is `docs/c/ch01_daytimetcpcliv6.c`, written the way the book
//! writes it; `tests/fidelity_strace.rs` holds the two to the same system
//! calls, arguments included.
use socklab::*;

/// The well-known daytime port (RFC 867).
const DAYTIME_PORT: u16 = 13;
const USAGE: &str = "usage: ch01_daytimetcpcliv6 [IPv6-address] [port]   (defaults: ::1 13)";

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
        [_] => ("::1", DAYTIME_PORT),
        [_, host] => (host.as_str(), DAYTIME_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err(USAGE.into()),
    };

    let sockfd = socket(AF_INET6, SOCK_STREAM, 0)?;
    // The C way, field by field: family, port (network byte order), address.
    let mut servaddr = sockaddr_in6::default();
    servaddr.sin6_family = AF_INET6;
    servaddr.sin6_port = htons(port);
    inet_pton(AF_INET6, host, &mut servaddr.sin6_addr)?;
    connect(&sockfd, &servaddr)?;

    let mut recvline = [0u8; MAXLINE];
    loop {
        let n = read(&sockfd, &mut recvline)?;
        if n == 0 {
            break;
        }
        // fputs(recvline, stdout): one write(1, …) per read.
        writen(std::io::stdout(), &recvline[..n])?;
    }
    exit(0); // as the book's program: exit closes sockfd
}
