//! Shared by `tests/fidelity_strace.rs` and `tests/fidelity_trace.rs`: run
//! programs under `strace -f`, read what strace wrote, and turn it into
//! lines that can be compared.
//!
//! The pipeline, in the order the functions below apply it:
//! 1. [`read_strace`]: strace's `-o` file, with each call that another
//!    process interrupted (`accept(3,  <unfinished ...>` … `<... accept
//!    resumed>…`) joined back into one line.
//! 2. [`by_process`]: one list of lines per process, processes in the
//!    order of the process tree (the first process, then the children each
//!    `clone` created, in order), each named by its place in the tree
//!    (`server`, `server.1`, …) instead of its pid.
//! 3. [`Norm::line`]: one line made comparable: strace's column padding
//!    removed, `-y` decorations (`3<socket:[4711]>`) used, then removed,
//!    addresses, pids, ports and temporary paths replaced by names.
//! 4. [`drop_rust_runtime`]: what the Rust runtime does before `main`
//!    removed, from an explicit list.
#![allow(dead_code)]

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common;

pub mod scenarios;
pub mod trace_mode;

/// The system calls a sockets course talks about — strace's `-e trace=`
/// list. The list, plus `dup`/`dup3` next to `dup2`, the
/// multiplexing calls (`select` is `pselect6` in today's C library, `poll`
/// may be `ppoll`), `uname` (what `gethostname()` is on Linux) and
/// `exit_group`, how every process ends (so exit statuses are compared).
pub const CALLS: &[&str] = &[
    "socket",
    "socketpair",
    "bind",
    "listen",
    "accept",
    "accept4",
    "connect",
    "read",
    "write",
    "sendto",
    "recvfrom",
    "sendmsg",
    "recvmsg",
    "shutdown",
    "close",
    "setsockopt",
    "getsockopt",
    "getsockname",
    "getpeername",
    "clone",
    "clone3",
    "fork",
    "vfork",
    "wait4",
    "unlink",
    "dup",
    "dup2",
    "dup3",
    "rt_sigaction",
    "select",
    "pselect6",
    "poll",
    "ppoll",
    "uname",
    "exit_group",
];

/// Calls strace shows on any descriptor, of which only those on sockets
/// are kept: the C library reads its shared libraries and the Rust runtime
/// reads `/proc/self/maps` before `main`, and both print to 1 and 2.
const SOCKET_ONLY: &[&str] = &["read", "write", "close"];

/// What the Rust runtime (std's `init`, before `main`) makes of the calls
/// in [`CALLS`], in the order it makes them, after [`Norm::line`]. A C
/// program makes none of them. Each is removed from the start of a Rust
/// program's first process only, and only while they come in this order.
/// A pattern ending in `*` matches any line that starts with the rest.
///
/// The C runtime's start-up needs no list: before `main` the dynamic
/// loader only reads the shared libraries and closes them (`read(3,
/// "\177ELF…")`, `close(3)`), which the socket-only rule removes. (On an
/// error path C's `perror` makes a `dup(2)` that would show; the
/// scenarios run the programs' normal paths.)
///
/// Not in this list because the filter or the socket-only rule already
/// removes them: std reads `/proc/self/maps` (`open`, `read`, `close` of
/// a file) to find the main thread's stack guard, and sets up an
/// alternate signal stack (`sigaltstack`, `mmap`) for the SIGSEGV handler.
pub const RUST_RUNTIME: &[(&str, &str)] = &[
    (
        // `*`: any result (`0 (Timeout)`, or POLLHUP when standard input
        // is a pipe already closed by the writer)
        "poll([{fd=0, events=0}, {fd=1, events=0}, {fd=2, events=0}], 3, 0) = *",
        "std checks that 0, 1 and 2 are open (and opens /dev/null on any that is not), \
         so that no file or socket opened later lands on standard input, output or error",
    ),
    (
        "rt_sigaction(SIGPIPE, {sa_handler=SIG_IGN, sa_mask=[PIPE], sa_flags=SA_RESTORER|SA_RESTART, \
         sa_restorer=0x...}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0",
        "std ignores SIGPIPE: writing to a closed connection fails with EPIPE instead of \
         killing the program (socklab::restore_sigpipe() undoes it)",
    ),
    (
        "rt_sigaction(SIGSEGV, NULL, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0",
        "std's stack-overflow detector asks whether SIGSEGV already has a handler",
    ),
    (
        "rt_sigaction(SIGSEGV, {sa_handler=0x..., sa_mask=[], sa_flags=SA_RESTORER|SA_ONSTACK|SA_SIGINFO, \
         sa_restorer=0x...}, NULL, 8) = 0",
        "… and installs its own, to print \"thread 'main' has overflowed its stack\"",
    ),
    (
        "rt_sigaction(SIGBUS, NULL, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0",
        "the same for SIGBUS (a guard page can raise either)",
    ),
    (
        "rt_sigaction(SIGBUS, {sa_handler=0x..., sa_mask=[], sa_flags=SA_RESTORER|SA_ONSTACK|SA_SIGINFO, \
         sa_restorer=0x...}, NULL, 8) = 0",
        "",
    ),
];

