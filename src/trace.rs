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

use std::fmt::{self, Display, Write as _};
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU8, Ordering::Relaxed};

use libc::c_int;

use crate::error::{Error, Result, Strerror};
use crate::sys;

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
    STATE.store(if on { ON } else { OFF }, Relaxed);
    on
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
impl TraceRet for crate::Fd {
    fn ret(&self) -> i64 {
        i64::from(self.as_raw_fd())
    }
}
impl<A: TraceRet, B> TraceRet for (A, B) {
    fn ret(&self) -> i64 {
        self.0.ret()
    }
}

/// Writes one trace line, `call = ret` plus an optional `suffix` (such as
/// select's ` (in [3])`), if the call reached the kernel. Errors socklab
/// raised itself (a bad argument) made no system call and print nothing.
pub(crate) fn emit<T: TraceRet>(res: &Result<T>, call: fmt::Arguments, suffix: fmt::Arguments) {
    let mut line = LineBuf::new();
    let _ = match res {
        Ok(v) => write!(line, "{call} = {}{suffix}", v.ret()),
        Err(Error::Sys { errno, .. }) => {
            write!(line, "{call} = -1 {errno:?} ({})", Strerror(*errno))
        }
        Err(_) => return,
    };
    line.send();
}

/// Writes the trace line of a call that does not return: strace's
/// `exit_group(0) = ?`.
pub(crate) fn emit_no_return(call: fmt::Arguments) {
    let mut line = LineBuf::new();
    let _ = write!(line, "{call} = ?");
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

// ---------------------------------------------------------------------
// strace's ways of printing values
// ---------------------------------------------------------------------

/// strace's default string limit (`-s 32`): buffers longer than this
/// print their first 32 bytes and `...`.
pub const STRACE_STRLEN: usize = 32;

/// Bytes quoted the way strace quotes them: printable ASCII as is, `"` and
/// `\` escaped, `\t \n \v \f \r` by name, anything else in octal; cut after
/// [`STRACE_STRLEN`] bytes with `...` after the closing quote.
///
/// ```
/// use socklab::trace::Quoted;
/// assert_eq!(Quoted::new(b"hi\n\0\x01a").to_string(), r#""hi\n\0\1a""#);
/// assert_eq!(Quoted::new(&[b'x'; 40]).to_string(), format!("\"{}\"...", "x".repeat(32)));
/// ```
pub struct Quoted<'a> {
    bytes: &'a [u8],
    limit: usize,
}

impl<'a> Quoted<'a> {
    /// Quotes at most [`STRACE_STRLEN`] bytes, like strace's buffers.
    ///
    /// ```
    /// use socklab::trace::Quoted;
    /// assert_eq!(Quoted::new(b"hello\r\n").to_string(), r#""hello\r\n""#);
    /// ```
    pub fn new(bytes: &'a [u8]) -> Quoted<'a> {
        Quoted {
            bytes,
            limit: STRACE_STRLEN,
        }
    }

    /// Quotes every byte, like strace's path names.
    ///
    /// ```
    /// use socklab::trace::Quoted;
    /// let long = format!("/tmp/{}", "d/".repeat(20));
    /// assert!(!Quoted::all(long.as_bytes()).to_string().ends_with("..."));
    /// ```
    pub fn all(bytes: &'a [u8]) -> Quoted<'a> {
        Quoted {
            bytes,
            limit: usize::MAX,
        }
    }
}

impl Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = &self.bytes[..self.bytes.len().min(self.limit)];
        f.write_char('"')?;
        for (i, &b) in shown.iter().enumerate() {
            match b {
                b'"' => f.write_str("\\\"")?,
                b'\\' => f.write_str("\\\\")?,
                b'\t' => f.write_str("\\t")?,
                b'\n' => f.write_str("\\n")?,
                0x0b => f.write_str("\\v")?,
                0x0c => f.write_str("\\f")?,
                b'\r' => f.write_str("\\r")?,
                0x20..=0x7e => f.write_char(b as char)?,
                _ => {
                    // strace uses the shortest octal form unless a digit
                    // follows, which would be read as part of the number.
                    let next_is_digit = shown.get(i + 1).is_some_and(u8::is_ascii_digit);
                    if next_is_digit {
                        write!(f, "\\{b:03o}")?
                    } else {
                        write!(f, "\\{b:o}")?
                    }
                }
            }
        }
        f.write_char('"')?;
        if self.bytes.len() > self.limit {
            f.write_str("...")?;
        }
        Ok(())
    }
}

