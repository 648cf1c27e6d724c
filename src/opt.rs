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
use std::os::fd::AsFd;

use libc::{c_int, linger, timeval};

use crate::error::Result;
use crate::sys::{self, OptValue};
use crate::trace::calls;

/// A socket option: its C number and name, and (as a type parameter) the
/// type of its value. The constants below are the ones to use.
///
/// In C an option is a bare `int` (`SO_REUSEADDR` is 2) and its value a
/// `void *` with a length; here `SO_REUSEADDR` is a `SockOpt<c_int>`, so
/// [`setsockopt`] takes a `&c_int` for it and [`getsockopt`] returns a
/// `c_int`. The level is still yours to give, as in C.
///
/// ```
/// use socklab::*;
/// assert_eq!(SO_REUSEADDR.c_name(), "SO_REUSEADDR");
/// let fd = socket(AF_INET, SOCK_STREAM, 0)?;
/// let lin: linger = getsockopt(&fd, SOL_SOCKET, SO_LINGER)?; // typed value
/// assert_eq!(lin.l_onoff, 0);
/// # Ok::<(), socklab::Error>(())
/// ```
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
    // pub(crate): chapter 23's SCTP options are built in netinet_sctp.rs
    pub(crate) const fn new(name: c_int, c_name: &'static str) -> SockOpt<T> {
        SockOpt {
            name,
            c_name,
            _value: PhantomData,
        }
    }

    /// The option's number, as C's `SO_REUSEADDR` macro expands to.
    ///
    /// ```
    /// let n = socklab::SO_REUSEADDR.number();
    /// println!("SO_REUSEADDR is {n}"); // 2 on x86 and ARM Linux
    /// ```
    pub fn number(&self) -> c_int {
        self.name
    }

    /// The option's C name, e.g. `"SO_REUSEADDR"` (strace's spelling).
    ///
    /// ```
    /// assert_eq!(socklab::TCP_NODELAY.c_name(), "TCP_NODELAY");
    /// ```
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
    /// `SOL_SOCKET, SO_REUSEADDR` (int, boolean)—lets a restarted server
    /// bind its port while connections of its previous run still use it
    /// (in TIME_WAIT, or still open in forked children). Without it that
    /// bind fails with EADDRINUSE until those connections are gone.
    ///
    /// TIME_WAIT (60 seconds on Linux) is kept by the side that closed
    /// first; when that is the server, its port stays in use after it exits.
    /// The fix is to set the option in the *restarted* server, on its
    /// listening socket, **before `bind`**. On Linux that alone is not
    /// enough: the kernel also checks the sockets still holding the port
    /// and lets the bind through only if they had `SO_REUSEADDR` set as
    /// well (an accepted connection inherits it from its listener). A
    /// server that always sets it restarts cleanly; a run without it
    /// leaves connections that block the next bind even if that one sets
    /// it. It never lets two sockets *listen* on one port: that is
    /// [`SO_REUSEPORT`].
    ///
    /// ```
    /// use socklab::*;
    /// let on: c_int = 1;
    /// // first run: the option, bind (port 0: the kernel picks one), listen
    /// let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    /// setsockopt(&listenfd, SOL_SOCKET, SO_REUSEADDR, &on)?;
    /// bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    /// listen(&listenfd, LISTENQ)?;
    /// let servaddr = getsockname(&listenfd)?;
    /// // one client; the server closes first, so its end goes to TIME_WAIT
    /// let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    /// connect(&sockfd, &servaddr)?;
    /// let (connfd, _) = accept(&listenfd)?;
    /// close(connfd)?;
    /// close(sockfd)?;
    /// close(listenfd)?; // the server exits
    ///
    /// // restart without the option: the port is still in use
    /// let plain = socket(AF_INET, SOCK_STREAM, 0)?;
    /// assert_eq!(bind(&plain, &servaddr).unwrap_err().errno(), Some(Errno::EADDRINUSE));
    /// // restart with it, set before bind: the port is ours again
    /// let restarted = socket(AF_INET, SOCK_STREAM, 0)?;
    /// setsockopt(&restarted, SOL_SOCKET, SO_REUSEADDR, &on)?;
    /// bind(&restarted, &servaddr)?;
    /// listen(&restarted, LISTENQ)?;
    /// # Ok::<(), socklab::Error>(())
    /// ```
    SO_REUSEADDR: c_int = libc::SO_REUSEADDR, "SO_REUSEADDR";
    /// `SOL_SOCKET, SO_REUSEPORT` (int, boolean)—lets several sockets bind
    /// and listen on the same port; the kernel spreads connections among
    /// them. On Linux every one of them must set it before `bind`, and
    /// they must belong to the same user. Not in POSIX; BSD's meaning differs.
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
    /// `SOL_SOCKET, SO_SNDTIMEO` ([`timeval`])—a timeout for sending:
    /// a write that waits longer for buffer space fails with EAGAIN (or
    /// returns the bytes it did send). Zero means wait forever.
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
    /// (fixed at 1 on Linux: it can be read, and setting it fails with
    /// ENOPROTOOPT).
    SO_SNDLOWAT: c_int = libc::SO_SNDLOWAT, "SO_SNDLOWAT";
    /// `IPPROTO_IP, IP_TOS` (int)—the type-of-service (DSCP/ECN) byte of
    /// outgoing IPv4 packets.
    IP_TOS: c_int = libc::IP_TOS, "IP_TOS";
    /// `IPPROTO_IP, IP_TTL` (int)—the time-to-live (hop limit) of outgoing
    /// IPv4 packets (the system default, usually 64; setting -1 restores it).
    IP_TTL: c_int = libc::IP_TTL, "IP_TTL";
    /// `IPPROTO_IPV6, IPV6_UNICAST_HOPS` (int)—the hop limit of outgoing
    /// IPv6 unicast packets (-1 would mean "the system default").
    IPV6_UNICAST_HOPS: c_int = libc::IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS";
    /// `IPPROTO_IPV6, IPV6_V6ONLY` (int, boolean)—an AF_INET6 socket
    /// accepts only IPv6, not IPv4-mapped addresses. Off by default on
    /// Linux: a server bound to `::` also gets IPv4 clients, as
    /// `::ffff:127.0.0.1`.
    IPV6_V6ONLY: c_int = libc::IPV6_V6ONLY, "IPV6_V6ONLY";
}