/// SIGPIPE's action as the Rust runtime leaves it, as the "old action" of
/// a program's own first `rt_sigaction(SIGPIPE, …)`.
const RUST_SIGPIPE_OLD: &str =
    "{sa_handler=SIG_IGN, sa_mask=[PIPE], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x...}";
/// SIGPIPE's action when a C program starts.
const C_SIGPIPE_OLD: &str = "{sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}";

/// Removes [`RUST_RUNTIME`] from the start of a Rust program's first
/// process, and makes the program's own first SIGPIPE call look as it
/// would in C:
/// - `signal(SIGPIPE, SIG_IGN, 0)` reports the runtime's action as the old
///   one; C reports the default: the old action is replaced by C's.
/// - `restore_sigpipe()` (SIGPIPE back to SIG_DFL) only undoes the
///   runtime's setting: a C program starts there and makes no call, so the
///   line is dropped.
pub fn drop_rust_runtime(root: &mut Vec<String>) {
    drop_rust_prelude(root);
    let old_is_rust = format!("}}, {RUST_SIGPIPE_OLD}, 8) = ");
    if let Some(i) = root
        .iter()
        .position(|l| l.starts_with("rt_sigaction(SIGPIPE, "))
    {
        let line = &root[i];
        if line.contains(&old_is_rust) {
            if line.starts_with("rt_sigaction(SIGPIPE, {sa_handler=SIG_DFL,") {
                root.remove(i);
            } else {
                root[i] = line.replace(RUST_SIGPIPE_OLD, C_SIGPIPE_OLD);
            }
        }
    }
}

/// Removes [`RUST_RUNTIME`] from the start of a Rust program's first
/// process (normalised lines), as long as the lines come in that order.
pub fn drop_rust_prelude(root: &mut Vec<String>) {
    let mut skip = 0;
    for (pattern, _why) in RUST_RUNTIME {
        if matches_pattern(pattern, root.get(skip).map_or("", String::as_str)) {
            skip += 1;
        }
    }
    root.drain(..skip);
}

/// Does `line` match a [`RUST_RUNTIME`] pattern (`*` at the end: any
/// line that starts with the rest)?
pub fn matches_pattern(pattern: &str, line: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => line.starts_with(prefix),
        None => line == pattern,
    }
}

/// The C twins' explicit `sigaction(SIGPIPE, SIG_IGN)` with `sa_flags = 0`.
pub const C_IGNORES_SIGPIPE: &str = "rt_sigaction(SIGPIPE, {sa_handler=SIG_IGN, sa_mask=[], \
     sa_flags=SA_RESTORER, sa_restorer=0x...}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0";

