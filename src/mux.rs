//! `<sys/select.h>` and `<poll.h>` — I/O multiplexing: wait until one of
//! several descriptors is ready, with [`select`] or [`poll`].
//!
//! A client that must watch both its terminal and its socket, or a server
//! that serves many clients from one process, cannot block in `read` on
//! one descriptor. `select` and `poll` block on many at once and say which
//! are ready (UNP chapter 6).

#![allow(non_snake_case, non_camel_case_types)] // FD_SET, fd_set: the C names

use std::os::fd::{AsFd, AsRawFd};

use libc::{c_int, c_short, timeval};

use crate::error::{Error, Result};
use crate::sys;
use crate::trace::calls::{self, SelectCall};
use crate::types::in_range;
pub use crate::types::{FD_SETSIZE, fd_set, pollfd};

/// `FD_ZERO(&set)`—empties the set.
///
/// ```
/// use socklab::*;
/// let mut rset = fd_set::default();
/// FD_SET(std::io::stdin(), &mut rset);
/// FD_ZERO(&mut rset);
/// assert!(!FD_ISSET(std::io::stdin(), &rset));
/// ```
///
/// # References
/// [select(2)](https://man7.org/linux/man-pages/man2/select.2.html),
/// [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/FD_CLR.html)
pub fn FD_ZERO(set: &mut fd_set) {
    *set = fd_set::default();
}

/// `FD_SET(fd, &set)`—adds a descriptor to the set.
///
/// A descriptor ≥ `FD_SETSIZE` (1024) does not fit; C would write past the
/// end of the set. Here it is remembered and [`select`] fails with EINVAL,
/// naming it.
///
/// ```
/// use socklab::*;
/// let sock = socket(AF_INET, SOCK_STREAM, 0)?;
/// let mut rset = fd_set::default();
/// FD_SET(&sock, &mut rset);
/// assert!(FD_ISSET(&sock, &rset));
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [select(2)](https://man7.org/linux/man-pages/man2/select.2.html),
/// [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/FD_CLR.html)
pub fn FD_SET(fd: impl AsFd, set: &mut fd_set) {
    let fd = fd.as_fd().as_raw_fd();
    if in_range(fd) {
        set.set(fd);
    } else {
        set.too_big = Some(fd);
    }
}

/// `FD_CLR(fd, &set)`—removes a descriptor from the set.
///
/// ```
/// use socklab::*;
/// let mut rset = fd_set::default();
/// FD_SET(std::io::stdin(), &mut rset);
/// FD_CLR(std::io::stdin(), &mut rset);
/// assert!(!FD_ISSET(std::io::stdin(), &rset));
/// ```
///
/// # References
/// [select(2)](https://man7.org/linux/man-pages/man2/select.2.html),
/// [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/FD_CLR.html)
pub fn FD_CLR(fd: impl AsFd, set: &mut fd_set) {
    let fd = fd.as_fd().as_raw_fd();
    if in_range(fd) {
        set.clear(fd);
    } else if set.too_big == Some(fd) {
        set.too_big = None;
    }
}

/// `FD_ISSET(fd, &set)`—is the descriptor in the set? After [`select`]:
/// is it ready?
///
/// ```
/// use socklab::*;
/// assert!(!FD_ISSET(std::io::stdin(), &fd_set::default()));
/// ```
///
/// # References
/// [select(2)](https://man7.org/linux/man-pages/man2/select.2.html),
/// [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/FD_CLR.html)
pub fn FD_ISSET(fd: impl AsFd, set: &fd_set) -> bool {
    let fd = fd.as_fd().as_raw_fd();
    in_range(fd) && set.is_set(fd)
}

/// `select(nfds, &readset, &writeset, &exceptset, &timeout)`—waits until a
/// descriptor in one of the sets is ready, or the timeout passes.
///
/// `nfds` is the highest descriptor in any set **plus one**. Each set is
/// `None` (C's `NULL`) or is overwritten with its ready descriptors;
/// `timeout` `None` waits forever, `{0, 0}` polls. Returns how many
/// descriptors are ready, 0 on timeout. "Readable" includes end of file
/// and a pending error, so a read after select never blocks — but may
/// return 0. The C library's system call is `pselect6`, as strace shows.
/// On Linux (not in POSIX) select also writes the time that was left into
/// `timeout`, so set it again before each call.
///
/// # Errors
/// `EINTR` (a signal arrived), `EBADF` (a closed descriptor in a set),
/// `EINVAL` (`nfds` negative or above FD_SETSIZE, or a descriptor that
/// FD_SET could not store).
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// write(&a, b"x")?;
/// let mut rset = fd_set::default();
/// FD_SET(&b, &mut rset);
/// let mut tv = timeval { tv_sec: 1, tv_usec: 0 };
/// let n = select(b.as_raw_fd() + 1, Some(&mut rset), None, None, Some(&mut tv))?;
/// assert_eq!(n, 1);
/// assert!(FD_ISSET(&b, &rset));
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(select(2))]
pub fn select(
    nfds: c_int,
    mut readfds: Option<&mut fd_set>,
    mut writefds: Option<&mut fd_set>,
    mut exceptfds: Option<&mut fd_set>,
    mut timeout: Option<&mut timeval>,
) -> Result<c_int> {
    for set in [&readfds, &writefds, &exceptfds].into_iter().flatten() {
        if let Some(fd) = set.too_big {
            return Err(Error::invalid(
                "select",
                format!("descriptor {fd} does not fit in an fd_set (FD_SETSIZE is {FD_SETSIZE})"),
            ));
        }
        // The kernel reads and writes back nfds bits of each set: with
        // nfds above FD_SETSIZE it would write past the end of the set.
        if nfds > FD_SETSIZE {
            return Err(Error::invalid(
                "select",
                format!("nfds {nfds} is above FD_SETSIZE ({FD_SETSIZE}), the size of an fd_set"),
            ));
        }
    }
    // Copies of what was asked, for the trace (select overwrites the sets).
    let copy = |set: &Option<&mut fd_set>| set.as_deref().copied();
    let asked = [copy(&readfds), copy(&writefds), copy(&exceptfds)];
    let asked_timeout = timeout.as_deref().copied();
    let res = sys::select(
        nfds,
        readfds.as_deref_mut(),
        writefds.as_deref_mut(),
        exceptfds.as_deref_mut(),
        timeout.as_deref_mut(),
    );
    let call = SelectCall {
        nfds,
        asked,
        timeout: asked_timeout,
        ready: [copy(&readfds), copy(&writefds), copy(&exceptfds)],
        // Linux writes the time left back into the timeout; strace shows it.
        left: timeout.as_deref().copied(),
    };
    calls::select(&call, &res);
    res
}

