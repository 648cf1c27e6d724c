//! `<unistd.h>` odds and ends the lectures use: [`gethostname`],
//! [`unlink`], [`sleep`]; and [`args`], `main`'s `argv` as text.

use std::path::Path;

use libc::c_uint;

use crate::error::{Error, Result};
use crate::sys;
use crate::trace::calls;

// The rest of <unistd.h>, defined beside their topics: the descriptor calls
// in fd.rs, fork and the process ids in process.rs.
#[doc(no_inline)]
pub use crate::consts::{STDERR_FILENO, STDIN_FILENO, STDOUT_FILENO};
#[doc(no_inline)]
pub use crate::fd::{Fd, close, dup, dup2, read, write};
#[doc(no_inline)]
pub use crate::process::{ForkResult, fork, getpid, getppid};

/// `gethostname(name, len)`—this machine's host name.
///
/// On Linux the C library answers from the kernel's `uname(2)`, which is
/// the call strace shows (and the one trace mode prints). To find the
/// addresses the name stands for, pass it to [`getaddrinfo`](crate::getaddrinfo).
///
/// # Errors
/// None in practice (`ENAMETOOLONG` with a tiny buffer in C).
///
/// ```
/// let name = socklab::gethostname()?;
/// assert!(!name.is_empty());
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(gethostname(2))]
pub fn gethostname() -> Result<String> {
    let res = sys::gethostname();
    calls::gethostname(&res);
    res
}

/// `unlink(pathname)`—removes a name from the file system; for AF_UNIX
/// servers, the socket file a previous run left behind.
///
/// `bind` on an AF_UNIX path fails with EADDRINUSE while the file exists,
/// even if no server uses it any more, so servers remove it first — but
/// only if it *is* a socket: see the AF_UNIX examples.
///
/// # Errors
/// `ENOENT` (no such file), `EACCES`/`EPERM`, `EISDIR`.
///
/// ```
/// use socklab::*;
/// let err = unlink("/nonexistent/socklab.sock").unwrap_err();
/// assert_eq!(err.errno(), Some(Errno::ENOENT));
/// ```
///
#[doc = man_links!(unlink(2))]
pub fn unlink(pathname: impl AsRef<Path>) -> Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = pathname.as_ref().as_os_str().as_bytes();
    let c_path = std::ffi::CString::new(bytes)
        .map_err(|_| Error::invalid("unlink", "path contains a NUL byte"))?;
    let res = sys::unlink(&c_path);
    calls::unlink(bytes, &res);
    res
}

/// `sleep(seconds)`—suspends the process; returns the seconds left if a
/// signal cut the sleep short (0 otherwise).
///
/// The C library implements it with `clock_nanosleep`.
///
/// ```
/// assert_eq!(socklab::sleep(0), 0);
/// ```
///
#[doc = man_links!(sleep(3))]
pub fn sleep(seconds: c_uint) -> c_uint {
    sys::sleep(seconds)
}

/// `argv`—the program's command-line arguments as text, its name first,
/// as C's `main(int argc, char **argv)` receives them.
///
/// Use it instead of `std::env::args()`, which **panics** on an argument
/// that is not valid UTF-8 (a stray byte from a file name, say); here that
/// argument is an error to print in one line: `argv: "\xFF" is not
/// valid UTF-8 text`. No system call: the arguments are already in memory.
///
/// ```
/// let args = socklab::args()?;
/// assert!(!args.is_empty()); // at least the program's name
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # Errors
/// An argument that is not UTF-8 (`Error::Invalid`, call `"argv"`).
pub fn args() -> Result<Vec<String>> {
    std::env::args_os()
        .map(|arg| {
            arg.into_string()
                .map_err(|bad| Error::invalid("argv", format!("{bad:?} is not valid UTF-8 text")))
        })
        .collect()
}

// [ch14 block] alarm(2)

/// `alarm(seconds)`—asks the kernel to send this process `SIGALRM` in
/// `seconds` seconds (0: cancel the pending alarm). Returns the seconds
/// that were left of the previous alarm (0 if none).
///
/// With a handler installed *without* `SA_RESTART`, the signal interrupts
/// a blocked call — `connect`, `recvfrom` — which fails with `EINTR`:
/// the oldest way to put a timeout on a call (UNP §14.2). Without a
/// handler, SIGALRM ends the process. One alarm(2) system call.
///
/// ```
/// use socklab::*;
/// assert_eq!(alarm(5), 0); // no alarm was pending
/// assert_eq!(alarm(0), 5); // cancelled, with 5 seconds left
/// ```
///
#[doc = man_links!(alarm(2))]
pub fn alarm(seconds: c_uint) -> c_uint {
    let left = sys::alarm(seconds);
    calls::alarm(seconds, left);
    left
}
