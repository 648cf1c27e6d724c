//! UNP chapters 1, 3–4 and 5 as real processes on loopback: the daytime
//! programs (ch01, with their C twins), the address conversions and
//! getsockname (ch03–04), the TCP echo server's life cycle with its
//! signal lessons (ch05), and every program's bad-input contract.
//!
//! Everything talks to 127.0.0.1 or ::1 only, on ports picked by
//! `free_port`; every wait is bounded. Sockets the test itself needs come
//! from `std::net` (close-on-exec), so the programs it spawns do not
//! inherit them.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use socklab::SOCK_STREAM;

// ---------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------

/// Is `s` the 24 characters of a `ctime()` date, "Fri Nov 21 10:15:02 2025"?
fn is_ctime(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 24
        && b.iter().enumerate().all(|(i, c)| match i {
            3 | 7 | 10 | 19 => *c == b' ',
            13 | 16 => *c == b':',
            8 => *c == b' ' || c.is_ascii_digit(),
            0..=2 | 4..=6 => c.is_ascii_alphabetic(),
            _ => c.is_ascii_digit(),
        })
}

/// Asserts that a daytime client printed exactly one `%.24s\r\n` line.
fn assert_daytime_answer(out: &Output) {
    out.assert_success();
    let Some(date) = out.stdout.strip_suffix("\r\n") else {
        panic!("answer does not end in \\r\\n: {:?}", out.stdout);
    };
    assert!(is_ctime(date), "not a ctime() date: {:?}", out.stdout);
}

/// A server that takes its port as its only argument, started on a free
/// port and ready (it printed "listening on ADDRESS:PORT", the address
/// getsockname reported).
fn start_server(program: std::path::PathBuf) -> (Server, u16) {
    start_on_free_port(program, SOCK_STREAM, port_arg, "listening on ")
}

/// A port nothing listens on: connecting gets ECONNREFUSED. Held (bound,
/// not listening) while the returned descriptor lives, so that no server
/// of another test can take it meanwhile.
fn closed_port() -> (socklab::Fd, String) {
    refusing_port()
}

