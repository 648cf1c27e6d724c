//! Trace mode (`SOCKLAB_TRACE=1`) against strace: what strace recorded
//! for one process, turned into the lines trace mode should have printed.
//!
//! Trace mode prints a call when it *returns to the program*, strace when
//! the kernel sees it. The two orders differ only around a signal handler:
//! - a call that had just returned when the signal came is printed by
//!   trace mode after the handler's own calls (the handler runs first);
//! - a call the signal interrupted shows in strace as `= ? ERESTARTSYS`;
//!   with `SA_RESTART` the C library never sees it (the kernel restarts
//!   it, and strace shows it again), without `SA_RESTART` it returns
//!   `-1 EINTR`, which strace shows as the result of `rt_sigreturn`.
//!
//! [`as_trace_mode`] applies exactly that, using strace's `--- SIGxxx`
//! line and the handler's closing `rt_sigreturn` (so `rt_sigreturn` must
//! be in strace's filter).
#![allow(dead_code)]

/// The system calls trace mode prints a line for, by strace's name of the
/// call: socklab's wrappers (`send` is `sendto`, `recv` is `recvfrom`,
/// `fork` is `clone`, `wait`/`waitpid` are `wait4`, `signal` is
/// `rt_sigaction`, `select` is `pselect6`, `gethostname` is `uname`,
/// `exit` is `exit_group`).
pub const COVERED: &[&str] = &[
    "socket",
    "socketpair",
    "bind",
    "listen",
    "accept",
    "connect",
    "read",
    "write",
    "sendto",
    "recvfrom",
    "shutdown",
    "close",
    "setsockopt",
    "getsockopt",
    "getsockname",
    "getpeername",
    "clone",
    "wait4",
    "unlink",
    "dup",
    "dup2",
    "rt_sigaction",
    "pselect6",
    "poll",
    "uname",
    "exit_group",
    // [ch20]
    "rt_sigprocmask",
    "pipe2",
    // [ch14]
    "alarm",
    "ioctl",
    "readv",
    "writev",
    "sendmsg",
    "recvmsg",
    "epoll_create1",
    "epoll_ctl",
    "epoll_wait",
];

/// Whether trace mode prints a line for a call strace shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Not a call socklab makes (or not one it prints).
    Never,
    /// `read`/`write`/`close` on something that is not a socket: socklab's
    /// if the program called socklab's function (`close(fd)` on a `dup` of
    /// stdout), or std's and the C library's (`println!` writes to 1, a
    /// `File` closes itself, the runtime reads `/proc/self/maps`). And
    /// `exit_group`: socklab's `exit`, or a `main` that returned.
    Maybe,
    /// A covered call on a socket, or one that takes no descriptor.
    Always,
}

/// Does trace mode print a line for this (raw, `-y`) strace line?
pub fn kind(raw: &str) -> Kind {
    let call = raw.split('(').next().unwrap_or("");
    if !COVERED.contains(&call) {
        return Kind::Never;
    }
    if call == "exit_group" {
        return Kind::Maybe;
    }
    if matches!(call, "read" | "write" | "close") {
        let args = raw.split_once('(').map_or("", |(_, a)| a);
        let digits = args.bytes().take_while(u8::is_ascii_digit).count();
        let after = &args[digits..];
        if after.starts_with('<') && !after.starts_with("<socket:") {
            return Kind::Maybe;
        }
    }
    Kind::Always
}

/// Would trace mode print a line for this (raw) strace line, for sure or
/// perhaps? (See [`Kind`].)
pub fn printed_by_socklab(raw: &str) -> bool {
    kind(raw) != Kind::Never
}

/// The lines trace mode should have printed: every [`Kind::Always`] line,
/// and each [`Kind::Maybe`] line that trace mode printed at that point
/// (matched in order: a `Maybe` line counts if it equals the next line
/// trace mode printed).
pub fn expected(strace: &[(String, Kind)], printed: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut j = 0;
    for (line, kind) in strace {
        let next_printed = printed.get(j).is_some_and(|p| p == line);
        match kind {
            Kind::Never => {}
            Kind::Maybe if !next_printed => {}
            _ => {
                out.push(line.clone());
                if next_printed {
                    j += 1;
                }
            }
        }
    }
    out
}

