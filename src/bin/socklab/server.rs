//! The server the checker starts: spawn it in its own process group, wait
//! until it listens (seen in `/proc/net`, without connecting), watch it in
//! `/proc`, and stop it and all its children — also on Ctrl-C. With
//! `--strace` the server runs under `strace -f`, which writes its calls to a
//! temporary file (removed at the end, and on Ctrl-C).

use std::io::Read;
use std::net::{SocketAddr, TcpListener, UdpSocket};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use nix::sys::signal::{SigSet, Signal, killpg};
use nix::unistd::Pid;

/// The process group of the server being checked (0: none), for Ctrl-C.
static SERVER_PGID: AtomicI32 = AtomicI32::new(0);

/// The strace output file of the server being checked, for Ctrl-C.
static TRACE_FILE: Mutex<Option<PathBuf>> = Mutex::new(None);

/// The system calls `--strace` records: those of the forking server's
/// rules (who closes which socket, SIGCHLD, wait) and the forks between.
pub const TRACED: &str =
    "listen,accept,accept4,close,clone,clone3,fork,vfork,rt_sigaction,wait4,waitid";

/// Removes the strace output file, if there is one.
pub fn remove_trace() {
    if let Ok(mut t) = TRACE_FILE.lock()
        && let Some(path) = t.take()
    {
        let _ = std::fs::remove_file(path);
    }
}

/// Blocks SIGINT, SIGTERM and SIGHUP in this thread (and so in every thread
/// started after it) and starts one thread that waits for them: it stops
/// the server's process group and exits 130. Children get an empty signal
/// mask from `std::process::Command`.
pub fn catch_interrupts() {
    let mut set = SigSet::empty();
    set.add(Signal::SIGINT);
    set.add(Signal::SIGTERM);
    set.add(Signal::SIGHUP);
    if set.thread_block().is_err() {
        return;
    }
    thread::spawn(move || {
        if let Ok(sig) = set.wait() {
            let pgid = SERVER_PGID.load(Ordering::SeqCst);
            if pgid > 0 {
                let _ = killpg(Pid::from_raw(pgid), Signal::SIGKILL);
            }
            remove_trace();
            eprintln!("socklab: {sig}: stopped the server and its children");
            std::process::exit(130);
        }
    });
}

/// A free loopback port for TCP or UDP (bound to port 0, then released).
pub fn free_port(udp: bool) -> std::io::Result<u16> {
    if udp {
        Ok(UdpSocket::bind("127.0.0.1:0")?.local_addr()?.port())
    } else {
        Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
    }
}

/// A started server.
pub struct Server {
    argv: Vec<String>,
    pub port: u16,
    udp: bool,
    /// `strace -f` writes the server's calls here (`--strace`).
    trace: Option<PathBuf>,
    /// The process started: the server, or strace running it.
    child: Child,
    /// The server's own process id (strace's child, under strace).
    pid: i32,
    output: Arc<Mutex<Vec<u8>>>,
    status: Option<ExitStatus>,
    stopped: bool,
}