/// The team's convention for SIGPIPE: a Rust program relies on the
/// runtime, which ignores SIGPIPE before `main` (the line
/// [`drop_rust_runtime`] removed), and its C twin says the same thing
/// explicitly with `sigaction(SIGPIPE, SIG_IGN)` (the comment in each twin:
/// "Rust's runtime ignores SIGPIPE before main; so do we"). When the Rust
/// process makes no SIGPIPE call of its own, the C process's first one,
/// if it is exactly that, is the counterpart of the runtime's and is
/// removed. Any other SIGPIPE call is compared as it is.
pub fn match_sigpipe_convention(c_root: &mut Vec<String>, rust_root: &[String]) {
    let is_sigpipe = |l: &String| l.starts_with("rt_sigaction(SIGPIPE, ");
    if rust_root.iter().any(is_sigpipe) {
        return;
    }
    if let Some(i) = c_root.iter().position(is_sigpipe)
        && c_root[i] == C_IGNORES_SIGPIPE
    {
        c_root.remove(i);
    }
}

// ---------------------------------------------------------------------
// Running programs under strace
// ---------------------------------------------------------------------

/// strace's command line: follow forks (`-f`), no attach/exit messages
/// (`-qq`), show what each descriptor is (`-y`: `3<socket:[4711]>`, so
/// reads and writes on sockets can be told from the others), only
/// [`CALLS`] (plus `extra`), into `out`.
pub fn strace_args(out: &Path, extra: &[&str]) -> Vec<String> {
    let mut calls: Vec<&str> = CALLS.to_vec();
    calls.extend_from_slice(extra);
    vec![
        "-f".into(),
        "-qq".into(),
        "-y".into(),
        "-e".into(),
        format!("trace={}", calls.join(",")),
        "-o".into(),
        out.display().to_string(),
        "--".into(),
    ]
}

/// The descendants of `pid` (children, grandchildren…), with their state
/// letter from `/proc` (`S` sleeping, `R` running, `Z` zombie…).
pub fn descendants(pid: u32) -> Vec<(u32, char)> {
    let mut out = Vec::new();
    let mut todo = vec![pid];
    while let Some(p) = todo.pop() {
        for (child, state) in common::children_of(p) {
            out.push((child, state));
            todo.push(child);
        }
    }
    out
}

/// A process's state letter from `/proc/PID/stat`, `None` once it is gone.
pub fn state_of(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // pid (comm) state …; comm may contain spaces: look after the last ')'
    stat.rsplit_once(") ")?.1.chars().next()
}

