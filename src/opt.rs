//! Socket options — [`setsockopt`] and [`getsockopt`], typed.
//!
//! C passes an option's value as `void *` plus a length, so nothing stops
//! a program from passing a `char` where the kernel wants an `int`. Here
//! each option constant carries its value's type: `SO_REUSEADDR` takes a
//! `c_int`, `SO_LINGER` a [`linger`], `SO_RCVTIMEO` a [`timeval`]. The call
//! itself is unchanged: the level and the option, as in C.
//!
//! ```
//! use socklab::*;
//! let fd = socket(AF_INET, SOCK_STREAM, 0)?;
//! let on: c_int = 1;
//! setsockopt(&fd, SOL_SOCKET, SO_REUSEADDR, &on)?;
//! assert_eq!(getsockopt(&fd, SOL_SOCKET, SO_REUSEADDR)?, 1);
//! # Ok::<(), socklab::Error>(())
//! ```
//!
//! Values `getsockopt` reports: booleans as 0/1 (or any non-zero), sizes in
//! bytes (Linux doubles the `SO_RCVBUF`/`SO_SNDBUF` you set, to leave room
//! for bookkeeping), `SO_ERROR` as a pending errno number (reading it clears it).

use std::fmt;
use std::marker::PhantomData;
use std::os::fd::{AsFd, AsRawFd};

use libc::{c_int, linger, timeval};

use crate::error::Result;
use crate::sys::{self, OptValue};
use crate::trace::{self, Quoted, trace};

/// A socket option: its C number and name, and (as a type parameter) the
/// type of its value. The constants below are the ones to use.
pub struct SockOpt<T> {
    name: c_int,
    c_name: &'static str,
    _value: PhantomData<T>,
}

impl<T> Clone for SockOpt<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for SockOpt<T> {}

impl<T> SockOpt<T> {
    const fn new(name: c_int, c_name: &'static str) -> SockOpt<T> {
        SockOpt {
            name,
            c_name,
            _value: PhantomData,
        }
    }

    /// The option's number, as C's `SO_REUSEADDR` macro expands to.
    pub fn number(&self) -> c_int {
        self.name
    }

    /// The option's C name, e.g. `"SO_REUSEADDR"` (strace's spelling).
    pub fn c_name(&self) -> &'static str {
        self.c_name
    }
}

impl<T> fmt::Debug for SockOpt<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.c_name)
    }
}

