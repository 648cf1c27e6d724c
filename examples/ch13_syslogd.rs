//! `ch13_syslogd path` — UNP vol. 1, chapter 13, §13.2: a tiny **system
//! logger**, socklab's own program, so the chapter's daemons have someone
//! to talk to on a machine without syslogd. It binds an AF_UNIX datagram
//! socket to `path` (the C library's `syslog` sends to `/dev/log`),
//! receives each message and prints it the way a logger writes its file,
//! with the priority spelled out:
//!
//! ```text
//! kern.info Dec  6 03:30:00 ch13_daytimetcpsrv2[4242]: connection from 127.0.0.1:51234
//! ```
//!
//! On SIGINT (Ctrl-C) or SIGTERM it removes `path` and ends. It does not
//! remove a `path` that is already there (`bind: Address already in use
//! (EADDRINUSE)`): that may be the machine's own logger.
//!
//! To be the logger of a daemon, it must be `/dev/log`. Do not take the
//! machine's: give it a `/dev` of its own, in a private mount namespace
//! (root; `docs/unp/ch13.md` has the whole transcript):
//!
//! ```text
//! # unshare -m sh -c 'mount -t tmpfs tmpfs /dev && mknod -m 666 /dev/null c 1 3 &&
//!     target/debug/examples/ch13_syslogd /dev/log & sleep 1;
//!     target/debug/examples/ch13_daytimetcpsrv2 127.0.0.1 1313; sleep 1;
//!     target/debug/examples/ch11_daytimetcpcli 127.0.0.1 1313; wait'
//! bound to /dev/log
//! kern.info Dec  6 03:30:00 target/debug/examples/ch13_daytimetcpsrv2[4243]: listening on 127.0.0.1:1313
//! connected to 127.0.0.1
//! Sun Dec  6 03:30:01 2026
//! kern.info Dec  6 03:30:01 target/debug/examples/ch13_daytimetcpsrv2[4243]: connection from 127.0.0.1:51234
//! ```
//!
//! Under strace: `socket(AF_UNIX, SOCK_DGRAM, 0) = 3`, `bind(3,
//! {sa_family=AF_UNIX, sun_path="/dev/log"}, 110) = 0`, then per message
//! `recvfrom(3, "<6>Dec  6 03:30:00 …", 4096, 0, NULL, NULL) = 95`; after
//! Ctrl-C `recvfrom(…) = ? ERESTARTSYS`, `--- SIGINT ---`, `unlink("/dev/log")`.
//!
//! The lesson: syslog is nothing but datagrams on an AF_UNIX socket.
//! C twin: `docs/c/ch13_syslogd.c`.
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

use socklab::*;

const USAGE: &str =
    "usage: ch13_syslogd path   (an AF_UNIX datagram socket; syslog(3) sends to /dev/log)";

/// Set by the handler of SIGINT and SIGTERM: time to remove the path.
static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn sig_stop(_signo: c_int) {
    STOP.store(true, Relaxed);
}

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let [_, path] = args.as_slice() else {
        return Err(USAGE.into());
    };
    let servaddr = sockaddr_un::new(path)?;

    let sockfd = socket(AF_UNIX, SOCK_DGRAM, 0)?;
    bind(&sockfd, &servaddr)?;
    // from here on the path is ours: removed however the loop ends
    let res = serve(&sockfd, path);
    unlink(path)?;
    res?;
    exit(0);
}

/// Prints each message until SIGINT or SIGTERM (Ok) or an error.
fn serve(sockfd: &Fd, path: &str) -> std::result::Result<(), Box<dyn std::error::Error>> {
    printf!("bound to {path}\n")?;
    // no SA_RESTART: the signal ends the blocked recvfrom with EINTR
    signal(SIGINT, SigHandler::Handler(sig_stop), 0)?;
    signal(SIGTERM, SigHandler::Handler(sig_stop), 0)?;

    let mut buf = [0u8; MAXLINE];
    loop {
        // SIGINT or SIGTERM: here, or while we were printing
        if STOP.load(Relaxed) {
            return Ok(());
        }
        let n = match recv(sockfd, &mut buf, 0) {
            Ok(n) => n,
            Err(e) if e.errno() == Some(Errno::EINTR) => continue, // the flag is looked at above
            Err(e) => return Err(e.into()),
        };
        let text = String::from_utf8_lossy(&buf[..n]);
        let text = text.trim_end_matches(['\n', '\0']);
        printf!("{}\n", as_logged(text))?;
    }
}

/// `<14>Dec  6 03:30:00 ident[4242]: text` as a logger writes it:
/// `user.info Dec  6 03:30:00 ident[4242]: text`. A message without a
/// `<priority>` is printed as it came.
fn as_logged(msg: &str) -> String {
    let parsed = msg
        .strip_prefix('<')
        .and_then(|rest| rest.split_once('>'))
        .and_then(|(pri, rest)| Some((pri.parse::<c_int>().ok()?, rest)));
    match parsed {
        Some((pri, rest)) => format!(
            "{}.{} {rest}",
            facility_name(LOG_FAC(pri)),
            LEVELS[LOG_PRI(pri) as usize]
        ),
        None => msg.to_string(),
    }
}

const LEVELS: [&str; 8] = [
    "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
];

fn facility_name(facility: c_int) -> String {
    const NAMES: [&str; 12] = [
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron",
        "authpriv", "ftp",
    ];
    match facility {
        0..12 => NAMES[facility as usize].to_string(),
        16..=23 => format!("local{}", facility - 16),
        _ => format!("facility{facility}"),
    }
}
