//! `<errno.h>` and `perror(3)` — the one error type every call returns.
//!
//! A failed C call returns `-1` and leaves a number in `errno`; the classic
//! course code then calls `perror("connect")`, which prints
//! `connect: Connection refused`. socklab keeps that shape: every [`Error`]
//! knows the call that failed and its [`Errno`], and its `Display` is
//! perror's line with the errno's name added, so a student can look it up in
//! the man page's ERRORS section:
//!
//! ```text
//! connect: Connection refused (ECONNREFUSED)
//! ```
//!
//! Errors that never reached the kernel — a port of `70000`, an address that
//! does not parse, an AF_UNIX path longer than `sun_path` — name the call and
//! say what was wrong with the argument instead.

/// The values of C's `errno`, by their C names (`Errno::ECONNREFUSED`,
/// `Errno::EINTR`…): what [`Error::errno`] returns, to compare with.
///
/// # References
/// [errno(3)](https://man7.org/linux/man-pages/man3/errno.3.html)
pub use nix::errno::Errno;

/// The result of every socklab call: the C call's value, or the [`Error`]
/// that says which call failed and why.
///
/// Where C returns `-1` and sets `errno`, socklab returns `Err`; the `?`
/// operator plays the part of `if (… < 0) { perror(…); exit(1); }` by
/// handing the error to the caller, and `main` prints it.
///
/// ```
/// use socklab::*;
/// fn open_listener() -> Result<Fd> {
///     let fd = socket(AF_INET, SOCK_STREAM, 0)?; // if (fd < 0) …
///     bind(&fd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
///     listen(&fd, LISTENQ)?;
///     Ok(fd)
/// }
/// match open_listener() {
///     Ok(fd) => println!("listening on descriptor {fd}"),
///     Err(e) => eprintln!("{e}"), // e.g. "bind: Address already in use (EADDRINUSE)"
/// }
/// ```
pub type Result<T> = std::result::Result<T, Error>;

/// What went wrong, and in which call — printed the way `perror(3)` prints.
///
/// Match on [`Error::errno`] to react to a particular errno, exactly like
/// testing `errno == EINTR` in C:
///
/// ```
/// use socklab::*;
///
/// let err = Error::sys("accept", Errno::EINTR);
/// assert_eq!(err.to_string(), "accept: Interrupted system call (EINTR)");
/// if err.errno() == Some(Errno::EINTR) {
///     // a signal handler ran: call accept() again
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A system call returned `-1`; `errno` says why.
    #[error("{call}: {} ({})", Strerror(*.errno), errno_name(*.errno))]
    Sys {
        /// The C call that failed, e.g. `"connect"`.
        call: &'static str,
        /// The value `errno` held afterwards, e.g. `Errno::ECONNREFUSED`.
        errno: Errno,
    },
    /// An argument was refused before any system call was made
    /// (bad port, unparsable address, AF_UNIX path too long…).
    #[error("{call}: {what}")]
    Invalid {
        /// The call, or the helper, that refused the argument.
        call: &'static str,
        /// What was wrong, e.g. `bad port "70000" (must be 0-65535)`.
        what: String,
    },
    /// socklab itself declined to make the call, though the arguments were
    /// fine: e.g. [`fork`](crate::fork) in a process with several threads.
    /// C would have made the call; the kernel never saw it.
    #[error("{call}: {why}")]
    Refused {
        /// The call socklab did not make.
        call: &'static str,
        /// Why, in a sentence, e.g. `refused: this process has 3 threads…`.
        why: String,
    },
    /// The calls worked, but the other side broke the exchange: the book's
    /// `err_quit` cases, such as `str_cli: server terminated prematurely`
    /// (the server closed before answering). No errno: nothing failed.
    #[error("{call}: {what}")]
    Peer {
        /// The helper that noticed, e.g. `"str_cli"`.
        call: &'static str,
        /// What the peer did, e.g. `server terminated prematurely`.
        what: String,
    },
    /// `getaddrinfo(3)` failed; it has its own error codes (`EAI_*`) and
    /// texts (`gai_strerror(3)`), not `errno`.
    #[error("getaddrinfo: {host}: {message}")]
    AddrInfo {
        /// The host (and service) that was looked up.
        host: String,
        /// The `EAI_*` code, e.g. `libc::EAI_NONAME`.
        code: i32,
        /// `gai_strerror(code)`, e.g. `Name or service not known`.
        message: String,
    },
}

impl Error {
    /// Builds the error of a system call that failed with `errno` (socklab
    /// does this for every call; a program rarely needs to).
    ///
    /// ```
    /// use socklab::*;
    /// let e = Error::sys("connect", Errno::ETIMEDOUT);
    /// assert_eq!(e.to_string(), "connect: Connection timed out (ETIMEDOUT)");
    /// ```
    pub fn sys(call: &'static str, errno: Errno) -> Error {
        Error::Sys { call, errno }
    }

    /// Builds the error of an argument refused before any system call:
    /// printed as `call: what`.
    ///
    /// ```
    /// use socklab::*;
    /// let e = Error::invalid("port", "\"http\" is not a port number (0-65535)");
    /// assert_eq!(e.to_string(), r#"port: "http" is not a port number (0-65535)"#);
    /// assert_eq!(e.errno(), None); // no call was made, so there is no errno
    /// ```
    pub fn invalid(call: &'static str, what: impl Into<String>) -> Error {
        Error::Invalid {
            call,
            what: what.into(),
        }
    }

