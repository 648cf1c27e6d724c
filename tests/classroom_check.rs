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

/// The faulty servers' two languages.
#[derive(Clone, Copy, Debug)]
enum Lang {
    /// `tests/classroom/faulty_server.c`, one binary per set of faults.
    C,
    /// `tests/classroom/faulty_server.rs` (the example
    /// `classroom_faulty_server`), faults as arguments.
    Rust,
}

const LANGS: [Lang; 2] = [Lang::C, Lang::Rust];

/// The command line of a `proto` server (`echo`, `sum`, `web_child`) with
/// `faults` (`iterative`, `no-reap`…, the Rust server's names; the C
/// server's macro is `FAULT_` and the name in capitals).
fn faulty_server(lang: Lang, proto: &str, faults: &[&str]) -> Vec<String> {
    match lang {
        Lang::C => {
            let mut defines: Vec<String> = faults
                .iter()
                .map(|f| format!("-DFAULT_{}", f.to_uppercase().replace('-', "_")))
                .collect();
            match proto {
                "sum" => defines.push("-DSUM".into()),
                "web_child" => defines.push("-DWEB_CHILD".into()),
                _ => {}
            }
            let name = format!("{proto}_{}", faults.join("_")).replace('-', "_");
            let defines: Vec<&str> = defines.iter().map(String::as_str).collect();
            let bin = faulty(&name, &defines);
            vec![bin.to_string_lossy().into_owned(), "{port}".into()]
        }
        Lang::Rust => {
            let mut cmd = vec![
                example("classroom_faulty_server")
                    .to_string_lossy()
                    .into_owned(),
                proto.to_string(),
                "{port}".to_string(),
            ];
            cmd.extend(faults.iter().map(|f| f.to_string()));
            cmd
        }
    }
}

/// `socklab check PROTOCOL FLAGS… -- COMMAND…`.
fn check_cmd(proto: &str, flags: &[&str], cmd: &[String]) -> Run {
    let mut args = vec![proto];
    args.extend_from_slice(flags);
    args.push("--");
    args.extend(cmd.iter().map(String::as_str));
    check(&args)
}