/// Waits until `root` and every process under it are asleep (blocked in
/// a call, such as a server in `accept`) or zombies, three times in a row
/// 20 ms apart; true at once if `root` is gone. False if that does not
/// happen within `limit`. This is how the tests know that a server is
/// ready, or done with a client, without connecting to it (which would
/// add calls to its trace).
pub fn wait_settled(root: u32, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    let mut quiet = 0;
    while Instant::now() < deadline {
        let Some(state) = state_of(root) else {
            return true;
        };
        let mut procs = descendants(root);
        procs.push((root, state));
        let asleep = procs.iter().all(|(_, s)| matches!(s, 'S' | 'Z'));
        quiet = if asleep { quiet + 1 } else { 0 };
        if quiet == 3 {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

/// SIGTERM to every process under `root` (not `root` itself: that is
/// strace, which then writes out its file and exits by itself).
pub fn terminate_descendants(root: u32) {
    for (pid, _) in descendants(root) {
        let _ = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status();
    }
}

// ---------------------------------------------------------------------
// Reading strace's file
// ---------------------------------------------------------------------

/// One line of strace's file: the process and what it did.
#[derive(Clone, Debug)]
pub struct RawLine {
    pub pid: u32,
    pub text: String,
}

/// Reads an `strace -f -o` file. A call that was interrupted in the
/// output by another process's line (`… <unfinished ...>`, later `<...
/// NAME resumed>…`) becomes one line again, at the place where it began.
/// A call that never resumed (the process was killed while blocked in it)
/// stays as `NAME(args <unfinished ...>`.
pub fn read_strace(path: &Path) -> Vec<RawLine> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("read strace output {}: {e}", path.display()));
    parse_strace(&text)
}

/// [`read_strace`] on text.
pub fn parse_strace(text: &str) -> Vec<RawLine> {
    const UNFINISHED: &str = " <unfinished ...>";
    let mut out: Vec<RawLine> = Vec::new();
    let mut pending: HashMap<u32, usize> = HashMap::new();
    for line in text.lines() {
        let Some((pid, rest)) = line.split_once(' ') else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        let rest = rest.trim_start();
        if let Some(start) = rest.strip_suffix(UNFINISHED) {
            pending.insert(pid, out.len());
            out.push(RawLine {
                pid,
                text: start.to_string(),
            });
        } else if let Some(tail) = rest.strip_prefix("<... ") {
            let tail = tail.split_once(" resumed>").map_or(tail, |(_, t)| t);
            match pending.remove(&pid) {
                Some(i) => out[i].text.push_str(tail),
                None => out.push(RawLine {
                    pid,
                    text: rest.to_string(),
                }),
            }
        } else {
            out.push(RawLine {
                pid,
                text: rest.to_string(),
            });
        }
    }
    for (_, i) in pending {
        out[i].text.push_str(UNFINISHED);
    }
    out
}

/// One process of a trace, named by its place in the process tree.
#[derive(Clone, Debug)]
pub struct Proc {
    pub pid: u32,
    /// `server` for the first process, `server.1` for its first child, …
    pub label: String,
    pub lines: Vec<String>,
}

/// The calls that create a process, and print its pid as their result.
const FORKS: &[&str] = &["clone(", "clone3(", "fork(", "vfork("];

/// Splits a trace into processes, in tree order (depth first, children in
/// the order they were created); the first line's process is the root,
/// named `root`.
pub fn by_process(lines: &[RawLine], root: &str) -> Vec<Proc> {
    let Some(first) = lines.first() else {
        return Vec::new();
    };
    let mut own: HashMap<u32, Vec<String>> = HashMap::new();
    for l in lines {
        own.entry(l.pid).or_default().push(l.text.clone());
    }
    let mut out = Vec::new();
    let mut todo = vec![(first.pid, root.to_string())];
    while let Some((pid, label)) = todo.pop() {
        let lines = own.remove(&pid).unwrap_or_default();
        let children: Vec<u32> = lines
            .iter()
            .filter(|l| FORKS.iter().any(|f| l.starts_with(f)))
            .filter_map(|l| {
                l.rsplit_once(" = ")
                    .and_then(|(_, r)| r.trim().parse().ok())
            })
            .collect();
        // pushed in reverse so that the first child is visited first
        for (k, child) in children.iter().enumerate().rev() {
            todo.push((*child, format!("{label}.{}", k + 1)));
        }
        out.push(Proc { pid, label, lines });
    }
    // Processes no clone line accounts for (should not happen with -f).
    let mut rest: Vec<_> = own.into_iter().collect();
    rest.sort();
    for (pid, lines) in rest {
        out.push(Proc {
            pid,
            label: format!("{root}.?{pid}"),
            lines,
        });
    }
    out
}

// ---------------------------------------------------------------------
// Normalising one line
// ---------------------------------------------------------------------

/// Turns strace lines into comparable ones. One `Norm` serves all traces
/// of one run (server and client), so that a port or a pid gets the same
/// name wherever it appears.
#[derive(Default)]
pub struct Norm {
    /// pid → its label (from [`by_process`]).
    pub pids: HashMap<u32, String>,
    /// Ports with a fixed name, such as the server's (`$PORT`).
    pub named_ports: Vec<(u16, String)>,
    /// Other ports (the kernel's ephemeral choices), named `$EPH1`,
    /// `$EPH2`… in the order they first appear.
    pub other_ports: Vec<u16>,
    /// Text to replace everywhere (e.g. the temporary directory → `$TMP`).
    pub replace: Vec<(String, String)>,
    /// Keep read/write/close on any descriptor, not only on sockets.
    pub keep_all_fds: bool,
}

impl Norm {
    /// Learns the labels of a trace's processes.
    pub fn learn_pids(&mut self, procs: &[Proc]) {
        for p in procs {
            self.pids.insert(p.pid, p.label.clone());
        }
    }

    /// One line made comparable, or `None` for a line that does not count:
    /// `read`/`write`/`close` on something that is not a socket, SIGTERM
    /// (the test stopping a server) and process exits.
    pub fn line(&mut self, text: &str) -> Option<String> {
        if text.starts_with("+++") {
            return None;
        }
        if let Some(sig) = text.strip_prefix("--- ") {
            // --- SIGCHLD {si_signo=SIGCHLD, si_pid=…, si_utime=…} ---
            let name = sig.split([' ', '{']).next().unwrap_or("");
            return (name != "SIGTERM").then(|| format!("--- {name} ---"));
        }
        let mut text = text.to_string();
        for (from, to) in &self.replace {
            text = text.replace(from.as_str(), to);
        }
        let call = text.split('(').next().unwrap_or("");
        if !self.keep_all_fds && SOCKET_ONLY.contains(&call) && !first_arg_is_socket(&text) {
            return None;
        }
        let mut out = String::new();
        for (quoted, seg) in segments(&text) {
            if quoted {
                out.push_str(seg);
            } else {
                let seg = strip_decorations(seg);
                let seg = hide_addresses(&seg);
                let seg = self.name_ports(&seg);
                out.push_str(&seg);
            }
        }
        Some(self.name_pids(&collapse_padding(&out)))
    }

    /// `htons(N)`: the named ports by name, the others (the kernel's
    /// choices) by order of appearance; 0 and well-known ports (< 1024)
    /// stay numbers.
    fn name_ports(&mut self, seg: &str) -> String {
        let mut out = String::new();
        let mut rest = seg;
        while let Some(i) = rest.find("htons(") {
            let (head, tail) = rest.split_at(i + "htons(".len());
            out.push_str(head);
            let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
            let port: u16 = tail[..digits].parse().unwrap_or(0);
            if port >= 1024 {
                out.push_str(&self.port_name(port));
            } else {
                out.push_str(&tail[..digits]);
            }
            rest = &tail[digits..];
        }
        out.push_str(rest);
        out
    }

    fn port_name(&mut self, port: u16) -> String {
        if let Some((_, name)) = self.named_ports.iter().find(|(p, _)| *p == port) {
            return name.clone();
        }
        let k = match self.other_ports.iter().position(|p| *p == port) {
            Some(k) => k,
            None => {
                self.other_ports.push(port);
                self.other_ports.len() - 1
            }
        };
        format!("$EPH{}", k + 1)
    }

    /// Pids where strace prints them: the result of clone/fork, wait4's
    /// first argument and result.
    fn name_pids(&self, line: &str) -> String {
        let name = |n: &str| -> Option<&String> { self.pids.get(&n.trim().parse().ok()?) };
        let mut line = line.to_string();
        let is_fork = FORKS.iter().any(|f| line.starts_with(f));
        if (is_fork || line.starts_with("wait4("))
            && let Some((head, ret)) = line.rsplit_once(" = ")
            && let Some(label) = name(ret)
        {
            line = format!("{head} = {label}");
        }
        if let Some(args) = line.strip_prefix("wait4(")
            && let Some((pid, rest)) = args.split_once(", ")
            && let Some(label) = name(pid)
        {
            line = format!("wait4({label}, {rest}");
        }
        line
    }
}

/// `left {tv_sec=1, tv_nsec=999998071}` (the time a `select` had left)
/// becomes `left {…}`: timing differs from run to run.
pub fn hide_time_left(line: &str) -> String {
    match line.split_once("left {") {
        Some((head, tail)) => match tail.split_once('}') {
            Some((_, rest)) => format!("{head}left {{…}}{rest}"),
            None => line.to_string(),
        },
        None => line.to_string(),
    }
}

/// Is the first argument a descriptor that `-y` shows as a socket (or a
/// descriptor `-y` could not describe, such as a bad one)?
fn first_arg_is_socket(text: &str) -> bool {
    let args = text.split_once('(').map_or("", |(_, a)| a);
    let digits = args.bytes().take_while(u8::is_ascii_digit).count();
    let after = &args[digits..];
    !after.starts_with('<') || after.starts_with("<socket:")
}

/// Splits a line into quoted strings (`"…"`, with strace's `\"` escapes)
/// and the text between them, so that changes apply only outside strings:
/// what a program sends is compared byte for byte.
fn segments(line: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let (mut start, mut i, mut quoted) = (0, 0, false);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quoted => i += 1, // skip the escaped byte
            b'"' if !quoted => {
                out.push((false, &line[start..i]));
                start = i;
                quoted = true;
            }
            b'"' => {
                out.push((true, &line[start..=i]));
                start = i + 1;
                quoted = false;
            }
            _ => {}
        }
        i += 1;
    }
    out.push((quoted, &line[start.min(line.len())..]));
    out
}

