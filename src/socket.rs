//! `<sys/socket.h>` — creating, naming, connecting and talking through
//! sockets: [`socket`], [`bind`], [`listen`], [`accept`], [`connect`],
//! [`shutdown`], [`socketpair`], [`getsockname`], [`getpeername`],
//! [`send`], [`recv`], [`sendto`], [`recvfrom`].
//!
//! Each function makes the one system call its name says, with the
//! arguments a C program would pass: `socket` adds no `SOCK_CLOEXEC`,
//! `accept` is accept(2) (not accept4), `listen` uses your backlog, `send`
//! adds no `MSG_NOSIGNAL`. Nothing is retried.

use std::os::fd::{AsFd, AsRawFd};

use libc::c_int;

use crate::addr::{AsSockAddr, SockAddr};
use crate::error::Result;
use crate::fd::Fd;
use crate::sys::{self, RawAddr, SockAddrOut};
use crate::trace::calls;

/// `socket(domain, type, protocol)`—creates an endpoint for communication
/// and returns its descriptor.
///
/// `domain` is the address family (`AF_INET`, `AF_INET6`, `AF_UNIX`),
/// `type` the kind of communication (`SOCK_STREAM` for TCP-style byte
/// streams, `SOCK_DGRAM` for datagrams), `protocol` usually `0` ("the
/// default for this family and type": TCP for stream, UDP for datagram).
/// The descriptor is the lowest free number — 3 in a fresh program.
///
/// # Errors
/// - `EAFNOSUPPORT` (unknown family), `EINVAL` (unknown type),
///   `EPROTONOSUPPORT` (a protocol that does not fit, e.g. `SOCK_STREAM`
///   with `IPPROTO_UDP`).
/// - `EMFILE`: the process is out of descriptors.
/// - `EPERM` on Linux (`EACCES` in POSIX): `SOCK_RAW` without root.
///
/// ```
/// use socklab::*;
/// let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// println!("Socket Initialized {sockfd}");
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(socket(2))]
pub fn socket(domain: c_int, ty: c_int, protocol: c_int) -> Result<Fd> {
    let res = sys::socket(domain, ty, protocol).map(Fd::from);
    calls::socket(domain, ty, protocol, &res);
    res
}

/// `socketpair(domain, type, protocol, sv)`—creates two connected sockets,
/// returned as a pair (C fills the array `sv[2]`).
///
/// Only `AF_UNIX` supports it. What is written to one end is read from
/// the other: a pipe that works in both directions, often shared with a
/// child after `fork`.
///
/// # Errors
/// `EOPNOTSUPP`/`EAFNOSUPPORT` for families other than AF_UNIX; `EMFILE`.
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// write(&a, b"ping")?;
/// let mut buf = [0u8; 4];
/// assert_eq!(read(&b, &mut buf)?, 4);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(socketpair(2))]
pub fn socketpair(domain: c_int, ty: c_int, protocol: c_int) -> Result<(Fd, Fd)> {
    let res = sys::socketpair(domain, ty, protocol).map(|(a, b)| (Fd::from(a), Fd::from(b)));
    let numbers = res.as_ref().map(|(a, b)| [a.as_raw_fd(), b.as_raw_fd()]);
    calls::socketpair(domain, ty, protocol, numbers.map_err(Clone::clone));
    res
}

/// `bind(sockfd, addr, addrlen)`—gives the socket its local address: the
/// port (and address) a server will be reached at, or an AF_UNIX path.
///
/// Binding `INADDR_ANY` accepts connections on every local address; port 0
/// asks the kernel to pick a free port ([`getsockname`] tells which).
/// An AF_UNIX path is created as a socket file and stays until [`unlink`](crate::unlink)ed.
///
/// # Errors
/// - `EADDRINUSE`: another socket has the port (or a previous run's
///   connections still hold it, in TIME_WAIT: see
///   [`SO_REUSEADDR`](crate::SO_REUSEADDR)), or the AF_UNIX path exists.
/// - `EACCES`: ports below 1024 need privileges; so does a path in a
///   directory you cannot write.
/// - `EADDRNOTAVAIL`: the address is not one of this machine's.
/// - `EINVAL`: the socket is already bound.
///
/// ```no_run
/// use socklab::*;
/// let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// let servaddr = sockaddr_in::new(INADDR_ANY, SERV_PORT);
/// bind(&listenfd, &servaddr)?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(bind(2))]
pub fn bind(sockfd: impl AsFd, addr: &impl AsSockAddr) -> Result<()> {
    let fd = sockfd.as_fd();
    let sa = addr.to_sockaddr();
    let raw = RawAddr::new(&sa);
    let res = sys::bind(fd, &raw);
    calls::bind(fd, &sa, &raw, &res);
    res
}