/// A faulty server fails exactly `fault`, with its explanation and page,
/// and passes every other check that applies (`answer` and `load` among
/// them), in C and in Rust.
fn assert_fails_only(proto: &str, flags: &[&str], faults: &[&str], fault: &str, says: &str) {
    for lang in LANGS {
        let run = check_cmd(proto, flags, &faulty_server(lang, proto, faults));
        let name = format!("{lang:?} {proto} server with {faults:?}");
        assert_eq!(run.code, Some(1), "{name}: exit status\n{}", run.show());
        assert_eq!(
            run.failed(),
            vec![fault.to_string()],
            "{name}\n{}",
            run.show()
        );
        assert!(
            run.stdout.contains("read: docs/") && run.stdout.contains(says),
            "{name}: no page named, or no {says:?}\n{}",
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
}

// ---------------------------------------------------------------------
// The fault table: each faulty server, in C and in Rust, fails exactly
// the check that names its fault
// ---------------------------------------------------------------------

#[test]
fn a_correct_forking_echo_server_passes_every_check() {
    for lang in LANGS {
        let run = check_cmd("echo", &[], &faulty_server(lang, "echo", &[]));
        assert_all_pass(&run, &format!("the correct {lang:?} echo server"));
        assert_eq!(run.passed().len(), 11, "{}", run.show());
    }
}

#[test]
fn a_correct_forking_sum_server_passes_every_check() {
    for lang in LANGS {
        let run = check_cmd("sum", &[], &faulty_server(lang, "sum", &[]));
        assert_all_pass(&run, &format!("the correct {lang:?} sum server"));
    }
}

#[test]
fn a_correct_web_child_server_passes_every_check() {
    for lang in LANGS {
        let run = check_cmd("web_child", &[], &faulty_server(lang, "web_child", &[]));
        assert_all_pass(&run, &format!("the correct {lang:?} web_child server"));
        // its bytes are any bytes: binary and large are echo's
        assert_eq!(run.passed().len(), 9, "{}", run.show());
    }
}

#[test]
fn an_iterative_server_fails_concurrency() {
    assert_fails_only(
        "echo",
        &[],
        &["iterative"],
        "concurrency",
        "one client at a time",
    );
}

#[test]
fn a_server_that_never_reaps_fails_zombies() {
    assert_fails_only("echo", &[], &["no-reap"], "zombies", "SIGCHLD");
}

#[test]
fn a_parent_that_keeps_connfd_fails_descriptors() {
    assert_fails_only(
        "echo",
        &[],
        &["leak-connfd"],
        "descriptors",
        "the parent closes connfd",
    );
}

#[test]
fn a_child_that_keeps_listenfd_fails_descriptors() {
    assert_fails_only(
        "echo",
        &[],
        &["keep-listenfd"],
        "descriptors",
        "still has the listening socket open",
    );
}

#[test]
fn a_server_killed_by_sigpipe_fails_reset() {
    // iterative, so that the process that dies is the one watched
    assert_fails_only(
        "echo",
        &["--iterative"],
        &["iterative", "sigpipe"],
        "reset",
        "killed by SIGPIPE",
    );
}

#[test]
fn a_server_that_takes_one_read_for_one_line_fails_byte_stream() {
    assert_fails_only(
        "sum",
        &[],
        &["one-read"],
        "byte-stream",
        "TCP is a byte stream",
    );
}

#[test]
fn a_server_without_so_reuseaddr_fails_restart() {
    assert_fails_only("echo", &[], &["no-reuseaddr"], "restart", "SO_REUSEADDR");
}

#[test]
fn a_server_that_exits_after_its_first_client_fails_next_client() {
    // It passes `answer`; what needs a living server is not run (skipped,
    // not failed), and `restart` starts it again and passes.
    for lang in LANGS {
        let cmd = faulty_server(lang, "echo", &["exit-after-first"]);
        let run = check_cmd("echo", &[], &cmd);
        assert_eq!(run.code, Some(1), "{lang:?}\n{}", run.show());
        assert_eq!(
            run.failed(),
            vec!["next-client".to_string()],
            "{lang:?}\n{}",
            run.show()
        );
        assert_eq!(
            run.passed(),
            vec!["answer".to_string(), "restart".to_string()],
            "{lang:?}\n{}",
            run.show()
        );
        assert!(
            run.stdout.contains("in a loop") && run.stdout.contains("read: docs/tcp.md"),
            "{lang:?}\n{}",
            run.show()
        );
    }
}

#[test]
fn a_preforked_server_keeping_listenfd_in_its_children_passes() {
    // UNP chapter 30's serv02: children forked before any client accept
    // on the listening socket; only a child forked *for* a client must
    // close it.
    let cmd = faulty_server(Lang::Rust, "web_child", &["prefork"]);
    let run = check_cmd("web_child", &[], &cmd);
    assert_all_pass(&run, "the preforked web_child server");
    if common::strace_available() {
        let run = check_cmd("web_child", &["--strace"], &cmd);
        assert_all_pass(&run, "the preforked web_child server under --strace");
    }
}

// ---------------------------------------------------------------------
// --strace: the forking server's rules in its system calls
// ---------------------------------------------------------------------

const STRACE_CHECKS: [&str; 4] = [
    "strace-listenfd",
    "strace-connfd",
    "strace-sigchld",
    "strace-wait",
];

/// `--strace` on a faulty server: exactly `expect` fail (the /proc check
/// and the strace rules that name the fault), in C and in Rust.
fn strace_fails(faults: &[&str], expect: &[&str]) {
    if !common::strace_available() {
        return;
    }
    for lang in LANGS {
        let run = check_cmd("echo", &["--strace"], &faulty_server(lang, "echo", faults));
        let name = format!("{lang:?} echo server with {faults:?} under --strace");
        assert_eq!(run.failed(), expect, "{name}\n{}", run.show());
        let ran = run.passed().len() + run.failed().len();
        assert_eq!(ran, 15, "{name}: every check runs\n{}", run.show());
    }
}

#[test]
fn strace_sees_a_correct_forking_server_keep_every_rule() {
    strace_fails(&[], &[]);
}

#[test]
fn strace_sees_a_child_keep_listenfd() {
    strace_fails(&["keep-listenfd"], &["descriptors", "strace-listenfd"]);
}

#[test]
fn strace_sees_a_parent_keep_connfd() {
    strace_fails(&["leak-connfd"], &["descriptors", "strace-connfd"]);
}

#[test]
fn strace_sees_a_server_that_never_catches_sigchld() {
    strace_fails(&["no-reap"], &["zombies", "strace-sigchld", "strace-wait"]);
}

#[test]
fn strace_rules_do_not_judge_a_server_that_does_not_fork() {
    if !common::strace_available() {
        return;
    }
    let run = check_cmd(
        "echo",
        &["--strace", "--skip", "concurrency"],
        &faulty_server(Lang::Rust, "echo", &["iterative"]),
    );
    assert_all_pass(&run, "the iterative server under --strace");
    for name in STRACE_CHECKS {
        assert!(
            run.stdout
                .lines()
                .any(|l| l.contains(&format!("skip  {name}")) && l.contains("forked no child")),
            "{name}\n{}",
            run.show()
        );
    }
}

#[test]
fn the_book_forking_servers_keep_the_rules_under_strace() {
    if !common::strace_available() {
        return;
    }
    for twin in Twin::BOTH {
        let bin = twin.bin("ch05_tcpserv04");
        let bin = bin.to_str().expect("UTF-8 path");
        let run = check(&["echo", "--strace", "--skip", "restart", "--", bin, "{port}"]);
        assert_all_pass(&run, &format!("{twin:?} ch05_tcpserv04 under --strace"));
        for name in STRACE_CHECKS {
            assert!(
                run.passed().iter().any(|p| p == name),
                "{name}\n{}",
                run.show()
            );
        }
    }
}

#[test]
fn strace_needs_a_started_server() {
    let run = check(&["echo", "--strace", "--addr", "127.0.0.1:9"]);
    assert_eq!(run.code, Some(2), "{}", run.show());
    assert!(
        run.stderr.contains("--strace needs a server"),
        "{}",
        run.show()
    );
    let run = check(&["echo", "--only", "strace-wait", "--addr", "127.0.0.1:9"]);
    assert_eq!(run.code, Some(2), "{}", run.show());
    assert!(run.stderr.contains("add --strace"), "{}", run.show());
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
fn the_book_web_child_servers_pass() {
    // Chapter 30's designs, Rust and C. The iterative serv00, like the
    // book's, ends on a client's error (`reset` says so: skipped here).
    twins_pass(
        "web_child",
        &["--iterative", "--skip", "reset"],
        "ch30_serv00",
    );
    // serv01, one fork per client: every check, and the fork rules.
    twins_pass("web_child", &[], "ch30_serv01");
    if common::strace_available() {
        twins_pass("web_child", &["--strace"], "ch30_serv01");
    }
    // The preforked servers (3 children): a child that meets a client's
    // error ends, and the book's parent makes no new one, so `reset`
    // depends on which child met the resets (skipped here); their
    // children keep listenfd and are not blamed for it.
    // The threaded designs (06 a thread per client, 07 and 08 three
    // prethreaded): a thread's client error ends the process, as the
    // book's err_sys does (skipped likewise).
    // 08's main thread hands connections over through the book's array of
    // 32 slots and quits when it overflows ("iput = iget"): `load`'s 50
    // clients at once may do that, skipped too.
    twins_pass("web_child", &["--skip", "reset"], "ch30_serv06");
    for (name, skip) in [
        ("ch30_serv02", "reset"),
        ("ch30_serv03", "reset"),
        ("ch30_serv04", "reset"),
        ("ch30_serv07", "reset"),
        ("ch30_serv08", "reset,load"),
    ] {
        for twin in Twin::BOTH {
            let bin = twin.bin(name).to_string_lossy().into_owned();
            let cmd = [bin, "{port}".to_string(), "3".to_string()];
            let run = check_cmd("web_child", &["--skip", skip], &cmd);
            assert_all_pass(&run, &format!("{twin:?} {name} 3"));
        }
    }
}

#[test]
fn the_book_threaded_and_sigio_servers_pass() {
    // Chapter 26: a thread per client. The book's str_echo ends the whole
    // process on a client's error (err_sys): `reset` says so, skipped.
    for name in ["ch26_tcpserv01", "ch26_tcpserv02"] {
        twins_pass("echo", &["--skip", "reset"], name);
    }
    // Chapter 25: the SIGIO UDP echo server; its queue of 8 datagrams
    // overflows under `load`'s 50 clients at once, and the book's server
    // then quits ("receive overflow"): skipped.
    twins_pass("echo", &["--udp", "--skip", "load"], "ch25_udpserv01");
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
        tap.stdout.starts_with("TAP version 13\n1..11\n"),
        "{}",
        tap.show()
    );
    assert!(
        tap.stdout.contains("not ok 6 - concurrency"),
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
        x.contains("tests=\"11\" failures=\"1\""),
        "{}",
        junit.show()
    );
    assert_eq!(x.matches("<failure ").count(), 1, "{}", junit.show());
    assert_eq!(x.matches("<testcase ").count(), 11, "{}", junit.show());
    assert_eq!(x.matches("<skipped ").count(), 8, "{}", junit.show());
}

/// The processes that run `bin`: its executable (the server and its
/// children), or its path in their command line (strace running it), but
/// not `socklab`, whose command line names it too.
fn running(bin: &std::path::Path, socklab: u32) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let path = bin.to_string_lossy().into_owned();
    dir.flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| *pid != socklab)
        .filter(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|p| p == bin)
                || std::fs::read(format!("/proc/{pid}/cmdline"))
                    .is_ok_and(|c| String::from_utf8_lossy(&c).contains(&path))
        })
        .collect()
}

