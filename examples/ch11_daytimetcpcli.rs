//! `ch11_daytimetcpcli hostname/IPaddress [service]` — UNP vol. 1,
//! chapter 11, §11.12: the protocol-independent daytime client.
//! [`tcp_connect`] does the getaddrinfo and tries each answer (IPv4 or
//! IPv6) until one connects; then the client prints whom it reached
//! (`getpeername` + `sock_ntop_host`) and copies the answer to stdout.
//! Default service: 1313 (the ch11 servers' default).
//!
//! ```text
//! terminal 1 $ cargo run --example ch11_daytimetcpsrv2 :: 1313
//! listening on [::]:1313
//!
//! terminal 2 $ cargo run --example ch11_daytimetcpcli 127.0.0.1 1313
//! connected to 127.0.0.1
//! Fri Nov 21 10:15:02 2025
//! terminal 2 $ cargo run --example ch11_daytimetcpcli ::1 1313
//! connected to ::1
//! Fri Nov 21 10:15:03 2025
//! ```
//!
//! The C twin is `docs/c/ch11_daytimetcpcli.c`. Under strace (`strace -e
//! trace=socket,connect,getpeername,read
//! target/debug/examples/ch11_daytimetcpcli ::1 1313`):
//!
//! ```text
//! socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP) = 3       <- ai_protocol from getaddrinfo
//! connect(3, {sa_family=AF_INET6, sin6_port=htons(1313), …, sin6_addr=inet_pton(AF_INET6, "::1"), …}, 28) = 0
//! getpeername(3, {sa_family=AF_INET6, …}, [128 => 28]) = 0
//! read(3, "Fri Nov 21 10:15:03 2025\r\n", 4096) = 26
//! read(3, "", 4096)                       = 0
//! ```
//!
//! Errors: `getaddrinfo: nosuchhost port 1313: Name or service not known`
//! (unknown host or service), `connect: Connection refused (ECONNREFUSED)`
//! (nobody at the port).
//!
//! The lesson: with `getaddrinfo` (wrapped by `tcp_connect`) the same
//! client speaks IPv4 and IPv6; the `sockaddr_storage` that `getpeername`
//! fills holds either.
use socklab::*;

/// The ch11 servers' default service (daytime's 13 needs root).
const DEFAULT_SERVICE: &str = "1313";
const USAGE: &str =
    "usage: ch11_daytimetcpcli hostname/IPaddress [service]   (default service: 1313)";

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

    let sockfd = tcp_connect(host, service)?;
    // len = sizeof(ss); getpeername(sockfd, (SA *) &ss, &len)
    let ss = getpeername(&sockfd)?;
    printf!("connected to {}\n", sock_ntop_host(&ss))?;

    let mut recvline = [0u8; MAXLINE];
    loop {
        let n = read(&sockfd, &mut recvline)?;
        if n == 0 {
            break;
        }
        writen(std::io::stdout(), &recvline[..n])?; // fputs(recvline, stdout)
    }
    exit(0);
}