// [ch15] credentials, the Linux way (UNP §15.8 uses FreeBSD's SCM_CREDS)
sockopts! {
    /// `SOL_SOCKET, SO_PEERCRED` ([`ucred`](crate::types::ucred), get
    /// only)—the credentials of the process at the other end of a
    /// connected AF_UNIX socket (or socketpair), as they were when it
    /// called `connect` (or `socketpair`): its pid, effective uid and gid.
    /// Linux's answer to the book's question "who is my client?"; FreeBSD
    /// has `LOCAL_PEERCRED`.
    ///
    /// ```
    /// use socklab::*;
    /// let (a, _b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    /// let cred = getsockopt(&a, SOL_SOCKET, SO_PEERCRED)?;
    /// assert_eq!(cred.pid, getpid()); // the other end is this process
    /// # Ok::<(), socklab::Error>(())
    /// ```
    SO_PEERCRED: crate::types::ucred = libc::SO_PEERCRED, "SO_PEERCRED";
    /// `SOL_SOCKET, SO_PASSCRED` (int, boolean)—on an AF_UNIX socket: each
    /// `recvmsg` also returns the sender's credentials, an
    /// `SCM_CREDENTIALS` control message
    /// ([`SCM_CREDENTIALS`](crate::socket::SCM_CREDENTIALS)) — Linux's
    /// form of the book's `SCM_CREDS` (FreeBSD).
    SO_PASSCRED: c_int = libc::SO_PASSCRED, "SO_PASSCRED";
}

/// `setsockopt(sockfd, level, optname, &optval, sizeof(optval))`—sets a
/// socket option.
///
/// `level` is where the option lives (`SOL_SOCKET` for the socket layer,
/// `IPPROTO_TCP` for TCP, `IPPROTO_IPV6`); it is passed to the kernel as
/// given, as in C. The value's size is the size of its type. Options
/// that shape `bind` or `connect` (`SO_REUSEADDR`) must be set before
/// that call.
///
/// # Errors
/// - `ENOPROTOOPT`: no such option at that level — a wrong level, a TCP
///   option on a UDP socket (`IPPROTO_TCP, TCP_NODELAY`), or a read-only
///   option (`SO_TYPE`, `SO_ERROR`, Linux's `SO_SNDLOWAT`).
/// - `EOPNOTSUPP`: a TCP or IP level option on an AF_UNIX socket.
/// - `EINVAL`: a value the option refuses (`IP_TTL` 0, `TCP_MAXSEG` out
///   of range).
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
    calls::setsockopt(fd, level, opt.c_name, optval, &res);
    res
}

