//! socklab servers against their C twins (issue 6 §3): the numbers behind
//! `docs/performance.md`.
//!
//! ```text
//! cargo bench --bench servers                 # everything (about eight minutes; `cpu` is most of it)
//! cargo bench --bench servers -- echo connect # some sections: echo connect cpu rss syscalls
//! ```
//!
//! It builds the example servers in release mode (`cargo build --release
//! --example …`) and their C twins with `cc -O2` (into
//! `target/release/c-twins/`), starts each pair on loopback ports, drives
//! both with the same client code (this program, socklab calls), and
//! prints medians and ratios:
//!
//! - **echo**: round trips per second on one connection, 64-byte messages,
//!   TCP_NODELAY on the client, `ch05_tcpserv01` vs its C twin. Blocks of
//!   round trips alternate between the two servers, so a busy moment of the
//!   machine hits both; the ratio is the median of per-block ratios.
//!   Target: Rust ≥ 0.97 × C.
//! - **connect**: connections per second to `forking_server` vs its C twin,
//!   32 client threads, each connection a full exchange (message in, reply
//!   and close out, one fork each). Target: Rust ≥ 0.95 × C.
//! - **rss**: memory per forked child, with 16 clients connected and
//!   silent (16 children blocked in read): VmRSS, and the child's own
//!   private pages (USS = Private_Clean + Private_Dirty from
//!   `/proc/PID/smaps_rollup`), which is what a fork really costs — RSS
//!   also counts the pages shared with the parent. Target: ≤ 1.10 × C.
//! - **cpu**: the servers' CPU time, page faults and context switches per
//!   echo round trip and per forked connection (`perf stat` on the server
//!   and its children; runs of N1 and N2 units, the difference divided by
//!   N2 - N1, median of 7 alternating repeats).
//! - **syscalls**: `strace -f -c` counts per echo round trip and per
//!   forked connection, Rust vs C. Runs of N1 and N2 units are traced and
//!   the difference divided by N2 - N1, so start-up (where the Rust runtime
//!   makes calls C does not) cancels out. Target: equal, call by call.
//!
//! A missing example or C twin (not written yet) skips its section with a
//! note. Not run in CI (CI runs `cargo bench --no-run`, which only builds it).
//! The client sockets use socklab; the servers run as child processes in
//! their own process groups and are killed (SIGKILL to the group) at the end
//! of each section.

use std::collections::BTreeMap;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use socklab::*;

// ---------------------------------------------------------------------
// Setup: machine, binaries
// ---------------------------------------------------------------------

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `target/release` (this binary is `target/release/deps/servers-…`).
fn release_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("bench path");
    exe.parent()
        .and_then(Path::parent)
        .expect("target dir")
        .to_path_buf()
}

fn command_output(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

fn print_machine() {
    let lscpu = command_output("lscpu", &[]);
    let field = |name: &str| {
        lscpu
            .lines()
            .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
            .unwrap_or_else(|| "?".into())
    };
    println!(
        "machine: {} | {} CPUs | hypervisor {} | kernel {} | {}",
        field("Model name:"),
        field("CPU(s):"),
        field("Hypervisor vendor:"),
        command_output("uname", &["-r"]).trim(),
        command_output("cc", &["--version"])
            .lines()
            .next()
            .unwrap_or("cc ?"),
    );
}

/// The Rust example `name`, built in release mode; None if it does not exist yet.
fn rust_server(name: &str) -> Option<PathBuf> {
    if !root().join("examples").join(format!("{name}.rs")).exists() {
        println!("  (examples/{name}.rs does not exist yet: skipped)");
        return None;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "--release", "--example", name])
        .current_dir(root())
        .status()
        .expect("run cargo build");
    assert!(
        status.success(),
        "cargo build --release --example {name} failed"
    );
    Some(release_dir().join("examples").join(name))
}

