//! `<arpa/inet.h>` — text ↔ binary addresses: [`inet_pton`],
//! [`inet_ntop`], and the parsing a program's arguments need
//! ([`parse_port`], `"127.0.0.1:9877".parse()`).
//!
//! The address types themselves are in `<netinet/in.h>` and `<sys/un.h>`
//! (`src/addr.rs`), below the C calls; these functions call the C library.

use std::str::FromStr;

use libc::c_int;

use crate::addr::{SockAddr, sockaddr_in, sockaddr_in6};
use crate::consts::{AF_INET, AF_INET6};
use crate::error::{Errno, Error, Result};
use crate::sys;
use crate::trace::family_name;

#[doc(no_inline)]
pub use crate::addr::{InetAddr, htonl, htons, ntohl, ntohs};

/// `inet_pton(af, src, dst)`—converts an address from text ("presentation")
/// to binary ("numeric") form, storing it in `dst`.
///
/// `af` is `AF_INET` (dotted decimal, `dst` an [`in_addr`](crate::in_addr)) or `AF_INET6`
/// (`dst` an [`in6_addr`](crate::in6_addr)). Calls the C library's `inet_pton` — no system
/// call is made. In C it returns 1, 0 for text that is not an address, or
/// -1 for an unknown family; here 0 and -1 are errors that say which.
///
/// # Errors
/// - `"1.2.3"`, `"256.0.0.1"`, `"localhost"`: not an address of `af` (no DNS
///   lookup happens here — that is [`getaddrinfo`](crate::getaddrinfo)'s job).
/// - `EAFNOSUPPORT`: `af` is neither AF_INET nor AF_INET6.
///
/// ```
/// use socklab::*;
/// let mut a = in_addr::default();
/// inet_pton(AF_INET, "192.168.1.20", &mut a)?;
/// assert_eq!(a.s_addr, htonl(0xc0a8_0114));
/// let err = inet_pton(AF_INET, "192.168.1", &mut a).unwrap_err();
/// assert_eq!(err.to_string(), r#"inet_pton: "192.168.1" is not a valid AF_INET address"#);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(inet_pton(3))]
pub fn inet_pton<A: InetAddr>(af: c_int, src: &str, dst: &mut A) -> Result<()> {
    if af != A::FAMILY && (af == AF_INET || af == AF_INET6) {
        // C would write 16 bytes into a 4-byte in_addr; refuse instead.
        let want = if af == AF_INET { "in_addr" } else { "in6_addr" };
        return Err(Error::invalid(
            "inet_pton",
            format!("{} addresses go in an {want}", family_name(af)),
        ));
    }
    let c_src = sys::cstring("inet_pton", src)?;
    let mut buf = [0u8; 16];
    match sys::inet_pton(af, &c_src, &mut buf)? {
        0 => Err(Error::invalid(
            "inet_pton",
            format!("{src:?} is not a valid {} address", family_name(af)),
        )),
        _ => {
            dst.set_bytes(&buf);
            Ok(())
        }
    }
}

/// `inet_ntop(af, src, dst, size)`—converts a binary address to text
/// ("numeric" to "presentation").
///
/// Calls the C library's `inet_ntop`; no system call is made. The C
/// version writes into a buffer of `INET_ADDRSTRLEN`/`INET6_ADDRSTRLEN`
/// bytes; here the text is returned.
///
/// # Errors
/// `EAFNOSUPPORT` if `af` does not match the address struct.
///
/// ```
/// use socklab::*;
/// assert_eq!(inet_ntop(AF_INET6, &in6addr_loopback)?, "::1");
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(inet_ntop(3))]
pub fn inet_ntop<A: InetAddr>(af: c_int, src: &A) -> Result<String> {
    if af != A::FAMILY {
        return Err(Error::sys("inet_ntop", Errno::EAFNOSUPPORT));
    }
    sys::inet_ntop(af, &src.to_bytes())
}

