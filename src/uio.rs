//! `<sys/uio.h>` — scatter/gather I/O: [`readv`] and [`writev`] move
//! bytes between one descriptor and several buffers in one system call
//! (UNP section 14.4).
//!
//! C's `struct iovec { void *iov_base; size_t iov_len; }` is Rust's
//! [`IoSlice`] (a buffer to write from) and [`IoSliceMut`] (a buffer to
//! read into): std guarantees both have `struct iovec`'s layout, so an
//! array of them *is* C's `struct iovec iov[N]`, and the borrow checker
//! keeps each buffer alive for the call.

use std::os::fd::AsFd;

use crate::error::Result;
use crate::sys;
use crate::trace::calls;

/// `struct iovec` for output: one buffer [`writev`] and
/// [`sendmsg`](crate::sendmsg) read from (`IoSlice::new(b"hello")`).
pub use std::io::IoSlice;
/// `struct iovec` for input: one buffer [`readv`] and
/// [`recvmsg`](crate::recvmsg) fill (`IoSliceMut::new(&mut buf)`).
pub use std::io::IoSliceMut;

/// `readv(fd, iov, iovcnt)`—reads into several buffers in one call,
/// filling each in order before the next.
///
/// Returns the total bytes read (0 at end of file); like [`read`](crate::read)
/// it may return fewer than the buffers hold. One readv(2) system call.
///
/// # Errors
/// Those of `read` (`EINTR`, `ECONNRESET`, `EAGAIN` on a non-blocking
/// descriptor), and `EINVAL` for more than `IOV_MAX` (1024) buffers.
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// write(&a, b"hello world")?;
/// let (mut head, mut body) = ([0u8; 5], [0u8; 64]);
/// let n = readv(&b, &mut [IoSliceMut::new(&mut head), IoSliceMut::new(&mut body)])?;
/// assert_eq!(n, 11);
/// assert_eq!(&head, b"hello");
/// assert_eq!(&body[..6], b" world");
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(readv(2))]
pub fn readv(fd: impl AsFd, iov: &mut [IoSliceMut<'_>]) -> Result<usize> {
    let fd = fd.as_fd();
    let res = sys::readv(fd, iov);
    calls::readv(fd, iov, &res);
    res
}

/// `writev(fd, iov, iovcnt)`—writes several buffers, in order, in one
/// call: one TCP segment where two `write`s could make two (UNP §14.4).
///
/// Returns the total bytes written; on a blocking socket normally all of
/// them, but a signal can cut it short. One writev(2) system call.
///
/// # Errors
/// Those of `write` (`EPIPE`, `ECONNRESET`, `EINTR`), and `EINVAL` for
/// more than `IOV_MAX` (1024) buffers.
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// assert_eq!(writev(&a, &[IoSlice::new(b"hello"), IoSlice::new(b" world")])?, 11);
/// let mut buf = [0u8; 64];
/// let n = read(&b, &mut buf)?;
/// assert_eq!(&buf[..n], b"hello world");
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(writev(2))]
pub fn writev(fd: impl AsFd, iov: &[IoSlice<'_>]) -> Result<usize> {
    let fd = fd.as_fd();
    let res = sys::writev(fd, iov);
    calls::writev(fd, iov, &res);
    res
}
