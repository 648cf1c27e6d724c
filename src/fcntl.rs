//! `<fcntl.h>` — [`open`] a file, and [`fcntl`]: read or change a
//! descriptor's flags (`O_NONBLOCK` for chapter 16's nonblocking I/O,
//! `O_ASYNC` and `F_SETOWN` for chapters 24–25's signals, `FD_CLOEXEC`),
//! and lock a file ([`fcntl_lock`], chapter 30's lock around accept).
//!
//! The C function takes a variable third argument; socklab has two
//! wrappers, one per kind of argument: an `int` ([`fcntl`]) or a
//! `struct flock *` ([`fcntl_lock`]). Both make one fcntl(2) call.

use std::os::fd::AsFd;
use std::path::Path;

use libc::{c_int, mode_t};

use crate::error::{Error, Result};
use crate::fd::Fd;
use crate::sys;
use crate::trace::calls;

/// `struct flock`—a record lock for [`fcntl_lock`]: `l_type` ([`F_RDLCK`],
/// [`F_WRLCK`], [`F_UNLCK`]), `l_whence` ([`SEEK_SET`]…), `l_start`,
/// `l_len` (0: to the end of the file, however long it grows), and
/// `l_pid` (filled in by `F_GETLK`).
#[allow(non_camel_case_types)]
pub type flock = libc::flock; // the type only: libc's flock() function is another call

/// `O_RDONLY`—[`open`] for reading only.
pub const O_RDONLY: c_int = libc::O_RDONLY;
/// `O_WRONLY`—[`open`] for writing only.
pub const O_WRONLY: c_int = libc::O_WRONLY;
/// `O_RDWR`—[`open`] for reading and writing.
pub const O_RDWR: c_int = libc::O_RDWR;
/// `O_ACCMODE`—the bits of the access mode in [`F_GETFL`]'s answer.
pub const O_ACCMODE: c_int = libc::O_ACCMODE;
/// `O_CREAT`—[`open`] creates the file if it does not exist (with `mode`).
pub const O_CREAT: c_int = libc::O_CREAT;
/// `O_EXCL`—with [`O_CREAT`], fail with EEXIST if the file exists.
pub const O_EXCL: c_int = libc::O_EXCL;
/// `O_TRUNC`—[`open`] empties an existing regular file.
pub const O_TRUNC: c_int = libc::O_TRUNC;
/// `O_APPEND`—every write goes to the end of the file.
pub const O_APPEND: c_int = libc::O_APPEND;
/// `O_NOCTTY`—opening a terminal does not make it the controlling one
/// (what a daemon wants, chapter 13).
pub const O_NOCTTY: c_int = libc::O_NOCTTY;
/// `O_NONBLOCK`—calls that would wait fail with EAGAIN/EWOULDBLOCK
/// instead (chapter 16); set with `fcntl(fd, F_SETFL, flags | O_NONBLOCK)`.
pub const O_NONBLOCK: c_int = libc::O_NONBLOCK;
/// `O_ASYNC`—deliver SIGIO when the descriptor becomes ready (chapter 25;
/// the book sets it with `ioctl(FIOASYNC)`, the same flag).
pub const O_ASYNC: c_int = libc::O_ASYNC;
/// `O_CLOEXEC`—close the descriptor in the new program after an exec.
pub const O_CLOEXEC: c_int = libc::O_CLOEXEC;

