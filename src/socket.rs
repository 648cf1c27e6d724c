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
    calls::sendmsg(fd, name, msg.msg_iov, &msg.msg_control, flags, &res);
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
        control: &msg.msg_control[..controllen.min(msg.msg_control.len())],
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

// ---------------------------------------------------------------------
// Chapter 15: typed ancillary data — SCM_RIGHTS and SCM_CREDENTIALS on
// top of msghdr's msg_control [ch15 block — keep together for merges]
// ---------------------------------------------------------------------

/// `SCM_RIGHTS`—the type of a `SOL_SOCKET` control message carrying
/// descriptors (UNP §15.7): the receiver gets new descriptors for the
/// same open files, as `dup` would give, in its own table.
pub const SCM_RIGHTS: c_int = libc::SCM_RIGHTS;

/// `SCM_CREDENTIALS`—the type of a `SOL_SOCKET` control message carrying
/// a [`ucred`](crate::types::ucred) (Linux; UNP §15.8's `SCM_CREDS` and
/// `struct cmsgcred` are FreeBSD's). The receiver must have set
/// [`SO_PASSCRED`](crate::opt::SO_PASSCRED); the kernel checks what a
/// sender puts in (only root may claim another process's ids) and fills
/// them in when the sender sent none.
pub const SCM_CREDENTIALS: c_int = libc::SCM_CREDENTIALS;

/// One control message (`struct cmsghdr` and its data), typed: what
/// [`take_cmsgs`] returns after [`recvmsg`].
#[derive(Debug)]
pub enum Cmsg {
    /// `SOL_SOCKET, SCM_RIGHTS`: the descriptors received, each an owned
    /// [`Fd`] (new numbers in this process; closed when dropped).
    Rights(Vec<Fd>),
    /// `SOL_SOCKET, SCM_CREDENTIALS`: the sender's pid, uid and gid.
    Credentials(crate::types::ucred),
    /// Anything else, as bytes.
    Other {
        /// `cmsg_level`, e.g. `IPPROTO_IP`.
        cmsg_level: c_int,
        /// `cmsg_type`, e.g. `IP_PKTINFO`.
        cmsg_type: c_int,
        /// The data (`CMSG_DATA(cmptr)`, `cmsg_len - CMSG_LEN(0)` bytes).
        cmsg_data: Vec<u8>,
    },
}