macro_rules! sockopts {
    ($( $(#[$doc:meta])* $name:ident: $ty:ty = $value:expr, $strace:expr; )*) => {$(
        $(#[$doc])*
        pub const $name: SockOpt<$ty> = SockOpt::new($value, $strace);
    )*};
}

// 64-bit Linux has two timeout options of each kind; the classic number is
// the "_OLD" one (struct timeval), and strace names it that way.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
const RCVTIMEO_NAME: &str = "SO_RCVTIMEO_OLD";
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
const SNDTIMEO_NAME: &str = "SO_SNDTIMEO_OLD";
#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
const RCVTIMEO_NAME: &str = "SO_RCVTIMEO";
#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
const SNDTIMEO_NAME: &str = "SO_SNDTIMEO";

sockopts! {
    /// `SOL_SOCKET, SO_REUSEADDR` (int, boolean)—lets a server bind its port
    /// while old connections on it are still in TIME_WAIT, so a restarted
    /// server does not fail with EADDRINUSE. Set it before `bind`.
    SO_REUSEADDR: c_int = libc::SO_REUSEADDR, "SO_REUSEADDR";
    /// `SOL_SOCKET, SO_REUSEPORT` (int, boolean)—lets several sockets bind
    /// the same port; the kernel spreads connections among them.
    SO_REUSEPORT: c_int = libc::SO_REUSEPORT, "SO_REUSEPORT";
    /// `SOL_SOCKET, SO_KEEPALIVE` (int, boolean)—probes an idle TCP
    /// connection (after two hours by default) to detect a vanished peer.
    SO_KEEPALIVE: c_int = libc::SO_KEEPALIVE, "SO_KEEPALIVE";
    /// `SOL_SOCKET, SO_BROADCAST` (int, boolean)—allows sending datagrams
    /// to a broadcast address (otherwise EACCES).
    SO_BROADCAST: c_int = libc::SO_BROADCAST, "SO_BROADCAST";
    /// `SOL_SOCKET, SO_RCVBUF` (int, bytes)—the receive buffer size: TCP's
    /// advertised window and UDP's queue of unread datagrams. Linux
    /// doubles the value set.
    SO_RCVBUF: c_int = libc::SO_RCVBUF, "SO_RCVBUF";
    /// `SOL_SOCKET, SO_SNDBUF` (int, bytes)—the send buffer size. Linux
    /// doubles the value set.
    SO_SNDBUF: c_int = libc::SO_SNDBUF, "SO_SNDBUF";
    /// `SOL_SOCKET, SO_RCVLOWAT` (int, bytes)—how much must be readable
    /// before `select`/`poll` report the socket readable (default 1).
    SO_RCVLOWAT: c_int = libc::SO_RCVLOWAT, "SO_RCVLOWAT";
    /// `SOL_SOCKET, SO_RCVTIMEO` ([`timeval`])—a timeout for receiving:
    /// a read that waits longer fails with EAGAIN. Zero means wait forever.
    SO_RCVTIMEO: timeval = libc::SO_RCVTIMEO, RCVTIMEO_NAME;
    /// `SOL_SOCKET, SO_SNDTIMEO` ([`timeval`])—a timeout for sending.
    SO_SNDTIMEO: timeval = libc::SO_SNDTIMEO, SNDTIMEO_NAME;
    /// `SOL_SOCKET, SO_LINGER` ([`linger`])—what `close` does with unsent
    /// data. `{l_onoff: 1, l_linger: 0}` makes `close` abort the connection
    /// with an RST (the peer sees ECONNRESET) instead of the normal FIN.
    SO_LINGER: linger = libc::SO_LINGER, "SO_LINGER";
    /// `SOL_SOCKET, SO_ERROR` (int, get only)—the socket's pending error
    /// as an errno number, cleared by reading it (0: none).
    SO_ERROR: c_int = libc::SO_ERROR, "SO_ERROR";
    /// `SOL_SOCKET, SO_TYPE` (int, get only)—the socket's type, e.g. `SOCK_STREAM`.
    SO_TYPE: c_int = libc::SO_TYPE, "SO_TYPE";
    /// `IPPROTO_TCP, TCP_NODELAY` (int, boolean)—turns off Nagle's
    /// algorithm: small segments are sent at once instead of being held
    /// back while earlier data is unacknowledged.
    TCP_NODELAY: c_int = libc::TCP_NODELAY, "TCP_NODELAY";
    /// `IPPROTO_TCP, TCP_MAXSEG` (int, bytes)—the maximum segment size:
    /// 536 before a connection exists, then what the peers agreed on.
    TCP_MAXSEG: c_int = libc::TCP_MAXSEG, "TCP_MAXSEG";
    /// `SOL_SOCKET, SO_DEBUG` (int, boolean)—asks the protocol to keep
    /// debugging records (setting it needs CAP_NET_ADMIN on Linux).
    SO_DEBUG: c_int = libc::SO_DEBUG, "SO_DEBUG";
    /// `SOL_SOCKET, SO_DONTROUTE` (int, boolean)—bypasses the routing
    /// table: send only to directly connected hosts.
    SO_DONTROUTE: c_int = libc::SO_DONTROUTE, "SO_DONTROUTE";
    /// `SOL_SOCKET, SO_OOBINLINE` (int, boolean)—urgent (out-of-band) data
    /// is left in the normal stream instead of read with `MSG_OOB`.
    SO_OOBINLINE: c_int = libc::SO_OOBINLINE, "SO_OOBINLINE";
    /// `SOL_SOCKET, SO_SNDLOWAT` (int, bytes)—how much send-buffer space
    /// must be free before `select`/`poll` report the socket writable
    /// (fixed at 1 on Linux: it can be read but not set).
    SO_SNDLOWAT: c_int = libc::SO_SNDLOWAT, "SO_SNDLOWAT";
    /// `IPPROTO_IP, IP_TOS` (int)—the type-of-service (DSCP/ECN) byte of
    /// outgoing IPv4 packets.
    IP_TOS: c_int = libc::IP_TOS, "IP_TOS";
    /// `IPPROTO_IP, IP_TTL` (int)—the time-to-live (hop limit) of outgoing
    /// IPv4 packets (the system default, usually 64).
    IP_TTL: c_int = libc::IP_TTL, "IP_TTL";
    /// `IPPROTO_IPV6, IPV6_UNICAST_HOPS` (int)—the hop limit of outgoing
    /// IPv6 unicast packets (-1 would mean "the system default").
    IPV6_UNICAST_HOPS: c_int = libc::IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS";
    /// `IPPROTO_IPV6, IPV6_V6ONLY` (int, boolean)—an AF_INET6 socket
    /// accepts only IPv6, not IPv4-mapped addresses.
    IPV6_V6ONLY: c_int = libc::IPV6_V6ONLY, "IPV6_V6ONLY";
}

/// `setsockopt(sockfd, level, optname, &optval, sizeof(optval))`—sets a
/// socket option.
///
/// `level` is where the option lives (`SOL_SOCKET` for the socket layer,
/// `IPPROTO_TCP` for TCP, `IPPROTO_IPV6`); it is passed to the kernel as
/// given, as in C. The value's size is the size of its type.
///
/// # Errors
/// `ENOPROTOOPT` (the option does not exist at that level), `EINVAL`
/// (bad value, or `TCP_MAXSEG` out of range).
///
/// ```
/// use socklab::*;
/// let fd = socket(AF_INET, SOCK_STREAM, 0)?;
/// setsockopt(&fd, SOL_SOCKET, SO_LINGER, &linger { l_onoff: 1, l_linger: 0 })?;
/// setsockopt(&fd, IPPROTO_TCP, TCP_NODELAY, &1)?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [setsockopt(2)](https://man7.org/linux/man-pages/man2/setsockopt.2.html),
/// [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html),
/// [tcp(7)](https://man7.org/linux/man-pages/man7/tcp.7.html),
/// [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/setsockopt.html)
pub fn setsockopt<T: OptValue>(
    sockfd: impl AsFd,
    level: c_int,
    opt: SockOpt<T>,
    optval: &T,
) -> Result<()> {
    let fd = sockfd.as_fd();
    let res = sys::setsockopt(fd, level, opt.name, optval);
    trace!(
        &res,
        "setsockopt({}, {}, {}, {}, {})",
        fd.as_raw_fd(),
        trace::level(level),
        opt.c_name,
        OptTrace(optval),
        size_of::<T>()
    );
    res
}

/// `getsockopt(sockfd, level, optname, &optval, &optlen)`—reads a socket
/// option's current value.
///
/// # Errors
/// `ENOPROTOOPT`: the option does not exist at that level.
///
/// ```
/// use socklab::*;
/// let fd = socket(AF_INET, SOCK_STREAM, 0)?;
/// assert_eq!(getsockopt(&fd, SOL_SOCKET, SO_TYPE)?, SOCK_STREAM);
/// println!("default receive buffer: {} bytes", getsockopt(&fd, SOL_SOCKET, SO_RCVBUF)?);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [getsockopt(2)](https://man7.org/linux/man-pages/man2/getsockopt.2.html),
/// [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/getsockopt.html)
pub fn getsockopt<T: OptValue>(sockfd: impl AsFd, level: c_int, opt: SockOpt<T>) -> Result<T> {
    let fd = sockfd.as_fd();
    let res = sys::getsockopt::<T>(fd, level, opt.name);
    trace!(
        &res.as_ref().map(|_| ()).map_err(Clone::clone),
        "getsockopt({}, {}, {}, {}, [{}])",
        fd.as_raw_fd(),
        trace::level(level),
        opt.c_name,
        trace::DisplayFn(|f| match &res {
            Ok(v) => write!(f, "{}", OptTrace(v)),
            Err(_) => f.write_str("0x..."),
        }),
        size_of::<T>()
    );
    res
}

/// An option value as strace prints it: `[1]` for an int, the fields of
/// a linger, and the raw bytes of a timeval (strace does not decode it).
struct OptTrace<'a, T>(&'a T);

impl<T: OptValue> fmt::Display for OptTrace<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let any: &dyn std::any::Any = self.0;
        if let Some(v) = any.downcast_ref::<c_int>() {
            write!(f, "[{v}]")
        } else if let Some(l) = any.downcast_ref::<linger>() {
            write!(f, "{{l_onoff={}, l_linger={}}}", l.l_onoff, l.l_linger)
        } else if let Some(t) = any.downcast_ref::<timeval>() {
            // the fields are 64-bit on 64-bit systems, which is what strace shows
            #[allow(clippy::unnecessary_cast)]
            let (sec, usec) = (t.tv_sec as i64, t.tv_usec as i64);
            let mut bytes = [0u8; 16];
            bytes[..8].copy_from_slice(&sec.to_ne_bytes());
            bytes[8..].copy_from_slice(&usec.to_ne_bytes());
            write!(f, "{}", Quoted::new(&bytes[..size_of::<timeval>().min(16)]))
        } else {
            f.write_str("...")
        }
    }
}
