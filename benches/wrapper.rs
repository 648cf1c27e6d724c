//! Wrapper overhead: what does socklab's `read`/`write` cost over the raw C
//! calls? (issue 6 §3 "wrapper overhead", issue 4 §2 "trace mode off costs
//! one relaxed atomic load")
//!
//! Each benchmark does one one-byte round trip over an AF_UNIX socketpair:
//! `write(a, 1 byte)`, `read(b)`, `write(b, 1 byte)`, `read(a)` — four
//! system calls — in three ways:
//!
//! - `socklab`: `socklab::write`/`socklab::read`, trace mode compiled in and
//!   switched off (the default), so each call pays the `trace::enabled()`
//!   check and the `Result` conversion;
//! - `libc`: `libc::write`/`libc::read` called directly, the C baseline;
//! - `std`: `std::os::unix::net::UnixStream` through `io::Read`/`io::Write`
//!   (which on Linux makes send/recv calls, `sendto(…, MSG_NOSIGNAL, NULL,
//!   0)`/`recvfrom`, not read/write — hence the fourth row:)
//! - `socklab send/recv`: `socklab::send`/`socklab::recv` with flags 0.
//!
//! All four calls run on one thread: the data is already in the peer's
//! receive queue when `read` is called, so nothing blocks and the time is
//! the system calls plus the wrapper, not the scheduler's wake-up latency
//! (which would be 10-100 times larger and drown a 2 % difference).
//!
//! A fourth benchmark times `trace::enabled()` alone: the whole cost of
//! trace mode when it is off.
//!
//! Run: `cargo bench --bench wrapper` (results under `target/criterion/`).
//! The side-by-side table with ratios: `cargo run --release --example bench_table`.
#![allow(unsafe_code)] // the raw libc baseline; each block says why it is sound

use std::hint::black_box;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;

use criterion::{Criterion, criterion_group, criterion_main};
use socklab::{AF_UNIX, Fd, SOCK_STREAM, socketpair};

/// One round trip with socklab's wrappers.
fn round_trip_socklab(a: &Fd, b: &Fd) {
    let mut byte = [0u8; 1];
    let ok = socklab::write(a, b"x").is_ok()
        && socklab::read(b, &mut byte).is_ok()
        && socklab::write(b, &byte).is_ok()
        && socklab::read(a, &mut byte).is_ok();
    assert!(ok, "socklab round trip failed");
}

/// One round trip with the C library's calls and nothing else: the same
/// four calls and the same check a C program makes (`n < 0`).
fn round_trip_libc(a: RawFd, b: RawFd) {
    let mut byte = [0u8; 1];
    let p = byte.as_mut_ptr().cast::<libc::c_void>();
    // SAFETY: `a` and `b` are open descriptors owned by the caller for the
    // whole call; `p` points to `byte`, one writable byte that outlives
    // every call, and each call is told exactly 1 byte.
    let ok = unsafe {
        libc::write(a, b"x".as_ptr().cast(), 1) >= 0
            && libc::read(b, p, 1) >= 0
            && libc::write(b, p, 1) >= 0
            && libc::read(a, p, 1) >= 0
    };
    assert!(ok, "libc round trip failed");
}

/// One round trip with socklab's send/recv (flags 0).
fn round_trip_send_recv(a: &Fd, b: &Fd) {
    let mut byte = [0u8; 1];
    let ok = socklab::send(a, b"x", 0).is_ok()
        && socklab::recv(b, &mut byte, 0).is_ok()
        && socklab::send(b, &byte, 0).is_ok()
        && socklab::recv(a, &mut byte, 0).is_ok();
    assert!(ok, "socklab send/recv round trip failed");
}

/// One round trip through std's `UnixStream`.
fn round_trip_std(a: &mut UnixStream, b: &mut UnixStream) {
    let mut byte = [0u8; 1];
    let ok = a.write(b"x").is_ok()
        && b.read(&mut byte).is_ok()
        && b.write(&byte).is_ok()
        && a.read(&mut byte).is_ok();
    assert!(ok, "std round trip failed");
}

fn wrapper_overhead(c: &mut Criterion) {
    // Trace mode stays compiled in; make sure it is off even if the
    // environment says SOCKLAB_TRACE=1.
    socklab::trace::disable();

    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0).expect("socketpair");
    let (mut sa, mut sb) = UnixStream::pair().expect("UnixStream::pair");

    let mut group = c.benchmark_group("one-byte round trip over a socketpair");
    group.bench_function("socklab read/write", |bench| {
        bench.iter(|| round_trip_socklab(black_box(&a), black_box(&b)))
    });
    group.bench_function("raw libc read/write", |bench| {
        bench.iter(|| round_trip_libc(black_box(a.as_raw_fd()), black_box(b.as_raw_fd())))
    });
    group.bench_function("socklab send/recv", |bench| {
        bench.iter(|| round_trip_send_recv(black_box(&a), black_box(&b)))
    });
    group.bench_function("std UnixStream", |bench| {
        bench.iter(|| round_trip_std(black_box(&mut sa), black_box(&mut sb)))
    });
    group.finish();

    c.bench_function("trace::enabled() (trace mode off)", |bench| {
        bench.iter(|| black_box(socklab::trace::enabled()))
    });
}

criterion_group!(benches, wrapper_overhead);
criterion_main!(benches);