/// `listen(sockfd, backlog)`—turns a bound stream socket into a listening
/// (passive) socket that the kernel completes connections for.
///
/// `backlog` bounds the queue of connections waiting for [`accept`]
/// (Linux caps it at `/proc/sys/net/core/somaxconn`). The course book's
/// value is [`LISTENQ`](crate::LISTENQ) (1024). A socket that was never
/// bound gets an ephemeral port, which clients cannot guess: bind first.
///
/// # Errors
/// - `EADDRINUSE`: another socket already listens on the port (possible
///   when both were bound with `SO_REUSEADDR` before either listened).
/// - `EOPNOTSUPP`: not a stream socket (`listen` on UDP).
///
/// ```
/// use socklab::*;
/// let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
/// listen(&listenfd, LISTENQ)?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(listen(2))]
pub fn listen(sockfd: impl AsFd, backlog: c_int) -> Result<()> {
    let fd = sockfd.as_fd();
    let res = sys::listen(fd, backlog);
    calls::listen(fd, backlog, &res);
    res
}

/// `accept(sockfd, cliaddr, &addrlen)`—waits for the next completed
/// connection and returns a **new** descriptor for it, with the client's
/// address.
///
/// The listening socket stays open for further connections; talk to the
/// client through the returned descriptor. The address is what C fills in
/// through its value-result `cliaddr`/`addrlen` arguments (socklab passes a
/// `sockaddr_storage`, so strace shows `[128 => 16]`). This is accept(2),
/// not accept4: no `SOCK_CLOEXEC`.
///
/// # Errors
/// - `EINTR`: a signal handler ran while accept was waiting (see the
///   SIGCHLD lesson: install the handler with `SA_RESTART`, or loop).
/// - `EINVAL`: the socket is not listening.
/// - `EMFILE`: the process is out of descriptors (a server that never
///   closes its connected sockets).
///
/// A client that resets its connection before `accept` (POSIX's
/// `ECONNABORTED` case) does not make accept fail on Linux: it returns
/// the connection, and the first `read` on it fails with ECONNRESET.
///
/// ```
/// use socklab::*;
/// let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
/// listen(&listenfd, LISTENQ)?;
/// let servaddr = getsockname(&listenfd)?;
///
/// let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// connect(&sockfd, &servaddr)?;
/// let (connfd, cliaddr) = accept(&listenfd)?;
/// assert_eq!(cliaddr, getsockname(&sockfd)?);
/// println!("connection from {cliaddr} on descriptor {connfd}");
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(accept(2))]
pub fn accept(sockfd: impl AsFd) -> Result<(Fd, SockAddr)> {
    accept_raw(sockfd.as_fd(), RawAddr::empty()).map(|(new, raw)| (new, raw.to_sockaddr()))
}

/// `accept(sockfd, NULL, NULL)`—[`accept`] for a server that does not
/// want the client's address (the book's Figure 1.9 daytime server).
///
/// The kernel writes no address; strace shows `accept(3, NULL, NULL)`.
///
/// # Errors
/// As [`accept`]: `EINTR`, `EINVAL` (not listening), `EMFILE`.
///
/// ```
/// use socklab::*;
/// let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
/// listen(&listenfd, LISTENQ)?;
/// let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// connect(&sockfd, &getsockname(&listenfd)?)?;
/// let connfd = accept_null(&listenfd)?; // accept(3, NULL, NULL) = 5
/// write(&connfd, b"hello\r\n")?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(accept(2))]
#[doc(alias = "accept")]
pub fn accept_null(sockfd: impl AsFd) -> Result<Fd> {
    let fd = sockfd.as_fd();
    let res = sys::accept_null(fd).map(Fd::from);
    calls::accept_null(fd, &res);
    res
}

