//! `<syslog.h>`—a daemon's messages: [`openlog`], [`syslog`], [`closelog`]
//! and the `LOG_*` names (UNP §13.2–13.4).
//!
//! A daemon has no terminal to print to; it sends its messages to the
//! system logger, `syslogd`, which listens on the AF_UNIX datagram socket
//! `/dev/log` and writes each message where its configuration says (a
//! file, the console, another machine). These are the C library's own
//! functions, called as they are, so a socklab daemon under strace sends
//! exactly what its C twin sends:
//!
//! 1. [`openlog`]`(ident, LOG_PID, facility)` only remembers its
//!    arguments (no system call, unless `LOG_NDELAY`);
//! 2. the first [`syslog`] makes `socket(AF_UNIX, SOCK_DGRAM|SOCK_CLOEXEC, 0)`
//!    and `connect(fd, {sa_family=AF_UNIX, sun_path="/dev/log"}, 110)`,
//!    then one `sendto(fd, "<14>Dec  6 03:00:00 ident[4242]: text", …,
//!    MSG_NOSIGNAL, NULL, 0)` per message: `<14>` is the priority,
//!    facility × 8 + level (`LOG_USER | LOG_INFO` = 8 + 6);
//! 3. [`closelog`] closes that descriptor.
//!
//! Without a logger on `/dev/log` the connect fails and the message is
//! lost (or, with `LOG_CONS`, written to `/dev/console`). socklab's
//! `ch13_syslogd` example is a small logger to run in its place.
//!
//! Trace mode prints none of these calls: like `getaddrinfo`'s, they are
//! the C library's own, on a descriptor socklab never sees (run the
//! program under strace to see them).

use libc::c_int;

use crate::error::Result;
use crate::sys;

/// `LOG_EMERG`—level 0: the system is unusable.
pub const LOG_EMERG: c_int = libc::LOG_EMERG;
/// `LOG_ALERT`—level 1: act at once.
pub const LOG_ALERT: c_int = libc::LOG_ALERT;
/// `LOG_CRIT`—level 2: critical condition.
pub const LOG_CRIT: c_int = libc::LOG_CRIT;
/// `LOG_ERR`—level 3: an error (the book's `err_sys`, `err_quit`).
pub const LOG_ERR: c_int = libc::LOG_ERR;
/// `LOG_WARNING`—level 4.
pub const LOG_WARNING: c_int = libc::LOG_WARNING;
/// `LOG_NOTICE`—level 5: normal but significant (syslog's default level).
pub const LOG_NOTICE: c_int = libc::LOG_NOTICE;
/// `LOG_INFO`—level 6: information (the book's `err_msg`).
pub const LOG_INFO: c_int = libc::LOG_INFO;
/// `LOG_DEBUG`—level 7.
pub const LOG_DEBUG: c_int = libc::LOG_DEBUG;

/// `LOG_KERN`—facility 0, the kernel's. The book's `daemon_init(argv[0], 0)`
/// passes 0 to `openlog`, and glibc (2.36 and later) takes it as this
/// facility: such a daemon's messages arrive as `kern.info` (`<6>`).
pub const LOG_KERN: c_int = libc::LOG_KERN;
/// `LOG_USER`—facility 1 (× 8): user programs; the default.
pub const LOG_USER: c_int = libc::LOG_USER;
/// `LOG_MAIL`—facility 2: the mail system.
pub const LOG_MAIL: c_int = libc::LOG_MAIL;
/// `LOG_DAEMON`—facility 3: system daemons.
pub const LOG_DAEMON: c_int = libc::LOG_DAEMON;
/// `LOG_AUTH`—facility 4: security and authorisation.
pub const LOG_AUTH: c_int = libc::LOG_AUTH;
/// `LOG_SYSLOG`—facility 5: the logger's own messages.
pub const LOG_SYSLOG: c_int = libc::LOG_SYSLOG;
/// `LOG_LPR`—facility 6: printing.
pub const LOG_LPR: c_int = libc::LOG_LPR;
/// `LOG_NEWS`—facility 7.
pub const LOG_NEWS: c_int = libc::LOG_NEWS;
/// `LOG_UUCP`—facility 8.
pub const LOG_UUCP: c_int = libc::LOG_UUCP;
/// `LOG_CRON`—facility 9: cron and at.
pub const LOG_CRON: c_int = libc::LOG_CRON;
/// `LOG_AUTHPRIV`—facility 10: private security messages.
pub const LOG_AUTHPRIV: c_int = libc::LOG_AUTHPRIV;
/// `LOG_FTP`—facility 11.
pub const LOG_FTP: c_int = libc::LOG_FTP;
/// `LOG_LOCAL0`—facility 16, free for local use (so are `LOG_LOCAL1`…`7`).
pub const LOG_LOCAL0: c_int = libc::LOG_LOCAL0;
/// `LOG_LOCAL1`—facility 17.
pub const LOG_LOCAL1: c_int = libc::LOG_LOCAL1;
/// `LOG_LOCAL2`—facility 18.
pub const LOG_LOCAL2: c_int = libc::LOG_LOCAL2;
/// `LOG_LOCAL3`—facility 19.
pub const LOG_LOCAL3: c_int = libc::LOG_LOCAL3;
/// `LOG_LOCAL4`—facility 20.
pub const LOG_LOCAL4: c_int = libc::LOG_LOCAL4;
/// `LOG_LOCAL5`—facility 21.
pub const LOG_LOCAL5: c_int = libc::LOG_LOCAL5;
/// `LOG_LOCAL6`—facility 22.
pub const LOG_LOCAL6: c_int = libc::LOG_LOCAL6;
/// `LOG_LOCAL7`—facility 23.
pub const LOG_LOCAL7: c_int = libc::LOG_LOCAL7;

