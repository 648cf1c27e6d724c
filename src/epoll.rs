//! `<sys/epoll.h>` — Linux's answer to UNP §14.9's `/dev/poll` and
//! `kqueue`: [`epoll_create1`] makes a kernel object that remembers the
//! descriptors to watch ([`epoll_ctl`]), so each wait ([`epoll_wait`])
//! passes no list and returns only the ready ones — unlike `select` and
//! `poll`, whose cost grows with every descriptor watched.

use std::os::fd::{AsFd, AsRawFd};

use libc::c_int;

use crate::error::Result;
use crate::fd::Fd;
use crate::sys;
use crate::trace::calls;
pub use crate::types::epoll_event;

/// `EPOLLIN`—there is data to read (or end of file, or a connection).
pub const EPOLLIN: u32 = libc::EPOLLIN as u32;
/// `EPOLLPRI`—urgent (out-of-band) data to read.
pub const EPOLLPRI: u32 = libc::EPOLLPRI as u32;
/// `EPOLLOUT`—writing will not block.
pub const EPOLLOUT: u32 = libc::EPOLLOUT as u32;
/// `EPOLLERR`—an error is pending (always reported; need not be asked).
pub const EPOLLERR: u32 = libc::EPOLLERR as u32;
/// `EPOLLHUP`—the peer hung up (always reported; need not be asked).
pub const EPOLLHUP: u32 = libc::EPOLLHUP as u32;
/// `EPOLLRDHUP`—the peer shut down its writing side (a FIN arrived).
pub const EPOLLRDHUP: u32 = libc::EPOLLRDHUP as u32;
/// `EPOLLET`—edge-triggered: report a change once, not while it lasts.
pub const EPOLLET: u32 = libc::EPOLLET as u32;
/// `EPOLLONESHOT`—report once, then disable until `EPOLL_CTL_MOD`.
pub const EPOLLONESHOT: u32 = libc::EPOLLONESHOT as u32;
/// `EPOLL_CTL_ADD`—[`epoll_ctl`]: start watching a descriptor.
pub const EPOLL_CTL_ADD: c_int = libc::EPOLL_CTL_ADD;
/// `EPOLL_CTL_MOD`—[`epoll_ctl`]: change what is watched for.
pub const EPOLL_CTL_MOD: c_int = libc::EPOLL_CTL_MOD;
/// `EPOLL_CTL_DEL`—[`epoll_ctl`]: stop watching (the event is ignored:
/// strace shows `NULL`).
pub const EPOLL_CTL_DEL: c_int = libc::EPOLL_CTL_DEL;
/// `EPOLL_CLOEXEC`—[`epoll_create1`]: close the epoll descriptor on exec.
pub const EPOLL_CLOEXEC: c_int = libc::EPOLL_CLOEXEC;

/// `epoll_create1(flags)`—creates an epoll instance and returns its
/// descriptor, owned (closed on drop). `flags`: 0 or [`EPOLL_CLOEXEC`].
///
/// # Errors
/// `EINVAL` (unknown flags), `EMFILE` (out of descriptors).
///
/// ```
/// use socklab::*;
/// let epfd = epoll_create1(0)?;
/// assert!(epfd.as_raw_fd() >= 3);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [epoll_create1(2)](https://man7.org/linux/man-pages/man2/epoll_create1.2.html) (Linux only: not in POSIX)
pub fn epoll_create1(flags: c_int) -> Result<Fd> {
    let res = sys::epoll_create1(flags).map(Fd::from);
    calls::epoll_create1(flags, &res);
    res
}

/// `epoll_ctl(epfd, op, fd, &event)`—adds ([`EPOLL_CTL_ADD`]), changes
/// ([`EPOLL_CTL_MOD`]) or removes ([`EPOLL_CTL_DEL`]: `event` is ignored
/// and passed as `NULL`) a descriptor on the epoll instance's list.
///
/// # Errors
/// `EEXIST` (added twice), `ENOENT` (not on the list), `EPERM` (a regular
/// file: always ready, so epoll refuses it), `EBADF`, `EINVAL`.
///
/// ```
/// use socklab::*;
/// let epfd = epoll_create1(0)?;
/// let (a, _b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// let ev = epoll_event::new(EPOLLIN, a.as_raw_fd() as u64);
/// epoll_ctl(&epfd, EPOLL_CTL_ADD, &a, &ev)?;
/// let again = epoll_ctl(&epfd, EPOLL_CTL_ADD, &a, &ev).unwrap_err();
/// assert_eq!(again.errno(), Some(Errno::EEXIST));
/// epoll_ctl(&epfd, EPOLL_CTL_DEL, &a, &ev)?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [epoll_ctl(2)](https://man7.org/linux/man-pages/man2/epoll_ctl.2.html) (Linux only: not in POSIX)
pub fn epoll_ctl(epfd: impl AsFd, op: c_int, fd: impl AsFd, event: &epoll_event) -> Result<()> {
    let (epfd, fd) = (epfd.as_fd(), fd.as_fd().as_raw_fd());
    let mut ev = *event;
    let arg = (op != EPOLL_CTL_DEL).then_some(&mut ev);
    let res = sys::epoll_ctl(epfd, op, fd, arg);
    let shown = (op != EPOLL_CTL_DEL).then_some(event);
    calls::epoll_ctl(epfd, op, fd, shown, &res);
    res
}

/// `epoll_wait(epfd, events, maxevents, timeout)`—waits until a watched
/// descriptor is ready or `timeout` milliseconds pass (-1: forever, 0:
/// do not wait). Fills the start of `events` (`maxevents` is its length)
/// and returns how many it filled: 0 on timeout.
///
/// # Errors
/// `EINTR` (a signal arrived), `EBADF`/`EINVAL` (not an epoll descriptor).
///
/// ```
/// use socklab::*;
/// let epfd = epoll_create1(0)?;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// epoll_ctl(&epfd, EPOLL_CTL_ADD, &b, &epoll_event::new(EPOLLIN, 7))?;
/// let mut events = [epoll_event::default(); 4];
/// assert_eq!(epoll_wait(&epfd, &mut events, 0)?, 0); // nothing yet
/// write(&a, b"x")?;
/// assert_eq!(epoll_wait(&epfd, &mut events, 1000)?, 1);
/// assert_eq!((events[0].events(), events[0].data()), (EPOLLIN, 7));
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [epoll_wait(2)](https://man7.org/linux/man-pages/man2/epoll_wait.2.html) (Linux only: not in POSIX)
pub fn epoll_wait(epfd: impl AsFd, events: &mut [epoll_event], timeout: c_int) -> Result<usize> {
    let epfd = epfd.as_fd();
    let res = sys::epoll_wait(epfd, events, timeout);
    calls::epoll_wait(epfd, events, timeout, &res);
    res
}
