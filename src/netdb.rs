//! `<netdb.h>` — names to addresses with [`getaddrinfo`].
//!
//! `inet_pton` only understands numbers (`127.0.0.1`); a name such as
//! `localhost` or a machine's host name needs the resolver: `/etc/hosts`,
//! then DNS, as `/etc/nsswitch.conf` says. `getaddrinfo` does that for
//! IPv4 and IPv6 at once, and for service names (`"daytime"` → 13) too.

use libc::c_int;

use crate::addr::{AsSockAddr, SockAddr};
use crate::error::{Error, Result};
use crate::sys::{self, RawAddrInfo};

#[doc(no_inline)]
pub use crate::consts::{
    AI_ADDRCONFIG, AI_ALL, AI_V4MAPPED, EAI_AGAIN, EAI_FAMILY, EAI_NONAME, EAI_SERVICE,
    HOST_NOT_FOUND, NI_DGRAM, NI_NAMEREQD, NI_NOFQDN, NI_NUMERICHOST, NI_NUMERICSERV, NO_DATA,
    NO_RECOVERY, TRY_AGAIN,
};
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
) -> Result<addrinfo_list> {
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
        Ok(raw) => {
            let items = raw.entries().into_iter().map(from_raw).collect();
            Ok(addrinfo_list { _raw: raw, items })
        }
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

// ---------------------------------------------------------------------
// ---- ch11 (issue 11): the rest of <netdb.h> ----
// ---------------------------------------------------------------------

/// The answers of [`getaddrinfo`]: C's `struct addrinfo *res`, owned.
///
/// It holds the C library's linked list and frees it with
/// `freeaddrinfo(res)` when dropped — the call a C program must not
/// forget (and must not make twice). The nodes are copied into
/// [`addrinfo`] values once, so it reads like a slice: `res[0]`,
/// `res.len()`, `for ai in &res`, `for ai in res`.
///
/// ```
/// use socklab::*;
/// let hints = addrinfo { ai_socktype: SOCK_STREAM, ..Default::default() };
/// let res = getaddrinfo(Some("127.0.0.1"), Some("9877"), &hints)?;
/// assert_eq!(res.len(), 1);
/// for ai in &res {
///     assert_eq!(ai.ai_family, AF_INET);
/// }
/// drop(res); // freeaddrinfo(res)
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(freeaddrinfo(3))]
#[allow(non_camel_case_types)]
pub struct addrinfo_list {
    // Field order matters not: the copies own their data.
    _raw: sys::AddrInfoList,
    items: Vec<addrinfo>,
}

impl std::ops::Deref for addrinfo_list {
    type Target = [addrinfo];
    fn deref(&self) -> &[addrinfo] {
        &self.items
    }
}

impl std::fmt::Debug for addrinfo_list {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.items).finish()
    }
}

impl IntoIterator for addrinfo_list {
    type Item = addrinfo;
    type IntoIter = std::vec::IntoIter<addrinfo>;
    /// The answers in order; the C list is freed at once.
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a> IntoIterator for &'a addrinfo_list {
    type Item = &'a addrinfo;
    type IntoIter = std::slice::Iter<'a, addrinfo>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// `gai_strerror(code)`—the text of a `getaddrinfo`/`getnameinfo` error
/// code (`EAI_NONAME` → `Name or service not known`).
///
/// ```
/// use socklab::*;
/// assert_eq!(gai_strerror(EAI_NONAME), "Name or service not known");
/// ```
///
#[doc = man_links!(gai_strerror(3))]
pub fn gai_strerror(code: c_int) -> String {
    sys::gai_strerror(code)
}

/// `hstrerror(h_errno)`—the text of a `gethostbyname`/`gethostbyaddr`
/// error code (`HOST_NOT_FOUND` → `Unknown host`).
///
/// ```
/// use socklab::*;
/// assert_eq!(hstrerror(HOST_NOT_FOUND), "Unknown host");
/// ```
///
/// # References
/// [gethostbyname(3)](https://man7.org/linux/man-pages/man3/gethostbyname.3.html)
pub fn hstrerror(code: c_int) -> String {
    sys::hstrerror(code)
}

/// `struct hostent`—what [`gethostbyname`] and [`gethostbyaddr`] return,
/// as an owned copy.
///
/// **The re-entrancy trap.** In C these functions return a pointer to ONE
/// static `struct hostent` inside the C library. The next call — from
/// your code, from a library you call, from another thread, from a signal
/// handler — overwrites it: the book's §11.18 example calls
/// `gethostbyaddr` while walking the `h_addr_list` of `gethostbyname`'s
/// answer, and the list it walks changes under it. socklab copies every
/// field out at once, before returning, so the value you hold can never
/// change. (The thread-safe C answers are `gethostbyname_r` and, better,
/// [`getaddrinfo`].)
///
/// ```
/// use socklab::*;
/// let h = gethostbyname("localhost")?;
/// let again = gethostbyaddr(&h.h_addr_list[0], AF_INET)?; // C: overwrites *h
/// assert_eq!(h.h_addrtype, AF_INET);                      // here: h unchanged
/// assert_eq!(again.h_addr_list[0], h.h_addr_list[0]);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [gethostbyname(3)](https://man7.org/linux/man-pages/man3/gethostbyname.3.html)
#[allow(non_camel_case_types)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct hostent {
    /// The official (canonical) name of the host.
    pub h_name: String,
    /// Other names of the host (C: a NULL-terminated array).
    pub h_aliases: Vec<String>,
    /// The address family: `AF_INET` (or `AF_INET6`).
    pub h_addrtype: c_int,
    /// The length of each address in bytes: 4 for `AF_INET`.
    pub h_length: c_int,
    /// The addresses, each `h_length` bytes in network byte order (C: a
    /// NULL-terminated array of pointers; `h_addr` is the first).
    pub h_addr_list: Vec<Vec<u8>>,
}

