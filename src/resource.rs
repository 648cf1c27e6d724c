//! `<sys/resource.h>` — [`getrusage`]: the CPU time a process (and its
//! children) used. Chapter 30 compares server designs by it: each server
//! prints its user and system time when stopped (`pr_cpu_time`).

use libc::c_int;

use crate::error::Result;
use crate::sys;
use crate::trace::calls;

/// `struct rusage`—resource usage: `ru_utime` (user CPU time) and
/// `ru_stime` (system CPU time), each a `struct timeval`, and counters
/// such as `ru_minflt` (page faults) and `ru_nvcsw` (voluntary context
/// switches).
pub use libc::rusage;

/// `RUSAGE_SELF`—the calling process (all its threads).
pub const RUSAGE_SELF: c_int = libc::RUSAGE_SELF;
/// `RUSAGE_CHILDREN`—every child that has ended *and been waited for*
/// (a child not yet reaped is not counted: the reason chapter 30's
/// servers stop and wait for their children before printing).
pub const RUSAGE_CHILDREN: c_int = libc::RUSAGE_CHILDREN;

/// `getrusage(who, &usage)`—the resources used by the process
/// ([`RUSAGE_SELF`]) or by its waited-for children ([`RUSAGE_CHILDREN`]).
///
/// strace shows `getrusage(RUSAGE_SELF, {ru_utime={tv_sec=0,
/// tv_usec=395}, ru_stime={tv_sec=0, tv_usec=0}, ...}) = 0`.
///
/// # Errors
/// `EINVAL` (an unknown `who`).
///
/// ```
/// use socklab::*;
/// let me = getrusage(RUSAGE_SELF)?;
/// assert!(me.ru_utime.tv_sec >= 0 && me.ru_stime.tv_usec < 1_000_000);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(getrusage(2))]
pub fn getrusage(who: c_int) -> Result<rusage> {
    let res = sys::getrusage(who);
    calls::getrusage(who, &res);
    res
}
