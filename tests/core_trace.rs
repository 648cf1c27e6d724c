//! Trace mode: strace's quoting of buffers and names (tested directly),
//! and the lines a real process prints with `SOCKLAB_TRACE=1` (this test
//! binary runs its own `trace_probe` test as a subprocess, with trace mode
//! on, and compares stderr with the lines strace would show).
//! Trace lines after `fork` (`[pid N]`) are covered by tests/tour.rs.
mod common;

use std::process::Command;

use socklab::trace::{Quoted, family_name, signal_name};
use socklab::*;

type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

#[test]
fn quoted_escapes_like_strace() {
    let q = |b: &[u8]| Quoted::new(b).to_string();
    assert_eq!(q(b""), r#""""#);
    assert_eq!(q(b"hello"), r#""hello""#);
    assert_eq!(q(b"a\"b\\c"), r#""a\"b\\c""#);
    assert_eq!(q(b"\t\n\x0b\x0c\r"), r#""\t\n\v\f\r""#);
    // octal, as short as possible — unless a digit follows
    assert_eq!(q(b"\0"), r#""\0""#);
    assert_eq!(q(b"\x01a"), r#""\1a""#);
    assert_eq!(q(b"\x011"), r#""\0011""#);
    assert_eq!(q(b"\xff\x7f"), r#""\377\177""#);
    assert_eq!(q("é".as_bytes()), r#""\303\251""#);
}

#[test]
fn quoted_cuts_buffers_after_32_bytes_but_not_paths() {
    let long = [b'x'; 40];
    assert_eq!(
        Quoted::new(&long).to_string(),
        format!("\"{}\"...", "x".repeat(32))
    );
    assert_eq!(
        Quoted::new(&long[..32]).to_string(),
        format!("\"{}\"", "x".repeat(32)),
        "exactly 32 bytes: no ..."
    );
    assert_eq!(
        Quoted::all(&long).to_string(),
        format!("\"{}\"", "x".repeat(40))
    );
}

#[test]
fn constants_print_by_their_c_names() {
    assert_eq!(family_name(AF_INET).to_string(), "AF_INET");
    assert_eq!(family_name(AF_INET6).to_string(), "AF_INET6");
    assert_eq!(family_name(AF_LOCAL).to_string(), "AF_UNIX");
    assert_eq!(family_name(12345).to_string(), "12345");
    assert_eq!(signal_name(SIGCHLD).to_string(), "SIGCHLD");
    assert_eq!(signal_name(SIGPIPE).to_string(), "SIGPIPE");
}

const PROBE: &str = "SOCKLAB_CORE_TRACE_PROBE";

/// Runs in the subprocess only (with trace mode on): makes a few calls
/// and prints, on stdout, the numbers the parent needs to predict the
/// trace lines.
#[test]
fn trace_probe() -> TestResult {
    if std::env::var_os(PROBE).is_none() {
        return Ok(()); // only meaningful as the subprocess
    }
    assert!(
        trace::enabled(),
        "SOCKLAB_TRACE=1 did not turn trace mode on"
    );
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    listen(&listenfd, 5)?;
    let port = getsockname(&listenfd)?.inet_port()?;
    let l = listenfd.as_raw_fd();
    close(listenfd)?; // the port is closed now
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let refused = connect(&sockfd, &sockaddr_in::new(INADDR_LOOPBACK, port));
    assert!(refused.is_err());
    assert!(parse_port("70000").is_err()); // no system call: no line
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    write(&a, b"hi\n")?;
    let mut buf = [0u8; 16];
    read(&b, &mut buf)?;
    trace::disable();
    let silent = socket(AF_INET, SOCK_DGRAM, 0)?;
    trace::enable();
    let err = recv(&b, &mut buf, MSG_DONTWAIT).unwrap_err();
    assert_eq!(err.errno(), Some(Errno::EAGAIN));
    // (after libtest's "test trace_probe ... " on the same line)
    println!(
        "FACT {l} {} {port} {} {} {}",
        sockfd.as_raw_fd(),
        a.as_raw_fd(),
        b.as_raw_fd(),
        silent.as_raw_fd()
    );
    Ok(()) // drops close silent, b, a, sockfd: traced, in that order
}

#[test]
fn trace_mode_prints_each_call_in_strace_syntax() -> TestResult {
    let exe = std::env::current_exe()?;
    let out = common::output_within(
        Command::new(exe)
            .args(["--exact", "trace_probe", "--nocapture", "--test-threads=1"])
            .env("SOCKLAB_TRACE", "1")
            .env(PROBE, "1"),
    );
    let (stdout, stderr) = (&out.stdout, &out.stderr);
    assert!(out.status.success(), "probe failed:\n{stdout}\n{stderr}");
    let facts: Vec<i64> = stdout
        .lines()
        .find_map(|l| l.split_once("FACT ").map(|(_, facts)| facts))
        .ok_or_else(|| format!("no FACT line in:\n{stdout}"))?
        .split_whitespace()
        .map(str::parse)
        .collect::<std::result::Result<_, _>>()?;
    let [l, s, port, a, b, silent] = facts[..] else {
        return Err(format!("bad FACT line: {facts:?}").into());
    };
    let sin = |port| {
        format!(r#"{{sa_family=AF_INET, sin_port=htons({port}), sin_addr=inet_addr("127.0.0.1")}}"#)
    };
    let expected = [
        format!("socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = {l}"),
        format!("bind({l}, {}, 16) = 0", sin(0)),
        format!("listen({l}, 5) = 0"),
        format!("getsockname({l}, {}, [128 => 16]) = 0", sin(port)),
        format!("close({l}) = 0"),
        format!("socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = {s}"),
        format!(
            "connect({s}, {}, 16) = -1 ECONNREFUSED (Connection refused)",
            sin(port)
        ),
        format!("socketpair(AF_UNIX, SOCK_STREAM, 0, [{a}, {b}]) = 0"),
        format!(r#"write({a}, "hi\n", 3) = 3"#),
        format!(r#"read({b}, "hi\n", 16) = 3"#),
        format!(
            "recvfrom({b}, {{ptr}}, 16, MSG_DONTWAIT, NULL, NULL) = -1 EAGAIN (Resource temporarily unavailable)"
        ),
        // made while trace mode was off, closed (on drop) while on
        format!("close({silent}) = 0"),
        format!("close({b}) = 0"),
        format!("close({a}) = 0"),
        format!("close({s}) = 0"),
    ];
    // Trace lines are the stderr lines that are not the harness's own.
    let lines: Vec<&str> = stderr.lines().filter(|l| l.contains(") = ")).collect();
    assert_eq!(
        lines.len(),
        expected.len(),
        "one line per system call, none for parse_port or while disabled:\n{stderr}"
    );
    for (got, want) in lines.iter().zip(&expected) {
        match want.split_once("{ptr}") {
            // read into a buffer that stayed empty: strace shows its address
            Some((head, tail)) => assert!(
                got.starts_with(head) && got.ends_with(tail),
                "got  {got}\nwant {want}"
            ),
            None => assert_eq!(got, want),
        }
    }
    Ok(())
}
