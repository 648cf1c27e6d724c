//! UNP chapter 13, daemons and inetd: the daemon's properties seen from
//! outside (the starting process has ended; the daemon leads neither a
//! process group nor a session, has no controlling terminal, lives in `/`,
//! has `/dev/null` on 0–2 and nothing else it inherited); its syslog lines
//! reach a logger; `ch13_inetd` starts `ch13_daytimetcpsrv3` once per
//! connection and leaves no zombie, and keeps a `wait` service out of its
//! select set while its server runs; the daemons and their C twins make
//! the same calls under strace.
//!
//! **Never the machine's `/dev/log`.** Everything that calls syslog(3)
//! runs inside `unshare -m` (a private mount namespace, root only) with a
//! fresh tmpfs on `/dev`, a `/dev/null` made there, and `ch13_syslogd`
//! bound to that namespace's `/dev/log`. Without `unshare` (or without
//! root) those tests print SKIPPED — and fail under `CI=true`. Every
//! process a test starts is killed, and every path removed, by Drop guards
//! when the test ends, also when it fails.
mod common;
#[allow(unused_macros, unused_imports)] // the parity test uses the runner only
mod fidelity;

use std::io::Read;
use std::net::{TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Server, c_twin, example, free_port, temp_dir};

// ---------------------------------------------------------------------
// A private mount namespace with its own /dev/log
// ---------------------------------------------------------------------

/// Can this machine give a test a mount namespace of its own? Needs the
/// `unshare` tool and root. Under `CI=true` a missing one fails.
fn namespaces_available() -> bool {
    let ok = Command::new("unshare")
        .args(["-m", "--propagation", "private", "true"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "unshare -m (util-linux, run as root) is required when CI=true"
        );
        eprintln!("SKIPPED: `unshare -m` is missing or not permitted (needs root)");
    }
    ok
}

/// The first part of every namespace script: a tmpfs on /dev (this
/// namespace's only: the machine's /dev, and its /dev/log, are not
/// touched), /dev/null made again, the logger on /dev/log, its pid
/// printed, then `ready` once the socket exists.
const NS_PRELUDE: &str = r#"set -e
mount -t tmpfs tmpfs /dev
mknod -m 666 /dev/null c 1 3
$TRACE "$SYSLOGD" /dev/log > "$DIR/log.txt" 2>&1 &
echo "syslogd $!"
n=0
while [ ! -S /dev/log ]; do n=$((n+1)); [ $n -lt 250 ]; sleep 0.02; done
echo ready
"#;

/// A shell in a private mount namespace, running `NS_PRELUDE` and then
/// `script`, and the processes it started. Dropping it kills the daemons
/// it was told about, then the shell's process group (the shell and the
/// logger); the temporary directory goes last.
struct Namespace {
    shell: Server,
    syslogd: u32,
    daemons: Vec<u32>,
    /// Command lines of processes that left the shell's process group (a
    /// daemon): killed on drop if found, even when the test failed before
    /// it learnt their pids.
    watch: Vec<Vec<String>>,
    dir: tempfile::TempDir,
}

impl Namespace {
    /// Starts the namespace; `env` is given to the script (with `DIR`, the
    /// test's temporary directory, and `SYSLOGD`, the logger to run).
    fn start(syslogd: &Path, script: &str, env: &[(&str, &str)]) -> Namespace {
        let dir = temp_dir();
        let full = format!("{NS_PRELUDE}{script}");
        let dir_s = dir.path().display().to_string();
        let syslogd_s = syslogd.display().to_string();
        let mut all_env = vec![("DIR", dir_s.as_str()), ("SYSLOGD", syslogd_s.as_str())];
        if !env.iter().any(|(k, _)| *k == "TRACE") {
            all_env.push(("TRACE", ""));
        }
        all_env.extend_from_slice(env);
        let mut shell = Server::start_env(
            "unshare",
            &["-m", "--propagation", "private", "sh", "-c", &full],
            "ready",
            &all_env,
        );
        let line = shell.wait_for_line("syslogd ", Duration::from_secs(5));
        let syslogd = line
            .trim()
            .rsplit(' ')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no pid in {line:?}"));
        Namespace {
            shell,
            syslogd,
            daemons: Vec::new(),
            watch: Vec::new(),
            dir,
        }
    }