/// `clilen = sizeof(cliaddr); accept(sockfd, (SA *) &cliaddr, &clilen)`—
/// [`accept`] that fills in an address of the type you chose, telling the
/// kernel that type's size.
///
/// With a [`sockaddr_in`](crate::sockaddr_in) strace shows `[16]`, as for the book's chapter
/// 1–8 servers (`struct sockaddr_in cliaddr`); [`accept`] passes a
/// `sockaddr_storage` and shows `[128 => 16]`, as the book's
/// protocol-independent code does. Like C, the address is read as the type
/// you chose whatever the client's family: pass a type that fits.
///
/// # Errors
/// As [`accept`]: `EINTR`, `EINVAL` (not listening), `EMFILE`.
///
/// ```
/// use socklab::*;
/// let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
/// listen(&listenfd, LISTENQ)?;
/// let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// connect(&sockfd, &getsockname(&listenfd)?)?;
///
/// let mut cliaddr = sockaddr_in::default();
/// let connfd = accept_into(&listenfd, &mut cliaddr)?; // accept(3, {…}, [16]) = 5
/// assert_eq!(SockAddr::from(cliaddr), getsockname(&sockfd)?);
/// # drop(connfd);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(accept(2))]
#[doc(alias = "accept")]
pub fn accept_into<A: SockAddrOut>(sockfd: impl AsFd, cliaddr: &mut A) -> Result<Fd> {
    let (new, raw) = accept_raw(sockfd.as_fd(), RawAddr::with_cap(A::C_LEN))?;
    *cliaddr = A::from_raw(&raw);
    Ok(new)
}

/// accept(2) into a buffer of the caller's size, traced.
/// `clilen = addrlen; accept(sockfd, cliaddr, &clilen)`—[`accept`] with
/// the address buffer the size [`tcp_listen`](crate::unp::tcp_listen)
/// reported, as the book's protocol-independent servers of chapter 30 do
/// (`cliaddr = Malloc(addrlen)`): strace shows `[16]` for IPv4 and `[28]`
/// for IPv6, where [`accept`]'s `sockaddr_storage` shows `[128 => 16]`.
///
/// # Errors
/// As [`accept`]: `EINTR`, `EINVAL` (not listening), `EMFILE`.
///
/// ```
/// use socklab::*;
/// let (listenfd, addrlen) = tcp_listen(Some("127.0.0.1"), "0")?;
/// let port = getsockname(&listenfd)?.inet_port()?;
/// let client = tcp_connect("127.0.0.1", &port.to_string())?;
/// let (connfd, cliaddr) = accept_len(&listenfd, addrlen)?;
/// assert_eq!(cliaddr, getsockname(&client)?);
/// # drop(connfd);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(accept(2))]
pub fn accept_len(sockfd: impl AsFd, addrlen: libc::socklen_t) -> Result<(Fd, SockAddr)> {
    accept_raw(sockfd.as_fd(), RawAddr::with_cap(addrlen))
        .map(|(new, raw)| (new, raw.to_sockaddr()))
}

fn accept_raw(fd: std::os::fd::BorrowedFd, buf: RawAddr) -> Result<(Fd, RawAddr)> {
    let cap = buf.cap();
    let res = sys::accept(fd, buf).map(|(new, raw)| (Fd::from(new), raw));
    calls::accept(fd, cap, &res);
    res
}

