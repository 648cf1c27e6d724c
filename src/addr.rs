//! `<netinet/in.h>`, `<sys/un.h>`, `<arpa/inet.h>` — socket addresses,
//! byte order, and text ↔ binary address conversion.
//!
//! The C structs keep their names and fields: [`sockaddr_in`] has
//! `sin_family`, `sin_port` (network byte order) and `sin_addr.s_addr`
//! (network byte order), so a C program's address setup reads the same:
//!
//! ```
//! use socklab::*;
//!
//! let mut servaddr = sockaddr_in::default();      // bzero(&servaddr, ...)
//! servaddr.sin_family = AF_INET;
//! servaddr.sin_port = htons(SERV_PORT);
//! inet_pton(AF_INET, "127.0.0.1", &mut servaddr.sin_addr)?;
//!
//! // the short way, same value:
//! let short: sockaddr_in = "127.0.0.1:9877".parse()?;
//! assert_eq!(servaddr, short);
//!
//! assert_eq!(servaddr.to_string(), "127.0.0.1:9877");   // sock_ntop's form
//! assert_eq!(format!("{servaddr:?}"),                    // strace's form
//!     r#"{sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}"#);
//! # Ok::<(), socklab::Error>(())
//! ```
//!
//! `Display` is `sock_ntop`'s text and `Debug` is how `strace` prints the
//! struct, so what a program prints lines up with what strace shows.
#![allow(non_camel_case_types, non_upper_case_globals)] // the C names are the point

use std::ffi::OsStr;
use std::fmt;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use libc::c_int;

use crate::consts::{AF_INET, AF_INET6, AF_UNIX};
use crate::error::{Error, Result};

/// Offset of `sun_path` in `struct sockaddr_un` (C's `offsetof`).
pub(crate) const SUN_PATH_OFFSET: usize = std::mem::offset_of!(libc::sockaddr_un, sun_path);

/// `sizeof(((struct sockaddr_un *)0)->sun_path)`: 108 on Linux, 104 on macOS.
pub(crate) const SUN_PATH_LEN: usize = std::mem::size_of::<libc::sockaddr_un>() - SUN_PATH_OFFSET;

// ---------------------------------------------------------------------
// Byte order
// ---------------------------------------------------------------------

/// `htons(hostshort)`—converts a 16-bit value (a port) from host to network
/// byte order (big-endian).
///
/// On a little-endian machine (x86, most ARM) this swaps the two bytes; on a
/// big-endian machine it does nothing. Forgetting it is the classic bug:
/// port 13 (`0x000d`) goes on the wire as `0x0d00`, port 3328.
///
/// ```
/// assert_eq!(socklab::htons(13).to_ne_bytes(), [0, 13]); // big-endian in memory
/// ```
///
#[doc = man_links!(byteorder(3), posix: htons)]
pub const fn htons(hostshort: u16) -> u16 {
    hostshort.to_be()
}

/// `ntohs(netshort)`—converts a 16-bit value from network to host byte order.
///
/// ```
/// use socklab::*;
/// assert_eq!(ntohs(htons(9877)), 9877);
/// ```
///
#[doc = man_links!(byteorder(3), posix: ntohs)]
pub const fn ntohs(netshort: u16) -> u16 {
    u16::from_be(netshort)
}

/// `htonl(hostlong)`—converts a 32-bit value (an IPv4 address) from host to
/// network byte order.
///
/// ```
/// use socklab::*;
/// let mut a = sockaddr_in::default();
/// a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
/// assert_eq!(a.sin_addr.to_string(), "127.0.0.1");
/// ```
///
#[doc = man_links!(byteorder(3), posix: htonl)]
pub const fn htonl(hostlong: u32) -> u32 {
    hostlong.to_be()
}

/// `ntohl(netlong)`—converts a 32-bit value from network to host byte order.
///
/// ```
/// use socklab::*;
/// assert_eq!(ntohl(htonl(INADDR_LOOPBACK)), 0x7f00_0001);
/// ```
///
#[doc = man_links!(byteorder(3), posix: ntohl)]
pub const fn ntohl(netlong: u32) -> u32 {
    u32::from_be(netlong)
}