/// The C twin `docs/c/name.c`, compiled with -O2; None if it does not exist yet.
fn c_server(name: &str) -> Option<PathBuf> {
    let src = root().join("docs/c").join(format!("{name}.c"));
    if !src.exists() {
        println!("  (docs/c/{name}.c does not exist yet: skipped)");
        return None;
    }
    // docs/c/Makefile builds it with -O2 (and libunp.a where it is needed).
    let dir = release_dir().join("c-twins");
    let bin = dir.join(name);
    let out = Command::new("make")
        .args(["-s", "-C"])
        .arg(root().join("docs/c"))
        .arg(format!("OUT={}", dir.display()))
        .arg(&bin)
        .output()
        .expect("run make");
    assert!(
        out.status.success(),
        "make {}: {}",
        bin.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(bin)
}

/// The Rust and C servers, or None (with a note) if either is missing.
fn pair(name: &str) -> Option<[(&'static str, PathBuf); 2]> {
    let rust = rust_server(name);
    let c = c_server(name);
    Some([("Rust", rust?), ("C", c?)])
}

// ---------------------------------------------------------------------
// Servers as child processes
// ---------------------------------------------------------------------

struct Running {
    child: Child,
    port: u16,
}

impl Running {
    /// The server's pid (the traced process when started under strace).
    fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        kill("-KILL", &format!("-{}", self.child.id()));
        let _ = self.child.wait();
    }
}

fn kill(signal: &str, target: &str) {
    let _ = Command::new("kill")
        .args([signal, "--", target])
        .stderr(Stdio::null())
        .status();
}

fn free_port() -> u16 {
    let fd = socket(AF_INET, SOCK_STREAM, 0).expect("socket");
    bind(&fd, &sockaddr_in::new(INADDR_LOOPBACK, 0)).expect("bind");
    getsockname(&fd).expect("getsockname").port().expect("port")
}

/// Starts `prefix… bin port` in its own process group, output discarded,
/// and waits until its port accepts a connection (that probe is served
/// like any client: for the forking servers, one short-lived child).
fn start(prefix: &[&str], bin: &Path) -> Running {
    for _attempt in 0..5 {
        let port = free_port();
        let mut cmd = match prefix.split_first() {
            Some((first, rest)) => {
                let mut c = Command::new(first);
                c.args(rest).arg(bin);
                c
            }
            None => Command::new(bin),
        };
        let child = cmd
            .arg(port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("spawn {}: {e}", bin.display()));
        let mut running = Running { child, port };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = running.child.try_wait() {
                break; // lost the port to someone else: try another
            }
            if connect_to(port).is_ok() {
                return running;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        drop(running);
    }
    panic!("{} never started", bin.display());
}

fn connect_to(port: u16) -> Result<Fd> {
    let fd = socket(AF_INET, SOCK_STREAM, 0)?;
    setsockopt(
        &fd,
        SOL_SOCKET,
        SO_RCVTIMEO,
        &timeval {
            tv_sec: 10,
            tv_usec: 0,
        },
    )?;
    connect(&fd, &sockaddr_in::new(INADDR_LOOPBACK, port))?;
    Ok(fd)
}

/// Processes whose parent is `pid`.
fn children_of(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        let ppid = stat
            .rsplit_once(") ")
            .and_then(|(_, r)| r.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if ppid == Some(pid) {
            out.push(child);
        }
    }
    out
}

fn wait_children(pid: u32, count: usize, limit: Duration) -> Vec<u32> {
    let deadline = Instant::now() + limit;
    loop {
        let kids = children_of(pid);
        if kids.len() == count || Instant::now() >= deadline {
            return kids;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Waits until `pid` is asleep (state `S`: blocked in a call) in three
/// looks 10 ms apart, or `limit` passed.
fn wait_asleep(pid: u32, limit: Duration) {
    let deadline = Instant::now() + limit;
    let mut quiet = 0;
    while quiet < 3 && Instant::now() < deadline {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let asleep = stat
            .rsplit_once(") ")
            .is_some_and(|(_, r)| r.starts_with('S'));
        quiet = if asleep { quiet + 1 } else { 0 };
        std::thread::sleep(Duration::from_millis(10));
    }
}

// ---------------------------------------------------------------------
// Statistics and tables
// ---------------------------------------------------------------------

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Runs `measure(server index)` for `blocks` blocks per server, the two
/// servers alternating (and swapping which goes first) so load changes
/// hit both; the first round is a warm-up. Returns the per-server medians
/// and the median of per-round ratios server 0 / server 1.
fn side_by_side(
    blocks: usize,
    mut measure: impl FnMut(usize) -> f64,
) -> ([f64; 2], f64, [Vec<f64>; 2]) {
    let mut rates: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    let mut ratios = Vec::new();
    for round in 0..=blocks {
        let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        let mut this = [0.0; 2];
        for i in order {
            this[i] = measure(i);
        }
        if round > 0 {
            rates[0].push(this[0]);
            rates[1].push(this[1]);
            ratios.push(this[0] / this[1]);
        }
    }
    (
        [median(rates[0].clone()), median(rates[1].clone())],
        median(ratios),
        rates,
    )
}

fn spread(v: &[f64]) -> String {
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    format!("{lo:.0}..{hi:.0}")
}

// ---------------------------------------------------------------------
// echo: round trips on one connection
// ---------------------------------------------------------------------

const ECHO_MSG: usize = 64;

fn echo_connection(port: u16) -> Fd {
    let fd = connect_to(port).expect("connect");
    setsockopt(&fd, IPPROTO_TCP, TCP_NODELAY, &1).expect("TCP_NODELAY");
    fd
}

fn echo_round_trips(fd: &Fd, n: usize) {
    let msg = [b'e'; ECHO_MSG];
    let mut back = [0u8; ECHO_MSG];
    for _ in 0..n {
        writen(fd, &msg).expect("write");
        let got = readn(fd, &mut back).expect("read");
        assert!(got == ECHO_MSG && back == msg, "bad echo");
    }
}

fn bench_echo() {
    println!("\n## echo: ch05_tcpserv01, one connection, {ECHO_MSG}-byte messages, TCP_NODELAY");
    let Some(servers) = pair("ch05_tcpserv01") else {
        return;
    };
    let running: Vec<Running> = servers.iter().map(|(_, bin)| start(&[], bin)).collect();
    let conns: Vec<Fd> = running.iter().map(|r| echo_connection(r.port)).collect();
    const BLOCK: usize = 5000;
    const BLOCKS: usize = 15;
    let (medians, ratio, rates) = side_by_side(BLOCKS, |i| {
        let t = Instant::now();
        echo_round_trips(&conns[i], BLOCK);
        BLOCK as f64 / t.elapsed().as_secs_f64()
    });
    println!("{BLOCKS} blocks of {BLOCK} round trips per server, alternating");
    println!("| server | median round trips/s | range |");
    println!("|---|---:|---:|");
    for (i, (label, _)) in servers.iter().enumerate() {
        println!("| {label} | {:.0} | {} |", medians[i], spread(&rates[i]));
    }
    println!("ratio Rust/C (median of per-block ratios): {ratio:.3}  (target >= 0.97)");
}

// ---------------------------------------------------------------------
// connect: forked connections per second
// ---------------------------------------------------------------------

const CLIENTS: usize = 32;

fn message_exchange(port: u16) {
    let fd = connect_to(port).expect("connect");
    writen(&fd, b"bench\n").expect("write");
    let mut reply = Vec::new();
    let mut buf = [0u8; 64];
    loop {
        match read(&fd, &mut buf).expect("read") {
            0 => break,
            n => reply.extend_from_slice(&buf[..n]),
        }
    }
    assert_eq!(reply, b"I got your message");
}

/// `n` full exchanges from CLIENTS threads; connections per second.
fn connection_block(port: u16, n: usize) -> f64 {
    let next = Arc::new(AtomicUsize::new(0));
    let t = Instant::now();
    let threads: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let next = Arc::clone(&next);
            std::thread::spawn(move || {
                while next.fetch_add(1, Ordering::Relaxed) < n {
                    message_exchange(port);
                }
            })
        })
        .collect();
    for th in threads {
        th.join().expect("client thread");
    }
    n as f64 / t.elapsed().as_secs_f64()
}

fn bench_connect() {
    println!("\n## connect: forking_server, {CLIENTS} concurrent clients, one fork per connection");
    let Some(servers) = pair("forking_server") else {
        return;
    };
    let running: Vec<Running> = servers.iter().map(|(_, bin)| start(&[], bin)).collect();
    const BLOCK: usize = 1000;
    const BLOCKS: usize = 9;
    let (medians, ratio, rates) =
        side_by_side(BLOCKS, |i| connection_block(running[i].port, BLOCK));
    println!("{BLOCKS} blocks of {BLOCK} connections per server, alternating");
    println!("| server | median connections/s | range |");
    println!("|---|---:|---:|");
    for (i, (label, _)) in servers.iter().enumerate() {
        println!("| {label} | {:.0} | {} |", medians[i], spread(&rates[i]));
    }
    println!("ratio Rust/C (median of per-block ratios): {ratio:.3}  (target >= 0.95)");
}

// ---------------------------------------------------------------------
// rss: memory per forked child
// ---------------------------------------------------------------------

/// kB values of `fields` in a /proc file of `Name:   123 kB` lines.
fn proc_kb(path: &str, fields: &[&str]) -> Vec<f64> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    fields
        .iter()
        .map(|f| {
            text.lines()
                .find_map(|l| {
                    l.strip_prefix(f)
                        .and_then(|v| v.split_whitespace().next())
                        .and_then(|v| v.parse().ok())
                })
                .unwrap_or(f64::NAN)
        })
        .collect()
}

/// [RSS, PSS, USS] of a process, in kB.
fn memory(pid: u32) -> [f64; 3] {
    let m = proc_kb(
        &format!("/proc/{pid}/smaps_rollup"),
        &["Rss:", "Pss:", "Private_Clean:", "Private_Dirty:"],
    );
    [m[0], m[1], m[2] + m[3]]
}

fn bench_rss() {
    const SILENT: usize = 16;
    println!(
        "\n## rss: forking_server, {SILENT} silent clients = {SILENT} children blocked in read"
    );
    let Some(servers) = pair("forking_server") else {
        return;
    };
    println!(
        "| server | binary size | parent RSS kB | child RSS kB | child PSS kB | child USS (private) kB |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    let mut results = Vec::new();
    for (label, bin) in &servers {
        let srv = start(&[], bin);
        // the probe's child must be gone before we count
        wait_children(srv.pid(), 0, Duration::from_secs(5));
        let clients: Vec<Fd> = (0..SILENT)
            .map(|_| connect_to(srv.port).expect("connect"))
            .collect();
        let kids = wait_children(srv.pid(), SILENT, Duration::from_secs(10));
        assert_eq!(kids.len(), SILENT, "{label}: children");
        std::thread::sleep(Duration::from_millis(200)); // let them reach read()
        let per_child: Vec<[f64; 3]> = kids.iter().map(|&k| memory(k)).collect();
        let col = |j: usize| median(per_child.iter().map(|m| m[j]).collect());
        let parent = memory(srv.pid());
        let size = std::fs::metadata(bin).map(|m| m.len()).unwrap_or(0);
        println!(
            "| {label} | {} kB | {:.0} | {:.0} | {:.0} | {:.0} |",
            size / 1024,
            parent[0],
            col(0),
            col(1),
            col(2)
        );
        results.push([col(0), col(2)]);
        drop(clients);
    }
    println!(
        "ratio Rust/C: child RSS {:.2}, child USS {:.2}  (target <= 1.10)",
        results[0][0] / results[1][0],
        results[0][1] / results[1][1]
    );
}

// ---------------------------------------------------------------------
// syscalls: strace -c per unit of work
// ---------------------------------------------------------------------

/// Parses `strace -c` output: syscall name -> calls.
fn parse_strace_c(text: &str) -> BTreeMap<String, f64> {
    let mut counts = BTreeMap::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        // % time, seconds, usecs/call, calls, [errors], syscall
        if f.len() < 5 || f[0].parse::<f64>().is_err() || f.last() == Some(&"total") {
            continue;
        }
        if let (Some(name), Ok(calls)) = (f.last(), f[3].parse::<f64>()) {
            counts.insert((*name).to_string(), calls);
        }
    }
    counts
}

/// Parses `perf stat -x,` output: event name -> value (task-clock in ms).
fn parse_perf(text: &str) -> BTreeMap<String, f64> {
    let mut counts = BTreeMap::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split(',').collect();
        if let (Some(v), Some(name)) = (f.first().and_then(|v| v.parse::<f64>().ok()), f.get(2)) {
            counts.insert((*name).to_string(), v);
        }
    }
    counts
}

/// A tool that watches the server (and its children) from outside and
/// writes a summary to a file when the server exits.
#[derive(Clone, Copy)]
enum Watcher {
    /// `strace -f -c`: system calls, by name.
    Strace,
    /// `perf stat`: CPU time (task-clock), page faults, context switches —
    /// software counters, inherited by forked children.
    Perf,
}

impl Watcher {
    fn prefix(self, out: &str) -> Vec<String> {
        let args: &[&str] = match self {
            Watcher::Strace => &["strace", "-f", "-c", "-o"],
            Watcher::Perf => &[
                "perf",
                "stat",
                "-e",
                "task-clock,page-faults,context-switches",
                "-x,",
                "-o",
            ],
        };
        let mut v: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        v.push(out.to_string());
        v
    }

    fn parse(self, text: &str) -> BTreeMap<String, f64> {
        match self {
            Watcher::Strace => parse_strace_c(text),
            Watcher::Perf => parse_perf(text),
        }
    }

    fn available(self) -> bool {
        let (cmd, args): (&str, &[&str]) = match self {
            Watcher::Strace => ("strace", &["-o", "/dev/null", "true"]),
            Watcher::Perf => (
                "perf",
                &["stat", "-e", "task-clock", "-o", "/dev/null", "true"],
            ),
        };
        Command::new(cmd)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }
}

/// Runs the server under `watcher`, does `units` units of `work`, stops
/// the server (SIGTERM, once its children are gone), and returns the summary.
fn watched_counts(
    watcher: Watcher,
    bin: &Path,
    units: usize,
    work: fn(u16, usize),
) -> BTreeMap<String, f64> {
    let out =
        std::env::temp_dir().join(format!("socklab-bench-{}-{units}.txt", std::process::id()));
    let prefix = watcher.prefix(&out.to_string_lossy());
    let prefix: Vec<&str> = prefix.iter().map(String::as_str).collect();
    let mut srv = start(&prefix, bin);
    work(srv.port, units);
    // the watched server is the watcher's child; its own children must be gone
    let server_pid = *children_of(srv.pid()).first().expect("watched server");
    wait_children(server_pid, 0, Duration::from_secs(10));
    // Back in accept before the SIGTERM, so that every run ends the same
    // way. (A stray ±0.01 accept per unit remains for the echo server: a
    // child's SIGCHLD that lands while the parent waits in accept makes
    // the kernel restart the call, and strace -c counts the restart.)
    wait_asleep(server_pid, Duration::from_secs(5));
    kill("-TERM", &server_pid.to_string());
    let deadline = Instant::now() + Duration::from_secs(10);
    while srv.child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let _ = std::fs::remove_file(&out);
    watcher.parse(&text)
}

/// Per-unit values: (run of n2 units - run of n1 units) / (n2 - n1), so
/// start-up and shutdown cancel; the median of `repeats` such differences.
fn per_unit(
    watcher: Watcher,
    bin: &Path,
    work: fn(u16, usize),
    n1: usize,
    n2: usize,
    repeats: usize,
) -> BTreeMap<String, f64> {
    let mut samples: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for _ in 0..repeats {
        let a = watched_counts(watcher, bin, n1, work);
        let b = watched_counts(watcher, bin, n2, work);
        let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
        names.sort();
        names.dedup();
        for n in names {
            let d = b.get(n).copied().unwrap_or(0.0) - a.get(n).copied().unwrap_or(0.0);
            samples
                .entry(n.clone())
                .or_default()
                .push(d / (n2 - n1) as f64);
        }
    }
    samples
        .into_iter()
        .map(|(n, v)| (n, median(v)))
        .filter(|(_, v)| v.abs() > 0.004)
        .collect()
}

fn print_syscall_table(what: &str, servers: &[(&'static str, PathBuf); 2], work: fn(u16, usize)) {
    let rust = per_unit(Watcher::Strace, &servers[0].1, work, 50, 150, 3);
    let c = per_unit(Watcher::Strace, &servers[1].1, work, 50, 150, 3);
    let mut names: Vec<&String> = rust.keys().chain(c.keys()).collect();
    names.sort();
    names.dedup();
    println!("| system call per {what} | Rust | C | |");
    println!("|---|---:|---:|---|");
    let mut equal = true;
    for n in names {
        let (r, cc) = (
            rust.get(n).copied().unwrap_or(0.0),
            c.get(n).copied().unwrap_or(0.0),
        );
        let same = (r - cc).abs() < 0.02;
        equal &= same;
        println!(
            "| {n} | {r:.2} | {cc:.2} | {} |",
            if same { "" } else { "differs" }
        );
    }
    let total = |m: &BTreeMap<String, f64>| m.values().sum::<f64>();
    println!(
        "| total | {:.2} | {:.2} | {} |",
        total(&rust),
        total(&c),
        if equal { "equal" } else { "not equal" }
    );
}

fn echo_work(port: u16, units: usize) {
    let fd = echo_connection(port);
    echo_round_trips(&fd, units);
}

fn connect_work(port: u16, units: usize) {
    for _ in 0..units {
        message_exchange(port);
    }
}

fn bench_syscalls() {
    println!(
        "\n## syscalls: strace -f -c, per unit of work (runs of 50 and 150 units, difference / 100, median of 3)"
    );
    if !Watcher::Strace.available() {
        println!("  (strace is not available here: skipped)");
        return;
    }
    if let Some(servers) = pair("ch05_tcpserv01") {
        println!("ch05_tcpserv01, per echo round trip:");
        print_syscall_table("round trip", &servers, echo_work);
    }
    if let Some(servers) = pair("forking_server") {
        println!("forking_server, per forked connection (parent and child):");
        print_syscall_table("connection", &servers, connect_work);
    }
}

/// CPU time, page faults and context switches per unit, from `perf stat`
/// (software counters, parent and forked children together): unlike wall
/// time, hardly disturbed by whatever else the machine is doing.
fn print_cpu_table(
    what: &str,
    servers: &[(&'static str, PathBuf); 2],
    work: fn(u16, usize),
    n1: usize,
    n2: usize,
) {
    // Rust and C take turns, so a busy moment of the machine hits both.
    const REPEATS: usize = 7;
    let mut samples: [BTreeMap<String, Vec<f64>>; 2] = [BTreeMap::new(), BTreeMap::new()];
    for round in 0..REPEATS {
        let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for i in order {
            for (k, v) in per_unit(Watcher::Perf, &servers[i].1, work, n1, n2, 1) {
                samples[i].entry(k).or_default().push(v);
            }
        }
    }
    let [rust, c] = samples.map(|m| {
        m.into_iter()
            .map(|(k, v)| (k, median(v)))
            .collect::<BTreeMap<String, f64>>()
    });
    println!("| per {what} (perf stat, median of {REPEATS}) | Rust | C | Rust/C |");
    println!("|---|---:|---:|---:|");
    for (event, label, scale) in [
        ("task-clock", "CPU time, µs", 1000.0),
        ("page-faults", "page faults", 1.0),
        ("context-switches", "context switches", 1.0),
    ] {
        let r = rust.get(event).copied().unwrap_or(0.0) * scale;
        let cc = c.get(event).copied().unwrap_or(0.0) * scale;
        println!("| {label} | {r:.2} | {cc:.2} | {:.3} |", r / cc);
    }
}

fn bench_cpu() {
    println!(
        "\n## cpu: server CPU time per unit of work (perf stat -e task-clock,page-faults,context-switches)"
    );
    if !Watcher::Perf.available() {
        println!("  (perf is not available here: skipped)");
        return;
    }
    if let Some(servers) = pair("ch05_tcpserv01") {
        println!("ch05_tcpserv01, per echo round trip (runs of 2000 and 22000):");
        print_cpu_table("round trip", &servers, echo_work, 2000, 22000);
    }
    if let Some(servers) = pair("forking_server") {
        println!("forking_server, per forked connection (runs of 200 and 1200):");
        print_cpu_table("connection", &servers, connect_work, 200, 1200);
    }
}

fn main() {
    // `cargo bench` passes --bench; anything else names sections to run.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let want = |s: &str| args.is_empty() || args.iter().any(|a| a == s);
    trace::disable();
    print_machine();
    if want("echo") {
        bench_echo();
    }
    if want("connect") {
        bench_connect();
    }
    if want("cpu") {
        bench_cpu();
    }
    if want("rss") {
        bench_rss();
    }
    if want("syscalls") {
        bench_syscalls();
    }
}
