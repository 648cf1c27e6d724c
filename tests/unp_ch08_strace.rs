//! strace parity for the chapter-8 C twins: `ch08_udpserv01` and
//! `ch08_udpcli01`, in C (`docs/c/`) and in Rust (`examples/`), run through
//! the same exchange under real strace, make the same system calls in the
//! same order with the same arguments and results.
//!
//! What is normalised, and why: the server's port (each run picks a free
//! one) becomes `$PORT`, the client's ephemeral port `$EPHEMERAL`, memory
//! addresses `0x…`, strace's column padding one space. What is left out:
//! everything before the first `socket(` (the Rust runtime's start-up and
//! the C library's, which differ) and `read(0, …)` on standard input (the
//! C library's stdin buffer is 4096 bytes, Rust's 8192 — not a socket call).
//! Without strace the test prints SKIPPED (and fails under `CI=true`).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;
use socklab::SOCK_DGRAM;

/// The calls compared.
const CALLS: &str = "socket,bind,connect,setsockopt,getsockopt,sendto,recvfrom,read,write,close";

/// `strace -o FILE -e trace=CALLS PROGRAM` as an argument list.
fn strace_args(file: &Path, program: &Path) -> Vec<String> {
    vec![
        "-o".into(),
        file.display().to_string(),
        "-e".into(),
        format!("trace={CALLS}"),
        program.display().to_string(),
    ]
}

/// Runs the server and one client, both under strace; returns the two
/// normalised traces (server, client).
fn exchange(server: &Path, client: &Path, world: &str) -> (Vec<String>, Vec<String>) {
    let dir = target_dir().join("unp-strace");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let server_file = dir.join(format!("udp-echo-{world}-server.strace"));
    let client_file = dir.join(format!("udp-echo-{world}-client.strace"));

    let port = free_port(SOCK_DGRAM).to_string();
    let mut args = strace_args(&server_file, server);
    args.extend([port.clone(), "127.0.0.1".into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut srv = Server::start("strace", &args, "udpserv01: UDP echo server on 127.0.0.1:");

    let mut args = strace_args(&client_file, client);
    args.extend(["127.0.0.1".into(), port.clone()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run("strace", &args, "hello\nworld\n");
    out.assert_success();
    assert_eq!(out.stdout, "hello\nworld\n", "{world}: {}", out.stderr);

    // End the traced server with SIGTERM so strace writes its last line
    // and exits by itself.
    for (pid, _) in children_of(srv.pid()) {
        let _ = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .stderr(Stdio::null())
            .status();
    }
    srv.wait_exit(Duration::from_secs(10));

    (
        normalise(&server_file, &port),
        normalise(&client_file, &port),
    )
}

/// The trace from the first `socket(` on, with run-specific values replaced.
fn normalise(file: &PathBuf, port: &str) -> Vec<String> {
    let text = std::fs::read_to_string(file).expect("read strace output");
    let mut out = Vec::new();
    let mut started = false;
    for line in text.lines() {
        started |= line.starts_with("socket(");
        if !started
            || line.starts_with("+++")
            || line.starts_with("---")
            || line.starts_with("read(0,")
        {
            continue;
        }
        if line.starts_with("write(1, \"udpserv01: ") {
            // The ready line, cut by strace after 32 bytes; its length
            // depends on the port's digits.
            out.push(String::from("write(1, \"udpserv01: …\", …) = …"));
            continue;
        }
        let l = line.replace(&format!("htons({port})"), "htons($PORT)");
        out.push(squeeze(&replace_numbers_after(&l)));
    }
    out
}

/// `htons(N)` (other than $PORT) -> `htons($EPHEMERAL)`; `0x…` addresses.
fn replace_numbers_after(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find("htons(") {
        out.push_str(&rest[..i + 6]);
        rest = &rest[i + 6..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 {
            out.push_str("$EPHEMERAL");
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    // Memory addresses: 0x7ffd... -> 0x…
    let mut clean = String::new();
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '0' && chars.peek() == Some(&'x') {
            chars.next();
            while chars.peek().is_some_and(char::is_ascii_hexdigit) {
                chars.next();
            }
            clean.push_str("0x…");
        } else {
            clean.push(c);
        }
    }
    clean
}

/// strace pads before ` = `; one space is enough.
fn squeeze(line: &str) -> String {
    match line.rsplit_once(" = ") {
        Some((call, result)) => format!("{} = {result}", call.trim_end()),
        None => line.trim_end().to_string(),
    }
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

    // Guard: the traces contain the exchange (an empty trace would compare equal).
    let want_client = [
        "socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3",
        "sendto(3, \"hello\\n\", 6, 0, {sa_family=AF_INET, sin_port=htons($PORT), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 6",
        "recvfrom(3, \"hello\\n\", 4096, 0, NULL, NULL) = 6",
        "write(1, \"hello\\n\", 6) = 6",
        "close(3) = 0",
    ];
    for want in want_client {
        assert!(
            c_client.iter().any(|l| l == want),
            "C client trace lacks {want:?}:\n{}",
            c_client.join("\n")
        );
    }
    assert!(
        c_server
            .iter()
            .any(|l| l.starts_with("recvfrom(3, \"world\\n\", 4096, 0, {sa_family=AF_INET")),
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