/// strace's lines for one process (raw, with `-y`), in the order trace
/// mode prints them, with the interrupted calls resolved (see the module
/// documentation). Signal lines and `rt_sigreturn` are dropped.
pub fn as_trace_mode(raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let line = &raw[i];
        if !line.starts_with("--- ") {
            if !line.starts_with("rt_sigreturn(") {
                out.push(line.clone());
            }
            i += 1;
            continue;
        }
        // A signal. The call just before it, if trace mode has not printed
        // it yet: its trace line would be the next line in strace's file
        // (a write to 2), so a call line right before the signal is one
        // whose trace line comes after the handler.
        let pending = match out.last() {
            Some(prev) if printed_by_socklab(prev) => out.pop(),
            _ => None,
        };
        // The handler's calls: up to its rt_sigreturn, unless another
        // signal line comes first (then no handler ran: default action).
        let rest = &raw[i + 1..];
        let end = rest
            .iter()
            .position(|l| l.starts_with("rt_sigreturn(") || l.starts_with("--- "));
        let handler_end = end.filter(|&j| rest[j].starts_with("rt_sigreturn("));
        match handler_end {
            Some(j) => {
                out.extend(rest[..j].iter().cloned());
                let sigreturn = &rest[j];
                if let Some(call) = pending {
                    out.extend(resolve(
                        call,
                        sigreturn.ends_with("= -1 EINTR (Interrupted system call)"),
                    ));
                }
                i += 1 + j + 1;
            }
            None => {
                // no handler: an interrupted call is restarted by the kernel
                out.extend(pending.and_then(|c| resolve(c, false)));
                i += 1;
            }
        }
    }
    // Calls a signal ended for good (the test's SIGTERM) or that never
    // returned: trace mode never printed them.
    out.retain(|l| !l.contains(" = ? ERESTART") && !l.ends_with("<unfinished ...>"));
    out
}

/// The call that was pending when a signal came: as it is if it had
/// completed; if the signal interrupted it, `-1 EINTR` when the handler
/// returned EINTR to it, nothing when it was restarted.
fn resolve(call: String, eintr: bool) -> Option<String> {
    match call.split_once(" = ? ERESTART") {
        None => Some(call),
        Some((head, _)) if eintr => Some(format!("{head} = -1 EINTR (Interrupted system call)")),
        Some(_) => None,
    }
}

/// The differences between strace's line and trace mode's that are there
/// by design, removed from a normalised strace line:
/// - `clone(…, child_tidptr=0x…)`: the pointer only the C library knows;
/// - `pselect6(…) = 1 (in [4], left {tv_sec=1, tv_nsec=999998071})`: the
///   time left, which the program gets in microseconds;
/// - `rt_sigaction`: `sa_restorer=0x…` (the C library's), and the old
///   action's signal mask, which socklab does not decode (it prints
///   `sa_mask=[]`; strace shows `[PIPE]` for the action the Rust runtime
///   set).
pub fn by_design(line: &str) -> String {
    let mut line = line.replace(", child_tidptr=0x...", "");
    if line.starts_with("pselect6(")
        && let Some((head, tail)) = line.split_once("left {tv_sec=")
        && let Some((sec, rest)) = tail.split_once(", tv_nsec=")
    {
        // select's time left: strace reads the kernel's nanoseconds, the
        // C library hands the program microseconds (a timeval)
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let micros = rest[..digits].parse::<u64>().unwrap_or(0) / 1000;
        line = format!(
            "{head}left {{tv_sec={sec}, tv_nsec={}{}",
            micros * 1000,
            &rest[digits..]
        );
    }
    if line.starts_with("rt_sigaction(") {
        line = line.replace(", sa_restorer=0x...", "");
        let mut out = String::new();
        let mut rest = line.as_str();
        while let Some(i) = rest.find("sa_mask=[") {
            let (head, tail) = rest.split_at(i + "sa_mask=[".len());
            out.push_str(head);
            rest = tail.find(']').map_or(tail, |j| &tail[j..]);
        }
        out.push_str(rest);
        line = out;
    }
    line
}

/// The trace-mode lines in a program's standard error, with the pid each
/// belongs to (`[pid N]`, or `root` before the first fork). Other lines
/// (the program's own messages) are skipped: a trace line is
/// `name(…) = result`.
pub fn trace_lines(stderr: &str, root: u32) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for line in stderr.lines() {
        let (pid, text) = match line.strip_prefix("[pid ") {
            Some(rest) => match rest.split_once("] ") {
                Some((pid, text)) => (pid.trim().parse().unwrap_or(0), text),
                None => continue,
            },
            None => (root, line),
        };
        let name = text.split('(').next().unwrap_or("");
        let is_call = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            && text.contains(") = ");
        if is_call {
            out.push((pid, text.to_string()));
        }
    }
    out
}