/// `POLLIN`—there is data to read (or end of file, or a connection to accept).
pub const POLLIN: c_short = libc::POLLIN;
/// `POLLRDNORM`—normal data to read (UNP's choice for data on a socket).
pub const POLLRDNORM: c_short = libc::POLLRDNORM;
/// `POLLPRI`—urgent (out-of-band) data to read.
pub const POLLPRI: c_short = libc::POLLPRI;
// [ch24 block]
/// `POLLRDBAND`—priority-band data to read. POSIX (and UNP §6.10) has TCP's
/// out-of-band data here; Linux reports it as [`POLLPRI`] instead and never
/// sets `POLLRDBAND` on a TCP socket, so a poll for urgent data asks for
/// `POLLPRI` (UNP chapter 24).
pub const POLLRDBAND: c_short = libc::POLLRDBAND;
/// `POLLOUT`—writing will not block.
pub const POLLOUT: c_short = libc::POLLOUT;
/// `POLLERR`—an error is pending (returned in `revents` only).
pub const POLLERR: c_short = libc::POLLERR;
/// `POLLHUP`—the peer hung up (returned in `revents` only).
pub const POLLHUP: c_short = libc::POLLHUP;
/// `POLLNVAL`—the descriptor is not open (returned in `revents` only).
pub const POLLNVAL: c_short = libc::POLLNVAL;
/// `INFTIM`—poll's "wait forever" timeout (-1); the course book's (and
/// BSD's) name, which Linux headers do not define: C on Linux writes -1.
pub const INFTIM: c_int = -1;

