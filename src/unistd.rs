//! `<unistd.h>` odds and ends the lectures use: [`gethostname`],
//! [`unlink`], [`sleep`]; and [`args`], `main`'s `argv` as text.

use std::os::fd::AsRawFd;
use std::os::fd::RawFd;
use std::path::Path;

use libc::c_uint;

use crate::error::{Error, Result};
use crate::sys;
use crate::trace::{self, calls};

// The rest of <unistd.h>, defined beside their topics: the descriptor calls
// in fd.rs, fork and the process ids in process.rs.
#[doc(no_inline)]
pub use crate::consts::{STDERR_FILENO, STDIN_FILENO, STDOUT_FILENO};
#[doc(no_inline)]
pub use crate::fd::{Fd, close, dup, dup2, read, write};
#[doc(no_inline)]
pub use crate::process::{ForkResult, fork, getpid, getppid};

/// `gethostname(name, len)`—this machine's host name.
///
/// On Linux the C library answers from the kernel's `uname(2)`, which is
/// the call strace shows (and the one trace mode prints). To find the
/// addresses the name stands for, pass it to [`getaddrinfo`](crate::getaddrinfo).
///
/// # Errors
/// None in practice (`ENAMETOOLONG` with a tiny buffer in C).
///
/// ```
/// let name = socklab::gethostname()?;
/// assert!(!name.is_empty());
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(gethostname(2))]
pub fn gethostname() -> Result<String> {
    let res = sys::gethostname();
    calls::gethostname(&res);
    res
}

/// `unlink(pathname)`—removes a name from the file system; for AF_UNIX
/// servers, the socket file a previous run left behind.
///
/// `bind` on an AF_UNIX path fails with EADDRINUSE while the file exists,
/// even if no server uses it any more, so servers remove it first — but
/// only if it *is* a socket: see the AF_UNIX examples.
///
/// # Errors
/// `ENOENT` (no such file), `EACCES`/`EPERM`, `EISDIR`.
///
/// ```
/// use socklab::*;
/// let err = unlink("/nonexistent/socklab.sock").unwrap_err();
/// assert_eq!(err.errno(), Some(Errno::ENOENT));
/// ```
///
#[doc = man_links!(unlink(2))]
pub fn unlink(pathname: impl AsRef<Path>) -> Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = pathname.as_ref().as_os_str().as_bytes();
    let c_path = std::ffi::CString::new(bytes)
        .map_err(|_| Error::invalid("unlink", "path contains a NUL byte"))?;
    let res = sys::unlink(&c_path);
    calls::unlink(bytes, &res);
    res
}

/// `sleep(seconds)`—suspends the process; returns the seconds left if a
/// signal cut the sleep short (0 otherwise).
///
/// The C library implements it with `clock_nanosleep`.
///
/// ```
/// assert_eq!(socklab::sleep(0), 0);
/// ```
///
#[doc = man_links!(sleep(3))]
pub fn sleep(seconds: c_uint) -> c_uint {
    sys::sleep(seconds)
}

/// `argv`—the program's command-line arguments as text, its name first,
/// as C's `main(int argc, char **argv)` receives them.
///
/// Use it instead of `std::env::args()`, which **panics** on an argument
/// that is not valid UTF-8 (a stray byte from a file name, say); here that
/// argument is an error to print in one line: `argv: "\xFF" is not
/// valid UTF-8 text`. No system call: the arguments are already in memory.
///
/// ```
/// let args = socklab::args()?;
/// assert!(!args.is_empty()); // at least the program's name
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # Errors
/// An argument that is not UTF-8 (`Error::Invalid`, call `"argv"`).
pub fn args() -> Result<Vec<String>> {
    std::env::args_os()
        .map(|arg| {
            arg.into_string()
                .map_err(|bad| Error::invalid("argv", format!("{bad:?} is not valid UTF-8 text")))
        })
        .collect()
}

// [ch14 block] alarm(2)

/// `alarm(seconds)`—asks the kernel to send this process `SIGALRM` in
/// `seconds` seconds (0: cancel the pending alarm). Returns the seconds
/// that were left of the previous alarm (0 if none).
///
/// With a handler installed *without* `SA_RESTART`, the signal interrupts
/// a blocked call — `connect`, `recvfrom` — which fails with `EINTR`:
/// the oldest way to put a timeout on a call (UNP §14.2). Without a
/// handler, SIGALRM ends the process. One alarm(2) system call.
///
/// ```
/// use socklab::*;
/// assert_eq!(alarm(5), 0); // no alarm was pending
/// assert_eq!(alarm(0), 5); // cancelled, with 5 seconds left
/// ```
///
#[doc = man_links!(alarm(2))]
pub fn alarm(seconds: c_uint) -> c_uint {
    let left = sys::alarm(seconds);
    calls::alarm(seconds, left);
    left
}