/// `connect(sockfd, servaddr, addrlen)`—connects the socket to a server.
///
/// For TCP this performs the three-way handshake and returns when it
/// completes (or fails). If the socket was not bound, the kernel picks
/// the local address and an ephemeral port ([`getsockname`] shows them).
/// On a UDP socket it only records the peer: `send`/`recv` then use it,
/// and errors such as ECONNREFUSED are reported.
///
/// # Errors
/// - `ECONNREFUSED`: nothing listens on that port (the server answered RST).
/// - `ETIMEDOUT`: no answer at all.
/// - `ENETUNREACH`/`EHOSTUNREACH`: no route to the address.
/// - `EINTR`: interrupted by a signal; the connection continues in the background.
///
/// ```
/// use socklab::*;
/// // a port that is bound but not listening: the kernel answers RST
/// let bound = socket(AF_INET, SOCK_STREAM, 0)?;
/// bind(&bound, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
/// let servaddr = getsockname(&bound)?;
///
/// let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// let err = connect(&sockfd, &servaddr).unwrap_err();
/// assert_eq!(err.to_string(), "connect: Connection refused (ECONNREFUSED)");
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(connect(2))]
pub fn connect(sockfd: impl AsFd, servaddr: &impl AsSockAddr) -> Result<()> {
    let fd = sockfd.as_fd();
    let sa = servaddr.to_sockaddr();
    let raw = RawAddr::new(&sa);
    let res = sys::connect(fd, &raw);
    calls::connect(fd, &sa, &raw, &res);
    res
}

/// `shutdown(sockfd, how)`—ends one or both directions of a connection,
/// whatever other descriptors refer to the socket.
///
/// `SHUT_WR` sends a FIN (the peer's read returns 0) while this side can
/// still read the replies: the way to say "no more requests" without
/// losing the answers still in flight. `SHUT_RD` discards further input;
/// `SHUT_RDWR` does both.
///
/// # Errors
/// `ENOTCONN`: the socket is not connected.
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// shutdown(&a, SHUT_WR)?;
/// assert_eq!(read(&b, &mut [0u8; 16])?, 0); // the peer sees end of file
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(shutdown(2))]
pub fn shutdown(sockfd: impl AsFd, how: c_int) -> Result<()> {
    let fd = sockfd.as_fd();
    let res = sys::shutdown(fd, how);
    calls::shutdown(fd, how, &res);
    res
}

/// `getsockname(sockfd, localaddr, &addrlen)`—the socket's own address:
/// what `bind` set, or what the kernel chose (an ephemeral port after
/// `connect`, the port after binding port 0).
///
/// # Errors
/// `EBADF`/`ENOTSOCK`: not an open socket.
///
/// ```
/// use socklab::*;
/// let fd = socket(AF_INET, SOCK_STREAM, 0)?;
/// bind(&fd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
/// let local = getsockname(&fd)?;
/// assert_ne!(local.port(), Some(0)); // the kernel picked a port
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(getsockname(2))]
pub fn getsockname(sockfd: impl AsFd) -> Result<SockAddr> {
    let fd = sockfd.as_fd();
    let res = sys::getsockname(fd, RawAddr::empty());
    calls::sockname("getsockname", fd, sys::STORAGE_LEN, &res);
    res.map(|raw| raw.to_sockaddr())
}

/// `len = sizeof(addr); getsockname(sockfd, (SA *) &addr, &len)`—
/// [`getsockname`] into an address of the type you chose, telling the
/// kernel that type's size (strace: `[16]` for a [`sockaddr_in`](crate::sockaddr_in), where
/// [`getsockname`]'s storage shows `[128 => 16]`).
///
/// # Errors
/// `EBADF`/`ENOTSOCK`: not an open socket.
///
/// ```
/// use socklab::*;
/// let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// bind(&listenfd, &sockaddr_in::new(INADDR_ANY, 0))?;
/// let mut servaddr = sockaddr_in::default();
/// getsockname_into(&listenfd, &mut servaddr)?;
/// println!("listening on {}", sock_ntop(&servaddr)); // 0.0.0.0:41234
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(getsockname(2))]
#[doc(alias = "getsockname")]
pub fn getsockname_into<A: SockAddrOut>(sockfd: impl AsFd, addr: &mut A) -> Result<()> {
    let fd = sockfd.as_fd();
    let res = sys::getsockname(fd, RawAddr::with_cap(A::C_LEN));
    calls::sockname("getsockname", fd, A::C_LEN, &res);
    *addr = A::from_raw(&res?);
    Ok(())
}