/// `poll(fds, nfds, timeout)`—waits until one of the descriptors in `fds`
/// has an event, or `timeout` milliseconds pass (`-1`/[`INFTIM`]: forever).
///
/// Sets each entry's `revents` and returns how many entries have one, 0 on
/// timeout. Unlike `select` there is no FD_SETSIZE limit and the request
/// (`events`) is not overwritten. A descriptor that is not open is not an
/// error: its entry comes back with `POLLNVAL`.
///
/// # Errors
/// `EINTR` (a signal arrived), `EINVAL` (more entries than the
/// descriptor limit, `ulimit -n`).
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// let mut fds = [pollfd::new(&b, POLLIN)];
/// assert_eq!(poll(&mut fds, 0)?, 0);   // nothing yet
/// write(&a, b"x")?;
/// assert_eq!(poll(&mut fds, 1000)?, 1);
/// assert!(fds[0].revents & POLLIN != 0);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(poll(2))]
pub fn poll(fds: &mut [pollfd], timeout: c_int) -> Result<c_int> {
    let res = sys::poll(fds, timeout);
    calls::poll(fds, timeout, &res);
    res
}

// ---------------------------------------------------------------------
// Chapter 20 (broadcasting): pselect, the race-free wait of Figure 20.7.
// [ch20 block]
// ---------------------------------------------------------------------

pub use libc::timespec;

/// `pselect(nfds, &readset, &writeset, &exceptset, &timeout, &sigmask)`—
/// [`select`] with the signal mask set to `sigmask` for just the time it
/// waits, in one step: the kernel swaps the mask, waits, and puts the old
/// mask back, so a signal blocked everywhere else can only arrive *while*
/// pselect waits, and then interrupts it with `EINTR`.
///
/// That is UNP's fix for the race of chapter 20: keep SIGALRM blocked,
/// and wait in `pselect` with an empty mask. The timeout is a `timespec`
/// (nanoseconds, and pselect never writes it back); `sigmask` None is C's
/// NULL (the mask stays as it is: then pselect is select). strace shows
/// `pselect6(4, [3], NULL, NULL, NULL, {sigmask=[], sigsetsize=8})`.
///
/// # Errors
/// `EINTR` (a signal the mask let through arrived), `EBADF`, `EINVAL` (as
/// for [`select`]).
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// write(&a, b"x")?;
/// let mut rset = fd_set::default();
/// FD_SET(&b, &mut rset);
/// let empty = sigset_t::default();
/// let n = pselect(b.as_raw_fd() + 1, Some(&mut rset), None, None, None, Some(&empty))?;
/// assert_eq!(n, 1);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(pselect(2), posix: select)]
pub fn pselect(
    nfds: c_int,
    mut readfds: Option<&mut fd_set>,
    mut writefds: Option<&mut fd_set>,
    mut exceptfds: Option<&mut fd_set>,
    timeout: Option<&timespec>,
    sigmask: Option<&crate::signal::sigset_t>,
) -> Result<c_int> {
    for set in [&readfds, &writefds, &exceptfds].into_iter().flatten() {
        if let Some(fd) = set.too_big {
            return Err(Error::invalid(
                "pselect",
                format!("descriptor {fd} does not fit in an fd_set (FD_SETSIZE is {FD_SETSIZE})"),
            ));
        }
        if nfds > FD_SETSIZE {
            return Err(Error::invalid(
                "pselect",
                format!("nfds {nfds} is above FD_SETSIZE ({FD_SETSIZE}), the size of an fd_set"),
            ));
        }
    }
    let copy = |set: &Option<&mut fd_set>| set.as_deref().copied();
    let asked = [copy(&readfds), copy(&writefds), copy(&exceptfds)];
    let res = sys::pselect(
        nfds,
        readfds.as_deref_mut(),
        writefds.as_deref_mut(),
        exceptfds.as_deref_mut(),
        timeout,
        sigmask.map(|s| s.as_raw()),
    );
    let call = SelectCall {
        nfds,
        asked,
        timeout: None,
        ready: [copy(&readfds), copy(&writefds), copy(&exceptfds)],
        left: None, // the C library passes the kernel a copy: nothing comes back
    };
    calls::pselect(&call, timeout, sigmask.map(|s| s.as_raw()), &res);
    res
}
