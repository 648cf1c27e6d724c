//! `socklab check`, the classroom checker, on real servers: the socklab
//! example servers and their C twins pass their protocol's checks, and
//! servers with one known fault — written here, in
//! `tests/classroom/faulty_server.c`, compiled once per fault — fail exactly
//! the check that names that fault and pass the others.
//!
//! The checker runs one at a time (a lock): each run opens 250 connections
//! and times its answers, and several at once on a loaded machine would
//! measure the machine.
#![cfg(feature = "cli")]

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::{Twin, c_twin, example, output_within, target_dir};

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn socklab() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_socklab"))
}

/// A finished `socklab check` run.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The checks the scorecard marks FAIL.
    fn failed(&self) -> Vec<String> {
        self.marked("FAIL")
    }

    /// The checks the scorecard marks PASS.
    fn passed(&self) -> Vec<String> {
        self.marked("PASS")
    }

    fn marked(&self, mark: &str) -> Vec<String> {
        self.stdout
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix(mark))
            .filter_map(|rest| rest.split_whitespace().next())
            .map(str::to_string)
            .collect()
    }

    fn show(&self) -> String {
        format!(
            "exit {:?}\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

fn check(args: &[&str]) -> Run {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let out = output_within(Command::new(socklab()).arg("check").args(args));
    assert!(
        !out.timed_out,
        "socklab check {args:?} timed out: {}",
        out.stdout
    );
    Run {
        code: out.status.code(),
        stdout: out.stdout,
        stderr: out.stderr,
    }
}

/// `socklab check PROTOCOL FLAGS… -- SERVER {port}`.
fn check_server(proto: &str, flags: &[&str], server: &std::path::Path) -> Run {
    let server = server.to_str().expect("UTF-8 path");
    let mut args = vec![proto];
    args.extend_from_slice(flags);
    args.extend_from_slice(&["--", server, "{port}"]);
    check(&args)
}

fn assert_all_pass(run: &Run, what: &str) {
    assert!(
        run.code == Some(0) && run.failed().is_empty() && !run.passed().is_empty(),
        "{what} should pass every check:\n{}",
        run.show()
    );
}

static CC_LOCK: Mutex<()> = Mutex::new(());

/// `tests/classroom/faulty_server.c` compiled with `defines` (once per
/// test run; again when the source is newer).
fn faulty(name: &str, defines: &[&str]) -> PathBuf {
    let _guard = CC_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let src = common::root().join("tests/classroom/faulty_server.c");
    let dir = target_dir().join("classroom");
    std::fs::create_dir_all(&dir).expect("mkdir target/…/classroom");
    let bin = dir.join(name);
    let stale = match (bin.metadata(), src.metadata()) {
        (Ok(b), Ok(s)) => b.modified().ok() < s.modified().ok(),
        _ => true,
    };
    if stale {
        let out = Command::new("cc")
            .args(["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-O2"])
            .args(defines)
            .arg("-o")
            .arg(&bin)
            .arg(&src)
            .output()
            .expect("run cc (is a C compiler installed?)");
        assert!(
            out.status.success(),
            "cc {defines:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    bin
}

/// A faulty server fails exactly `fault`, with its explanation and page,
/// and passes every other check that applies.
fn assert_fails_only(proto: &str, flags: &[&str], name: &str, defines: &[&str], fault: &str) {
    let run = check_server(proto, flags, &faulty(name, defines));
    assert_eq!(run.code, Some(1), "{name}: exit status\n{}", run.show());
    assert_eq!(
        run.failed(),
        vec![fault.to_string()],
        "{name}\n{}",
        run.show()
    );
    assert!(
        run.stdout.contains("read: docs/"),
        "{name}: no page named\n{}",
        run.show()
    );
    for must in ["answer", "load"] {
        assert!(
            run.passed().iter().any(|p| p == must),
            "{name}: {must} should pass\n{}",
            run.show()
        );
    }
}

// ---------------------------------------------------------------------
// The fault table
// ---------------------------------------------------------------------

#[test]
fn a_correct_forking_echo_server_passes_every_check() {
    let run = check_server("echo", &[], &faulty("ok_echo", &[]));
    assert_all_pass(&run, "the correct echo server");
    assert_eq!(run.passed().len(), 10, "{}", run.show());
}

#[test]
fn a_correct_forking_sum_server_passes_every_check() {
    let run = check_server("sum", &[], &faulty("ok_sum", &["-DSUM"]));
    assert_all_pass(&run, "the correct sum server");
}

#[test]
fn a_correct_web_child_server_passes_every_check() {
    let run = check_server("web_child", &[], &faulty("ok_web_child", &["-DWEB_CHILD"]));
    assert_all_pass(&run, "the correct web_child server");
    // its bytes are any bytes: binary and large are echo's
    assert_eq!(run.passed().len(), 8, "{}", run.show());
}

#[test]
fn an_iterative_server_fails_concurrency() {
    assert_fails_only(
        "echo",
        &[],
        "iterative",
        &["-DFAULT_ITERATIVE"],
        "concurrency",
    );
}

#[test]
fn a_server_that_never_reaps_fails_zombies() {
    assert_fails_only("echo", &[], "no_reap", &["-DFAULT_NO_REAP"], "zombies");
}

#[test]
fn a_parent_that_keeps_connfd_fails_descriptors() {
    assert_fails_only(
        "echo",
        &[],
        "leak_connfd",
        &["-DFAULT_LEAK_CONNFD"],
        "descriptors",
    );
}

#[test]
fn a_child_that_keeps_listenfd_fails_descriptors() {
    let run = check_server(
        "echo",
        &[],
        &faulty("keep_listenfd", &["-DFAULT_KEEP_LISTENFD"]),
    );
    assert_eq!(
        run.failed(),
        vec!["descriptors".to_string()],
        "{}",
        run.show()
    );
    assert!(run.stdout.contains("listening socket"), "{}", run.show());
}

#[test]
fn a_server_killed_by_sigpipe_fails_reset() {
    // iterative, so that the process that dies is the one watched
    let run = check_server(
        "echo",
        &["--iterative"],
        &faulty("sigpipe", &["-DFAULT_ITERATIVE", "-DFAULT_SIGPIPE"]),
    );
    assert_eq!(run.failed(), vec!["reset".to_string()], "{}", run.show());
    assert!(run.stdout.contains("SIGPIPE"), "{}", run.show());
}

#[test]
fn a_server_that_takes_one_read_for_one_line_fails_byte_stream() {
    assert_fails_only(
        "sum",
        &[],
        "one_read",
        &["-DSUM", "-DFAULT_ONE_READ"],
        "byte-stream",
    );
}

#[test]
fn a_server_without_so_reuseaddr_fails_restart() {
    let run = check_server(
        "echo",
        &[],
        &faulty("no_reuseaddr", &["-DFAULT_NO_REUSEADDR"]),
    );
    assert_eq!(run.failed(), vec!["restart".to_string()], "{}", run.show());
    assert!(run.stdout.contains("SO_REUSEADDR"), "{}", run.show());
}

// ---------------------------------------------------------------------
// The socklab servers and their C twins
// ---------------------------------------------------------------------

/// Both twins of `name` pass `proto`'s checks with `flags`.
fn twins_pass(proto: &str, flags: &[&str], name: &str) {
    for twin in Twin::BOTH {
        let run = check_server(proto, flags, &twin.bin(name));
        assert_all_pass(&run, &format!("{twin:?} {name}"));
    }
}

// The book's and the lecture's servers set no SO_REUSEADDR (UNP section
// 7.5 is where it comes in): `restart` is skipped for them, and the first
// test shows that the checker does see it.

#[test]
fn the_book_echo_server_fails_only_restart_without_so_reuseaddr() {
    let run = check_server("echo", &[], &example("ch05_tcpserv04"));
    assert_eq!(run.failed(), vec!["restart".to_string()], "{}", run.show());
}

#[test]
fn echo_servers_pass() {
    twins_pass("echo", &["--skip", "restart"], "ch05_tcpserv04");
}

#[test]
fn select_and_poll_echo_servers_pass() {
    // One process, no fork: concurrency by select/poll (exercise 07).
    // The book's C servers leave SIGPIPE at its default, and one process
    // serves everybody: a client that leaves mid-exchange may kill the
    // whole server (the checker's `reset` says so when the timing makes it
    // happen); the Rust runtime ignores SIGPIPE, so the Rust twins' write
    // fails with EPIPE instead, and they go on.
    for name in ["ch06_tcpservselect01", "ch06_tcpservpoll01"] {
        let run = check_server("echo", &["--skip", "restart"], &example(name));
        assert_all_pass(&run, name);
        let run = check_server("echo", &["--skip", "reset,restart"], &c_twin(name));
        assert_all_pass(&run, &format!("{name}.c"));
    }
}

#[test]
fn sum_servers_pass() {
    twins_pass("sum", &["--skip", "restart"], "ch05_tcpserv08");
}

#[test]
fn upper_servers_pass() {
    twins_pass("upper", &["--skip", "restart"], "tcp_upper_server");
}

#[test]
fn forking_message_servers_pass() {
    twins_pass(
        "message",
        &["--concurrent", "--skip", "restart"],
        "forking_server",
    );
}

#[test]
fn one_shot_message_servers_answer() {
    // server.c serves one client and ends: only its answer is graded
    twins_pass("message", &["--once"], "message_server");
}

#[test]
fn daytime_servers_pass_but_figure_1_9_dies_on_a_reset_peer() {
    twins_pass(
        "daytime",
        &["--skip", "reset,restart"],
        "ch01_daytimetcpsrv",
    );
    // Figure 1.9 treats every error as fatal: a client that resets the
    // connection ends the server, and the checker says so.
    let run = check_server(
        "daytime",
        &["--skip", "restart"],
        &example("ch01_daytimetcpsrv"),
    );
    assert_eq!(run.failed(), vec!["reset".to_string()], "{}", run.show());
}

#[test]
fn udp_echo_servers_pass() {
    twins_pass("echo", &["--udp"], "ch08_udpserv01");
}

#[test]
fn udp_upper_servers_pass() {
    twins_pass("upper", &["--udp"], "udp_upper_server");
}

// ---------------------------------------------------------------------
// The command itself
// ---------------------------------------------------------------------

#[test]
fn a_running_server_is_checked_by_address() {
    let (mut server, port) = common::start_twin(
        Twin::Rust,
        "ch05_tcpserv04",
        socklab::SOCK_STREAM,
        "listening on",
    );
    let addr = format!("127.0.0.1:{port}");
    let run = check(&["echo", "--addr", &addr]);
    server.stop();
    assert_all_pass(&run, "ch05_tcpserv04 by address");
    // what only a started server allows is skipped, not failed
    assert!(
        run.stdout
            .contains("only for a server started by the checker"),
        "{}",
        run.show()
    );
}

#[test]
fn only_loopback_addresses_are_checked() {
    let run = check(&["echo", "--addr", "192.0.2.1:7"]);
    assert_eq!(run.code, Some(2), "{}", run.show());
    assert!(run.stderr.contains("loopback only"), "{}", run.show());
}

#[test]
fn a_server_that_cannot_start_fails_start() {
    let missing = target_dir().join("no-such-server");
    let run = check_server("echo", &[], &missing);
    assert_eq!(run.code, Some(1), "{}", run.show());
    assert_eq!(run.failed(), vec!["start".to_string()], "{}", run.show());
}

#[test]
fn unknown_check_names_are_refused() {
    let run = check(&["echo", "--skip", "speed", "--addr", "127.0.0.1:9"]);
    assert_eq!(run.code, Some(2), "{}", run.show());
    assert!(run.stderr.contains("no check named"), "{}", run.show());
}

#[test]
fn autograder_formats_carry_the_same_verdicts() {
    let server = faulty("iterative", &["-DFAULT_ITERATIVE"]);
    let server = server.to_str().expect("UTF-8");
    let only = "answer,concurrency,binary";

    let json = check(&[
        "echo", "--only", only, "--format", "json", "--", server, "{port}",
    ]);
    assert_eq!(json.code, Some(1), "{}", json.show());
    let j = json.stdout.trim();
    assert!(j.starts_with('{') && j.ends_with('}'), "{}", json.show());
    for want in [
        "\"ok\":false",
        "\"failed\":1",
        "\"passed\":2",
        "\"name\":\"concurrency\",",
        "\"status\":\"fail\"",
        "\"doc\":\"docs/forking-server.md\"",
    ] {
        assert!(j.contains(want), "json lacks {want}: {j}");
    }

    let tap = check(&[
        "echo", "--only", only, "--format", "tap", "--", server, "{port}",
    ]);
    assert!(
        tap.stdout.starts_with("TAP version 13\n1..10\n"),
        "{}",
        tap.show()
    );
    assert!(
        tap.stdout.contains("not ok 5 - concurrency"),
        "{}",
        tap.show()
    );
    assert!(tap.stdout.contains("ok 1 - answer"), "{}", tap.show());
    assert_eq!(tap.stdout.matches("not ok").count(), 1, "{}", tap.show());

    let junit = check(&[
        "echo", "--only", only, "--format", "junit", "--", server, "{port}",
    ]);
    let x = &junit.stdout;
    assert!(x.starts_with("<?xml"), "{}", junit.show());
    assert!(
        x.contains("tests=\"10\" failures=\"1\""),
        "{}",
        junit.show()
    );
    assert_eq!(x.matches("<failure ").count(), 1, "{}", junit.show());
    assert_eq!(x.matches("<testcase ").count(), 10, "{}", junit.show());
    assert_eq!(x.matches("<skipped ").count(), 7, "{}", junit.show());
}

/// The processes whose executable is `bin`.
fn running(bin: &std::path::Path) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|p| p == bin))
        .collect()
}

#[test]
fn ctrl_c_stops_the_server_and_its_children() {
    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;

    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // a copy of the correct server under its own name, to find its processes
    // (canonical, as /proc/PID/exe shows it)
    let bin = std::fs::canonicalize(faulty("ctrl_c_echo", &[])).expect("canonicalize");
    let child = Command::new(socklab())
        .args(["check", "echo", "--only", "load", "--"])
        .arg(&bin)
        .arg("{port}")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn socklab");
    // wait until the server has forked children (the load check's clients)
    let deadline = Instant::now() + Duration::from_secs(10);
    while running(&bin).len() < 2 {
        assert!(Instant::now() < deadline, "the server never forked");
        std::thread::sleep(Duration::from_millis(5));
    }
    kill(Pid::from_raw(child.id() as i32), Signal::SIGINT).expect("kill -INT socklab");
    let status = common::wait_with_timeout(child, Duration::from_secs(10));
    assert_eq!(status.status.code(), Some(130), "{status:?}");
    assert!(status.stderr.contains("stopped the server"), "{status:?}");
    let deadline = Instant::now() + Duration::from_secs(3);
    while !running(&bin).is_empty() {
        assert!(
            Instant::now() < deadline,
            "left running: {:?}",
            running(&bin)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