#[cfg(test)]
mod unit {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
    }

    /// Recorded from a real run: a SIGCHLD handler reaping with
    /// waitpid(WNOHANG) while the main program sat in wait4.
    #[test]
    fn a_call_that_returned_as_the_signal_came_is_printed_after_the_handler() {
        let raw = lines(
            "close(4<socket:[1]>) = 0
write(2<pipe:[9]>, \"[pid  8571] close(4) = 0\\n\", 25) = 25
wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 8572
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=8572} ---
wait4(-1, 0x7ffc99299ae4, WNOHANG, NULL) = -1 ECHILD (No child processes)
write(2<pipe:[9]>, \"[pid  8571] wait4(-1, 0x..., WNO\"..., 77) = 77
rt_sigreturn({mask=[]}) = 8572
write(2<pipe:[9]>, \"[pid  8571] wait4(-1, [{WIFEXITE\"..., 79) = 79",
        );
        let got: Vec<String> = as_trace_mode(&raw)
            .into_iter()
            .filter(|l| kind(l) == Kind::Always)
            .collect();
        assert_eq!(
            got,
            [
                "close(4<socket:[1]>) = 0",
                "wait4(-1, 0x7ffc99299ae4, WNOHANG, NULL) = -1 ECHILD (No child processes)",
                "wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 8572",
            ]
        );
    }

    #[test]
    fn interrupted_calls_are_restarted_or_fail_with_eintr() {
        let raw = lines(
            "accept(3<socket:[1]>, 0x7ffc0, [128]) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
--- SIGCHLD {si_signo=SIGCHLD} ---
wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], WNOHANG, NULL) = 12
rt_sigreturn({mask=[]}) = -1 EINTR (Interrupted system call)
accept(3<socket:[1]>, 0x7ffc0, [128]) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
--- SIGCHLD {si_signo=SIGCHLD} ---
wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], WNOHANG, NULL) = 13
rt_sigreturn({mask=[]}) = 43
accept(3<socket:[1]>, {sa_family=AF_INET}, [128 => 16]) = 4<socket:[2]>
accept(3<socket:[1]>, 0x7ffc0, [128]) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
--- SIGTERM {si_signo=SIGTERM} ---",
        );
        assert_eq!(
            as_trace_mode(&raw),
            [
                "wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], WNOHANG, NULL) = 12",
                "accept(3<socket:[1]>, 0x7ffc0, [128]) = -1 EINTR (Interrupted system call)",
                "wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], WNOHANG, NULL) = 13",
                "accept(3<socket:[1]>, {sa_family=AF_INET}, [128 => 16]) = 4<socket:[2]>",
            ]
        );
    }

    #[test]
    fn by_design_differences() {
        assert_eq!(
            by_design(
                "rt_sigaction(SIGPIPE, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=SA_RESTORER, sa_restorer=0x...}, \
                 {sa_handler=SIG_IGN, sa_mask=[PIPE], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x...}, 8) = 0"
            ),
            "rt_sigaction(SIGPIPE, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=SA_RESTORER}, \
             {sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTORER|SA_RESTART}, 8) = 0"
        );
        assert_eq!(
            by_design(
                "pselect6(6, [4 5], NULL, NULL, {tv_sec=2, tv_nsec=0}, NULL) = 1 (in [5], left {tv_sec=1, tv_nsec=999998071})"
            ),
            "pselect6(6, [4 5], NULL, NULL, {tv_sec=2, tv_nsec=0}, NULL) = 1 (in [5], left {tv_sec=1, tv_nsec=999998000})"
        );
        assert_eq!(
            by_design("clone(child_stack=NULL, flags=SIGCHLD, child_tidptr=0x...) = 7"),
            "clone(child_stack=NULL, flags=SIGCHLD) = 7"
        );
    }

    #[test]
    fn a_maybe_line_counts_only_when_trace_mode_printed_it() {
        let strace = [
            ("dup(1) = 5".to_string(), Kind::Always),
            ("write(1, \"x\", 1) = 1".to_string(), Kind::Maybe),
            ("close(5) = 0".to_string(), Kind::Maybe),
            ("close(3) = 0".to_string(), Kind::Always),
        ];
        let printed: Vec<String> = ["dup(1) = 5", "close(5) = 0", "close(3) = 0"]
            .map(String::from)
            .to_vec();
        assert_eq!(expected(&strace, &printed), printed);
    }

    #[test]
    fn finds_trace_lines_among_messages() {
        let got = trace_lines(
            "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3\nconnect: Connection refused (ECONNREFUSED)\n[pid  42] close(3) = 0\n",
            7,
        );
        assert_eq!(
            got,
            [
                (
                    7,
                    "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3".to_string()
                ),
                (42, "close(3) = 0".to_string())
            ]
        );
    }
}