/// `getpeername(sockfd, peeraddr, &addrlen)`—the address of the peer a
/// socket is connected to.
///
/// # Errors
/// `ENOTCONN`: the socket is not connected.
///
/// ```
/// use socklab::*;
/// let (a, _b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// assert!(matches!(getpeername(&a)?, SockAddr::Unix(u) if u.is_unnamed()));
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(getpeername(2))]
pub fn getpeername(sockfd: impl AsFd) -> Result<SockAddr> {
    let fd = sockfd.as_fd();
    let res = sys::getpeername(fd, RawAddr::empty());
    calls::sockname("getpeername", fd, sys::STORAGE_LEN, &res);
    res.map(|raw| raw.to_sockaddr())
}

/// `len = sizeof(addr); getpeername(sockfd, (SA *) &addr, &len)`—
/// [`getpeername`] into an address of the type you chose, telling the
/// kernel that type's size (strace: `[16]` for a [`sockaddr_in`](crate::sockaddr_in)).
///
/// # Errors
/// `ENOTCONN`: the socket is not connected.
///
/// ```
/// use socklab::*;
/// let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
/// listen(&listenfd, LISTENQ)?;
/// let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// connect(&sockfd, &getsockname(&listenfd)?)?;
/// let mut peer = sockaddr_in::default();
/// getpeername_into(&sockfd, &mut peer)?;
/// assert_eq!(SockAddr::from(peer), getsockname(&listenfd)?);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(getpeername(2))]
#[doc(alias = "getpeername")]
pub fn getpeername_into<A: SockAddrOut>(sockfd: impl AsFd, addr: &mut A) -> Result<()> {
    let fd = sockfd.as_fd();
    let res = sys::getpeername(fd, RawAddr::with_cap(A::C_LEN));
    calls::sockname("getpeername", fd, A::C_LEN, &res);
    *addr = A::from_raw(&res?);
    Ok(())
}

/// `send(sockfd, buf, len, flags)`—writes to a connected socket, with flags.
///
/// With `flags == 0` it is `write`. The C library makes the system call
/// `sendto(fd, buf, len, flags, NULL, 0)`, and that is what strace and
/// trace mode show; an error still names the function, as perror would
/// (`send: Broken pipe (EPIPE)`). socklab adds no `MSG_NOSIGNAL`: writing
/// to a closed connection raises SIGPIPE as in C.
///
/// # Errors
/// `EPIPE`, `ECONNRESET`, `EINTR`; `EAGAIN` with `MSG_DONTWAIT` when the
/// send buffer is full.
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// send(&a, b"abc", 0)?;
/// let mut buf = [0u8; 8];
/// assert_eq!(recv(&b, &mut buf, MSG_PEEK)?, 3); // look without taking
/// assert_eq!(recv(&b, &mut buf, 0)?, 3);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(send(2))]
pub fn send(sockfd: impl AsFd, buf: &[u8], flags: c_int) -> Result<usize> {
    let fd = sockfd.as_fd();
    let res = sys::send(fd, buf, flags);
    calls::send(fd, buf, flags, &res);
    res
}

/// `recv(sockfd, buf, len, flags)`—reads from a connected socket, with flags.
///
/// With `flags == 0` it is `read`: 0 means the peer closed. `MSG_PEEK`
/// looks at the data without removing it; `MSG_WAITALL` waits for the
/// whole buffer (unless a signal, an error or end of file comes first).
/// The C library's system call is `recvfrom(fd, buf, len, flags, NULL, NULL)`.
///
/// # Errors
/// `ECONNRESET`, `EINTR`, `EAGAIN` (timeout set with `SO_RCVTIMEO`, or
/// `MSG_DONTWAIT` with nothing to read), `ECONNREFUSED` (connected UDP).
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// let err = recv(&b, &mut [0u8; 8], MSG_DONTWAIT).unwrap_err();
/// assert_eq!(err.errno(), Some(Errno::EAGAIN));
/// # drop(a);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(recv(2))]
pub fn recv(sockfd: impl AsFd, buf: &mut [u8], flags: c_int) -> Result<usize> {
    let fd = sockfd.as_fd();
    let res = sys::recv(fd, buf, flags);
    calls::recv(fd, buf, flags, &res);
    res
}

