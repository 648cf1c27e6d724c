//! The chapter 6–8 programs under real strace.
//!
//! 1. Parity: `ch08_udpserv01` and `ch08_udpcli01`, in C (`docs/c/`) and
//!    in Rust (`examples/`), run through the same exchange, make the same
//!    system calls in the same order with the same arguments and results.
//! 2. Each program's expected call sequence: the calls that carry the
//!    lesson (`shutdown(SHUT_WR)` before the last read, `SO_LINGER` then
//!    `close` then `ECONNRESET`, `EADDRINUSE` then `SO_REUSEADDR`…) appear,
//!    in that order.
//!
//! What is normalised, and why: the server's port (each run picks a free
//! one) becomes `$PORT`, other ports `$EPHEMERAL`, memory addresses
//! `0x…`, strace's column padding one space, `strace -f`'s pid prefix is
//! dropped (`common::strace::Norm`, the tests' one strace reader). What
//! is left out: everything before the first `socket(` (the Rust
//! runtime's start-up and the C library's, which differ) and, for
//! parity, `read(0, …)` on standard input (the C library's stdin buffer is
//! 4096 bytes, Rust's 8192 — not a socket call). Without strace the tests
//! print SKIPPED (and fail under `CI=true`).

mod common;

use std::io::Write as _;
use std::net::UdpSocket;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;
use socklab::{SOCK_DGRAM, SOCK_STREAM};

/// The calls compared for parity.
const PARITY_CALLS: &str =
    "socket,bind,connect,setsockopt,getsockopt,sendto,recvfrom,read,write,close";

/// A server running under strace.
struct TracedServer {
    server: Server,
    file: PathBuf,
}

impl TracedServer {
    fn start(
        name: &str,
        program: &Path,
        args: &[&str],
        calls: &str,
        follow: bool,
        ready: &str,
    ) -> TracedServer {
        let file = unp_strace_file(name);
        let argv = strace_argv(&file, calls, follow, program, args);
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let server = Server::start("strace", &argv, ready);
        TracedServer { server, file }
    }

    /// Ends the traced program with SIGTERM (strace then writes its last
    /// line and exits by itself) and returns the raw trace.
    fn finish(mut self) -> String {
        for (pid, _) in children_of(self.server.pid()) {
            let _ = Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .stderr(Stdio::null())
                .status();
        }
        self.server.wait_exit(Duration::from_secs(10));
        std::fs::read_to_string(&self.file).expect("read strace output")
    }
}

