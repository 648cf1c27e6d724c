//! The course book's helper functions: [`readn`], [`writen`], [`readline`].
//!
//! These are *not* single system calls. They loop over `read`/`write`
//! until the job is done, and — unlike every other call in socklab — they
//! retry a call that failed with `EINTR` (a signal handler ran), because
//! that is what they are for. Each traced `read`/`write` inside them shows
//! separately in strace and in trace mode.

use std::os::fd::AsFd;

use crate::error::{Errno, Result};
use crate::fd::{read, write};

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
            Err(e) if e.errno() == Errno::EINTR => continue, // a handler ran: again
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
            Err(e) if e.errno() == Errno::EINTR => continue,
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
            Err(e) if e.errno() == Errno::EINTR => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}