impl hostent {
    /// The addresses as text, with `inet_ntop(h_addrtype, …)`.
    ///
    /// ```
    /// use socklab::*;
    /// assert!(gethostbyname("localhost")?.addrs().contains(&"127.0.0.1".to_string()));
    /// # Ok::<(), socklab::Error>(())
    /// ```
    pub fn addrs(&self) -> Vec<String> {
        self.h_addr_list
            .iter()
            .map(|a| {
                sys::inet_ntop(self.h_addrtype, a)
                    .unwrap_or_else(|_| String::from("(unprintable address)"))
            })
            .collect()
    }
}

fn from_raw_hostent(h: sys::RawHostent) -> hostent {
    hostent {
        h_name: h.name,
        h_aliases: h.aliases,
        h_addrtype: h.addrtype,
        h_length: h.length,
        h_addr_list: h.addrs,
    }
}

fn host_error(call: &'static str, what: String, code: c_int) -> Error {
    Error::Lookup {
        call,
        what,
        code,
        message: sys::hstrerror(code),
    }
}

/// `gethostbyname(name)`—looks up an IPv4 host by name (or dotted
/// number) and returns an owned copy of its [`hostent`].
///
/// Not a system call, and not traced: the C library reads
/// `/etc/nsswitch.conf` and `/etc/hosts` (`openat`, `read`, `close` under
/// strace), may try the name-service cache daemon (`socket(AF_UNIX…)`,
/// `connect` to `/var/run/nscd/socket`), then asks DNS (`socket(AF_INET,
/// SOCK_DGRAM…)`, `sendto`, `recvfrom` to port 53) if `/etc/hosts` does
/// not know the name. See [`hostent`] for the static-buffer trap this
/// copy avoids.
///
/// # Errors
/// [`Error::Lookup`] with `h_errno` as its code and `hstrerror`'s text:
/// `gethostbyname: nosuchhost: Unknown host` (`HOST_NOT_FOUND`), `Host name
/// lookup failure` (`TRY_AGAIN`, DNS unreachable), `No address associated
/// with name` (`NO_DATA`).
///
/// ```
/// use socklab::*;
/// let h = gethostbyname("localhost")?;
/// assert_eq!(h.h_length, 4);
/// // refused by the C library without a DNS query (a label over 63 bytes)
/// let name = "no-such-host-its-first-label-is-too-long-for-dns-so-no-query-is-sent.invalid";
/// let err = gethostbyname(name).unwrap_err();
/// assert!(err.to_string().starts_with(&format!("gethostbyname: {name}: ")));
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [gethostbyname(3)](https://man7.org/linux/man-pages/man3/gethostbyname.3.html),
/// UNP vol. 1, §11.3.
pub fn gethostbyname(name: &str) -> Result<hostent> {
    let c_name = sys::cstring("gethostbyname", name)?;
    sys::gethostbyname(&c_name)
        .map(from_raw_hostent)
        .map_err(|code| host_error("gethostbyname", name.to_string(), code))
}

/// `gethostbyaddr(addr, len, family)`—the reverse lookup: the name of the
/// host with address `addr` (`addr.len()` bytes of `family`, in network
/// byte order: an `h_addr_list` entry, or `in_addr`'s bytes).
///
/// Not a system call, and not traced: the C library reads `/etc/hosts`
/// (and may ask DNS for a `PTR` record: `…in-addr.arpa`). The answer is an
/// owned copy (see [`hostent`]).
///
/// # Errors
/// [`Error::Lookup`] with `h_errno` and `hstrerror`'s text, e.g.
/// `gethostbyaddr: 192.0.2.1: Unknown host`.
///
/// ```
/// use socklab::*;
/// let h = gethostbyaddr(&[127, 0, 0, 1], AF_INET)?;
/// assert!(!h.h_name.is_empty()); // "localhost", from /etc/hosts
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [gethostbyaddr(3)](https://man7.org/linux/man-pages/man3/gethostbyaddr.3.html),
/// UNP vol. 1, §11.4.
pub fn gethostbyaddr(addr: &[u8], family: c_int) -> Result<hostent> {
    sys::gethostbyaddr(addr, family)
        .map(from_raw_hostent)
        .map_err(|code| {
            let what = sys::inet_ntop(family, addr).unwrap_or_else(|_| format!("{addr:?}"));
            host_error("gethostbyaddr", what, code)
        })
}

/// `struct servent`—what [`getservbyname`] and [`getservbyport`] return,
/// as an owned copy (C's is static, like `hostent`'s).
///
/// # References
/// [getservent(3)](https://man7.org/linux/man-pages/man3/getservent.3.html)
#[allow(non_camel_case_types)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct servent {
    /// The official service name, e.g. `"daytime"`.
    pub s_name: String,
    /// Other names of the service.
    pub s_aliases: Vec<String>,
    /// The port **in network byte order**, as in C: `ntohs(s_port as u16)`
    /// is the number, and it goes into `sin_port` as it is.
    pub s_port: c_int,
    /// The protocol, `"tcp"` or `"udp"`.
    pub s_proto: String,
}

fn from_raw_servent(s: sys::RawServent) -> servent {
    servent {
        s_name: s.name,
        s_aliases: s.aliases,
        s_port: s.port,
        s_proto: s.proto,
    }
}

fn no_service(call: &'static str, what: String) -> Error {
    Error::Lookup {
        call,
        what,
        code: 0,
        message: String::from("no such service in /etc/services"),
    }
}

/// `getservbyname(name, proto)`—the port of a service name from
/// `/etc/services` (`"daytime"`, `"tcp"` → port 13 in network order).
/// `proto` `None` is C's NULL: any protocol.
///
/// Not a system call, and not traced: the C library opens and reads
/// `/etc/services` (`openat`, `read`, `close` under strace).
///
/// # Errors
/// C returns NULL, with no code: [`Error::Lookup`] `getservbyname:
/// nosuchservice/tcp: no such service in /etc/services`.
///
/// ```
/// use socklab::*;
/// let sp = getservbyname("daytime", Some("tcp"))?;
/// assert_eq!(ntohs(sp.s_port as u16), 13);
/// assert!(getservbyname("no-such-service", Some("tcp")).is_err());
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [getservbyname(3)](https://man7.org/linux/man-pages/man3/getservbyname.3.html),
/// UNP vol. 1, §11.5.
pub fn getservbyname(name: &str, proto: Option<&str>) -> Result<servent> {
    let c_name = sys::cstring("getservbyname", name)?;
    let c_proto = proto
        .map(|p| sys::cstring("getservbyname", p))
        .transpose()?;
    sys::getservbyname(&c_name, c_proto.as_deref())
        .map(from_raw_servent)
        .ok_or_else(|| no_service("getservbyname", format!("{name}/{}", proto.unwrap_or("*"))))
}

/// `getservbyport(port, proto)`—the service name of a port (`port` in
/// network byte order, as C takes it: `htons(13)`).
///
/// Not a system call, and not traced: reads `/etc/services`.
///
/// # Errors
/// [`Error::Lookup`] `getservbyport: 4/tcp: no such service in /etc/services`.
///
/// ```
/// use socklab::*;
/// let sp = getservbyport(htons(13) as i32, Some("tcp"))?;
/// assert_eq!(sp.s_name, "daytime");
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [getservbyport(3)](https://man7.org/linux/man-pages/man3/getservbyport.3.html),
/// UNP vol. 1, §11.5.
pub fn getservbyport(port: c_int, proto: Option<&str>) -> Result<servent> {
    let c_proto = proto
        .map(|p| sys::cstring("getservbyport", p))
        .transpose()?;
    sys::getservbyport(port, c_proto.as_deref())
        .map(from_raw_servent)
        .ok_or_else(|| {
            let number = u16::from_be(port as u16);
            no_service(
                "getservbyport",
                format!("{number}/{}", proto.unwrap_or("*")),
            )
        })
}

/// `getnameinfo(sa, salen, host, NI_MAXHOST, serv, NI_MAXSERV, flags)`—the
/// reverse of [`getaddrinfo`]: a socket address to a host name and a
/// service name, returned as `(host, serv)`.
///
/// Flags: `NI_NUMERICHOST` (the address as a number: no lookup),
/// `NI_NUMERICSERV` (the port as a number), `NI_NAMEREQD` (fail rather
/// than return a number when the address has no name), `NI_DGRAM` (a UDP
/// service: some ports name different services for TCP and UDP).
///
/// Not a system call, and not traced: without `NI_NUMERICHOST` the C
/// library reads `/etc/hosts` (and may ask DNS for a `PTR` record);
/// without `NI_NUMERICSERV` it reads `/etc/services`.
///
/// # Errors
/// [`Error::Lookup`] with the `EAI_*` code and `gai_strerror`'s text, e.g.
/// `getnameinfo: 192.0.2.1:9: Name or service not known` (`EAI_NONAME`,
/// with `NI_NAMEREQD` and no name).
///
/// ```
/// use socklab::*;
/// let sa = sockaddr_in::new(INADDR_LOOPBACK, 13);
/// let (host, serv) = getnameinfo(&sa, NI_NUMERICHOST | NI_NUMERICSERV)?;
/// assert_eq!((host.as_str(), serv.as_str()), ("127.0.0.1", "13"));
/// let (_, serv) = getnameinfo(&sa, NI_NUMERICHOST)?;
/// assert_eq!(serv, "daytime");
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(getnameinfo(3))]
pub fn getnameinfo(sa: &impl AsSockAddr, flags: c_int) -> Result<(String, String)> {
    let addr = sa.to_sockaddr();
    let raw = sys::RawAddr::new(&addr);
    sys::getnameinfo(&raw, flags).map_err(|(code, errno)| {
        if code == libc::EAI_SYSTEM {
            return Error::sys("getnameinfo", errno);
        }
        Error::Lookup {
            call: "getnameinfo",
            what: addr.to_string(),
            code,
            message: sys::gai_strerror(code),
        }
    })
}
// ---- end ch11 ----

// ---------------------------------------------------------------------
// Chapter 21 (multicasting): <net/if.h>'s interface names and indexes.
// [ch21 block]
// ---------------------------------------------------------------------

/// `if_nametoindex(ifname)`—the index of the interface called `ifname`
/// (`eth0` → 2): how the multicast options name an interface.
///
/// A C library function, not a system call: glibc opens a socket, asks
/// with `ioctl(SIOCGIFINDEX)` and closes it — three lines in strace that
/// trace mode does not print.
///
/// # Errors
/// `ENODEV`: no interface of that name (C returns 0 and sets errno).
///
/// ```
/// use socklab::*;
/// assert_eq!(if_nametoindex("lo")?, 1);
/// assert!(if_nametoindex("no-such-if").is_err());
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(if_nametoindex(3))]
pub fn if_nametoindex(ifname: &str) -> Result<libc::c_uint> {
    let name = sys::cstring("if_nametoindex", ifname)?;
    sys::if_nametoindex(&name)
}

/// `if_indextoname(ifindex, buf)`—the name of interface number `ifindex`
/// (`1` → `lo`). A C library function, like [`if_nametoindex`].
///
/// # Errors
/// `ENXIO`: no interface has that index.
///
/// ```
/// use socklab::*;
/// assert_eq!(if_indextoname(1)?, "lo");
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(if_indextoname(3))]
pub fn if_indextoname(ifindex: libc::c_uint) -> Result<String> {
    sys::if_indextoname(ifindex)
}

