//! Shared test support: run the example programs and their C twins as real
//! processes on loopback, bounded in time, and clean up after them.
//!
//! Every integration test file starts with `mod common;` and uses what it
//! needs; unused helpers are allowed because not every file uses all.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use socklab::Fd;

pub mod strace;

// the virtual lab (issue 13): needs the `socklab` command
#[cfg(feature = "cli")]
pub mod lab;

/// How long any single example run may take before the test kills it.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(20);

/// `target/debug` (or wherever cargo put this test binary).
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    // target/debug/deps/<test>-<hash>  ->  target/debug
    exe.parent()
        .and_then(Path::parent)
        .expect("target dir")
        .to_path_buf()
}

/// The path of a built example. `cargo test` builds every example before
/// it runs the integration tests.
pub fn example(name: &str) -> PathBuf {
    let path = target_dir().join("examples").join(name);
    assert!(
        path.exists(),
        "example {name} not built at {}: run `cargo test` (it builds examples) or `cargo build --examples`",
        path.display()
    );
    path
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

static CC_LOCK: Mutex<()> = Mutex::new(());

// [ch15] Twins that exec another twin from their own directory:
// ch15_mycat runs ch15_openfile.
const COMPANIONS: &[(&str, &str)] = &[("ch15_mycat", "ch15_openfile")];

/// Compiles `docs/c/<name>.c` with the system `cc` (once per test run,
/// recompiled when the source is newer) and returns the binary's path.
pub fn c_twin(name: &str) -> PathBuf {
    // [ch15] a twin that runs another one next to it is built with it
    for (program, companion) in COMPANIONS {
        if name == *program {
            c_twin(companion);
        }
    }
    let _guard = CC_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let src = root().join("docs/c").join(format!("{name}.c"));
    assert!(src.exists(), "C twin {} is missing", src.display());
    let out_dir = target_dir().join("c-twins");
    let bin = out_dir.join(name);
    // docs/c/Makefile knows how each twin is built (the flags, and
    // libunp.a for the twins that #include "unp.h") and when it is stale.
    let out = Command::new("make")
        .args(["-s", "-C"])
        .arg(root().join("docs/c"))
        .arg(format!("OUT={}", out_dir.display()))
        .arg(&bin)
        .output()
        .expect("run make (is make installed?)");
    assert!(
        out.status.success(),
        "make {} failed:\n{}",
        bin.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    bin
}

/// A port that is free now, for a server that takes its port on the
/// command line (the book's servers cannot be told "port 0, tell me").
///
/// Not "bind port 0, note it, close": the kernel hands out port-0 and
/// connect() ports from the ephemeral range (`ip_local_port_range`), and
/// under the load of a full `cargo test` another test's socket could get
/// the same number before our server binds it — a flaky `bind: Address
/// already in use`. So the port comes from *below* that range, where the
/// kernel never assigns on its own; a counter keeps the test threads of
/// this process apart, and a probe bind (no SO_REUSEADDR, like the book's
/// servers; close-on-exec, so no program spawned meanwhile inherits it)
/// skips a port still in use or in TIME_WAIT.
pub fn free_port(socktype: i32) -> u16 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    const FIRST: u32 = 10_000;
    let last = ephemeral_low().saturating_sub(1);
    assert!(last > FIRST + 1_000, "ip_local_port_range starts too low");
    let span = last - FIRST;
    // Each test binary starts at its own place (by pid), so a port a
    // previous binary left in TIME_WAIT is seldom even probed.
    let base = std::process::id().wrapping_mul(7_919) % span;
    for _ in 0..span {
        let port = FIRST + (base + NEXT.fetch_add(1, Ordering::Relaxed)) % span;
        let port = u16::try_from(port).expect("below ip_local_port_range");
        if port_is_free(socktype, port) {
            return port;
        }
    }
    panic!("no free port between {FIRST} and {last}");
}

/// The first port of the kernel's ephemeral range (32768 by default).
fn ephemeral_low() -> u32 {
    std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(32_768)
}

/// Whether a socket of `socktype` can bind `port` on INADDR_ANY now.
fn port_is_free(socktype: i32, port: u16) -> bool {
    let fd = cloexec_socket(socktype);
    let addr = socklab::sockaddr_in::new(socklab::INADDR_ANY, port);
    socklab::bind(&fd, &addr).is_ok()
}

/// A fresh temporary directory (for AF_UNIX socket paths), removed on drop.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("socklab-test")
        .tempdir()
        .expect("tempdir")
}

/// What a finished program did.
#[derive(Debug)]
pub struct Output {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    /// True if the test had to kill it at the deadline.
    pub timed_out: bool,
}