/// A constant printed by its C name when it has one, else as a number
/// (what [`family_name`] and [`signal_name`] return).
///
/// ```
/// use socklab::trace::family_name;
/// assert_eq!(family_name(socklab::AF_INET6).to_string(), "AF_INET6");
/// assert_eq!(family_name(4242).to_string(), "4242");
/// ```
pub struct Sym {
    name: Option<&'static str>,
    value: i64,
}

impl Display for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name {
            Some(n) => f.write_str(n),
            None => write!(f, "{}", self.value),
        }
    }
}

fn sym(value: c_int, table: &[(c_int, &'static str)]) -> Sym {
    Sym {
        name: table.iter().find(|(v, _)| *v == value).map(|(_, n)| *n),
        value: i64::from(value),
    }
}

/// An address family's C name: `AF_INET`, `AF_INET6`, `AF_UNIX`…
/// (strace, like Linux, calls `AF_LOCAL` by its other name `AF_UNIX`).
///
/// ```
/// use socklab::*;
/// assert_eq!(trace::family_name(AF_LOCAL).to_string(), "AF_UNIX");
/// ```
pub fn family_name(family: c_int) -> Sym {
    sym(
        family,
        &[
            (libc::AF_UNSPEC, "AF_UNSPEC"),
            (libc::AF_UNIX, "AF_UNIX"),
            (libc::AF_INET, "AF_INET"),
            (libc::AF_INET6, "AF_INET6"),
            #[cfg(target_os = "linux")]
            (libc::AF_NETLINK, "AF_NETLINK"),
            #[cfg(target_os = "linux")]
            (libc::AF_PACKET, "AF_PACKET"),
        ],
    )
}

/// Flags printed as strace does: `A|B`, leftover bits in hex, `0` for none.
struct Flags {
    value: i64,
    table: &'static [(i64, &'static str)],
    zero: &'static str,
}

impl Display for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value == 0 {
            return f.write_str(self.zero);
        }
        let mut rest = self.value;
        let mut first = true;
        for &(bit, name) in self.table {
            if bit != 0 && rest & bit == bit {
                if !first {
                    f.write_char('|')?;
                }
                f.write_str(name)?;
                rest &= !bit;
                first = false;
            }
        }
        if rest != 0 {
            if !first {
                f.write_char('|')?;
            }
            write!(f, "{rest:#x}")?;
        }
        Ok(())
    }
}

/// `SOCK_STREAM`, `SOCK_DGRAM|SOCK_CLOEXEC`…
pub(crate) fn socktype(ty: c_int) -> impl Display {
    #[cfg(target_os = "linux")]
    const FLAGS: &[(i64, &str)] = &[
        (libc::SOCK_NONBLOCK as i64, "SOCK_NONBLOCK"),
        (libc::SOCK_CLOEXEC as i64, "SOCK_CLOEXEC"),
    ];
    #[cfg(not(target_os = "linux"))]
    const FLAGS: &[(i64, &str)] = &[];
    let flag_bits = FLAGS.iter().fold(0, |acc, (b, _)| acc | *b) as c_int;
    let base = sym(
        ty & !flag_bits,
        &[
            (libc::SOCK_STREAM, "SOCK_STREAM"),
            (libc::SOCK_DGRAM, "SOCK_DGRAM"),
            (libc::SOCK_SEQPACKET, "SOCK_SEQPACKET"),
            (libc::SOCK_RAW, "SOCK_RAW"),
        ],
    );
    let flags = Flags {
        value: i64::from(ty & flag_bits),
        table: FLAGS,
        zero: "",
    };
    let sep = if ty & flag_bits != 0 { "|" } else { "" };
    DisplayFn(move |f| write!(f, "{base}{sep}{flags}"))
}

