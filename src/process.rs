//! `<unistd.h>`, `<sys/wait.h>` and `<stdlib.h>` — processes: [`fork`],
//! [`exit`], [`wait`], [`waitpid`], [`getpid`], [`getppid`], and the `W*`
//! status macros.
//!
//! The forking server is the course's central pattern: the parent accepts,
//! forks, closes the connected socket and goes back to `accept`; the child
//! closes the listening socket, serves the client and exits; something
//! (a SIGCHLD handler calling `waitpid`, or ignoring SIGCHLD) reaps the
//! child so it does not linger as a zombie.

use std::io::Write as _;

use libc::{c_int, pid_t};

use crate::error::{Error, Result};
use crate::sys;
use crate::trace::{self, calls};

/// Which side of a [`fork`] we are on: C's `pid_t pid = fork();` followed
/// by `if (pid == 0) { child } else { parent }`, as an enum to `match` on.
///
/// ```no_run
/// use socklab::*;
/// if let ForkResult::Parent { child } = fork()? {
///     println!("parent {} made child {child}", getpid());
/// } else {
///     exit(0); // the child
/// }
/// # Ok::<(), socklab::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForkResult {
    /// The original process; `child` is the new process's pid (what C's
    /// `fork()` returns in the parent).
    Parent {
        /// The child's process id.
        child: pid_t,
    },
    /// The new process (C's `fork()` returned 0).
    Child,
}

/// `fork()`—creates a child process, a copy of this one; both continue
/// from here.
///
/// Returns [`ForkResult::Parent`] (with the child's pid) in the parent and
/// [`ForkResult::Child`] in the child. Open descriptors are shared: after
/// `fork`, a socket is open in both processes and is closed for good only
/// when both have closed it — which is why the parent closes the connected
/// socket and the child the listening one.
///
/// Why this is a *safe* function, and what it does beyond fork(2):
/// 1. **Flushes Rust's stdout buffer.** Text printed without a newline (a
///    prompt) would otherwise sit in the buffer of both processes and be
///    printed twice. Nothing buffered means no system call. (stderr has no
///    buffer to flush: Rust's, like C's, writes at once.)
/// 2. **Refuses when the process has more than one thread.** The child gets
///    only the calling thread; a lock another thread held (inside malloc,
///    say) stays locked forever in the child, and the next allocation
///    deadlocks or worse. With one thread that cannot happen, so the
///    call is sound. With glibc, the C library's own flag
///    `__libc_single_threaded` answers first: while no second thread was
///    ever created it says so, and no system call is needed (fork then
///    adds no call to what its C twin makes). Otherwise, on Linux, the
///    thread count is the link count of `/proc/self/task` minus 2, read
///    with one `statx` system call (no descriptor is opened, so a trace
///    shows no extra `close`).
/// 3. **fork(2)** through the C library, which strace shows as
///    `clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, …)`.
///
/// # Errors
/// - `fork: refused: this process has N threads…` (`EINVAL`): see step 2.
///   Test harnesses run tests on threads: fork in a helper program instead.
/// - `EAGAIN`: the process limit (`ulimit -u`) is reached.
/// - `ENOMEM`.
///
/// ```no_run
/// use socklab::*;
/// match fork()? {
///     ForkResult::Child => {
///         println!("child {}, parent {}", getpid(), getppid());
///         exit(0);
///     }
///     ForkResult::Parent { child } => {
///         let (pid, status) = waitpid(child, 0)?;
///         assert!(WIFEXITED(status) && WEXITSTATUS(status) == 0 && pid == child);
///     }
/// }
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(fork(2))]
pub fn fork() -> Result<ForkResult> {
    // Not stderr: it is unbuffered, so its flush only takes its lock — a
    // store to a page of std's data shared with the last child, which the
    // kernel then copies (a page fault per fork, 4 KiB more per child).
    let _ = std::io::stdout().flush();
    if let Some(threads) = thread_count()
        && threads > 1
    {
        return Err(Error::refused(
            "fork",
            format!(
                "refused: this process has {threads} threads, and a forked child \
                 could deadlock on a lock held by one of the others (fork from a \
                 single-threaded program)"
            ),
        ));
    }
    let res = sys::fork();
    if let Ok(pid) = res {
        trace::forked(pid == 0); // from now on trace lines carry [pid N]
    }
    calls::fork(&res);
    match res? {
        0 => Ok(ForkResult::Child),
        child => Ok(ForkResult::Parent { child }),
    }
}