impl Output {
    /// Asserts exit status 0, showing everything the program printed if not.
    pub fn assert_success(&self) -> &Output {
        assert!(
            self.status.success() && !self.timed_out,
            "program failed ({:?}, timed out: {})\nstdout:\n{}\nstderr:\n{}",
            self.status,
            self.timed_out,
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts the bad-input contract: non-zero exit, no panic, and exactly
    /// one non-empty line on stderr that contains `needle` (case-insensitive).
    pub fn assert_one_line_error(&self, needle: &str) -> &Output {
        assert!(!self.timed_out, "timed out; stderr: {}", self.stderr);
        assert!(
            !self.status.success(),
            "expected failure, got success; stdout: {}",
            self.stdout
        );
        assert!(
            !self.stderr.contains("panicked"),
            "panicked: {}",
            self.stderr
        );
        let lines: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert_eq!(
            lines.len(),
            1,
            "expected one line on stderr, got:\n{}",
            self.stderr
        );
        assert!(
            lines[0].to_lowercase().contains(&needle.to_lowercase()),
            "stderr line {:?} does not mention {needle:?}",
            lines[0]
        );
        self
    }
}

/// Runs a program to completion with `stdin` as its input, killing it at
/// `RUN_TIMEOUT`.
pub fn run(program: impl AsRef<Path>, args: &[&str], stdin: &str) -> Output {
    run_env(program, args, stdin, &[])
}

/// [`run`] with extra environment variables.
pub fn run_env(
    program: impl AsRef<Path>,
    args: &[&str],
    stdin: &str,
    env: &[(&str, &str)],
) -> Output {
    let mut cmd = Command::new(program.as_ref());
    cmd.args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("spawn {}: {e}", program.as_ref().display()));
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.as_bytes().to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
        // dropping `input` closes the pipe: the program sees end of file
    });
    let out = wait_with_timeout(child, RUN_TIMEOUT);
    let _ = writer.join();
    out
}

/// `cmd.output()` with a deadline: standard input closed, output
/// collected, the program killed after [`RUN_TIMEOUT`] (then
/// `timed_out` is set and the status is not success).
pub fn output_within(cmd: &mut Command) -> Output {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    wait_with_timeout(child, RUN_TIMEOUT)
}

/// Waits for a child, collecting its output; kills it at `limit`.
pub fn wait_with_timeout(mut child: Child, limit: Duration) -> Output {
    let stdout = child.stdout.take().map(reader_thread);
    let stderr = child.stderr.take().map(reader_thread);
    let deadline = Instant::now() + limit;
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if Instant::now() >= deadline {
            timed_out = true;
            let _ = child.kill();
            break child.wait().expect("wait after kill");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output {
        status,
        stdout: stdout
            .map(|h| h.join().unwrap_or_default())
            .unwrap_or_default(),
        stderr: stderr
            .map(|h| h.join().unwrap_or_default())
            .unwrap_or_default(),
        timed_out,
    }
}

fn reader_thread(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = r.read_to_end(&mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    })
}

/// The lines `out` delivers, as they come, without their newline.
fn line_channel(out: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        // Bytes, not `lines()`: a program that prints non-UTF-8 bytes (a
        // C twin echoing binary input) must not stop this reader — that
        // would close the pipe and kill the program with SIGPIPE.
        let mut out = BufReader::new(out);
        let mut line = Vec::new();
        while out.read_until(b'\n', &mut line).is_ok_and(|n| n > 0) {
            if line.last() == Some(&b'\n') {
                line.pop();
            }
            if tx
                .send(String::from_utf8_lossy(&line).into_owned())
                .is_err()
            {
                break;
            }
            line.clear();
        }
    });
    rx
}

/// A server program running in the background; killed (with its process
/// group, so forked children go too) when dropped.
pub struct Server {
    child: Option<Child>,
    /// Lines the server printed on stdout so far arrive here.
    lines: mpsc::Receiver<String>,
    stderr: Option<std::thread::JoinHandle<String>>,
    /// Everything read from stdout so far.
    pub seen: Vec<String>,
}

impl Server {
    /// Starts `program args…` and waits until it prints a line containing
    /// `ready` (e.g. "The server is ready to receive"). With `ready` empty,
    /// waits until `port` accepts a TCP connection instead — note that
    /// such a probe connection is served like any client.
    pub fn start(program: impl AsRef<Path>, args: &[&str], ready: &str) -> Server {
        Server::start_env(program, args, ready, &[])
    }

