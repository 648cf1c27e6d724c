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

use std::io::Write;
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
/// port and ready (it printed "listening on port").
fn start_server(program: std::path::PathBuf) -> (Server, u16) {
    start_on_free_port(
        program,
        SOCK_STREAM,
        |p| vec![p.to_string()],
        "listening on port",
    )
}

/// Like [`start_server`], with environment variables (SOCKLAB_TRACE=1).
/// Retries on a port another test took in the meantime.
fn start_server_env(program: &str, env: &[(&str, &str)]) -> (Server, u16) {
    for _ in 0..5 {
        let port = free_port(SOCK_STREAM);
        let mut server = Server::start_env(example(program), &[&port.to_string()], "", env);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if server
                .drain(Duration::from_millis(20))
                .iter()
                .any(|l| l.contains("listening on port"))
            {
                return (server, port);
            }
            if has_exited(server.pid()) {
                break;
            }
        }
        let out = server.stop();
        assert!(
            out.stderr.contains("in use"),
            "{program} did not start: {}",
            out.stderr
        );
    }
    panic!("{program}: no free port after 5 attempts");
}

/// A port nothing listens on (a moment ago): connecting gets ECONNREFUSED.
fn closed_port() -> String {
    free_port(SOCK_STREAM).to_string()
}

/// The effective uid, from /proc (no unsafe needed).
fn euid() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Uid:"))?;
    line.split_whitespace().nth(2)?.parse().ok()
}

// ---------------------------------------------------------------------
// Chapter 1: daytime
// ---------------------------------------------------------------------

#[test]
fn daytime_client_reads_the_servers_line() {
    let (_server, port) = start_server(example("ch01_daytimetcpsrv"));
    let out = run(
        example("ch01_daytimetcpcli"),
        &["127.0.0.1", &port.to_string()],
        "",
    );
    assert_daytime_answer(&out);
}

#[test]
fn daytime_rust_client_against_c_server() {
    let (_server, port) = start_server(c_twin("ch01_daytimetcpsrv"));
    let out = run(
        example("ch01_daytimetcpcli"),
        &["127.0.0.1", &port.to_string()],
        "",
    );
    assert_daytime_answer(&out);
}

#[test]
fn daytime_c_client_against_rust_server() {
    let (_server, port) = start_server(example("ch01_daytimetcpsrv"));
    let out = run(
        c_twin("ch01_daytimetcpcli"),
        &["127.0.0.1", &port.to_string()],
        "",
    );
    assert_daytime_answer(&out);
}

#[test]
fn daytime_server_serves_clients_one_after_another() {
    let (_server, port) = start_server(example("ch01_daytimetcpsrv"));
    for _ in 0..3 {
        let out = run(
            example("ch01_daytimetcpcli"),
            &["127.0.0.1", &port.to_string()],
            "",
        );
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
    for program in [example("ch01_daytimetcpsrv"), c_twin("ch01_daytimetcpsrv")] {
        let program = program.display().to_string();
        let out = match euid() {
            Some(0) => run(
                "setpriv",
                &["--reuid=65534", "--regid=65534", "--clear-groups", &program],
                "",
            ),
            _ => run(&program, &[], ""),
        };
        if out.stderr.starts_with("setpriv") {
            eprintln!(
                "SKIPPED: cannot run {program} as nobody: {}",
                out.stderr.trim()
            );
            return;
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
    let out = run(
        example("ch04_getsockname"),
        &["127.0.0.1", &port.to_string()],
        "",
    );
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
    let (mut server, port) = start_server_env("ch01_daytimetcpsrv2", &trace);
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
    let out = run(
        example("ch01_daytimetcpcli1"),
        &["127.0.0.1", &port.to_string()],
        "",
    );
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
    let refused = closed_port();
    let mut cases = Vec::new();
    for cli in ["ch01_daytimetcpcli", "ch01_daytimetcpcli1"] {
        cases.push((cli, vec!["a".into(), "b".into(), "c".into()], "usage:"));
        cases.push((
            cli,
            vec!["127.0.0.1".into(), "70000".into()],
            "not a port number",
        ));
        cases.push((cli, vec!["::1".into(), "13".into()], "is an IPv6 address"));
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

#[test]
fn bad_input_daytime_c_twins_match() {
    let refused = closed_port();
    let cases: &[(&str, &[&str], &str)] = &[
        ("ch01_daytimetcpcli", &["a", "b", "c"], "usage:"),
        (
            "ch01_daytimetcpcli",
            &["127.0.0.1", "70000"],
            "not a port number",
        ),
        ("ch01_daytimetcpcli", &["::1", "13"], "is an IPv6 address"),
        (
            "ch01_daytimetcpcli",
            &["127.0.0.1", &refused],
            "connect: Connection refused",
        ),
        ("ch01_daytimetcpsrv", &["1313", "extra"], "usage:"),
        ("ch01_daytimetcpsrv", &["http"], "not a port number"),
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
