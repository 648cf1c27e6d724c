//! `<sys/ioctl.h>` — [`ioctl`]: device- and socket-specific requests.
//! socklab has the one UNP chapter 14 uses, `FIONREAD` (how many bytes
//! wait to be read).

use std::os::fd::AsFd;

use libc::c_int;

use crate::error::{Error, Result};
use crate::sys;
use crate::trace::calls;

/// `FIONREAD`—[`ioctl`]'s request "how many bytes are waiting to be read".
pub const FIONREAD: c_int = libc::FIONREAD as c_int;

/// `ioctl(fd, FIONREAD, &n)`—returns the number of bytes waiting in the
/// receive buffer of `fd` (on a UDP socket: the size of the first queued
/// datagram) without reading them (UNP §14.7). `request` must be
/// [`FIONREAD`]: the value C writes through its third argument is
/// returned.
///
/// One ioctl(2) system call; strace shows `ioctl(3, FIONREAD, [5]) = 0`.
///
/// # Errors
/// `ENOTTY` (a descriptor without this request, such as a regular file on
/// some systems), `EBADF`; any other `request` is an argument error (no
/// system call).
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// write(&a, b"hello")?;
/// assert_eq!(ioctl(&b, FIONREAD)?, 5);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(ioctl(2))]
pub fn ioctl(fd: impl AsFd, request: c_int) -> Result<c_int> {
    if request != FIONREAD {
        return Err(Error::invalid(
            "ioctl",
            format!("request {request:#x} is not supported (only FIONREAD)"),
        ));
    }
    let fd = fd.as_fd();
    let res = sys::ioctl_fionread(fd);
    calls::ioctl_fionread(fd, &res);
    res
}