// ---------------------------------------------------------------------
// in_addr, in6_addr
// ---------------------------------------------------------------------

/// `struct in_addr`—an IPv4 address; `s_addr` is in network byte order.
///
/// Built the C way from a constant (`s_addr = htonl(INADDR_ANY)`) or from
/// text with [`inet_pton`](crate::inet_pton); usually it is the `sin_addr` field of a
/// [`sockaddr_in`]. `Display` is dotted decimal, as `inet_ntop` prints it.
///
/// ```
/// use socklab::*;
/// let any = in_addr { s_addr: htonl(INADDR_ANY) };
/// assert_eq!(any.to_string(), "0.0.0.0");
///
/// let mut addr = in_addr::default();
/// inet_pton(AF_INET, "10.0.0.7", &mut addr)?;
/// assert_eq!(ntohl(addr.s_addr), 0x0a00_0007);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [ip(7)](https://man7.org/linux/man-pages/man7/ip.7.html),
/// [POSIX `<netinet/in.h>`](https://pubs.opengroup.org/onlinepubs/9799919799/basedefs/netinet_in.h.html)
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
#[repr(C)] // [ch21] C's layout: it sits inside ip_mreq, IP_MULTICAST_IF's value
pub struct in_addr {
    /// The address, in network byte order (use [`htonl`]).
    pub s_addr: u32,
}

/// `struct in6_addr`—an IPv6 address: 16 bytes in network order.
///
/// Built the C way from [`in6addr_any`]/[`in6addr_loopback`] or from text
/// with [`inet_pton`](crate::inet_pton)`(AF_INET6, …)`. There is no byte-order step: the
/// bytes are already in wire order.
///
/// ```
/// use socklab::*;
/// assert_eq!(in6addr_loopback.to_string(), "::1");
///
/// let mut addr = in6_addr::default();
/// inet_pton(AF_INET6, "fe80::1", &mut addr)?;
/// assert_eq!(addr.s6_addr[..2], [0xfe, 0x80]);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [ipv6(7)](https://man7.org/linux/man-pages/man7/ipv6.7.html),
/// [POSIX `<netinet/in.h>`](https://pubs.opengroup.org/onlinepubs/9799919799/basedefs/netinet_in.h.html)
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
#[repr(C)] // [ch21] C's layout: it sits inside ipv6_mreq
pub struct in6_addr {
    /// The sixteen bytes of the address.
    pub s6_addr: [u8; 16],
}

/// `in6addr_any`—the IPv6 wildcard address `::` (IPv6's `INADDR_ANY`).
pub const in6addr_any: in6_addr = in6_addr { s6_addr: [0; 16] };

/// `in6addr_loopback`—the IPv6 loopback address `::1`.
pub const in6addr_loopback: in6_addr = in6_addr {
    s6_addr: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
};

