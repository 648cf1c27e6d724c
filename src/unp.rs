//! The course book's helper functions: [`readn`], [`writen`], [`readline`],
//! and the loops its chapter 5 and 8 programs are built on: [`str_echo`],
//! [`str_cli`], [`dg_echo`], [`dg_cli`].
//!
//! These are *not* single system calls. They loop over `read`/`write`
//! until the job is done, and — unlike every other call in socklab — they
//! retry a call that failed with `EINTR` (a signal handler ran), because
//! that is what they are for. Each traced `read`/`write` inside them shows
//! separately in strace and in trace mode.

use std::io::{BufRead, Read as _};
use std::os::fd::AsFd;

use crate::addr::AsSockAddr;
use crate::error::{Errno, Error, Result};
use crate::fd::{read, write};
use crate::socket::{recv, recvfrom_into, sendto};
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
/// Steps, for ever: 1. [`recvfrom_into`]`(sockfd, mesg, MAXLINE, 0,
/// cliaddr)`; 2. [`sendto`]`(sockfd, mesg, n, 0, cliaddr)`.
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
        let n = recvfrom_into(sockfd, &mut mesg, 0, cliaddr)?;
        sendto(sockfd, &mesg[..n], 0, cliaddr)?;
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

/// `fgets(line, MAXLINE, stdin)`: the next line of standard input with its
/// newline, at most `MAXLINE - 1` bytes (a longer line comes in pieces), as
/// the C library reads it, through a buffer. Returns 0 at end of file.
fn fgets(line: &mut Vec<u8>, stdin: &mut impl BufRead) -> Result<usize> {
    line.clear();
    stdin
        .take(MAXLINE as u64 - 1)
        .read_until(b'\n', line)
        .map_err(|e| match e.raw_os_error() {
            Some(errno) => Error::sys("read", Errno::from_raw(errno)),
            None => Error::invalid("fgets", e.to_string()),
        })
}