/// The protocol argument of socket(): strace names it only for the
/// Internet families (`IPPROTO_IP` for 0), and prints the number otherwise.
pub(crate) fn protocol(domain: c_int, protocol: c_int) -> Sym {
    if domain == libc::AF_INET || domain == libc::AF_INET6 {
        sym(
            protocol,
            &[
                (libc::IPPROTO_IP, "IPPROTO_IP"),
                (libc::IPPROTO_TCP, "IPPROTO_TCP"),
                (libc::IPPROTO_UDP, "IPPROTO_UDP"),
                (libc::IPPROTO_ICMP, "IPPROTO_ICMP"),
                (libc::IPPROTO_RAW, "IPPROTO_RAW"),
            ],
        )
    } else {
        sym(protocol, &[])
    }
}

/// A setsockopt/getsockopt level: `SOL_SOCKET`, `SOL_TCP`, `SOL_IPV6`…
pub(crate) fn level(level: c_int) -> Sym {
    sym(
        level,
        &[
            (libc::SOL_SOCKET, "SOL_SOCKET"),
            (libc::IPPROTO_TCP, "SOL_TCP"),
            (libc::IPPROTO_IP, "SOL_IP"),
            (libc::IPPROTO_IPV6, "SOL_IPV6"),
            (libc::IPPROTO_UDP, "SOL_UDP"),
        ],
    )
}

/// send/recv flags: `0`, `MSG_PEEK`, `MSG_WAITALL|MSG_DONTWAIT`…
pub(crate) fn msg_flags(flags: c_int) -> impl Display {
    const TABLE: &[(i64, &str)] = &[
        (libc::MSG_OOB as i64, "MSG_OOB"),
        (libc::MSG_PEEK as i64, "MSG_PEEK"),
        (libc::MSG_DONTROUTE as i64, "MSG_DONTROUTE"),
        (libc::MSG_DONTWAIT as i64, "MSG_DONTWAIT"),
        (libc::MSG_EOR as i64, "MSG_EOR"),
        (libc::MSG_WAITALL as i64, "MSG_WAITALL"),
        #[cfg(target_os = "linux")]
        (libc::MSG_NOSIGNAL as i64, "MSG_NOSIGNAL"),
        #[cfg(target_os = "linux")]
        (libc::MSG_TRUNC as i64, "MSG_TRUNC"),
    ];
    Flags {
        value: i64::from(flags),
        table: TABLE,
        zero: "0",
    }
}

/// shutdown's `how`: `SHUT_RD`, `SHUT_WR`, `SHUT_RDWR`.
pub(crate) fn shut_how(how: c_int) -> Sym {
    sym(
        how,
        &[
            (libc::SHUT_RD, "SHUT_RD"),
            (libc::SHUT_WR, "SHUT_WR"),
            (libc::SHUT_RDWR, "SHUT_RDWR"),
        ],
    )
}

/// A signal's C name: `SIGCHLD`, `SIGPIPE`… (glibc's `sigabbrev_np`
/// gives the name without `SIG`).
///
/// ```
/// use socklab::*;
/// let status = SIGPIPE; // as waitpid reports a child killed by SIGPIPE
/// if WIFSIGNALED(status) {
///     println!("killed by {}", trace::signal_name(WTERMSIG(status))); // SIGPIPE
/// }
/// ```
pub fn signal_name(signo: c_int) -> Sym {
    sym(
        signo,
        &[
            (libc::SIGHUP, "SIGHUP"),
            (libc::SIGINT, "SIGINT"),
            (libc::SIGQUIT, "SIGQUIT"),
            (libc::SIGILL, "SIGILL"),
            (libc::SIGABRT, "SIGABRT"),
            (libc::SIGBUS, "SIGBUS"),
            (libc::SIGFPE, "SIGFPE"),
            (libc::SIGKILL, "SIGKILL"),
            (libc::SIGUSR1, "SIGUSR1"),
            (libc::SIGSEGV, "SIGSEGV"),
            (libc::SIGUSR2, "SIGUSR2"),
            (libc::SIGPIPE, "SIGPIPE"),
            (libc::SIGALRM, "SIGALRM"),
            (libc::SIGTERM, "SIGTERM"),
            (libc::SIGCHLD, "SIGCHLD"),
            (libc::SIGIO, "SIGIO"),
            (libc::SIGURG, "SIGURG"),
        ],
    )
}