/// Polls (bounded) until `pid` has `n` children that are alive (not zombies).
fn wait_for_live_children(pid: u32, n: usize) -> Vec<u32> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let live: Vec<u32> = children_of(pid)
            .into_iter()
            .filter(|(_, s)| *s != 'Z')
            .map(|(p, _)| p)
            .collect();
        if live.len() == n {
            return live;
        }
        assert!(
            Instant::now() < deadline,
            "server {pid} has children {:?}, expected {n} alive",
            children_of(pid)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Polls (bounded) until every child of `pid` has ended (is gone or a zombie).
fn wait_until_no_live_children(pid: u32) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while children_of(pid).iter().any(|(_, s)| *s != 'Z') {
        assert!(
            Instant::now() < deadline,
            "children still alive: {:?}",
            children_of(pid)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The tcpcli04 burst, made as deterministic as it can be: five
/// connections, one echoed line, then — once the server has its five
/// children and has gone back to accept — end of input, so the client
/// exits and all five children end together.
fn burst_of_five(server_pid: u32, port: u16) {
    let mut cli = Interactive::start(example("ch05_tcpcli04"), &["127.0.0.1", &port.to_string()]);
    cli.send("hello\n");
    assert_eq!(cli.line(Duration::from_secs(5)).as_deref(), Some("hello"));
    wait_for_live_children(server_pid, 5);
    // the parent is back in accept (asleep, its children too)
    assert!(wait_settled(server_pid, Duration::from_secs(10)));
    cli.finish(RUN_TIMEOUT).assert_success();
    wait_until_no_live_children(server_pid);
}

/// Runs a client program against 127.0.0.1:`port` to completion.
fn run_client(program: std::path::PathBuf, port: u16, stdin: &str) -> Output {
    run(program, &["127.0.0.1", &port.to_string()], stdin)
}

/// Runs the echo client once: the lines go out and come back.
fn assert_echoes(client: std::path::PathBuf, port: u16) {
    let input = "hello, world\nsecond line\n\nlast\n";
    let out = run_client(client, port, input);
    out.assert_success();
    assert_eq!(out.stdout, input);
}

// ---------------------------------------------------------------------
// Chapter 1: daytime
// ---------------------------------------------------------------------

#[test]
fn daytime_client_reads_the_servers_line() {
    let (_server, port) = start_server(example("ch01_daytimetcpsrv"));
    let out = run_client(example("ch01_daytimetcpcli"), port, "");
    assert_daytime_answer(&out);
}

#[test]
fn daytime_rust_client_against_c_server() {
    let (_server, port) = start_server(c_twin("ch01_daytimetcpsrv"));
    let out = run_client(example("ch01_daytimetcpcli"), port, "");
    assert_daytime_answer(&out);
}

#[test]
fn daytime_c_client_against_rust_server() {
    let (_server, port) = start_server(example("ch01_daytimetcpsrv"));
    let out = run_client(c_twin("ch01_daytimetcpcli"), port, "");
    assert_daytime_answer(&out);
}

#[test]
fn daytime_server_serves_clients_one_after_another() {
    let (_server, port) = start_server(example("ch01_daytimetcpsrv"));
    for _ in 0..3 {
        let out = run_client(example("ch01_daytimetcpcli"), port, "");
        assert_daytime_answer(&out);
    }
}

/// Port 13 without privileges: EACCES, with the hint. As root the bind
/// would succeed, so the server is run as `nobody` through setpriv(1);
/// where that is not possible (or the system lets everyone bind low
/// ports), the test says SKIPPED — the high-port tests above still run.
#[test]
fn daytime_server_on_port_13_without_privileges_explains_eacces() {
    let start = std::fs::read_to_string("/proc/sys/net/ipv4/ip_unprivileged_port_start")
        .ok()
        .and_then(|s| s.trim().parse::<u32>().ok())
        .unwrap_or(1024);
    if start <= 13 {
        eprintln!("SKIPPED: ip_unprivileged_port_start is {start}: everyone may bind port 13");
        return;
    }
    for (program, rust) in [
        (example("ch01_daytimetcpsrv"), true),
        (c_twin("ch01_daytimetcpsrv"), false),
    ] {
        let program = program.display().to_string();
        let out = match euid() {
            Some(0) => {
                let mut args = AS_NOBODY_SETPRIV.to_vec();
                args.push(&program);
                run("setpriv", &args, "")
            }
            _ => run(&program, &[], ""),
        };
        if out.stderr.starts_with("setpriv") {
            eprintln!(
                "SKIPPED: cannot run {program} as nobody: {}",
                out.stderr.trim()
            );
            return;
        }
        if !rust {
            // the book's C: perror("bind"), no hint
            out.assert_one_line_error("bind: Permission denied");
            assert_eq!(out.status.code(), Some(1));
            continue;
        }
        out.assert_one_line_error("Permission denied (EACCES): ports below 1024 need privileges");
        assert!(
            out.stderr.contains("ch01_daytimetcpsrv 1313"),
            "no suggestion: {}",
            out.stderr
        );
        assert_eq!(out.status.code(), Some(1));
    }
}

/// ch01_daytimetcpsrv1 prints the client's address and port; the client
/// (ch04_getsockname) learns the same port from getsockname.
#[test]
fn daytime_server1_prints_the_port_getsockname_shows_the_client() {
    let (mut server, port) = start_server(example("ch01_daytimetcpsrv1"));
    let out = run_client(example("ch04_getsockname"), port, "");
    out.assert_success();
    let local = out
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("after connect:  getsockname 127.0.0.1:"))
        .unwrap_or_else(|| panic!("no local address after connect: {}", out.stdout));
    let client_port: u16 = local
        .split_whitespace()
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("bad local port in {local:?}"));
    assert_ne!(client_port, 0, "the kernel chose no port");
    let line = server.wait_for_line("connection from", Duration::from_secs(5));
    assert_eq!(
        line,
        format!("connection from 127.0.0.1, port {client_port}")
    );
    assert!(
        out.stdout
            .contains(&format!("after connect:  getpeername 127.0.0.1:{port}")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("before connect: getsockname 0.0.0.0:0"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "before connect: getpeername: Transport endpoint is not connected (ENOTCONN)"
        ),
        "{}",
        out.stdout
    );
}

/// What is deterministic about record boundaries: the server makes exactly
/// 26 one-byte writes (trace mode shows them), and the client's counter is
/// exactly the number of its reads that returned data, which together
/// carry the 26 bytes. *How many* reads that takes (1 to 26) depends on
/// scheduling, so it is only bounded, not fixed.
#[test]
fn one_byte_writes_and_the_client_read_counter() {
    let trace = [("SOCKLAB_TRACE", "1")];
    let (mut server, port) = start_on_free_port_env(
        example("ch01_daytimetcpsrv2"),
        SOCK_STREAM,
        port_arg,
        "listening on ",
        &trace,
    );
    let out = run_env(
        example("ch01_daytimetcpcli1"),
        &["127.0.0.1", &port.to_string()],
        "",
        &trace,
    );
    out.assert_success();

    let (answer, counter_line) = out.stdout.split_once("\r\n").expect("a daytime line");
    assert!(is_ctime(answer), "{:?}", out.stdout);
    let counter: usize = counter_line
        .trim()
        .strip_prefix("counter = ")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no counter line: {:?}", out.stdout));
    assert!((1..=26).contains(&counter), "counter = {counter}");

    // The client's own trace: reads of fd 3 that returned data.
    let data_reads: Vec<usize> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("read(3, "))
        .filter_map(|l| l.rsplit(" = ").next()?.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .collect();
    assert_eq!(
        data_reads.len(),
        counter,
        "counter vs traced reads:\n{}",
        out.stderr
    );
    assert_eq!(data_reads.iter().sum::<usize>(), 26);

    let srv = server.stop();
    let one_byte_writes = srv
        .stderr
        .lines()
        .filter(|l| l.starts_with("write(4, ") && l.ends_with(", 1) = 1"))
        .count();
    assert_eq!(one_byte_writes, 26, "server trace:\n{}", srv.stderr);
}

/// Against the one-write server the answer arrives in one TCP segment,
/// which loopback delivers to the receive queue at once: one read.
#[test]
fn one_write_means_one_read_on_loopback() {
    let (_server, port) = start_server(example("ch01_daytimetcpsrv"));
    let out = run_client(example("ch01_daytimetcpcli1"), port, "");
    out.assert_success();
    assert!(
        out.stdout.ends_with("\r\ncounter = 1\n"),
        "{:?}",
        out.stdout
    );
}

#[test]
fn daytime_ipv6_client_reads_from_an_ipv6_server() {
    let listener = match std::net::TcpListener::bind("[::1]:0") {
        Ok(l) => l,
        Err(e) => {
            eprintln!("SKIPPED: no IPv6 loopback here ({e})");
            return;
        }
    };
    let port = listener
        .local_addr()
        .expect("local addr")
        .port()
        .to_string();
    let server = std::thread::spawn(move || {
        let (mut conn, peer) = listener.accept().expect("accept");
        conn.write_all(b"Fri Nov 21 10:15:02 2025\r\n")
            .expect("write");
        peer
    });
    let out = run(example("ch01_daytimetcpcliv6"), &["::1", &port], "");
    out.assert_success();
    assert_eq!(out.stdout, "Fri Nov 21 10:15:02 2025\r\n");
    let peer = server.join().expect("server thread");
    assert!(peer.is_ipv6(), "client came from {peer}");
}

#[test]
fn byteorder_reports_this_hosts_order_and_the_forgotten_htons() {
    let out = run(example("ch01_byteorder"), &[], "");
    out.assert_success();
    if cfg!(target_endian = "little") {
        assert!(out.stdout.contains(": little-endian\n"), "{}", out.stdout);
        assert!(out.stdout.contains("htons(13) = 0x0d00"), "{}", out.stdout);
        assert!(
            out.stdout
                .contains("the kernel reads those bytes as port 3328"),
            "{}",
            out.stdout
        );
        assert!(
            out.stdout.contains("sin_port=htons(3328)"),
            "{}",
            out.stdout
        );
    } else {
        assert!(out.stdout.contains(": big-endian\n"), "{}", out.stdout);
        assert!(
            out.stdout
                .contains("the kernel reads those bytes as port 13"),
            "{}",
            out.stdout
        );
    }
    assert!(
        out.stdout.contains("ntohs(htons(13)) = 13"),
        "{}",
        out.stdout
    );
}

// ---------------------------------------------------------------------
// Chapters 3–4: address conversion, getsockname
// ---------------------------------------------------------------------

#[test]
fn inet_pton_table_shows_round_trips_and_refusals() {
    let out = run(example("ch03_inet_pton"), &[], "");
    out.assert_success();
    for expected in [
        "inet_pton(AF_INET, \"192.168.1.20\") -> bytes c0 a8 01 14 -> inet_ntop \"192.168.1.20\" -> sock_ntop 192.168.1.20:9877",
        "inet_pton(AF_INET6, \"2001:DB8:0:0:8:800:200C:417A\") -> bytes 20 01 0d b8 00 00 00 00 00 08 08 00 20 0c 41 7a -> inet_ntop \"2001:db8::8:800:200c:417a\"",
        "inet_pton(AF_INET, \"1.2.3\") -> inet_pton: \"1.2.3\" is not a valid AF_INET address",
        "inet_pton(AF_INET, \"localhost\") -> inet_pton: \"localhost\" is not a valid AF_INET address",
        "inet_pton(AF_INET6, \"2001:db8::1::2\") -> inet_pton: \"2001:db8::1::2\" is not a valid AF_INET6 address",
    ] {
        assert!(
            out.stdout.contains(expected),
            "missing {expected:?} in:\n{}",
            out.stdout
        );
    }
}

#[test]
fn inet_pton_converts_one_address_from_the_command_line() {
    let out = run(example("ch03_inet_pton"), &["::1"], "");
    out.assert_success();
    assert_eq!(
        out.stdout,
        "inet_pton(AF_INET6, \"::1\") -> bytes 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 -> inet_ntop \"::1\" -> sock_ntop [::1]:9877\n"
    );
    let out = run(example("ch03_inet_pton"), &["10.0.0.1"], "");
    out.assert_success();
    assert!(
        out.stdout
            .contains("bytes 0a 00 00 01 -> inet_ntop \"10.0.0.1\" -> sock_ntop 10.0.0.1:9877")
    );
}

// ---------------------------------------------------------------------
// Bad input: one line on stderr, exit status 1, no panic
// ---------------------------------------------------------------------

/// (program, arguments, what the one line must contain)
fn bad_input_cases_ch01_ch04() -> Vec<(&'static str, Vec<String>, &'static str)> {
    let (_held, refused) = closed_port();
    let mut cases = Vec::new();
    for cli in ["ch01_daytimetcpcli", "ch01_daytimetcpcli1"] {
        cases.push((cli, vec!["a".into(), "b".into(), "c".into()], "usage:"));
        cases.push((
            cli,
            vec!["127.0.0.1".into(), "70000".into()],
            "not a port number",
        ));
        // inet_pton(AF_INET, …): a dotted IPv4 address only, no name lookup
        cases.push((
            cli,
            vec!["::1".into(), "13".into()],
            "inet_pton: \"::1\" is not a valid AF_INET address",
        ));
        cases.push((
            cli,
            vec!["999.1.1.1".into()],
            "inet_pton: \"999.1.1.1\" is not a valid AF_INET address",
        ));
        cases.push((
            cli,
            vec!["127.0.0.1".into(), refused.clone()],
            "connect: Connection refused (ECONNREFUSED)",
        ));
    }
    cases.push((
        "ch01_daytimetcpcliv6",
        vec!["::1".into(), "1".into(), "x".into()],
        "usage:",
    ));
    cases.push((
        "ch01_daytimetcpcliv6",
        vec!["127.0.0.1".into(), "13".into()],
        "not a valid AF_INET6 address",
    ));
    cases.push((
        "ch01_daytimetcpcliv6",
        vec!["::1".into(), "port".into()],
        "not a port number",
    ));
    for srv in [
        "ch01_daytimetcpsrv",
        "ch01_daytimetcpsrv1",
        "ch01_daytimetcpsrv2",
    ] {
        cases.push((srv, vec!["1313".into(), "extra".into()], "usage:"));
        cases.push((srv, vec!["-1".into()], "not a port number"));
        cases.push((srv, vec!["http".into()], "not a port number"));
    }
    cases.push(("ch01_byteorder", vec!["x".into()], "usage:"));
    cases.push((
        "ch03_inet_pton",
        vec!["10.1.1.256".into()],
        "\"10.1.1.256\" is not a valid AF_INET address",
    ));
    cases.push((
        "ch03_inet_pton",
        vec!["fe80::1::".into()],
        "not a valid AF_INET6 address",
    ));
    cases.push(("ch03_inet_pton", vec!["1".into(), "2".into()], "usage:"));
    cases.push((
        "ch04_getsockname",
        vec!["127.0.0.1".into(), refused.clone()],
        "ECONNREFUSED",
    ));
    cases.push((
        "ch04_getsockname",
        vec!["127.0.0.1".into(), "99999".into()],
        "not a port number",
    ));
    cases.push((
        "ch04_getsockname",
        vec!["a".into(), "1".into(), "b".into()],
        "usage:",
    ));
    cases
}

#[test]
fn bad_input_ch01_to_ch04_is_one_line_and_exit_1() {
    for (program, args, needle) in bad_input_cases_ch01_ch04() {
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(example(program), &argv, "");
        eprintln!("{program} {argv:?}: {}", out.stderr.trim());
        out.assert_one_line_error(needle);
        assert_eq!(out.status.code(), Some(1), "{program} {argv:?}");
    }
}

/// The C twins, written the book's way: usage, `inet_pton error for …`
/// (the book's err_quit), and perror's line for a refused connect. (Their
/// ports go through `atoi`, as the book's constants would: no port
/// checking to test.)
#[test]
fn bad_input_daytime_c_twins_match() {
    let (_held, refused) = closed_port();
    let cases: &[(&str, &[&str], &str)] = &[
        ("ch01_daytimetcpcli", &["a", "b", "c"], "usage:"),
        (
            "ch01_daytimetcpcli",
            &["::1", "13"],
            "inet_pton error for ::1",
        ),
        (
            "ch01_daytimetcpcli",
            &["999.1.1.1"],
            "inet_pton error for 999.1.1.1",
        ),
        (
            "ch01_daytimetcpcli",
            &["127.0.0.1", &refused],
            "connect: Connection refused",
        ),
        ("ch01_daytimetcpsrv", &["1313", "extra"], "usage:"),
    ];
    for (program, args, needle) in cases {
        let out = run(c_twin(program), args, "");
        out.assert_one_line_error(needle);
        assert_eq!(out.status.code(), Some(1), "{program} {args:?}");
    }
}

/// A port another socket listens on: the server's bind fails with
/// EADDRINUSE, one line, exit 1.
#[test]
fn daytime_servers_report_a_port_in_use() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    for srv in [
        "ch01_daytimetcpsrv",
        "ch01_daytimetcpsrv1",
        "ch01_daytimetcpsrv2",
    ] {
        let out = run(example(srv), &[&port], "");
        out.assert_one_line_error("bind: Address already in use (EADDRINUSE)");
    }
}

// ---------------------------------------------------------------------
// Chapter 5: the TCP echo server and its lessons
// ---------------------------------------------------------------------

#[test]
fn echo_rust_pair() {
    let (_server, port) = start_server(example("ch05_tcpserv01"));
    assert_echoes(example("ch05_tcpcli01"), port);
}

#[test]
fn echo_rust_client_against_c_server() {
    let (_server, port) = start_server(c_twin("ch05_tcpserv01"));
    assert_echoes(example("ch05_tcpcli01"), port);
}

#[test]
fn echo_c_client_against_rust_server() {
    let (_server, port) = start_server(example("ch05_tcpserv01"));
    assert_echoes(c_twin("ch05_tcpcli01"), port);
}

/// Long lines (more than MAXLINE - 1 bytes) go out in pieces, as with
/// fgets, and still come back whole.
#[test]
fn echo_of_a_line_longer_than_maxline() {
    let (_server, port) = start_server(example("ch05_tcpserv01"));
    let long = format!("{}\n", "x".repeat(10_000));
    for client in [example("ch05_tcpcli01"), c_twin("ch05_tcpcli01")] {
        let out = run_client(client, port, &long);
        out.assert_success();
        assert_eq!(out.stdout, long);
    }
}

/// A last line without a newline comes back too (the client waits for
/// exactly as many bytes as it sent, not for a newline that never comes).
#[test]
fn echo_of_a_last_line_without_newline() {
    let (_server, port) = start_server(example("ch05_tcpserv01"));
    for client in [example("ch05_tcpcli01"), c_twin("ch05_tcpcli01")] {
        let out = run_client(client, port, "one\nno newline");
        out.assert_success();
        assert_eq!(out.stdout, "one\nno newline");
    }
    // (ch05_tcpcli08 is the book's str_cli: its server answers whole lines
    // only, so a last line without a newline waits, as in the book.)
}

/// tcpserv01 never waits for its children: each client leaves a zombie.
#[test]
fn tcpserv01_leaves_a_zombie_per_client() {
    for server_program in [example("ch05_tcpserv01"), c_twin("ch05_tcpserv01")] {
        let (server, port) = start_server(server_program);
        assert_echoes(example("ch05_tcpcli01"), port);
        assert_echoes(example("ch05_tcpcli01"), port);
        wait_until_no_live_children(server.pid());
        let zombies: Vec<_> = children_of(server.pid())
            .into_iter()
            .filter(|(_, s)| *s == 'Z')
            .collect();
        assert_eq!(zombies.len(), 2, "{zombies:?}");
    }
}

/// Section 5.12: kill the server's child; the client's next line gets
/// "server terminated prematurely" (readline sees the child's FIN).
#[test]
fn client_reports_server_terminated_prematurely() {
    for (client, server_program) in [
        (example("ch05_tcpcli01"), example("ch05_tcpserv01")),
        (c_twin("ch05_tcpcli01"), c_twin("ch05_tcpserv01")),
    ] {
        let (server, port) = start_server(server_program);
        let mut cli = Interactive::start(client, &["127.0.0.1", &port.to_string()]);
        cli.send("first\n");
        assert_eq!(cli.line(Duration::from_secs(5)).as_deref(), Some("first"));
        let child = wait_for_live_children(server.pid(), 1);
        let killed = Command::new("kill")
            .args(["-KILL", &child[0].to_string()])
            .status();
        assert!(killed.is_ok_and(|s| s.success()));
        wait_until_no_live_children(server.pid());
        cli.send("second\n");
        let out = cli.finish(RUN_TIMEOUT);
        out.assert_one_line_error("str_cli: server terminated prematurely");
        assert_eq!(out.status.code(), Some(1));
    }
}

/// The correct server: five children end at once, all five are reaped
/// (five "terminated" lines), no zombie remains, and it still serves.
#[test]
fn tcpserv04_reaps_all_five_children() {
    let (mut server, port) = start_server(example("ch05_tcpserv04"));
    burst_of_five(server.pid(), port);
    let zombies = zombies_after(server.pid(), 0, Duration::from_secs(5));
    assert!(zombies.is_empty(), "zombies left: {zombies:?}");
    let lines = server.drain(Duration::from_millis(300));
    let terminated = lines
        .iter()
        .filter(|l| l.starts_with("child ") && l.ends_with(" terminated"))
        .count();
    assert_eq!(terminated, 5, "{lines:?}");
    assert_echoes(example("ch05_tcpcli01"), port);
}

/// wait() once per signal: what is deterministic is that each of the five
/// children was either reaped (and printed) or is a zombie, that at least
/// one was reaped, and that the server still serves. How many signals the
/// kernel merged — so how many zombies — depends on timing.
#[test]
fn tcpserv02_reaps_one_child_per_signal() {
    let (mut server, port) = start_server(example("ch05_tcpserv02"));
    burst_of_five(server.pid(), port);
    let deadline = Instant::now() + Duration::from_secs(5);
    let (reaped, zombies) = loop {
        let lines = server.drain(Duration::from_millis(100)).to_vec();
        let reaped = lines.iter().filter(|l| l.ends_with(" terminated")).count();
        let zombies = children_of(server.pid())
            .iter()
            .filter(|(_, s)| *s == 'Z')
            .count();
        if reaped + zombies == 5 || Instant::now() >= deadline {
            break (reaped, zombies);
        }
    };
    assert_eq!(reaped + zombies, 5, "reaped {reaped}, zombies {zombies}");
    assert!(reaped >= 1, "the handler never ran");
    assert_echoes(example("ch05_tcpcli01"), port);
    let out = server.stop();
    assert!(
        !out.stderr.contains("EINTR"),
        "SA_RESTART should hide EINTR: {}",
        out.stderr
    );
}

/// Without SA_RESTART, accept fails with EINTR when a child ends; the
/// server says so on stderr and keeps serving.
#[test]
fn tcpserv03_survives_eintr() {
    let (mut server, port) = start_server(example("ch05_tcpserv03"));
    burst_of_five(server.pid(), port);
    server.wait_for_line("terminated", Duration::from_secs(5));
    assert_echoes(example("ch05_tcpcli01"), port); // still serving
    assert!(!has_exited(server.pid()), "server exited");
    let out = server.stop();
    assert!(
        out.stderr.contains(
            "accept: Interrupted system call (EINTR): a signal handler ran; calling accept again"
        ),
        "no EINTR report on stderr: {:?}",
        out.stderr
    );
}

#[test]
fn tsigpipe_dies_of_sigpipe_with_the_default_action() {
    let out = run(example("ch05_tsigpipe"), &[], "");
    assert!(!out.timed_out);
    assert_eq!(out.status.signal(), Some(libc_sigpipe()), "{out:?}");
    assert!(
        out.stdout
            .contains("read returned 0: the peer closed the connection"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("first write: 6 bytes accepted"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("second write succeeded"),
        "{}",
        out.stdout
    );
    assert_eq!(out.stderr, "", "SIGPIPE kills silently");
}

#[test]
fn tsigpipe_with_ignore_reports_epipe() {
    let out = run(example("ch05_tsigpipe"), &["--ignore"], "");
    out.assert_one_line_error("write: Broken pipe (EPIPE)");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stdout.contains("second write: SIGPIPE is ignored"),
        "{}",
        out.stdout
    );
}

/// The same against a real server that closes by itself: the daytime server.
#[test]
fn tsigpipe_against_the_daytime_server() {
    let (_server, port) = start_server(example("ch01_daytimetcpsrv"));
    let out = run_client(example("ch05_tsigpipe"), port, "");
    assert_eq!(out.status.signal(), Some(libc_sigpipe()), "{out:?}");
    let out = run(
        example("ch05_tsigpipe"),
        &["--ignore", "127.0.0.1", &port.to_string()],
        "",
    );
    out.assert_one_line_error("write: Broken pipe (EPIPE)");
}

fn libc_sigpipe() -> i32 {
    socklab::SIGPIPE
}

#[test]
fn tcpserv08_adds_text_numbers_and_survives_bad_lines() {
    let (mut server, port) = start_server(example("ch05_tcpserv08"));
    let input = "11 22\n-22 -77\n  5   6  \n1 two\n\n1 2 3\n9223372036854775807 1\n-9223372036854775808 -1\n\u{e9}\n40 2\n";
    let out = run_client(example("ch05_tcpcli08"), port, input);
    out.assert_success();
    let need_two = "input error: need two integers, e.g. \"11 22\"";
    let overflow = "input error: the sum does not fit in 64 bits";
    let expected = [
        "33", "-99", "11", need_two, need_two, need_two, overflow, overflow, need_two, "42",
    ];
    assert_eq!(out.stdout.lines().collect::<Vec<_>>(), expected);

    // Bytes that are not UTF-8, and a line longer than the server's buffer.
    let mut raw = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    raw.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    raw.write_all(b"\xff\xfe 1\n").expect("write");
    let mut reply = BufReader::new(raw.try_clone().expect("clone"));
    let mut line = String::new();
    reply.read_line(&mut line).expect("reply");
    assert_eq!(line, "input error: the line is not text (UTF-8)\n");
    drop(raw);
    assert!(!has_exited(server.pid()));
    let out = run_client(example("ch05_tcpcli08"), port, "1 1\n");
    assert_eq!(out.stdout, "2\n");
    let zombies = zombies_after(server.pid(), 0, Duration::from_secs(5));
    assert!(zombies.is_empty(), "{zombies:?}");
    let _ = server.drain(Duration::from_millis(50));
}

#[test]
fn tcpserv09_adds_binary_numbers_and_the_client_skips_bad_lines() {
    let (_server, port) = start_server(example("ch05_tcpserv09"));
    let input = "11 22\neleven 22\n-22 -77\n\n9223372036854775807 1\n1 2 3\n40 2\n";
    let out = run_client(example("ch05_tcpcli09"), port, input);
    out.assert_success();
    assert_eq!(
        out.stdout, "33\n-99\n-9223372036854775808\n42\n",
        "stderr: {}",
        out.stderr
    );
    let complaints: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(
        complaints,
        [
            "invalid input \"eleven 22\": need two integers, e.g. \"11 22\"",
            "invalid input \"\": need two integers, e.g. \"11 22\"",
            "invalid input \"1 2 3\": need two integers, e.g. \"11 22\"",
        ]
    );
}

/// --swap plays a host of the other byte order: small positive numbers
/// survive (no carry crosses a byte), negative ones do not.
#[test]
fn tcpcli09_swap_shows_the_byte_order_trap() {
    let (_server, port) = start_server(example("ch05_tcpserv09"));
    let out = run(
        example("ch05_tcpcli09"),
        &["--swap", "127.0.0.1", &port.to_string()],
        "1 2\n-22 -77\n",
    );
    out.assert_success();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", out.stdout);
    assert!(lines[0].starts_with("sending in the other byte order"));
    assert_eq!(lines[1], "3");
    assert_eq!(
        lines[2],
        (-22i64)
            .swap_bytes()
            .wrapping_add((-77i64).swap_bytes())
            .swap_bytes()
            .to_string()
    );
    assert_ne!(lines[2], "-99");
}

/// A request cut short (5 of 16 bytes, then close) costs one stderr line
/// in that child; the server goes on.
#[test]
fn tcpserv09_survives_a_short_request() {
    let (server, port) = start_server(example("ch05_tcpserv09"));
    let mut raw = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    raw.write_all(b"abcde").expect("write");
    drop(raw);
    let zombies = zombies_after(server.pid(), 0, Duration::from_secs(5));
    assert!(zombies.is_empty(), "{zombies:?}");
    let out = run_client(example("ch05_tcpcli09"), port, "2 3\n");
    assert_eq!(out.stdout, "5\n");
    let mut server = server;
    let out = server.stop();
    assert!(
        out.stderr
            .contains("str_echo: short request (5 of 16 bytes): client closed mid-request"),
        "{:?}",
        out.stderr
    );
}

// ---------------------------------------------------------------------
// Chapter 5: bad input
// ---------------------------------------------------------------------

#[test]
fn bad_input_ch05_is_one_line_and_exit_1() {
    let (_held, refused) = closed_port();
    let mut cases: Vec<(&str, Vec<&str>, &str)> = Vec::new();
    for cli in [
        "ch05_tcpcli01",
        "ch05_tcpcli04",
        "ch05_tcpcli08",
        "ch05_tcpcli09",
    ] {
        cases.push((cli, vec!["a", "1", "b"], "usage:"));
        cases.push((cli, vec!["127.0.0.1", "65536"], "not a port number"));
        cases.push((cli, vec!["::1", "9877"], "not a valid AF_INET address"));
        cases.push((
            cli,
            vec!["127.0.0.1", &refused],
            "connect: Connection refused (ECONNREFUSED)",
        ));
    }
    cases.push((
        "ch05_tcpcli09",
        vec!["--swap", "127.0.0.1", &refused],
        "ECONNREFUSED",
    ));
    cases.push(("ch05_tcpcli09", vec!["--swap", "a", "1", "b"], "usage:"));
    for srv in [
        "ch05_tcpserv01",
        "ch05_tcpserv02",
        "ch05_tcpserv03",
        "ch05_tcpserv04",
        "ch05_tcpserv08",
        "ch05_tcpserv09",
    ] {
        cases.push((srv, vec!["1", "2"], "usage:"));
        cases.push((srv, vec!["port"], "not a port number"));
    }
    cases.push(("ch05_tsigpipe", vec!["127.0.0.1"], "usage:"));
    cases.push((
        "ch05_tsigpipe",
        vec!["--ignore", "127.0.0.1", "x"],
        "not a port number",
    ));
    cases.push(("ch05_tsigpipe", vec!["127.0.0.1", &refused], "ECONNREFUSED"));
    for (program, args, needle) in &cases {
        let out = run(example(program), args, "");
        out.assert_one_line_error(needle);
        assert_eq!(out.status.code(), Some(1), "{program} {args:?}");
    }
    // The C twins, the book's way: ports through atoi (nothing to
    // check), the book's "inet_pton error for …", perror's line (no errno
    // name: it stops before "(ECONNREFUSED)").
    let c_cases: &[(&str, &[&str], &str)] = &[
        ("ch05_tcpcli01", &["a", "1", "b"], "usage:"),
        ("ch05_tcpcli01", &["::1", "9877"], "inet_pton error for ::1"),
        (
            "ch05_tcpcli01",
            &["127.0.0.1", &refused],
            "connect: Connection refused",
        ),
        ("ch05_tcpserv01", &["1", "2"], "usage:"),
    ];
    for (program, args, needle) in c_cases {
        let out = run(c_twin(program), args, "");
        out.assert_one_line_error(needle);
        assert_eq!(out.status.code(), Some(1), "{program} {args:?}");
    }
}

#[test]
fn ch05_servers_report_a_port_in_use() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    for srv in [
        "ch05_tcpserv01",
        "ch05_tcpserv02",
        "ch05_tcpserv03",
        "ch05_tcpserv04",
        "ch05_tcpserv08",
        "ch05_tcpserv09",
    ] {
        let out = run(example(srv), &[&port], "");
        out.assert_one_line_error("bind: Address already in use (EADDRINUSE)");
    }
    run(c_twin("ch05_tcpserv01"), &[&port], "")
        .assert_one_line_error("bind: Address already in use");
}