/// `exit(status)`—ends the process: flushes what it printed, then the
/// one system call `exit_group(status)`. The parent collects `status`
/// with [`wait`]/[`waitpid`] ([`WEXITSTATUS`]); 0 means success.
///
/// What it does, in order — in a single-threaded program (every example,
/// every forked child) the system calls are exactly those of C's
/// `exit(3)` in a program that printed with stdio and registered no
/// `atexit` handler:
/// 1. **Flushes Rust's stdout buffer** (`print!`, `println!`), as C's
///    `exit` flushes stdio's: a `write(1, …)` if text is waiting, nothing
///    otherwise. (Rust's stderr has no buffer.)
/// 2. **`_exit(status)`**, which the kernel sees as `exit_group(status)`:
///    every thread ends, every descriptor still open is closed by the
///    kernel (strace shows no `close` for them, as in C), and the parent
///    gets SIGCHLD.
///
/// Why not `std::process::exit`: it runs the Rust runtime's clean-up
/// first, which removes the main thread's alternate signal stack — a
/// `sigaltstack` and a `munmap` a C program does not make. A forked child
/// ending with `std::process::exit` makes two system calls more than its
/// C twin; one ending with `exit` makes the same ones
/// (`docs/performance.md`, §5).
///
/// What it skips, and C's `exit` runs: functions registered with the C
/// library's `atexit`, thread-local destructors, the flush of the C
/// library's own stdio buffers (text a linked C library printed with
/// `printf`) and the destructors of shared libraries. A socklab program
/// has none of these. Like `std::process::exit` and C's `exit`, it runs no
/// destructors of local values: an [`Fd`](crate::Fd) that is still open
/// is closed by the kernel, not by `close`.
///
/// With more than one thread (or where the C library cannot say), it is
/// `std::process::exit`: the flush above would wait for a stdout lock
/// another thread may hold forever, while std's clean-up flushes only if
/// the lock is free. Like C's `exit`, it is not for signal handlers: the
/// interrupted code may be in the middle of printing.
///
/// # Errors
/// None: it does not return. A flush that fails (stdout is a closed pipe)
/// is ignored, as C's `exit` ignores it.
///
/// ```no_run
/// use socklab::*;
/// if let ForkResult::Child = fork()? {
///     print!("child {} done", getpid()); // no newline: still buffered
///     exit(0); // write(1, "child 4712 done", 15), then exit_group(0)
/// }
/// let (_pid, status) = wait()?;
/// assert_eq!(WEXITSTATUS(status), 0);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [exit(3)](https://man7.org/linux/man-pages/man3/exit.3.html),
/// [_exit(2)](https://man7.org/linux/man-pages/man2/_exit.2.html),
/// [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/exit.html)
pub fn exit(status: c_int) -> ! {
    // Only glibc's flag, not `fork`'s thread count: asking /proc would add
    // a system call C's exit does not make.
    let single_threaded = sys::libc_single_threaded() == Some(true);
    if single_threaded {
        let _ = std::io::stdout().flush();
    }
    calls::exit_group(status);
    if !single_threaded {
        std::process::exit(status);
    }
    sys::exit(status)
}

/// The number of threads in this process, where the system tells it
/// cheaply (glibc's single-threaded flag; then, on Linux, `/proc/self/task`,
/// which has one subdirectory per thread: its link count is that number
/// plus 2).
fn thread_count() -> Option<u64> {
    // The C library may know without asking the kernel: glibc keeps a flag
    // that stays set until a second thread is created. That is the usual
    // case, and then fork makes no system call its C twin does not.
    if sys::libc_single_threaded() == Some(true) {
        return Some(1);
    }
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata("/proc/self/task").ok()?;
        Some(meta.nlink().saturating_sub(2))
    }
    #[cfg(not(target_os = "linux"))]
    {
        None // no cheap count: the caller's documentation is the guard
    }
}