/// `getsockopt(sockfd, level, optname, &optval, &optlen)`—reads a socket
/// option's current value.
///
/// C passes `&optlen` set to the size of the value and gets the size
/// written back; socklab passes `sizeof(T)` and returns the value.
///
/// # Errors
/// - `EOPNOTSUPP`: the socket has no such level — a TCP option on a UDP
///   socket (`IPPROTO_TCP, TCP_NODELAY`), an IPv6 option on an IPv4
///   socket, anything but `SOL_SOCKET` on an AF_UNIX socket. (The same
///   mistake in `setsockopt` on an IP socket gives ENOPROTOOPT.)
/// - `ENOPROTOOPT`: the level exists but has no such option.
///
/// ```
/// use socklab::*;
/// let fd = socket(AF_INET, SOCK_STREAM, 0)?;
/// assert_eq!(getsockopt(&fd, SOL_SOCKET, SO_TYPE)?, SOCK_STREAM);
/// println!("default receive buffer: {} bytes", getsockopt(&fd, SOL_SOCKET, SO_RCVBUF)?);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(getsockopt(2))]
pub fn getsockopt<T: OptValue>(sockfd: impl AsFd, level: c_int, opt: SockOpt<T>) -> Result<T> {
    let fd = sockfd.as_fd();
    let res = sys::getsockopt::<T>(fd, level, opt.name);
    calls::getsockopt(fd, level, opt.c_name, &res);
    res
}

// ---------------------------------------------------------------------
// Chapter 21 (multicasting): the multicast options, typed. [ch21 block]
// ---------------------------------------------------------------------

pub use crate::types::{group_req, group_source_req, ip_mreq, ipv6_mreq};

sockopts! {
    /// `IPPROTO_IP, IP_ADD_MEMBERSHIP` ([`ip_mreq`])—joins an IPv4 group
    /// on one interface: datagrams sent to the group arrive at sockets
    /// bound to its port. A socket may join up to 20 groups (Linux's
    /// `igmp_max_memberships`); `EADDRINUSE` if already joined there.
    IP_ADD_MEMBERSHIP: ip_mreq = libc::IP_ADD_MEMBERSHIP, "IP_ADD_MEMBERSHIP";
    /// `IPPROTO_IP, IP_DROP_MEMBERSHIP` ([`ip_mreq`])—leaves the group
    /// (closing the socket leaves every group it joined).
    IP_DROP_MEMBERSHIP: ip_mreq = libc::IP_DROP_MEMBERSHIP, "IP_DROP_MEMBERSHIP";
    /// `IPPROTO_IP, IP_MULTICAST_IF` ([`in_addr`](crate::in_addr))—the
    /// interface, by its local address, that outgoing multicasts leave by
    /// (`INADDR_ANY`: by the route).
    IP_MULTICAST_IF: crate::addr::in_addr = libc::IP_MULTICAST_IF, "IP_MULTICAST_IF";
    /// `IPPROTO_IP, IP_MULTICAST_TTL` (`u_char`)—the TTL of outgoing
    /// multicasts: 1 (the default) keeps them on the local subnet.
    IP_MULTICAST_TTL: u8 = libc::IP_MULTICAST_TTL, "IP_MULTICAST_TTL";
    /// `IPPROTO_IP, IP_MULTICAST_LOOP` (`u_char`, boolean)—whether this
    /// host's own sockets in the group get a copy of what it sends (on by
    /// default).
    IP_MULTICAST_LOOP: u8 = libc::IP_MULTICAST_LOOP, "IP_MULTICAST_LOOP";
    /// `IPPROTO_IPV6, IPV6_JOIN_GROUP` ([`ipv6_mreq`])—joins an IPv6 group
    /// (strace calls it by its Linux name, `IPV6_ADD_MEMBERSHIP`).
    IPV6_JOIN_GROUP: ipv6_mreq = libc::IPV6_ADD_MEMBERSHIP, "IPV6_ADD_MEMBERSHIP";
    /// `IPPROTO_IPV6, IPV6_LEAVE_GROUP` ([`ipv6_mreq`])—leaves it
    /// (`IPV6_DROP_MEMBERSHIP` to strace).
    IPV6_LEAVE_GROUP: ipv6_mreq = libc::IPV6_DROP_MEMBERSHIP, "IPV6_DROP_MEMBERSHIP";
    /// `IPPROTO_IPV6, IPV6_MULTICAST_IF` (`u_int`)—the interface, by index,
    /// that outgoing IPv6 multicasts leave by (0: by the route).
    IPV6_MULTICAST_IF: libc::c_uint = libc::IPV6_MULTICAST_IF, "IPV6_MULTICAST_IF";
    /// `IPPROTO_IPV6, IPV6_MULTICAST_HOPS` (int)—the hop limit of outgoing
    /// IPv6 multicasts (1 by default; -1: the default).
    IPV6_MULTICAST_HOPS: c_int = libc::IPV6_MULTICAST_HOPS, "IPV6_MULTICAST_HOPS";
    /// `IPPROTO_IPV6, IPV6_MULTICAST_LOOP` (`u_int`, boolean)—IPv6's
    /// `IP_MULTICAST_LOOP`.
    IPV6_MULTICAST_LOOP: libc::c_uint = libc::IPV6_MULTICAST_LOOP, "IPV6_MULTICAST_LOOP";
    /// `IPPROTO_IP` or `IPPROTO_IPV6`, `MCAST_JOIN_GROUP` ([`group_req`])—
    /// joins a group of either family by interface index (RFC 3678): what
    /// the book's [`mcast_join`](crate::unp::mcast_join) uses where the
    /// system has it, as Linux does.
    MCAST_JOIN_GROUP: group_req = libc::MCAST_JOIN_GROUP, "MCAST_JOIN_GROUP";
    /// `MCAST_LEAVE_GROUP` ([`group_req`])—leaves it.
    MCAST_LEAVE_GROUP: group_req = libc::MCAST_LEAVE_GROUP, "MCAST_LEAVE_GROUP";
    /// `MCAST_JOIN_SOURCE_GROUP` ([`group_source_req`])—joins a group for
    /// one source only (source-specific multicast).
    MCAST_JOIN_SOURCE_GROUP: group_source_req = libc::MCAST_JOIN_SOURCE_GROUP, "MCAST_JOIN_SOURCE_GROUP";
    /// `MCAST_LEAVE_SOURCE_GROUP` ([`group_source_req`])—leaves it.
    MCAST_LEAVE_SOURCE_GROUP: group_source_req = libc::MCAST_LEAVE_SOURCE_GROUP, "MCAST_LEAVE_SOURCE_GROUP";
    /// `MCAST_BLOCK_SOURCE` ([`group_source_req`])—in a joined group, stop
    /// receiving from one source.
    MCAST_BLOCK_SOURCE: group_source_req = libc::MCAST_BLOCK_SOURCE, "MCAST_BLOCK_SOURCE";
    /// `MCAST_UNBLOCK_SOURCE` ([`group_source_req`])—receive from it again.
    MCAST_UNBLOCK_SOURCE: group_source_req = libc::MCAST_UNBLOCK_SOURCE, "MCAST_UNBLOCK_SOURCE";
}

