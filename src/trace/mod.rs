//! Trace mode — every socklab call printed as strace prints it, without strace.
//!
//! Set `SOCKLAB_TRACE=1` in the environment (or call [`enable`]) and each
//! call prints one line to standard error as it returns:
//!
//! ```text
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! bind(3, {sa_family=AF_INET, sin_port=htons(12000), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! listen(3, 1024) = 0
//! accept(3, {sa_family=AF_INET, sin_port=htons(51234), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 4
//! read(4, "hello", 2048) = 5
//! connect(5, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused)
//! ```
//!
//! The syntax is strace's: buffers quoted and escaped the way strace does
//! and cut after 32 bytes with `...`; after [`fork`](crate::fork) every line
//! starts with `[pid N]` as under `strace -f`. Where the C library makes a
//! different system call than its function's name, the line shows the
//! system call, as strace would: `send` is `sendto(…, NULL, 0)`, `wait` is
//! `wait4(-1, …)`, `select` is `pselect6`, `gethostname` is `uname`. `fork`
//! shows as `clone(…)` without the `child_tidptr` strace prints, which
//! only the C library knows.
//!
//! Cost: when off, one relaxed atomic load per call. When on, each line is
//! formatted into a buffer on the stack (no allocation, so it is safe in a
//! signal handler) and written with a single write(2) to descriptor 2, so
//! lines from a parent and its child never interleave mid-line.
//!
//! The comparison with real strace output is in `docs/strace.md`.
//!
//! How it is built, as strace is: this file decides whether to trace and
//! writes a line; `calls.rs` has one printer per system call (what
//! `socket`, `accept`, `read`… print), which each wrapper calls once after
//! its C call; `fmt_values.rs` is the vocabulary they share (quoted
//! buffers, constant names, flag sets); `addr.rs` prints every address
//! type the way strace does (their `Debug`).

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU8, Ordering::Relaxed};

use libc::c_int;

use crate::error::{Error, Result};
use crate::sys;

mod addr;
pub(crate) mod calls;
mod fmt_values;

pub use fmt_values::{Quoted, STRACE_STRLEN, Sym, family_name, signal_name};

const UNKNOWN: u8 = 0;
const OFF: u8 = 1;
const ON: u8 = 2;

/// Off, on, or not yet decided (the environment is read on first use).
static STATE: AtomicU8 = AtomicU8::new(UNKNOWN);
/// Set once the process has forked: lines then carry `[pid N]`.
static FORKED: AtomicBool = AtomicBool::new(false);
/// This process's pid, cached after fork (0: not looked up yet).
static PID: AtomicI32 = AtomicI32::new(0);

/// Turns trace mode on for this process (and children forked later).
///
/// ```
/// socklab::trace::enable();
/// assert!(socklab::trace::enabled());
/// socklab::trace::disable();
/// ```
pub fn enable() {
    STATE.store(ON, Relaxed);
}

/// Starts every following line with `[pid N]` at once, as `strace -f -o
/// FILE` does, instead of only after the first [`fork`](crate::fork) (as
/// strace does on a terminal). For programs, like the tour, whose lines
/// should all say which process made the call.
///
/// ```
/// socklab::trace::enable();
/// socklab::trace::show_pids();
/// let _fd = socklab::socket(socklab::AF_INET, socklab::SOCK_STREAM, 0)?;
/// // stderr: [pid  4242] socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
/// # socklab::trace::disable();
/// # Ok::<(), socklab::Error>(())
/// ```
pub fn show_pids() {
    FORKED.store(true, Relaxed);
}

/// Turns trace mode off, whatever `SOCKLAB_TRACE` says: for the part of a
/// program whose calls are not the lesson.
///
/// ```
/// socklab::trace::disable();
/// assert!(!socklab::trace::enabled());
/// ```
pub fn disable() {
    STATE.store(OFF, Relaxed);
}

/// Whether trace mode is on: `SOCKLAB_TRACE` set to anything but `0` or
/// empty, unless [`enable`]/[`disable`] said otherwise.
///
/// ```
/// if socklab::trace::enabled() {
///     eprintln!("(system calls follow on stderr, in strace's syntax)");
/// }
/// ```
#[inline]
pub fn enabled() -> bool {
    match STATE.load(Relaxed) {
        ON => true,
        OFF => false,
        _ => init_from_env(),
    }
}

#[cold]
fn init_from_env() -> bool {
    let on = std::env::var_os("SOCKLAB_TRACE").is_some_and(|v| !v.is_empty() && v != "0");
    // [ch15] a program exec'd by a forked, traced one (ch15_mycat runs
    // ch15_openfile) goes on with `[pid N]`, as strace -f shows it
    if on && std::env::var_os(EXEC_PIDS).is_some() {
        FORKED.store(true, Relaxed);
    }
    STATE.store(if on { ON } else { OFF }, Relaxed);
    on
}

/// [ch15] The variable `execv` adds to the new program's environment when
/// a traced process that shows pids execs another: its lines carry
/// `[pid N]` from the start.
pub(crate) const EXEC_PIDS: &str = "SOCKLAB_TRACE_PIDS";

/// [ch15] Do this process's lines carry `[pid N]`?
pub(crate) fn pids_shown() -> bool {
    FORKED.load(Relaxed)
}

/// Called by `fork` in both processes: from now on lines carry `[pid N]`.
pub(crate) fn forked(child: bool) {
    // Store only what changes. Right after fork every page is shared
    // copy-on-write, and even a store of the value already there copies
    // the page: a page fault in parent or child and 4 KiB more memory per
    // fork, which a C server does not pay (benches/servers.rs measured it).
    if !FORKED.load(Relaxed) {
        FORKED.store(true, Relaxed);
    }
    if child && PID.load(Relaxed) != 0 {
        PID.store(0, Relaxed); // the child's pid differs from the cached one
    }
}

fn pid() -> i32 {
    match PID.load(Relaxed) {
        0 => {
            let p = sys::getpid();
            PID.store(p, Relaxed);
            p
        }
        p => p,
    }
}

/// The value a call returned, as strace prints it after ` = `.
pub(crate) trait TraceRet {
    /// The integer the C call returned.
    fn ret(&self) -> i64;
}
impl TraceRet for () {
    fn ret(&self) -> i64 {
        0
    }
}
impl TraceRet for usize {
    fn ret(&self) -> i64 {
        *self as i64
    }
}
impl TraceRet for c_int {
    fn ret(&self) -> i64 {
        i64::from(*self)
    }
}
impl<A: TraceRet, B> TraceRet for (A, B) {
    fn ret(&self) -> i64 {
        self.0.ret()
    }
}

/// What a call came to, as the trace line needs it: the integer it
/// returned, or its error. Every wrapper's `Result<T>` is one (through
/// [`TraceRet`]); a printer whose result is not the C return value
/// (getsockopt's value, sigaction's old action) passes
/// `&res.as_ref().map(|_| 0)`, C's 0 for success.
pub(crate) trait Outcome {
    /// `Ok(returned value)` or `Err(error)`.
    fn outcome(&self) -> std::result::Result<i64, &Error>;
}
impl<T: TraceRet> Outcome for Result<T> {
    fn outcome(&self) -> std::result::Result<i64, &Error> {
        self.as_ref().map(TraceRet::ret)
    }
}
impl Outcome for std::result::Result<i64, &Error> {
    fn outcome(&self) -> std::result::Result<i64, &Error> {
        *self
    }
}

/// Writes one trace line, `call = ret` plus an optional `suffix` (such as
/// select's ` (in [3])`), if the call reached the kernel. Errors socklab
/// raised itself (a bad argument) made no system call and print nothing.
pub(crate) fn emit(res: &impl Outcome, call: fmt::Arguments, suffix: fmt::Arguments) {
    let mut line = LineBuf::new();
    let _ = match res.outcome() {
        Ok(v) => write!(line, "{call} = {v}{suffix}"),
        Err(Error::Sys { errno, .. }) => {
            let mut buf = [0; 128];
            let text = sys::strerror(*errno, &mut buf);
            write!(line, "{call} = -1 {errno:?} ({text})")
        }
        Err(_) => return,
    };
    line.send();
}

/// Writes the line of a call that returns flags, as strace does for
/// `fcntl(F_GETFL)`: the value in hex and its names, `= 0x802 (flags
/// O_RDWR|O_NONBLOCK)` (or `= 0` alone when `zero_named` is false and
/// nothing is set).
pub(crate) fn emit_flags(
    res: &Result<libc::c_int>,
    call: fmt::Arguments,
    names: impl Fn(libc::c_int) -> String,
    zero_named: bool,
) {
    match res {
        Ok(0) if !zero_named => emit(res, call, format_args!("")),
        Ok(0) => emit(res, call, format_args!(" (flags {})", names(0))),
        Ok(v) => {
            let mut line = LineBuf::new();
            let _ = write!(line, "{call} = {v:#x} (flags {})", names(*v));
            line.send();
        }
        Err(_) => emit(res, call, format_args!("")),
    }
}

/// Writes the line of a call that returned an address (mmap): strace
/// prints it in hex, `= 0x7f3d89d80000`.
pub(crate) fn emit_hex(addr: usize, call: fmt::Arguments) {
    let mut line = LineBuf::new();
    let _ = write!(line, "{call} = {addr:#x}");
    line.send();
}

/// Writes the trace line of a call that does not return: strace's
/// `exit_group(0) = ?`.
pub(crate) fn emit_no_return(call: fmt::Arguments) {
    let mut line = LineBuf::new();
    let _ = write!(line, "{call} = ?");
    line.send();
}

// [ch13 block] a line whose return value strace does not print in
// decimal (umask's octal mask).

/// Writes one trace line exactly as given, `call = ret` formatted by the
/// printer itself (umask: `umask(022) = 022`, octal as strace prints it).
pub(crate) fn emit_raw(line_text: fmt::Arguments) {
    let mut line = LineBuf::new();
    let _ = line.write_fmt(line_text);
    line.send();
}

/// Traces a call: `trace!(result, "socket({}, {})", a, b)` or with a suffix
/// after the return value: `trace!(result, "poll(…)"; " ({})", revents)`.
///
/// The line is built in a closure that runs out of line, in [`cold`], so
/// that when trace mode is off a wrapper pays one load and a branch, not
/// the formatting code around them.
macro_rules! trace {
    ($res:expr, $($line:tt)+) => {
        if $crate::trace::enabled() {
            $crate::trace::cold(|| $crate::trace::trace_line!($res, $($line)+))
        }
    };
}
pub(crate) use trace;

/// Writes the line of [`trace!`] (or of [`traced`]) now: [`emit`] with the
/// call's format arguments, and the suffix's after a `;`.
macro_rules! trace_line {
    ($res:expr, $($fmt:expr),+ ; $($suffix:expr),+) => {
        $crate::trace::emit($res, format_args!($($fmt),+), format_args!($($suffix),+))
    };
    ($res:expr, $($fmt:expr),+ $(,)?) => {
        $crate::trace::emit($res, format_args!($($fmt),+), format_args!(""))
    };
}
pub(crate) use trace_line;

/// Returns a call's result, tracing it first when trace mode is on: the
/// form of [`trace!`] for read and write, the calls a program makes once
/// per message (in `readline`, once per byte).
///
/// Why not `trace!(&res, …)`: there the whole `Result` (56 bytes, most of
/// it room for an error) passes the trace-mode check, and the compiler
/// keeps it in memory: stored, then copied on its way to the caller's `?`
/// with wide loads that wait for the narrow stores. Over a socketpair
/// (four calls a round trip) that made socklab's share 84 instructions
/// and 24-34 ns a round trip; this way it is 44 and 3 ns (`cargo bench
/// --bench instructions`). Here the check sits inside the
/// `Ok` arm, where the result is a plain number, and the caller gets
/// `Ok(n)` built after it; only the trace path builds a `Result` to print.
#[inline(always)]
pub(crate) fn traced<T: Copy>(res: Result<T>, line: impl FnOnce(&Result<T>)) -> Result<T> {
    match res {
        Ok(n) => {
            if enabled() {
                cold(|| line(&Ok(n)));
            }
            Ok(n)
        }
        Err(e) => {
            let res = Err(e);
            if enabled() {
                cold(|| line(&res));
            }
            res
        }
    }
}

/// Runs `f` out of line, marked as rarely taken: the trace path.
#[cold]
#[inline(never)]
pub(crate) fn cold(f: impl FnOnce()) {
    f()
}

/// A line under construction, on the stack: tracing must not allocate,
/// because it also runs inside signal handlers (a SIGCHLD handler calling
/// waitpid). A line that does not fit ends in `...`.
struct LineBuf {
    buf: [u8; 1024],
    len: usize,
}

impl LineBuf {
    /// An empty line, or after fork one that starts with `[pid N] `, as
    /// under `strace -f`.
    fn new() -> LineBuf {
        let mut line = LineBuf {
            buf: [0; 1024],
            len: 0,
        };
        if FORKED.load(Relaxed) {
            let _ = write!(line, "[pid {:>5}] ", pid());
        }
        line
    }

    /// Ends the line and writes it to standard error in one write(2).
    fn send(mut self) {
        self.finish();
        sys::write_stderr(self.as_bytes());
    }

    fn finish(&mut self) {
        let cap = self.buf.len();
        if self.len >= cap - 1 {
            self.len = cap - 4;
            self.buf[self.len..self.len + 3].copy_from_slice(b"...");
            self.len += 3;
        }
        self.buf[self.len] = b'\n';
        self.len += 1;
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

impl fmt::Write for LineBuf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        // keep one byte for the newline; drop what does not fit
        let room = self.buf.len() - 1 - self.len;
        let n = s.len().min(room);
        self.buf[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
        self.len += n;
        Ok(())
    }
}