/// `sendto(sockfd, buf, len, flags, to, addrlen)`—sends a datagram to `to`.
///
/// The UDP way to talk: no connection, each datagram carries its own
/// destination. Returns the bytes sent; a datagram is sent whole or not at
/// all.
///
/// # Errors
/// `EMSGSIZE` (datagram too large), `EACCES` (broadcast address without
/// `SO_BROADCAST`), `ENETUNREACH`; on an AF_UNIX socket `ENOENT`/
/// `ECONNREFUSED` when no socket is bound at the path.
///
/// ```
/// use socklab::*;
/// let server = socket(AF_INET, SOCK_DGRAM, 0)?;
/// bind(&server, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
/// let servaddr = getsockname(&server)?;
///
/// let client = socket(AF_INET, SOCK_DGRAM, 0)?;
/// sendto(&client, b"hello", 0, &servaddr)?;
/// let mut buf = [0u8; MAXLINE];
/// let (n, from) = recvfrom(&server, &mut buf, 0)?;
/// assert_eq!(&buf[..n], b"hello");
/// // the client was bound implicitly by sendto, to 0.0.0.0 and an ephemeral port
/// assert_eq!(from.port(), getsockname(&client)?.port());
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(sendto(2))]
pub fn sendto(sockfd: impl AsFd, buf: &[u8], flags: c_int, to: &impl AsSockAddr) -> Result<usize> {
    let fd = sockfd.as_fd();
    let sa = to.to_sockaddr();
    let raw = RawAddr::new(&sa);
    let res = sys::sendto(fd, buf, flags, &raw);
    calls::sendto(fd, buf, flags, (&sa, &raw), &res);
    res
}

/// `recvfrom(sockfd, buf, len, flags, from, &addrlen)`—receives a datagram
/// and the address it came from.
///
/// A datagram longer than `buf` is cut to fit; the rest is lost. A
/// zero-length datagram is possible and returns 0 (this is not end of file
/// for UDP). The sender's address is what C returns through `from`.
///
/// # Errors
/// `EAGAIN` (the `SO_RCVTIMEO` timeout expired: the reply was lost), `EINTR`,
/// `ECONNREFUSED` (connected UDP socket, nobody at the peer's port).
///
/// ```
/// use socklab::*;
/// let fd = socket(AF_INET, SOCK_DGRAM, 0)?;
/// setsockopt(&fd, SOL_SOCKET, SO_RCVTIMEO, &timeval { tv_sec: 0, tv_usec: 10_000 })?;
/// let err = recvfrom(&fd, &mut [0u8; 64], 0).unwrap_err();
/// assert_eq!(err.errno(), Some(Errno::EAGAIN)); // nothing arrived within 10 ms
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(recvfrom(2))]
pub fn recvfrom(sockfd: impl AsFd, buf: &mut [u8], flags: c_int) -> Result<(usize, SockAddr)> {
    recvfrom_raw(sockfd.as_fd(), buf, flags, RawAddr::empty())
        .map(|(n, raw)| (n, raw.to_sockaddr()))
}

/// `len = sizeof(cliaddr); recvfrom(sockfd, buf, len, flags, (SA *) &cliaddr, &len)`—
/// [`recvfrom`] that fills in an address of the type you chose, telling
/// the kernel that type's size: with a [`sockaddr_in`](crate::sockaddr_in) strace shows `[16]`,
/// as for the book's `dg_echo` (Figure 8.4).
///
/// # Errors
/// As [`recvfrom`]: `EAGAIN` (timeout), `EINTR`, `ECONNREFUSED`.
///
/// ```
/// use socklab::*;
/// let server = socket(AF_INET, SOCK_DGRAM, 0)?;
/// bind(&server, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
/// let client = socket(AF_INET, SOCK_DGRAM, 0)?;
/// sendto(&client, b"hi", 0, &getsockname(&server)?)?;
///
/// let mut cliaddr = sockaddr_in::default();
/// let mut buf = [0u8; MAXLINE];
/// let n = recvfrom_into(&server, &mut buf, 0, &mut cliaddr)?; // …, [16]) = 2
/// sendto(&server, &buf[..n], 0, &cliaddr)?; // the echo goes back to the sender
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(recvfrom(2))]
#[doc(alias = "recvfrom")]
pub fn recvfrom_into<A: SockAddrOut>(
    sockfd: impl AsFd,
    buf: &mut [u8],
    flags: c_int,
    from: &mut A,
) -> Result<usize> {
    let (n, raw) = recvfrom_raw(sockfd.as_fd(), buf, flags, RawAddr::with_cap(A::C_LEN))?;
    *from = A::from_raw(&raw);
    Ok(n)
}