// ---- ch11/ch12 (issue 11) ----
/// `IN6_IS_ADDR_V4MAPPED(a)`—true if `a` is an IPv4-mapped IPv6 address,
/// `::ffff:a.b.c.d`: how an IPv4 client looks to an IPv6 server bound to
/// `::` (UNP chapter 12).
///
/// A macro in C (`<netinet/in.h>`), so no call is made: it tests the first
/// ten bytes for 0 and the next two for `0xff`.
///
/// ```
/// use socklab::*;
/// let mut a = in6_addr::default();
/// inet_pton(AF_INET6, "::ffff:127.0.0.1", &mut a)?;
/// assert!(IN6_IS_ADDR_V4MAPPED(&a));
/// assert!(!IN6_IS_ADDR_V4MAPPED(&in6addr_loopback));
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [ipv6(7)](https://man7.org/linux/man-pages/man7/ipv6.7.html),
/// [POSIX `<netinet/in.h>`](https://pubs.opengroup.org/onlinepubs/9799919799/basedefs/netinet_in.h.html)
#[allow(non_snake_case)]
pub fn IN6_IS_ADDR_V4MAPPED(a: &in6_addr) -> bool {
    a.s6_addr[..10].iter().all(|b| *b == 0) && a.s6_addr[10] == 0xff && a.s6_addr[11] == 0xff
}
// ---- end ch11/ch12 ----

/// The address structs [`inet_pton`](crate::inet_pton) can fill and [`inet_ntop`](crate::inet_ntop) can print:
/// [`in_addr`] for `AF_INET`, [`in6_addr`] for `AF_INET6`.
///
/// C passes these as `void *`, so nothing stops 16 bytes of IPv6 going
/// into a 4-byte `in_addr`; this trait is what lets socklab check the
/// family against the struct. Programs use it through those two
/// functions, not directly:
///
/// ```
/// use socklab::*;
/// assert_eq!(<in_addr as InetAddr>::FAMILY, AF_INET);
/// let a = in_addr { s_addr: htonl(INADDR_LOOPBACK) };
/// assert_eq!(a.to_bytes(), [127, 0, 0, 1]); // wire order
/// ```
pub trait InetAddr: Copy + sealed::Sealed {
    /// The family whose addresses this struct holds.
    const FAMILY: c_int;
    /// The address bytes, in network order.
    fn to_bytes(&self) -> Vec<u8>;
    /// Stores address bytes given in network order. Bytes beyond the
    /// address's size are ignored; missing ones are left unchanged.
    fn set_bytes(&mut self, bytes: &[u8]);
}

/// Only [`in_addr`] and [`in6_addr`] implement [`InetAddr`]: `inet_ntop`
/// hands their bytes to the C library, which reads 4 or 16 of them.
mod sealed {
    pub trait Sealed {}
    impl Sealed for super::in_addr {}
    impl Sealed for super::in6_addr {}
}

impl InetAddr for in_addr {
    const FAMILY: c_int = AF_INET;
    fn to_bytes(&self) -> Vec<u8> {
        // s_addr is already in network order, so its bytes in memory are
        // the address bytes in wire order.
        self.s_addr.to_ne_bytes().to_vec()
    }
    fn set_bytes(&mut self, bytes: &[u8]) {
        let mut b = self.s_addr.to_ne_bytes();
        let n = bytes.len().min(4);
        b[..n].copy_from_slice(&bytes[..n]);
        self.s_addr = u32::from_ne_bytes(b);
    }
}

impl InetAddr for in6_addr {
    const FAMILY: c_int = AF_INET6;
    fn to_bytes(&self) -> Vec<u8> {
        self.s6_addr.to_vec()
    }
    fn set_bytes(&mut self, bytes: &[u8]) {
        let n = bytes.len().min(16);
        self.s6_addr[..n].copy_from_slice(&bytes[..n]);
    }
}

impl fmt::Display for in_addr {
    /// Dotted-decimal, as `inet_ntop(AF_INET, …)` prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.s_addr.to_ne_bytes();
        write!(f, "{}.{}.{}.{}", b[0], b[1], b[2], b[3])
    }
}

impl fmt::Display for in6_addr {
    /// RFC 5952 text (`::1`), as `inet_ntop(AF_INET6, …)` prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // std's formatting follows RFC 5952, as glibc's inet_ntop does, with
        // one exception: glibc (and so strace) still prints the old
        // "IPv4-compatible" form — six zero groups, then a non-zero seventh —
        // with a dotted tail, `::0.1.0.0`, where std prints `::1:0`.
        // (Checked against the C library by tests/prop_addr.rs.)
        let b = self.s6_addr;
        if b[..12] == [0; 12] && (b[12] | b[13]) != 0 {
            return write!(f, "::{}.{}.{}.{}", b[12], b[13], b[14], b[15]);
        }
        fmt::Display::fmt(&std::net::Ipv6Addr::from(self.s6_addr), f)
    }
}

// ---------------------------------------------------------------------
// sockaddr_in, sockaddr_in6, sockaddr_un
// ---------------------------------------------------------------------