// [ch13 block, issue 11] the static-hostent trap, shown safely

/// `*hptr`, read again—a copy of the C library's static `struct hostent`
/// as it is **now**: what a C program reads through the pointer its last
/// `gethostbyname` returned. `None` before any `gethostbyname`.
///
/// This is the re-entrancy trap of UNP §11.18 made visible without
/// `unsafe`: [`gethostbyname`] copies its answer at once, so the
/// [`hostent`] you hold never changes; this function shows what a C
/// program holding the *pointer* would see after a second call — the
/// second call's answer. (glibc keeps one static `hostent` per function:
/// `gethostbyaddr`'s is another.) No system call.
///
/// ```
/// use socklab::*;
/// let h1 = gethostbyname("localhost")?;  // C: hptr1 = gethostbyname("localhost")
/// let h2 = gethostbyname("127.0.0.1")?;  // C: hptr2 = gethostbyname("127.0.0.1")
/// let c_h1 = static_hostent().unwrap();  // C: *hptr1, now
/// assert_eq!(c_h1.h_name, h2.h_name);     // C's hptr1 == hptr2: overwritten
/// assert_eq!(h1.h_name, "localhost");     // socklab's copy: unchanged
/// # Ok::<(), socklab::Error>(())
/// ```
pub fn static_hostent() -> Option<hostent> {
    sys::static_hostent().map(from_raw_hostent)
}
