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

// ---------------------------------------------------------------------
// Chapters 24-25 [ch24/ch25 block — keep together for merges]:
// FIOASYNC and FIONBIO, the two requests whose argument the kernel reads.
// ---------------------------------------------------------------------

/// `FIOASYNC`—[`ioctl_int`]'s request "signal-driven I/O on (1) or off
/// (0)": the kernel sends SIGIO to the socket's owner (`fcntl(F_SETOWN)`)
/// when I/O becomes possible. The same flag as `fcntl`'s `O_ASYNC`
/// (POSIX's way, `fcntl(fd, F_SETFL, flags | O_ASYNC)`); UNP §25.3 uses
/// this ioctl.
pub const FIOASYNC: c_int = libc::FIOASYNC as c_int;
/// `FIONBIO`—[`ioctl_int`]'s request "nonblocking I/O on (1) or off (0)":
/// the same flag as `fcntl`'s `O_NONBLOCK`, set in one call instead of
/// F_GETFL + F_SETFL.
pub const FIONBIO: c_int = libc::FIONBIO as c_int;

/// `ioctl(fd, request, &arg)`—the requests whose third argument is a
/// pointer to an `int` the kernel *reads*: [`FIOASYNC`] and [`FIONBIO`]
/// (`arg` 1: on, 0: off). UNP §25.3 turns on signal-driven and
/// nonblocking I/O for its UDP socket this way:
///
/// ```
/// use socklab::*;
/// let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
/// let on: c_int = 1;
/// fcntl(&sockfd, F_SETOWN, getpid())?;   // SIGIO comes to this process
/// ioctl_int(&sockfd, FIOASYNC, on)?;     // ioctl(3, FIOASYNC, [1]) = 0
/// ioctl_int(&sockfd, FIONBIO, on)?;      // ioctl(3, FIONBIO, [1]) = 0
/// assert!(fcntl(&sockfd, F_GETFL, 0)? & (O_ASYNC | O_NONBLOCK) == O_ASYNC | O_NONBLOCK);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// One ioctl(2) system call; strace shows `ioctl(3, FIOASYNC, [1]) = 0`.
///
/// # Errors
/// `EBADF`, `ENOTTY` (a descriptor without this request); any other
/// `request` is an argument error (no system call).
///
#[doc = man_links!(ioctl(2))]
pub fn ioctl_int(fd: impl AsFd, request: c_int, arg: c_int) -> Result<()> {
    let name = match request {
        FIOASYNC => "FIOASYNC",
        FIONBIO => "FIONBIO",
        _ => {
            return Err(Error::invalid(
                "ioctl",
                format!("request {request:#x} takes no int argument here (FIOASYNC, FIONBIO)"),
            ));
        }
    };
    let fd = fd.as_fd();
    let res = sys::ioctl_int(fd, request as libc::Ioctl, &arg);
    calls::ioctl_int(fd, name, arg, &res);
    res.map(drop)
}