/// `struct sockaddr_in`—an IPv4 socket address: family, port, address.
///
/// Built the C way (every field set by hand, with [`htons`] and
/// [`inet_pton`](crate::inet_pton)) or the short way (`"127.0.0.1:8190".parse()`,
/// [`sockaddr_in::new`]). `Default` is C's zeroed struct with
/// `sin_family = AF_INET` already set.
///
/// ```
/// use socklab::*;
/// let mut servaddr = sockaddr_in::default();
/// servaddr.sin_family = AF_INET;
/// servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
/// servaddr.sin_port = htons(13);
/// assert_eq!(servaddr, sockaddr_in::new(INADDR_ANY, 13));
/// assert_eq!(servaddr.to_string(), "0.0.0.0:13");
/// ```
///
/// Unlike C's struct there is no `sin_zero` padding to clear, and the
/// length C passes next to it (`sizeof servaddr`, 16) is supplied by the
/// calls that take it.
///
/// # References
/// [ip(7)](https://man7.org/linux/man-pages/man7/ip.7.html),
/// [POSIX `<netinet/in.h>`](https://pubs.opengroup.org/onlinepubs/9799919799/basedefs/netinet_in.h.html)
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct sockaddr_in {
    /// The address family: `AF_INET`.
    pub sin_family: c_int,
    /// The port, in network byte order: set it with `htons(port)`.
    pub sin_port: u16,
    /// The IPv4 address (`sin_addr.s_addr`, network byte order).
    pub sin_addr: in_addr,
}

impl Default for sockaddr_in {
    fn default() -> Self {
        sockaddr_in {
            sin_family: AF_INET,
            sin_port: 0,
            sin_addr: in_addr::default(),
        }
    }
}

impl sockaddr_in {
    /// The short way: an address from a host-order IPv4 number (such as
    /// [`INADDR_ANY`](crate::INADDR_ANY)) and a host-order port. No C
    /// call; it replaces the C steps
    /// 1. `bzero(&servaddr, sizeof(servaddr));`
    /// 2. `servaddr.sin_family = AF_INET;`
    /// 3. `servaddr.sin_addr.s_addr = htonl(addr);`
    /// 4. `servaddr.sin_port = htons(port);`
    ///
    /// For an address given as text use `"127.0.0.1:9877".parse()` or
    /// [`resolve_ipv4`](crate::resolve_ipv4).
    ///
    /// ```
    /// use socklab::*;
    /// let servaddr = sockaddr_in::new(INADDR_LOOPBACK, SERV_PORT);
    /// assert_eq!(servaddr.sin_port, htons(9877));
    /// assert_eq!(servaddr.to_string(), "127.0.0.1:9877");
    /// ```
    pub fn new(addr: u32, port: u16) -> sockaddr_in {
        sockaddr_in {
            sin_family: AF_INET,
            sin_port: htons(port),
            sin_addr: in_addr {
                s_addr: htonl(addr),
            },
        }
    }

    /// The port in host byte order (`ntohs(sin_port)`).
    ///
    /// ```
    /// use socklab::*;
    /// let a = sockaddr_in::new(INADDR_ANY, 13);
    /// assert_eq!(a.port(), 13);
    /// assert_eq!(a.port(), ntohs(a.sin_port));
    /// ```
    pub fn port(&self) -> u16 {
        ntohs(self.sin_port)
    }
}

impl fmt::Display for sockaddr_in {
    /// `sock_ntop`'s form: `127.0.0.1:8190`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.sin_addr, self.port())
    }
}