// [ch20 block] pipe(2)

/// `pipe(pipefd)`—a one-way channel inside the kernel: bytes written to
/// the second descriptor are read from the first. Returns `(pipefd[0],
/// pipefd[1])`, the read end and the write end.
///
/// UNP's Figure 20.10 uses one to turn a signal into something `select`
/// can wait for: the SIGALRM handler writes a byte to the pipe, and the
/// main loop selects on the socket *and* the pipe's read end. strace
/// shows `pipe2([3, 4], 0) = 0`: today's C library makes pipe2 with no flags.
///
/// # Errors
/// `EMFILE`: the process has no two free descriptor numbers left.
///
/// ```
/// use socklab::*;
/// let (r, w) = pipe()?;
/// write(&w, b"x")?;
/// let mut buf = [0u8; 1];
/// assert_eq!(read(&r, &mut buf)?, 1);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(pipe(2))]
pub fn pipe() -> Result<(Fd, Fd)> {
    let res = sys::pipe().map(|(r, w)| (Fd::from(r), Fd::from(w)));
    let numbers = res.as_ref().map(|(r, w)| [r.as_raw_fd(), w.as_raw_fd()]);
    calls::pipe(&numbers.map_err(Clone::clone));
    res
}

// ---------------------------------------------------------------------
// [ch13 block] chapter 13, daemons and inetd: setsid, chdir, umask,
// execv, and descriptor 0 as inetd hands it over.
// ---------------------------------------------------------------------

/// `setsid()`—makes this process the leader of a new session and of a new
/// process group, with no controlling terminal; returns the new session
/// id (this process's pid).
///
/// A daemon's first step after its first `fork` ([`daemon_init`](crate::unp::daemon_init)):
/// the terminal it was started from can no longer send it SIGHUP or
/// SIGINT. One setsid(2) system call.
///
/// # Errors
/// `EPERM`: the process is already a process-group leader (a shell makes
/// every command one) — which is why a daemon forks first, and setsid runs
/// in the child.
///
/// ```no_run
/// use socklab::*;
/// if let ForkResult::Parent { .. } = fork()? {
///     exit(0); // the parent ends; the child is not a group leader
/// }
/// let sid = setsid()?;
/// assert_eq!(sid, getpid());
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(setsid(2))]
pub fn setsid() -> Result<libc::pid_t> {
    let res = sys::setsid();
    calls::setsid(&res);
    res
}

/// `chdir(path)`—changes the current working directory.
///
/// A daemon moves to `/` so that it does not keep the directory it was
/// started in busy (that file system could not be unmounted). One
/// chdir(2) system call.
///
/// # Errors
/// `ENOENT` (no such directory), `ENOTDIR`, `EACCES`; a path with a NUL
/// byte is refused before any call.
///
/// ```
/// socklab::chdir("/")?;
/// assert_eq!(std::env::current_dir().unwrap(), std::path::Path::new("/"));
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(chdir(2))]
pub fn chdir(path: impl AsRef<Path>) -> Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_ref().as_os_str().as_bytes();
    let c_path = std::ffi::CString::new(bytes)
        .map_err(|_| Error::invalid("chdir", "path contains a NUL byte"))?;
    let res = sys::chdir(&c_path);
    calls::chdir(bytes, &res);
    res
}

/// `umask(mask)`—sets the file mode creation mask and returns the old
/// one. Never fails.
///
/// The mask's bits are taken away from the mode of every file the process
/// creates (`open` with `O_CREAT`, `bind` of an AF_UNIX path): with the
/// usual `022`, a file asked for as `0666` is created `0644`. Many daemons
/// set it to 0 so the modes they ask for are the modes they get (the
/// book's `daemon_init` does not). One umask(2) system call; strace
/// prints both masks in octal, `umask(022) = 022`.
///
/// ```
/// let old = socklab::umask(0o077);
/// assert_eq!(socklab::umask(old), 0o077);
/// ```
///
#[doc = man_links!(umask(2))]
pub fn umask(mask: libc::mode_t) -> libc::mode_t {
    let old = sys::umask(mask);
    calls::umask(mask, old);
    old
}

