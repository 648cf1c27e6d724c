//! File descriptors and `<unistd.h>`'s I/O calls: [`Fd`], [`read`],
//! [`write`], [`close`], [`dup`], [`dup2`].
//!
//! In C a descriptor is an `int`, and nothing stops a program from using
//! it after `close()` or forgetting to close it. Here [`socket`](crate::socket)
//! and [`accept`](crate::accept) return an [`Fd`] that *owns* the number:
//! it prints as the number (`3`), and when it goes out of scope it is closed
//! — exactly one close(2), the same one a careful C program makes. Call
//! [`close`] where the lecture shows `close()`, so the trace matches; it
//! consumes the `Fd`, so using it afterwards does not compile.

use std::fmt;
use std::mem::ManuallyDrop;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, IntoRawFd, OwnedFd, RawFd};

use crate::error::Result;
use crate::sys;
use crate::trace::{self, calls};

/// An open file descriptor, owned: closed when dropped.
///
/// Prints as its number, like the `int` it is in C:
///
/// ```
/// use socklab::*;
/// let fd = socket(AF_INET, SOCK_STREAM, 0)?;
/// println!("Socket Initialized: {fd}");  // e.g. "Socket Initialized: 3"
/// assert!(fd.as_raw_fd() >= 3);            // 0, 1, 2 are stdin/out/err
/// close(fd)?;                              // or let it drop
/// # Ok::<(), socklab::Error>(())
/// ```
pub struct Fd(ManuallyDrop<OwnedFd>);

impl Fd {
    /// The descriptor's number, for printing or for C APIs that take an int
    /// (the `Fd` keeps owning it). The same as `as_raw_fd()`.
    ///
    /// ```
    /// use socklab::*;
    /// let fd = socket(AF_INET, SOCK_DGRAM, 0)?;
    /// let maxfdp1 = fd.as_raw() + 1; // select's first argument
    /// assert!(maxfdp1 > 3);
    /// # Ok::<(), socklab::Error>(())
    /// ```
    pub fn as_raw(&self) -> RawFd {
        self.0.as_raw_fd()
    }

    // [ch15]
    /// Takes ownership of descriptor number `fd`, which this program was
    /// given open: the book's `openfile` gets its socket's number as an
    /// argument (`atoi(argv[1])`) from the process that exec'd it. No
    /// system call: a number that is not open fails at its first use
    /// (`EBADF`), as in C.
    ///
    /// Own each number once, and only one you were handed: the `Fd` closes
    /// it when dropped.
    ///
    /// # Errors
    /// A negative number, or 0, 1 or 2 (standard input, output and error
    /// belong to the runtime): an argument error, no call made.
    ///
    /// ```no_run
    /// use socklab::*;
    /// let sockfd = Fd::inherited(4)?; // e.g. from atoi(argv[1])
    /// write(&sockfd, b"hello")?;
    /// # Ok::<(), socklab::Error>(())
    /// ```
    pub fn inherited(fd: RawFd) -> Result<Fd> {
        if fd < 3 {
            return Err(crate::error::Error::invalid(
                "Fd::inherited",
                format!("{fd} is not a descriptor a program can be handed (3 or more)"),
            ));
        }
        Ok(Fd::from(sys::inherited(fd)))
    }
}

impl AsFd for Fd {
    #[inline]
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.0.as_fd()
    }
}

impl AsRawFd for Fd {
    #[inline]
    fn as_raw_fd(&self) -> RawFd {
        self.0.as_raw_fd()
    }
}

impl IntoRawFd for Fd {
    /// Gives up ownership: the number stays open and is no longer closed on drop.
    fn into_raw_fd(self) -> RawFd {
        let raw = self.as_raw_fd();
        std::mem::forget(self); // no drop: nothing closes it now
        raw
    }
}

impl From<OwnedFd> for Fd {
    fn from(fd: OwnedFd) -> Fd {
        Fd(ManuallyDrop::new(fd))
    }
}

impl From<Fd> for OwnedFd {
    /// Hands the descriptor to std's owner type without closing it.
    fn from(fd: Fd) -> OwnedFd {
        sys::owned(fd.into_raw_fd())
    }
}

impl fmt::Display for Fd {
    /// The number, as `printf("%d", fd)` prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.as_raw())
    }
}

impl fmt::Debug for Fd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fd({})", self.as_raw())
    }
}

impl Drop for Fd {
    /// Closes the descriptor with close(2) — traced like [`close`], so that
    /// trace mode shows every close strace shows.
    fn drop(&mut self) {
        // The OwnedFd inside is ManuallyDrop, so it never closes the number
        // itself: this is the one close(2), traced, with its result.
        let _ = close_raw(self.as_raw_fd());
    }
}