/// `struct sockaddr_in6`—an IPv6 socket address: family, port, flow
/// information, address, scope id.
///
/// Built the C way (`Default` is the zeroed struct with `sin6_family =
/// AF_INET6`; set `sin6_port` with [`htons`] and `sin6_addr` with
/// [`inet_pton`](crate::inet_pton) or [`in6addr_any`](crate::in6addr_any)) or the short way
/// (`"[::1]:9877".parse()`, [`sockaddr_in6::new`]).
///
/// ```
/// use socklab::*;
/// let mut servaddr = sockaddr_in6::default();
/// servaddr.sin6_family = AF_INET6;
/// servaddr.sin6_port = htons(9877);
/// inet_pton(AF_INET6, "::1", &mut servaddr.sin6_addr)?;
///
/// let a: sockaddr_in6 = "[::1]:9877".parse()?;
/// assert_eq!(a, servaddr);
/// assert_eq!(a.sin6_addr, in6addr_loopback);
/// assert_eq!(a.to_string(), "[::1]:9877");
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [ipv6(7)](https://man7.org/linux/man-pages/man7/ipv6.7.html),
/// [POSIX `<netinet/in.h>`](https://pubs.opengroup.org/onlinepubs/9799919799/basedefs/netinet_in.h.html)
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct sockaddr_in6 {
    /// The address family: `AF_INET6`.
    pub sin6_family: c_int,
    /// The port, in network byte order (`htons(port)`).
    pub sin6_port: u16,
    /// IPv6 flow information (network byte order); usually 0.
    pub sin6_flowinfo: u32,
    /// The IPv6 address.
    pub sin6_addr: in6_addr,
    /// The scope (interface) id for link-local addresses; usually 0.
    pub sin6_scope_id: u32,
}

impl Default for sockaddr_in6 {
    fn default() -> Self {
        sockaddr_in6 {
            sin6_family: AF_INET6,
            sin6_port: 0,
            sin6_flowinfo: 0,
            sin6_addr: in6addr_any,
            sin6_scope_id: 0,
        }
    }
}

impl sockaddr_in6 {
    /// The short way: an address and a host-order port (`htons` done for
    /// you). No C call; it replaces `bzero`, `sin6_family = AF_INET6`,
    /// `sin6_addr = addr` and `sin6_port = htons(port)`.
    ///
    /// ```
    /// use socklab::*;
    /// let servaddr = sockaddr_in6::new(in6addr_any, SERV_PORT);
    /// assert_eq!(servaddr.to_string(), "[::]:9877");
    /// ```
    pub fn new(addr: in6_addr, port: u16) -> sockaddr_in6 {
        sockaddr_in6 {
            sin6_addr: addr,
            sin6_port: htons(port),
            ..sockaddr_in6::default()
        }
    }

    /// The port in host byte order (`ntohs(sin6_port)`).
    ///
    /// ```
    /// use socklab::*;
    /// assert_eq!(sockaddr_in6::new(in6addr_loopback, 13).port(), 13);
    /// ```
    pub fn port(&self) -> u16 {
        ntohs(self.sin6_port)
    }
}

impl fmt::Display for sockaddr_in6 {
    /// `[::1]:9877` — the brackets keep the port apart from the address.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}]:{}", self.sin6_addr, self.port())
    }
}

/// What kind of name an AF_UNIX socket address carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum UnixName {
    /// A file system path (shows up in `ls -l` as type `s`).
    Path,
    /// A Linux abstract name: lives in the kernel, not the file system.
    Abstract,
    /// No name: an unbound socket, or a client that never called bind.
    Unnamed,
}

