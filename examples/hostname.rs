//! `hostname [name]` — the lecture notes' host name program: this machine's
//! name from `gethostname()`, then the addresses that name resolves to
//! with `getaddrinfo()` — what Python's `gethostbyname(gethostname())`
//! shows, but every address, IPv4 and IPv6. With a `name` argument it
//! looks that name up instead (`hostname localhost`).
//!
//! Run it (the C twin is `docs/c/hostname.c`):
//! ```text
//! $ cargo run --example hostname
//! Host name: vm
//! Addresses of vm:
//!   AF_INET   127.0.0.1
//! $ cargo run --example hostname -- ::1
//! Host name: vm
//! Addresses of ::1:
//!   AF_INET6  ::1
//! ```
//! (`vm` is the name of the machine this was run on; `localhost` gives
//! `::1` as well as `127.0.0.1` where `/etc/hosts` lists both.) The lookup
//! asks for `SOCK_STREAM` only: without a socket type getaddrinfo answers
//! each address three times, once per type (stream, datagram, raw).
//!
//! **A name that does not resolve** is an error: the host name is printed,
//! then one line on stderr, `getaddrinfo: vm: Name or service not known`,
//! and the exit status is 1 — as Python's `gethostbyname` raises. In a
//! container this is common and harmless: the machine's name is often in
//! neither `/etc/hosts` nor DNS. It is still the right answer to "what
//! are this name's addresses?": none.
//!
//! Watch it: `strace target/debug/examples/hostname` (all calls: the
//! resolver's are the lesson). `gethostname` is one `uname`; `getaddrinfo`
//! is no system call at all but a library routine that makes many —
//! it tries the name service cache daemon, reads the resolver's
//! configuration, and finds the name in `/etc/hosts` (trimmed):
//! ```text
//! uname({sysname="Linux", nodename="vm", ...}) = 0
//! write(1, "Host name: vm\n", 14)         = 14
//! socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0) = 3
//! connect(3, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file or directory)
//! close(3)                                = 0
//! …
//! openat(AT_FDCWD, "/etc/nsswitch.conf", O_RDONLY|O_CLOEXEC) = 3
//! read(3, "# /etc/nsswitch.conf\n#\n# Example"..., 4096) = 526
//! close(3)                                = 0
//! openat(AT_FDCWD, "/etc/host.conf", O_RDONLY|O_CLOEXEC) = 3
//! …
//! openat(AT_FDCWD, "/etc/resolv.conf", O_RDONLY|O_CLOEXEC) = 3
//! …
//! openat(AT_FDCWD, "/etc/hosts", O_RDONLY|O_CLOEXEC) = 3
//! read(3, "127.0.0.1 localhost\n127.0.0.1 ru"..., 4096) = 49
//! close(3)                                = 0
//! write(1, "Addresses of vm:\n", 17)      = 17
//! write(1, "  AF_INET   127.0.0.1\n", 22) = 22
//! ```
//! The C library's own sockets do use `SOCK_CLOEXEC`; socklab's never add it.
use std::error::Error;

use socklab::*;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let asked = match args.as_slice() {
        [_] => None,
        [_, name] => Some(name.as_str()),
        _ => return Err("usage: hostname [name]".into()),
    };

    let name = gethostname()?;
    printf!("Host name: {name}\n")?;
    let lookup = match asked {
        Some(other) => other,
        None => name.as_str(),
    };

    // SOCK_STREAM: one answer per address instead of one per socket type.
    let hints = addrinfo {
        ai_family: AF_UNSPEC,
        ai_socktype: SOCK_STREAM,
        ..addrinfo::default()
    };
    let answers = getaddrinfo(Some(lookup), None, &hints)?;
    printf!("Addresses of {lookup}:\n")?;
    for ai in &answers {
        match &ai.ai_addr {
            Some(SockAddr::Inet(sin)) => {
                printf!("  AF_INET   {}\n", inet_ntop(AF_INET, &sin.sin_addr)?)?;
            }
            Some(SockAddr::Inet6(sin6)) => {
                printf!("  AF_INET6  {}\n", inet_ntop(AF_INET6, &sin6.sin6_addr)?)?;
            }
            _ => {} // AF_UNSPEC asks for IPv4 and IPv6 only
        }
    }
    Ok(())
}