    /// [`Server::start`] with extra environment variables.
    pub fn start_env(
        program: impl AsRef<Path>,
        args: &[&str],
        ready: &str,
        env: &[(&str, &str)],
    ) -> Server {
        Server::spawn(program.as_ref(), args, ready, env, None)
    }

    /// [`Server::start`] for a server that reads its terminal (chat_server):
    /// `input` is written to its standard input, which is then closed, so
    /// the server sees end of file once it has read the script.
    pub fn start_with_stdin(
        program: impl AsRef<Path>,
        args: &[&str],
        ready: &str,
        input: &str,
    ) -> Server {
        Server::spawn(program.as_ref(), args, ready, &[], Some(input))
    }

    fn spawn(
        program: &Path,
        args: &[&str],
        ready: &str,
        env: &[(&str, &str)],
        input: Option<&str>,
    ) -> Server {
        use std::os::unix::process::CommandExt;
        let mut cmd = Command::new(program);
        cmd.args(args)
            .envs(env.iter().copied())
            .stdin(if input.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0); // its own group: kill() reaches forked children
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("spawn {}: {e}", program.display()));
        if let (Some(mut stdin), Some(input)) = (child.stdin.take(), input) {
            let data = input.as_bytes().to_vec();
            // dropping `stdin` at the end closes the pipe: end of file
            std::thread::spawn(move || {
                let _ = stdin.write_all(&data);
            });
        }
        let lines = line_channel(child.stdout.take().expect("stdout"));
        let stderr = child.stderr.take().map(reader_thread);
        let mut server = Server {
            child: Some(child),
            lines,
            stderr,
            seen: Vec::new(),
        };
        if !ready.is_empty() {
            server.wait_for_line(ready, Duration::from_secs(10));
        }
        server
    }

    /// Waits until the server prints a line containing `needle`; panics with
    /// what it printed (and its stderr) if it does not within `limit`.
    pub fn wait_for_line(&mut self, needle: &str, limit: Duration) -> String {
        if let Some(l) = self.seen.iter().find(|l| l.contains(needle)) {
            return l.clone();
        }
        let deadline = Instant::now() + limit;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => break,
            }
        }
        let out = self.stop();
        panic!(
            "server never printed {needle:?}; stdout so far: {:?}\nstderr: {}\nstatus: {:?}",
            self.seen, out.stderr, out.status
        );
    }

    /// Collects whatever stdout lines arrive within `limit`.
    pub fn drain(&mut self, limit: Duration) -> &[String] {
        let deadline = Instant::now() + limit;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => self.seen.push(line),
                Err(_) => break,
            }
        }
        &self.seen
    }

    /// The server's pid.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map(Child::id).unwrap_or(0)
    }

    /// Waits (bounded) for a server that is expected to exit by itself.
    pub fn wait_exit(&mut self, limit: Duration) -> Output {
        let child = self.child.take().expect("server already stopped");
        let mut out = wait_with_timeout(child, limit);
        out.stdout = self.drain(Duration::from_millis(100)).join("\n");
        out.stderr = self
            .stderr
            .take()
            .map(|h| h.join().unwrap_or_default())
            .unwrap_or_default();
        out
    }

    /// Kills the server and its process group; returns what it printed.
    pub fn stop(&mut self) -> Output {
        let Some(mut child) = self.child.take() else {
            return Output {
                status: std::os::unix::process::ExitStatusExt::from_raw(0),
                stdout: self.seen.join("\n"),
                stderr: String::new(),
                timed_out: false,
            };
        };
        kill_group(child.id());
        let status = child.wait().expect("wait server");
        let stderr = self
            .stderr
            .take()
            .map(|h| h.join().unwrap_or_default())
            .unwrap_or_default();
        Output {
            status,
            stdout: self.seen.join("\n"),
            stderr,
            timed_out: false,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.is_some() {
            let _ = self.stop();
        }
    }
}

/// SIGKILL to a whole process group (the server and its forked children).
pub fn kill_group(pgid: u32) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pgid}")])
        .status();
}

/// Children of `pid` (from /proc/*/stat), with their state letter
/// (`Z` for a zombie).
pub fn children_of(pid: u32) -> Vec<(u32, char)> {
    let mut out = Vec::new();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return out;
    };
    for entry in dir.flatten() {
        let Ok(child_pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid ...; comm may contain spaces: split after ')'
        let Some(rest) = stat.rsplit_once(") ").map(|(_, r)| r) else {
            continue;
        };
        let mut fields = rest.split_whitespace();
        let state = fields.next().and_then(|s| s.chars().next()).unwrap_or('?');
        let ppid = fields
            .next()
            .and_then(|s| s.parse::<u32>().ok())
            .unwrap_or(0);
        if ppid == pid {
            out.push((child_pid, state));
        }
    }
    out
}

