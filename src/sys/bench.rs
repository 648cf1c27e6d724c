//! The benchmarks' baselines: the bare C calls, without socklab's `-1`
//! conversion or trace check (`benches/`, through `crate::bench`). Kept
//! apart from the course's calls in `sys/mod.rs`, which a student reads.

use std::os::fd::{AsRawFd, BorrowedFd};

/// read(2) and nothing else — no `-1` conversion, no trace check: the
/// C baseline of the wrapper-overhead benchmark (see `crate::bench`).
#[inline]
pub(crate) fn raw_read(fd: BorrowedFd, buf: &mut [u8]) -> isize {
    // SAFETY: buf is a live, writable slice of buf.len() bytes.
    unsafe { libc::read(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) }
}

/// write(2) and nothing else: the C baseline of the benchmark.
#[inline]
pub(crate) fn raw_write(fd: BorrowedFd, buf: &[u8]) -> isize {
    // SAFETY: buf is a live slice; write() reads at most buf.len() bytes.
    unsafe { libc::write(fd.as_raw_fd(), buf.as_ptr().cast(), buf.len()) }
}

/// clock_gettime(CLOCK_THREAD_CPUTIME_ID): the CPU time the calling thread
/// has used, for the benchmarks (see `crate::bench`). Zero if unsupported.
pub(crate) fn thread_cputime() -> std::time::Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: ts is a live, writable timespec, as clock_gettime requires.
    let ret = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if ret != 0 {
        return std::time::Duration::ZERO;
    }
    std::time::Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}
