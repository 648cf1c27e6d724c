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

pub use nix::errno::Errno;

/// The result of every socklab call: the C call's value, or the [`Error`]
/// that says which call failed and why.
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
/// if err.errno() == Errno::EINTR {
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
    /// Builds the error of a system call that failed with `errno`.
    pub fn sys(call: &'static str, errno: Errno) -> Error {
        Error::Sys { call, errno }
    }

    /// Builds the error of an argument refused before any system call.
    pub fn invalid(call: &'static str, what: impl Into<String>) -> Error {
        Error::Invalid {
            call,
            what: what.into(),
        }
    }

    /// The name of the C call that failed, e.g. `"connect"`.
    pub fn call(&self) -> &'static str {
        match self {
            Error::Sys { call, .. } | Error::Invalid { call, .. } => call,
            Error::AddrInfo { .. } => "getaddrinfo",
        }
    }

    /// The errno of the failure: the kernel's for a system call,
    /// `EINVAL` for a refused argument, and for `getaddrinfo` `ENOENT`
    /// (the name does not resolve) or the errno behind `EAI_SYSTEM`.
    pub fn errno(&self) -> Errno {
        match self {
            Error::Sys { errno, .. } => *errno,
            Error::Invalid { .. } => Errno::EINVAL,
            Error::AddrInfo { .. } => Errno::ENOENT,
        }
    }
}

/// `strerror(errno)`: the C library's text, exactly what perror prints.
pub(crate) struct Strerror(pub(crate) Errno);

impl std::fmt::Display for Strerror {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(crate::sys::strerror(self.0, &mut [0; 128]))
    }
}

/// The C name of an errno (`ECONNREFUSED`), as the man pages spell it.
pub fn errno_name(errno: Errno) -> String {
    // nix's Debug prints the variant, which is the C name.
    format!("{errno:?}")
}

impl From<Error> for std::io::Error {
    /// Lets `?` carry a socklab error out of a function returning
    /// `std::io::Result`, keeping the perror-style text.
    fn from(err: Error) -> std::io::Error {
        let kind = std::io::Error::from_raw_os_error(err.errno() as i32).kind();
        std::io::Error::new(kind, err.to_string())
    }
}
