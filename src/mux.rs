//! `<sys/select.h>` and `<poll.h>` — I/O multiplexing: wait until one of
//! several descriptors is ready, with [`select`] or [`poll`].
//!
//! A client that must watch both its terminal and its socket, or a server
//! that serves many clients from one process, cannot block in `read` on
//! one descriptor. `select` and `poll` block on many at once and say which
//! are ready (UNP chapter 6).

#![allow(non_snake_case, non_camel_case_types)] // FD_SET, fd_set: the C names

use std::fmt::{self, Write as _};
use std::os::fd::{AsFd, AsRawFd, RawFd};

use libc::{c_int, c_short, timeval};

use crate::error::{Error, Result};
use crate::sys::{self, FdOp};
use crate::trace::{self, trace};

/// `FD_SETSIZE`—the number of descriptors an [`fd_set`] can hold (1024):
/// descriptors 0 to 1023.
pub const FD_SETSIZE: c_int = libc::FD_SETSIZE as c_int;

/// `fd_set`—a set of descriptor numbers for [`select`], one bit each.
///
/// Use it with [`FD_ZERO`], [`FD_SET`], [`FD_CLR`] and [`FD_ISSET`], as in
/// C. `select` overwrites the sets it is given with the ready ones, so
/// rebuild (or copy) the set before every call. `Default` is an empty
/// set, so the C declaration plus `FD_ZERO(&rset)` is one line.
///
/// ```
/// use socklab::*;
/// let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// let mut rset = fd_set::default();    // fd_set rset; FD_ZERO(&rset);
/// FD_SET(std::io::stdin(), &mut rset); // FD_SET(fileno(stdin), &rset);
/// FD_SET(&sockfd, &mut rset);          // FD_SET(sockfd, &rset);
/// assert!(FD_ISSET(&sockfd, &rset));
/// println!("{rset:?}");                // strace's form, e.g. [0 3]
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [select(2)](https://man7.org/linux/man-pages/man2/select.2.html),
/// [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/FD_CLR.html)
#[derive(Clone, Copy)]
pub struct fd_set {
    bits: libc::fd_set,
    /// A descriptor FD_SET could not store (≥ FD_SETSIZE); select refuses it.
    too_big: Option<RawFd>,
}

impl Default for fd_set {
    /// An empty set (as after `FD_ZERO`).
    fn default() -> fd_set {
        fd_set {
            bits: sys::fd_zero(),
            too_big: None,
        }
    }
}

impl fd_set {
    /// The descriptors in the set, below `nfds`.
    fn members(&self, nfds: c_int) -> impl Iterator<Item = RawFd> + '_ {
        let mut bits = self.bits;
        (0..nfds.clamp(0, FD_SETSIZE)).filter(move |&fd| sys::fd_op(&mut bits, fd, FdOp::IsSet))
    }
}

impl fmt::Debug for fd_set {
    /// strace's form: `[0 3]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('[')?;
        for (i, fd) in self.members(FD_SETSIZE).enumerate() {
            if i > 0 {
                f.write_char(' ')?;
            }
            write!(f, "{fd}")?;
        }
        f.write_char(']')
    }
}

fn in_range(fd: RawFd) -> bool {
    (0..FD_SETSIZE).contains(&fd)
}

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
        sys::fd_op(&mut set.bits, fd, FdOp::Set);
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
        sys::fd_op(&mut set.bits, fd, FdOp::Clr);
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
    let mut bits = set.bits;
    in_range(fd) && sys::fd_op(&mut bits, fd, FdOp::IsSet)
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
/// # References
/// [select(2)](https://man7.org/linux/man-pages/man2/select.2.html),
/// [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/select.html)
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
    let asked = [
        readfds.as_deref().copied(),
        writefds.as_deref().copied(),
        exceptfds.as_deref().copied(),
    ];
    let asked_timeout = timeout.as_deref().copied();
    let res = sys::select(
        nfds,
        readfds.as_deref_mut().map(|s| &mut s.bits),
        writefds.as_deref_mut().map(|s| &mut s.bits),
        exceptfds.as_deref_mut().map(|s| &mut s.bits),
        timeout.as_deref_mut(),
    );
    // Linux writes the time left back into the timeout; strace shows it.
    let left = timeout.as_deref().copied();
    let ready = [
        readfds.as_deref().copied(),
        writefds.as_deref().copied(),
        exceptfds.as_deref().copied(),
    ];
    trace!(
        &res,
        "pselect6({nfds}, {}, {}, {}, {}, NULL)",
        SetArg(asked[0]),
        SetArg(asked[1]),
        SetArg(asked[2]),
        trace::DisplayFn(|f| match asked_timeout {
            None => f.write_str("NULL"),
            Some(t) => write!(f, "{{tv_sec={}, tv_nsec={}}}", t.tv_sec, t.tv_usec * 1000),
        });
        "{}",
        trace::DisplayFn(|f| select_outcome(f, &res, nfds, &ready, left))
    );
    res
}

/// An fd_set argument as strace prints it: `NULL` or `[3 4]`.
struct SetArg(Option<fd_set>);

impl fmt::Display for SetArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            None => f.write_str("NULL"),
            Some(set) => write!(f, "{set:?}"),
        }
    }
}