/// `struct sockaddr_un`—an AF_UNIX (AF_LOCAL) socket address: a path in the
/// file system, or on Linux an abstract name.
///
/// `sun_path` holds 108 bytes on Linux including the terminating NUL; a
/// longer path is an error here, never silently cut (a cut path would bind
/// a different file).
///
/// The C way is `bzero`, `sun_family = AF_LOCAL` and
/// `strncpy(addr.sun_path, path, sizeof(addr.sun_path) - 1)`, which
/// cuts a long path without a word. Here the path is set only through
/// [`sockaddr_un::new`] (or [`sockaddr_un::abstract_name`]), which checks
/// it; `Default` is the unnamed address an unbound client has.
///
/// ```
/// use socklab::*;
/// let a = sockaddr_un::new("/tmp/unix.str")?;
/// assert_eq!(a.to_string(), "/tmp/unix.str");
/// assert_eq!(format!("{a:?}"), r#"{sa_family=AF_UNIX, sun_path="/tmp/unix.str"}"#);
///
/// let long = "/tmp/".to_string() + &"x".repeat(200);
/// assert!(sockaddr_un::new(&long).unwrap_err().to_string().contains("too long"));
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [unix(7)](https://man7.org/linux/man-pages/man7/unix.7.html),
/// [POSIX `<sys/un.h>`](https://pubs.opengroup.org/onlinepubs/9799919799/basedefs/sys_un.h.html)
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct sockaddr_un {
    /// The address family: `AF_UNIX` (the same value as `AF_LOCAL`).
    pub sun_family: c_int,
    pub(crate) name: Vec<u8>,
    pub(crate) kind: UnixName,
}

impl Default for sockaddr_un {
    /// An unnamed AF_UNIX address (what an unbound client has).
    fn default() -> Self {
        sockaddr_un {
            sun_family: AF_UNIX,
            name: Vec::new(),
            kind: UnixName::Unnamed,
        }
    }
}

impl sockaddr_un {
    /// The longest name `sun_path` can hold, leaving room for C's NUL:
    /// 107 bytes on Linux.
    pub const MAX_PATH: usize = SUN_PATH_LEN - 1;

    /// An address for the file system path `path`. No C call; it replaces
    /// `bzero`, `sun_family = AF_LOCAL` and the `strncpy` into `sun_path`,
    /// refusing what `strncpy` would cut.
    ///
    /// `bind` creates the file; remove it with [`unlink`](crate::unlink)
    /// when the server is done (or before it binds again).
    ///
    /// # Errors
    /// The path is empty, contains a NUL byte, or is longer than
    /// [`sockaddr_un::MAX_PATH`] bytes (`sockaddr_un: path too long for
    /// sun_path (…)`).
    ///
    /// ```
    /// use socklab::*;
    /// let addr = sockaddr_un::new("/tmp/unix.str")?;
    /// assert_eq!(addr.path(), Some("/tmp/unix.str".into()));
    /// assert!(sockaddr_un::new("").is_err());
    /// # Ok::<(), socklab::Error>(())
    /// ```
    pub fn new(path: impl AsRef<Path>) -> Result<sockaddr_un> {
        let bytes = path.as_ref().as_os_str().as_bytes();
        if bytes.is_empty() {
            return Err(Error::invalid("sockaddr_un", "empty path"));
        }
        if bytes.contains(&0) {
            return Err(Error::invalid("sockaddr_un", "path contains a NUL byte"));
        }
        check_len(bytes)?;
        Ok(sockaddr_un {
            sun_family: AF_UNIX,
            name: bytes.to_vec(),
            kind: UnixName::Path,
        })
    }

    /// A Linux abstract name: `sun_path` starts with a NUL byte and the
    /// name lives in the kernel, not the file system, so there is nothing
    /// to `unlink` afterwards. Linux only; strace prints it as `@"name"`.
    ///
    /// # Errors
    /// The name is longer than [`sockaddr_un::MAX_PATH`] bytes.
    ///
    /// ```
    /// use socklab::*;
    /// let addr = sockaddr_un::abstract_name("socklab-demo")?;
    /// assert_eq!(addr.to_string(), "@socklab-demo");
    /// assert_eq!(addr.as_abstract(), Some(&b"socklab-demo"[..]));
    /// assert_eq!(addr.path(), None); // nothing in the file system
    /// # Ok::<(), socklab::Error>(())
    /// ```
    ///
    /// # References
    /// [unix(7)](https://man7.org/linux/man-pages/man7/unix.7.html), "Abstract sockets".
    pub fn abstract_name(name: impl AsRef<[u8]>) -> Result<sockaddr_un> {
        let bytes = name.as_ref();
        check_len(bytes)?;
        Ok(sockaddr_un {
            sun_family: AF_UNIX,
            name: bytes.to_vec(),
            kind: UnixName::Abstract,
        })
    }

    /// The file system path, if this address is one (`None` for an
    /// abstract or unnamed address); see [`sockaddr_un::new`]'s example.
    pub fn path(&self) -> Option<PathBuf> {
        (self.kind == UnixName::Path).then(|| PathBuf::from(OsStr::from_bytes(&self.name)))
    }

    /// The abstract name (without the leading NUL), if this address is
    /// one; see [`sockaddr_un::abstract_name`]'s example.
    pub fn as_abstract(&self) -> Option<&[u8]> {
        (self.kind == UnixName::Abstract).then_some(&self.name[..])
    }

    /// True for an address with no name (an unbound peer).
    ///
    /// ```
    /// use socklab::*;
    /// assert!(sockaddr_un::default().is_unnamed());
    /// let (a, _b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    /// assert!(matches!(getsockname(&a)?, SockAddr::Unix(u) if u.is_unnamed()));
    /// # Ok::<(), socklab::Error>(())
    /// ```
    pub fn is_unnamed(&self) -> bool {
        self.kind == UnixName::Unnamed
    }

    /// The name bytes and whether they are abstract (for `sys`).
    pub(crate) fn raw_path(&self) -> (&[u8], bool) {
        (&self.name, self.kind == UnixName::Abstract)
    }

    /// Rebuilds the address from the `sun_path` bytes the kernel returned.
    pub(crate) fn from_kernel(sun_path: &[u8]) -> sockaddr_un {
        let kind = match sun_path.first() {
            None => UnixName::Unnamed,
            Some(0) => UnixName::Abstract,
            Some(_) => UnixName::Path,
        };
        let name = match kind {
            UnixName::Unnamed => Vec::new(),
            UnixName::Abstract => sun_path[1..].to_vec(),
            UnixName::Path => sun_path.split(|&b| b == 0).next().unwrap_or(&[]).to_vec(),
        };
        sockaddr_un {
            sun_family: AF_UNIX,
            name,
            kind,
        }
    }
}

fn check_len(bytes: &[u8]) -> Result<()> {
    if bytes.len() > sockaddr_un::MAX_PATH {
        return Err(Error::invalid(
            "sockaddr_un",
            format!(
                "path too long for sun_path ({} bytes, the limit is {})",
                bytes.len(),
                sockaddr_un::MAX_PATH
            ),
        ));
    }
    Ok(())
}

impl fmt::Display for sockaddr_un {
    /// `sock_ntop`'s form: the path; `@name` for an abstract name;
    /// `(no pathname bound)` for an unnamed socket.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = String::from_utf8_lossy(&self.name);
        match self.kind {
            UnixName::Path => write!(f, "{text}"),
            UnixName::Abstract => write!(f, "@{text}"),
            UnixName::Unnamed => write!(f, "(no pathname bound)"),
        }
    }
}