    /// The name of the C call that failed, e.g. `"connect"` — perror's
    /// prefix. It is the function's name, which may differ from the system
    /// call strace shows (`send` is `sendto` there).
    ///
    /// ```
    /// use socklab::*;
    /// let fd = socket(AF_INET, SOCK_STREAM, 0)?;
    /// let err = getpeername(&fd).unwrap_err();
    /// assert_eq!(err.call(), "getpeername");
    /// # Ok::<(), socklab::Error>(())
    /// ```
    pub fn call(&self) -> &'static str {
        match self {
            Error::Sys { call, .. }
            | Error::Invalid { call, .. }
            | Error::Refused { call, .. }
            | Error::Peer { call, .. } => call,
            Error::AddrInfo { .. } => "getaddrinfo",
        }
    }

    /// The errno of the failure, if the kernel (or the C library) reported
    /// one: `Some(errno)` for a failed system call, and for `getaddrinfo`'s
    /// `EAI_SYSTEM`; `None` for an argument socklab refused, a call socklab
    /// declined to make, and `getaddrinfo`'s own codes (`EAI_NONAME`…),
    /// which are not errnos. socklab never invents an errno.
    ///
    /// This is C's `if (errno == EINTR)`:
    ///
    /// ```
    /// use socklab::*;
    /// let fd = socket(AF_INET, SOCK_STREAM, 0)?;
    /// match getpeername(&fd) {
    ///     Err(e) if e.errno() == Some(Errno::ENOTCONN) => println!("not connected yet"),
    ///     Err(e) => return Err(e),
    ///     Ok(peer) => println!("connected to {peer}"),
    /// }
    /// # Ok::<(), socklab::Error>(())
    /// ```
    pub fn errno(&self) -> Option<Errno> {
        match self {
            Error::Sys { errno, .. } => Some(*errno),
            Error::Invalid { .. }
            | Error::Refused { .. }
            | Error::Peer { .. }
            | Error::AddrInfo { .. } => None,
        }
    }

    /// Builds the error of a call socklab declined to make (see
    /// [`Error::Refused`]): printed as `call: why`.
    ///
    /// ```
    /// use socklab::*;
    /// let e = Error::refused("fork", "refused: this process has 2 threads");
    /// assert_eq!(e.to_string(), "fork: refused: this process has 2 threads");
    /// assert_eq!(e.errno(), None);
    /// ```
    pub fn refused(call: &'static str, why: impl Into<String>) -> Error {
        Error::Refused {
            call,
            why: why.into(),
        }
    }
}

/// `strerror(errno)`: the C library's text, exactly what perror prints
/// (`Connection refused`).
///
/// Asked of the C library through std, which calls `strerror_r` and adds
/// ` (os error N)`, cut off here. (nix's own texts differ for several
/// errnos: "Try again" for EAGAIN.) It allocates, so trace mode, which may
/// run in a signal handler, uses the C call directly (`sys::strerror`);
/// this module stays free of C calls and sits below them.
pub(crate) struct Strerror(pub(crate) Errno);

impl std::fmt::Display for Strerror {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = std::io::Error::from_raw_os_error(self.0 as i32).to_string();
        let suffix = format!(" (os error {})", self.0 as i32);
        f.write_str(text.strip_suffix(&suffix).unwrap_or(&text))
    }
}

/// The C name of an errno (`ECONNREFUSED`), as the man pages spell it —
/// the name to look for in a man page's ERRORS section. (C has no such
/// function; glibc's `strerrorname_np` is the closest.)
///
/// ```
/// use socklab::*;
/// assert_eq!(errno_name(Errno::ECONNREFUSED), "ECONNREFUSED");
/// ```
pub fn errno_name(errno: Errno) -> String {
    // nix's Debug prints the variant, which is the C name.
    format!("{errno:?}")
}

impl From<Error> for std::io::Error {
    /// Lets `?` carry a socklab error out of a function returning
    /// `std::io::Result`, keeping the perror-style text.
    fn from(err: Error) -> std::io::Error {
        let kind = match &err {
            Error::Sys { errno, .. } => std::io::Error::from_raw_os_error(*errno as i32).kind(),
            Error::Invalid { .. } => std::io::ErrorKind::InvalidInput,
            Error::Peer { .. } => std::io::ErrorKind::UnexpectedEof,
            Error::Refused { .. } | Error::AddrInfo { .. } => std::io::ErrorKind::Other,
        };
        std::io::Error::new(kind, err.to_string())
    }
}

/// `perror(s)`—prints an error as one line on standard error: its text
/// and a newline, in a single write(2), as the C library's `perror` does.
///
/// socklab's [`Error`] already starts with the call's name
/// (`connect: Connection refused (ECONNREFUSED)`), so this prints it as
/// it is; it takes any `Display` so a usage message or a boxed error can go
/// the same way. (`eprintln!` would work too, but writes each piece of the
/// text with its own write(2) call, which shows under strace.) A failure to
/// write is ignored: there is nowhere left to report it.
///
/// Every example's `main` ends the same way:
///
/// ```no_run
/// fn run() -> Result<(), Box<dyn std::error::Error>> {
///     let fd = socklab::socket(socklab::AF_INET, socklab::SOCK_STREAM, 0)?;
///     # drop(fd);
///     Ok(())
/// }
///
/// fn main() {
///     if let Err(e) = run() {
///         socklab::perror(&e);
///         socklab::exit(1);
///     }
/// }
/// ```
///
#[doc = man_links!(perror(3))]
pub fn perror(err: &dyn std::fmt::Display) {
    let line = format!("{err}\n");
    // One write(2), as the C library's perror makes (std's stderr is
    // unbuffered, so write_all is that one call unless it is cut short).
    let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
}