/// strace's summary after select's return value: ` (in [3], out [4])` or
/// ` (Timeout)`.
fn select_outcome(
    f: &mut fmt::Formatter<'_>,
    res: &Result<c_int>,
    nfds: c_int,
    ready: &[Option<fd_set>; 3],
    left: Option<timeval>,
) -> fmt::Result {
    match res {
        Ok(0) => f.write_str(" (Timeout)"),
        Ok(_) => {
            let mut first = true;
            for (name, set) in ["in", "out", "except"].iter().zip(ready) {
                let Some(set) = set else { continue };
                if set.members(nfds).next().is_none() {
                    continue;
                }
                f.write_str(if first { " (" } else { ", " })?;
                first = false;
                write!(f, "{name} [")?;
                for (i, fd) in set.members(nfds).enumerate() {
                    if i > 0 {
                        f.write_char(' ')?;
                    }
                    write!(f, "{fd}")?;
                }
                f.write_char(']')?;
            }
            if let Some(t) = left {
                // the C library hands back microseconds (a timeval)
                f.write_str(if first { " (left " } else { ", left " })?;
                first = false;
                write!(f, "{{tv_sec={}, tv_nsec={}}}", t.tv_sec, t.tv_usec * 1000)?;
            }
            if !first {
                f.write_char(')')?;
            }
            Ok(())
        }
        Err(_) => Ok(()),
    }
}

/// `POLLIN`—there is data to read (or end of file, or a connection to accept).
pub const POLLIN: c_short = libc::POLLIN;
/// `POLLRDNORM`—normal data to read (UNP's choice for data on a socket).
pub const POLLRDNORM: c_short = libc::POLLRDNORM;
/// `POLLPRI`—urgent (out-of-band) data to read.
pub const POLLPRI: c_short = libc::POLLPRI;
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

/// `struct pollfd`—one descriptor for [`poll`]: what to watch (`events`)
/// and, afterwards, what happened (`revents`).
///
/// `fd` is a plain number as in C, so that a slot can be marked unused
/// with `-1` (poll then skips it), as UNP's poll server does. Built the C
/// way with a struct literal, or with [`pollfd::new`] / [`pollfd::unused`].
/// The number is not owned: keep the [`Fd`](crate::Fd) it came from open
/// while its entry is in use.
///
/// ```
/// use socklab::*;
/// let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// let mut client = [pollfd::unused(); 4];                     // client[i].fd = -1
/// client[0] = pollfd { fd: listenfd.as_raw_fd(), events: POLLRDNORM, revents: 0 };
/// assert_eq!(client[0], pollfd::new(&listenfd, POLLRDNORM));  // the short way
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [poll(2)](https://man7.org/linux/man-pages/man2/poll.2.html),
/// [POSIX `<poll.h>`](https://pubs.opengroup.org/onlinepubs/9799919799/basedefs/poll.h.html)
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct pollfd {
    /// The descriptor to watch; negative means "skip this entry".
    pub fd: RawFd,
    /// The events to watch for: `POLLIN`, `POLLRDNORM`, `POLLOUT`…
    pub events: c_short,
    /// Filled in by poll: the events that occurred.
    pub revents: c_short,
}

impl pollfd {
    /// An entry watching `fd` for `events` (`revents` 0). No C call: C
    /// sets `fd`, `events` and `revents` one by one.
    ///
    /// ```
    /// use socklab::*;
    /// let fds = [pollfd::new(std::io::stdin(), POLLIN)];
    /// assert_eq!(fds[0].fd, STDIN_FILENO);
    /// ```
    pub fn new(fd: impl AsFd, events: c_short) -> pollfd {
        pollfd {
            fd: fd.as_fd().as_raw_fd(),
            events,
            revents: 0,
        }
    }

    /// An unused entry (`fd = -1`), skipped by poll: a free slot in a
    /// poll server's client array.
    ///
    /// ```
    /// use socklab::*;
    /// let mut client = [pollfd::unused(); 8];
    /// assert_eq!(poll(&mut client, 0)?, 0); // nothing to watch: timeout
    /// # Ok::<(), socklab::Error>(())
    /// ```
    pub fn unused() -> pollfd {
        pollfd {
            fd: -1,
            events: 0,
            revents: 0,
        }
    }
}

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
/// # References
/// [poll(2)](https://man7.org/linux/man-pages/man2/poll.2.html),
/// [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/poll.html)
pub fn poll(fds: &mut [pollfd], timeout: c_int) -> Result<c_int> {
    let res = sys::poll(fds, timeout);
    trace!(
        &res,
        "poll({}, {}, {timeout})",
        trace::DisplayFn(|f| poll_list(f, fds, false)),
        fds.len();
        "{}",
        trace::DisplayFn(|f| match res {
            Ok(0) => f.write_str(" (Timeout)"),
            Ok(_) => {
                f.write_str(" (")?;
                poll_list(f, fds, true)?;
                f.write_char(')')
            }
            Err(_) => Ok(()),
        })
    );
    res
}

/// `[{fd=3, events=POLLIN}]`, or with `revents`, only the entries that have one.
fn poll_list(f: &mut fmt::Formatter<'_>, fds: &[pollfd], revents: bool) -> fmt::Result {
    f.write_char('[')?;
    let mut first = true;
    for p in fds {
        if revents && p.revents == 0 {
            continue;
        }
        if !first {
            f.write_str(", ")?;
        }
        first = false;
        if revents {
            write!(
                f,
                "{{fd={}, revents={}}}",
                p.fd,
                trace::poll_events(p.revents)
            )?;
        } else if p.fd < 0 {
            write!(f, "{{fd={}}}", p.fd)?;
        } else {
            write!(
                f,
                "{{fd={}, events={}}}",
                p.fd,
                trace::poll_events(p.events)
            )?;
        }
    }
    f.write_char(']')
}