// ---------------------------------------------------------------------
// SockAddr: any family
// ---------------------------------------------------------------------

/// A socket address of any family—what C keeps in a
/// `struct sockaddr_storage`, and what [`accept`](crate::accept),
/// [`recvfrom`](crate::recvfrom), [`getsockname`](crate::getsockname) and
/// [`getpeername`](crate::getpeername) return.
///
/// Match on it to reach the family's struct, or use its `Display`
/// (sock_ntop's text) and `Debug` (strace's text) directly.
///
/// ```
/// use socklab::*;
/// let a: SockAddr = "127.0.0.1:8190".parse()?;
/// assert_eq!(a.family(), AF_INET);
/// assert_eq!(a.port(), Some(8190));
/// if let SockAddr::Inet(sin) = a {
///     assert_eq!(sin.sin_addr.to_string(), "127.0.0.1");
/// }
/// # Ok::<(), socklab::Error>(())
/// ```
#[doc(alias = "sockaddr_storage")]
#[doc(alias = "sockaddr")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum SockAddr {
    /// An `AF_INET` address.
    Inet(sockaddr_in),
    /// An `AF_INET6` address.
    Inet6(sockaddr_in6),
    /// An `AF_UNIX` address.
    Unix(sockaddr_un),
    /// A family socklab does not decode; only the family number is kept.
    /// `AF_UNSPEC` (0) when the kernel returned no address (addrlen 0), as
    /// `recvfrom` does for a datagram from an unbound AF_UNIX socket;
    /// printed `(no address)`.
    Other {
        /// The `sa_family` value.
        family: c_int,
    },
}

impl SockAddr {
    /// The address family (`sa_family`): `AF_INET`, `AF_INET6`, `AF_UNIX`…
    /// — what C code tests before casting a `sockaddr_storage` to the
    /// family's struct.
    ///
    /// ```
    /// use socklab::*;
    /// let a = SockAddr::from(sockaddr_un::new("/tmp/s")?);
    /// assert_eq!(a.family(), AF_UNIX);
    /// # Ok::<(), socklab::Error>(())
    /// ```
    pub fn family(&self) -> c_int {
        match self {
            SockAddr::Inet(a) => a.sin_family,
            SockAddr::Inet6(a) => a.sin6_family,
            SockAddr::Unix(a) => a.sun_family,
            SockAddr::Other { family } => *family,
        }
    }