/// `3<socket:[4711]>` → `3`, `1</dev/pts/0>` → `1`: what `-y` adds.
fn strip_decorations(seg: &str) -> String {
    let mut out = String::new();
    let mut rest = seg;
    while let Some(i) = rest.find('<') {
        let after_digit = rest[..i].ends_with(|c: char| c.is_ascii_digit());
        match rest[i..].find('>') {
            Some(j) if after_digit => {
                out.push_str(&rest[..i]);
                rest = &rest[i + j + 1..];
            }
            _ => {
                out.push_str(&rest[..=i]);
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `0x7ffd5e3c1a2c` → `0x...`: stack and code addresses differ per run.
fn hide_addresses(seg: &str) -> String {
    let mut out = String::new();
    let mut rest = seg;
    while let Some(i) = rest.find("0x") {
        out.push_str(&rest[..i]);
        let hex = rest[i + 2..]
            .bytes()
            .take_while(u8::is_ascii_hexdigit)
            .count();
        out.push_str(if hex > 0 { "0x..." } else { "0x" });
        rest = &rest[i + 2 + hex..];
    }
    out.push_str(rest);
    out
}

/// `close(3)                   = 0` → `close(3) = 0`: strace pads the
/// result to a column.
fn collapse_padding(line: &str) -> String {
    let mut out = String::new();
    for (quoted, seg) in segments(line) {
        if quoted {
            out.push_str(seg);
            continue;
        }
        let mut rest = seg;
        while let Some(i) = rest.find("  ") {
            let spaces = rest[i..].bytes().take_while(|b| *b == b' ').count();
            out.push_str(&rest[..i]);
            out.push(' ');
            rest = &rest[i + spaces..];
        }
        out.push_str(rest);
    }
    out
}

// ---------------------------------------------------------------------
// Comparing, and showing the difference
// ---------------------------------------------------------------------

/// Compares two traces process by process; on a difference returns both,
/// side by side, for the failure message.
pub fn compare(
    left_name: &str,
    left: &[(String, Vec<String>)],
    right_name: &str,
    right: &[(String, Vec<String>)],
) -> Result<(), String> {
    let labels = |t: &[(String, Vec<String>)]| t.iter().map(|(l, _)| l.clone()).collect::<Vec<_>>();
    let mut report = String::new();
    if labels(left) != labels(right) {
        let _ = writeln!(
            report,
            "different processes: {left_name} has {:?}, {right_name} has {:?}",
            labels(left),
            labels(right)
        );
    }
    let mut differ = !report.is_empty();
    let mut all: Vec<String> = labels(left);
    for l in labels(right) {
        if !all.contains(&l) {
            all.push(l);
        }
    }
    for label in all {
        let empty = Vec::new();
        let find = |t: &[(String, Vec<String>)]| -> Vec<String> {
            t.iter()
                .find(|(l, _)| *l == label)
                .map_or_else(|| empty.clone(), |(_, v)| v.clone())
        };
        let (a, b) = (find(left), find(right));
        let same = a == b;
        differ |= !same;
        let _ = writeln!(
            report,
            "\n== process {label}: {} ==",
            if same { "identical" } else { "DIFFERENT" }
        );
        report.push_str(&side_by_side(left_name, &a, right_name, &b));
    }
    if differ { Err(report) } else { Ok(()) }
}

/// Two columns, lines aligned where they are equal (longest common
/// subsequence); the first column marks each row: ` ` same, `!` the two
/// lines differ, `<` only on the left, `>` only on the right. Long lines
/// wrap inside their column.
pub fn side_by_side(left_name: &str, a: &[String], right_name: &str, b: &[String]) -> String {
    const WIDTH: usize = 80;
    let rows = align(a, b);
    let mut out = String::new();
    let mut row = |mark: char, l: &str, r: &str| {
        let lc: Vec<String> = wrap(l, WIDTH);
        let rc: Vec<String> = wrap(r, WIDTH);
        for k in 0..lc.len().max(rc.len()) {
            let m = if k == 0 { mark } else { ' ' };
            let lt = lc.get(k).map_or("", String::as_str);
            let rt = rc.get(k).map_or("", String::as_str);
            let _ = writeln!(out, "{m} {lt:<WIDTH$} | {rt}");
        }
    };
    row(' ', left_name, right_name);
    row(' ', &"-".repeat(WIDTH), &"-".repeat(WIDTH));
    for (l, r) in rows {
        match (l, r) {
            (Some(l), Some(r)) if a[l] == b[r] => row(' ', &a[l], &b[r]),
            (Some(l), Some(r)) => row('!', &a[l], &b[r]),
            (Some(l), None) => row('<', &a[l], ""),
            (None, Some(r)) => row('>', "", &b[r]),
            (None, None) => {}
        }
    }
    out
}

fn wrap(s: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return vec![String::new()];
    }
    chars.chunks(width).map(|c| c.iter().collect()).collect()
}

/// Rows of (left index, right index): equal lines matched by a longest
/// common subsequence; between two matches, unmatched lines are paired up
/// (shown as "differ") and the rest shown alone.
fn align(a: &[String], b: &[String]) -> Vec<(Option<usize>, Option<usize>)> {
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: length of the LCS of a[i..] and b[j..]
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut rows = Vec::new();
    let (mut i, mut j) = (0, 0);
    let (mut only_a, mut only_b) = (Vec::new(), Vec::new());
    let flush = |rows: &mut Vec<_>, oa: &mut Vec<usize>, ob: &mut Vec<usize>| {
        for k in 0..oa.len().max(ob.len()) {
            rows.push((oa.get(k).copied(), ob.get(k).copied()));
        }
        oa.clear();
        ob.clear();
    };
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            flush(&mut rows, &mut only_a, &mut only_b);
            rows.push((Some(i), Some(j)));
            i += 1;
            j += 1;
        } else if j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1]) {
            only_a.push(i);
            i += 1;
        } else {
            only_b.push(j);
            j += 1;
        }
    }
    flush(&mut rows, &mut only_a, &mut only_b);
    rows
}

