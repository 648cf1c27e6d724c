//! The course book's helper functions: [`readn`], [`writen`], [`readline`],
//! and the loops its chapter 5 and 8 programs are built on: [`str_echo`],
//! [`str_cli`], [`dg_echo`], [`dg_cli`]; chapter 15's descriptor passing,
//! [`write_fd`] and [`read_fd`].
//!
//! These are *not* single system calls. They loop over `read`/`write`
//! until the job is done, and — unlike every other call in socklab — they
//! retry a call that failed with `EINTR` (a signal handler ran), because
//! that is what they are for. Each traced `read`/`write` inside them shows
//! separately in strace and in trace mode.

use std::os::fd::AsFd;

use crate::addr::AsSockAddr;
use crate::error::{Errno, Error, Result};
use crate::fd::{read, write};
use crate::resource::{RUSAGE_CHILDREN, RUSAGE_SELF, getrusage};
use crate::socket::{recv, sendto};
use crate::stdio::{fgets, vprintf};
use crate::stdlib::atol;
use crate::sys::SockAddrOut;

#[doc(no_inline)]
pub use crate::consts::{BUFFSIZE, LISTENQ, MAXLINE, SERV_PORT};

/// `readn(fd, buf, n)`—reads exactly `buf.len()` bytes, unless end of file
/// comes first.
///
/// Calls [`read`] until the buffer is full or it returns 0, retrying
/// `EINTR`. Returns the bytes read: `buf.len()`, or fewer at end of file.
/// Needed because one `read` on a stream socket returns whatever has
/// arrived so far, which may be part of what the peer wrote.
///
/// Steps, each `read` a system call of its own:
/// 1. `read(fd, the part of buf still empty)`;
/// 2. on `n > 0` count the bytes and go back to 1 while `buf` is not full;
/// 3. on 0 (end of file) stop; on `EINTR` go back to 1; on any other
///    error return it.
///
/// # Errors
/// Any error of `read` except `EINTR` (`ECONNRESET`…).
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// write(&a, b"12")?;
/// write(&a, b"34")?;
/// close(a)?;
/// let mut buf = [0u8; 8];
/// assert_eq!(readn(&b, &mut buf)?, 4); // both writes, then end of file
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, section 3.9.
pub fn readn(fd: impl AsFd, buf: &mut [u8]) -> Result<usize> {
    let fd = fd.as_fd();
    let mut done = 0;
    while done < buf.len() {
        match read(fd, &mut buf[done..]) {
            Ok(0) => break, // end of file
            Ok(n) => done += n,
            Err(e) if e.errno() == Some(Errno::EINTR) => continue, // a handler ran: again
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// `writen(fd, buf, n)`—writes all of `buf`.
///
/// Calls [`write()`] until every byte is taken, retrying `EINTR`. A single
/// `write` on a blocking socket normally takes everything, but a signal
/// can interrupt it part-way.
///
/// Steps, each `write` a system call of its own:
/// 1. `write(fd, the bytes not yet written)`;
/// 2. count what it took and go back to 1 until nothing is left;
/// 3. on `EINTR` go back to 1; on any other error return it.
///
/// # Errors
/// Any error of `write` except `EINTR` (`EPIPE`, `ECONNRESET`…).
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// writen(&a, b"hello\n")?;
/// let mut buf = [0u8; 6];
/// readn(&b, &mut buf)?;
/// assert_eq!(&buf, b"hello\n");
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, section 3.9.
pub fn writen(fd: impl AsFd, buf: &[u8]) -> Result<()> {
    let fd = fd.as_fd();
    let mut done = 0;
    while done < buf.len() {
        match write(fd, &buf[done..]) {
            Ok(n) => done += n,
            Err(e) if e.errno() == Some(Errno::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// `readline(fd, buf, maxlen)`—reads one line, up to and including its
/// `\n`, into `buf`; at most `buf.len()` bytes.
///
/// Returns the number of bytes stored: a whole line ends with `b'\n'`; a
/// line longer than `buf` is returned in pieces of `buf.len()` bytes (the
/// bound keeps a client that never sends `\n` from growing the buffer); a
/// last line without `\n` is returned as it is; **0 means end of file**
/// before any byte. Reads one byte per `read(fd, &c, 1)` call — simple and
/// never reads past the newline, so nothing is left in a hidden buffer,
/// but one system call per byte (watch it under strace). Retries `EINTR`.
///
/// Steps:
/// 1. `read(fd, &c, 1)`;
/// 2. on 1 byte store it; stop after `\n` or when `buf` is full, else
///    go back to 1;
/// 3. on 0 (end of file) stop; on `EINTR` go back to 1; on any other
///    error return it.
///
/// # Errors
/// Any error of `read` except `EINTR`.
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// write(&a, b"first\nsecond")?;
/// close(a)?;
/// let mut line = [0u8; MAXLINE];
/// let n = readline(&b, &mut line)?;
/// assert_eq!(&line[..n], b"first\n");
/// let n = readline(&b, &mut line)?;
/// assert_eq!(&line[..n], b"second");
/// assert_eq!(readline(&b, &mut line)?, 0);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, section 3.9 (the one-byte-at-a-time version).
pub fn readline(fd: impl AsFd, buf: &mut [u8]) -> Result<usize> {
    let fd = fd.as_fd();
    let mut n = 0;
    while n < buf.len() {
        let mut c = [0u8; 1];
        match read(fd, &mut c) {
            Ok(0) => break, // end of file: return what we have (0 if nothing)
            Ok(_) => {
                buf[n] = c[0];
                n += 1;
                if c[0] == b'\n' {
                    break;
                }
            }
            Err(e) if e.errno() == Some(Errno::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// `str_echo(sockfd)`—the book's echo loop (Figure 5.3): read what the
/// client sent and write it all back, until the client closes.
///
/// Steps:
/// 1. `read(sockfd, buf, MAXLINE)`;
/// 2. on `n > 0`, [`writen`] the `n` bytes back and go to 1;
/// 3. on 0 (the client closed) return `Ok(())`; on `EINTR` (a signal
///    handler ran, e.g. SIGCHLD) go to 1; on any other error return it.
///
/// # Errors
/// `read`'s (`ECONNRESET` when the client aborted) or `write`'s (`EPIPE`).
///
/// ```
/// use socklab::*;
/// let (client, server) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// write(&client, b"hello\n")?;
/// shutdown(&client, SHUT_WR)?; // the client is done: read returns 0
/// str_echo(&server)?;
/// let mut buf = [0u8; 16];
/// assert_eq!(read(&client, &mut buf)?, 6);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, Figure 5.3.
pub fn str_echo(sockfd: impl AsFd) -> Result<()> {
    let sockfd = sockfd.as_fd();
    let mut buf = [0u8; MAXLINE];
    loop {
        match read(sockfd, &mut buf) {
            Ok(0) => return Ok(()), // the client closed: done
            Ok(n) => writen(sockfd, &buf[..n])?,
            Err(e) if e.errno() == Some(Errno::EINTR) => continue, // the book's `goto again`
            Err(e) => return Err(e),
        }
    }
}

/// `str_cli(stdin, sockfd)`—the book's echo client loop (Figure 5.5):
/// a line from standard input to the server, the server's line back to
/// standard output, until end of file on standard input.
///
/// Steps, for each line:
/// 1. `fgets(sendline, MAXLINE, stdin)` (through the standard input's
///    buffer: `read(0, …)` only when it is empty); end of file: return;
/// 2. [`writen`]`(sockfd, sendline)`;
/// 3. [`readline`]`(sockfd, recvline)` (one `read` per byte); 0 bytes: the
///    server is gone — the error `str_cli: server terminated prematurely`;
/// 4. `fputs(recvline, stdout)`: `write(1, …)`.
///
/// # Errors
/// Those of `write`/`read` on the socket (`EPIPE`, `ECONNRESET`), the
/// premature end above, and a failed read of standard input.
///
/// ```no_run
/// use socklab::*;
/// let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// connect(&sockfd, &sockaddr_in::new(INADDR_LOOPBACK, SERV_PORT))?;
/// str_cli(&sockfd)?; // type lines; each comes back from the echo server
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, Figure 5.5.
pub fn str_cli(sockfd: impl AsFd) -> Result<()> {
    let sockfd = sockfd.as_fd();
    let mut stdin = std::io::stdin().lock();
    let mut sendline = Vec::with_capacity(MAXLINE);
    let mut recvline = [0u8; MAXLINE];
    while fgets(&mut sendline, &mut stdin)? > 0 {
        writen(sockfd, &sendline)?;
        // The echo is as long as what was sent: never wait for more (a last
        // line without a newline would otherwise wait for ever).
        let n = readline(sockfd, &mut recvline[..sendline.len()])?;
        if n == 0 {
            return Err(Error::Peer {
                call: "str_cli",
                what: String::from("server terminated prematurely"),
            });
        }
        writen(std::io::stdout(), &recvline[..n])?;
    }
    Ok(())
}

/// `dg_echo(sockfd, pcliaddr, clilen)`—the book's UDP echo loop (Figure
/// 8.4): receive a datagram, send it back to whoever sent it, for ever.
///
/// `cliaddr`'s type is the book's `struct sockaddr_in cliaddr`: the kernel
/// is told its size, so strace shows `recvfrom(…, [16])`.
///
/// Steps, for ever: 1. `len = clilen;` [`recvfrom_into`](crate::socket::recvfrom_into)`(sockfd, mesg,
/// MAXLINE, 0, cliaddr, &len)`; 2. [`sendto`]`(sockfd, mesg, n, 0,
/// cliaddr, len)` — with the length `recvfrom` returned, as the book does
/// (16 for IPv4; for an AF_UNIX sender, its path's length: chapter 15).
///
/// # Errors
/// Returns only on an error of `recvfrom` or `sendto`.
///
/// ```no_run
/// use socklab::*;
/// let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
/// bind(&sockfd, &sockaddr_in::new(INADDR_ANY, SERV_PORT))?;
/// let mut cliaddr = sockaddr_in::default();
/// dg_echo(&sockfd, &mut cliaddr)?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, Figure 8.4.
pub fn dg_echo<A: SockAddrOut + AsSockAddr>(sockfd: impl AsFd, cliaddr: &mut A) -> Result<()> {
    let sockfd = sockfd.as_fd();
    let mut mesg = [0u8; MAXLINE];
    loop {
        // [ch15] the length recvfrom returned goes back to sendto
        let (n, len) = crate::socket::recvfrom_into_len(sockfd, &mut mesg, 0, cliaddr)?;
        crate::socket::sendto_len(sockfd, &mesg[..n], 0, cliaddr, len)?;
    }
}

/// `dg_cli(stdin, sockfd, pservaddr, servlen)`—the book's UDP client loop
/// (Figure 8.8): each line of standard input as one datagram to
/// `servaddr`, each reply to standard output.
///
/// Steps, for each line: 1. `fgets`; end of file: return;
/// 2. [`sendto`]`(sockfd, sendline, len, 0, servaddr)`;
/// 3. `recvfrom(sockfd, recvline, MAXLINE, 0, NULL, NULL)` ([`recv`]: the
///    reply is taken from whoever sends one — Figure 8.9's lesson);
/// 4. `fputs(recvline, stdout)`: `write(1, …)`.
///
/// A lost datagram leaves step 3 waiting for ever, as in the book (§ 8.9).
///
/// # Errors
/// Those of `sendto`/`recvfrom` (`ECONNREFUSED` on a connected socket),
/// and a failed read of standard input.
///
/// ```no_run
/// use socklab::*;
/// let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
/// dg_cli(&sockfd, &sockaddr_in::new(INADDR_LOOPBACK, SERV_PORT))?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, Figure 8.8.
pub fn dg_cli(sockfd: impl AsFd, servaddr: &impl AsSockAddr) -> Result<()> {
    let sockfd = sockfd.as_fd();
    let mut stdin = std::io::stdin().lock();
    let mut sendline = Vec::with_capacity(MAXLINE);
    let mut recvline = [0u8; MAXLINE];
    while fgets(&mut sendline, &mut stdin)? > 0 {
        sendto(sockfd, &sendline, 0, servaddr)?;
        let n = recv(sockfd, &mut recvline, 0)?;
        writen(std::io::stdout(), &recvline[..n])?;
    }
    Ok(())
}

// ---------------------------------------------------------------------
// ---- ch11 (issue 11): the book's getaddrinfo helpers ----
// ---------------------------------------------------------------------

use crate::addr::SockAddr;
use crate::consts::{AF_UNSPEC, AI_CANONNAME, AI_PASSIVE, SOCK_DGRAM, SOCK_STREAM, SOL_SOCKET};
use crate::fd::{Fd, close};
use crate::netdb::{addrinfo, addrinfo_list, getaddrinfo};
use crate::opt::{SO_REUSEADDR, setsockopt};
use crate::socket::{bind, connect, listen, socket};

/// `host_serv(host, serv, family, socktype)`—UNP Figure 11.9: `getaddrinfo`
/// with `AI_CANONNAME` and the given family and socket type.
///
/// Steps: 1. `getaddrinfo(host, serv, {AI_CANONNAME, family, socktype})`
/// (no system call of its own; the C library reads `/etc/hosts` and
/// `/etc/services`).
///
/// # Errors
/// The lookup fails: [`Error::AddrInfo`] with `gai_strerror`'s text (the
/// book's version returns NULL instead).
///
/// ```
/// use socklab::*;
/// let res = host_serv(Some("localhost"), Some("daytime"), AF_INET, SOCK_STREAM)?;
/// assert_eq!(res[0].ai_addr.as_ref().map(|a| a.to_string()), Some("127.0.0.1:13".into()));
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, §11.11.
pub fn host_serv(
    host: Option<&str>,
    serv: Option<&str>,
    family: libc::c_int,
    socktype: libc::c_int,
) -> Result<addrinfo_list> {
    let hints = addrinfo {
        ai_flags: AI_CANONNAME, // always return canonical name
        ai_family: family,      // AF_UNSPEC, AF_INET, AF_INET6, etc.
        ai_socktype: socktype,  // 0, SOCK_STREAM, SOCK_DGRAM, etc.
        ..addrinfo::default()
    };
    getaddrinfo(host, serv, &hints)
}

/// The last error of a helper's loop over the answers, or (no answer was
/// even tried) a clear one.
fn none_worked(helper: &'static str, last: Option<Error>) -> Error {
    last.unwrap_or_else(|| Error::invalid(helper, "getaddrinfo returned no address"))
}

/// The loop the book's five getaddrinfo helpers share: `getaddrinfo(host,
/// serv, {flags, AF_UNSPEC, socktype})`, then for each answer `socket()`
/// and `step` (connect, or setsockopt + bind…); the first answer whose
/// `step` succeeds wins, and each socket that failed is closed first.
/// Errors: the lookup's, or the last call's that failed.
fn first_that_works(
    helper: &'static str,
    host: Option<&str>,
    serv: &str,
    flags: libc::c_int,
    socktype: libc::c_int,
    mut step: impl FnMut(&Fd, &SockAddr) -> Result<()>,
) -> Result<(Fd, SockAddr)> {
    let hints = addrinfo {
        ai_flags: flags,
        ai_family: AF_UNSPEC,
        ai_socktype: socktype,
        ..addrinfo::default()
    };
    let res = getaddrinfo(host, Some(serv), &hints)?;
    let mut last = None;
    for ai in &res {
        let Some(addr) = &ai.ai_addr else { continue };
        let sockfd = match socket(ai.ai_family, ai.ai_socktype, ai.ai_protocol) {
            Ok(fd) => fd,
            Err(e) => {
                last = Some(e); // on to the next answer
                continue;
            }
        };
        match step(&sockfd, addr) {
            Ok(()) => return Ok((sockfd, addr.clone())),
            Err(e) => {
                last = Some(e);
                close(sockfd)?; // this one failed: close it, try the next
            }
        }
    }
    Err(none_worked(helper, last))
}

/// `tcp_connect(host, serv)`—UNP §11.12: a TCP connection to `host`
/// (name or number, IPv4 or IPv6) on `serv` (name or number), trying each
/// address `getaddrinfo` returns until one connects.
///
/// Steps:
/// 1. `getaddrinfo(host, serv, {AF_UNSPEC, SOCK_STREAM})`;
/// 2. for each answer: `socket(ai_family, ai_socktype, ai_protocol)`
///    (a failure: on to the next answer);
/// 3. `connect(sockfd, ai_addr)`: success ends the loop;
/// 4. on failure `close(sockfd)` and on to the next answer;
/// 5. the list is freed (`freeaddrinfo`) and the connected socket returned.
///
/// # Errors
/// The lookup fails ([`Error::AddrInfo`]: `getaddrinfo: nosuch port
/// daytime: Name or service not known`), or no address connects: the
/// last `connect` error (`connect: Connection refused (ECONNREFUSED)`).
///
/// ```no_run
/// use socklab::*;
/// let sockfd = tcp_connect("localhost", "daytime")?;
/// let mut buf = [0u8; MAXLINE];
/// let n = read(&sockfd, &mut buf)?;
/// # let _ = n;
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, §11.12.
pub fn tcp_connect(host: &str, serv: &str) -> Result<Fd> {
    let (sockfd, _) = first_that_works(
        "tcp_connect",
        Some(host),
        serv,
        0,
        SOCK_STREAM,
        |fd, addr| connect(fd, addr),
    )?;
    Ok(sockfd)
}

/// `tcp_listen(host, serv, &addrlen)`—UNP §11.13: a listening TCP socket
/// on `host` (None: the wildcard address) and `serv`; returns it and the
/// size of its addresses (C's `*addrlenp`: 16 for IPv4, 28 for IPv6), for
/// the caller's client-address buffer.
///
/// Steps:
/// 1. `getaddrinfo(host, serv, {AI_PASSIVE, AF_UNSPEC, SOCK_STREAM})`;
/// 2. for each answer: `socket(ai_family, ai_socktype, ai_protocol)` (a
///    failure: on to the next answer);
/// 3. `setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, 1)`;
/// 4. `bind(listenfd, ai_addr)`: success ends the loop;
/// 5. on a failure of 3 or 4 `close(listenfd)` and on to the next answer;
/// 6. `listen(listenfd, LISTENQ)`.
///
/// With `host` None glibc returns `0.0.0.0` before `::`, so the server
/// is IPv4-only; `"::"` makes it IPv6 (and IPv4 through mapped addresses).
///
/// # Errors
/// The lookup fails ([`Error::AddrInfo`]), no address binds (the last
/// `bind` error: `EADDRINUSE`, `EACCES` below port 1024), or `listen` fails.
///
/// ```no_run
/// use socklab::*;
/// let (listenfd, addrlen) = tcp_listen(None, "daytime")?;
/// assert!(addrlen == 16 || addrlen == 28);
/// let (connfd, cliaddr) = accept(&listenfd)?;
/// # let _ = (connfd, cliaddr);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, §11.13.
pub fn tcp_listen(host: Option<&str>, serv: &str) -> Result<(Fd, libc::socklen_t)> {
    let (listenfd, addr) = first_that_works(
        "tcp_listen",
        host,
        serv,
        AI_PASSIVE,
        SOCK_STREAM,
        |fd, addr| {
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &1)?;
            bind(fd, addr)
        },
    )?;
    listen(&listenfd, LISTENQ)?;
    Ok((listenfd, addr_len(&addr)))
}

/// `ai_addrlen` of an answer: the size of its family's sockaddr.
fn addr_len(addr: &SockAddr) -> libc::socklen_t {
    match addr {
        SockAddr::Inet(_) => 16,
        SockAddr::Inet6(_) => 28,
        _ => 128,
    }
}

/// `udp_client(host, serv, &saptr, &lenp)`—UNP §11.14: an unconnected UDP
/// socket of the right family for `host`/`serv`, and the server's address
/// to `sendto`.
///
/// Steps:
/// 1. `getaddrinfo(host, serv, {AF_UNSPEC, SOCK_DGRAM})`;
/// 2. for each answer: `socket(ai_family, ai_socktype, ai_protocol)`:
///    the first that succeeds ends the loop;
/// 3. the answer's address is copied out and returned with the socket.
///
/// # Errors
/// The lookup fails ([`Error::AddrInfo`]) or no socket can be made.
///
/// ```
/// use socklab::*;
/// let (sockfd, servaddr) = udp_client("127.0.0.1", "daytime")?;
/// assert_eq!(servaddr.to_string(), "127.0.0.1:13");
/// assert_eq!(getsockopt(&sockfd, SOL_SOCKET, SO_TYPE)?, SOCK_DGRAM);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, §11.14.
pub fn udp_client(host: &str, serv: &str) -> Result<(Fd, SockAddr)> {
    // no step after socket(): the first socket that can be made is the one
    first_that_works("udp_client", Some(host), serv, 0, SOCK_DGRAM, |_, _| Ok(()))
}

/// `udp_connect(host, serv)`—UNP §11.15: a *connected* UDP socket to
/// `host`/`serv`, so `write`/`read` replace `sendto`/`recvfrom` (and an
/// ICMP port unreachable comes back as `ECONNREFUSED`).
///
/// Steps:
/// 1. `getaddrinfo(host, serv, {AF_UNSPEC, SOCK_DGRAM})`;
/// 2. for each answer: `socket(ai_family, ai_socktype, ai_protocol)` (a
///    failure: on to the next answer);
/// 3. `connect(sockfd, ai_addr)` (no packet is sent): success ends the loop;
/// 4. on failure `close(sockfd)` and on to the next answer.
///
/// # Errors
/// The lookup fails ([`Error::AddrInfo`]) or no answer connects.
///
/// ```
/// use socklab::*;
/// let sockfd = udp_connect("127.0.0.1", "9")?; // discard: nothing sent yet
/// assert_eq!(getpeername(&sockfd)?.to_string(), "127.0.0.1:9");
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, §11.15.
pub fn udp_connect(host: &str, serv: &str) -> Result<Fd> {
    let (sockfd, _) = first_that_works(
        "udp_connect",
        Some(host),
        serv,
        0,
        SOCK_DGRAM,
        |fd, addr| connect(fd, addr),
    )?;
    Ok(sockfd)
}

/// `udp_server(host, serv, &addrlen)`—UNP §11.16: a UDP socket bound to
/// `host` (None: the wildcard address) and `serv`; returns it and the size
/// of its addresses.
///
/// Steps:
/// 1. `getaddrinfo(host, serv, {AI_PASSIVE, AF_UNSPEC, SOCK_DGRAM})`;
/// 2. for each answer: `socket(ai_family, ai_socktype, ai_protocol)` (a
///    failure: on to the next answer);
/// 3. `bind(sockfd, ai_addr)`: success ends the loop;
/// 4. on failure `close(sockfd)` and on to the next answer.
///
/// No `SO_REUSEADDR`, as in the book.
///
/// # Errors
/// The lookup fails ([`Error::AddrInfo`]) or no address binds (the last
/// `bind` error).
///
/// ```
/// use socklab::*;
/// let (sockfd, addrlen) = udp_server(Some("127.0.0.1"), "0")?;
/// assert_eq!(addrlen, 16);
/// assert_eq!(getsockname(&sockfd)?.family(), AF_INET);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, §11.16.
pub fn udp_server(host: Option<&str>, serv: &str) -> Result<(Fd, libc::socklen_t)> {
    let (sockfd, addr) = first_that_works(
        "udp_server",
        host,
        serv,
        AI_PASSIVE,
        SOCK_DGRAM,
        |fd, addr| bind(fd, addr),
    )?;
    Ok((sockfd, addr_len(&addr)))
}

/// `sock_ntop_host(sa, salen)`—UNP §3.8: the host part of a socket
/// address as text, without the port: `127.0.0.1`, `::ffff:127.0.0.1`,
/// an AF_UNIX path. No system call (`inet_ntop` is computation).
///
/// ```
/// use socklab::*;
/// assert_eq!(sock_ntop_host(&sockaddr_in::new(INADDR_LOOPBACK, 13)), "127.0.0.1");
/// assert_eq!(sock_ntop_host(&sockaddr_in6::new(in6addr_loopback, 13)), "::1");
/// ```
///
/// # References
/// UNP vol. 1, §3.8.
pub fn sock_ntop_host(sa: &impl AsSockAddr) -> String {
    match sa.to_sockaddr() {
        SockAddr::Inet(a) => a.sin_addr.to_string(),
        SockAddr::Inet6(a) => a.sin6_addr.to_string(),
        SockAddr::Unix(a) => a.to_string(),
        SockAddr::Other { family } => format!("(family {family})"),
    }
}
// ---- end ch11 ----

// ---------------------------------------------------------------------
// Chapter 14: timeouts [ch14 block — keep together for merges]
// ---------------------------------------------------------------------

/// SIGALRM's handler while [`connect_timeo`] waits: it does nothing; its
/// only job is to interrupt `connect` (installed without `SA_RESTART`).
extern "C" fn connect_alarm(_signo: libc::c_int) {}

/// `connect_timeo(sockfd, saptr, salen, nsec)`—the book's `connect` with
/// a timeout (Figure 14.1): `SIGALRM` interrupts a `connect` that takes
/// longer than `nsec` seconds, and the error becomes `ETIMEDOUT`.
///
/// Takes the socket and gives it back connected; on any failure the
/// socket is closed (as the book's `close(sockfd)`: the handshake must not
/// carry on in the background) and the error returned.
///
/// Steps, each a call of its own:
/// 1. [`signal`](crate::signal::signal)`(SIGALRM, connect_alarm, 0)`: no
///    `SA_RESTART`, so the signal interrupts the call;
/// 2. [`alarm`](crate::unistd::alarm)`(nsec)` (an alarm already pending
///    prints `connect_timeo: alarm was already set` on stderr, as the
///    book's `err_msg`, and is replaced);
/// 3. [`connect`]`(sockfd, saptr)`; on failure
///    [`close`]`(sockfd)`, and `EINTR` becomes
///    `ETIMEDOUT`;
/// 4. `alarm(0)`: cancel the alarm;
/// 5. `signal(SIGALRM, SIG_DFL, 0)`: the book restores the previous
///    handler; socklab's `signal` does not return it, so this restores
///    the default (the C twin does the same).
///
/// The alarm can only *shorten* the kernel's own timeout (about 75 s to
/// two minutes for a SYN nobody answers), never lengthen it. Not for a
/// multithreaded program: the signal goes to any thread.
///
/// # Errors
/// `connect: Connection timed out (ETIMEDOUT)` when the alarm fired, and
/// every other error of `connect` (`ECONNREFUSED`…), the socket closed.
///
/// ```
/// use socklab::*;
/// let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
/// listen(&listenfd, LISTENQ)?;
/// let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// let sockfd = connect_timeo(sockfd, &getsockname(&listenfd)?, 5)?; // in time
/// # drop(sockfd);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, Figure 14.1.
pub fn connect_timeo(
    sockfd: crate::fd::Fd,
    saptr: &impl AsSockAddr,
    nsec: libc::c_uint,
) -> Result<crate::fd::Fd> {
    use crate::signal::{SIG_DFL, SIGALRM, SigHandler, signal};
    use crate::unistd::alarm;
    signal(SIGALRM, SigHandler::Handler(connect_alarm), 0)?;
    if alarm(nsec) != 0 {
        let _ = writen(std::io::stderr(), b"connect_timeo: alarm was already set\n");
    }
    let res = match crate::socket::connect(&sockfd, saptr) {
        Ok(()) => Ok(sockfd),
        Err(e) => {
            let _ = crate::fd::close(sockfd);
            if e.errno() == Some(Errno::EINTR) {
                Err(Error::sys("connect", Errno::ETIMEDOUT))
            } else {
                Err(e)
            }
        }
    };
    alarm(0);
    signal(SIGALRM, SIG_DFL, 0)?;
    res
}

/// `readable_timeo(fd, sec)`—waits at most `sec` seconds for `fd` to
/// become readable (Figure 14.3): `select` on one descriptor with a
/// timeout. Returns 0 on timeout, a positive number when readable.
///
/// Steps: 1. `FD_ZERO(&rset); FD_SET(fd, &rset)`; 2. `tv = {sec, 0}`;
/// 3. [`select`](crate::mux::select)`(fd + 1, &rset, NULL, NULL, &tv)`
/// — one `pselect6` under strace.
///
/// # Errors
/// Those of `select` (`EINTR`, `EBADF`, `EINVAL` for a descriptor that
/// does not fit in an fd_set).
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_DGRAM, 0)?;
/// assert_eq!(readable_timeo(&b, 0)?, 0); // nothing: timed out at once
/// write(&a, b"x")?;
/// assert_eq!(readable_timeo(&b, 5)?, 1);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, Figure 14.3.
pub fn readable_timeo(fd: impl AsFd, sec: libc::time_t) -> Result<libc::c_int> {
    use crate::mux::{FD_SET, FD_ZERO, fd_set, select};
    let fd = fd.as_fd();
    let mut rset = fd_set::default();
    FD_ZERO(&mut rset);
    FD_SET(fd, &mut rset);
    let mut tv = libc::timeval {
        tv_sec: sec,
        tv_usec: 0,
    };
    select(
        std::os::fd::AsRawFd::as_raw_fd(&fd) + 1,
        Some(&mut rset),
        None,
        None,
        Some(&mut tv),
    )
}

/// `writable_timeo(fd, sec)`—waits at most `sec` seconds for `fd` to
/// become writable: [`readable_timeo`] with the write set
/// (`select(fd + 1, NULL, &wset, NULL, &tv)`). 0 on timeout.
///
/// # Errors
/// Those of `select`.
///
/// ```
/// use socklab::*;
/// let (a, _b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// assert_eq!(writable_timeo(&a, 5)?, 1); // an empty send buffer
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, section 14.2.
pub fn writable_timeo(fd: impl AsFd, sec: libc::time_t) -> Result<libc::c_int> {
    use crate::mux::{FD_SET, FD_ZERO, fd_set, select};
    let fd = fd.as_fd();
    let mut wset = fd_set::default();
    FD_ZERO(&mut wset);
    FD_SET(fd, &mut wset);
    let mut tv = libc::timeval {
        tv_sec: sec,
        tv_usec: 0,
    };
    select(
        std::os::fd::AsRawFd::as_raw_fd(&fd) + 1,
        None,
        Some(&mut wset),
        None,
        Some(&mut tv),
    )
}

// ---------------------------------------------------------------------
// Chapter 13: daemons [ch13 block — keep together for merges]
// ---------------------------------------------------------------------

use crate::consts::SIGHUP;
use crate::fcntl::{O_RDONLY, O_RDWR, open};
use crate::process::{ForkResult, exit, fork};
use crate::signal::{SA_RESTART, SIG_IGN};
use crate::syslog::{LOG_PID, openlog};
use crate::unistd::{chdir, close_inherited, setsid};
use std::os::fd::IntoRawFd;

/// `MAXFD`—how many descriptors [`daemon_init`] closes (0 to 63), the
/// book's bound: a daemon cannot ask which of them are open, so it closes
/// them all.
pub const MAXFD: std::os::fd::RawFd = 64;

/// `daemon_init(pname, facility)`—turns the calling process into a daemon
/// (UNP Figure 13.4): a process with no controlling terminal, in a session
/// of its own, in `/`, whose standard input, output and error are
/// `/dev/null`, and whose messages go to the system logger.
///
/// Steps, as the book takes them (each a system call of its own, shown by
/// strace and trace mode):
/// 1. [`fork`]; the parent ends with `exit(0)` (`exit_group(0)`), so the
///    shell that started it gets its prompt back, and the child is not a
///    process-group leader (step 2 needs that);
/// 2. [`setsid`]: a new session and process group, no controlling terminal;
/// 3. [`signal`](crate::signal::signal)`(SIGHUP, SIG_IGN, SA_RESTART)`: the session leader's end
///    in step 4 sends SIGHUP to the new group, which must not kill us;
/// 4. [`fork`] again; the parent (the session leader) ends: the child is
///    not a session leader, so opening a terminal later cannot make it the
///    daemon's controlling terminal;
/// 5. [`chdir`]`("/")`: the daemon keeps no directory busy;
/// 6. `close(i)` for every `i` below [`MAXFD`] (64): whatever descriptors
///    the starting process had (most closes fail with EBADF, as in C);
/// 7. `open("/dev/null", O_RDONLY)`, `open("/dev/null", O_RDWR)` twice:
///    descriptors 0, 1 and 2 (the lowest free numbers), so that a stray
///    `read` or `printf` finds an empty input and a bottomless output
///    instead of some file or socket opened later;
/// 8. [`openlog`]`(pname, LOG_PID, facility)` (no system call): later
///    [`syslog`](crate::syslog::syslog) messages carry `pname[pid]`.
///
/// Call it first thing in `main`, **before the program opens any
/// descriptor**: step 6 closes every descriptor number below 64, including
/// those an [`Fd`] owns, which would then close someone else's number when
/// dropped. (There is no `umask` step: the book's version has none.)
///
/// It returns in the daemon only; the two parents end in steps 1 and 4.
///
/// # Errors
/// A failed `fork`, `setsid`, `sigaction`, `chdir` or `open` (the book's
/// version returns -1); `pname` with a NUL byte. The failed closes of
/// step 6 are not errors.
///
/// ```no_run
/// use socklab::*;
/// daemon_init("ch13_daytimetcpsrv2", 0)?; // 0: the book's facility (LOG_KERN's number)
/// // from here on: no terminal, stdout is /dev/null; report through syslog
/// syslog(LOG_INFO, "started")?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [daemon(7)](https://man7.org/linux/man-pages/man7/daemon.7.html),
/// [credentials(7)](https://man7.org/linux/man-pages/man7/credentials.7.html)
/// (sessions and process groups), UNP §13.4.
pub fn daemon_init(pname: &str, facility: libc::c_int) -> Result<()> {
    if let ForkResult::Parent { .. } = fork()? {
        exit(0); // parent terminates
    }
    // child 1 continues...
    setsid()?; // become session leader
    crate::signal::signal(SIGHUP, SIG_IGN, SA_RESTART)?;
    if let ForkResult::Parent { .. } = fork()? {
        exit(0); // child 1 terminates
    }
    // child 2 continues...
    chdir("/")?; // change working directory
    for i in 0..MAXFD {
        let _ = close_inherited(i); // close off file descriptors
    }
    // redirect stdin, stdout and stderr to /dev/null: 0, 1, 2, kept open
    // for the life of the process (never closed by a drop)
    let _ = open("/dev/null", O_RDONLY, 0)?.into_raw_fd();
    let _ = open("/dev/null", O_RDWR, 0)?.into_raw_fd();
    let _ = open("/dev/null", O_RDWR, 0)?.into_raw_fd();
    openlog(pname, LOG_PID, facility)?;
    Ok(())
}

/// `daemon_inetd(pname, facility)`—what a server started by inetd does to
/// be a daemon (UNP §13.6): only [`openlog`]`(pname, LOG_PID, facility)`.
/// inetd has done the rest (fork, no terminal, descriptors 0–2 are the
/// connection); the book's version also sets its `daemon_proc` flag, so
/// that its error functions use syslog — a socklab server calls
/// [`syslog`](crate::syslog::syslog) itself.
///
/// No system call.
///
/// # Errors
/// Only `pname` with a NUL byte.
///
/// ```no_run
/// use socklab::*;
/// daemon_inetd("ch13_daytimetcpsrv3", 0)?;
/// let connfd = take_stdin()?; // descriptor 0: the connection inetd accepted
/// syslog(LOG_INFO, &format!("connection from {}", getpeername(&connfd)?))?;
/// # Ok::<(), socklab::Error>(())
/// ```
pub fn daemon_inetd(pname: &str, facility: libc::c_int) -> Result<()> {
    openlog(pname, LOG_PID, facility)
}

// ---------------------------------------------------------------------
// Chapter 30: web_child and pr_cpu_time, shared by every server design
// ---------------------------------------------------------------------

/// `MAXN`—the most bytes a chapter 30 client may ask [`web_child`] for.
pub const MAXN: usize = 16384;

/// `web_child(sockfd)`—the book's chapter 30 protocol (§30.3), served on
/// one connection: each line from the client is a byte count `N`; the
/// server answers with `N` bytes. Every server design of the chapter
/// calls it, so that they differ only in how they get to it.
///
/// Steps, for each request:
/// 1. [`readline`] (one read(2) per byte); 0 bytes: the client closed,
///    return `Ok(())`;
/// 2. `ntowrite = atol(line)`: leading blanks, an optional sign, digits;
/// 3. if `ntowrite <= 0` or `> MAXN`: the book's `err_quit("client request
///    for %d bytes")` — here an [`Error::Peer`] to return;
/// 4. [`writen`] `ntowrite` bytes (one write(2) on a blocking socket).
///
/// # Errors
/// `web_child: client request for N bytes` (a count out of range), and
/// read's or write's errors (`ECONNRESET`, `EPIPE`).
///
/// ```
/// use socklab::*;
/// let (server, client) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// writen(&client, b"5\n")?;
/// shutdown(&client, SHUT_WR)?;
/// web_child(&server)?;
/// close(server)?; // else readn waits for the 3 bytes more it asks for
/// let mut answer = [0u8; 8];
/// assert_eq!(readn(&client, &mut answer)?, 5);
/// # Ok::<(), socklab::Error>(())
/// ```
pub fn web_child(sockfd: impl AsFd) -> Result<()> {
    let sockfd = sockfd.as_fd();
    let mut line = [0u8; MAXLINE];
    let result = [0u8; MAXN];
    loop {
        let nread = readline(sockfd, &mut line)?;
        if nread == 0 {
            return Ok(()); // connection closed by the other end
        }
        let ntowrite = atol(&line[..nread]);
        if ntowrite <= 0 || ntowrite > MAXN as i64 {
            return Err(Error::Peer {
                call: "web_child",
                what: format!("client request for {ntowrite} bytes"),
            });
        }
        writen(sockfd, &result[..ntowrite as usize])?;
    }
}

/// `pr_cpu_time()`—prints the CPU time this process and its waited-for
/// children used, as every chapter 30 server does when stopped:
/// `user time = 0.251, sys time = 1.93` (C's `%g`).
///
/// Steps: getrusage(RUSAGE_SELF), getrusage(RUSAGE_CHILDREN), add each
/// pair, one write(2) of the line (printf). Children count only once
/// waited for: a server stops and waits for its children first.
///
/// # Errors
/// getrusage's (`EINVAL`), and write's (a closed standard output: `EPIPE`).
///
/// ```
/// socklab::pr_cpu_time()?;
/// # Ok::<(), socklab::Error>(())
/// ```
pub fn pr_cpu_time() -> Result<()> {
    let me = getrusage(RUSAGE_SELF)?;
    let children = getrusage(RUSAGE_CHILDREN)?;
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1_000_000.0;
    let user = secs(me.ru_utime) + secs(children.ru_utime);
    let sys = secs(me.ru_stime) + secs(children.ru_stime);
    vprintf(format_args!(
        "\nuser time = {}, sys time = {}\n",
        percent_g(user),
        percent_g(sys)
    ))
    .map(drop)
}

/// A non-negative number as C's `printf("%g")` writes it: six
/// significant digits, no trailing zeros (`0.251`, `12.3457`, `0`).
fn percent_g(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let exponent = x.abs().log10().floor() as i32;
    if !(-4..6).contains(&exponent) {
        return format!("{x:e}"); // C writes 1.5e+06; rare for CPU seconds
    }
    let decimals = (5 - exponent).max(0) as usize;
    let fixed = format!("{x:.decimals$}");
    if fixed.contains('.') {
        fixed
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        fixed
    }
}

// ---------------------------------------------------------------------
// Chapter 15: descriptor passing, write_fd / read_fd (Figs. 15.11, 15.13)
// [ch15 block — keep together for merges]
// ---------------------------------------------------------------------

use crate::socket::{
    Cmsg, MSG_CTRUNC, SCM_RIGHTS, cmsg_rights, msghdr, recvmsg, sendmsg, take_cmsgs,
};
use crate::types::CMSG_SPACE;
use crate::uio::{IoSlice, IoSliceMut};

/// `write_fd(fd, ptr, nbytes, sendfd)`—sends the bytes of `ptr` over the
/// AF_UNIX socket `fd` with descriptor `sendfd` attached (UNP Fig. 15.13).
/// At least one byte must go with it: the book sends one (`""`, 1), and on
/// a stream socket a message with no data carries no descriptor.
///
/// `sendfd` stays open here; the receiver gets its own descriptor for
/// the same open file (the same offset, the same flags), as if `dup`ed
/// across the processes. Close yours when you no longer need it.
///
/// One call:
/// 1. `sendmsg(fd, {msg_name=NULL, msg_iov=[ptr], msg_control=[{cmsg_len=CMSG_LEN(sizeof(int)),
///    cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[sendfd]}],
///    msg_controllen=CMSG_SPACE(sizeof(int))}, 0)`.
///
/// Returns the bytes sent.
///
/// # Errors
/// Those of `sendmsg`: `EBADF` (`sendfd` is not open), `EPIPE`,
/// `EOPNOTSUPP` (not an AF_UNIX socket: only they carry descriptors).
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// let (x, _y) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// assert_eq!(write_fd(&a, b"\0", &x)?, 1); // the book's write_fd(sockfd, "", 1, fd)
/// # drop(b);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, section 15.7; [unix(7)](https://man7.org/linux/man-pages/man7/unix.7.html)
/// (`SCM_RIGHTS`), [cmsg(3)](https://man7.org/linux/man-pages/man3/cmsg.3.html).
pub fn write_fd(fd: impl AsFd, ptr: &[u8], sendfd: impl AsFd) -> Result<usize> {
    let iov = [IoSlice::new(ptr)];
    let msg = msghdr {
        msg_name: None,
        msg_iov: &iov[..],
        msg_control: cmsg_rights(&[sendfd.as_fd()]),
        msg_flags: 0,
    };
    sendmsg(fd, &msg, 0)
}

/// `read_fd(fd, ptr, nbytes, &recvfd)`—receives bytes into `ptr` and the
/// descriptor sent with them, if any (UNP Fig. 15.11): `(n, Some(fd))`,
/// or `(n, None)` when the message carried none (the book's `*recvfd =
/// -1`). `n` is 0 at end of file.
///
/// The descriptor is an owned [`Fd`]: closed when dropped. Where the book
/// quits (`err_quit`) or, on a wrong count, returns -1 and forgets what
/// came, this returns an error and closes every descriptor that arrived,
/// so none leaks.
///
/// One call:
/// 1. `recvmsg(fd, {msg_iov=[ptr], msg_control=room for one int
///    (CMSG_SPACE(sizeof(int)) bytes)}, 0)`.
///
/// # Errors
/// Those of `recvmsg` (`ECONNRESET`, `EINTR`…); and, with the
/// descriptors that came closed:
/// - `read_fd: ancillary data truncated (MSG_CTRUNC)` — more was sent
///   than the room for one descriptor;
/// - `read_fd: expected one descriptor, received N` (two fit in the room
///   for one on 64-bit Linux, thanks to the padding);
/// - a control message other than `SOL_SOCKET`/`SCM_RIGHTS`.
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// let (x, y) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// write_fd(&a, b"!", &x)?;
/// close(x)?;                                  // ours is closed; the message keeps it open
/// let mut c = [0u8; 1];
/// let (n, fd) = read_fd(&b, &mut c)?;
/// assert_eq!((n, &c), (1, b"!"));
/// let x2 = fd.expect("a descriptor came");    // a new number for x's socket
/// write(&x2, b"hi")?;
/// let mut buf = [0u8; 2];
/// assert_eq!(read(&y, &mut buf)?, 2);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, section 15.7; [unix(7)](https://man7.org/linux/man-pages/man7/unix.7.html),
/// [cmsg(3)](https://man7.org/linux/man-pages/man3/cmsg.3.html).
pub fn read_fd(fd: impl AsFd, ptr: &mut [u8]) -> Result<(usize, Option<Fd>)> {
    let mut iov = [IoSliceMut::new(ptr)];
    let mut msg = msghdr {
        msg_name: None,
        msg_iov: &mut iov[..],
        msg_control: vec![0u8; CMSG_SPACE(size_of::<libc::c_int>())],
        msg_flags: 0,
    };
    let n = recvmsg(fd, &mut msg, 0)?;
    let truncated = msg.msg_flags & MSG_CTRUNC != 0;
    msg.msg_flags &= !MSG_CTRUNC; // checked here, with read_fd's own message
    // Every descriptor that arrived is owned from here on: an early return
    // drops (closes) them.
    let mut cmsgs = take_cmsgs(&mut msg)?;
    let quit = |what: String| Error::Peer {
        call: "read_fd",
        what,
    };
    if truncated {
        return Err(quit(
            "ancillary data truncated (MSG_CTRUNC): the sender sent more than one \
             descriptor; those that came were closed"
                .to_string(),
        ));
    }
    match cmsgs.as_mut_slice() {
        [] => Ok((n, None)),
        [Cmsg::Rights(fds)] if fds.len() == 1 => Ok((n, fds.pop())),
        [Cmsg::Rights(fds)] => Err(quit(format!(
            "expected one descriptor, received {} (closed)",
            fds.len()
        ))),
        _ => Err(quit(format!(
            "control message is not SOL_SOCKET/SCM_RIGHTS ({SCM_RIGHTS}) alone; \
             any descriptors that came were closed"
        ))),
    }
}

// ---------------------------------------------------------------------
// Chapter 21 (multicasting): the book's protocol-independent multicast
// helpers (§ 21.7, lib/mcast_*.c). [ch21 block]
// ---------------------------------------------------------------------

/// The book's `family_to_level`: `IPPROTO_IP` for AF_INET, `IPPROTO_IPV6`
/// for AF_INET6.
fn family_to_level(call: &'static str, family: libc::c_int) -> Result<libc::c_int> {
    match family {
        libc::AF_INET => Ok(libc::IPPROTO_IP),
        libc::AF_INET6 => Ok(libc::IPPROTO_IPV6),
        _ => Err(Error::sys(call, Errno::EAFNOSUPPORT)),
    }
}

/// The book's `sockfd_to_family`: `getsockname` into a
/// `sockaddr_storage`, and its family.
fn sockfd_to_family(sockfd: impl AsFd) -> Result<libc::c_int> {
    Ok(crate::socket::getsockname(sockfd)?.family())
}

/// The interface index the book's helpers take: `ifindex` if not 0, else
/// the index of `ifname`, else 0 (the kernel picks). An unknown name is
/// the book's `ENXIO`.
fn interface_index(call: &'static str, ifname: Option<&str>, ifindex: u32) -> Result<u32> {
    match (ifindex, ifname) {
        (i, _) if i > 0 => Ok(i),
        (_, Some(name)) => {
            crate::netdb::if_nametoindex(name).map_err(|_| Error::sys(call, Errno::ENXIO))
        }
        _ => Ok(0),
    }
}

/// The book's `mcast_join(sockfd, grp, grplen, ifname, ifindex)`—joins
/// multicast group `grp` (either family) on an interface: `ifindex` if
/// not 0, else the one called `ifname`, else the one the kernel picks (by
/// the route to the group).
///
/// Its steps, as the book's on a system with RFC 3678 (Linux):
/// 1. the interface: `ifindex`, or `if_nametoindex(ifname)` (unknown:
///    `ENXIO`), or 0;
/// 2. `setsockopt(sockfd, IPPROTO_IP or IPPROTO_IPV6, MCAST_JOIN_GROUP,
///    &req)`, `req` a [`group_req`](crate::opt::group_req) with the index
///    and the group (strace: `{gr_interface=0, gr_group={sa_family=AF_INET,
///    …}}`).
///
/// Joining tells the kernel (and, by IGMP or MLD, the routers) to deliver
/// the group's datagrams; a socket still gets them only if it is bound to
/// the group's port.
///
/// # Errors
/// `ENXIO` (no such interface), `EADDRINUSE` (already joined there),
/// `ENODEV` (no route to the group to pick an interface by),
/// `EAFNOSUPPORT` (`grp` is not AF_INET/AF_INET6).
///
/// ```no_run
/// use socklab::*;
/// let recvfd = socket(AF_INET, SOCK_DGRAM, 0)?;
/// let mut grp = sockaddr_in::new(INADDR_ANY, 8888);
/// inet_pton(AF_INET, "239.255.1.2", &mut grp.sin_addr)?;
/// mcast_join(&recvfd, &grp, None, 0)?;
/// # Ok::<(), socklab::Error>(())
/// ```
pub fn mcast_join(
    sockfd: impl AsFd,
    grp: &impl AsSockAddr,
    ifname: Option<&str>,
    ifindex: u32,
) -> Result<()> {
    let grp = grp.to_sockaddr();
    let index = interface_index("mcast_join", ifname, ifindex)?;
    let level = family_to_level("mcast_join", grp.family())?;
    let req = crate::opt::group_req::new(index, &grp);
    crate::opt::setsockopt(sockfd, level, crate::opt::MCAST_JOIN_GROUP, &req)
}

/// The book's `mcast_leave(sockfd, grp, grplen)`—leaves group `grp`:
/// `setsockopt(MCAST_LEAVE_GROUP)` with interface 0. (Closing the socket
/// leaves every group too.)
///
/// # Errors
/// `EADDRNOTAVAIL`: the socket had not joined that group.
pub fn mcast_leave(sockfd: impl AsFd, grp: &impl AsSockAddr) -> Result<()> {
    let grp = grp.to_sockaddr();
    let level = family_to_level("mcast_leave", grp.family())?;
    let req = crate::opt::group_req::new(0, &grp);
    crate::opt::setsockopt(sockfd, level, crate::opt::MCAST_LEAVE_GROUP, &req)
}

/// Source-specific multicast, the book's `mcast_join_source_group`: joins
/// group `grp` for datagrams from `src` only, on an interface chosen as
/// for [`mcast_join`]. One `setsockopt(MCAST_JOIN_SOURCE_GROUP)`.
///
/// # Errors
/// As [`mcast_join`].
pub fn mcast_join_source_group(
    sockfd: impl AsFd,
    src: &impl AsSockAddr,
    grp: &impl AsSockAddr,
    ifname: Option<&str>,
    ifindex: u32,
) -> Result<()> {
    let grp = grp.to_sockaddr();
    let index = interface_index("mcast_join_source_group", ifname, ifindex)?;
    let level = family_to_level("mcast_join_source_group", grp.family())?;
    let req = crate::opt::group_source_req::new(index, src, &grp);
    crate::opt::setsockopt(sockfd, level, crate::opt::MCAST_JOIN_SOURCE_GROUP, &req)
}

/// The book's `mcast_leave_source_group`: one
/// `setsockopt(MCAST_LEAVE_SOURCE_GROUP)`, interface 0.
///
/// # Errors
/// `EADDRNOTAVAIL`: not joined for that source.
pub fn mcast_leave_source_group(
    sockfd: impl AsFd,
    src: &impl AsSockAddr,
    grp: &impl AsSockAddr,
) -> Result<()> {
    source_opt(
        "mcast_leave_source_group",
        sockfd,
        src,
        grp,
        crate::opt::MCAST_LEAVE_SOURCE_GROUP,
    )
}

/// The book's `mcast_block_source`: in a group joined for any source, stop
/// receiving from `src`. One `setsockopt(MCAST_BLOCK_SOURCE)`.
///
/// # Errors
/// `EADDRNOTAVAIL`: the group was not joined.
pub fn mcast_block_source(
    sockfd: impl AsFd,
    src: &impl AsSockAddr,
    grp: &impl AsSockAddr,
) -> Result<()> {
    source_opt(
        "mcast_block_source",
        sockfd,
        src,
        grp,
        crate::opt::MCAST_BLOCK_SOURCE,
    )
}

/// The book's `mcast_unblock_source`: receive from `src` again. One
/// `setsockopt(MCAST_UNBLOCK_SOURCE)`.
///
/// # Errors
/// `EADDRNOTAVAIL`: `src` was not blocked.
pub fn mcast_unblock_source(
    sockfd: impl AsFd,
    src: &impl AsSockAddr,
    grp: &impl AsSockAddr,
) -> Result<()> {
    source_opt(
        "mcast_unblock_source",
        sockfd,
        src,
        grp,
        crate::opt::MCAST_UNBLOCK_SOURCE,
    )
}

fn source_opt(
    call: &'static str,
    sockfd: impl AsFd,
    src: &impl AsSockAddr,
    grp: &impl AsSockAddr,
    opt: crate::opt::SockOpt<crate::opt::group_source_req>,
) -> Result<()> {
    let grp = grp.to_sockaddr();
    let level = family_to_level(call, grp.family())?;
    let req = crate::opt::group_source_req::new(0, src, &grp);
    crate::opt::setsockopt(sockfd, level, opt, &req)
}

/// The book's `mcast_set_loop(sockfd, onoff)`—whether this host's own
/// sockets in a group get a copy of what `sockfd` sends to it.
///
/// Steps: 1. `getsockname` (the book's `sockfd_to_family`); 2. AF_INET:
/// `setsockopt(IPPROTO_IP, IP_MULTICAST_LOOP)` with a `u_char`; AF_INET6:
/// `setsockopt(IPPROTO_IPV6, IPV6_MULTICAST_LOOP)` with a `u_int`.
///
/// # Errors
/// `EAFNOSUPPORT`: not an AF_INET/AF_INET6 socket.
///
/// ```
/// use socklab::*;
/// let sendfd = socket(AF_INET, SOCK_DGRAM, 0)?;
/// mcast_set_loop(&sendfd, 0)?;
/// assert_eq!(mcast_get_loop(&sendfd)?, 0);
/// # Ok::<(), socklab::Error>(())
/// ```
pub fn mcast_set_loop(sockfd: impl AsFd, onoff: libc::c_int) -> Result<()> {
    let fd = sockfd.as_fd();
    match sockfd_to_family(fd)? {
        libc::AF_INET => crate::opt::setsockopt(
            fd,
            libc::IPPROTO_IP,
            crate::opt::IP_MULTICAST_LOOP,
            &(onoff as u8),
        ),
        libc::AF_INET6 => crate::opt::setsockopt(
            fd,
            libc::IPPROTO_IPV6,
            crate::opt::IPV6_MULTICAST_LOOP,
            &(onoff as libc::c_uint),
        ),
        _ => Err(Error::sys("mcast_set_loop", Errno::EAFNOSUPPORT)),
    }
}

/// The book's `mcast_get_loop(sockfd)`: `getsockname`, then
/// `getsockopt(IP_MULTICAST_LOOP or IPV6_MULTICAST_LOOP)`.
///
/// # Errors
/// `EAFNOSUPPORT`: not an AF_INET/AF_INET6 socket.
pub fn mcast_get_loop(sockfd: impl AsFd) -> Result<libc::c_int> {
    let fd = sockfd.as_fd();
    match sockfd_to_family(fd)? {
        libc::AF_INET => {
            crate::opt::getsockopt(fd, libc::IPPROTO_IP, crate::opt::IP_MULTICAST_LOOP)
                .map(libc::c_int::from)
        }
        libc::AF_INET6 => {
            crate::opt::getsockopt(fd, libc::IPPROTO_IPV6, crate::opt::IPV6_MULTICAST_LOOP)
                .map(|v| v as libc::c_int)
        }
        _ => Err(Error::sys("mcast_get_loop", Errno::EAFNOSUPPORT)),
    }
}

/// The book's `mcast_set_ttl(sockfd, val)`—the TTL (hop limit) of the
/// multicasts `sockfd` sends: 1 keeps them on the subnet, more lets
/// multicast routers forward them.
///
/// Steps: 1. `getsockname`; 2. AF_INET: `setsockopt(IP_MULTICAST_TTL)`
/// with a `u_char`; AF_INET6: `setsockopt(IPV6_MULTICAST_HOPS)` with an int.
///
/// # Errors
/// `EINVAL`: out of range (0–255); `EAFNOSUPPORT`.
///
/// ```
/// use socklab::*;
/// let sendfd = socket(AF_INET6, SOCK_DGRAM, 0)?;
/// mcast_set_ttl(&sendfd, 3)?;
/// assert_eq!(mcast_get_ttl(&sendfd)?, 3);
/// # Ok::<(), socklab::Error>(())
/// ```
pub fn mcast_set_ttl(sockfd: impl AsFd, val: libc::c_int) -> Result<()> {
    let fd = sockfd.as_fd();
    match sockfd_to_family(fd)? {
        libc::AF_INET => crate::opt::setsockopt(
            fd,
            libc::IPPROTO_IP,
            crate::opt::IP_MULTICAST_TTL,
            &(val as u8),
        ),
        libc::AF_INET6 => crate::opt::setsockopt(
            fd,
            libc::IPPROTO_IPV6,
            crate::opt::IPV6_MULTICAST_HOPS,
            &val,
        ),
        _ => Err(Error::sys("mcast_set_ttl", Errno::EAFNOSUPPORT)),
    }
}

/// The book's `mcast_get_ttl(sockfd)`: `getsockname`, then
/// `getsockopt(IP_MULTICAST_TTL or IPV6_MULTICAST_HOPS)`.
///
/// # Errors
/// `EAFNOSUPPORT`: not an AF_INET/AF_INET6 socket.
pub fn mcast_get_ttl(sockfd: impl AsFd) -> Result<libc::c_int> {
    let fd = sockfd.as_fd();
    match sockfd_to_family(fd)? {
        libc::AF_INET => crate::opt::getsockopt(fd, libc::IPPROTO_IP, crate::opt::IP_MULTICAST_TTL)
            .map(libc::c_int::from),
        libc::AF_INET6 => {
            crate::opt::getsockopt(fd, libc::IPPROTO_IPV6, crate::opt::IPV6_MULTICAST_HOPS)
        }
        _ => Err(Error::sys("mcast_get_ttl", Errno::EAFNOSUPPORT)),
    }
}

/// The book's `mcast_set_if(sockfd, ifname, ifindex)`—the interface the
/// multicasts `sockfd` sends leave by.
///
/// AF_INET6: the index (`ifindex`, or `if_nametoindex(ifname)`) into
/// `setsockopt(IPV6_MULTICAST_IF)`. AF_INET takes the interface's
/// *address*: with neither name nor index, `INADDR_ANY` (back to the
/// route's choice) into `setsockopt(IP_MULTICAST_IF)`; the book finds a
/// named interface's address with `ioctl(SIOCGIFADDR)`, which socklab
/// does not have: set [`IP_MULTICAST_IF`](crate::opt::IP_MULTICAST_IF)
/// to the address yourself (an argument error here).
///
/// # Errors
/// `ENXIO` (no such interface), `EAFNOSUPPORT`.
pub fn mcast_set_if(sockfd: impl AsFd, ifname: Option<&str>, ifindex: u32) -> Result<()> {
    let fd = sockfd.as_fd();
    match sockfd_to_family(fd)? {
        libc::AF_INET => {
            if ifname.is_some() || ifindex > 0 {
                return Err(Error::invalid(
                    "mcast_set_if",
                    "an IPv4 interface is chosen by its address: setsockopt(IP_MULTICAST_IF, &addr)",
                ));
            }
            let any = crate::addr::in_addr {
                s_addr: libc::INADDR_ANY.to_be(),
            };
            crate::opt::setsockopt(fd, libc::IPPROTO_IP, crate::opt::IP_MULTICAST_IF, &any)
        }
        libc::AF_INET6 => {
            let index = interface_index("mcast_set_if", ifname, ifindex)?;
            crate::opt::setsockopt(
                fd,
                libc::IPPROTO_IPV6,
                crate::opt::IPV6_MULTICAST_IF,
                &index,
            )
        }
        _ => Err(Error::sys("mcast_set_if", Errno::EAFNOSUPPORT)),
    }
}

/// The book's `mcast_get_if(sockfd)`—the index of the interface set with
/// [`mcast_set_if`] (0: none). AF_INET6: `getsockopt(IPV6_MULTICAST_IF)`;
/// AF_INET, as in the book, `ENOPROTOOPT` (the option holds an address,
/// not an index).
///
/// # Errors
/// `ENOPROTOOPT` for an IPv4 socket; `EAFNOSUPPORT`.
pub fn mcast_get_if(sockfd: impl AsFd) -> Result<u32> {
    let fd = sockfd.as_fd();
    match sockfd_to_family(fd)? {
        libc::AF_INET => Err(Error::sys("mcast_get_if", Errno::ENOPROTOOPT)),
        libc::AF_INET6 => {
            crate::opt::getsockopt(fd, libc::IPPROTO_IPV6, crate::opt::IPV6_MULTICAST_IF)
        }
        _ => Err(Error::sys("mcast_get_if", Errno::EAFNOSUPPORT)),
    }
}

// ---------------------------------------------------------------------
// Chapter 22 (advanced UDP sockets): recvfrom_flags (§ 22.2) on Linux's
// IP_PKTINFO / IPV6_PKTINFO; the RTT estimator and dg_send_recv (§ 22.5)
// live in unp_rtt.rs. [ch22 block]
// ---------------------------------------------------------------------

pub use crate::unp_rtt::{
    DgSendRecv, RTT_MAXNREXMT, RTT_RXTMAX, RTT_RXTMIN, dg_send_recv, hdr, rtt_info, rtt_init,
    rtt_newpack, rtt_start, rtt_stop, rtt_timeout, rtt_ts,
};

/// The book's `struct unp_in_pktinfo`, as [`recvfrom_flags`] fills it:
/// where a datagram was sent to and which interface it came in on. All
/// zero when the socket did not ask (`IP_PKTINFO`/`IPV6_RECVPKTINFO` off).
#[allow(non_camel_case_types)] // the book's name
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct unp_in_pktinfo {
    /// The IPv4 destination address in the datagram's header: this host's
    /// unicast address, a broadcast or a multicast address.
    pub ipi_addr: crate::addr::in_addr,
    /// The IPv6 destination address (AF_INET6 sockets).
    pub ipi6_addr: crate::addr::in6_addr,
    /// The index of the interface it arrived on
    /// ([`if_indextoname`](crate::netdb::if_indextoname) names it).
    pub ipi_ifindex: libc::c_int,
}

/// One control message of `msg_control`: (level, type, data), read the
/// way `CMSG_FIRSTHDR`/`CMSG_NXTHDR`/`CMSG_DATA` walk them (a `struct
/// cmsghdr` — `cmsg_len` a `size_t`, then level and type — each record
/// aligned to a `size_t`).
fn cmsgs(control: &[u8]) -> Vec<(libc::c_int, libc::c_int, &[u8])> {
    const WORD: usize = std::mem::size_of::<usize>();
    const HDR: usize = WORD + 8; // cmsg_len, cmsg_level, cmsg_type
    let align = |n: usize| n.div_ceil(WORD) * WORD;
    let mut out = Vec::new();
    let mut at = 0;
    while at + HDR <= control.len() {
        let mut len_bytes = [0u8; WORD];
        len_bytes.copy_from_slice(&control[at..at + WORD]);
        let len = usize::from_ne_bytes(len_bytes);
        let int = |i: usize| {
            let mut b = [0u8; 4];
            b.copy_from_slice(&control[i..i + 4]);
            libc::c_int::from_ne_bytes(b)
        };
        if len < HDR || at + len > control.len() {
            break;
        }
        out.push((
            int(at + WORD),
            int(at + WORD + 4),
            &control[at + align(HDR)..at + len],
        ));
        at += align(len);
    }
    out
}

/// The book's `recvfrom_flags(fd, ptr, nbytes, &flags, sa, &salen,
/// &pktinfo)` (§ 22.2)—`recvfrom` that also returns the flags the kernel
/// set on the datagram and, from ancillary data, its destination address
/// and arrival interface.
///
/// Steps: 1. a `msghdr` with `from` as `msg_name`, `buf` as the one iovec,
/// and room for one control message (`CMSG_SPACE(sizeof(struct
/// in_pktinfo))`, 32 bytes, or of an `in6_pktinfo` for a `sockaddr_in6`,
/// 40); 2. `recvmsg(fd, &msg, *flags)`; 3. `*flags = msg.msg_flags`
/// (`MSG_TRUNC`: the datagram was longer than `buf`, the rest is lost;
/// `MSG_CTRUNC`); 4. `pktinfo` zeroed, then filled from an `IP_PKTINFO`
/// (`ipi_addr`, `ipi_ifindex`) or `IPV6_PKTINFO` message.
///
/// The book reads `IP_RECVDSTADDR` and `IP_RECVIF` (BSD); Linux has
/// neither and sends both facts in one `IP_PKTINFO` message: set
/// [`IP_PKTINFO`](crate::opt::IP_PKTINFO) (or `IPV6_RECVPKTINFO`) on the
/// socket first, or `pktinfo` stays zero. There is no `MSG_BCAST` or
/// `MSG_MCAST` on Linux either: the destination address tells.
///
/// # Errors
/// Those of `recvmsg`: `EINTR`, `EAGAIN` (a timeout), `EBADF`.
///
/// ```
/// use socklab::*;
/// let fd = socket(AF_INET, SOCK_DGRAM, 0)?;
/// setsockopt(&fd, IPPROTO_IP, IP_PKTINFO, &1)?;
/// bind(&fd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
/// let to = getsockname(&fd)?;
/// sendto(&fd, b"a long datagram", 0, &to)?;
/// let (mut buf, mut flags) = ([0u8; 4], 0);
/// let (mut from, mut pkt) = (sockaddr_in::default(), unp_in_pktinfo::default());
/// let n = recvfrom_flags(&fd, &mut buf, &mut flags, &mut from, &mut pkt)?;
/// assert_eq!((n, &buf), (4, b"a lo"));
/// assert!(flags & MSG_TRUNC != 0);
/// assert_eq!(pkt.ipi_addr.s_addr, htonl(INADDR_LOOPBACK));
/// assert_eq!(if_indextoname(pkt.ipi_ifindex as u32)?, "lo");
/// # Ok::<(), socklab::Error>(())
/// ```
pub fn recvfrom_flags<A: SockAddrOut + AsSockAddr>(
    fd: impl AsFd,
    buf: &mut [u8],
    flags: &mut libc::c_int,
    from: &mut A,
    pktinfo: &mut unp_in_pktinfo,
) -> Result<usize> {
    let v6 = from.to_sockaddr().family() == libc::AF_INET6;
    // CMSG_SPACE(sizeof(struct in_pktinfo)) or (struct in6_pktinfo)
    let room = if v6 { 40 } else { 32 };
    let mut iov = [crate::uio::IoSliceMut::new(buf)];
    let mut msg = crate::socket::msghdr {
        msg_name: Some(from.to_sockaddr()),
        msg_iov: &mut iov[..],
        msg_control: vec![0u8; room],
        msg_flags: 0,
    };
    let n = crate::socket::recvmsg(fd, &mut msg, *flags)?;
    if let Some(name) = &msg.msg_name {
        *from = crate::sys::sockaddr_as(name);
    }
    *pktinfo = unp_in_pktinfo::default();
    *flags = msg.msg_flags;
    if msg.msg_flags & libc::MSG_CTRUNC != 0 {
        return Ok(n);
    }
    for (level, ty, data) in cmsgs(&msg.msg_control) {
        let word = |i: usize| {
            let mut b = [0u8; 4];
            b.copy_from_slice(&data[i..i + 4]);
            b
        };
        if level == libc::IPPROTO_IP && ty == libc::IP_PKTINFO && data.len() >= 12 {
            // struct in_pktinfo { int ipi_ifindex; in_addr ipi_spec_dst; in_addr ipi_addr; }
            pktinfo.ipi_ifindex = libc::c_int::from_ne_bytes(word(0));
            pktinfo.ipi_addr.s_addr = u32::from_ne_bytes(word(8));
        } else if level == libc::IPPROTO_IPV6 && ty == libc::IPV6_PKTINFO && data.len() >= 20 {
            // struct in6_pktinfo { in6_addr ipi6_addr; unsigned ipi6_ifindex; }
            pktinfo.ipi6_addr.s6_addr.copy_from_slice(&data[..16]);
            pktinfo.ipi_ifindex = libc::c_int::from_ne_bytes(word(16));
        }
    }
    Ok(n)
}

#[cfg(test)]
mod chapter30_tests {
    use super::percent_g;
    use crate::stdlib::atol;

    #[test]
    fn atol_reads_like_c() {
        assert_eq!(atol(b"4000\n"), 4000);
        assert_eq!(atol(b"  -7x"), -7);
        assert_eq!(atol(b"abc"), 0);
        assert_eq!(atol(b"99999999999999999999999"), i64::MAX);
    }

    #[test]
    fn percent_g_writes_like_c() {
        assert_eq!(percent_g(0.0), "0");
        assert_eq!(percent_g(0.251), "0.251");
        assert_eq!(percent_g(12.345678), "12.3457");
        assert_eq!(percent_g(2.0), "2");
        assert_eq!(percent_g(0.000123), "0.000123");
    }
}

// ---------------------------------------------------------------------
// Chapter 17: get_ifi_info [ch17 block — keep together for merges]
// ---------------------------------------------------------------------

/// `IFI_ALIAS`—[`ifi_info::ifi_myflags`]: this address is an alias (a
/// second address of an interface already in the list).
pub const IFI_ALIAS: libc::c_short = 1;

/// `struct ifi_info`—one entry of [`get_ifi_info`] (UNP Figure 17.5,
/// `unpifi.h`): an interface with one of its addresses.
#[derive(Clone, Debug, Default)]
#[allow(non_camel_case_types)] // the C name
pub struct ifi_info {
    /// The interface's name (`eth0`; an alias's `eth0:1` label is cut at
    /// the colon, as the book does).
    pub ifi_name: String,
    /// Its index (`SIOCGIFINDEX`; 0 if unknown).
    pub ifi_index: libc::c_int,
    /// Its MTU (`SIOCGIFMTU`).
    pub ifi_mtu: libc::c_int,
    /// Its hardware address (`SIOCGIFHWADDR`, a Linux addition: the book
    /// takes it from BSD's `AF_LINK` entries); empty when it has none
    /// (loopback's is all zero).
    pub ifi_haddr: Vec<u8>,
    /// Its `IFF_*` flags (`SIOCGIFFLAGS`).
    pub ifi_flags: libc::c_short,
    /// [`IFI_ALIAS`] or 0.
    pub ifi_myflags: libc::c_short,
    /// The address.
    pub ifi_addr: Option<SockAddr>,
    /// The broadcast address (`IFF_BROADCAST`, IPv4).
    pub ifi_brdaddr: Option<SockAddr>,
    /// The other end of a point-to-point link (`IFF_POINTOPOINT`).
    pub ifi_dstaddr: Option<SockAddr>,
}

/// `get_ifi_info(family, doaliases)`—UNP Figures 17.6–17.8: the host's
/// interfaces that are up, one entry per address of `family` (`AF_INET`
/// or `AF_INET6`); with `doaliases` false, only an interface's first
/// address. The book's C returns a linked list freed by `free_ifi_info`;
/// here the `Vec` owns it and frees it on drop.
///
/// Steps for `AF_INET`, each a call of its own (the book's order):
/// 1. [`socket`]`(AF_INET, SOCK_DGRAM, 0)` — any socket serves the ioctls;
/// 2. [`ioctl_ifconf`](crate::ioctl::ioctl_ifconf) with room for 100
///    `ifreq`s, then 10 more each time, until `ifc_len` is the same
///    twice (Linux does not fail on a short buffer, it cuts the list:
///    only a stable length proves it was all there);
/// 3. for each entry of `family`: `SIOCGIFFLAGS` (an interface that is
///    down is skipped), `SIOCGIFMTU`, then `SIOCGIFHWADDR` and
///    `SIOCGIFINDEX` (Linux's stand-ins for BSD's `AF_LINK` entries), then
///    `SIOCGIFBRDADDR` if `IFF_BROADCAST`, `SIOCGIFDSTADDR` if
///    `IFF_POINTOPOINT`;
/// 4. [`close`] the socket.
///
/// For `AF_INET6` step 2 is [`getifaddrs`](crate::net_if::getifaddrs)
/// instead: Linux's `SIOCGIFCONF` lists IPv4 addresses only (the book's
/// program prints "get_ifi_info error" there); step 3 makes the same
/// ioctls, but no `SIOCGIFBRDADDR` (IPv6 has no broadcast) and the
/// destination comes from the `getifaddrs` entry.
///
/// # Errors
/// The errors of the calls above; a `family` other than `AF_INET` or
/// `AF_INET6` is an argument error.
///
/// ```
/// use socklab::*;
/// let ifis = get_ifi_info(AF_INET, true)?;
/// let lo = ifis.iter().find(|i| i.ifi_flags & IFF_LOOPBACK != 0).expect("lo");
/// assert_eq!(sock_ntop_host(lo.ifi_addr.as_ref().expect("addr")), "127.0.0.1");
/// free_ifi_info(ifis);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, §17.6.
pub fn get_ifi_info(family: libc::c_int, doaliases: bool) -> Result<Vec<ifi_info>> {
    use crate::consts::{AF_INET, AF_INET6};
    use crate::ioctl::{
        IFF_BROADCAST, IFF_POINTOPOINT, IFF_UP, SIOCGIFBRDADDR, SIOCGIFDSTADDR, SIOCGIFFLAGS,
        SIOCGIFHWADDR, SIOCGIFINDEX, SIOCGIFMTU, ioctl_ifconf, ioctl_ifreq,
    };
    use crate::types::{ifconf, ifreq};

    if family != AF_INET && family != AF_INET6 {
        return Err(Error::invalid(
            "get_ifi_info",
            format!("family {family} is neither AF_INET nor AF_INET6"),
        ));
    }
    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;

    // (name, flags from the list or 0, address, destination from the list)
    let mut entries: Vec<(String, Option<SockAddr>, Option<SockAddr>)> = Vec::new();
    if family == AF_INET {
        let mut lastlen = 0;
        let mut n = 100;
        loop {
            let mut ifc = ifconf::with_capacity(n);
            ioctl_ifconf(&sockfd, &mut ifc)?;
            if ifc.ifc_len == lastlen {
                for ifr in ifc.ifc_req() {
                    entries.push((ifr.name(), Some(ifr.ifr_addr()), None));
                }
                break; // success, len has not changed
            }
            lastlen = ifc.ifc_len;
            n += 10; // increment
        }
    } else {
        for ifa in crate::net_if::getifaddrs()? {
            entries.push((ifa.ifa_name, ifa.ifa_addr, ifa.ifa_ifu));
        }
    }

    let mut out = Vec::new();
    let mut lastname = String::new();
    for (mut name, addr, dst) in entries {
        let Some(addr) = addr.filter(|a| a.family() == family) else {
            continue; // ignore if not the desired address family
        };
        if let Some(colon) = name.find(':') {
            name.truncate(colon); // replace colon with null
        }
        let mut myflags = 0;
        if name == lastname {
            if !doaliases {
                continue; // already processed this interface
            }
            myflags = IFI_ALIAS;
        }
        lastname.clone_from(&name);

        let mut ifrcopy = ifreq::new(&name)?;
        ioctl_ifreq(&sockfd, SIOCGIFFLAGS, &mut ifrcopy)?;
        let flags = ifrcopy.ifr_flags();
        if flags & IFF_UP == 0 {
            continue; // ignore if interface not up
        }
        let mut ifi = ifi_info {
            ifi_name: name,
            ifi_flags: flags,
            ifi_myflags: myflags,
            ..ifi_info::default()
        };
        ioctl_ifreq(&sockfd, SIOCGIFMTU, &mut ifrcopy)?;
        ifi.ifi_mtu = ifrcopy.ifr_mtu();
        ioctl_ifreq(&sockfd, SIOCGIFHWADDR, &mut ifrcopy)?;
        let mac = ifrcopy.ifr_hwaddr();
        if mac != [0; 6] {
            ifi.ifi_haddr = mac.to_vec();
        }
        ioctl_ifreq(&sockfd, SIOCGIFINDEX, &mut ifrcopy)?;
        ifi.ifi_index = ifrcopy.ifr_ifindex();
        ifi.ifi_addr = Some(addr);
        if family == AF_INET {
            if flags & IFF_BROADCAST != 0 {
                ioctl_ifreq(&sockfd, SIOCGIFBRDADDR, &mut ifrcopy)?;
                ifi.ifi_brdaddr = Some(ifrcopy.ifr_broadaddr());
            }
            if flags & IFF_POINTOPOINT != 0 {
                ioctl_ifreq(&sockfd, SIOCGIFDSTADDR, &mut ifrcopy)?;
                ifi.ifi_dstaddr = Some(ifrcopy.ifr_dstaddr());
            }
        } else if flags & IFF_POINTOPOINT != 0 {
            ifi.ifi_dstaddr = dst;
        }
        out.push(ifi);
    }
    close(sockfd)?;
    Ok(out)
}

/// `free_ifi_info(ifihead)`—UNP Figure 17.9: frees the list
/// [`get_ifi_info`] returned. In Rust this is `drop`: the list is freed
/// when it goes out of scope anyway; the function is here so a program
/// reads like the book's.
pub fn free_ifi_info(ifihead: Vec<ifi_info>) {
    drop(ifihead);
}

// ---------------------------------------------------------------------
// Chapter 16: connect_nonb [ch16 block — keep together for merges]
// ---------------------------------------------------------------------

/// `connect_nonb(sockfd, saptr, salen, nsec)`—UNP Figure 16.11: a
/// `connect` that does not block, with a timeout of `nsec` seconds (0: no
/// limit but the kernel's own).
///
/// Takes the socket and gives it back connected, its file status flags
/// as they were (blocking again); on failure the socket is closed and the
/// error returned.
///
/// Steps, each a call of its own:
/// 1. [`fcntl`](crate::fcntl::fcntl)`(sockfd, F_GETFL, 0)`, then
///    `fcntl(sockfd, F_SETFL, flags | O_NONBLOCK)`;
/// 2. [`connect`](crate::socket::connect()): on loopback it may complete at
///    once (then on to step 5); otherwise it fails with `EINPROGRESS` —
///    the handshake goes on while the program could do other work;
///    any other error is returned at once;
/// 3. [`select`](crate::mux::select) with the socket in both the read and
///    the write set, `nsec` seconds (NULL: no limit); 0 ready means the
///    time ran out: `close`, error `ETIMEDOUT`;
/// 4. [`getsockopt`](crate::opt::getsockopt)`(SO_ERROR)`: the only
///    portable way to learn whether the connect worked once the socket is
///    ready (readable *and* writable can mean either an error or data
///    already arrived);
/// 5. `fcntl(sockfd, F_SETFL, flags)`: restore the flags; a pending error
///    from step 4 then closes the socket and is returned (`connect:
///    Connection refused (ECONNREFUSED)`).
///
/// # Errors
/// `ECONNREFUSED`, `ETIMEDOUT`, `ENETUNREACH`… as `connect` — named
/// `connect` even when `SO_ERROR` reported them.
///
/// ```
/// use socklab::*;
/// let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
/// listen(&listenfd, LISTENQ)?;
/// let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// let sockfd = connect_nonb(sockfd, &getsockname(&listenfd)?, 5)?;
/// assert_eq!(fcntl(&sockfd, F_GETFL, 0)? & O_NONBLOCK, 0); // blocking again
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, Figure 16.11.
pub fn connect_nonb(
    sockfd: crate::fd::Fd,
    saptr: &impl AsSockAddr,
    nsec: libc::c_int,
) -> Result<crate::fd::Fd> {
    use crate::fcntl::{F_GETFL, F_SETFL, O_NONBLOCK, fcntl};
    use crate::mux::{FD_ISSET, FD_SET, select};
    use crate::opt::SO_ERROR;
    use crate::types::fd_set;
    use std::os::fd::AsRawFd;

    let flags = fcntl(&sockfd, F_GETFL, 0)?;
    fcntl(&sockfd, F_SETFL, flags | O_NONBLOCK)?;

    let mut error = 0;
    match crate::socket::connect(&sockfd, saptr) {
        Ok(()) => {} // connect completed immediately
        Err(e) if e.errno() == Some(Errno::EINPROGRESS) => {
            // Do whatever we want while the connect is taking place.
            let mut rset = fd_set::default();
            FD_SET(&sockfd, &mut rset);
            let mut wset = rset;
            let mut tval = libc::timeval {
                tv_sec: nsec.into(),
                tv_usec: 0,
            };
            let n = select(
                sockfd.as_raw_fd() + 1,
                Some(&mut rset),
                Some(&mut wset),
                None,
                if nsec != 0 { Some(&mut tval) } else { None },
            )?;
            if n == 0 {
                close(sockfd)?; // timeout
                return Err(Error::sys("connect", Errno::ETIMEDOUT));
            }
            if FD_ISSET(&sockfd, &rset) || FD_ISSET(&sockfd, &wset) {
                error = crate::opt::getsockopt(&sockfd, SOL_SOCKET, SO_ERROR)?;
            } else {
                return Err(Error::invalid("select", "sockfd not set"));
            }
        }
        Err(e) => return Err(e),
    }

    fcntl(&sockfd, F_SETFL, flags)?; // restore file status flags
    if error != 0 {
        close(sockfd)?; // just in case
        return Err(Error::sys("connect", Errno::from_raw(error)));
    }
    Ok(sockfd)
}
