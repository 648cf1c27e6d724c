//! strace's ways of printing values: quoted buffers, C constant names,
//! flag sets — the vocabulary the printers in [`calls`](super::calls) use.

use std::fmt::{self, Display, Write as _};

use libc::c_int;

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

// [ch24 block]
impl Sym {
    /// Has the value a name (`SIGIO`), or does it print as a number?
    pub(crate) fn is_named(&self) -> bool {
        self.name.is_some()
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
                // chapter 23
                (libc::IPPROTO_SCTP, "IPPROTO_SCTP"),
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
            // chapter 23
            (libc::IPPROTO_SCTP, "SOL_SCTP"),
        ],
    )
}

/// send/recv flags: `0`, `MSG_PEEK`, `MSG_WAITALL|MSG_DONTWAIT`…
pub(crate) fn msg_flags(flags: c_int) -> impl Display {
    const TABLE: &[(i64, &str)] = &[
        (libc::MSG_OOB as i64, "MSG_OOB"),
        (libc::MSG_PEEK as i64, "MSG_PEEK"),
        (libc::MSG_DONTROUTE as i64, "MSG_DONTROUTE"),
        // [ch15] a control message did not fit (recvmsg's msg_flags)
        (libc::MSG_CTRUNC as i64, "MSG_CTRUNC"),
        (libc::MSG_DONTWAIT as i64, "MSG_DONTWAIT"),
        (libc::MSG_EOR as i64, "MSG_EOR"),
        (libc::MSG_WAITALL as i64, "MSG_WAITALL"),
        #[cfg(target_os = "linux")]
        (libc::MSG_NOSIGNAL as i64, "MSG_NOSIGNAL"),
        #[cfg(target_os = "linux")]
        (libc::MSG_TRUNC as i64, "MSG_TRUNC"),
        // chapter 23: SCTP's MSG_NOTIFICATION is this bit, which strace names MSG_MORE
        #[cfg(target_os = "linux")]
        (libc::MSG_MORE as i64, "MSG_MORE"),
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
        (super::calls::SA_RESTORER as i64, "SA_RESTORER"),
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

// [ch14 block] epoll's event bits, as strace prints them.

/// epoll events: `EPOLLIN`, `EPOLLIN|EPOLLOUT`…
pub(crate) fn epoll_events(events: u32) -> impl Display {
    const TABLE: &[(i64, &str)] = &[
        (libc::EPOLLIN as i64, "EPOLLIN"),
        (libc::EPOLLPRI as i64, "EPOLLPRI"),
        (libc::EPOLLOUT as i64, "EPOLLOUT"),
        (libc::EPOLLERR as i64, "EPOLLERR"),
        (libc::EPOLLHUP as i64, "EPOLLHUP"),
        (libc::EPOLLRDNORM as i64, "EPOLLRDNORM"),
        (libc::EPOLLRDBAND as i64, "EPOLLRDBAND"),
        (libc::EPOLLWRNORM as i64, "EPOLLWRNORM"),
        (libc::EPOLLWRBAND as i64, "EPOLLWRBAND"),
        (libc::EPOLLMSG as i64, "EPOLLMSG"),
        (libc::EPOLLRDHUP as i64, "EPOLLRDHUP"),
        (libc::EPOLLEXCLUSIVE as i64, "EPOLLEXCLUSIVE"),
        (libc::EPOLLWAKEUP as i64, "EPOLLWAKEUP"),
        (libc::EPOLLONESHOT as i64, "EPOLLONESHOT"),
        (libc::EPOLLET as u32 as i64, "EPOLLET"),
    ];
    Flags {
        value: i64::from(events),
        table: TABLE,
        zero: "0",
    }
}

/// open(2)'s flags as strace prints them: the access mode first
/// (`O_RDONLY`, `O_WRONLY`, `O_RDWR`), then the others in strace's order,
/// `O_RDWR|O_NONBLOCK|O_LARGEFILE`.
pub(crate) fn open_flags(flags: c_int) -> impl Display {
    // The kernel reports O_LARGEFILE in F_GETFL on 64-bit systems, where
    // the C headers define it as 0; this is its kernel value on x86-64.
    #[cfg(target_arch = "x86_64")]
    const O_LARGEFILE: i64 = 0o100000;
    #[cfg(not(target_arch = "x86_64"))]
    const O_LARGEFILE: i64 = libc::O_LARGEFILE as i64;
    const TABLE: &[(i64, &str)] = &[
        (libc::O_CREAT as i64, "O_CREAT"),
        (libc::O_EXCL as i64, "O_EXCL"),
        (libc::O_NOCTTY as i64, "O_NOCTTY"),
        (libc::O_TRUNC as i64, "O_TRUNC"),
        (libc::O_APPEND as i64, "O_APPEND"),
        (libc::O_NONBLOCK as i64, "O_NONBLOCK"),
        (libc::O_SYNC as i64, "O_SYNC"),
        (libc::O_DSYNC as i64, "O_DSYNC"),
        (libc::O_ASYNC as i64, "O_ASYNC"),
        (libc::O_DIRECT as i64, "O_DIRECT"),
        (O_LARGEFILE, "O_LARGEFILE"),
        (libc::O_DIRECTORY as i64, "O_DIRECTORY"),
        (libc::O_NOFOLLOW as i64, "O_NOFOLLOW"),
        (libc::O_NOATIME as i64, "O_NOATIME"),
        (libc::O_CLOEXEC as i64, "O_CLOEXEC"),
        (libc::O_PATH as i64, "O_PATH"),
    ];
    let mode = sym(
        flags & libc::O_ACCMODE,
        &[
            (libc::O_RDONLY, "O_RDONLY"),
            (libc::O_WRONLY, "O_WRONLY"),
            (libc::O_RDWR, "O_RDWR"),
        ],
    );
    let rest = Flags {
        value: i64::from(flags & !libc::O_ACCMODE),
        table: TABLE,
        zero: "",
    };
    let sep = if flags & !libc::O_ACCMODE != 0 {
        "|"
    } else {
        ""
    };
    DisplayFn(move |f| write!(f, "{mode}{sep}{rest}"))
}

/// The descriptor flags of `F_GETFD`/`F_SETFD`: `FD_CLOEXEC` or `0`.
pub(crate) fn fd_flags(flags: c_int) -> impl Display {
    const TABLE: &[(i64, &str)] = &[(libc::FD_CLOEXEC as i64, "FD_CLOEXEC")];
    Flags {
        value: i64::from(flags),
        table: TABLE,
        zero: "0",
    }
}

/// mmap's protection: `PROT_READ|PROT_WRITE`, `PROT_NONE`.
pub(crate) fn prot_flags(prot: c_int) -> impl Display {
    const TABLE: &[(i64, &str)] = &[
        (libc::PROT_READ as i64, "PROT_READ"),
        (libc::PROT_WRITE as i64, "PROT_WRITE"),
        (libc::PROT_EXEC as i64, "PROT_EXEC"),
    ];
    Flags {
        value: i64::from(prot),
        table: TABLE,
        zero: "PROT_NONE",
    }
}

/// mmap's flags: `MAP_SHARED|MAP_ANONYMOUS` (the sharing type first).
pub(crate) fn map_flags(flags: c_int) -> impl Display {
    const TABLE: &[(i64, &str)] = &[
        (libc::MAP_SHARED as i64, "MAP_SHARED"),
        (libc::MAP_PRIVATE as i64, "MAP_PRIVATE"),
        (libc::MAP_FIXED as i64, "MAP_FIXED"),
        (libc::MAP_ANONYMOUS as i64, "MAP_ANONYMOUS"),
        (libc::MAP_NORESERVE as i64, "MAP_NORESERVE"),
        (libc::MAP_POPULATE as i64, "MAP_POPULATE"),
    ];
    Flags {
        value: i64::from(flags),
        table: TABLE,
        zero: "0",
    }
}