pub use crate::common::Twin;

/// Which program of a pair a trace came from, for failure messages.
pub fn describe(twin: Twin, name: &str) -> String {
    match twin {
        Twin::C => format!("C: docs/c/{name}.c"),
        Twin::Rust => format!("Rust: examples/{name}.rs"),
    }
}

/// One `#[test]` per scenario name, each running `$check` on the
/// scenario of that name in `$scenarios`, and a test that every scenario
/// has one (a scenario without a test would silently never run). For the
/// scenario tables of `fidelity_strace.rs` and `fidelity_trace.rs`.
macro_rules! scenario_tests {
    ($check:ident, $scenarios:ident; $($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let name = stringify!($name);
                let sc = $scenarios
                    .iter()
                    .find(|s| s.name == name)
                    .unwrap_or_else(|| panic!("no scenario {name}"));
                $check(sc);
            }
        )*
        /// Every scenario has its test function (a scenario without one
        /// would silently never run).
        #[test]
        fn every_scenario_has_a_test() {
            let tests = [$(stringify!($name)),*];
            for sc in $scenarios {
                assert!(
                    tests.contains(&sc.name),
                    "scenario {} has no test: add it to scenario_tests!",
                    sc.name
                );
            }
        }
    };
}
pub(crate) use scenario_tests;

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn joins_unfinished_calls_and_keeps_order() {
        let text = "\
100  accept(3<socket:[7]>,  <unfinished ...>
101  connect(4<socket:[8]>, {sa_family=AF_INET, sin_port=htons(40000), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0
100  <... accept resumed>{sa_family=AF_INET, sin_port=htons(51000), sin_addr=inet_addr(\"127.0.0.1\")}, [128 => 16]) = 4<socket:[9]>
100  read(4<socket:[9]>, \"hi  = x<y>\", 2048) = 10
100  write(1</dev/null>, \"x\", 1)    = 1
100  close(4<socket:[9]>)          = 0
100  accept(3<socket:[7]>,  <unfinished ...>
";
        let lines = parse_strace(text);
        let procs = by_process(&lines, "server");
        assert_eq!(procs[0].label, "server");
        let mut norm = Norm {
            named_ports: vec![(40000, "$PORT".into())],
            ..Norm::default()
        };
        let got: Vec<String> = procs[0].lines.iter().filter_map(|l| norm.line(l)).collect();
        assert_eq!(
            got,
            [
                "accept(3, {sa_family=AF_INET, sin_port=htons($EPH1), sin_addr=inet_addr(\"127.0.0.1\")}, [128 => 16]) = 4",
                "read(4, \"hi  = x<y>\", 2048) = 10",
                "close(4) = 0",
                "accept(3, <unfinished ...>",
            ]
        );
        let client: Vec<String> = procs[1].lines.iter().filter_map(|l| norm.line(l)).collect();
        assert!(client[0].contains("htons($PORT)"), "{client:?}");
    }

    #[test]
    fn names_children_and_pids() {
        let text = "\
10  clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f00) = 12
12  close(3<socket:[1]>)   = 0
10  clone(child_stack=NULL, flags=SIGCHLD, child_tidptr=0x7f00) = 11
10  wait4(12, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 12
10  --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=12, si_uid=0} ---
";
        let procs = by_process(&parse_strace(text), "s");
        let labels: Vec<&str> = procs.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["s", "s.1", "s.2"]);
        assert_eq!(procs[1].pid, 12);
        let mut norm = Norm::default();
        norm.learn_pids(&procs);
        let got: Vec<String> = procs[0].lines.iter().filter_map(|l| norm.line(l)).collect();
        assert_eq!(
            got[0],
            "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x...) = s.1"
        );
        assert_eq!(
            got[2],
            "wait4(s.1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = s.1"
        );
        assert_eq!(got[3], "--- SIGCHLD ---");
    }

    #[test]
    fn drops_the_rust_runtime_prelude_only_at_the_start() {
        let mut root: Vec<String> = RUST_RUNTIME
            .iter()
            .map(|(l, _)| l.replace('*', "0 (Timeout)"))
            .collect();
        root.push("socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3".into());
        root.push(RUST_RUNTIME[2].0.to_string());
        drop_rust_runtime(&mut root);
        assert_eq!(root.len(), 2, "{root:?}");
        assert!(root[0].starts_with("socket("));
    }

    #[test]
    fn sigpipe_as_c_sees_it() {
        let ign = format!(
            "rt_sigaction(SIGPIPE, {{sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTORER, sa_restorer=0x...}}, {RUST_SIGPIPE_OLD}, 8) = 0"
        );
        let mut root = vec![ign.clone()];
        drop_rust_runtime(&mut root);
        assert_eq!(root, [ign.replace(RUST_SIGPIPE_OLD, C_SIGPIPE_OLD)]);
        let dfl = format!(
            "rt_sigaction(SIGPIPE, {{sa_handler=SIG_DFL, sa_mask=[], sa_flags=SA_RESTORER, sa_restorer=0x...}}, {RUST_SIGPIPE_OLD}, 8) = 0"
        );
        let mut root = vec![dfl];
        drop_rust_runtime(&mut root);
        assert!(root.is_empty());
    }

    #[test]
    fn side_by_side_marks_differences() {
        let a: Vec<String> = ["x", "y", "z"].map(String::from).to_vec();
        let b: Vec<String> = ["x", "Y", "z", "w"].map(String::from).to_vec();
        let s = side_by_side("C", &a, "Rust", &b);
        let marks: Vec<char> = s
            .lines()
            .skip(2)
            .map(|l| l.chars().next().unwrap_or('?'))
            .collect();
        assert_eq!(marks, [' ', '!', ' ', '>'], "{s}");
        assert!(compare("C", &[("p".into(), a.clone())], "Rust", &[("p".into(), a)]).is_ok());
    }
}
