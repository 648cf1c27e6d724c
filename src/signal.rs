//! `<signal.h>` — installing signal handlers with [`signal`].
//!
//! The course meets signals twice: SIGCHLD (reaping the children of a
//! forking server) and SIGPIPE (writing to a connection the peer has
//! closed). [`signal`] is the course book's `Signal` function: a
//! `signal()`-style call built on sigaction(2), where *you* choose whether
//! `SA_RESTART` is set — because the lesson is what happens when it is not
//! (a blocked `accept` fails with EINTR).

use libc::c_int;

use crate::error::Result;
use crate::sys;
use crate::trace::calls;

#[doc(no_inline)]
pub use crate::consts::{
    SA_NOCLDWAIT, SA_RESTART, SIGALRM, SIGCHLD, SIGHUP, SIGINT, SIGIO, SIGKILL, SIGPIPE, SIGTERM,
    SIGURG, SIGUSR1, SIGUSR2,
};

/// What to do when a signal arrives: C's `sa_handler`, which is a
/// `void (*)(int)` function or one of the markers `SIG_DFL` / `SIG_IGN`.
///
/// ```
/// use socklab::*;
/// extern "C" fn sig_int(_signo: c_int) {} // void sig_int(int signo)
/// let _catch = SigHandler::Handler(sig_int);
/// let _ignore = SIG_IGN;                   // SigHandler::Ignore
/// ```
#[derive(Clone, Copy, Debug)]
pub enum SigHandler {
    /// `SIG_DFL`: the default action (SIGPIPE and SIGINT terminate the
    /// process; SIGCHLD is ignored but children still become zombies).
    Default,
    /// `SIG_IGN`: ignore the signal. For SIGCHLD this also tells the
    /// kernel not to keep zombies: ended children are reaped at once.
    Ignore,
    /// Call this function. It runs in the middle of whatever the program
    /// was doing, so it must only call async-signal-safe functions:
    /// `waitpid`, `write`, and the like — no `println!`, no allocation.
    Handler(extern "C" fn(c_int)),
}

/// `SIG_DFL`—the default action for a signal.
pub const SIG_DFL: SigHandler = SigHandler::Default;
/// `SIG_IGN`—ignore the signal.
pub const SIG_IGN: SigHandler = SigHandler::Ignore;

impl SigHandler {
    fn to_raw(self) -> libc::sighandler_t {
        match self {
            SigHandler::Default => libc::SIG_DFL,
            SigHandler::Ignore => libc::SIG_IGN,
            SigHandler::Handler(f) => f as libc::sighandler_t,
        }
    }
}