/// `F_GETFL`—[`fcntl`] returns the file status flags (`O_RDWR|O_NONBLOCK`…).
pub const F_GETFL: c_int = libc::F_GETFL;
/// `F_SETFL`—[`fcntl`] sets the file status flags to `arg`. Only
/// `O_APPEND`, `O_ASYNC`, `O_NONBLOCK` (and a few more) can change: read
/// the flags first and add yours, as the book does.
pub const F_SETFL: c_int = libc::F_SETFL;
/// `F_GETFD`—[`fcntl`] returns the descriptor flags ([`FD_CLOEXEC`]).
pub const F_GETFD: c_int = libc::F_GETFD;
/// `F_SETFD`—[`fcntl`] sets the descriptor flags to `arg`.
pub const F_SETFD: c_int = libc::F_SETFD;
/// `F_GETOWN`—[`fcntl`] returns the process (or, negative, the process
/// group) that receives SIGIO and SIGURG for this socket.
pub const F_GETOWN: c_int = libc::F_GETOWN;
/// `F_SETOWN`—[`fcntl`] makes process `arg` (or process group `-arg`)
/// the one that receives SIGIO and SIGURG for this socket.
pub const F_SETOWN: c_int = libc::F_SETOWN;
/// `F_GETLK`—[`fcntl_lock`] asks whether a lock could be placed; the
/// struct comes back describing a conflicting lock, or `F_UNLCK`.
pub const F_GETLK: c_int = libc::F_GETLK;
/// `F_SETLK`—[`fcntl_lock`] places or removes a lock, failing with
/// EAGAIN/EACCES if another process holds a conflicting one.
pub const F_SETLK: c_int = libc::F_SETLK;
/// `F_SETLKW`—like [`F_SETLK`], but waits until the lock is free
/// (chapter 30's lock around accept).
pub const F_SETLKW: c_int = libc::F_SETLKW;
/// `FD_CLOEXEC`—the descriptor flag "close on exec".
pub const FD_CLOEXEC: c_int = libc::FD_CLOEXEC;
/// `F_RDLCK`—a shared (read) lock, for `flock.l_type`.
pub const F_RDLCK: libc::c_short = libc::F_RDLCK as libc::c_short;
/// `F_WRLCK`—an exclusive (write) lock, for `flock.l_type`.
pub const F_WRLCK: libc::c_short = libc::F_WRLCK as libc::c_short;
/// `F_UNLCK`—no lock: removes one, for `flock.l_type`.
pub const F_UNLCK: libc::c_short = libc::F_UNLCK as libc::c_short;
/// `SEEK_SET`—`flock.l_start` counts from the start of the file.
pub const SEEK_SET: libc::c_short = libc::SEEK_SET as libc::c_short;

/// `open(pathname, flags, mode)`—opens (or with [`O_CREAT`] creates) a file
/// and returns its descriptor, the lowest number not in use.
///
/// `mode` (permissions such as `0o644`, less the umask) is used only with
/// `O_CREAT`; C lets you leave it out, Rust needs a value: pass 0. glibc
/// makes the openat(2) system call; strace shows
/// `openat(AT_FDCWD, "/dev/null", O_RDWR) = 3`. No `O_CLOEXEC` is added.
///
/// # Errors
/// `ENOENT` (no such file, without `O_CREAT`), `EACCES` (permission
/// denied), `EEXIST` (`O_CREAT|O_EXCL` and the file exists), `EISDIR`,
/// `EMFILE` (the process has no free descriptor number). A path with a
/// NUL byte is an argument error (no system call).
///
/// ```
/// use socklab::*;
/// let fd = open("/dev/null", O_RDWR, 0)?;
/// assert_eq!(write(&fd, b"gone")?, 4);
/// let err = open("/nonexistent/file", O_RDONLY, 0).unwrap_err();
/// assert_eq!(err.to_string(), "open: No such file or directory (ENOENT)");
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(open(2))]
pub fn open(pathname: impl AsRef<Path>, flags: c_int, mode: mode_t) -> Result<Fd> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = pathname.as_ref().as_os_str().as_bytes();
    let c_path = std::ffi::CString::new(bytes)
        .map_err(|_| Error::invalid("open", "path contains a NUL byte"))?;
    let res = sys::open(&c_path, flags, mode).map(Fd::from);
    calls::open(bytes, flags, mode, &res);
    res
}

