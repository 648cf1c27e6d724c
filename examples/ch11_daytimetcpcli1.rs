//! `ch11_daytimetcpcli1 hostname [service]` — UNP vol. 1, chapter 11,
//! Figure 11.4: the daytime client with names. The host goes through
//! `gethostbyname`, the service through `getservbyname(service, "tcp")` (a
//! number is taken as it is); then each of the host's addresses is tried
//! in turn until one connects. Default service: 1313 (the ch11 servers'
//! default; `daytime` is port 13, which needs root to serve).
//!
//! ```text
//! terminal 1 $ cargo run --example ch11_daytimetcpsrv1
//! listening on 0.0.0.0:1313
//!
//! terminal 2 $ cargo run --example ch11_daytimetcpcli1 localhost 1313
//! trying 127.0.0.1:1313
//! Fri Nov 21 10:15:02 2025
//! ```
//!
//! With nobody at the port: `connect: Connection refused (ECONNREFUSED)`
//! for each address, and exit status 1. An unknown host:
//! `gethostbyname: NAME: Unknown host`; an unknown service:
//! `getservbyname: NAME/tcp: no such service in /etc/services`.
//!
//! The C twin is `docs/c/ch11_daytimetcpcli1.c`. Under strace (`strace -e
//! trace=socket,connect,read,close target/debug/examples/ch11_daytimetcpcli1
//! localhost 1313`), after the C library's reading of `/etc/hosts` and
//! `/etc/services`:
//!
//! ```text
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! connect(3, {sa_family=AF_INET, sin_port=htons(1313), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! read(3, "Fri Nov 21 10:15:02 2025\r\n", 4096) = 26
//! read(3, "", 4096)                       = 0
//! ```
//!
//! The lesson: a name can have several addresses, and a client should try
//! each one; `gethostbyname` knows only IPv4 (chapter 11's later programs
//! use `getaddrinfo` instead).
use socklab::*;

/// The ch11 servers' default service (daytime's 13 needs root).
const DEFAULT_SERVICE: &str = "1313";
const USAGE: &str = "usage: ch11_daytimetcpcli1 hostname [service]   (default service: 1313)";

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
    let (host, service) = match args.as_slice() {
        [_, host] => (host.as_str(), DEFAULT_SERVICE),
        [_, host, service] => (host.as_str(), service.as_str()),
        _ => return Err(USAGE.into()),
    };

    let hp = gethostbyname(host)?;
    // A port number as it is (the book's daytimetcpcli2); a name from /etc/services.
    let s_port = if !service.is_empty() && service.bytes().all(|b| b.is_ascii_digit()) {
        htons(parse_port(service)?)
    } else {
        getservbyname(service, Some("tcp"))?.s_port as u16 // already in network order
    };

    let mut connected = None;
    for addr in &hp.h_addr_list {
        let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
        let mut servaddr = sockaddr_in::default();
        servaddr.sin_family = AF_INET;
        servaddr.sin_port = s_port;
        servaddr.sin_addr.s_addr = u32::from_ne_bytes([addr[0], addr[1], addr[2], addr[3]]);
        printf!("trying {}\n", sock_ntop(&servaddr))?;
        match connect(&sockfd, &servaddr) {
            Ok(()) => {
                connected = Some(sockfd); // success
                break;
            }
            Err(e) => {
                perror(&e); // err_ret("connect error")
                close(sockfd)?;
            }
        }
    }
    let Some(sockfd) = connected else {
        exit(1); // each failed connect has printed its line
    };

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