/// `sigaction(signo, &act, &oact)`—installs `handler` for signal `signo`,
/// with `sa_flags = flags` and an empty `sa_mask`; the course book's
/// `Signal()` function.
///
/// Pass `SA_RESTART` to have the kernel restart system calls the handler
/// interrupted (`accept`, `read`…), or `0` to have them fail with `EINTR`.
/// (glibc's own `signal()` always sets `SA_RESTART`; this call makes you
/// choose.) One sigaction(2) system call, strace's `rt_sigaction`.
///
/// **Restoring SIGPIPE.** The Rust runtime sets SIGPIPE to `SIG_IGN`
/// before `main`, so a write to a closed connection fails with EPIPE
/// instead of killing the program as it would in C. For the C behaviour,
/// begin `main` with the one-liner:
///
/// ```
/// # use socklab::*;
/// signal(SIGPIPE, SIG_DFL, 0)?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # Errors
/// `EINVAL`: `signo` is not a signal, or is SIGKILL/SIGSTOP, which cannot
/// be caught or ignored.
///
/// ```
/// use socklab::*;
/// extern "C" fn sig_chld(_signo: c_int) {
///     while let Ok((pid, _)) = waitpid(-1, WNOHANG) {
///         if pid <= 0 { break; }
///     }
/// }
/// signal(SIGCHLD, SigHandler::Handler(sig_chld), SA_RESTART)?;
/// signal(SIGCHLD, SIG_DFL, 0)?;
/// assert!(signal(SIGKILL, SIG_IGN, 0).is_err());
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [sigaction(2)](https://man7.org/linux/man-pages/man2/sigaction.2.html),
/// [signal(7)](https://man7.org/linux/man-pages/man7/signal.7.html),
/// [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/sigaction.html)
pub fn signal(signo: c_int, handler: SigHandler, flags: c_int) -> Result<()> {
    let res = sys::sigaction(signo, handler.to_raw(), flags);
    calls::sigaction(signo, handler.to_raw(), flags, &res);
    res.map(drop)
}

/// `sigaction(SIGPIPE, {SIG_DFL}, &oact)`—restores SIGPIPE's default
/// action (terminate the process), undoing what the Rust runtime did
/// before `main`: exactly [`signal`]`(SIGPIPE, SIG_DFL, 0)`.
///
/// After it, a write to a connection the peer has closed kills the
/// program with SIGPIPE, as it kills the C twin (the shell then reports
/// status 141); without it the write fails with EPIPE.
///
/// # Errors
/// None in practice (`sigaction` fails only for an invalid signal).
///
/// ```
/// socklab::restore_sigpipe()?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(sigaction(2))]
pub fn restore_sigpipe() -> Result<()> {
    signal(libc::SIGPIPE, SIG_DFL, 0)
}

// ---------------------------------------------------------------------
// Chapters 24-25 [ch24 block — keep together for merges]: signal sets,
// sigprocmask, sigsuspend (UNP §25.3's signal-driven UDP server).
// ---------------------------------------------------------------------

/// `sigset_t`—a set of signals, for [`sigprocmask`] and [`sigsuspend`].
///
/// A new one is empty (as after `sigemptyset`); C declares the variable
/// and calls [`sigemptyset`], and so can you:
///
/// ```
/// use socklab::*;
/// let mut newmask = sigset_t::default();
/// sigemptyset(&mut newmask);
/// sigaddset(&mut newmask, SIGIO)?;
/// assert!(sigismember(&newmask, SIGIO)?);
/// assert!(!sigismember(&newmask, SIGHUP)?);
/// # Ok::<(), socklab::Error>(())
/// ```
#[allow(non_camel_case_types)]
#[derive(Clone, Copy)]
pub struct sigset_t(libc::sigset_t);

impl Default for sigset_t {
    fn default() -> Self {
        sigset_t(sys::sigset_empty())
    }
}

impl std::fmt::Debug for sigset_t {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let members: Vec<c_int> = (1..=64)
            .filter(|&n| sys::sigismember(&self.0, n).is_ok_and(|m| m == 1))
            .collect();
        write!(f, "sigset_t{members:?}")
    }
}

/// `sigemptyset(&set)`—removes every signal from `set`. No system call.
///
#[doc = man_links!(sigsetops(3), posix: sigemptyset)]
pub fn sigemptyset(set: &mut sigset_t) {
    sys::sigemptyset(&mut set.0);
}

/// `sigaddset(&set, signo)`—adds `signo` to `set`. No system call.
///
/// # Errors
/// `EINVAL`: `signo` is not a signal number.
///
/// ```
/// use socklab::*;
/// let mut set = sigset_t::default();
/// assert!(sigaddset(&mut set, 0).is_err());
/// ```
///
#[doc = man_links!(sigsetops(3), posix: sigaddset)]
pub fn sigaddset(set: &mut sigset_t, signo: c_int) -> Result<()> {
    sys::sigaddset(&mut set.0, signo)
}

/// `sigdelset(&set, signo)`—removes `signo` from `set`. No system call.
///
/// # Errors
/// `EINVAL`: `signo` is not a signal number.
///
#[doc = man_links!(sigsetops(3), posix: sigdelset)]
pub fn sigdelset(set: &mut sigset_t, signo: c_int) -> Result<()> {
    sys::sigdelset(&mut set.0, signo)
}

/// `sigismember(&set, signo)`—is `signo` in `set`? (C's 1 is `true`.)
/// No system call.
///
/// # Errors
/// `EINVAL`: `signo` is not a signal number.
///
#[doc = man_links!(sigsetops(3), posix: sigismember)]
pub fn sigismember(set: &sigset_t, signo: c_int) -> Result<bool> {
    sys::sigismember(&set.0, signo).map(|m| m == 1)
}

/// `SIG_BLOCK`—[`sigprocmask`] adds the set to the blocked signals.
pub const SIG_BLOCK: c_int = libc::SIG_BLOCK;
/// `SIG_UNBLOCK`—[`sigprocmask`] removes the set from the blocked signals.
pub const SIG_UNBLOCK: c_int = libc::SIG_UNBLOCK;
/// `SIG_SETMASK`—[`sigprocmask`] makes the set the blocked signals.
pub const SIG_SETMASK: c_int = libc::SIG_SETMASK;

