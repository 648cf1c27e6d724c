//! `ch07_checkopts` — UNP chapter 7, Figures 7.1 and 7.3–7.5: a table of
//! socket options and their default values, as `getsockopt` reports them
//! on freshly created sockets (nothing bound, nothing connected).
//!
//! Run it (one terminal, no arguments):
//!
//! ```text
//! $ cargo run --example ch07_checkopts
//! option             level        TCP          UDP          TCP6
//! SO_BROADCAST       SOL_SOCKET   off          off          off
//! SO_DEBUG           SOL_SOCKET   off          off          off
//! …
//! SO_RCVBUF          SOL_SOCKET   131072       212992       131072
//! SO_SNDBUF          SOL_SOCKET   16384        212992       16384
//! …
//! SO_TYPE            SOL_SOCKET   SOCK_STREAM  SOCK_DGRAM   SOCK_STREAM
//! IP_TTL             SOL_IP       64           64           -
//! …
//! IPV6_V6ONLY        SOL_IPV6     -            -            off
//! TCP_MAXSEG         SOL_TCP      536          -            536
//! …
//! ```
//!
//! (The numbers are this machine's: buffer sizes come from
//! `/proc/sys/net/ipv4/tcp_rmem`, `tcp_wmem` and `net/core/rmem_default`;
//! the TTL from `net/ipv4/ip_default_ttl`.) `-` means the option belongs to
//! another protocol than the socket's; an errno name in a cell would mean
//! the kernel refused it.
//!
//! Under strace (`cargo build --example ch07_checkopts` first), one call
//! per cell:
//!
//! ```text
//! $ strace -e trace=socket,getsockopt target/debug/examples/ch07_checkopts
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 4
//! socket(AF_INET6, SOCK_STREAM, IPPROTO_IP) = 5
//! getsockopt(3, SOL_SOCKET, SO_BROADCAST, [0], [4]) = 0
//! …
//! getsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=0, l_linger=0}, [8]) = 0
//! …
//! getsockopt(3, SOL_TCP, TCP_MAXSEG, [536], [4]) = 0
//! ```
//!
//! The lesson: every option has a level (the socket layer, IP, IPv6 or
//! TCP) and a value type (a flag, a number, a `linger`, a `timeval`), and a
//! default you can read before changing anything. Some defaults depend on
//! the protocol (TCP and UDP buffers differ) and some only become real
//! later (TCP_MAXSEG is 536 until a connection negotiates the real MSS).
use socklab::*;

/// How an option's value reads.
#[derive(Clone, Copy)]
enum Opt {
    /// A boolean int: `off`/`on`.
    Flag(SockOpt<c_int>),
    /// A number (bytes, hops, an errno…).
    Int(SockOpt<c_int>),
    /// SO_TYPE: a socket type.
    Type(SockOpt<c_int>),
    /// `struct linger`.
    Linger(SockOpt<linger>),
    /// `struct timeval` (0: wait forever).
    Time(SockOpt<timeval>),
}

/// The table's rows: level and option, in the book's order.
const OPTIONS: [(c_int, Opt); 22] = [
    (SOL_SOCKET, Opt::Flag(SO_BROADCAST)),
    (SOL_SOCKET, Opt::Flag(SO_DEBUG)),
    (SOL_SOCKET, Opt::Flag(SO_DONTROUTE)),
    (SOL_SOCKET, Opt::Int(SO_ERROR)),
    (SOL_SOCKET, Opt::Flag(SO_KEEPALIVE)),
    (SOL_SOCKET, Opt::Linger(SO_LINGER)),
    (SOL_SOCKET, Opt::Flag(SO_OOBINLINE)),
    (SOL_SOCKET, Opt::Int(SO_RCVBUF)),
    (SOL_SOCKET, Opt::Int(SO_SNDBUF)),
    (SOL_SOCKET, Opt::Int(SO_RCVLOWAT)),
    (SOL_SOCKET, Opt::Int(SO_SNDLOWAT)),
    (SOL_SOCKET, Opt::Time(SO_RCVTIMEO)),
    (SOL_SOCKET, Opt::Time(SO_SNDTIMEO)),
    (SOL_SOCKET, Opt::Flag(SO_REUSEADDR)),
    (SOL_SOCKET, Opt::Flag(SO_REUSEPORT)),
    (SOL_SOCKET, Opt::Type(SO_TYPE)),
    (IPPROTO_IP, Opt::Int(IP_TOS)),
    (IPPROTO_IP, Opt::Int(IP_TTL)),
    (IPPROTO_IPV6, Opt::Int(IPV6_UNICAST_HOPS)),
    (IPPROTO_IPV6, Opt::Flag(IPV6_V6ONLY)),
    (IPPROTO_TCP, Opt::Int(TCP_MAXSEG)),
    (IPPROTO_TCP, Opt::Flag(TCP_NODELAY)),
];

