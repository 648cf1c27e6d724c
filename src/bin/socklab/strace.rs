//! The one strace reader of socklab: what `strace [-f] -o FILE` wrote,
//! turned into lines that can be compared, searched or drawn.
//!
//! It lives in the `socklab` command (`socklab diagram` draws what it
//! reads) and the tests include this same file (`tests/common/strace.rs`,
//! by `#[path]`): `tests/fidelity/` (C twin against Rust example, call for
//! call), `tests/unp_ch01_ch05_strace.rs` and `tests/unp_ch06_ch08_strace.rs`
//! (each program's lesson in its calls). The steps, in the order they apply:
//! 1. [`parse_strace`]: strace's `-o` file, one [`RawLine`] per call, with
//!    each call that another process interrupted (`accept(3,  <unfinished
//!    ...>` … `<... accept resumed>…`) joined back into one line. With `-f`
//!    every line starts with its pid; without it (one process) none does,
//!    and the lines get pid 0.
//! 2. [`by_process`]: one list of lines per process, in the order of the
//!    process tree, each process named by its place in it (`server`,
//!    `server.1`, …) instead of its pid.
//! 3. [`Norm::line`]: one line made comparable: strace's column padding
//!    removed, `-y` decorations (`3<socket:[4711]>`) used, then removed,
//!    addresses, pids, ports and temporary paths replaced by names.
//!
//! The tests' `read_strace` and `read_lines` read a file into step 1 (and
//! the padding of step 3), for tests that search strace's own text
//! (`--- SIGCHLD {si_signo=…`, `+++ killed by SIGPIPE +++`).

use std::collections::HashMap;

/// Calls strace shows on any descriptor, of which only those on sockets
/// are kept: the C library reads its shared libraries and the Rust runtime
/// reads `/proc/self/maps` before `main`, and both print to 1 and 2.
const SOCKET_ONLY: &[&str] = &["read", "write", "close"];

// ---------------------------------------------------------------------
// Reading strace's file
// ---------------------------------------------------------------------

/// One line of strace's file: the process and what it did.
#[derive(Clone, Debug)]
pub struct RawLine {
    pub pid: u32,
    /// The call as strace wrote it, without pid, timestamp and `-T` time.
    pub text: String,
    /// Where the call began: its line in the file (from 0).
    pub at: usize,
    /// Where it returned: the line of its `<... resumed>` part, else `at`.
    pub end_at: usize,
    /// When it began, in seconds (`-t`, `-tt`, `-ttt`: of the day or the
    /// epoch; `-r`: since the first line of the file), if timestamped.
    pub time: Option<f64>,
    /// When its `<... resumed>` part was written, if timestamped.
    pub end_time: Option<f64>,
    /// The time spent in the call (`-T`'s `<0.000123>`), if given.
    pub duration: Option<f64>,
}

/// Reads the text of an `strace [-f] -o` file. A call that was
/// interrupted in the output by another process's line (`… <unfinished
/// ...>`, later `<... NAME resumed>…`) becomes one line again, at the
/// place where it began. A call that never resumed (the process was
/// killed while blocked in it) stays as `NAME(args <unfinished ...>`.
/// `strace -f` starts each line with the pid (`27350 socket(…)`); a trace
/// of one process has none: its lines get pid 0. socklab's own trace mode
/// (and strace on a terminal) writes `[pid 27350] socket(…)` instead.
/// Timestamps (`-t`, `-tt`, `-ttt`, `-r`) and `-T`'s time in the call are
/// taken off the text into [`RawLine`]'s fields.
pub fn parse_strace(text: &str) -> Vec<RawLine> {
    const UNFINISHED: &str = " <unfinished ...>";
    let mut out: Vec<RawLine> = Vec::new();
    let mut pending: HashMap<u32, usize> = HashMap::new();
    // -r: each line's time since the previous one; summed from the start
    let mut relative = 0.0;
    for (at, line) in text.lines().enumerate() {
        let (pid, rest) = match line.split_once(' ') {
            Some((pid, rest)) if !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) => {
                match pid.parse::<u32>() {
                    Ok(pid) => (pid, rest.trim_start()),
                    Err(_) => continue,
                }
            }
            _ => match bracketed_pid(line) {
                Some((pid, rest)) => (pid, rest),
                None => (0, line),
            },
        };
        let (time, rest) = match split_timestamp(rest) {
            Some((Stamp::Absolute(t), rest)) => (Some(t), rest),
            Some((Stamp::Relative(dt), rest)) => {
                relative += dt;
                (Some(relative), rest)
            }
            None => (None, rest),
        };
        let (rest, duration) = split_duration(rest);
        if rest.is_empty() {
            continue;
        }
        let raw = |text: &str| RawLine {
            pid,
            text: text.to_string(),
            at,
            end_at: at,
            time,
            end_time: time,
            duration,
        };
        if let Some(start) = rest.strip_suffix(UNFINISHED) {
            pending.insert(pid, out.len());
            out.push(raw(start));
        } else if let Some(tail) = rest.strip_prefix("<... ") {
            let tail = tail.split_once(" resumed>").map_or(tail, |(_, t)| t);
            match pending.remove(&pid) {
                Some(i) => {
                    let begun = &mut out[i];
                    begun.text.push_str(tail);
                    begun.end_at = at;
                    begun.end_time = time;
                    begun.duration = duration;
                }
                None => out.push(raw(rest)),
            }
        } else {
            out.push(raw(rest));
        }
    }
    for (_, i) in pending {
        out[i].text.push_str(UNFINISHED);
    }
    out
}

