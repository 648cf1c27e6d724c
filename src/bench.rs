//! For benchmarks only: the bare C calls, to measure socklab against.
//!
//! `examples/bench_table.rs` compares socklab's [`read`](crate::read) and
//! [`write`](crate::write) with the C library's `read`/`write` called
//! directly. Examples may not use `unsafe`, so the direct calls live here,
//! in `src/sys/bench.rs`, beside every other C call. They are exactly what a C
//! program does — the call, inlined into the caller, returning C's value
//! (`-1` on error, with `errno` set) — and nothing socklab adds: no
//! conversion to [`Result`](crate::Result), no trace-mode check.
//!
//! [`thread_cputime`] is the clock for such comparisons on a shared
//! machine: unlike wall time, it does not run while the thread waits for
//! a CPU that other processes are using.
//!
//! Not part of the course API (hidden from the documentation): use
//! [`read`](crate::read) and [`write`](crate::write) in programs.

use std::os::fd::AsFd;

use crate::sys;

/// `read(fd, buf, count)` straight to the C library: returns C's value
/// (`-1` on error). The baseline for [`read`](crate::read).
#[inline]
pub fn raw_read(fd: impl AsFd, buf: &mut [u8]) -> isize {
    sys::bench::raw_read(fd.as_fd(), buf)
}

/// `write(fd, buf, count)` straight to the C library: returns C's value
/// (`-1` on error). The baseline for [`write`](crate::write).
#[inline]
pub fn raw_write(fd: impl AsFd, buf: &[u8]) -> isize {
    sys::bench::raw_write(fd.as_fd(), buf)
}

/// `clock_gettime(CLOCK_THREAD_CPUTIME_ID)`—the CPU time the calling
/// thread has used so far (zero where the clock is not supported).
pub fn thread_cputime() -> std::time::Duration {
    sys::bench::thread_cputime()
}