/// The three fresh sockets: a column each.
struct Column {
    name: &'static str,
    family: c_int,
    socktype: c_int,
    /// None if the socket could not be created (e.g. no IPv6 here).
    fd: Option<Fd>,
}

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    if std::env::args().len() != 1 {
        return Err("usage: ch07_checkopts".into());
    }

    let mut columns = Vec::new();
    for (name, family, socktype) in [
        ("TCP", AF_INET, SOCK_STREAM),
        ("UDP", AF_INET, SOCK_DGRAM),
        ("TCP6", AF_INET6, SOCK_STREAM),
    ] {
        // IPv4 sockets must exist; an IPv6 column may be missing.
        let fd = match socket(family, socktype, 0) {
            Ok(fd) => Some(fd),
            Err(e) if family == AF_INET6 => {
                let line = format!("(no {name} column: {e})\n");
                eprint!("{line}");
                None
            }
            Err(e) => return Err(e.into()),
        };
        columns.push(Column {
            name,
            family,
            socktype,
            fd,
        });
    }

    let mut header = format!("{:<18} {:<12}", "option", "level");
    for c in &columns {
        header += &format!(" {:<12}", c.name);
    }
    println!("{}", header.trim_end());
    for (level, opt) in OPTIONS {
        let mut row = format!("{:<18} {:<12}", opt_name(opt), level_name(level));
        for c in &columns {
            row += &format!(" {:<12}", cell(c, level, opt));
        }
        println!("{}", row.trim_end());
    }
    Ok(())
}

/// One cell: the option's value on this column's socket, `-` if the option
/// belongs to another protocol, or the errno name if getsockopt failed.
fn cell(c: &Column, level: c_int, opt: Opt) -> String {
    let applies = match level {
        IPPROTO_IP => c.family == AF_INET,
        IPPROTO_IPV6 => c.family == AF_INET6,
        IPPROTO_TCP => c.socktype == SOCK_STREAM,
        _ => true, // SOL_SOCKET: every socket
    };
    let Some(fd) = c.fd.as_ref().filter(|_| applies) else {
        return String::from("-");
    };
    let value = match opt {
        Opt::Flag(o) => {
            getsockopt(fd, level, o).map(|v| String::from(if v != 0 { "on" } else { "off" }))
        }
        Opt::Int(o) => getsockopt(fd, level, o).map(|v| v.to_string()),
        Opt::Type(o) => getsockopt(fd, level, o).map(type_name),
        Opt::Linger(o) => {
            getsockopt(fd, level, o).map(|l| format!("{{{}, {}}}", l.l_onoff, l.l_linger))
        }
        Opt::Time(o) => {
            getsockopt(fd, level, o).map(|t| format!("{}.{:06} s", t.tv_sec, t.tv_usec))
        }
    };
    value.unwrap_or_else(|e| e.errno().map_or_else(|| e.to_string(), errno_name))
}

/// The option's C name. (64-bit Linux calls the classic timeout options
/// `SO_RCVTIMEO_OLD`, as strace shows; the table uses the name in the book.)
fn opt_name(opt: Opt) -> &'static str {
    match opt {
        Opt::Flag(o) | Opt::Int(o) | Opt::Type(o) => o.c_name(),
        Opt::Linger(o) => o.c_name(),
        Opt::Time(o) => o.c_name().trim_end_matches("_OLD"),
    }
}

/// The level as strace names it.
fn level_name(level: c_int) -> &'static str {
    match level {
        SOL_SOCKET => "SOL_SOCKET",
        IPPROTO_IP => "SOL_IP",
        IPPROTO_IPV6 => "SOL_IPV6",
        IPPROTO_TCP => "SOL_TCP",
        _ => "?",
    }
}

fn type_name(t: c_int) -> String {
    match t {
        SOCK_STREAM => String::from("SOCK_STREAM"),
        SOCK_DGRAM => String::from("SOCK_DGRAM"),
        other => other.to_string(),
    }
}