/// `SCM_RIGHTS` control data for `msg_control`: one `struct cmsghdr`
/// with `cmsg_len = CMSG_LEN(n * sizeof(int))`, `SOL_SOCKET`,
/// `SCM_RIGHTS` and the descriptors' numbers, padded to `CMSG_SPACE` —
/// the bytes UNP's `write_fd` (Fig. 15.13) builds with `CMSG_FIRSTHDR`
/// and `CMSG_DATA`.
///
/// The descriptors stay open and yours: the receiver gets its own.
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// let (x, _y) = socketpair(AF_UNIX, SOCK_DGRAM, 0)?;
/// let iov = [IoSlice::new(b"x")];
/// let control = cmsg_rights(&[x.as_fd()]);
/// assert_eq!(control.len(), CMSG_SPACE(size_of::<c_int>()));
/// let msg = msghdr { msg_name: None, msg_iov: &iov[..], msg_control: control, msg_flags: 0 };
/// sendmsg(&a, &msg, 0)?;
/// # drop(b);
/// # Ok::<(), socklab::Error>(())
/// ```
pub fn cmsg_rights(fds: &[std::os::fd::BorrowedFd<'_>]) -> Vec<u8> {
    let mut data = Vec::with_capacity(fds.len() * size_of::<c_int>());
    for fd in fds {
        data.extend_from_slice(&fd.as_raw_fd().to_ne_bytes());
    }
    let mut buf = Vec::with_capacity(crate::types::CMSG_SPACE(data.len()));
    crate::types::cmsg_push(&mut buf, libc::SOL_SOCKET, SCM_RIGHTS, &data);
    buf
}

/// `SCM_CREDENTIALS` control data for `msg_control`: one `struct
/// cmsghdr` (`CMSG_LEN(sizeof(struct ucred))`, 28 bytes on 64-bit Linux)
/// with `cred`, padded to `CMSG_SPACE` (32). The kernel refuses ids that
/// are not the sender's own (EPERM) unless it is root.
///
/// ```
/// use socklab::*;
/// let me = ucred { pid: getpid(), uid: 0, gid: 0 };
/// assert_eq!(cmsg_credentials(&me).len(), CMSG_SPACE(12));
/// ```
pub fn cmsg_credentials(cred: &crate::types::ucred) -> Vec<u8> {
    let data = crate::types::ucred_bytes(cred);
    let mut buf = Vec::with_capacity(crate::types::CMSG_SPACE(data.len()));
    crate::types::cmsg_push(&mut buf, libc::SOL_SOCKET, SCM_CREDENTIALS, &data);
    buf
}

/// The control messages [`recvmsg`] left in `msg.msg_control`, typed —
/// C's `for (cmptr = CMSG_FIRSTHDR(&msg); cmptr != NULL; cmptr =
/// CMSG_NXTHDR(&msg, cmptr))` loop, on bytes. Call it once, right after
/// `recvmsg`.
///
/// Descriptors (`SCM_RIGHTS`) are this process's from the moment
/// `recvmsg` returns, whether the program wanted them or not: each
/// becomes an owned [`Fd`], so none is forgotten open. `msg.msg_control`
/// is emptied, so a second call cannot claim them twice. (Hand it only
/// bytes `recvmsg` filled: `SCM_RIGHTS` numbers in bytes built by hand
/// would be claimed all the same, and closed when dropped.)
///
/// # Errors
/// `msg_flags` has `MSG_CTRUNC`: `msg_control` was too small and part of
/// the ancillary data is lost (descriptors that did not fit were closed by
/// the kernel). An error, with every descriptor that did arrive closed:
/// offer `CMSG_SPACE(…)` bytes of room for what you expect.
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// let iov = [IoSlice::new(b"x")];
/// let msg = msghdr { msg_name: None, msg_iov: &iov[..], msg_control: cmsg_rights(&[a.as_fd()]), msg_flags: 0 };
/// sendmsg(&a, &msg, 0)?;
///
/// let mut c = [0u8; 1];
/// let mut iov = [IoSliceMut::new(&mut c)];
/// let mut msg = msghdr {
///     msg_name: None,
///     msg_iov: &mut iov[..],
///     msg_control: vec![0u8; CMSG_SPACE(size_of::<c_int>())], // room for one int
///     msg_flags: 0,
/// };
/// recvmsg(&b, &mut msg, 0)?;
/// match take_cmsgs(&mut msg)?.pop() {
///     Some(Cmsg::Rights(fds)) => assert_eq!(fds.len(), 1), // a new Fd, closed on drop
///     other => panic!("expected SCM_RIGHTS, got {other:?}"),
/// }
/// # Ok::<(), socklab::Error>(())
/// ```
pub fn take_cmsgs<I>(msg: &mut msghdr<I>) -> Result<Vec<Cmsg>> {
    let control = std::mem::take(&mut msg.msg_control);
    let mut out = Vec::new();
    for r in crate::types::cmsg_records(&control) {
        out.push(match (r.cmsg_level, r.cmsg_type) {
            (libc::SOL_SOCKET, libc::SCM_RIGHTS) => Cmsg::Rights(
                crate::types::fds_from(r.data)
                    .map(|n| Fd::from(sys::owned(n)))
                    .collect(),
            ),
            (libc::SOL_SOCKET, libc::SCM_CREDENTIALS) if r.data.len() >= 12 => {
                match crate::types::ucred_from(r.data) {
                    Some(c) => Cmsg::Credentials(c),
                    None => continue,
                }
            }
            (cmsg_level, cmsg_type) => Cmsg::Other {
                cmsg_level,
                cmsg_type,
                cmsg_data: r.data.to_vec(),
            },
        });
    }
    if msg.msg_flags & MSG_CTRUNC != 0 {
        drop(out); // closes every descriptor that arrived
        return Err(crate::error::Error::Peer {
            call: "recvmsg",
            what: "ancillary data truncated (MSG_CTRUNC): msg_control was too small; \
                   the descriptors that came were closed"
                .to_string(),
        });
    }
    Ok(out)
}

/// `SUN_LEN(&addr)`—the length of an AF_UNIX address up to the end of its
/// path: `offsetof(struct sockaddr_un, sun_path) + strlen(sun_path)` (12
/// for `/tmp/moose`), the length UNP's Fig. 15.2 passes to `bind`. A C
/// macro, no call. (An abstract or unnamed address: just the family, 2.)
///
/// ```
/// use socklab::*;
/// assert_eq!(SUN_LEN(&sockaddr_un::new("/tmp/moose")?), 12);
/// # Ok::<(), socklab::Error>(())
/// ```
#[allow(non_snake_case)] // the C macro's name
pub fn SUN_LEN(addr: &crate::addr::sockaddr_un) -> libc::socklen_t {
    let path = match addr.raw_path() {
        (bytes, false) => bytes.len(),
        (_, true) => 0,
    };
    (std::mem::offset_of!(libc::sockaddr_un, sun_path) + path) as libc::socklen_t
}

/// `bind(sockfd, (SA *) &addr, addrlen)`—[`bind`] with the length given
/// by the caller instead of the size of the address's C type: the book's
/// `Bind(sockfd, (SA *) &addr1, SUN_LEN(&addr1))` (Fig. 15.2). One bind(2).
///
/// # Errors
/// Those of `bind` (`EADDRINUSE`: the path exists, `EACCES`, `ENOENT`: a
/// directory on the way is missing); `addrlen` larger than the address's C
/// size is an argument error (no call made: the kernel would read past it).
///
/// ```
/// use socklab::*;
/// let path = std::env::temp_dir().join(format!("socklab-doc-bind-len.{}", getpid()));
/// let addr = sockaddr_un::new(&path)?;
/// let fd = socket(AF_UNIX, SOCK_STREAM, 0)?;
/// bind_len(&fd, &addr, SUN_LEN(&addr))?;
/// unlink(&path)?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(bind(2))]
#[doc(alias = "bind")]
pub fn bind_len(sockfd: impl AsFd, addr: &impl AsSockAddr, addrlen: libc::socklen_t) -> Result<()> {
    let fd = sockfd.as_fd();
    let sa = addr.to_sockaddr();
    let Some(raw) = RawAddr::new(&sa).shortened(addrlen) else {
        return Err(crate::error::Error::invalid(
            "bind",
            format!("addrlen {addrlen} is larger than the address"),
        ));
    };
    let res = sys::bind(fd, &raw);
    calls::bind(fd, &sa, &raw, &res);
    res
}

/// `len = sizeof(addr); getsockname(sockfd, (SA *) &addr, &len)`—
/// [`getsockname_into`], returning the length the kernel wrote back in
/// `len` (Fig. 15.2 prints it: for an AF_UNIX path on Linux,
/// `offsetof(sun_path) + strlen + 1`, the NUL counted). One getsockname(2).
///
/// # Errors
/// `EBADF`, `ENOTSOCK`.
///
/// ```
/// use socklab::*;
/// let (a, _b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// let mut addr = sockaddr_un::default();
/// assert_eq!(getsockname_len(&a, &mut addr)?, 2); // unnamed: the family only
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(getsockname(2))]
#[doc(alias = "getsockname")]
pub fn getsockname_len<A: SockAddrOut>(sockfd: impl AsFd, addr: &mut A) -> Result<libc::socklen_t> {
    let fd = sockfd.as_fd();
    let res = sys::getsockname(fd, RawAddr::with_cap(A::C_LEN));
    calls::sockname("getsockname", fd, A::C_LEN, &res);
    let raw = res?;
    *addr = A::from_raw(&raw);
    Ok(raw.len())
}

