//! `ch11_daytimetcpsrv2 [host] [service]` — UNP vol. 1, chapter 11,
//! §11.13: the protocol-independent daytime server. An optional host
//! argument picks the family: `::` makes an IPv6 server (which IPv4
//! clients reach too, as `::ffff:a.b.c.d`), `0.0.0.0` an IPv4 one.
//! [`tcp_listen`] returns the size of the family's addresses (C's
//! `addrlen`), and each `accept` is told exactly that size. Default
//! service: 1313; `daytime` (port 13) needs root.
//!
//! ```text
//! terminal 1 $ cargo run --example ch11_daytimetcpsrv2 :: 1313
//! listening on [::]:1313
//! connection from [::ffff:127.0.0.1]:51234
//! connection from [::1]:51236
//!
//! terminal 2 $ cargo run --example ch11_daytimetcpcli 127.0.0.1 1313
//! connected to 127.0.0.1
//! Fri Nov 21 10:15:02 2025
//! terminal 2 $ cargo run --example ch11_daytimetcpcli ::1 1313
//! connected to ::1
//! Fri Nov 21 10:15:03 2025
//! ```
//!
//! The C twin is `docs/c/ch11_daytimetcpsrv2.c`. Under strace (`strace -e
//! trace=socket,bind,accept target/debug/examples/ch11_daytimetcpsrv2 :: 1313`):
//!
//! ```text
//! socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP) = 3
//! bind(3, {sa_family=AF_INET6, sin6_port=htons(1313), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::", &sin6_addr), sin6_scope_id=0}, 28) = 0
//! accept(3, {sa_family=AF_INET6, sin6_port=htons(51234), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::ffff:127.0.0.1", &sin6_addr), sin6_scope_id=0}, [28]) = 4
//! ```
//!
//! `[28]`: the buffer is `addrlen` bytes (C: `cliaddr = Malloc(addrlen)`),
//! a `sockaddr_in6` here, a `sockaddr_in` (`[16]`) for an IPv4 server.
//!
//! The lesson: one program, either family, chosen by the host argument at
//! run time — and an IPv6 server on `::` serves IPv4 clients too (UNP
//! chapter 12).
use socklab::*;

/// Our default service: daytime's 13 needs root.
const DEFAULT_SERVICE: &str = "1313";
const USAGE: &str =
    "usage: ch11_daytimetcpsrv2 [host] [service]   (default: all IPv4 addresses, 1313)";

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

    let (listenfd, _addrlen) = tcp_listen(host, service).map_err(explain_bind)?;
    let local = getsockname(&listenfd)?;
    printf!("listening on {}\n", sock_ntop(&local))?;

    // cliaddr = Malloc(addrlen): a buffer of the listening family's size.
    match local {
        SockAddr::Inet6(_) => serve(&listenfd, &mut sockaddr_in6::default()),
        _ => serve(&listenfd, &mut sockaddr_in::default()),
    }
}

/// The accept loop, with `cliaddr` of the listening socket's family.
fn serve<A: SockAddrOut + AsSockAddr>(
    listenfd: &Fd,
    cliaddr: &mut A,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    loop {
        // len = addrlen; accept(listenfd, cliaddr, &len)
        let connfd = accept_into(listenfd, cliaddr)?;
        printf!("connection from {}\n", sock_ntop(cliaddr))?;
        let ticks = time();
        let buff = format!("{:.24}\r\n", ctime(ticks)?);
        write(&connfd, buff.as_bytes())?;
        close(connfd)?;
    }
}

/// bind's EACCES, with the hint a student needs for a port below 1024.
fn explain_bind(e: Error) -> Box<dyn std::error::Error> {
    if e.errno() == Some(Errno::EACCES) {
        format!(
            "{e}: ports below 1024 need privileges (root or CAP_NET_BIND_SERVICE); \
             use a high port, e.g. `ch11_daytimetcpsrv2 :: 1313`"
        )
        .into()
    } else {
        e.into()
    }
}