impl group_req {
    /// `req.gr_interface = ifindex; memcpy(&req.gr_group, grp, grplen)`—
    /// the value of `MCAST_JOIN_GROUP` for group `grp` (port ignored) on
    /// interface `ifindex` (0: the kernel picks).
    ///
    /// ```
    /// use socklab::*;
    /// let grp = sockaddr_in::new(htonl(0xefff_0102), 0); // 239.255.1.2
    /// let req = group_req::new(0, &grp);
    /// assert_eq!(req.gr_interface, 0);
    /// ```
    pub fn new(ifindex: u32, grp: &impl crate::addr::AsSockAddr) -> group_req {
        group_req::from_bytes(ifindex, sys::sockaddr_bytes(&grp.to_sockaddr()).0)
    }
}

impl group_source_req {
    /// The value of the `MCAST_*_SOURCE*` options: group `grp` and source
    /// `src` on interface `ifindex` (0: the kernel picks).
    pub fn new(
        ifindex: u32,
        src: &impl crate::addr::AsSockAddr,
        grp: &impl crate::addr::AsSockAddr,
    ) -> group_source_req {
        group_source_req::from_bytes(
            ifindex,
            sys::sockaddr_bytes(&grp.to_sockaddr()).0,
            sys::sockaddr_bytes(&src.to_sockaddr()).0,
        )
    }
}

// ---------------------------------------------------------------------
// Chapter 22 (advanced UDP): the destination address and interface of
// each datagram, as ancillary data. [ch22 block]
// ---------------------------------------------------------------------

sockopts! {
    /// `IPPROTO_IP, IP_PKTINFO` (int, boolean)—each datagram `recvmsg`
    /// returns comes with an `IP_PKTINFO` control message: the interface
    /// it arrived on and the destination address in its header (unicast,
    /// broadcast or multicast). Linux's answer to the book's
    /// `IP_RECVDSTADDR` and `IP_RECVIF`, which it does not have.
    IP_PKTINFO: c_int = libc::IP_PKTINFO, "IP_PKTINFO";
    /// `IPPROTO_IPV6, IPV6_RECVPKTINFO` (int, boolean)—IPv6's
    /// `IP_PKTINFO`: an `IPV6_PKTINFO` control message with each datagram.
    IPV6_RECVPKTINFO: c_int = libc::IPV6_RECVPKTINFO, "IPV6_RECVPKTINFO";
}