impl FromStr for sockaddr_in {
    type Err = Error;
    /// Parses `"a.b.c.d:port"`: [`inet_pton`] for the address (numbers
    /// only, no name lookup) and [`parse_port`] for the port; either
    /// failing is the error.
    fn from_str(s: &str) -> Result<sockaddr_in> {
        let (host, port) = split_host_port(s)?;
        let mut addr = sockaddr_in::default();
        inet_pton(AF_INET, host, &mut addr.sin_addr)?;
        addr.sin_port = htons(parse_port(port)?);
        Ok(addr)
    }
}

impl FromStr for sockaddr_in6 {
    type Err = Error;
    /// Parses `"[addr]:port"`: [`inet_pton`]`(AF_INET6, …)` for the
    /// address and [`parse_port`] for the port.
    fn from_str(s: &str) -> Result<sockaddr_in6> {
        let (host, port) = split_host_port(s)?;
        let mut addr = sockaddr_in6::default();
        inet_pton(AF_INET6, host, &mut addr.sin6_addr)?;
        addr.sin6_port = htons(parse_port(port)?);
        Ok(addr)
    }
}

impl FromStr for SockAddr {
    type Err = Error;
    /// Parses `"a.b.c.d:port"` or `"[v6addr]:port"`.
    fn from_str(s: &str) -> Result<SockAddr> {
        if s.starts_with('[') {
            s.parse().map(SockAddr::Inet6)
        } else {
            s.parse().map(SockAddr::Inet)
        }
    }
}

/// Parses a port number from a command-line argument, the way every
/// example does: `"9877"` → `9877`. No C call.
///
/// It replaces C's `atoi(argv[2])`, which turns `"http"` into 0 and
/// `"70000"` into a port that `htons` silently wraps to 4464. Surrounding
/// white space is ignored; service names such as `"daytime"` are not
/// looked up (that is [`getaddrinfo`](crate::getaddrinfo)'s job).
///
/// # Errors
/// Anything that is not a whole number from 0 to 65535 (`"http"`,
/// `"-1"`, `"70000"`), with a message that says so.
///
/// ```
/// assert_eq!(socklab::parse_port("8190")?, 8190);
/// assert_eq!(socklab::parse_port("70000").unwrap_err().to_string(),
///     r#"port: "70000" is not a port number (0-65535)"#);
/// # Ok::<(), socklab::Error>(())
/// ```
pub fn parse_port(text: &str) -> Result<u16> {
    text.trim()
        .parse::<u16>()
        .map_err(|_| Error::invalid("port", format!("{text:?} is not a port number (0-65535)")))
}

/// Splits `host:port` or `[v6host]:port`.
fn split_host_port(s: &str) -> Result<(&str, &str)> {
    let bad = || Error::invalid("sockaddr", format!("{s:?} is not of the form address:port"));
    if let Some(rest) = s.strip_prefix('[') {
        let (host, port) = rest.split_once("]:").ok_or_else(bad)?;
        Ok((host, port))
    } else {
        s.rsplit_once(':').ok_or_else(bad)
    }
}

impl SockAddr {
    /// The port in host byte order, or the error the student should see
    /// when the address is not an Internet address (for `getsockname`
    /// helpers that need the port).
    ///
    /// # Errors
    /// The address is not AF_INET or AF_INET6: `sockaddr: /tmp/s has no
    /// port (family AF_UNIX)`.
    ///
    /// ```
    /// use socklab::*;
    /// let fd = socket(AF_INET, SOCK_STREAM, 0)?;
    /// bind(&fd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    /// let port = getsockname(&fd)?.inet_port()?;
    /// println!("listening on port {port}");
    /// # Ok::<(), socklab::Error>(())
    /// ```
    pub fn inet_port(&self) -> Result<u16> {
        self.port().ok_or_else(|| {
            Error::invalid(
                "sockaddr",
                format!(
                    "{} has no port (family {})",
                    self,
                    family_name(self.family())
                ),
            )
        })
    }
}