/// `[pid 27350] socket(…)` (also `[pid  812]`) → `(27350, "socket(…)")`.
fn bracketed_pid(line: &str) -> Option<(u32, &str)> {
    let rest = line.strip_prefix("[pid")?;
    let (pid, rest) = rest.split_once(']')?;
    Some((pid.trim().parse().ok()?, rest.trim_start()))
}

/// A timestamp at the start of a line.
enum Stamp {
    /// `-t`/`-tt` (seconds of the day) or `-ttt` (seconds since the epoch).
    Absolute(f64),
    /// `-r`: seconds since the previous line.
    Relative(f64),
}

/// `02:36:17.370756 socket(…)` → the time and `socket(…)`; also
/// `1733450177.370756` (`-ttt`) and `0.000024` (`-r`: any number below a
/// day and without a clock's colons is taken as relative).
fn split_timestamp(rest: &str) -> Option<(Stamp, &str)> {
    let rest = rest.trim_start();
    let (word, after) = rest.split_once(' ')?;
    if word.is_empty()
        || !word
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
    {
        return None;
    }
    let after = after.trim_start();
    if word.contains(':') {
        let mut secs = 0.0;
        for part in word.split(':') {
            secs = secs * 60.0 + part.parse::<f64>().ok()?;
        }
        return Some((Stamp::Absolute(secs), after));
    }
    let t: f64 = word.parse().ok()?;
    // a bare number is -ttt (the epoch) or -r (since the previous line)
    if word.contains('.') && t < 86_400.0 {
        Some((Stamp::Relative(t), after))
    } else if word.contains('.') {
        Some((Stamp::Absolute(t), after))
    } else {
        None
    }
}

/// `close(3) = 0 <0.000012>` (`-T`) → `close(3) = 0` and 0.000012.
fn split_duration(rest: &str) -> (&str, Option<f64>) {
    if let Some(head) = rest.strip_suffix('>')
        && let Some((call, t)) = head.rsplit_once(" <")
        && !t.is_empty()
        && t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && let Ok(t) = t.parse()
    {
        return (call.trim_end(), Some(t));
    }
    (rest, None)
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
    /// When set, the one name of every other port (`$EPHEMERAL`), for
    /// tests that search a trace and need not tell ephemeral ports apart.
    pub ephemeral_name: Option<String>,
    /// When set, what a hidden address becomes instead of `0x...`.
    pub address_mask: Option<String>,
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
                let seg = hide_addresses(&seg, self.address_mask.as_deref().unwrap_or("0x..."));
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
        if let Some(name) = &self.ephemeral_name {
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
pub fn segments(line: &str) -> Vec<(bool, &str)> {
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

/// `3<socket:[4711]>` → `3`, `1</dev/pts/0>` → `1`: what `-y` adds (and
/// `-yy`'s `4<TCP:[127.0.0.1:9877->127.0.0.1:5555]>` → `4`).
pub fn strip_decorations(seg: &str) -> String {
    let mut out = String::new();
    let mut rest = seg;
    while let Some(i) = rest.find('<') {
        let after_digit = rest[..i].ends_with(|c: char| c.is_ascii_digit());
        // -yy: `4<TCP:[127.0.0.1:9877->127.0.0.1:5555]>` ends at `]>`
        let bracketed = rest[i..]
            .find(":[")
            .is_some_and(|k| rest[i..].find('>').is_some_and(|g| k < g));
        let end = if bracketed {
            rest[i..].find("]>").map(|j| j + 1)
        } else {
            rest[i..].find('>')
        };
        match end {
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

/// `0x7ffd5e3c1a2c` → `0x...` (`mask`): stack and code addresses differ
/// per run.
fn hide_addresses(seg: &str, mask: &str) -> String {
    let mut out = String::new();
    let mut rest = seg;
    while let Some(i) = rest.find("0x") {
        out.push_str(&rest[..i]);
        let hex = rest[i + 2..]
            .bytes()
            .take_while(u8::is_ascii_hexdigit)
            .count();
        out.push_str(if hex > 0 { mask } else { "0x" });
        rest = &rest[i + 2 + hex..];
    }
    out.push_str(rest);
    out
}

/// `close(3)                   = 0` → `close(3) = 0`: strace pads the
/// result to a column.
pub fn collapse_padding(line: &str) -> String {
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