/// `read(fd, buf, count)`—reads up to `buf.len()` bytes into `buf`.
///
/// Returns how many bytes were read: possibly fewer than asked (TCP has no
/// message boundaries), and **0 at end of file** — for a socket, when the
/// peer has closed its end. Exactly one read(2); never retried.
///
/// # Errors
/// `ECONNRESET` (the peer reset the connection), `EINTR` (a signal
/// arrived first), `EAGAIN` (a timeout or non-blocking socket with no data).
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// write(&a, b"hello")?;
/// let mut buf = [0u8; 2048];
/// let n = read(&b, &mut buf)?;
/// assert_eq!(&buf[..n], b"hello");
/// close(a)?;
/// assert_eq!(read(&b, &mut buf)?, 0); // end of file
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(read(2))]
#[inline(always)] // with trace::traced, as cheap as the bare C call (docs/performance.md)
pub fn read(fd: impl AsFd, buf: &mut [u8]) -> Result<usize> {
    let fd = fd.as_fd();
    trace::traced(sys::read(fd, buf), |res| calls::read_line(fd, buf, res))
}

/// `write(fd, buf, count)`—writes `buf`, returning how many bytes were taken.
///
/// On a blocking socket this is normally all of them, but a signal can cut
/// it short; [`writen`](crate::writen) loops until everything is written.
/// Exactly one write(2); never retried, no `MSG_NOSIGNAL`.
///
/// # Errors
/// - `EPIPE`: the connection can no longer carry data. On TCP the first
///   write after the peer closed still succeeds (the peer answers it
///   with RST); the next one fails. Each such write also raises SIGPIPE,
///   which kills a C program — Rust programs ignore SIGPIPE unless they
///   call [`restore_sigpipe`](crate::restore_sigpipe) (`signal(SIGPIPE,
///   SIG_DFL, 0)`).
/// - `ECONNRESET`: the peer's RST arrived first.
/// - `EINTR`: a signal arrived before anything was written.
///
/// ```
/// use socklab::*;
/// let (a, _b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// assert_eq!(write(&a, b"hi")?, 2);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(write(2))]
#[inline(always)] // with trace::traced, as cheap as the bare C call (docs/performance.md)
pub fn write(fd: impl AsFd, buf: &[u8]) -> Result<usize> {
    let fd = fd.as_fd();
    trace::traced(sys::write(fd, buf), |res| calls::write_line(fd, buf, res))
}

/// `close(fd)`—closes the descriptor and returns close(2)'s result.
///
/// Takes the [`Fd`] by value, so it cannot be used afterwards. Dropping an
/// `Fd` closes it too; call `close` where you want the call to show, or
/// want to see its error. On a TCP socket this starts the normal
/// connection termination (FIN), unless other descriptors (after `fork` or
/// `dup`) still refer to the same socket.
///
/// # Errors
/// `EINTR` or `EIO` (rare). On Linux the descriptor is released either
/// way, so a failed close must not be retried (socklab does not). C's
/// common `EBADF`, closing twice, cannot happen here: `close` takes the `Fd`.
///
/// ```
/// use socklab::*;
/// let fd = socket(AF_INET, SOCK_STREAM, 0)?;
/// close(fd)?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(close(2))]
pub fn close(fd: Fd) -> Result<()> {
    close_raw(fd.into_raw_fd())
}

/// close(2) on a number an `Fd` owned and gave up, traced.
fn close_raw(fd: RawFd) -> Result<()> {
    let res = sys::close(fd);
    calls::close(fd, &res);
    res
}

/// `dup(oldfd)`—a second descriptor for the same open file or socket,
/// with the lowest free number.
///
/// The socket stays open until *every* descriptor for it is closed.
///
/// # Errors
/// `EMFILE`: the process has no free descriptor numbers left.
///
/// ```
/// use socklab::*;
/// let fd = socket(AF_INET, SOCK_STREAM, 0)?;
/// let copy = dup(&fd)?;
/// assert_ne!(copy.as_raw_fd(), fd.as_raw_fd());
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(dup(2))]
pub fn dup(oldfd: impl AsFd) -> Result<Fd> {
    let old = oldfd.as_fd();
    let res = sys::dup(old).map(Fd::from);
    calls::dup(old, &res);
    res
}

/// `dup2(oldfd, newfd)`—makes descriptor number `newfd` refer to the same
/// file as `oldfd`, closing whatever `newfd` was first.
///
/// `newfd` is a plain number on purpose, as in C: the point is to target a
/// particular slot, typically 0, 1 or 2 (`dup2(fd, 1)` sends a program's
/// standard output into `fd`). The number is returned as a plain number too:
/// it is not owned by an [`Fd`], because dropping an `Fd` for descriptor 1
/// would close standard output.
///
/// # Errors
/// `EBADF`: `oldfd` is not open, or `newfd` is out of range.
///
/// ```no_run
/// use socklab::*;
/// let file = socket(AF_INET, SOCK_STREAM, 0)?;
/// dup2(&file, STDOUT_FILENO)?; // from now on println! goes to the socket
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(dup2(2))]
pub fn dup2(oldfd: impl AsFd, newfd: RawFd) -> Result<RawFd> {
    let old = oldfd.as_fd();
    let res = sys::dup2(old, newfd);
    calls::dup2(old, newfd, &res);
    res
}

/// The value trace mode prints after ` = `: the descriptor number.
impl trace::TraceRet for Fd {
    fn ret(&self) -> i64 {
        i64::from(self.as_raw_fd())
    }
}