/// `fcntl(fd, cmd, arg)`—reads or changes a descriptor's flags; `cmd` is
/// one of [`F_GETFL`], [`F_SETFL`], [`F_GETFD`], [`F_SETFD`],
/// [`F_GETOWN`], [`F_SETOWN`] (for a lock, see [`fcntl_lock`]).
///
/// Returns what C returns: the flags for `F_GETFL`/`F_GETFD`, the owner
/// for `F_GETOWN`, 0 for the others. `arg` is ignored by the `GET`
/// commands: pass 0, as the book does. To make a socket nonblocking
/// (UNP §16.2), read the flags, then set them with `O_NONBLOCK` added:
/// two system calls, `fcntl(3, F_GETFL) = 0x2 (flags O_RDWR)` and
/// `fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0`. glibc asks the kernel for
/// `F_GETOWN` with `F_GETOWN_EX`, and strace shows that.
///
/// # Errors
/// `EBADF` (not an open descriptor), `EINVAL` (a flag the command does not
/// take); any other `cmd` is an argument error (no system call).
///
/// ```
/// use socklab::*;
/// let (a, _b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// let flags = fcntl(&a, F_GETFL, 0)?;
/// fcntl(&a, F_SETFL, flags | O_NONBLOCK)?;
/// let mut buf = [0u8; 8];
/// let err = read(&a, &mut buf).unwrap_err();
/// assert_eq!(err.errno(), Some(Errno::EAGAIN));
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(fcntl(2))]
pub fn fcntl(fd: impl AsFd, cmd: c_int, arg: c_int) -> Result<c_int> {
    if ![F_GETFL, F_SETFL, F_GETFD, F_SETFD, F_GETOWN, F_SETOWN].contains(&cmd) {
        return Err(Error::invalid(
            "fcntl",
            format!("command {cmd} takes no int argument here (locks: fcntl_lock)"),
        ));
    }
    let fd = fd.as_fd();
    let res = sys::fcntl(fd, cmd, arg);
    calls::fcntl(fd, cmd, arg, &res);
    res
}

/// `fcntl(fd, cmd, &lock)`—POSIX record locks: `cmd` is [`F_SETLKW`]
/// (wait for the lock), [`F_SETLK`] (fail at once if it is held) or
/// [`F_GETLK`] (ask; `lock` is overwritten with the answer).
///
/// A lock belongs to the process: it goes when the process closes *any*
/// descriptor of that file, or exits, and a child does not inherit it
/// across fork — which is why chapter 30's preforked server can use one
/// lock file as a mutex around `accept`. strace shows
/// `fcntl(3, F_SETLKW, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0,
/// l_len=0}) = 0`.
///
/// # Errors
/// `EAGAIN`/`EACCES` (`F_SETLK`: held by another process), `EDEADLK`
/// (`F_SETLKW` would deadlock), `EINTR` (a signal interrupted the wait),
/// `EBADF` (not open for the kind of lock asked). Any other `cmd` is an
/// argument error (no system call).
///
/// ```
/// use socklab::*;
/// let path = std::env::temp_dir().join(format!("socklab-doc-lock.{}", getpid()));
/// let fd = open(&path, O_RDWR | O_CREAT, 0o600)?;
/// let mut lock = flock { l_type: F_WRLCK, l_whence: SEEK_SET, l_start: 0, l_len: 0, l_pid: 0 };
/// fcntl_lock(&fd, F_SETLKW, &mut lock)?;
/// lock.l_type = F_UNLCK;
/// fcntl_lock(&fd, F_SETLK, &mut lock)?;
/// unlink(&path)?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(fcntl(2))]
pub fn fcntl_lock(fd: impl AsFd, cmd: c_int, lock: &mut flock) -> Result<()> {
    if ![F_GETLK, F_SETLK, F_SETLKW].contains(&cmd) {
        return Err(Error::invalid(
            "fcntl",
            format!("command {cmd} is not a lock command (F_GETLK, F_SETLK, F_SETLKW)"),
        ));
    }
    let fd = fd.as_fd();
    let res = sys::fcntl_lock(fd, cmd, lock);
    calls::fcntl_lock(fd, cmd, lock, &res);
    res.map(drop)
}
