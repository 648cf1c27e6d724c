//! `<netdb.h>` — names to addresses with [`getaddrinfo`].
//!
//! `inet_pton` only understands numbers (`127.0.0.1`); a name such as
//! `localhost` or a machine's host name needs the resolver: `/etc/hosts`,
//! then DNS, as `/etc/nsswitch.conf` says. `getaddrinfo` does that for
//! IPv4 and IPv6 at once, and for service names (`"daytime"` → 13) too.

use libc::c_int;

use crate::addr::SockAddr;
use crate::error::{Error, Result};
use crate::sys::{self, RawAddrInfo};

#[doc(no_inline)]
pub use crate::consts::{AI_CANONNAME, AI_NUMERICHOST, AI_NUMERICSERV, AI_PASSIVE};

/// `struct addrinfo`—one answer of [`getaddrinfo`], and the shape of its
/// `hints`.
///
/// As hints, set the fields you care about and leave the rest 0 (the
/// `Default`): `ai_family` (`AF_INET`, `AF_INET6`, or `AF_UNSPEC` for
/// both), `ai_socktype` (`SOCK_STREAM`…), `ai_flags` (`AI_PASSIVE` for a
/// server's wildcard address, `AI_CANONNAME`…).
///
/// In C the hints are a zeroed struct with a few fields set, and the
/// answers a linked list followed through `ai_next` and freed with
/// `freeaddrinfo`; here they are a struct literal and a `Vec`:
///
/// ```
/// use socklab::*;
/// // bzero(&hints, sizeof hints); hints.ai_family = AF_INET; hints.ai_socktype = SOCK_STREAM;
/// let hints = addrinfo { ai_family: AF_INET, ai_socktype: SOCK_STREAM, ..Default::default() };
/// // for (ai = res; ai != NULL; ai = ai->ai_next)
/// for ai in getaddrinfo(Some("127.0.0.1"), Some("13"), &hints)? {
///     if let Some(addr) = ai.ai_addr {
///         println!("try {addr}"); // 127.0.0.1:13
///     }
/// }
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [getaddrinfo(3)](https://man7.org/linux/man-pages/man3/getaddrinfo.3.html),
/// [POSIX `<netdb.h>`](https://pubs.opengroup.org/onlinepubs/9799919799/basedefs/netdb.h.html)
#[allow(non_camel_case_types)]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct addrinfo {
    /// `AI_PASSIVE`, `AI_CANONNAME`, `AI_NUMERICHOST`… (hints only).
    pub ai_flags: c_int,
    /// Address family: `AF_INET`, `AF_INET6`, or `AF_UNSPEC` (hints: any).
    pub ai_family: c_int,
    /// Socket type: `SOCK_STREAM`, `SOCK_DGRAM`, or 0 (hints: any).
    pub ai_socktype: c_int,
    /// Protocol: `IPPROTO_TCP`, `IPPROTO_UDP`, or 0.
    pub ai_protocol: c_int,
    /// The address, ready for `connect`/`bind` (answers only).
    pub ai_addr: Option<SockAddr>,
    /// The canonical name, in the first answer when `AI_CANONNAME` was asked.
    pub ai_canonname: Option<String>,
}