/// sigaction's `sa_flags`, as strace shows them for a call through the C
/// library (which always adds `SA_RESTORER` on Linux).
pub(crate) fn sa_flags(flags: c_int) -> impl Display {
    const TABLE: &[(i64, &str)] = &[
        #[cfg(target_os = "linux")]
        (0x0400_0000, "SA_RESTORER"),
        (libc::SA_ONSTACK as i64, "SA_ONSTACK"),
        (libc::SA_RESTART as i64, "SA_RESTART"),
        (libc::SA_NODEFER as i64, "SA_NODEFER"),
        (libc::SA_RESETHAND as i64, "SA_RESETHAND"),
        (libc::SA_SIGINFO as i64, "SA_SIGINFO"),
        (libc::SA_NOCLDSTOP as i64, "SA_NOCLDSTOP"),
        (libc::SA_NOCLDWAIT as i64, "SA_NOCLDWAIT"),
    ];
    Flags {
        value: i64::from(flags),
        table: TABLE,
        zero: "0",
    }
}

/// waitpid options: `0`, `WNOHANG`…
pub(crate) fn wait_options(options: c_int) -> impl Display {
    const TABLE: &[(i64, &str)] = &[
        (libc::WNOHANG as i64, "WNOHANG"),
        (libc::WUNTRACED as i64, "WUNTRACED"),
        (libc::WCONTINUED as i64, "WCONTINUED"),
    ];
    Flags {
        value: i64::from(options),
        table: TABLE,
        zero: "0",
    }
}

/// A wait status as strace decodes it:
/// `[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]`.
pub(crate) fn wait_status(status: c_int) -> impl Display {
    DisplayFn(move |f| {
        if libc::WIFEXITED(status) {
            write!(
                f,
                "[{{WIFEXITED(s) && WEXITSTATUS(s) == {}}}]",
                libc::WEXITSTATUS(status)
            )
        } else if libc::WIFSIGNALED(status) {
            let core = if libc::WCOREDUMP(status) {
                " && WCOREDUMP(s)"
            } else {
                ""
            };
            write!(
                f,
                "[{{WIFSIGNALED(s) && WTERMSIG(s) == {}{core}}}]",
                signal_name(libc::WTERMSIG(status))
            )
        } else {
            write!(f, "[{status:#x}]")
        }
    })
}

/// poll events: `POLLIN`, `POLLIN|POLLRDNORM`…
pub(crate) fn poll_events(events: i16) -> impl Display {
    const TABLE: &[(i64, &str)] = &[
        (libc::POLLIN as i64, "POLLIN"),
        (libc::POLLPRI as i64, "POLLPRI"),
        (libc::POLLOUT as i64, "POLLOUT"),
        (libc::POLLERR as i64, "POLLERR"),
        (libc::POLLHUP as i64, "POLLHUP"),
        (libc::POLLNVAL as i64, "POLLNVAL"),
        (libc::POLLRDNORM as i64, "POLLRDNORM"),
        (libc::POLLRDBAND as i64, "POLLRDBAND"),
        (libc::POLLWRNORM as i64, "POLLWRNORM"),
        (libc::POLLWRBAND as i64, "POLLWRBAND"),
    ];
    Flags {
        value: i64::from(events),
        table: TABLE,
        zero: "0",
    }
}

/// Turns a closure into something `Display`able.
pub(crate) struct DisplayFn<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result>(pub F);

impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> Display for DisplayFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0)(f)
    }
}