/// recvfrom(2) into an address buffer of the caller's size, traced.
fn recvfrom_raw(
    fd: std::os::fd::BorrowedFd,
    buf: &mut [u8],
    flags: c_int,
    from: RawAddr,
) -> Result<(usize, RawAddr)> {
    let cap = from.cap();
    let res = sys::recvfrom(fd, buf, flags, from);
    calls::recvfrom(fd, buf, flags, cap, &res);
    res
}

// ---------------------------------------------------------------------
// Chapter 14: sendmsg / recvmsg and struct msghdr [ch14 block — keep
// together for merges]
// ---------------------------------------------------------------------

/// `struct msghdr`—the message [`sendmsg`] sends and [`recvmsg`] fills:
/// an address, the buffers (C's `msg_iov`/`msg_iovlen`), ancillary data
/// (`msg_control`/`msg_controllen`) and the flags the kernel returned.
///
/// `I` is the buffers: `&[IoSlice]` for `sendmsg`, `&mut [IoSliceMut]`
/// for `recvmsg` ([`IoSlice`](crate::uio::IoSlice) has `struct iovec`'s
/// layout). Build it as in C, field by field:
///
/// ```
/// use socklab::*;
/// let iov = [IoSlice::new(b"hello")];
/// let msg = msghdr { msg_name: None, msg_iov: &iov[..], msg_control: vec![], msg_flags: 0 };
/// assert_eq!(msg.msg_iov.len(), 1); // C's msg_iovlen
/// ```
///
/// `msg_control` holds ancillary data as the kernel lays it out
/// (`struct cmsghdr` records, `CMSG_SPACE`-aligned): `sendmsg` sends all
/// of it (empty: `msg_control = NULL, msg_controllen = 0`); for `recvmsg`
/// its length is the room offered, and after the call it is cut to the
/// bytes the kernel wrote. Passing descriptors (`SCM_RIGHTS`) builds on it.
#[allow(non_camel_case_types)] // the C name
#[derive(Debug)]
pub struct msghdr<I> {
    /// `msg_name`: `sendmsg`'s destination (`None`: `NULL`, a connected
    /// socket). For `recvmsg`, `Some(addr)` asks for the sender: the kernel
    /// is told the size of `addr`'s C type (`sizeof(struct sockaddr_in)`:
    /// 16; `SockAddr::Other`: a `sockaddr_storage`, 128), and the sender
    /// replaces it. `None`: `NULL`, the sender is not wanted.
    pub msg_name: Option<SockAddr>,
    /// `msg_iov`, `msg_iovlen`: the buffers, filled or sent in order.
    pub msg_iov: I,
    /// `msg_control`, `msg_controllen`: ancillary data (see above).
    pub msg_control: Vec<u8>,
    /// `msg_flags`: set by `recvmsg` (`MSG_TRUNC`: the datagram was longer
    /// than the buffers; `MSG_CTRUNC`: so was the ancillary data);
    /// `sendmsg` ignores it.
    pub msg_flags: c_int,
}

/// `MSG_TRUNC`—in recvmsg's `msg_flags`: the datagram was longer than
/// the buffers, and the rest is lost.
pub const MSG_TRUNC: c_int = libc::MSG_TRUNC;
/// `MSG_CTRUNC`—in recvmsg's `msg_flags`: the ancillary data was longer
/// than `msg_control`, and the rest is lost.
pub const MSG_CTRUNC: c_int = libc::MSG_CTRUNC;

/// The size of an address's C type: what `recvmsg` tells the kernel the
/// `msg_name` buffer holds.
fn c_len(addr: &SockAddr) -> libc::socklen_t {
    match addr {
        SockAddr::Inet(_) => size_of::<libc::sockaddr_in>() as libc::socklen_t,
        SockAddr::Inet6(_) => size_of::<libc::sockaddr_in6>() as libc::socklen_t,
        SockAddr::Unix(_) => size_of::<libc::sockaddr_un>() as libc::socklen_t,
        SockAddr::Other { .. } => sys::STORAGE_LEN,
    }
}

