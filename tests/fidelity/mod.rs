//! Shared by `tests/fidelity_strace.rs` and `tests/fidelity_trace.rs`: run
//! programs under `strace -f`, read what strace wrote, and turn it into
//! lines that can be compared.
//!
//! The pipeline, in the order the functions apply it:
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
//!
//! Steps 1–3 are the tests' one strace reader, `tests/common/strace.rs`
//! (the `unp_*_strace` tests use it too), re-exported here.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

// The reader's names as they were when it lived here (the scenarios and
// the tests use them as `fidelity::…`); not every test binary uses each.
#[allow(unused_imports)]
pub use crate::common::strace::{
    Norm, Proc, RawLine, by_process, hide_time_left, parse_strace, read_strace,
};

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
    // [ch20 block] the signal mask, the self-pipe, the alarm
    "rt_sigprocmask",
    "pipe2",
    "alarm",
    // chapter 30: stopping the children, the CPU time. (Not fcntl: C's
    // fdopen and Rust's std make fcntl calls of their own.)
    "kill",
    "pause",
    "getrusage",
];

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

// [ch15] A process that execs a Rust program (ch15_mycat's child runs
// ch15_openfile) goes through the runtime's start-up again, in the middle
// of its trace: removed from where its first line appears, as
// [`drop_rust_prelude`] does at the start of a program.
pub fn drop_rust_prelude_after_exec(lines: &mut Vec<String>) {
    let first = RUST_RUNTIME[0].0;
    if let Some(i) = lines.iter().position(|l| matches_pattern(first, l)) {
        let mut rest = lines.split_off(i);
        // exec keeps an ignored signal ignored: the runtime finds SIGPIPE
        // already SIG_IGN (the exec'ing Rust program's setting)
        let inherited = "}, {sa_handler=SIG_IGN, sa_mask=[], sa_flags=0}, 8) = 0";
        for l in rest.iter_mut().take(RUST_RUNTIME.len()) {
            if l.starts_with("rt_sigaction(SIGPIPE, ") && l.ends_with(inherited) {
                *l = l.replace(
                    inherited,
                    "}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0",
                );
            }
        }
        drop_rust_prelude(&mut rest);
        lines.extend(rest);
    }
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

pub use crate::common::{descendants, wait_settled};

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
    fn reads_a_trace_without_pids() {
        // strace without -f: one process, no pid column
        let text = "\
socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3
sendto(3, \"hi\", 2, 0, {sa_family=AF_INET, sin_port=htons(40000), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 2
recvfrom(3, 0x7ffd1234, 4096, 0, NULL, NULL) = -1 EAGAIN (Resource temporarily unavailable)
+++ exited with 0 +++
";
        let lines = parse_strace(text);
        assert_eq!(lines.len(), 4);
        assert!(lines.iter().all(|l| l.pid == 0));
        let mut norm = Norm {
            named_ports: vec![(40000, "$PORT".into())],
            address_mask: Some("0x…".into()),
            ..Norm::default()
        };
        let got: Vec<String> = lines.iter().filter_map(|l| norm.line(&l.text)).collect();
        assert_eq!(got.len(), 3);
        assert!(got[1].contains("htons($PORT)"), "{got:?}");
        assert_eq!(
            got[2],
            "recvfrom(3, 0x…, 4096, 0, NULL, NULL) = -1 EAGAIN (Resource temporarily unavailable)"
        );
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