/// `LOG_PID`—[`openlog`] option: put the process id in each message
/// (`ident[4242]: …`).
pub const LOG_PID: c_int = libc::LOG_PID;
/// `LOG_CONS`—option: if the logger cannot be reached, write the message
/// to `/dev/console`.
pub const LOG_CONS: c_int = libc::LOG_CONS;
/// `LOG_ODELAY`—option: connect at the first message (the default).
pub const LOG_ODELAY: c_int = libc::LOG_ODELAY;
/// `LOG_NDELAY`—option: connect to `/dev/log` in `openlog` itself.
pub const LOG_NDELAY: c_int = libc::LOG_NDELAY;
/// `LOG_NOWAIT`—option: obsolete, ignored on Linux.
pub const LOG_NOWAIT: c_int = libc::LOG_NOWAIT;
/// `LOG_PERROR`—option: also write each message to standard error.
pub const LOG_PERROR: c_int = libc::LOG_PERROR;

/// `LOG_PRI(p)`—the level of a priority (its low three bits).
///
/// ```
/// use socklab::syslog::*;
/// assert_eq!(LOG_PRI(LOG_USER | LOG_INFO), LOG_INFO);
/// ```
#[allow(non_snake_case)]
pub const fn LOG_PRI(priority: c_int) -> c_int {
    priority & libc::LOG_PRIMASK
}

/// `LOG_FAC(p)`—the facility number of a priority (0 kern, 1 user, 3
/// daemon…): the priority without its level, divided by 8.
///
/// ```
/// use socklab::syslog::*;
/// assert_eq!(LOG_FAC(LOG_USER | LOG_INFO), 1);
/// assert_eq!(LOG_FAC(LOG_LOCAL7 | LOG_ERR), 23);
/// ```
#[allow(non_snake_case)]
pub const fn LOG_FAC(priority: c_int) -> c_int {
    (priority & libc::LOG_FACMASK) >> 3
}

/// `openlog(ident, option, facility)`—sets what each later [`syslog`]
/// message carries: `ident` (usually the program's name) at its start,
/// the pid with `LOG_PID`, and `facility` (`LOG_USER`, `LOG_DAEMON`,
/// `LOG_LOCAL0`…) in its priority. Before any `openlog` the facility is
/// `LOG_USER`; an `openlog` with facility 0 sets `LOG_KERN` (glibc 2.36).
///
/// No system call unless `option` has `LOG_NDELAY` (then the C library
/// connects to `/dev/log` at once). The C library keeps a pointer to the
/// ident, so socklab keeps the string alive until the next `openlog`.
///
/// # Errors
/// Only an `ident` with a NUL byte, refused before the call.
///
/// ```
/// use socklab::syslog::*;
/// openlog("myserver", LOG_PID, LOG_DAEMON)?;
/// closelog();
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(openlog(3), posix: closelog)]
pub fn openlog(ident: &str, option: c_int, facility: c_int) -> Result<()> {
    let ident = sys::cstring("openlog", ident)?;
    sys::openlog(Some(ident), option, facility);
    Ok(())
}

/// `syslog(priority, "%s", message)`—sends `message` to the system logger,
/// with `priority` = a level (`LOG_INFO`, `LOG_ERR`…), optionally or-ed
/// with a facility (otherwise [`openlog`]'s).
///
/// The message is passed as an argument of the format `"%s"`, never as the
/// format itself, so a `%` in it is printed, not interpreted. The first
/// message connects to `/dev/log` (socket and connect), each message is
/// one `sendto`, as the module documentation shows. Nothing is reported
/// back: a message no logger received is silently lost, as in C.
///
/// # Errors
/// Only a `message` with a NUL byte, refused before the call.
///
/// ```no_run
/// use socklab::syslog::*;
/// openlog("ch13_daytimetcpsrv2", LOG_PID, LOG_USER)?;
/// syslog(LOG_INFO, "connection from 127.0.0.1:51234")?;
/// // on /dev/log: "<14>Dec  6 03:00:00 ch13_daytimetcpsrv2[4242]: connection from 127.0.0.1:51234"
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(syslog(3))]
pub fn syslog(priority: c_int, message: &str) -> Result<()> {
    let message = sys::cstring("syslog", message)?;
    sys::syslog(priority, &message);
    Ok(())
}

/// `closelog()`—closes the descriptor [`syslog`] opened to `/dev/log`
/// (a `close` if one was open). The next `syslog` opens it again.
///
/// ```
/// socklab::syslog::closelog();
/// ```
///
#[doc = man_links!(closelog(3))]
pub fn closelog() {
    sys::closelog();
}