/// `execv(path, argv)`—replaces this process's program with the one at
/// `path`, passing it `argv` (its name first, as C's `argv[0]`) and this
/// process's environment. Open descriptors stay open across it (unless
/// marked close-on-exec): that is how inetd hands a connection to the
/// server it starts, as descriptors 0, 1 and 2.
///
/// It returns only if it failed, so its `Ok` type is
/// [`Infallible`](std::convert::Infallible): write `execv(path, &argv)?;`
/// and what follows runs only after an error, as in C.
/// One execve(2) system call (the C library adds `environ`); trace mode
/// prints it only when it fails.
///
/// Two things the new program inherits from a Rust one that it would not
/// from C (UNP chapter 15's `my_open` runs into both): SIGPIPE ignored
/// (the Rust runtime ignores it before `main`, and exec keeps an ignored
/// signal ignored; call [`restore_sigpipe`](crate::restore_sigpipe) first
/// for C's default); and in trace mode after `fork`, `SOCKLAB_TRACE_PIDS=1`
/// added to its environment, so that a socklab program exec'd there goes
/// on printing `[pid N]`.
///
/// # Errors
/// `ENOENT` (no such file), `EACCES` (not executable), `ENOEXEC`; an
/// argument with a NUL byte is refused before any call.
///
/// ```no_run
/// use socklab::*;
/// if let ForkResult::Child = fork()? {
///     execv("/bin/echo", &["echo", "hello from the child"])?;
/// }
/// let (_pid, status) = wait()?;
/// assert_eq!(WEXITSTATUS(status), 0);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [execv(3)](https://man7.org/linux/man-pages/man3/execv.3.html),
/// [execve(2)](https://man7.org/linux/man-pages/man2/execve.2.html),
/// [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/exec.html)
pub fn execv(path: &str, argv: &[&str]) -> Result<std::convert::Infallible> {
    let c_path = sys::cstring("execv", path)?;
    let c_argv = argv
        .iter()
        .map(|a| sys::cstring("execv", a))
        .collect::<Result<Vec<_>>>()?;
    // [ch15] in trace mode after fork, the environment plus
    // SOCKLAB_TRACE_PIDS=1: a socklab program exec'd here goes on with
    // `[pid N]` (ch15_mycat runs ch15_openfile). Otherwise the C library's.
    let (err, envc) = if trace::enabled() && trace::pids_shown() {
        let mut envp = Vec::new();
        for (k, v) in std::env::vars_os() {
            if k != trace::EXEC_PIDS {
                let mut kv = k.into_encoded_bytes();
                kv.push(b'=');
                kv.extend(v.into_encoded_bytes());
                envp.extend(std::ffi::CString::new(kv));
            }
        }
        envp.extend(std::ffi::CString::new(format!("{}=1", trace::EXEC_PIDS)));
        (sys::execve(&c_path, &c_argv, &envp), envp.len())
    } else {
        (sys::execv(&c_path, &c_argv), sys::environ_len())
    };
    let shown: Vec<&[u8]> = argv.iter().map(|a| a.as_bytes()).collect();
    calls::execve(path.as_bytes(), &shown, envc, &err);
    Err(err)
}

/// Set once descriptor 0 has an owner.
static STDIN_TAKEN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Descriptor 0 as an owned [`Fd`]—for a server started by inetd, where
/// descriptors 0, 1 and 2 are the connected socket (UNP §13.5): what the
/// book's `daytimetcpsrv3` calls `getpeername(0, …)`, `write(0, …)` and
/// `close(0)` on. No system call.
///
/// Once per process: a second call is refused, as two owners
/// would close descriptor 0 twice. After it, read from the returned `Fd`,
/// not from [`std::io::stdin`].
///
/// # Errors
/// `take_stdin: descriptor 0 already has an owner` (`Error::Invalid`) on
/// a second call.
///
/// ```no_run
/// use socklab::*;
/// let connfd = take_stdin()?; // descriptor 0, inetd's connection
/// let cliaddr = getpeername(&connfd)?;
/// write(&connfd, format!("hello {cliaddr}\r\n").as_bytes())?;
/// close(connfd)?; // close(0)
/// # Ok::<(), socklab::Error>(())
/// ```
pub fn take_stdin() -> Result<Fd> {
    if STDIN_TAKEN.swap(true, std::sync::atomic::Ordering::Relaxed) {
        return Err(Error::invalid(
            "take_stdin",
            "descriptor 0 already has an owner",
        ));
    }
    Ok(Fd::from(sys::own_stdin()))
}

/// close(2) on a descriptor number nobody in this process owns — one the
/// process inherited. For [`daemon_init`](crate::unp::daemon_init)'s
/// "close every descriptor" step only: it runs before the program owns
/// any descriptor, so no owner's number is closed under it.
pub(crate) fn close_inherited(fd: RawFd) -> Result<()> {
    let res = sys::close_inherited(fd);
    calls::close(fd, &res);
    res
}