/// `recvfrom(sockfd, buf, len, flags, (SA *) from, &addrlen)`, also
/// returning `addrlen` as the kernel left it (for the book's `dg_echo`,
/// which answers with that length: 16 for IPv4, the path's length for
/// AF_UNIX).
pub(crate) fn recvfrom_into_len<A: SockAddrOut>(
    sockfd: impl AsFd,
    buf: &mut [u8],
    flags: c_int,
    from: &mut A,
) -> Result<(usize, libc::socklen_t)> {
    let (n, raw) = recvfrom_raw(sockfd.as_fd(), buf, flags, RawAddr::with_cap(A::C_LEN))?;
    *from = A::from_raw(&raw);
    Ok((n, raw.len()))
}

/// `sendto(sockfd, buf, n, flags, (SA *) to, addrlen)` with the length
/// given (at most the address's C size; larger is an argument error).
pub(crate) fn sendto_len(
    sockfd: impl AsFd,
    buf: &[u8],
    flags: c_int,
    to: &impl AsSockAddr,
    addrlen: libc::socklen_t,
) -> Result<usize> {
    let fd = sockfd.as_fd();
    let sa = to.to_sockaddr();
    let Some(raw) = RawAddr::new(&sa).shortened(addrlen) else {
        return Err(crate::error::Error::invalid(
            "sendto",
            format!("addrlen {addrlen} is larger than the address"),
        ));
    };
    let res = sys::sendto(fd, buf, flags, &raw);
    calls::sendto(fd, buf, flags, (&sa, &raw), &res);
    res
}

// ---------------------------------------------------------------------
// Chapter 24 (out-of-band data) [ch24 block — keep together for merges]
// ---------------------------------------------------------------------

/// `sockatmark(sockfd)`—is the socket's read pointer at the out-of-band
/// mark? `true` (C's 1) when the next byte to read is the one that was
/// sent with `MSG_OOB` (UNP §24.3).
///
/// A read never crosses the mark: with data before it, `read` stops
/// just before the mark (and `sockatmark` then says `true`); the next
/// read starts with the urgent byte, if `SO_OOBINLINE` keeps it in the
/// stream. glibc asks the kernel with one ioctl(2): strace shows
/// `ioctl(4, SIOCATMARK, [1]) = 0`.
///
/// # Errors
/// `EBADF` (not open), `ENOTTY` (not a socket).
///
/// ```
/// use socklab::*;
/// let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
/// listen(&listenfd, LISTENQ)?;
/// let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// connect(&sockfd, &getsockname(&listenfd)?)?;
/// let connfd = accept_null(&listenfd)?;
/// setsockopt(&connfd, SOL_SOCKET, SO_OOBINLINE, &1)?;
/// assert!(!sockatmark(&connfd)?); // nothing urgent yet
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(sockatmark(3))]
pub fn sockatmark(sockfd: impl AsFd) -> Result<bool> {
    let fd = sockfd.as_fd();
    let res = sys::sockatmark(fd);
    calls::sockatmark(fd, &res);
    res.map(|at| at == 1)
}
