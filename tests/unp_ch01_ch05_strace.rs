//! The chapter 1, 3–4 and 5 programs under real strace: each program's
//! characteristic system-call sequence — the calls that carry its lesson —
//! appears, in that order. (Line-by-line parity of every C twin with its
//! Rust program is `tests/fidelity_strace.rs`'s `daytime*`, `byteorder`,
//! `inet_pton` and `ch05_*` scenarios.)
//!
//! - `ch01_daytimetcpsrv2`: 26 one-byte `write`s between `accept` and `close`.
//! - `ch04_getsockname`: port 0 before connect, `ENOTCONN`, then the
//!   kernel's choice.
//! - `ch05_tcpcli04`: five socket+connect pairs and no `close` at all.
//! - `ch05_tcpserv02`: SA_RESTART, one `wait4(-1, …, 0)` per signal, the
//!   interrupted accept restarted (never EINTR).
//! - `ch05_tcpserv03`: no SA_RESTART: `rt_sigreturn` = -1 EINTR, the report,
//!   accept again.
//! - `ch05_tcpserv04`: five `wait4(-1, …, WNOHANG)` that reap, then one that
//!   finds nothing.
//! - `ch05_tsigpipe`: SIGPIPE to SIG_DFL, the second write = -1 EPIPE,
//!   killed by SIGPIPE; with `--ignore`, EPIPE and exit 1.
//! - `ch05_tcpserv09`: `readn`'s loop on a short request.
//!
//! Traces are kept in `target/debug/unp-strace/ch01_ch05-*.strace`.
//! Without strace the tests print SKIPPED (and fail under `CI=true`).

mod common;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use socklab::SOCK_STREAM;

/// Where strace writes: `target/debug/unp-strace/ch01_ch05-NAME.strace`.
fn trace_file(name: &str) -> PathBuf {
    unp_strace_file(&format!("ch01_ch05-{name}"))
}

/// Asserts that lines starting with each of `prefixes` appear in `trace`
/// in this order (other lines may come between).
fn assert_in_order(trace: &[String], prefixes: &[&str]) {
    let mut at = 0;
    for p in prefixes {
        match trace[at..].iter().position(|l| l.starts_with(p)) {
            Some(i) => at += i + 1,
            None => panic!(
                "expected a line starting with {p:?} after line {at}; trace:\n{}",
                trace.join("\n")
            ),
        }
    }
}

/// A server started under `strace -f` on a free port; ready when it has
/// printed "listening on ".
struct Traced {
    server: Server,
    file: PathBuf,
    port: u16,
}

impl Traced {
    fn start(name: &str, program: &str, calls: &str) -> Traced {
        let file = trace_file(name);
        let program = example(program);
        let (server, port) = start_on_free_port(
            "strace",
            SOCK_STREAM,
            |port| strace_argv(&file, calls, true, &program, &[port]),
            "listening on ",
        );
        Traced { server, file, port }
    }

