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
// Chapter 20 (broadcasting): signal sets and the signal mask, for the
// book's race fixes (Figures 20.6, 20.7). [ch20 block]
// ---------------------------------------------------------------------

/// `SIG_BLOCK`—[`sigprocmask`]: add the set's signals to the mask.
pub const SIG_BLOCK: c_int = libc::SIG_BLOCK;
/// `SIG_UNBLOCK`—[`sigprocmask`]: remove the set's signals from the mask.
pub const SIG_UNBLOCK: c_int = libc::SIG_UNBLOCK;
/// `SIG_SETMASK`—[`sigprocmask`]: the mask becomes the set.
pub const SIG_SETMASK: c_int = libc::SIG_SETMASK;

/// C's `sigset_t`: a set of signals, for [`sigprocmask`] and
/// [`pselect`](crate::mux::pselect). `sigset_t::default()` is the empty
/// set; C programs declare one and call [`sigemptyset`] on it, and so can you.
///
/// ```
/// use socklab::*;
/// let mut sigset_alrm = sigset_t::default();
/// sigemptyset(&mut sigset_alrm);
/// sigaddset(&mut sigset_alrm, SIGALRM)?;
/// assert!(sigismember(&sigset_alrm, SIGALRM)?);
/// assert!(!sigismember(&sigset_alrm, SIGINT)?);
/// # Ok::<(), socklab::Error>(())
/// ```
#[allow(non_camel_case_types)] // the C name
#[derive(Clone, Copy)]
pub struct sigset_t {
    pub(crate) set: libc::sigset_t,
}

impl Default for sigset_t {
    fn default() -> sigset_t {
        sigset_t {
            set: sys::sigset_empty(),
        }
    }
}

impl std::fmt::Debug for sigset_t {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let members: Vec<c_int> = (1..=64)
            .filter(|&s| sys::sigismember(&self.set, s) == Ok(true))
            .collect();
        write!(f, "sigset_t{members:?}")
    }
}

/// `sigemptyset(&set)`—empties the set. No system call: the C library
/// only clears the bits.
///
#[doc = man_links!(sigemptyset(3))]
pub fn sigemptyset(set: &mut sigset_t) {
    set.set = sys::sigset_empty();
}

/// `sigaddset(&set, signo)`—adds signal `signo` to the set (no system call).
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
#[doc = man_links!(sigaddset(3))]
pub fn sigaddset(set: &mut sigset_t, signo: c_int) -> Result<()> {
    sys::sigaddset(&mut set.set, signo)
}

/// `sigdelset(&set, signo)`—removes signal `signo` from the set (no system call).
///
/// # Errors
/// `EINVAL`: `signo` is not a signal number.
///
#[doc = man_links!(sigdelset(3))]
pub fn sigdelset(set: &mut sigset_t, signo: c_int) -> Result<()> {
    sys::sigdelset(&mut set.set, signo)
}

/// `sigismember(&set, signo)`—is `signo` in the set? (no system call)
///
/// # Errors
/// `EINVAL`: `signo` is not a signal number.
///
#[doc = man_links!(sigismember(3))]
pub fn sigismember(set: &sigset_t, signo: c_int) -> Result<bool> {
    sys::sigismember(&set.set, signo)
}

/// `sigprocmask(how, &set, &oset)`—changes the process's signal mask: the
/// signals it *blocks*. A blocked signal is not lost: it stays pending
/// and is delivered the moment it is unblocked.
///
/// `how` is [`SIG_BLOCK`], [`SIG_UNBLOCK`] or [`SIG_SETMASK`]; `set` None
/// (C's NULL) changes nothing and only reads the mask into `oset`; `oset`
/// None does not read it. strace shows `rt_sigprocmask(SIG_BLOCK, [ALRM],
/// NULL, 8) = 0`.
///
/// Chapter 20's lesson: unblocking SIGALRM just around `recvfrom` (Figure
/// 20.6) does not close the race — the signal can arrive between
/// `sigprocmask` and `recvfrom`; [`pselect`](crate::mux::pselect) unblocks
/// and waits in one step.
///
/// # Errors
/// `EINVAL`: `how` is none of the three.
///
/// ```
/// use socklab::*;
/// let mut sigset_alrm = sigset_t::default();
/// sigaddset(&mut sigset_alrm, SIGALRM)?;
/// let mut old = sigset_t::default();
/// sigprocmask(SIG_BLOCK, Some(&sigset_alrm), Some(&mut old))?;
/// let mut now = sigset_t::default();
/// sigprocmask(SIG_BLOCK, None, Some(&mut now))?;
/// assert!(sigismember(&now, SIGALRM)?);
/// sigprocmask(SIG_SETMASK, Some(&old), None)?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(sigprocmask(2))]
pub fn sigprocmask(
    how: c_int,
    set: Option<&sigset_t>,
    mut oset: Option<&mut sigset_t>,
) -> Result<()> {
    let res = sys::sigprocmask(
        how,
        set.map(|s| &s.set),
        oset.as_deref_mut().map(|s| &mut s.set),
    );
    calls::sigprocmask(
        how,
        set.map(|s| &s.set),
        oset.as_deref().map(|s| &s.set),
        &res,
    );
    res
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