/// `sendmsg(sockfd, &msg, flags)`—sends the buffers of `msg` as one
/// message (one datagram on UDP), to `msg.msg_name` if given, with its
/// ancillary data: the most general of the output calls (UNP §14.5).
///
/// Returns the bytes sent. One sendmsg(2) system call; no `MSG_NOSIGNAL`.
///
/// # Errors
/// Those of `sendto`: `EPIPE`, `ECONNREFUSED`, `EMSGSIZE`, `EDESTADDRREQ`
/// (no address on an unconnected socket), `EINVAL`…
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// let iov = [IoSlice::new(b"hello"), IoSlice::new(b" world")];
/// let msg = msghdr { msg_name: None, msg_iov: &iov[..], msg_control: vec![], msg_flags: 0 };
/// assert_eq!(sendmsg(&a, &msg, 0)?, 11);
/// let mut buf = [0u8; 64];
/// assert_eq!(read(&b, &mut buf)?, 11);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(sendmsg(2))]
pub fn sendmsg(
    sockfd: impl AsFd,
    msg: &msghdr<&[crate::uio::IoSlice<'_>]>,
    flags: c_int,
) -> Result<usize> {
    let fd = sockfd.as_fd();
    let raw = msg.msg_name.as_ref().map(RawAddr::new);
    let res = sys::sendmsg(fd, raw.as_ref(), msg.msg_iov, &msg.msg_control, flags);
    let name = msg.msg_name.as_ref().zip(raw.as_ref());
    calls::sendmsg(fd, name, msg.msg_iov, msg.msg_control.len(), flags, &res);
    res
}

/// `recvmsg(sockfd, &msg, flags)`—receives one message into the buffers
/// of `msg`, with the sender's address (if `msg.msg_name` asks for it),
/// ancillary data and `msg_flags`: the most general input call (UNP §14.5).
///
/// Returns the bytes received (0: end of file on a stream socket). One
/// recvmsg(2) system call.
///
/// # Errors
/// Those of `recvfrom`: `EINTR`, `EAGAIN` (non-blocking or `SO_RCVTIMEO`),
/// `ECONNREFUSED`, `ECONNRESET`…
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_DGRAM, 0)?;
/// write(&a, b"hello world")?;
/// let (mut head, mut body) = ([0u8; 5], [0u8; 3]);
/// let mut iov = [IoSliceMut::new(&mut head), IoSliceMut::new(&mut body)];
/// let mut msg = msghdr { msg_name: None, msg_iov: &mut iov[..], msg_control: vec![], msg_flags: 0 };
/// assert_eq!(recvmsg(&b, &mut msg, 0)?, 8);    // only 8 bytes of room…
/// assert!(msg.msg_flags & MSG_TRUNC != 0);     // …so the datagram was cut
/// assert_eq!(&head, b"hello");
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(recvmsg(2))]
pub fn recvmsg(
    sockfd: impl AsFd,
    msg: &mut msghdr<&mut [crate::uio::IoSliceMut<'_>]>,
    flags: c_int,
) -> Result<usize> {
    let fd = sockfd.as_fd();
    let mut raw = msg.msg_name.as_ref().map(|a| RawAddr::with_cap(c_len(a)));
    let res = sys::recvmsg(fd, raw.as_mut(), msg.msg_iov, &mut msg.msg_control, flags);
    let (n, controllen, msg_flags) = match &res {
        Ok((n, c, f)) => (Ok(*n), *c, *f),
        Err(e) => (Err(e.clone()), msg.msg_control.len(), 0),
    };
    let call = calls::RecvmsgCall {
        name: raw.as_ref(),
        iov: msg.msg_iov,
        controllen,
        msg_flags,
        flags,
    };
    calls::recvmsg(fd, &call, &n);
    if n.is_ok() {
        msg.msg_control.truncate(controllen);
        msg.msg_flags = msg_flags;
        if let (Some(name), Some(raw)) = (msg.msg_name.as_mut(), raw.as_ref()) {
            *name = raw.to_sockaddr();
        }
    }
    n
}