    /// The traced program (strace's child), as opposed to strace itself.
    fn program_pid(&self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if let Some((pid, _)) = children_of(self.server.pid()).first() {
                return *pid;
            }
            assert!(Instant::now() < deadline, "strace has no child");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// SIGTERM to the traced program (and its children); strace then writes
    /// its last lines and exits. Returns the joined trace and the output.
    fn finish(mut self) -> (Vec<String>, Output) {
        let program = self.program_pid();
        for (child, _) in children_of(program) {
            let _ = Command::new("kill")
                .args(["-TERM", &child.to_string()])
                .status();
        }
        let _ = Command::new("kill")
            .args(["-TERM", &program.to_string()])
            .status();
        let out = self.server.wait_exit(Duration::from_secs(10));
        (strace::read_lines(&self.file), out)
    }
}

/// Runs a client under strace to completion.
fn traced_client(
    name: &str,
    program: &str,
    args: &[&str],
    stdin: &str,
    calls: &str,
) -> (Vec<String>, Output) {
    let file = trace_file(name);
    let out = run_under_strace(&file, calls, true, &example(program), args, stdin);
    (strace::read_lines(&file), out)
}

/// The tcpcli04 burst: one line echoed, then (once the five children
/// exist and the parent is back in accept) end of input.
fn burst_of_five(server: &Traced) {
    let mut cli = std::process::Command::new(example("ch05_tcpcli04"))
        .args(["127.0.0.1", &server.port.to_string()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn tcpcli04");
    let mut stdin = cli.stdin.take().expect("stdin");
    stdin.write_all(b"hello\n").expect("write");
    let program = server.program_pid();
    let deadline = Instant::now() + Duration::from_secs(10);
    while children_of(program)
        .iter()
        .filter(|(_, s)| *s != 'Z')
        .count()
        < 5
    {
        assert!(Instant::now() < deadline, "five children never appeared");
        std::thread::sleep(Duration::from_millis(20));
    }
    // the parent is back in accept (strace and its tracee asleep)
    assert!(wait_settled(server.server.pid(), Duration::from_secs(10)));
    drop(stdin);
    let out = wait_with_timeout(cli, RUN_TIMEOUT);
    out.assert_success();
    assert_eq!(out.stdout, "hello\n");
    let deadline = Instant::now() + Duration::from_secs(10);
    while children_of(program).iter().any(|(_, s)| *s != 'Z') {
        assert!(Instant::now() < deadline, "children did not end");
        std::thread::sleep(Duration::from_millis(20));
    }
    // the handler's calls are done once everything sleeps again
    assert!(wait_settled(server.server.pid(), Duration::from_secs(10)));
}

// ---------------------------------------------------------------------

#[test]
fn daytimetcpsrv2_makes_26_one_byte_writes() {
    if !strace_available() {
        return;
    }
    let server = Traced::start(
        "daytimetcpsrv2",
        "ch01_daytimetcpsrv2",
        "accept,write,close",
    );
    let out = run(
        example("ch01_daytimetcpcli1"),
        &["127.0.0.1", &server.port.to_string()],
        "",
    );
    out.assert_success();
    let (trace, _) = server.finish();
    // Figure 1.9's accept(listenfd, NULL, NULL)
    let start = trace
        .iter()
        .position(|l| l == "accept(3, NULL, NULL) = 4")
        .expect("accept");
    let end = trace
        .iter()
        .position(|l| l == "close(4) = 0")
        .expect("close(4)");
    let writes: Vec<&String> = trace[start + 1..end]
        .iter()
        .filter(|l| l.starts_with("write(4, "))
        .collect();
    assert_eq!(writes.len(), 26, "{writes:?}");
    assert!(writes.iter().all(|l| l.ends_with(", 1) = 1")), "{writes:?}");
    assert_eq!(
        writes.last().map(|l| l.as_str()),
        Some("write(4, \"\\n\", 1) = 1")
    );
}

#[test]
fn getsockname_before_and_after_connect() {
    if !strace_available() {
        return;
    }
    let server = Traced::start("getsockname-server", "ch05_tcpserv01", "accept");
    let port = server.port.to_string();
    let (trace, out) = traced_client(
        "getsockname",
        "ch04_getsockname",
        &["127.0.0.1", &port],
        "",
        "socket,connect,getsockname,getpeername,close",
    );
    out.assert_success();
    let _ = server.finish();
    assert_in_order(
        &trace,
        &[
            "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3",
            // a sockaddr_in: len = sizeof(addr) = 16 goes in
            "getsockname(3, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr(\"0.0.0.0\")}, [16]) = 0",
            "getpeername(3, ",
            &format!(
                "connect(3, {{sa_family=AF_INET, sin_port=htons({port}), sin_addr=inet_addr(\"127.0.0.1\")}}, 16) = 0"
            ),
            "getsockname(3, {sa_family=AF_INET, sin_port=htons(",
            &format!(
                "getpeername(3, {{sa_family=AF_INET, sin_port=htons({port}), sin_addr=inet_addr(\"127.0.0.1\")}}, [16]) = 0"
            ),
            "close(3) = 0",
        ],
    );
    let enotconn = trace
        .iter()
        .find(|l| l.starts_with("getpeername(3, "))
        .expect("getpeername");
    assert!(
        enotconn.ends_with("= -1 ENOTCONN (Transport endpoint is not connected)"),
        "{enotconn}"
    );
    let after = trace
        .iter()
        .filter(|l| l.starts_with("getsockname(3, "))
        .nth(1)
        .expect("second getsockname");
    assert!(!after.contains("htons(0)"), "no port chosen: {after}");
}

#[test]
fn tcpcli04_connects_five_times_and_closes_nothing() {
    if !strace_available() {
        return;
    }
    let server = Traced::start("tcpcli04-server", "ch05_tcpserv04", "accept");
    let (trace, out) = traced_client(
        "tcpcli04",
        "ch05_tcpcli04",
        &["127.0.0.1", &server.port.to_string()],
        "hi\n",
        "socket,connect,close,exit_group",
    );
    out.assert_success();
    let _ = server.finish();
    let mut expected = Vec::new();
    for fd in 3..8 {
        expected.push(format!("socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = {fd}"));
        expected.push(format!("connect({fd}, "));
    }
    expected.push("exit_group(0)".to_string());
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    assert_in_order(&trace, &expected);
    let first_socket = trace
        .iter()
        .position(|l| l.starts_with("socket("))
        .expect("socket");
    let closes: Vec<&String> = trace[first_socket..]
        .iter()
        .filter(|l| l.starts_with("close("))
        .collect();
    assert!(
        closes.is_empty(),
        "exit should close the sockets, not close(): {closes:?}"
    );
}

const SIGNAL_CALLS: &str = "accept,wait4,rt_sigaction,rt_sigreturn,write";

#[test]
fn tcpserv02_restarts_accept_and_waits_once_per_signal() {
    if !strace_available() {
        return;
    }
    let server = Traced::start("tcpserv02", "ch05_tcpserv02", SIGNAL_CALLS);
    burst_of_five(&server);
    let (trace, _) = server.finish();
    assert_in_order(
        &trace,
        &[
            "rt_sigaction(SIGCHLD, {sa_handler=0x",
            "--- SIGCHLD ",
            "wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = ",
        ],
    );
    let install = trace
        .iter()
        .find(|l| l.starts_with("rt_sigaction(SIGCHLD"))
        .expect("sigaction");
    assert!(
        install.contains("sa_flags=SA_RESTORER|SA_RESTART, "),
        "{install}"
    );
    let waits = trace.iter().filter(|l| l.starts_with("wait4(-1, ")).count();
    let signals = trace
        .iter()
        .filter(|l| l.starts_with("--- SIGCHLD "))
        .count();
    assert_eq!(
        waits,
        signals,
        "one wait per handler run:\n{}",
        trace.join("\n")
    );
    assert!(
        !trace
            .iter()
            .any(|l| l.starts_with("rt_sigreturn(") && l.contains("EINTR")),
        "SA_RESTART: no call should fail with EINTR:\n{}",
        trace.join("\n")
    );
}

#[test]
fn tcpserv03_sees_eintr_and_calls_accept_again() {
    if !strace_available() {
        return;
    }
    let server = Traced::start("tcpserv03", "ch05_tcpserv03", SIGNAL_CALLS);
    burst_of_five(&server);
    let (trace, _) = server.finish();
    let install = trace
        .iter()
        .find(|l| l.starts_with("rt_sigaction(SIGCHLD"))
        .expect("sigaction");
    assert!(
        install.contains("sa_flags=SA_RESTORER, "),
        "no SA_RESTART expected: {install}"
    );
    assert_in_order(
        &trace,
        &[
            "accept(3, 0x",
            "--- SIGCHLD ",
            "wait4(-1, ",
            "rt_sigreturn({mask=[]}) = -1 EINTR (Interrupted system call)",
            "write(2, \"accept: Interrupted system call",
            "accept(3, ",
        ],
    );
}

#[test]
fn tcpserv04_reaps_in_a_loop_until_none_is_left() {
    if !strace_available() {
        return;
    }
    let server = Traced::start("tcpserv04", "ch05_tcpserv04", SIGNAL_CALLS);
    burst_of_five(&server);
    let (trace, _) = server.finish();
    let reaped = trace
        .iter()
        .filter(|l| {
            l.starts_with("wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], WNOHANG, NULL) = ")
        })
        .count();
    assert_eq!(reaped, 5, "{}", trace.join("\n"));
    // Each handler run ends with a waitpid that finds nothing to reap.
    let empty = trace
        .iter()
        .filter(|l| {
            l.starts_with("wait4(-1, ") && (l.ends_with(" = 0") || l.contains("= -1 ECHILD"))
        })
        .count();
    let signals = trace
        .iter()
        .filter(|l| l.starts_with("--- SIGCHLD "))
        .count();
    assert_eq!(empty, signals, "{}", trace.join("\n"));
}

#[test]
fn tsigpipe_write_gets_epipe_and_sigpipe() {
    if !strace_available() {
        return;
    }
    let calls = "rt_sigaction,read,write";
    let (trace, out) = traced_client("tsigpipe", "ch05_tsigpipe", &[], "", calls);
    assert!(out.stderr.is_empty() || !out.stderr.contains("panicked"));
    assert_in_order(
        &trace,
        &[
            "rt_sigaction(SIGPIPE, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=SA_RESTORER",
            "read(4, \"\", 4096) = 0",
            "write(4, \"first\\n\", 6) = 6",
            "write(4, \"second\\n\", 7) = -1 EPIPE (Broken pipe)",
            "--- SIGPIPE ",
            "+++ killed by SIGPIPE +++",
        ],
    );

    let (trace, _) = traced_client("tsigpipe-ignore", "ch05_tsigpipe", &["--ignore"], "", calls);
    assert!(
        !trace
            .iter()
            .any(|l| l.starts_with("rt_sigaction(SIGPIPE, {sa_handler=SIG_DFL")),
        "--ignore must leave SIGPIPE ignored:\n{}",
        trace.join("\n")
    );
    assert_in_order(
        &trace,
        &[
            "write(4, \"second\\n\", 7) = -1 EPIPE (Broken pipe)",
            "write(2, \"write: Broken pipe (EPIPE)\\n\", 27) = 27",
            "+++ exited with 1 +++",
        ],
    );
}

#[test]
fn tcpserv09_readn_loops_over_a_short_request() {
    if !strace_available() {
        return;
    }
    let server = Traced::start("tcpserv09", "ch05_tcpserv09", "read,write");
    let mut raw = std::net::TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    raw.write_all(b"abcde").expect("write");
    drop(raw);
    // The handler (tcpserv04's) prints a line when it reaps the child.
    let mut server = server;
    server
        .server
        .wait_for_line("terminated", Duration::from_secs(10));
    let (trace, _) = server.finish();
    assert_in_order(
        &trace,
        &[
            "read(4, \"abcde\", 16) = 5",
            "read(4, \"\", 11) = 0",
            "write(2, \"str_echo: short request (5 of 16\"",
        ],
    );
}