/// `sigprocmask(how, &set, &oset)`—changes which signals are *blocked*:
/// held back by the kernel, pending, until unblocked (then delivered
/// once, however many arrived: signals are not queued).
///
/// `set` `None` is C's NULL (only read the mask); `oset`, if given,
/// receives the mask as it was. A program blocks a signal around the
/// data its handler changes — UNP §25.3 blocks SIGIO while it takes a
/// datagram off the handler's queue. One rt_sigprocmask(2) system call:
/// strace shows `rt_sigprocmask(SIG_BLOCK, [IO], [], 8) = 0`.
///
/// # Errors
/// `EINVAL`: `how` is not one of [`SIG_BLOCK`], [`SIG_UNBLOCK`],
/// [`SIG_SETMASK`].
///
/// ```
/// use socklab::*;
/// let mut newmask = sigset_t::default();
/// let mut oldmask = sigset_t::default();
/// sigaddset(&mut newmask, SIGIO)?;
/// sigprocmask(SIG_BLOCK, Some(&newmask), Some(&mut oldmask))?;
/// // ... SIGIO is held back here ...
/// sigprocmask(SIG_SETMASK, Some(&oldmask), None)?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(sigprocmask(2))]
pub fn sigprocmask(how: c_int, set: Option<&sigset_t>, oset: Option<&mut sigset_t>) -> Result<()> {
    let set = set.map(|s| &s.0);
    match oset {
        Some(old) => {
            let res = sys::sigprocmask(how, set, Some(&mut old.0));
            calls::sigprocmask(how, set, Some(&old.0), &res);
            res
        }
        None => {
            let res = sys::sigprocmask(how, set, None);
            calls::sigprocmask(how, set, None, &res);
            res
        }
    }
}

/// `sigsuspend(&mask)`—sets the blocked signals to `mask` and waits for a
/// signal, **in one step**; when a handler has run, restores the mask as
/// it was and returns.
///
/// The one step is the point (UNP §25.3): "unblock SIGIO, then wait"
/// done as two calls loses a signal that arrives between them, and the
/// program waits for ever. The C function always returns -1 with EINTR,
/// so this returns `Err` with `errno() == Some(Errno::EINTR)` — which is
/// the normal case: check for it, as the book's `if (errno != EINTR)`. One
/// rt_sigsuspend(2) system call.
///
/// # Errors
/// `EINTR` always (a handler ran).
///
/// ```no_run
/// use socklab::*;
/// let zeromask = sigset_t::default();
/// // ... with SIGIO blocked, nothing to do: wait for it
/// let e = sigsuspend(&zeromask).unwrap_err();
/// assert_eq!(e.errno(), Some(Errno::EINTR));
/// ```
///
#[doc = man_links!(sigsuspend(2))]
pub fn sigsuspend(mask: &sigset_t) -> Result<()> {
    let res = sys::sigsuspend(&mask.0);
    calls::sigsuspend(&mask.0, &res);
    res.map(drop)
}

/// `kill(pid, sig)`—sends signal `sig` to process `pid` (to every process
/// of group `-pid` if negative). Chapter 30's preforked servers stop their
/// children this way: `kill(pids[i], SIGTERM)` for each, then `wait`.
///
/// # Errors
/// `ESRCH` (no such process), `EPERM` (not allowed to signal it),
/// `EINVAL` (no such signal).
///
/// ```
/// use socklab::*;
/// kill(getpid(), 0)?; // signal 0: only "does it exist?"
/// assert_eq!(kill(i32::MAX, SIGTERM).unwrap_err().errno(), Some(Errno::ESRCH));
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(kill(2))]
pub fn kill(pid: libc::pid_t, sig: c_int) -> Result<()> {
    let res = sys::kill(pid, sig);
    calls::kill(pid, sig, &res);
    res
}

/// `pause()`—sleeps until a signal arrives whose handler returns; then it
/// returns -1 with EINTR, which is its only way back. The parent of a
/// preforked server (§30.6) does nothing else: its children accept, and
/// it waits in `pause` for the SIGINT that stops them all.
///
/// A signal whose action is to end the process ends it inside `pause`.
/// strace shows `pause() = ? ERESTARTNOHAND`; trace mode prints the
/// return C sees, `pause() = -1 EINTR (Interrupted system call)`.
///
/// # Errors
/// Always `EINTR`, after a handler ran.
///
#[doc = man_links!(pause(2))]
pub fn pause() -> Result<()> {
    let res = sys::pause();
    calls::pause(&res);
    res
}

// [ch20 block] pselect (mux.rs) hands the set to the C library
impl sigset_t {
    /// The C library's `sigset_t` inside.
    pub(crate) fn as_raw(&self) -> &libc::sigset_t {
        &self.0
    }
}