/// SIGINT to `socklab check FLAGS… -- COPY {port}` while the server serves
/// the load check's clients: socklab exits 130, and no process of the
/// server (nor strace) and no trace file is left.
fn ctrl_c_leaves_nothing(flags: &[&str], copy: &str) {
    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;

    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // a copy of the correct server under its own name, to find its processes
    // (canonical, as /proc/PID/exe shows it)
    let bin = std::fs::canonicalize(faulty(copy, &[])).expect("canonicalize");
    let child = Command::new(socklab())
        .args(["check", "echo", "--only", "load"])
        .args(flags)
        .arg("--")
        .arg(&bin)
        .arg("{port}")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn socklab");
    let me = child.id();
    let trace = std::env::temp_dir().join(format!("socklab-check-{me}.strace"));
    // wait until the server has forked children (the load check's clients)
    let deadline = Instant::now() + Duration::from_secs(10);
    // the server and a child (and strace)
    let least = 2 + flags.len();
    while running(&bin, me).len() < least {
        assert!(Instant::now() < deadline, "the server never forked");
        std::thread::sleep(Duration::from_millis(5));
    }
    if !flags.is_empty() {
        assert!(trace.exists(), "no trace at {}", trace.display());
    }
    kill(Pid::from_raw(child.id() as i32), Signal::SIGINT).expect("kill -INT socklab");
    let status = common::wait_with_timeout(child, Duration::from_secs(10));
    assert_eq!(status.status.code(), Some(130), "{status:?}");
    assert!(status.stderr.contains("stopped the server"), "{status:?}");
    let deadline = Instant::now() + Duration::from_secs(3);
    while !running(&bin, me).is_empty() {
        assert!(
            Instant::now() < deadline,
            "left running: {:?}",
            running(&bin, me)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!trace.exists(), "left behind: {}", trace.display());
}

#[test]
fn ctrl_c_stops_the_server_and_its_children() {
    ctrl_c_leaves_nothing(&[], "ctrl_c_echo");
}

#[test]
fn ctrl_c_stops_strace_and_the_server_and_removes_the_trace() {
    if common::strace_available() {
        ctrl_c_leaves_nothing(&["--strace"], "ctrl_c_strace_echo");
    }
}