    /// The port in host byte order, for AF_INET and AF_INET6 (`None` for
    /// other families).
    ///
    /// ```
    /// use socklab::*;
    /// let a: SockAddr = "[::1]:8190".parse()?;
    /// assert_eq!(a.port(), Some(8190));
    /// assert_eq!(SockAddr::from(sockaddr_un::new("/tmp/s")?).port(), None);
    /// # Ok::<(), socklab::Error>(())
    /// ```
    pub fn port(&self) -> Option<u16> {
        match self {
            SockAddr::Inet(a) => Some(a.port()),
            SockAddr::Inet6(a) => Some(a.port()),
            _ => None,
        }
    }
}

impl fmt::Display for SockAddr {
    /// `sock_ntop`'s form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SockAddr::Inet(a) => fmt::Display::fmt(a, f),
            SockAddr::Inet6(a) => fmt::Display::fmt(a, f),
            SockAddr::Unix(a) => fmt::Display::fmt(a, f),
            // The kernel reported no address at all (addrlen 0): a datagram
            // from an unbound AF_UNIX socket, or recvfrom on a TCP socket.
            SockAddr::Other { family: 0 } => write!(f, "(no address)"),
            SockAddr::Other { family } => write!(f, "(unknown family {family})"),
        }
    }
}

impl From<sockaddr_in> for SockAddr {
    fn from(a: sockaddr_in) -> SockAddr {
        SockAddr::Inet(a)
    }
}
impl From<sockaddr_in6> for SockAddr {
    fn from(a: sockaddr_in6) -> SockAddr {
        SockAddr::Inet6(a)
    }
}
impl From<sockaddr_un> for SockAddr {
    fn from(a: sockaddr_un) -> SockAddr {
        SockAddr::Unix(a)
    }
}

/// The address types [`bind`](crate::bind), [`connect`](crate::connect) and
/// [`sendto`](crate::sendto) accept: [`sockaddr_in`], [`sockaddr_in6`],
/// [`sockaddr_un`] and [`SockAddr`]. (C casts them all to
/// `struct sockaddr *`; this trait is that cast, type-checked.)
///
/// ```
/// use socklab::*;
/// let sin = sockaddr_in::new(INADDR_LOOPBACK, 13);
/// assert_eq!(sin.to_sockaddr(), SockAddr::Inet(sin)); // (SA *) &sin
/// ```
pub trait AsSockAddr {
    /// The address as the any-family type.
    fn to_sockaddr(&self) -> SockAddr;
}

impl AsSockAddr for sockaddr_in {
    fn to_sockaddr(&self) -> SockAddr {
        SockAddr::Inet(*self)
    }
}
impl AsSockAddr for sockaddr_in6 {
    fn to_sockaddr(&self) -> SockAddr {
        SockAddr::Inet6(*self)
    }
}
impl AsSockAddr for sockaddr_un {
    fn to_sockaddr(&self) -> SockAddr {
        SockAddr::Unix(self.clone())
    }
}
impl AsSockAddr for SockAddr {
    fn to_sockaddr(&self) -> SockAddr {
        self.clone()
    }
}

/// `sock_ntop(sa, salen)`—the course book's helper: an address of any
/// family as text, `127.0.0.1:8190`, `[::1]:9877` or the AF_UNIX path.
///
/// The same text as the address's `Display`. No system call: the book's
/// version switches on `sa_family` and calls `inet_ntop` for the address
/// and `ntohs` for the port, which is what `Display` does.
///
/// ```
/// use socklab::*;
/// let a = sockaddr_in::new(INADDR_LOOPBACK, 8190);
/// assert_eq!(sock_ntop(&a), "127.0.0.1:8190");
/// ```
///
/// # References
/// UNP vol. 1, section 3.8.
pub fn sock_ntop(sa: &impl AsSockAddr) -> String {
    sa.to_sockaddr().to_string()
}

// ---------------------------------------------------------------------
// Parsing helpers for command lines
// ---------------------------------------------------------------------