/// Waits (bounded: 10 s) until the trace in `file` contains `text`, so the
/// test stops (or goes on with) a program only after the call it looks for.
fn wait_for_trace(file: &Path, text: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while std::time::Instant::now() < deadline
        && !std::fs::read_to_string(file).is_ok_and(|t| t.contains(text))
    {
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs a client under strace to completion; returns what it printed and
/// the raw trace.
fn traced_run(
    name: &str,
    program: &Path,
    args: &[&str],
    stdin: &str,
    calls: &str,
) -> (Output, String) {
    let file = unp_strace_file(name);
    let out = run_under_strace(&file, calls, false, program, args, stdin);
    (
        out,
        std::fs::read_to_string(&file).expect("read strace output"),
    )
}

/// The trace from the first `socket(` on, with run-specific values
/// replaced; `read(0, …)` dropped when `skip_stdin`. Read by the tests'
/// one strace reader (`common::strace`), calls that another process
/// interrupted joined again.
fn normalise(text: &str, port: &str, skip_stdin: bool) -> Vec<String> {
    let mut norm = strace::Norm {
        named_ports: port
            .parse()
            .map(|p| vec![(p, "$PORT".to_string())])
            .unwrap_or_default(),
        ephemeral_name: Some("$EPHEMERAL".into()),
        address_mask: Some("0x…".into()),
        ..strace::Norm::default()
    };
    let mut out = Vec::new();
    let mut started = false;
    for raw in strace::parse_strace(text) {
        let line = raw.text.as_str();
        started |= line.starts_with("socket(");
        if !started
            || line.starts_with("+++")
            || line.starts_with("---")
            || (skip_stdin && line.starts_with("read(0,"))
        {
            continue;
        }
        if line.starts_with("write(1, \"bound to ") {
            // The ready line: its text and length depend on the port.
            out.push(String::from("write(1, \"bound to …\", …) = …"));
            continue;
        }
        out.extend(norm.line(line));
    }
    out
}

/// Checks that `patterns` match lines of `trace` in this order (other
/// lines may come between). A pattern's pieces, separated by `…`, must
/// appear in that order within one line.
fn assert_in_order(trace: &[String], patterns: &[&str], what: &str) {
    let mut from = 0;
    for pattern in patterns {
        let found = trace
            .iter()
            .skip(from)
            .position(|line| matches(line, pattern));
        match found {
            Some(i) => from += i + 1,
            None => panic!(
                "{what}: no line matching {pattern:?} after line {from} of the trace:\n{}",
                trace
                    .iter()
                    .enumerate()
                    .map(|(i, l)| format!("{i:4} {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }
    }
}

fn matches(line: &str, pattern: &str) -> bool {
    let mut rest = line;
    for piece in pattern.split('…') {
        match rest.find(piece) {
            Some(i) => rest = &rest[i + piece.len()..],
            None => return false,
        }
    }
    true
}

/// Runs the server and one client, both under strace; returns the two
/// normalised traces (server, client).
fn exchange(server: &Path, client: &Path, world: &str) -> (Vec<String>, Vec<String>) {
    let port = free_port(SOCK_DGRAM).to_string();
    let srv = TracedServer::start(
        &format!("udp-echo-{world}-server"),
        server,
        &[&port, "127.0.0.1"],
        PARITY_CALLS,
        false,
        "bound to 127.0.0.1:",
    );
    let (out, client_trace) = traced_run(
        &format!("udp-echo-{world}-client"),
        client,
        &["127.0.0.1", &port],
        "hello\nworld\n",
        PARITY_CALLS,
    );
    out.assert_success();
    assert_eq!(out.stdout, "hello\nworld\n", "{world}: {}", out.stderr);
    let server_trace = srv.finish();
    (
        normalise(&server_trace, &port, true),
        normalise(&client_trace, &port, true),
    )
}

#[test]
fn ch08_udp_echo_c_and_rust_make_the_same_calls() {
    if !strace_available() {
        return;
    }
    let (c_server, c_client) = exchange(&c_twin("ch08_udpserv01"), &c_twin("ch08_udpcli01"), "c");
    let (r_server, r_client) = exchange(
        &example("ch08_udpserv01"),
        &example("ch08_udpcli01"),
        "rust",
    );

    // Standard output is not a socket: C's stdio writes the replies at
    // exit, in one write(1); socklab's dg_cli writes each as it comes.
    let c_client = without_stdout(c_client);
    let r_client = without_stdout(r_client);
    // Guard: the traces contain the exchange (an empty trace would compare equal).
    let want_client = [
        "socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3",
        "sendto(3, \"hello\\n\", 6, 0, {sa_family=AF_INET, sin_port=htons($PORT), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 6",
        "recvfrom(3, \"hello\\n\", 4096, 0, NULL, NULL) = 6",
        "recvfrom(3, \"world\\n\", 4096, 0, NULL, NULL) = 6",
    ];
    for want in want_client {
        assert!(
            c_client.iter().any(|l| l == want),
            "C client trace lacks {want:?}:\n{}",
            c_client.join("\n")
        );
    }
    assert!(
        c_server.iter().any(|l| l
            .starts_with("recvfrom(3, \"world\\n\", 4096, 0, {sa_family=AF_INET")
            && l.ends_with("}, [16]) = 6")),
        "C server trace:\n{}",
        c_server.join("\n")
    );

    assert_eq!(
        c_client, r_client,
        "client traces differ (left C, right Rust)"
    );
    assert_eq!(
        c_server, r_server,
        "server traces differ (left C, right Rust)"
    );
}

/// A trace without its writes to standard output.
fn without_stdout(trace: Vec<String>) -> Vec<String> {
    trace
        .into_iter()
        .filter(|l| !l.starts_with("write(1, "))
        .collect()
}

// ---------------------------------------------------------------------
// Each program's expected call sequence
// ---------------------------------------------------------------------

/// A server's arguments: `PORT 127.0.0.1`.
fn loopback_args(port: &str) -> Vec<String> {
    vec![port.to_string(), "127.0.0.1".to_string()]
}

#[test]
fn ch06_clients_select_on_stdin_and_the_socket() {
    if !strace_available() {
        return;
    }
    let (_server, port) = start_on_free_port(
        example("ch06_tcpservselect01"),
        SOCK_STREAM,
        loopback_args,
        "listening on 127.0.0.1:",
    );
    let port = port.to_string();
    let calls = "socket,connect,pselect6,read,write,shutdown,close";

    // strcliselect01, with stdin kept open until the echo is back: the
    // reply is read one byte per read (readline).
    let file = unp_strace_file("ch06_strcliselect01");
    let argv = strace_argv(
        &file,
        calls,
        false,
        &example("ch06_strcliselect01"),
        &["127.0.0.1", &port],
    );
    let mut child = Command::new("strace")
        .args(&argv)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn strace");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"hello\n").expect("write stdin");
    wait_for_trace(&file, "write(1, \"hello\\n\", 6)"); // the echo is back
    drop(stdin);
    let out = wait_with_timeout(child, RUN_TIMEOUT);
    out.assert_success();
    assert_eq!(out.stdout, "hello\n");
    let trace = normalise(
        &std::fs::read_to_string(&file).expect("trace"),
        &port,
        false,
    );
    assert_in_order(
        &trace,
        &[
            "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3",
            "connect(3, {sa_family=AF_INET, sin_port=htons($PORT), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0",
            "pselect6(4, [0 3], NULL, NULL, NULL, NULL) = 1 (in [0])",
            "read(0, \"hello\\n\", 8192) = 6",
            "write(3, \"hello\\n\", 6) = 6",
            "pselect6(4, [0 3], NULL, NULL, NULL, NULL) = 1 (in [3])",
            "read(3, \"h\", 1) = 1",
            "read(3, \"\\n\", 1) = 1",
            "write(1, \"hello\\n\", 6) = 6",
            "read(0, \"\", 8192) = 0",
        ],
        "ch06_strcliselect01",
    );

    // strcliselect02: raw reads of stdin; end of input -> shutdown, then
    // the server's FIN ends the program.
    let (out, raw) = traced_run(
        "ch06_strcliselect02",
        &example("ch06_strcliselect02"),
        &["127.0.0.1", &port],
        "a\nb\n",
        calls,
    );
    out.assert_success();
    assert_eq!(out.stdout, "a\nb\n");
    let trace = normalise(&raw, &port, false);
    assert_in_order(
        &trace,
        &[
            "connect(3, …htons($PORT)…) = 0",
            "pselect6(4, [0 3], NULL, NULL, NULL, NULL) = 1 (in [0])",
            "read(0, \"a\\nb\\n\", 4096) = 4",
            "write(3, \"a\\nb\\n\", 4) = 4",
            "read(0, \"\", 4096) = 0",
            "shutdown(3, SHUT_WR) = 0",
            "pselect6(4, [3], NULL, NULL, NULL, NULL) = 1 (in [3])",
            "read(3, \"\", 4096) = 0",
        ],
        "ch06_strcliselect02",
    );
    assert!(
        !trace.iter().any(|l| l.starts_with("read(3, \"a\", 1)")),
        "no readline in strcliselect02"
    );
}

#[test]
fn ch06_servers_select_and_poll() {
    if !strace_available() {
        return;
    }
    let calls = "socket,bind,listen,accept,pselect6,poll,read,write,close";
    for (program, expected) in [
        (
            "ch06_tcpservselect01",
            &[
                "listen(3, 1024) = 0",
                "pselect6(4, [3], NULL, NULL, NULL, NULL) = 1 (in [3])",
                "accept(3, {sa_family=AF_INET, …}, [16]) = 4",
                "pselect6(5, [3 4], NULL, NULL, NULL, NULL) = 1 (in [4])",
                "read(4, \"hello\\n\", 4096) = 6",
                "write(4, \"hello\\n\", 6) = 6",
                "read(4, \"\", 4096) = 0",
                "close(4) = 0",
                "pselect6(5, [3], NULL, NULL, NULL, NULL",
            ][..],
        ),
        (
            "ch06_tcpservpoll01",
            &[
                "listen(3, 1024) = 0",
                "poll([{fd=3, events=POLLRDNORM}], 1, -1) = 1 ([{fd=3, revents=POLLRDNORM}])",
                "accept(3, {sa_family=AF_INET, …}, [16]) = 4",
                "poll([{fd=3, events=POLLRDNORM}, {fd=4, events=POLLRDNORM}], 2, -1) = 1 ([{fd=4, revents=POLLRDNORM}])",
                "read(4, \"hello\\n\", 4096) = 6",
                "write(4, \"hello\\n\", 6) = 6",
                "read(4, \"\", 4096) = 0",
                "close(4) = 0",
                "poll([{fd=3, events=POLLRDNORM}, {fd=-1}], 2, -1",
            ][..],
        ),
    ] {
        let port = free_port(SOCK_STREAM).to_string();
        let srv = TracedServer::start(
            program,
            &example(program),
            &[&port, "127.0.0.1"],
            calls,
            false,
            "listening on 127.0.0.1:",
        );
        let out = run(
            example("ch06_strcliselect02"),
            &["127.0.0.1", &port],
            "hello\n",
        );
        out.assert_success();
        assert_eq!(out.stdout, "hello\n");
        // Stop the server only once it has seen the FIN and blocks again
        // (strace writes a blocked call's first half at once).
        wait_for_trace(&srv.file, expected.last().copied().unwrap_or("close(4)"));
        let trace = normalise(&srv.finish(), &port, false);
        assert_in_order(&trace, expected, program);
    }
}

#[test]
fn ch07_programs_make_the_calls_of_the_lesson() {
    if !strace_available() {
        return;
    }
    let calls = "socket,bind,listen,accept,connect,getsockname,setsockopt,getsockopt,read,close";
    let cases: [(&str, &[&str], &[&str]); 5] = [
        (
            "ch07_checkopts",
            &[],
            &[
                // a fresh socket per option (Figure 7.3)
                "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3",
                "getsockopt(3, SOL_SOCKET, SO_BROADCAST, [0], [4]) = 0",
                "close(3) = 0",
                "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3",
                "getsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=0, l_linger=0}, [8]) = 0",
                "close(3) = 0",
                "getsockopt(3, SOL_SOCKET, SO_TYPE, [1], [4]) = 0",
                "getsockopt(3, SOL_IP, IP_TTL, …, [4]) = 0",
                "socket(AF_INET6, SOCK_STREAM, IPPROTO_IP) = 3",
                "getsockopt(3, SOL_IPV6, IPV6_V6ONLY, [0], [4]) = 0",
                "close(3) = 0",
                "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3",
                "getsockopt(3, SOL_TCP, TCP_MAXSEG, [536], [4]) = 0",
                "getsockopt(3, SOL_TCP, TCP_NODELAY, [0], [4]) = 0",
                "close(3) = 0",
            ],
        ),
        (
            "ch07_rcvbuf",
            &[],
            &[
                "listen(3, 1024) = 0",
                "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 4",
                "getsockopt(4, SOL_SOCKET, SO_RCVBUF, …, [4]) = 0",
                "getsockopt(4, SOL_TCP, TCP_MAXSEG, [536], [4]) = 0",
                "connect(4, …) = 0",
                "getsockopt(4, SOL_SOCKET, SO_RCVBUF, …, [4]) = 0",
                "getsockopt(4, SOL_TCP, TCP_MAXSEG, …, [4]) = 0",
            ],
        ),
        (
            "ch07_reuseaddr",
            &[],
            &[
                "bind(3, {sa_family=AF_INET, sin_port=htons(0), …}, 16) = 0",
                "accept(3, …) = 5",
                "close(5) = 0",         // the server closes first…
                "read(4, \"\", 1) = 0", // …the client sees the end of file
                "close(4) = 0",
                "close(3) = 0",
                "bind(3, …) = -1 EADDRINUSE (Address already in use)",
                "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
                "bind(3, …) = -1 EADDRINUSE (Address already in use)",
                "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
                "bind(3, {sa_family=AF_INET, sin_port=htons(0), …}, 16) = 0",
                "close(5) = 0",
                "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
                "bind(3, {sa_family=AF_INET, sin_port=htons($EPHEMERAL), …}, 16) = 0",
                "listen(3, 1024) = 0",
            ],
        ),
        (
            "ch07_linger",
            &[],
            &[
                "connect(4, …) = 0",
                "accept(3, …) = 5",
                "setsockopt(4, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0",
                "close(4) = 0",
                "read(5, 0x…, 4096) = -1 ECONNRESET (Connection reset by peer)",
                "close(5) = 0",
            ],
        ),
        (
            "ch07_linger",
            &["--normal"],
            &[
                "accept(3, …) = 5",
                "close(4) = 0",
                "read(5, \"\", 4096) = 0",
                "close(5) = 0",
            ],
        ),
    ];
    for (program, args, expected) in cases {
        let (out, raw) = traced_run(program, &example(program), args, "", calls);
        out.assert_success();
        let trace = normalise(&raw, "(no server port)", false);
        assert_in_order(&trace, expected, &format!("{program} {args:?}"));
        if program == "ch07_linger" && !args.is_empty() {
            assert!(
                !trace.iter().any(|l| l.contains("SO_LINGER")),
                "--normal sets no SO_LINGER"
            );
        }
    }
}

#[test]
fn ch08_clients_make_the_calls_of_the_lesson() {
    if !strace_available() {
        return;
    }
    let calls = "socket,connect,getsockname,setsockopt,sendto,recvfrom,read,write,close";
    let (_held, closed) = refusing_udp_port();

    // Connected UDP, nobody there: the write succeeds, the read reports it.
    let (out, raw) = traced_run(
        "ch08_dgcliconnect",
        &example("ch08_dgcliconnect"),
        &["127.0.0.1", &closed],
        "hello\n",
        calls,
    );
    out.assert_one_line_error("ECONNREFUSED");
    assert_in_order(
        &normalise(&raw, &closed, false),
        &[
            "socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3",
            "connect(3, {sa_family=AF_INET, sin_port=htons($PORT), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0",
            "write(3, \"hello\\n\", 6) = 6",
            "read(3, 0x…, 4096) = -1 ECONNREFUSED (Connection refused)",
        ],
        "ch08_dgcliconnect",
    );

    // connect + getsockname, and not a single datagram.
    let (out, raw) = traced_run(
        "ch08_udpcli09",
        &example("ch08_udpcli09"),
        &["127.0.0.1", &closed],
        "",
        calls,
    );
    out.assert_success();
    let trace = normalise(&raw, &closed, false);
    assert_in_order(
        &trace,
        &[
            "socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3",
            "connect(3, {sa_family=AF_INET, sin_port=htons($PORT), …}, 16) = 0",
            "getsockname(3, {sa_family=AF_INET, sin_port=htons($EPHEMERAL), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = 0",
        ],
        "ch08_udpcli09",
    );
    assert!(
        !trace
            .iter()
            .any(|l| l.starts_with("sendto(") || l.starts_with("write(3")),
        "udpcli09 sends nothing"
    );

    // 2000 sendto calls of 1400 bytes, all successful, no reads.
    let (out, raw) = traced_run(
        "ch08_dgcliloop",
        &example("ch08_dgcliloop"),
        &["127.0.0.1", &closed],
        "",
        calls,
    );
    out.assert_success();
    let trace = normalise(&raw, &closed, false);
    let sends: Vec<&String> = trace
        .iter()
        .filter(|l| l.starts_with("sendto(3, "))
        .collect();
    assert_eq!(sends.len(), 2000);
    assert!(sends.iter().all(|l| l.ends_with(", 1400, 0, {sa_family=AF_INET, sin_port=htons($PORT), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 1400")));
    assert!(!trace.iter().any(|l| l.starts_with("recvfrom(")));
}

#[test]
fn ch08_servers_make_the_calls_of_the_lesson() {
    if !strace_available() {
        return;
    }
    // dgecholoop -r: the buffer is set before bind and read back doubled
    // (or capped by net.core.rmem_max).
    let port = free_port(SOCK_DGRAM).to_string();
    let srv = TracedServer::start(
        "ch08_dgecholoop",
        &example("ch08_dgecholoop"),
        &["-r", "1000000", &port, "127.0.0.1"],
        "socket,setsockopt,getsockopt,bind,getsockname,recvfrom",
        false,
        "SO_RCVBUF = ",
    );
    // The ready line comes before the SO_RCVTIMEO call: stopping the
    // server right after it could cut the trace short on a loaded machine.
    wait_for_trace(&srv.file, "SO_RCVTIMEO");
    assert_in_order(
        &normalise(&srv.finish(), &port, false),
        &[
            "socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3",
            "setsockopt(3, SOL_SOCKET, SO_RCVBUF, [1000000], 4) = 0",
            "bind(3, {sa_family=AF_INET, sin_port=htons($PORT), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0",
            "getsockname(3, {sa_family=AF_INET, sin_port=htons($PORT), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = 0",
            "getsockopt(3, SOL_SOCKET, SO_RCVBUF, […], [4]) = 0",
            "setsockopt(3, SOL_SOCKET, SO_RCVTIMEO_OLD, \"\\2\\0…\", 16) = 0",
        ],
        "ch08_dgecholoop",
    );

    // udpservselect01 under strace -f: one UDP client, one TCP client.
    let port = loop {
        let p = free_port(SOCK_STREAM);
        if UdpSocket::bind(("127.0.0.1", p)).is_ok() {
            break p.to_string();
        }
    };
    let srv = TracedServer::start(
        "ch08_udpservselect01",
        &example("ch08_udpservselect01"),
        &[&port, "127.0.0.1"],
        "socket,setsockopt,bind,listen,rt_sigaction,pselect6,accept,clone,recvfrom,sendto,read,write,close,wait4",
        true,
        "bound to 127.0.0.1:",
    );
    let out = run(example("ch08_udpcli01"), &["127.0.0.1", &port], "hello\n");
    out.assert_success();
    let out = run(
        example("ch06_strcliselect02"),
        &["127.0.0.1", &port],
        "tcp\n",
    );
    out.assert_success();
    // Wait until the parent has reaped the child: SIGCHLD, wait4.
    wait_for_trace(&srv.file, "WNOHANG, NULL) = -1 ECHILD");
    let trace = normalise(&srv.finish(), &port, false);
    assert_in_order(
        &trace,
        &[
            "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3",
            "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
            "bind(3, {sa_family=AF_INET, sin_port=htons($PORT), …}, 16) = 0",
            "listen(3, 1024) = 0",
            "socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 4",
            "bind(4, {sa_family=AF_INET, sin_port=htons($PORT), …}, 16) = 0",
            "rt_sigaction(SIGCHLD, {sa_handler=0x…, sa_mask=[], sa_flags=SA_RESTORER|SA_RESTART, …}",
            "pselect6(5, [3 4], NULL, NULL, NULL, NULL) = 1 (in [4])",
            "recvfrom(4, \"hello\\n\", 4096, 0, {sa_family=AF_INET, …}, [16]) = 6",
            "sendto(4, \"hello\\n\", 6, 0, {sa_family=AF_INET, …}, 16) = 6",
            "pselect6(5, [3 4], NULL, NULL, NULL, NULL) = 1 (in [3])",
            "accept(3, {sa_family=AF_INET, …}, [16]) = 5",
            "clone(",
            "read(5, \"tcp\\n\", 4096) = 4",
            "write(5, \"tcp\\n\", 4) = 4",
            "read(5, \"\", 4096) = 0",
            "wait4(-1, …, WNOHANG, NULL) = ",
        ],
        "ch08_udpservselect01",
    );
    // The parent closes its copy of the connection; the child closes the
    // listening socket (Figure 8.24) and ends with exit, which closes the rest.
    let closes = |fd: &str| {
        trace
            .iter()
            .filter(|l| **l == format!("close({fd}) = 0"))
            .count()
    };
    assert_eq!(
        (closes("3"), closes("4"), closes("5")),
        (1, 0, 1),
        "who closes what:\n{}",
        trace.join("\n")
    );
}

/// dgcliaddr asks recvfrom for the sender, skips a stranger and goes on
/// with the next line (here: the end of input).
#[test]
fn ch08_dgcliaddr_compares_the_sender() {
    if !strace_available() {
        return;
    }
    // std::net sockets: close-on-exec, so no spawned program inherits them.
    let server = UdpSocket::bind("127.0.0.1:0").expect("bind");
    let stranger = UdpSocket::bind("127.0.0.1:0").expect("bind");
    let port = server.local_addr().expect("local_addr").port().to_string();
    let stranger_port = stranger.local_addr().expect("local_addr").port();

    let client_port = port.clone();
    let client = std::thread::spawn(move || {
        traced_run(
            "ch08_dgcliaddr",
            &example("ch08_dgcliaddr"),
            &["127.0.0.1", &client_port],
            "hello\n",
            "socket,setsockopt,sendto,recvfrom,write,close",
        )
    });
    server
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut buf = [0u8; 100];
    let (n, cliaddr) = server.recv_from(&mut buf).expect("the client's datagram");
    stranger.send_to(b"intruder\n", cliaddr).expect("send_to");
    server.send_to(&buf[..n], cliaddr).expect("send_to");
    let (out, raw) = client.join().expect("client thread");
    out.assert_success();
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);

    let stranger_addr = format!("sin_port=htons({stranger_port})");
    let raw = raw.replace(&stranger_addr, "sin_port=htons(STRANGER)");
    assert_in_order(
        &normalise(&raw, &port, false),
        &[
            "sendto(3, \"hello\\n\", 6, 0, {sa_family=AF_INET, sin_port=htons($PORT), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 6",
            "recvfrom(3, \"intruder\\n\", 4096, 0, {sa_family=AF_INET, sin_port=htons(STRANGER), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = 9",
            "write(1, \"reply from 127.0.0.1:",
        ],
        "ch08_dgcliaddr",
    );
}

/// The lost-reply path of the UDP echo client (section 8.9): the same
/// calls in C and in Rust, ending in a recvfrom that waits for ever (the
/// test stops it).
#[test]
fn ch08_udpcli01_lost_reply_c_and_rust_make_the_same_calls() {
    if !strace_available() {
        return;
    }
    let (_silent, port) = busy_udp_port(); // held, never answers
    let mut traces = Vec::new();
    for (world, program) in [
        ("c", c_twin("ch08_udpcli01")),
        ("rust", example("ch08_udpcli01")),
    ] {
        let file = unp_strace_file(&format!("udpcli01-lost-{world}"));
        let argv = strace_argv(&file, PARITY_CALLS, false, &program, &["127.0.0.1", &port]);
        let mut child = Command::new("strace")
            .args(&argv)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn strace");
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(b"anyone?\n").expect("write stdin");
        drop(stdin);
        // Until it waits in recvfrom (bounded), then a moment more.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while std::time::Instant::now() < deadline
            && !std::fs::read_to_string(&file).is_ok_and(|t| t.contains("recvfrom(3, "))
        {
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(500));
        for (pid, _) in children_of(child.id()) {
            let _ = Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .stderr(Stdio::null())
                .status();
        }
        let out = wait_with_timeout(child, RUN_TIMEOUT);
        assert!(out.stdout.is_empty(), "{world}: {}", out.stdout);
        let trace = normalise(&std::fs::read_to_string(&file).expect("trace"), &port, true);
        traces.push(trace);
    }
    assert_in_order(
        &traces[0],
        &[
            "sendto(3, \"anyone?\\n\", 8, 0, {sa_family=AF_INET, sin_port=htons($PORT), …}, 16) = 8",
            "recvfrom(3, ",
        ],
        "C ch08_udpcli01, no server",
    );
    assert!(
        traces[0]
            .last()
            .is_some_and(|l| l.starts_with("recvfrom(3, ")),
        "waiting in recvfrom to the end:\n{}",
        traces[0].join("\n")
    );
    assert_eq!(
        traces[0], traces[1],
        "lost-reply traces differ (left C, right Rust)"
    );
}