/// `getaddrinfo(host, service, &hints, &res)`—looks up a host name and/or a
/// service and returns the socket addresses to try, in order.
///
/// `host` may be a name or a numeric address; `None` with `AI_PASSIVE`
/// gives the wildcard address for a server, without `AI_PASSIVE` the
/// loopback address. `service` may be a port number or a name from
/// `/etc/services`. The C list is copied into a `Vec` and freed
/// (`freeaddrinfo`) before returning.
///
/// Not a system call: the C library reads files (`/etc/hosts`,
/// `/etc/nsswitch.conf`) and may ask a DNS server; under strace that shows
/// as `openat`, `read`, `socket`, `connect`… calls of its own.
///
/// # Errors
/// A name that does not resolve is an [`Error::AddrInfo`] whose text is
/// `gai_strerror`'s: `getaddrinfo: nosuchhost.invalid: Name or service not
/// known`. Its code is `EAI_NONAME` (or `EAI_AGAIN` when DNS is unreachable).
///
/// ```
/// use socklab::*;
/// let hints = addrinfo { ai_family: AF_INET, ai_socktype: SOCK_STREAM, ..Default::default() };
/// let res = getaddrinfo(Some("localhost"), Some("9877"), &hints)?;
/// assert_eq!(res[0].ai_addr, Some("127.0.0.1:9877".parse()?));
///
/// // A first label over 63 bytes: refused without asking DNS, so this
/// // example sends nothing over the network (`no-such-host.invalid`
/// // would be a query to your name server, with the same answer).
/// let name = "no-such-host-its-first-label-is-too-long-for-dns-so-no-query-is-sent.invalid";
/// let err = getaddrinfo(Some(name), None, &hints).unwrap_err();
/// assert!(err.to_string().starts_with(&format!("getaddrinfo: {name}: ")));
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(getaddrinfo(3))]
pub fn getaddrinfo(
    host: Option<&str>,
    service: Option<&str>,
    hints: &addrinfo,
) -> Result<Vec<addrinfo>> {
    let c_host = host.map(|h| sys::cstring("getaddrinfo", h)).transpose()?;
    let c_serv = service
        .map(|s| sys::cstring("getaddrinfo", s))
        .transpose()?;
    let raw_hints = RawAddrInfo {
        flags: hints.ai_flags,
        family: hints.ai_family,
        socktype: hints.ai_socktype,
        protocol: hints.ai_protocol,
        addr: None,
        canonname: None,
    };
    match sys::getaddrinfo(c_host.as_deref(), c_serv.as_deref(), &raw_hints) {
        Ok(list) => Ok(list.into_iter().map(from_raw).collect()),
        Err((code, errno, message)) => Err(lookup_error(host, service, code, errno, message)),
    }
}

fn from_raw(ai: RawAddrInfo) -> addrinfo {
    addrinfo {
        ai_flags: ai.flags,
        ai_family: ai.family,
        ai_socktype: ai.socktype,
        ai_protocol: ai.protocol,
        ai_addr: ai.addr,
        ai_canonname: ai.canonname,
    }
}

fn lookup_error(
    host: Option<&str>,
    service: Option<&str>,
    code: c_int,
    errno: crate::error::Errno,
    message: String,
) -> Error {
    if code == libc::EAI_SYSTEM {
        return Error::sys("getaddrinfo", errno);
    }
    let what = match (host, service) {
        (Some(h), Some(s)) => format!("{h} port {s}"),
        (Some(h), None) => h.to_string(),
        (None, Some(s)) => format!("port {s}"),
        (None, None) => String::from("(nothing)"),
    };
    Error::AddrInfo {
        host: what,
        code,
        message,
    }
}

/// Resolves `host` (a name or a dotted IPv4 address) to its first IPv4
/// address with `port`: the step every client example takes with its
/// command-line arguments.
///
/// Calls: 1. `inet_pton(AF_INET, host)` (no system call); if `host` is not
/// a numeric address, 2. [`getaddrinfo`]`(host, NULL, {AF_INET})`.
///
/// # Errors
/// The host does not resolve ([`Error::AddrInfo`]), or it is an IPv6 literal
/// (`::1`), which an IPv4 program cannot use.
///
/// ```
/// use socklab::*;
/// assert_eq!(resolve_ipv4("localhost", 13)?.to_string(), "127.0.0.1:13");
/// assert!(resolve_ipv4("::1", 13).is_err());
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// It replaces the C client's `bzero` + `sin_family` + `htons(port)` +
/// `inet_pton(AF_INET, argv[1], &servaddr.sin_addr)` — which accepts only
/// dotted numbers — and adds the name lookup.
///
/// # References
/// [inet_pton(3)](https://man7.org/linux/man-pages/man3/inet_pton.3.html),
/// [getaddrinfo(3)](https://man7.org/linux/man-pages/man3/getaddrinfo.3.html)
pub fn resolve_ipv4(host: &str, port: u16) -> Result<crate::addr::sockaddr_in> {
    let mut addr = crate::addr::sockaddr_in::new(0, port);
    if crate::arpa_inet::inet_pton(libc::AF_INET, host, &mut addr.sin_addr).is_ok() {
        return Ok(addr);
    }
    if host.contains(':') {
        return Err(Error::invalid(
            "resolve",
            format!("{host:?} is an IPv6 address; this program speaks IPv4 (AF_INET)"),
        ));
    }
    let hints = addrinfo {
        ai_family: libc::AF_INET,
        ..addrinfo::default()
    };
    for ai in getaddrinfo(Some(host), None, &hints)? {
        if let Some(SockAddr::Inet(found)) = ai.ai_addr {
            addr.sin_addr = found.sin_addr;
            return Ok(addr);
        }
    }
    Err(Error::AddrInfo {
        host: host.to_string(),
        code: libc::EAI_NONAME,
        message: String::from("no IPv4 address"),
    })
}