/// `wait(NULL)`—[`wait`] for a caller that does not want the status: the
/// kernel writes none. Chapter 30's preforked servers reap their children
/// this way when they stop (`while (wait(NULL) > 0);`). strace shows
/// `wait4(-1, NULL, 0, NULL) = 5120`.
///
/// # Errors
/// `ECHILD` (no children left: the end of such a loop), `EINTR`.
///
/// ```
/// use socklab::*;
/// assert_eq!(wait_null().unwrap_err().errno(), Some(Errno::ECHILD));
/// ```
///
#[doc = man_links!(wait(2))]
pub fn wait_null() -> Result<pid_t> {
    let res = sys::wait_null();
    calls::wait4_null(&res);
    res
}

/// `wait(&status)`—waits for any child to end and returns its pid and
/// status (decode it with [`WIFEXITED`], [`WEXITSTATUS`]…).
///
/// A child that has ended but has not been waited for is a *zombie*:
/// its process table entry stays until its parent waits. The C library's
/// system call is `wait4(-1, &status, 0, NULL)`.
///
/// # Errors
/// `ECHILD` (no children left), `EINTR` (a signal arrived).
///
/// ```no_run
/// use socklab::*;
/// let (pid, status) = wait()?;
/// println!("child {pid} terminated with {}", WEXITSTATUS(status));
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(wait(2))]
pub fn wait() -> Result<(pid_t, c_int)> {
    let res = sys::wait();
    calls::wait4(-1, 0, &res);
    res
}

/// `waitpid(pid, &status, options)`—waits for a child (`pid`, or any child
/// for `-1`); with `WNOHANG` it does not block and returns pid 0 when no
/// child has ended yet.
///
/// The reaper of a forking server is a loop that collects every ended
/// child, because one SIGCHLD can stand for several (signals are not queued):
///
/// ```no_run
/// use socklab::*;
/// extern "C" fn sig_chld(_signo: c_int) {
///     while let Ok((pid, _)) = waitpid(-1, WNOHANG) {
///         if pid <= 0 { break; }
///     }
/// }
/// signal(SIGCHLD, SigHandler::Handler(sig_chld), SA_RESTART)?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # Errors
/// `ECHILD` (no such child), `EINTR`.
///
#[doc = man_links!(waitpid(2))]
pub fn waitpid(pid: pid_t, options: c_int) -> Result<(pid_t, c_int)> {
    let res = sys::waitpid(pid, options);
    calls::wait4(pid, options, &res);
    res
}

/// `WIFEXITED(status)`—true if the child ended by calling `exit` (or
/// returning from `main`).
///
/// ```
/// assert!(socklab::WIFEXITED(0));
/// ```
///
#[doc = man_links!(wait(2))]
#[allow(non_snake_case)]
pub fn WIFEXITED(status: c_int) -> bool {
    libc::WIFEXITED(status)
}

/// `WEXITSTATUS(status)`—the child's exit code, when [`WIFEXITED`].
///
/// ```
/// assert_eq!(socklab::WEXITSTATUS(3 << 8), 3);
/// ```
///
#[doc = man_links!(wait(2))]
#[allow(non_snake_case)]
pub fn WEXITSTATUS(status: c_int) -> c_int {
    libc::WEXITSTATUS(status)
}

/// `WIFSIGNALED(status)`—true if a signal killed the child (SIGPIPE, say).
///
/// ```
/// assert!(socklab::WIFSIGNALED(socklab::SIGPIPE));
/// ```
///
#[doc = man_links!(wait(2))]
#[allow(non_snake_case)]
pub fn WIFSIGNALED(status: c_int) -> bool {
    libc::WIFSIGNALED(status)
}

/// `WTERMSIG(status)`—the signal that killed the child, when [`WIFSIGNALED`].
///
/// ```
/// assert_eq!(socklab::WTERMSIG(socklab::SIGPIPE), socklab::SIGPIPE);
/// ```
///
#[doc = man_links!(wait(2))]
#[allow(non_snake_case)]
pub fn WTERMSIG(status: c_int) -> c_int {
    libc::WTERMSIG(status)
}

/// `getpid()`—this process's id. Never fails.
///
/// ```
/// assert!(socklab::getpid() > 0);
/// ```
///
#[doc = man_links!(getpid(2))]
pub fn getpid() -> pid_t {
    sys::getpid()
}

/// `getppid()`—the parent process's id. Never fails.
///
/// ```
/// assert!(socklab::getppid() > 0);
/// ```
///
#[doc = man_links!(getppid(2))]
pub fn getppid() -> pid_t {
    sys::getppid()
}