/// The descendants of `pid` (children, grandchildren…), with their state
/// letter from `/proc` (`S` sleeping, `R` running, `Z` zombie…).
pub fn descendants(pid: u32) -> Vec<(u32, char)> {
    let mut out = Vec::new();
    let mut todo = vec![pid];
    while let Some(p) = todo.pop() {
        for (child, state) in children_of(p) {
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

/// Zombie children of `pid` once the children that were ending have
/// ended: polls until at most `live` children are left alive (the ones
/// still serving a connected client) and none is a zombie, or `limit`
/// passes; then returns the zombies. Waiting for the live count first
/// matters: right after a client leaves, its child may not have exited
/// yet, and "no zombie" would then be true before it could be false.
pub fn zombies_after(pid: u32, live: usize, limit: Duration) -> Vec<u32> {
    let deadline = Instant::now() + limit;
    loop {
        let children = children_of(pid);
        let zombies: Vec<u32> = children
            .iter()
            .filter(|(_, s)| *s == 'Z')
            .map(|(p, _)| *p)
            .collect();
        let alive = children.len() - zombies.len();
        if (zombies.is_empty() && alive <= live) || Instant::now() >= deadline {
            return zombies;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Number of open descriptors of a process (`/proc/<pid>/fd`).
pub fn open_fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|d| d.count())
        .unwrap_or(0)
}

/// Waits (bounded by `limit`) until process `pid` has `want` open
/// descriptors, and returns the count it has at the end: a server closes a
/// finished connection a moment after the client sees the reply.
pub fn fds_back_to(pid: u32, want: usize, limit: Duration) -> usize {
    let deadline = Instant::now() + limit;
    loop {
        let now = open_fds(pid);
        if now == want || Instant::now() >= deadline {
            return now;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Is strace usable here? Under `CI=true` a missing strace fails the test
/// instead of skipping it.
pub fn strace_available() -> bool {
    let ok = Command::new("strace")
        .args(["-f", "-o", "/dev/null", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "strace is required when CI=true (apt-get install strace)"
        );
        eprintln!("SKIPPED: strace is not installed or ptrace is not permitted here");
    }
    ok
}

// ---------------------------------------------------------------------
// Servers that take their port on the command line
// ---------------------------------------------------------------------

/// Socket inodes of the sockets a process has open (`/proc/<pid>/fd/*`
/// links read `socket:[inode]`).
pub fn socket_inodes(pid: u32) -> Vec<u64> {
    let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return Vec::new();
    };
    dir.flatten()
        .filter_map(|e| std::fs::read_link(e.path()).ok())
        .filter_map(|l| {
            let l = l.to_string_lossy().into_owned();
            l.strip_prefix("socket:[")?.strip_suffix(']')?.parse().ok()
        })
        .collect()
}

/// Does process `pid` hold an IPv4 socket bound to local `port` — a
/// listening one for SOCK_STREAM, any for SOCK_DGRAM? Read from
/// `/proc/net/tcp` or `/proc/net/udp`, so no probe connection is made
/// (a one-shot server would serve the probe and exit).
pub fn owns_port(pid: u32, port: u16, socktype: i32) -> bool {
    let (table, state) = if socktype == socklab::SOCK_STREAM {
        ("tcp", "0A")
    } else {
        ("udp", "07")
    };
    let Ok(text) = std::fs::read_to_string(format!("/proc/net/{table}")) else {
        return false;
    };
    let mine = socket_inodes(pid);
    text.lines().skip(1).any(|line| {
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
        let f: Vec<&str> = line.split_whitespace().collect();
        f.len() > 9
            && f[1]
                .rsplit(':')
                .next()
                .and_then(|p| u16::from_str_radix(p, 16).ok())
                == Some(port)
            && f[3] == state
            && f[9].parse::<u64>().is_ok_and(|inode| mine.contains(&inode))
    })
}

/// Has process `pid` ended (gone, or a zombie waiting for its parent)?
pub fn has_exited(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| rest.starts_with('Z')),
        Err(_) => true,
    }
}

/// Starts a server that takes its port on the command line, on a port
/// that was free a moment ago, and waits until it is ready: until it
/// prints a line containing `ready`, or (with `ready` empty) until it
/// holds a socket bound to the port. If another process took the port in
/// the meantime (the server exits saying "in use"), tries again with a new
/// port, up to 5 times. `args` builds the argument list from the port.
pub fn start_on_free_port(
    program: impl AsRef<Path>,
    socktype: i32,
    args: impl Fn(&str) -> Vec<String>,
    ready: &str,
) -> (Server, u16) {
    start_on_free_port_with(program.as_ref(), socktype, &args, ready, &[], None)
}

/// [`start_on_free_port`] with extra environment variables
/// (`SOCKLAB_TRACE=1`).
pub fn start_on_free_port_env(
    program: impl AsRef<Path>,
    socktype: i32,
    args: impl Fn(&str) -> Vec<String>,
    ready: &str,
    env: &[(&str, &str)],
) -> (Server, u16) {
    start_on_free_port_with(program.as_ref(), socktype, &args, ready, env, None)
}

/// [`start_on_free_port`] for a server that reads its terminal
/// (chat_server): `input` is its standard input, as in
/// [`Server::start_with_stdin`].
pub fn start_on_free_port_with_stdin(
    program: impl AsRef<Path>,
    socktype: i32,
    args: impl Fn(&str) -> Vec<String>,
    ready: &str,
    input: &str,
) -> (Server, u16) {
    start_on_free_port_with(program.as_ref(), socktype, &args, ready, &[], Some(input))
}

/// The one retry loop behind the `start_on_free_port*` functions.
fn start_on_free_port_with(
    program: &Path,
    socktype: i32,
    args: &dyn Fn(&str) -> Vec<String>,
    ready: &str,
    env: &[(&str, &str)],
    input: Option<&str>,
) -> (Server, u16) {
    for _attempt in 0..5 {
        let port = free_port(socktype);
        let argv = args(&port.to_string());
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let mut server = Server::spawn(program, &argv, "", env, input);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let ok = if ready.is_empty() {
                owns_port(server.pid(), port, socktype)
            } else {
                server
                    .drain(Duration::from_millis(20))
                    .iter()
                    .any(|l| l.contains(ready))
            };
            if ok {
                return (server, port);
            }
            if has_exited(server.pid()) {
                let out = server.wait_exit(Duration::from_secs(5));
                assert!(
                    out.stderr.contains("in use"),
                    "{} {argv:?} exited before it was ready: {:?}\nstdout:\n{}\nstderr:\n{}",
                    program.display(),
                    out.status,
                    out.stdout,
                    out.stderr
                );
                break; // lost the race for the port: try another
            }
            assert!(
                Instant::now() < deadline,
                "{} {argv:?} never became ready",
                program.display()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    panic!("{}: no free port after 5 attempts", program.display());
}

// ---------------------------------------------------------------------
// Rust or C: the twins of a lecture program
// ---------------------------------------------------------------------

/// Which twin of a lecture program to run: the Rust example or its C twin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Twin {
    /// `examples/NAME.rs`, built by cargo ([`example`]).
    Rust,
    /// `docs/c/NAME.c`, compiled by the test ([`c_twin`]).
    C,
}

impl Twin {
    /// Both twins, Rust first.
    pub const BOTH: [Twin; 2] = [Twin::Rust, Twin::C];

    /// The path of this twin of program `name`.
    pub fn bin(self, name: &str) -> PathBuf {
        match self {
            Twin::Rust => example(name),
            Twin::C => c_twin(name),
        }
    }
}

/// The (client, server) mixes a client/server pair must pass: Rust with
/// Rust, and each language's client against the other's server.
pub const TWIN_PAIRS: [(Twin, Twin); 3] = [
    (Twin::Rust, Twin::Rust),
    (Twin::Rust, Twin::C),
    (Twin::C, Twin::Rust),
];

/// The arguments of a server that takes only its port: `[port]` (an
/// `args` for [`start_on_free_port`]).
pub fn port_arg(port: &str) -> Vec<String> {
    vec![port.to_string()]
}

/// Starts `twin`'s `name`, a server that takes only its port, on a free
/// port; ready as [`start_on_free_port`] says (`ready` empty: once it
/// holds the port).
pub fn start_twin(twin: Twin, name: &str, socktype: i32, ready: &str) -> (Server, u16) {
    start_on_free_port(twin.bin(name), socktype, port_arg, ready)
}

/// The bad-input contract, for both twins of program `name`: run with
/// `stdin`, each `(args, needle)` case must end with exit status 1 and
/// exactly one line on stderr, containing `needle` (see
/// [`Output::assert_one_line_error`]); a broken case shows everything the
/// program did.
pub fn assert_bad_input(name: &str, stdin: &str, cases: &[(Vec<&str>, &str)]) {
    for twin in Twin::BOTH {
        assert_bad_input_of(twin, name, stdin, cases);
    }
}

/// [`assert_bad_input`] for one twin: where the two say it differently
/// (the tutorial's C prints `ERROR on binding: …`, socklab `bind: …`) or
/// where only one refuses (C's `atoi` takes `"http"` as port 0).
pub fn assert_bad_input_of(twin: Twin, name: &str, stdin: &str, cases: &[(Vec<&str>, &str)]) {
    for (args, needle) in cases {
        let out = run(twin.bin(name), args, stdin);
        if out.timed_out || out.status.success() || out.stderr.lines().count() != 1 {
            panic!("{name} ({twin:?}) {args:?}: {out:?}");
        }
        out.assert_one_line_error(needle);
        assert_eq!(out.status.code(), Some(1), "{name} ({twin:?}) {args:?}");
    }
}

/// A path as `&str`, for a program's command line (temporary paths are
/// UTF-8).
pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

// ---------------------------------------------------------------------
// The test's own sockets
// ---------------------------------------------------------------------

/// An AF_INET socket for the test's own side, close-on-exec. socklab
/// (like C) sets no `SOCK_CLOEXEC`; without it, a program another test
/// thread starts at that moment would inherit the socket — keeping a
/// connection open that the test "closed", keeping a port bound, or
/// shifting the descriptor numbers the program prints.
pub fn cloexec_socket(socktype: i32) -> Fd {
    socklab::socket(socklab::AF_INET, socktype | libc::SOCK_CLOEXEC, 0).expect("socket")
}

/// `SO_RCVTIMEO` of `secs` seconds: a receive (or accept) on `fd` that
/// waits longer fails with EAGAIN, so a bug fails the test instead of
/// hanging it.
pub fn set_rcvtimeo(fd: &Fd, secs: libc::time_t) -> socklab::Result<()> {
    let limit = socklab::timeval {
        tv_sec: secs,
        tv_usec: 0,
    };
    socklab::setsockopt(fd, socklab::SOL_SOCKET, socklab::SO_RCVTIMEO, &limit)
}

/// `SO_LINGER` {on, 0 s}: closing `fd` then sends RST instead of FIN — the
/// peer sees the connection reset.
pub fn reset_on_close(fd: &Fd) {
    let abortive = socklab::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    socklab::setsockopt(fd, socklab::SOL_SOCKET, socklab::SO_LINGER, &abortive).expect("SO_LINGER");
}

/// A raw client of 127.0.0.1:`port` (close-on-exec, replies awaited 10 s
/// at most), for the ways a real client can misbehave.
pub fn connect_to(port: u16) -> Fd {
    let fd = cloexec_socket(socklab::SOCK_STREAM);
    let server = socklab::sockaddr_in::new(socklab::INADDR_LOOPBACK, port);
    socklab::connect(&fd, &server).expect("connect");
    set_rcvtimeo(&fd, 10).expect("SO_RCVTIMEO");
    fd
}

/// Makes `call` again while it fails with EINTR, 10 times at most. With
/// SO_RCVTIMEO set, Linux reports EINTR instead of restarting a receive
/// when the process is stopped and continued (or frozen and thawed)
/// mid-call: not an answer, so ask again.
pub fn retry_eintr<T>(mut call: impl FnMut() -> socklab::Result<T>) -> socklab::Result<T> {
    let mut result = call();
    for _ in 0..10 {
        match &result {
            Err(e) if e.errno() == Some(socklab::Errno::EINTR) => result = call(),
            _ => break,
        }
    }
    result
}

/// Reads until end of file or an error (such as a reset after the data),
/// 100 reads at most.
pub fn read_all(fd: &Fd) -> Vec<u8> {
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    for _ in 0..100 {
        match retry_eintr(|| socklab::read(fd, &mut buf)) {
            Ok(0) | Err(_) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
    got
}

/// Connects to 127.0.0.1:`port`, sends `msg` and returns the whole reply
/// ([`read_all`]).
pub fn exchange(port: u16, msg: &[u8]) -> Vec<u8> {
    let fd = connect_to(port);
    socklab::write(&fd, msg).expect("write");
    read_all(&fd)
}

/// The port `fd` is bound to, as a command-line argument.
fn bound_port(fd: &Fd) -> String {
    let local = socklab::getsockname(fd).expect("getsockname");
    local.port().expect("port").to_string()
}

/// A close-on-exec socket of `socktype` bound to port 0 on `addr`
/// (listening if `listen`), and the port the kernel chose.
fn held_port(socktype: i32, addr: u32, listen: bool) -> (Fd, String) {
    let fd = cloexec_socket(socktype);
    socklab::bind(&fd, &socklab::sockaddr_in::new(addr, 0)).expect("bind");
    if listen {
        socklab::listen(&fd, 1).expect("listen");
    }
    let port = bound_port(&fd);
    (fd, port)
}

/// A TCP port in use: a socket listens on it (on INADDR_ANY) for as long
/// as the returned descriptor is kept.
pub fn busy_tcp_port() -> (Fd, String) {
    held_port(socklab::SOCK_STREAM, socklab::INADDR_ANY, true)
}

/// A UDP port in use (on INADDR_ANY) for as long as the returned
/// descriptor is kept.
pub fn busy_udp_port() -> (Fd, String) {
    held_port(socklab::SOCK_DGRAM, socklab::INADDR_ANY, false)
}

/// A TCP port on 127.0.0.1 where nobody listens: connect is refused. It
/// is bound (not listening) for as long as the returned descriptor is
/// kept, so no other test can start a server there meanwhile.
pub fn refusing_port() -> (Fd, String) {
    held_port(socklab::SOCK_STREAM, socklab::INADDR_LOOPBACK, false)
}

/// A UDP port on 127.0.0.1 where nobody answers: a datagram sent there
/// gets ICMP port unreachable (a connected client reads ECONNREFUSED).
/// The socket holding it is connected to port 9, so the kernel matches
/// only datagrams from 127.0.0.1:9 to it and treats any other sender as
/// if the port were free; and while it lives, no other test can bind it.
pub fn refusing_udp_port() -> (Fd, String) {
    let (fd, port) = held_port(socklab::SOCK_DGRAM, socklab::INADDR_LOOPBACK, false);
    let discard = socklab::sockaddr_in::new(socklab::INADDR_LOOPBACK, 9);
    socklab::connect(&fd, &discard).expect("connect");
    (fd, port)
}

// ---------------------------------------------------------------------
// A client driven line by line
// ---------------------------------------------------------------------

/// A client program driven line by line: the test writes to its standard
/// input when it chooses and reads its stdout lines as they come. Killed
/// when dropped.
pub struct Interactive {
    child: Option<Child>,
    stdin: Option<ChildStdin>,
    lines: mpsc::Receiver<String>,
    stderr: Option<std::thread::JoinHandle<String>>,
}

impl Interactive {
    /// Starts `program args…` with its standard input, output and error
    /// piped to the test.
    pub fn start(program: impl AsRef<Path>, args: &[&str]) -> Interactive {
        let program = program.as_ref();
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn {}: {e}", program.display()));
        let stdin = child.stdin.take();
        let lines = line_channel(child.stdout.take().expect("stdout"));
        let stderr = child.stderr.take().map(reader_thread);
        Interactive {
            child: Some(child),
            stdin,
            lines,
            stderr,
        }
    }

    /// Writes `text` to the client's standard input at once (so several
    /// lines arrive together, as a paste would).
    pub fn send(&mut self, text: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin
            .write_all(text.as_bytes())
            .expect("write to client stdin");
        stdin.flush().expect("flush");
    }

    /// The next stdout line, or `None` if none arrives within `limit`.
    pub fn line(&self, limit: Duration) -> Option<String> {
        self.lines.recv_timeout(limit).ok()
    }

    /// Closes the client's standard input: it reads end of file.
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// [ch24] The client's pid (0 once it has been waited for).
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map(Child::id).unwrap_or(0)
    }

    /// Has the client exited? (Does not wait.)
    pub fn exited(&mut self) -> bool {
        self.child
            .as_mut()
            .is_none_or(|c| c.try_wait().expect("try_wait").is_some())
    }

    /// Closes standard input and waits for the client to exit, killing it
    /// at `limit`; the output's stdout is the lines not read yet.
    pub fn finish(mut self, limit: Duration) -> Output {
        self.close_stdin();
        let child = self.child.take().expect("client already finished");
        let mut out = wait_with_timeout(child, limit);
        let mut rest = Vec::new();
        while let Ok(l) = self.lines.recv_timeout(Duration::from_millis(200)) {
            rest.push(l);
        }
        out.stdout = rest.join("\n");
        out.stderr = self
            .stderr
            .take()
            .map(|h| h.join().unwrap_or_default())
            .unwrap_or_default();
        out
    }
}

impl Drop for Interactive {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Asserts that a call given a 100 ms timeout returned after about that
/// long: not before 90 ms (a little slack for the clock), and under 3 s
/// (late on a busy machine is fine, hanging on is not).
pub fn assert_waited_100ms(waited: Duration) {
    assert!(
        waited >= Duration::from_millis(90),
        "returned after {waited:?}"
    );
    assert!(waited < Duration::from_secs(3), "returned after {waited:?}");
}

// ---------------------------------------------------------------------
// Programs under strace (the UNP strace tests)
// ---------------------------------------------------------------------

/// Where a UNP strace test writes a trace: `target/debug/unp-strace/NAME.strace`,
/// kept after the test for a closer look (an old one is removed first).
pub fn unp_strace_file(name: &str) -> PathBuf {
    let dir = target_dir().join("unp-strace");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let file = dir.join(format!("{name}.strace"));
    let _ = std::fs::remove_file(&file);
    file
}

/// `strace [-f] -o FILE -e trace=CALLS PROGRAM ARGS…` as an argument list;
/// `-f` (`follow`) traces the children the program forks too.
pub fn strace_argv(
    file: &Path,
    calls: &str,
    follow: bool,
    program: &Path,
    args: &[&str],
) -> Vec<String> {
    let mut argv = Vec::new();
    if follow {
        argv.push("-f".to_string());
    }
    argv.extend([
        "-o".to_string(),
        file.display().to_string(),
        "-e".to_string(),
        format!("trace={calls}"),
        program.display().to_string(),
    ]);
    argv.extend(args.iter().map(|a| a.to_string()));
    argv
}

/// Runs `program args…` under `strace` (see [`strace_argv`]) to completion
/// with `stdin` as its input; the trace is in `file`. Fails the test if it
/// had to be killed at [`RUN_TIMEOUT`].
pub fn run_under_strace(
    file: &Path,
    calls: &str,
    follow: bool,
    program: &Path,
    args: &[&str],
    stdin: &str,
) -> Output {
    let argv = strace_argv(file, calls, follow, program, args);
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    let out = run("strace", &argv, stdin);
    assert!(
        !out.timed_out,
        "{} under strace timed out",
        program.display()
    );
    out
}

/// The system call process `pid` is blocked in: the first field of
/// `/proc/PID/syscall` (`None` while it runs, or where that file cannot be
/// read).
pub fn syscall_of(pid: u32) -> Option<i64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/syscall")).ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Waits until process `pid` sits in write(2) — `/proc/PID/syscall`
/// starts with write's number — for three samples in a row: then it is
/// blocked there, not merely slow (a loaded machine can make a server
/// slow enough for the flooder's send timeout to fire).
pub fn blocked_in_write(pid: u32, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    let mut in_a_row = 0;
    while Instant::now() < deadline {
        in_a_row = if syscall_of(pid) == Some(libc::SYS_write) {
            in_a_row + 1
        } else {
            0
        };
        if in_a_row == 3 {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// A host name that does not resolve, and that the C library refuses
/// before asking DNS: its first label is longer than DNS allows (63
/// bytes). Tests send nothing beyond loopback; a name such as
/// `no-such-host.invalid` would be a query to the configured name server.
/// The error is the same: `Name or service not known` (EAI_NONAME).
pub const NO_SUCH_HOST: &str =
    "no-such-host-its-first-label-is-too-long-for-dns-so-no-query-is-sent.invalid";

/// The effective uid, from /proc (no unsafe needed).
pub fn euid() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Uid:"))?;
    line.split_whitespace().nth(2)?.parse().ok()
}

/// setpriv(1)'s arguments that run a program as user `nobody` (uid and
/// gid 65534, no supplementary groups); the program follows.
pub const AS_NOBODY_SETPRIV: [&str; 3] = ["--reuid=65534", "--regid=65534", "--clear-groups"];

/// Set in a test's re-run as `nobody` (see [`passed_as_nobody`]).
const AS_NOBODY: &str = "SOCKLAB_TEST_AS_NOBODY";

/// For a test of a permission error, which root would not get: as root,
/// runs test `name` of this test binary again as user `nobody` (uid
/// 65534, through setpriv(1)), requires that run to pass and returns
/// true — the caller is done. Otherwise (not root, or this *is* the
/// re-run) returns false: the caller makes its checks itself.
pub fn passed_as_nobody(name: &str) -> bool {
    if euid() != Some(0) || std::env::var_os(AS_NOBODY).is_some() {
        return false;
    }
    let exe = std::env::current_exe().expect("current_exe");
    let exe = exe.display().to_string();
    let mut args = AS_NOBODY_SETPRIV.to_vec();
    args.extend([exe.as_str(), "--exact", name, "--nocapture"]);
    let out = run_env("setpriv", &args, "", &[(AS_NOBODY, "1")]);
    assert!(
        out.status.success() && out.stdout.contains("1 passed"),
        "{name} as nobody (setpriv):\n{}\n{}",
        out.stdout,
        out.stderr
    );
    true
}