impl Server {
    /// Starts `argv` with `{port}` replaced, in its own process group, and
    /// waits up to 10 s for a socket on the port (listening, for TCP).
    /// With `trace`, under `strace -f -o TRACE` (the [`TRACED`] calls).
    pub fn start(
        argv: &[String],
        port: u16,
        udp: bool,
        trace: Option<&Path>,
    ) -> Result<Server, String> {
        let mut args: Vec<String> = argv
            .iter()
            .map(|a| a.replace("{port}", &port.to_string()))
            .collect();
        if let Some(file) = trace {
            if let Ok(mut t) = TRACE_FILE.lock() {
                *t = Some(file.to_path_buf());
            }
            let strace = ["strace", "-f", "-q", "-e", &format!("trace={TRACED}"), "-o"];
            let mut with: Vec<String> = strace.iter().map(|a| a.to_string()).collect();
            with.push(file.to_string_lossy().into_owned());
            with.push("--".into());
            with.append(&mut args);
            args = with;
        }
        let mut child = Command::new(&args[0])
            .args(&args[1..])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", args[0]))?;
        let pid = child.id() as i32;
        SERVER_PGID.store(pid, Ordering::SeqCst);
        let output = Arc::new(Mutex::new(Vec::new()));
        for pipe in [
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let out = Arc::clone(&output);
            thread::spawn(move || drain(pipe, &out));
        }
        let mut server = Server {
            argv: argv.to_vec(),
            port,
            udp,
            trace: trace.map(Path::to_path_buf),
            child,
            pid,
            output,
            status: None,
            stopped: false,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if listening_inode(port, udp).is_some() {
                // Under strace, the server is strace's child (its pid
                // stays through exec).
                let found = match server.trace {
                    Some(_) => children(pid).iter().map(|(p, _)| *p).min(),
                    None => Some(pid),
                };
                if let Some(p) = found {
                    server.pid = p;
                    return Ok(server);
                }
            }
            if let Some(st) = server.exited() {
                return Err(format!(
                    "the server exited ({st}) before it listened on port {port}{}",
                    server.said()
                ));
            }
            if Instant::now() > deadline {
                server.stop();
                return Err(format!(
                    "the server did not listen on port {port} within 10 s (did it take {{port}}?){}",
                    server.said()
                ));
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// The address the checker talks to.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    /// The server's process id (not strace's, under `--strace`).
    pub fn pid(&self) -> i32 {
        self.pid
    }

    /// The file strace writes the server's calls to (`--strace`).
    pub fn trace(&self) -> Option<&Path> {
        self.trace.as_deref()
    }

    /// The exit status, once it has exited.
    pub fn exited(&mut self) -> Option<ExitStatus> {
        if self.status.is_none() {
            self.status = self.child.try_wait().ok().flatten();
        }
        self.status
    }

    /// The last lines the server printed, as " — it said: …", or "".
    pub fn said(&self) -> String {
        thread::sleep(Duration::from_millis(50));
        let out = self.output.lock().map(|o| o.clone()).unwrap_or_default();
        let text = String::from_utf8_lossy(&out);
        let last: Vec<&str> = text.lines().rev().take(2).collect();
        if last.is_empty() {
            String::new()
        } else {
            let mut last = last;
            last.reverse();
            format!("; it said: {}", last.join(" / "))
        }
    }

    /// Stops the server and its process group (SIGTERM, then SIGKILL).
    pub fn stop(&mut self) {
        let pgid = Pid::from_raw(self.child.id() as i32);
        let _ = killpg(pgid, Signal::SIGTERM);
        let deadline = Instant::now() + Duration::from_millis(500);
        while self.exited().is_none() && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(10));
        }
        let _ = killpg(pgid, Signal::SIGKILL);
        let _ = self.child.wait();
        self.stopped = true;
        SERVER_PGID.store(0, Ordering::SeqCst);
    }

    /// Stops it and starts the same command again on the same port.
    pub fn restart(&mut self) -> Result<(), String> {
        self.stop();
        let trace = self.trace.clone();
        let again = Server::start(&self.argv, self.port, self.udp, trace.as_deref())?;
        *self = again;
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if !self.stopped {
            self.stop();
        }
    }
}

fn drain(mut pipe: Box<dyn Read + Send>, out: &Mutex<Vec<u8>>) {
    let mut buf = [0u8; 4096];
    while let Ok(n) = pipe.read(&mut buf) {
        if n == 0 {
            break;
        }
        if let Ok(mut o) = out.lock() {
            o.extend_from_slice(&buf[..n]);
            let len = o.len();
            if len > 16384 {
                o.drain(..len - 16384);
            }
        }
    }
}

/// The inode of the socket bound to `port` (TCP: in state LISTEN), from
/// `/proc/net/{tcp,tcp6,udp,udp6}`.
pub fn listening_inode(port: u16, udp: bool) -> Option<u64> {
    let files: &[&str] = if udp {
        &["/proc/net/udp", "/proc/net/udp6"]
    } else {
        &["/proc/net/tcp", "/proc/net/tcp6"]
    };
    for f in files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            if cols.len() < 10 {
                continue;
            }
            let lport = cols[1]
                .rsplit(':')
                .next()
                .and_then(|p| u16::from_str_radix(p, 16).ok());
            let state_ok = udp || cols[3] == "0A";
            if lport == Some(port) && state_ok {
                return cols[9].parse().ok();
            }
        }
    }
    None
}

/// `/proc/PID/stat`: (state, parent pid).
fn stat(pid: i32) -> Option<(char, i32)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = &text[text.rfind(')')? + 2..];
    let mut it = after.split_whitespace();
    let state = it.next()?.chars().next()?;
    let ppid = it.next()?.parse().ok()?;
    Some((state, ppid))
}

/// Every process whose parent is `pid`: (pid, state).
pub fn children(pid: i32) -> Vec<(i32, char)> {
    let mut out = Vec::new();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return out;
    };
    for e in dir.flatten() {
        let Some(p) = e.file_name().to_str().and_then(|s| s.parse::<i32>().ok()) else {
            continue;
        };
        if let Some((state, _)) = stat(p).filter(|(_, ppid)| *ppid == pid) {
            out.push((p, state));
        }
    }
    out
}

/// The targets of `/proc/PID/fd/*` (`socket:[1234]`, `/dev/null`…).
pub fn fds(pid: i32) -> Vec<String> {
    let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return Vec::new();
    };
    dir.flatten()
        .filter_map(|e| std::fs::read_link(e.path()).ok())
        .map(|p| p.to_string_lossy().into_owned())
        .collect()
}