    /// The logger's lines so far.
    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("log.txt")).unwrap_or_default()
    }

    /// Waits (at most 5 s) until the log has `n` lines containing `needle`.
    fn wait_log(&self, needle: &str, n: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let log = self.log();
            if log.lines().filter(|l| l.contains(needle)).count() >= n || Instant::now() >= deadline
            {
                return log;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `/dev/log` as the namespace sees it (through the shell's root).
    fn dev_log(&self) -> PathBuf {
        PathBuf::from(format!("/proc/{}/root/dev/log", self.shell.pid()))
    }
}

impl Drop for Namespace {
    fn drop(&mut self) {
        for pid in &self.daemons {
            signal(*pid, "-KILL");
        }
        for argv in &self.watch {
            let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
            for _ in 0..50 {
                let Some(pid) = find_process(&argv, None, Duration::ZERO) else {
                    break;
                };
                signal(pid, "-KILL");
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        signal(self.syslogd, "-KILL");
        let _ = self.shell.stop();
    }
}

fn signal(pid: u32, sig: &str) {
    let _ = Command::new("kill")
        .args([sig, &pid.to_string()])
        .stderr(std::process::Stdio::null())
        .status();
}

/// The pid of the process whose command line is exactly `argv` (and, with
/// `port`, that holds a TCP socket on it: the daemon, not the processes
/// that forked it and are ending), if one appears within `limit`.
fn find_process(argv: &[&str], port: Option<u16>, limit: Duration) -> Option<u32> {
    let want: Vec<u8> = argv
        .iter()
        .flat_map(|a| [a.as_bytes(), b"\0"].concat())
        .collect();
    let deadline = Instant::now() + limit;
    loop {
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse().ok()) else {
                continue;
            };
            if std::fs::read(entry.path().join("cmdline")).is_ok_and(|c| c == want)
                && !common::has_exited(pid)
                && port.is_none_or(|p| common::owns_port(pid, p, libc::SOCK_STREAM))
            {
                return Some(pid);
            }
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `/proc/PID/stat`'s fields after the command name: state, ppid, pgrp,
/// session, tty_nr…
fn stat_fields(pid: u32) -> Vec<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
    let (_, rest) = stat.rsplit_once(") ").expect("stat format");
    rest.split_whitespace().map(str::to_string).collect()
}

/// The daytime line a server sends on `port`.
fn daytime(port: u16) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let mut text = String::new();
    s.read_to_string(&mut text).expect("read");
    text
}

/// `Sun Dec  6 03:00:00 2026\r\n`
fn is_ctime_line(text: &str) -> bool {
    text.len() == 26 && text.ends_with("\r\n") && text.as_bytes()[3] == b' '
}

// ---------------------------------------------------------------------
// The daemon
// ---------------------------------------------------------------------

/// The script part that starts a daemon with descriptor 7 open (an
/// inherited descriptor the daemon must close) and reports how the
/// starting process ended.
const START_DAEMON: &str = r#"exec 7< "$DIR/log.txt"
"$DAEMON" 127.0.0.1 "$PORT"
echo "starter exited $?"
exec 7<&-
wait
"#;

fn daemon_properties(daemon: &Path) {
    if !namespaces_available() {
        return;
    }
    let port = free_port(libc::SOCK_STREAM).to_string();
    let daemon_s = daemon.display().to_string();
    let mut ns = Namespace::start(
        &example("ch13_syslogd"),
        START_DAEMON,
        &[("DAEMON", &daemon_s), ("PORT", &port)],
    );
    ns.watch
        .push(vec![daemon_s.clone(), "127.0.0.1".into(), port.clone()]);
    // The starting process ended at once, with status 0 (the shell went on).
    let line = ns
        .shell
        .wait_for_line("starter exited", Duration::from_secs(5));
    assert_eq!(line.trim(), "starter exited 0");
    let pid = find_process(
        &[&daemon_s, "127.0.0.1", &port],
        port.parse().ok(),
        Duration::from_secs(5),
    )
    .expect("the daemon is running");
    ns.daemons.push(pid);

    // Not a process-group leader, not a session leader, no terminal.
    let f = stat_fields(pid);
    let (pgrp, session, tty_nr): (u32, u32, i64) = (
        f[2].parse().expect("pgrp"),
        f[3].parse().expect("session"),
        f[4].parse().expect("tty_nr"),
    );
    assert_ne!(pgrp, pid, "the daemon leads its process group");
    assert_ne!(
        session, pid,
        "the daemon leads its session (it could get a terminal)"
    );
    assert_eq!(tty_nr, 0, "the daemon has a controlling terminal");
    // The session is its own, not the starting shell's.
    assert_ne!(
        session,
        stat_fields(ns.shell.pid())[3].parse::<u32>().expect("sid")
    );
    // cwd is /
    let cwd = std::fs::read_link(format!("/proc/{pid}/cwd")).expect("cwd");
    assert_eq!(cwd, Path::new("/"));
    // 0, 1, 2 are /dev/null; the inherited 7 is gone; below 64 nothing
    // else is open but the listening socket.
    for fd in 0..3 {
        let target = std::fs::read_link(format!("/proc/{pid}/fd/{fd}")).expect("fd 0-2 open");
        assert_eq!(target, Path::new("/dev/null"), "descriptor {fd}");
    }
    let mut open: Vec<i32> = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .expect("fd dir")
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
        .filter(|fd| *fd < 64)
        .collect();
    open.sort();
    assert!(!open.contains(&7), "the inherited descriptor 7 stayed open");
    // 3: the listening socket; 4: syslog's socket to /dev/log (once the
    // "listening on" message has gone)
    assert!(
        open == [0, 1, 2, 3] || open == [0, 1, 2, 3, 4],
        "open descriptors below 64: {open:?}"
    );
    for fd in &open[3..] {
        let sock = std::fs::read_link(format!("/proc/{pid}/fd/{fd}")).expect("fd");
        assert!(
            sock.to_string_lossy().starts_with("socket:"),
            "{fd}: {sock:?}"
        );
    }

    // It serves, and its lines reach the logger, with its pid.
    assert!(is_ctime_line(&daytime(port.parse().expect("port"))));
    let log = ns.wait_log("connection from 127.0.0.1:", 1);
    let tag = format!("{daemon_s}[{pid}]: ");
    assert!(
        log.lines()
            .any(|l| l.contains(&tag) && l.ends_with(&format!("listening on 127.0.0.1:{port}"))),
        "no 'listening on' line from {tag}:\n{log}"
    );
    assert!(
        log.lines().any(|l| l.starts_with("kern.info ")
            && l.contains(&tag)
            && l.contains("connection from 127.0.0.1:")),
        "no 'connection from' line from {tag}:\n{log}"
    );

    // SIGINT: the logger removes /dev/log and ends with status 0.
    assert!(ns.dev_log().exists(), "/dev/log in the namespace");
    signal(ns.syslogd, "-INT");
    let deadline = Instant::now() + Duration::from_secs(5);
    while !common::has_exited(ns.syslogd) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(common::has_exited(ns.syslogd), "the logger ignored SIGINT");
    assert!(!ns.dev_log().exists(), "the logger left /dev/log behind");
}

#[test]
fn daemon_properties_seen_from_outside() {
    daemon_properties(&example("ch13_daytimetcpsrv2"));
}

#[test]
fn c_twin_daemon_has_the_same_properties() {
    daemon_properties(&c_twin("ch13_daytimetcpsrv2"));
}

#[test]
fn daemon_usage_is_one_line_before_it_detaches() {
    let out = common::run(example("ch13_daytimetcpsrv2"), &["a", "b", "c"], "");
    out.assert_one_line_error("usage: ch13_daytimetcpsrv2");
}

// ---------------------------------------------------------------------
// The logger
// ---------------------------------------------------------------------

fn syslogd_prints_and_cleans_up(program: &Path) {
    let dir = temp_dir();
    let path = dir.path().join("log.sock");
    let path_s = path.display().to_string();
    let mut server = Server::start(program, &[&path_s], "bound to");
    let sender = std::os::unix::net::UnixDatagram::unbound().expect("socket");
    sender
        .send_to(b"<30>Dec  6 03:00:00 prog[42]: hello\n", &path)
        .expect("send");
    sender
        .send_to(b"<189>Dec  6 03:00:01 x: y", &path)
        .expect("send");
    sender.send_to(b"no priority", &path).expect("send");
    server.wait_for_line("no priority", Duration::from_secs(5));
    assert_eq!(
        server.seen,
        [
            format!("bound to {path_s}"),
            "daemon.info Dec  6 03:00:00 prog[42]: hello".to_string(),
            "local7.notice Dec  6 03:00:01 x: y".to_string(),
            "no priority".to_string(),
        ]
    );
    // SIGINT while it waits in recvfrom (45 on x86-64, 212 on aarch64):
    // the line just read may still be on its way out of printf
    let deadline = Instant::now() + Duration::from_secs(5);
    while !matches!(common::syscall_of(server.pid()), Some(45 | 212)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    signal(server.pid(), "-INT");
    let out = server.wait_exit(Duration::from_secs(5));
    assert!(out.status.success(), "{:?} {}", out.status, out.stderr);
    assert!(!path.exists(), "the socket path was left behind");
    // A path that is already there is not taken over.
    std::fs::write(&path, b"").expect("file");
    let out = common::run(program, &[&path_s], "");
    out.assert_one_line_error("bind: Address already in use");
    assert!(path.exists());
}

#[test]
fn syslogd_prints_each_message_and_removes_its_path() {
    syslogd_prints_and_cleans_up(&example("ch13_syslogd"));
}

#[test]
fn c_twin_syslogd_prints_the_same() {
    syslogd_prints_and_cleans_up(&c_twin("ch13_syslogd"));
}

// ---------------------------------------------------------------------
// inetd
// ---------------------------------------------------------------------

/// The script part that runs inetd (in the foreground, as the shell).
const RUN_INETD: &str = r#"exec "$INETD" "$SERVICE"
"#;

fn inetd_starts_a_server_per_connection(inetd: &Path, srv3: &Path) {
    if !namespaces_available() {
        return;
    }
    let service = format!("0 stream tcp nowait {} ch13_daytimetcpsrv3", srv3.display());
    let inetd_s = inetd.display().to_string();
    let mut ns = Namespace::start(
        &example("ch13_syslogd"),
        RUN_INETD,
        &[("INETD", &inetd_s), ("SERVICE", &service)],
    );
    let line = ns
        .shell
        .wait_for_line("listening on ", Duration::from_secs(5));
    let port: u16 = line
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    let inetd_pid = ns.shell.pid(); // the shell exec'd inetd
    for _ in 0..3 {
        assert!(is_ctime_line(&daytime(port)));
    }
    // Three servers ran, each logging its client, each with its own pid.
    let log = ns.wait_log("connection from 127.0.0.1:", 3);
    let mut pids: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("ch13_daytimetcpsrv3[") && l.contains("connection from 127.0.0.1:"))
        .filter_map(|l| l.split('[').nth(1)?.split(']').next())
        .collect();
    pids.sort();
    pids.dedup();
    assert_eq!(pids.len(), 3, "one server process per connection:\n{log}");
    // Every one reaped: no zombie, nothing left running.
    // (the logger, started by the shell before it became inetd, is its
    // one child that stays)
    let zombies = common::zombies_after(inetd_pid, 1, Duration::from_secs(5));
    assert!(zombies.is_empty(), "zombies left: {zombies:?}");
    let children: Vec<u32> = common::children_of(inetd_pid)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(children, [ns.syslogd], "only the logger is left");
}

#[test]
fn inetd_starts_daytimetcpsrv3_per_connection_without_zombies() {
    inetd_starts_a_server_per_connection(&example("ch13_inetd"), &example("ch13_daytimetcpsrv3"));
}

#[test]
fn c_twin_inetd_starts_the_c_daytimetcpsrv3_the_same_way() {
    inetd_starts_a_server_per_connection(&c_twin("ch13_inetd"), &c_twin("ch13_daytimetcpsrv3"));
}

/// A `wait` datagram service: its server (a shell that sleeps, then reads
/// one datagram with dd) runs alone; inetd does not start a second one
/// while the datagram waits, and starts one again once it has ended.
fn inetd_wait_service(inetd: &Path) {
    let dir = temp_dir();
    let script = format!(
        "sleep 1; dd bs=4096 count=1 of={}/got.$$ 2>/dev/null",
        dir.path().display()
    );
    // The server is a script file (inetd.conf splits arguments at blanks).
    let conf = dir.path().join("inetd.conf");
    let runner = dir.path().join("server.sh");
    std::fs::write(&runner, format!("#!/bin/sh\n{script}\n")).expect("script");
    std::fs::set_permissions(&runner, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    std::fs::write(
        &conf,
        format!(
            "# a wait service\n0 dgram udp wait {} server.sh\n",
            runner.display()
        ),
    )
    .expect("conf");
    let mut server = Server::start(inetd, &["-f", &conf.display().to_string()], "bound to ");
    let line = server.wait_for_line("bound to ", Duration::from_secs(5));
    let port: u16 = line
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    let count = || {
        std::fs::read_dir(dir.path())
            .map(|d| {
                d.flatten()
                    .filter(|e| e.file_name().to_string_lossy().starts_with("got."))
                    .count()
            })
            .unwrap_or(0)
    };
    let client = UdpSocket::bind("127.0.0.1:0").expect("bind");
    client.send_to(b"first", ("127.0.0.1", port)).expect("send");
    // While its server sleeps, the datagram waits: one server, not a stream of them.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        common::children_of(server.pid()).len(),
        1,
        "one server while it runs"
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    while count() < 1 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(count(), 1, "the first server read the datagram");
    assert!(common::zombies_after(server.pid(), 0, Duration::from_secs(5)).is_empty());
    // Back in the select set: the next datagram starts a new server.
    client
        .send_to(b"second", ("127.0.0.1", port))
        .expect("send");
    let deadline = Instant::now() + Duration::from_secs(5);
    while count() < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(count(), 2, "a second server for the second datagram");
    let mut got: Vec<Vec<u8>> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("got."))
        .map(|e| std::fs::read(e.path()).expect("read"))
        .collect();
    got.sort();
    assert_eq!(got, [b"first".to_vec(), b"second".to_vec()]);
    assert!(common::zombies_after(server.pid(), 0, Duration::from_secs(5)).is_empty());
    let _ = server.stop();
}

#[test]
fn inetd_wait_service_runs_one_server_at_a_time() {
    inetd_wait_service(&example("ch13_inetd"));
}

#[test]
fn c_twin_inetd_wait_service_runs_one_server_at_a_time() {
    inetd_wait_service(&c_twin("ch13_inetd"));
}

#[test]
fn daytimetcpsrv3_from_a_shell_is_one_line() {
    let out = common::run(example("ch13_daytimetcpsrv3"), &[], "");
    out.assert_one_line_error("getpeername: Socket operation on non-socket (ENOTSOCK)");
}

#[test]
fn the_library_calls() {
    use socklab::*;
    // umask returns the old mask; chdir and setsid fail as C's do
    let old = umask(0o027);
    assert_eq!(umask(old), 0o027);
    assert!(chdir("/no/such/dir").unwrap_err().errno() == Some(Errno::ENOENT));
    assert_eq!(
        chdir("a\0b").unwrap_err().errno(),
        None,
        "a NUL byte is refused before the call"
    );
    // the test harness's process is a group leader? never mind: setsid in a
    // child process is what the daemon tests check; here only the types.
    assert_eq!(LOG_FAC(LOG_LOCAL3 | LOG_DEBUG), 19);
    assert_eq!(LOG_PRI(LOG_DAEMON | LOG_WARNING), LOG_WARNING);
    assert_eq!(
        execv("/no/such/program", &["x"]).unwrap_err().errno(),
        Some(Errno::ENOENT)
    );
    assert!(openlog("a\0b", LOG_PID, LOG_USER).is_err());
}

// ---------------------------------------------------------------------
// Parity under strace, in the namespace
// ---------------------------------------------------------------------

/// Runs, in a namespace, `daemon 127.0.0.1 PORT` and `inetd` with
/// `srv3` under `strace -f`; one client each; returns the normalised
/// traces (daemon, then inetd) per process.
fn traced_run(
    [daemon, inetd, srv3, syslogd]: [&Path; 4],
    world: &str,
) -> Vec<(String, Vec<String>)> {
    let dir = temp_dir();
    let dport = free_port(libc::SOCK_STREAM);
    let iport = free_port(libc::SOCK_STREAM);
    let out_d = dir.path().join(format!("{world}-daemon.strace"));
    let out_i = dir.path().join(format!("{world}-inetd.strace"));
    let out_s = dir.path().join(format!("{world}-syslogd.strace"));
    let strace = |out: &Path| -> String {
        fidelity::strace_args(out, &["setsid", "chdir"])
            .iter()
            .map(|a| format!("'{a}'"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let script = format!(
        "strace {} \"$DAEMON\" 127.0.0.1 {dport} &\nstrace {} \"$INETD\" \"$SERVICE\" &\nwait\n",
        strace(&out_d),
        strace(&out_i)
    );
    let service = format!(
        "{iport} stream tcp nowait {} ch13_daytimetcpsrv3",
        srv3.display()
    );
    let daemon_s = daemon.display().to_string();
    let inetd_s = inetd.display().to_string();
    let trace_syslogd = format!("strace {}", strace(&out_s)).replace('\'', "");
    let syslogd_s = syslogd.display().to_string();
    let mut ns = Namespace::start(
        syslogd,
        &script,
        &[
            ("DAEMON", &daemon_s),
            ("INETD", &inetd_s),
            ("SERVICE", &service),
            ("TRACE", &trace_syslogd),
        ],
    );
    ns.watch.push(vec![
        daemon_s.clone(),
        "127.0.0.1".into(),
        dport.to_string(),
    ]);
    ns.watch.push(vec![inetd_s.clone(), service.clone()]);
    // the logger itself (the shell's `$!` is its strace)
    let mnt = std::fs::read_link(format!("/proc/{}/ns/mnt", ns.shell.pid())).ok();
    let logger = find_process(&[&syslogd_s, "/dev/log"], None, Duration::from_secs(5))
        .filter(|p| std::fs::read_link(format!("/proc/{p}/ns/mnt")).ok() == mnt);
    ns.shell
        .wait_for_line("listening on ", Duration::from_secs(10));
    let dpid = find_process(
        &[&daemon_s, "127.0.0.1", &dport.to_string()],
        Some(dport),
        Duration::from_secs(5),
    )
    .expect("the daemon runs");
    ns.daemons.push(dpid);
    ns.wait_log("listening on", 1);
    assert!(is_ctime_line(&daytime(dport)));
    ns.wait_log("connection from", 1);
    assert!(is_ctime_line(&daytime(iport)));
    ns.wait_log("connection from", 2);
    // wait until inetd reaped its child, then stop both
    let inetd_pid =
        find_process(&[&inetd_s, &service], Some(iport), Duration::from_secs(5)).expect("inetd");
    ns.daemons.push(inetd_pid);
    common::zombies_after(inetd_pid, 0, Duration::from_secs(5));
    signal(dpid, "-TERM");
    signal(inetd_pid, "-TERM");
    let logger = logger.expect("the logger, in this namespace");
    signal(logger, "-INT"); // it removes /dev/log and ends
    // strace ends when its tracees have
    let deadline = Instant::now() + Duration::from_secs(10);
    while !(common::has_exited(dpid) && common::has_exited(inetd_pid) && common::has_exited(logger))
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    // and the traces are complete once every strace has written its last
    // line and exited
    let strace_runs = || {
        common::descendants(ns.shell.pid()).iter().any(|(p, s)| {
            *s != 'Z'
                && std::fs::read_to_string(format!("/proc/{p}/comm"))
                    .is_ok_and(|c| c.trim() == "strace")
        })
    };
    while strace_runs() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut all = Vec::new();
    for (file, root, port, prog) in [
        (&out_d, "daemon", dport, &daemon_s),
        (&out_i, "inetd", iport, &inetd_s),
        (&out_s, "syslogd", 0, &syslogd_s),
    ] {
        let procs = fidelity::by_process(&fidelity::read_strace(file), root);
        let mut norm = fidelity::Norm {
            named_ports: vec![(port, "$PORT".to_string())],
            replace: vec![
                (prog.clone(), "$PROG".to_string()),
                (srv3.display().to_string(), "$SRV3".to_string()),
            ],
            ..fidelity::Norm::default()
        };
        norm.learn_pids(&procs);
        for (k, p) in procs.iter().enumerate() {
            let mut lines: Vec<String> = p
                .lines
                .iter()
                .filter_map(|l| norm.line(l))
                .map(|l| scrub_syslog(&fidelity::scenarios::ctime(&l)))
                .collect();
            if k == 0 && world == "rust" {
                fidelity::drop_rust_runtime(&mut lines);
            } else if world == "rust" {
                // a child that exec'd a Rust program (inetd's server):
                // that runtime's start-up, as at the top of a first process
                lines.retain(|l| {
                    !fidelity::RUST_RUNTIME
                        .iter()
                        .any(|(pat, _)| fidelity::matches_pattern(pat, l))
                });
            }
            if root == "inetd" && k == 0 {
                lines = settle_sigchld(lines);
            }
            all.push((p.label.clone(), lines));
        }
    }
    all
}

/// Where SIGCHLD reaches inetd is timing: before or after its
/// `close(connfd)`, in `select` or not (an interrupted `select` is one
/// more `pselect6(…) = ? ERESTARTNOHAND`). So each handler's calls
/// (`--- SIGCHLD ---` and the `wait4`s after it) are moved to the end, in
/// order, and the interrupted selects dropped; every other call keeps its
/// place.
fn settle_sigchld(lines: Vec<String>) -> Vec<String> {
    let mut main = Vec::new();
    let mut handlers = Vec::new();
    let mut in_handler = false;
    for line in lines {
        if line == "--- SIGCHLD ---" {
            in_handler = true;
            handlers.push(line);
        } else if in_handler && line.starts_with("wait4(") {
            handlers.push(line);
        } else {
            in_handler = false;
            if !(line.starts_with("pselect6(") && line.contains(" = ? ERESTARTNOHAND")) {
                main.push(line);
            }
        }
    }
    main.extend(handlers);
    main
}

/// A syslog datagram (`"<6>Dec  6 03:00:00 PROG[4242]: text"…, 95`)
/// carries the time, the pid and the program's path: the message becomes
/// `$SYSLOG` and its length `$N`. setsid's result, a pid, becomes `$PID`.
fn scrub_syslog(line: &str) -> String {
    if line.starts_with("setsid() = ") && !line.contains("-1") {
        return "setsid() = $PID".to_string();
    }
    match line.find("\"<") {
        Some(i) if line.starts_with("recvfrom(") => {
            let close = line[i + 1..].find('"').map_or(line.len(), |e| i + 2 + e);
            let close = if line[close..].starts_with("...") {
                close + 3
            } else {
                close
            };
            let rest = &line[close..];
            let rest = match rest.rsplit_once(" = ") {
                Some((call, _)) => format!("{call} = $N"),
                None => rest.to_string(),
            };
            format!("{}$SYSLOG{rest}", &line[..i])
        }
        Some(i) if line.starts_with("sendto(") => {
            let end = line[i..]
                .find(", MSG_NOSIGNAL")
                .map_or(line.len(), |e| i + e);
            let head = &line[..i];
            let tail = &line[end..];
            let tail = match tail.rsplit_once(" = ") {
                Some((call, _)) => format!("{call} = $N"),
                None => tail.to_string(),
            };
            format!("{head}$SYSLOG{tail}")
        }
        _ => line.to_string(),
    }
}

#[test]
fn daemon_and_inetd_make_the_c_twins_calls() {
    if !namespaces_available() || !common::strace_available() {
        return;
    }
    let c = traced_run(
        [
            &c_twin("ch13_daytimetcpsrv2"),
            &c_twin("ch13_inetd"),
            &c_twin("ch13_daytimetcpsrv3"),
            &c_twin("ch13_syslogd"),
        ],
        "c",
    );
    let rust = traced_run(
        [
            &example("ch13_daytimetcpsrv2"),
            &example("ch13_inetd"),
            &example("ch13_daytimetcpsrv3"),
            &example("ch13_syslogd"),
        ],
        "rust",
    );
    let flat: Vec<&String> = c.iter().flat_map(|(_, l)| l).collect();
    for want in [
        "setsid() = $PID",
        "chdir(\"/\") = 0",
        "dup2(4, 0) = 0",
        "sendto(3, $SYSLOG, MSG_NOSIGNAL, NULL, 0) = $N",
        "recvfrom(3, $SYSLOG, 4096, 0, NULL, NULL) = $N",
        "unlink(\"/dev/log\") = 0",
    ] {
        assert!(
            flat.iter().any(|l| l.contains(want)),
            "the C run shows no {want:?}: {c:#?}"
        );
    }
    if let Err(report) = fidelity::compare("C", &c, "Rust", &rust) {
        panic!("the chapter 13 programs make different calls from their C twins\n{report}");
    }
}

// ---------------------------------------------------------------------
// Trace mode against strace for the chapter's calls
// ---------------------------------------------------------------------

const PROBE: &str = "SOCKLAB_CH13_TRACE_PROBE";

/// Runs in the subprocess only (trace mode on, under strace): the
/// chapter's calls, one after the other.
#[test]
fn trace_probe() {
    use socklab::*;
    if std::env::var_os(PROBE).is_none() {
        return; // only meaningful as the subprocess
    }
    let old = umask(0o027);
    umask(old);
    let _ = chdir("/no/such/dir");
    let _ = chdir("/");
    let _ = execv("/no/such/program", &["program", "an argument"]);
    // started by the test with no process group of its own: setsid works
    let _ = setsid();
    let _ = setsid(); // now a session leader: EPERM
}

/// setsid, chdir, umask and a failed execve: each line trace mode
/// prints is the line strace prints for the same call.
#[test]
fn trace_mode_prints_the_chapter_calls_as_strace_does() {
    if !common::strace_available() {
        return;
    }
    let dir = temp_dir();
    let file = dir.path().join("probe.strace");
    let exe = std::env::current_exe().expect("exe");
    let out = common::output_within(
        Command::new("strace")
            .args(["-f", "-qq", "-e", "trace=setsid,chdir,umask,execve", "-o"])
            .arg(&file)
            .arg(&exe)
            .args(["--exact", "trace_probe", "--nocapture", "--test-threads=1"])
            .env("SOCKLAB_TRACE", "1")
            .env(PROBE, "1"),
    );
    assert!(
        out.status.success(),
        "probe failed:\n{}\n{}",
        out.stdout,
        out.stderr
    );
    let hide = |l: &str| {
        let l = common::strace::collapse_padding(l.trim());
        // execve's environment pointer
        match (l.find(", 0x"), l.find(" /* ")) {
            (Some(a), Some(b)) if a < b => format!("{}, 0x...{}", &l[..a], &l[b..]),
            _ => l,
        }
    };
    let strace: Vec<String> = std::fs::read_to_string(&file)
        .expect("strace file")
        .lines()
        // `-f`: each line starts with its pid (libtest runs the probe on a thread)
        .map(|l| l.split_once(' ').map_or(l, |(_, rest)| rest).trim_start())
        .filter(|l| !l.starts_with("+++") && !l.starts_with("---"))
        .skip(1) // the execve that started the probe
        .map(hide)
        .collect();
    let traced: Vec<String> = out
        .stderr
        .lines()
        .filter(|l| l.contains(") = "))
        .map(hide)
        .collect();
    assert_eq!(traced.len(), 7, "one line per call:\n{}", out.stderr);
    assert_eq!(
        traced, strace,
        "trace mode (left) and strace (right) differ"
    );
    assert!(traced[0].starts_with("umask(027) = 0"), "{traced:?}");
    assert!(
        traced[4]
            .starts_with("execve(\"/no/such/program\", [\"program\", \"an argument\"], 0x... /* ")
    );
}

// ---------------------------------------------------------------------
// Issue 11's remaining chapter 11 piece: the static-hostent trap
// ---------------------------------------------------------------------

/// Both twins show the trap the same way: the first call's pointer reads
/// the second answer; the copy made at once keeps the first. (Only
/// /etc/hosts and numeric names: no DNS query.)
#[test]
fn hostent2_shows_the_static_hostent_trap_in_both_twins() {
    let want = "h1->h_name: 127.0.0.1\nh2->h_name: 127.0.0.1\na copy made at once: localhost\n";
    for program in [example("ch11_hostent2"), c_twin("ch11_hostent2")] {
        let out = common::run(&program, &["localhost", "127.0.0.1"], "");
        out.assert_success();
        assert_eq!(out.stdout, want, "{}", program.display());
    }
    // socklab's own copies never change
    let h1 = socklab::gethostbyname("localhost").expect("localhost");
    let _h2 = socklab::gethostbyname("127.0.0.1").expect("numeric");
    assert_eq!(h1.h_name, "localhost");
}
