//! `ch07_checkopts` — UNP chapter 7, Figures 7.2–7.5: the default value of
//! every socket option, as `getsockopt` reports it on a fresh socket
//! (nothing bound, nothing connected). The book's way: a table names each
//! option, its level and how to print its value; for each row the program
//! creates a TCP socket (IPv6 for the `IPPROTO_IPV6` options), asks, prints
//! and closes it.
//!
//! Run it (one terminal, no arguments):
//!
//! ```text
//! $ cargo run --example ch07_checkopts
//! SO_BROADCAST: default = off
//! SO_DEBUG: default = off
//! …
//! SO_LINGER: default = l_onoff = 0, l_linger = 0
//! …
//! SO_RCVBUF: default = 131072
//! SO_SNDBUF: default = 16384
//! …
//! SO_RCVTIMEO: default = 0 sec, 0 usec
//! …
//! SO_TYPE: default = 1
//! IP_TOS: default = 0
//! IP_TTL: default = 64
//! IPV6_UNICAST_HOPS: default = 64
//! IPV6_V6ONLY: default = off
//! TCP_MAXSEG: default = 536
//! TCP_NODELAY: default = off
//! ```
//!
//! (The numbers are this machine's: buffer sizes come from
//! `/proc/sys/net/ipv4/tcp_rmem` and `tcp_wmem`, the TTL from
//! `net/ipv4/ip_default_ttl`.) SO_TYPE 1 is SOCK_STREAM.
//!
//! The C twin is `docs/c/ch07_checkopts.c` (`cc -o checkopts
//! docs/c/ch07_checkopts.c`): same table, same output, same calls.
//!
//! Under strace (`cargo build --example ch07_checkopts` first), three
//! calls per row:
//!
//! ```text
//! $ strace -e trace=socket,getsockopt,close target/debug/examples/ch07_checkopts
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! getsockopt(3, SOL_SOCKET, SO_BROADCAST, [0], [4]) = 0
//! close(3)                                = 0
//! …
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! getsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=0, l_linger=0}, [8]) = 0
//! close(3)                                = 0
//! …
//! ```
//!
//! One difference from the C twin shows there: the C program passes the
//! size of its `union val` (16 bytes) whatever the option, and the kernel
//! writes back the size it used (`[16 => 4]`); socklab's `getsockopt` is
//! typed and passes the size of the option's own type (`[4]`).
//!
//! The lesson: every option has a level (the socket layer, IP, IPv6 or
//! TCP) and a value type (a flag, a number, a `linger`, a `timeval`), and a
//! default you can read before changing anything. Some defaults only become
//! real later (TCP_MAXSEG is 536 until a connection negotiates the real MSS).

use socklab::*;

/// How an option's value is printed (the book's `sock_str_*` functions),
/// with the option itself, typed by its value.
#[derive(Clone, Copy)]
enum Val {
    /// `sock_str_flag`: an int, `off` or `on`.
    Flag(SockOpt<c_int>),
    /// `sock_str_int`: an int.
    Int(SockOpt<c_int>),
    /// `sock_str_linger`: a `struct linger`.
    Linger(SockOpt<linger>),
    /// `sock_str_timeval`: a `struct timeval`.
    Timeval(SockOpt<timeval>),
}

/// One row of the book's `struct sock_opts` table.
struct SockOpts {
    opt_str: &'static str,
    opt_level: c_int,
    opt_val: Val,
}

const fn row(opt_str: &'static str, opt_level: c_int, opt_val: Val) -> SockOpts {
    SockOpts {
        opt_str,
        opt_level,
        opt_val,
    }
}

/// The table, in the book's order.
const SOCK_OPTS: [SockOpts; 22] = [
    row("SO_BROADCAST", SOL_SOCKET, Val::Flag(SO_BROADCAST)),
    row("SO_DEBUG", SOL_SOCKET, Val::Flag(SO_DEBUG)),
    row("SO_DONTROUTE", SOL_SOCKET, Val::Flag(SO_DONTROUTE)),
    row("SO_ERROR", SOL_SOCKET, Val::Int(SO_ERROR)),
    row("SO_KEEPALIVE", SOL_SOCKET, Val::Flag(SO_KEEPALIVE)),
    row("SO_LINGER", SOL_SOCKET, Val::Linger(SO_LINGER)),
    row("SO_OOBINLINE", SOL_SOCKET, Val::Flag(SO_OOBINLINE)),
    row("SO_RCVBUF", SOL_SOCKET, Val::Int(SO_RCVBUF)),
    row("SO_SNDBUF", SOL_SOCKET, Val::Int(SO_SNDBUF)),
    row("SO_RCVLOWAT", SOL_SOCKET, Val::Int(SO_RCVLOWAT)),
    row("SO_SNDLOWAT", SOL_SOCKET, Val::Int(SO_SNDLOWAT)),
    row("SO_RCVTIMEO", SOL_SOCKET, Val::Timeval(SO_RCVTIMEO)),
    row("SO_SNDTIMEO", SOL_SOCKET, Val::Timeval(SO_SNDTIMEO)),
    row("SO_REUSEADDR", SOL_SOCKET, Val::Flag(SO_REUSEADDR)),
    row("SO_REUSEPORT", SOL_SOCKET, Val::Flag(SO_REUSEPORT)),
    row("SO_TYPE", SOL_SOCKET, Val::Int(SO_TYPE)),
    row("IP_TOS", IPPROTO_IP, Val::Int(IP_TOS)),
    row("IP_TTL", IPPROTO_IP, Val::Int(IP_TTL)),
    row(
        "IPV6_UNICAST_HOPS",
        IPPROTO_IPV6,
        Val::Int(IPV6_UNICAST_HOPS),
    ),
    row("IPV6_V6ONLY", IPPROTO_IPV6, Val::Flag(IPV6_V6ONLY)),
    row("TCP_MAXSEG", IPPROTO_TCP, Val::Int(TCP_MAXSEG)),
    row("TCP_NODELAY", IPPROTO_TCP, Val::Flag(TCP_NODELAY)),
];

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    if std::env::args_os().len() != 1 {
        return Err("usage: ch07_checkopts".into());
    }
    for ptr in &SOCK_OPTS {
        printf!("{}: ", ptr.opt_str)?;
        let fd = match ptr.opt_level {
            SOL_SOCKET | IPPROTO_IP | IPPROTO_TCP => socket(AF_INET, SOCK_STREAM, 0)?,
            IPPROTO_IPV6 => socket(AF_INET6, SOCK_STREAM, 0)?,
            level => return Err(format!("can't create fd for level {level}").into()),
        };
        match opt_val_str(&fd, ptr) {
            Ok(text) => {
                printf!("default = {text}\n")?;
            }
            // printf! has written the option's name already: then the error
            Err(e) => perror(&e),
        }
        close(fd)?;
    }
    exit(0);
}

/// getsockopt, and the value as the book's `sock_str_*` functions print it.
fn opt_val_str(fd: &Fd, ptr: &SockOpts) -> Result<String> {
    let level = ptr.opt_level;
    Ok(match ptr.opt_val {
        Val::Flag(o) => String::from(match getsockopt(fd, level, o)? {
            0 => "off",
            _ => "on",
        }),
        Val::Int(o) => getsockopt(fd, level, o)?.to_string(),
        Val::Linger(o) => {
            let l = getsockopt(fd, level, o)?;
            format!("l_onoff = {}, l_linger = {}", l.l_onoff, l.l_linger)
        }
        Val::Timeval(o) => {
            let t = getsockopt(fd, level, o)?;
            format!("{} sec, {} usec", t.tv_sec, t.tv_usec)
        }
    })
}
