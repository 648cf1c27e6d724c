//! `<time.h>` — the time of day, for the daytime server: [`time`] and
//! [`ctime`]; and `<sys/time.h>`'s [`gettimeofday`], to the microsecond,
//! for chapter 21's SNTP client and server.
//!
//! The daytime server of the first lecture answers every client with
//! `ctime(&ticks)` cut to 24 characters plus `"\r\n"`. These two calls give
//! a Rust program the very same text, from the same C library functions,
//! so the server and its C twin answer alike (in local time, honouring
//! `TZ`).
//!
//! What strace shows: nothing for `time` and `gettimeofday` (on Linux the
//! C library answers from the vDSO, without entering the kernel), and for
//! the *first* `ctime` of a process the C library reading the time zone
//! file (`openat(AT_FDCWD, "/etc/localtime", …)`, `read`, `close`) — in C
//! and in Rust alike. Trace mode prints none of them: they are not socket calls,
//! and strace never sees the first two.

use libc::{time_t, timeval};

use crate::error::Result;
use crate::sys;

/// `time(NULL)`—the current time in seconds since the Epoch
/// (1970-01-01 00:00:00 UTC). Never fails on Linux.
///
/// ```
/// assert!(socklab::time() > 1_600_000_000);
/// ```
///
#[doc = man_links!(time(2))]
pub fn time() -> time_t {
    sys::time()
}

/// `ctime(&t)`—the time `t` as local-time text in a fixed format of 24
/// characters plus a newline: `"Thu Nov 20 23:37:05 2025\n"`.
///
/// Calls the C library's thread-safe `ctime_r` (what `ctime` does, into
/// the caller's buffer instead of a static one; glibc keeps it, though
/// POSIX.1-2024 dropped it). The daytime server sends
/// the first 24 characters and `"\r\n"`, C's `"%.24s\r\n"`:
///
/// ```
/// use socklab::*;
/// let text = ctime(time())?;
/// assert_eq!(text.len(), 25);
/// assert!(text.ends_with('\n'));
/// let line = format!("{:.24}\r\n", text);
/// assert_eq!(line.len(), 26);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # Errors
/// `EOVERFLOW`: the year does not fit in four digits.
///
#[doc = man_links!(ctime(3))]
pub fn ctime(t: time_t) -> Result<String> {
    sys::ctime(t)
}

/// `gettimeofday(&tv, NULL)`—the current time, seconds and microseconds
/// since the Epoch (1970-01-01 00:00:00 UTC), as a [`timeval`]. The
/// second argument, the obsolete time zone, is always NULL.
///
/// The book's SNTP client (§ 21.11) takes it the moment a packet arrives
/// and subtracts the packet's transmit time: the clock offset. Like
/// [`time`], the C library answers from the vDSO: strace shows no line.
///
/// ```
/// use socklab::*;
/// let tv = gettimeofday()?;
/// assert!(tv.tv_sec > 1_600_000_000);
/// assert!((0..1_000_000).contains(&tv.tv_usec));
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # Errors
/// None in practice: `EFAULT` (a bad pointer) cannot happen here.
///
#[doc = man_links!(gettimeofday(2))]
pub fn gettimeofday() -> Result<timeval> {
    sys::gettimeofday()
}
