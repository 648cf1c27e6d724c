//! UNP chapter 24, out-of-band data: each receiver prints the sequence
//! the book shows for its sender, Rust and C in every mix. The tests pace
//! the senders themselves — `--paced`: a line on the sender's standard
//! input per step, sent once the receiver has printed what the previous
//! step must produce, or once `/proc/net/tcp` shows the bytes have
//! arrived — so the sequences do not depend on timing. The heartbeat pair
//! detects a peer that stops answering (SIGSTOP) within its bound.
mod common;

use std::time::{Duration, Instant};

use common::*;
use socklab::SOCK_STREAM;

const LINE: Duration = Duration::from_secs(10);

/// `name` (a receiver taking `[args…] port`) of `twin`, on a free port.
fn receiver(twin: Twin, name: &str, args: &[&str]) -> (Server, u16) {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    start_on_free_port(
        twin.bin(name),
        SOCK_STREAM,
        move |port| {
            let mut v = args.clone();
            v.push(port.to_string());
            v
        },
        "listening on ",
    )
}

/// What a receiver printed after its "listening on" line.
fn after_ready(out: &Output) -> Vec<String> {
    out.stdout
        .lines()
        .filter(|l| !l.starts_with("listening on "))
        .map(String::from)
        .collect()
}

/// The `/proc/net/tcp` lines (IPv4) with local or remote port `port`:
/// (local port, remote port, state, tx_queue, rx_queue).
fn tcp_entries(port: u16) -> Vec<(u16, u16, u8, u32, u32)> {
    let text = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
    let hex_port = |a: &str| {
        a.rsplit_once(':')
            .and_then(|(_, p)| u16::from_str_radix(p, 16).ok())
    };
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let (local, remote) = (hex_port(f.get(1)?)?, hex_port(f.get(2)?)?);
            let state = u8::from_str_radix(f.get(3)?, 16).ok()?;
            let (tx, rx) = f.get(4)?.split_once(':')?;
            let tx = u32::from_str_radix(tx, 16).ok()?;
            let rx = u32::from_str_radix(rx, 16).ok()?;
            Some((local, remote, state, tx, rx))
        })
        .filter(|e| e.0 == port || e.1 == port)
        .collect()
}

const ESTABLISHED: u8 = 0x01;
const CLOSE_WAIT: u8 = 0x08;

/// Waits until `cond` holds of the connection entries of `port`.
fn wait_until(port: u16, what: &str, cond: impl Fn(&[(u16, u16, u8, u32, u32)]) -> bool) {
    let deadline = Instant::now() + LINE;
    loop {
        let e = tcp_entries(port);
        if cond(&e) {
            return;
        }
        assert!(Instant::now() < deadline, "never {what}: {e:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Drives `ch24_tcpsend01 --paced` against `receiver`, one step at a
/// time: each `(line, …)` is what the receiver must print before the
/// next step is sent. Returns the receiver's output.
fn drive_send01(client: Twin, server: Twin, receiver_name: &str, steps: &[&str]) -> Output {
    let (mut recv, port) = receiver(server, receiver_name, &[]);
    let port_s = port.to_string();
    let mut send = Interactive::start(
        client.bin("ch24_tcpsend01"),
        &["--paced", "127.0.0.1", &port_s],
    );
    for want in steps {
        recv.wait_for_line(want, LINE);
        send.send("\n");
    }
    let sent = send.finish(LINE);
    assert!(
        sent.status.success() && !sent.timed_out,
        "sender ({client:?}): {sent:?}"
    );
    let out = recv.wait_exit(LINE);
    assert!(
        out.status.success() && !out.timed_out,
        "{receiver_name} ({server:?}): {out:?}"
    );
    out
}

/// The book's output for tcprecv01 (§24.2).
const RECV01: &[&str] = &[
    "read 3 bytes: 123",
    "SIGURG received",
    "read 1 OOB byte: 4",
    "read 2 bytes: 56",
    "SIGURG received",
    "read 1 OOB byte: 7",
    "read 2 bytes: 89",
    "received EOF",
];

/// tcprecv03's (and, on Linux, tcprecv02's) output.
const RECV03: &[&str] = &[
    "read 3 bytes: 123",
    "read 1 OOB byte: 4",
    "read 2 bytes: 56",
    "read 1 OOB byte: 7",
    "read 2 bytes: 89",
    "received EOF",
];

#[test]
fn sigurg_receiver_prints_the_books_sequence() {
    for (client, server) in TWIN_PAIRS {
        let steps = [
            "read 3 bytes: 123",
            "read 1 OOB byte: 4",
            "read 2 bytes: 56",
            "read 1 OOB byte: 7",
            "read 2 bytes: 89",
        ];
        let out = drive_send01(client, server, "ch24_tcprecv01", &steps);
        assert_eq!(after_ready(&out), RECV01, "{client:?} -> {server:?}");
    }
}

#[test]
fn select_receivers_print_the_corrected_sequence() {
    let steps = [
        "read 3 bytes: 123",
        "read 1 OOB byte: 4",
        "read 2 bytes: 56",
        "read 1 OOB byte: 7",
        "read 2 bytes: 89",
    ];
    for name in ["ch24_tcprecv03", "ch24_tcprecv02"] {
        for (client, server) in TWIN_PAIRS {
            let out = drive_send01(client, server, name, &steps);
            assert_eq!(
                after_ready(&out),
                RECV03,
                "{name}: {client:?} -> {server:?}"
            );
        }
    }
}

/// An inline receiver started with `--paced` and driven by hand: the
/// sender runs to completion, the test waits until the receiver's socket
/// has everything (CLOSE_WAIT: the FIN after the data arrived), then lets
/// it read.
fn inline(client: Twin, server: Twin, sender: &str, receiver_name: &str) -> Vec<String> {
    let mut recv = None;
    for _ in 0..5 {
        let port = free_port(SOCK_STREAM);
        let port_s = port.to_string();
        let r = Interactive::start(server.bin(receiver_name), &["--paced", &port_s]);
        match r.line(LINE) {
            Some(l) if l.starts_with("listening on ") => {
                recv = Some((r, port));
                break;
            }
            _ => continue, // lost the port to another test: again
        }
    }
    let (mut recv, port) = recv.expect("the receiver never listened");
    let port_s = port.to_string();
    let sent = run(client.bin(sender), &["127.0.0.1", &port_s], "");
    sent.assert_success();
    wait_until(port, "received everything", |e| {
        e.iter().any(|x| x.0 == port && x.2 == CLOSE_WAIT)
    });
    recv.send("\n");
    let mut lines = Vec::new();
    while let Some(l) = recv.line(LINE) {
        let done = l == "received EOF";
        lines.push(l);
        if done {
            break;
        }
    }
    let out = recv.finish(LINE);
    assert!(
        out.status.success(),
        "{receiver_name} ({server:?}): {out:?}"
    );
    lines
}

#[test]
fn inline_read_stops_at_the_mark() {
    for (client, server) in TWIN_PAIRS {
        assert_eq!(
            inline(client, server, "ch24_tcpsend04", "ch24_tcprecv04"),
            [
                "read 3 bytes: 123",
                "at OOB mark",
                "read 2 bytes: 45",
                "received EOF"
            ],
            "{client:?} -> {server:?}"
        );
    }
}

#[test]
fn only_the_last_mark_survives() {
    for (client, server) in TWIN_PAIRS {
        assert_eq!(
            inline(client, server, "ch24_tcpsend06", "ch24_tcprecv06"),
            [
                "read 5 bytes: 12345",
                "at OOB mark",
                "read 2 bytes: 67",
                "received EOF"
            ],
            "{client:?} -> {server:?}"
        );
    }
}

/// ch24_tcpsend05 --paced against ch24_tcprecv05 (maybe under strace):
/// the OOB byte is sent once the receiver's window is closed.
fn full_window(client: Twin, server: Twin, strace: Option<&std::path::Path>) -> Output {
    let (mut recv, port) = match strace {
        None => receiver(server, "ch24_tcprecv05", &[]),
        Some(file) => {
            let port = free_port(SOCK_STREAM);
            let port_s = port.to_string();
            let argv = strace_argv(
                file,
                "rt_sigaction,fcntl,pause,recvfrom",
                false,
                &server.bin("ch24_tcprecv05"),
                &[&port_s],
            );
            let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
            (Server::start("strace", &argv, "listening on "), port)
        }
    };
    let port_s = port.to_string();
    let mut send = Interactive::start(
        client.bin("ch24_tcpsend05"),
        &["--paced", "127.0.0.1", &port_s],
    );
    // the window is closed: the receiver holds bytes and the sender has
    // unsent ones it cannot send
    wait_until(port, "closed the window", |e| {
        let rx = e
            .iter()
            .any(|x| x.0 == port && x.2 == ESTABLISHED && x.4 > 0);
        let tx = e
            .iter()
            .any(|x| x.1 == port && x.2 == ESTABLISHED && x.3 > 0);
        rx && tx
    });
    send.send("\n");
    let sent = send.finish(LINE);
    assert!(sent.status.success(), "sender ({client:?}): {sent:?}");
    recv.wait_for_line("SIGURG received", Duration::from_secs(20));
    recv.wait_exit(LINE)
}

#[test]
fn sigurg_arrives_but_the_byte_cannot() {
    for (client, server) in TWIN_PAIRS {
        let out = full_window(client, server, None);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{client:?} -> {server:?}: {out:?}"
        );
        assert_eq!(after_ready(&out), ["SIGURG received"]);
        assert!(
            out.stderr
                .starts_with("recv: Resource temporarily unavailable"),
            "{server:?}: {:?}",
            out.stderr
        );
        assert_eq!(out.stderr.lines().count(), 1);
    }
}

/// Under strace, both receivers: the handler installed with SA_RESTART,
/// F_SETOWN, pause interrupted, then recv(MSG_OOB) fails with EAGAIN.
#[test]
fn full_window_receiver_under_strace() {
    if !strace_available() {
        return;
    }
    for server in Twin::BOTH {
        let file = unp_strace_file(&format!("ch24-recv05-{server:?}"));
        full_window(Twin::Rust, server, Some(&file));
        let trace = strace::read_lines(&file);
        let want = [
            "rt_sigaction(SIGURG, {sa_handler=",
            "fcntl(4, F_SETOWN, ",
            "pause()",
            "--- SIGURG ",
            "recvfrom(4, ",
        ];
        let mut at = 0;
        for p in want {
            match trace[at..].iter().position(|l| l.starts_with(p)) {
                Some(i) => at += i + 1,
                None => panic!(
                    "{server:?}: no {p:?} after line {at}:\n{}",
                    trace.join("\n")
                ),
            }
        }
        let last = &trace[at - 1];
        assert!(
            last.contains("MSG_OOB, NULL, NULL) = -1 EAGAIN"),
            "{server:?}: {last}"
        );
    }
}

// ---------------------------------------------------------------------
// The heartbeat
// ---------------------------------------------------------------------

/// A heartbeat server and a client connected to it.
fn heartbeat(client: Twin, server: Twin) -> (Server, Interactive) {
    let (srv, port) = start_on_free_port(
        server.bin("ch24_heartbeatserv"),
        SOCK_STREAM,
        port_arg,
        "listening on ",
    );
    let port_s = port.to_string();
    let mut cli = Interactive::start(client.bin("ch24_heartbeatcli"), &["127.0.0.1", &port_s]);
    cli.send("hello\n");
    assert_eq!(cli.line(LINE).as_deref(), Some("hello"), "{client:?}");
    (srv, cli)
}

/// Polls until `cond`; returns how long it took, or panics at `limit`.
fn time_until(limit: Duration, what: &str, mut cond: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
    start.elapsed()
}

fn signal_pid(sig: &str, pid: u32) {
    let ok = std::process::Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "kill {sig} {pid}");
}

#[test]
fn heartbeat_keeps_a_live_connection() {
    for (client, server) in TWIN_PAIRS {
        let (_srv, mut cli) = heartbeat(client, server);
        std::thread::sleep(Duration::from_millis(3500)); // three probes and answers
        cli.send("still here\n");
        assert_eq!(cli.line(LINE).as_deref(), Some("still here"));
        let out = cli.finish(LINE);
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "{client:?} -> {server:?}: {out:?}"
        );
    }
}

#[test]
fn heartbeat_client_gives_up_on_a_stopped_server() {
    for (client, server) in TWIN_PAIRS {
        let (srv, mut cli) = heartbeat(client, server);
        let children = children_of(srv.pid());
        assert_eq!(children.len(), 1, "one child per client: {children:?}");
        signal_pid("-STOP", children[0].0);
        // 5 probes unanswered, the sixth alarm gives up: 5-6 s
        let took = time_until(Duration::from_secs(12), "server is unreachable", || {
            cli.exited()
        });
        let out = cli.finish(LINE);
        signal_pid("-CONT", children[0].0);
        assert_eq!(
            out.stderr, "server is unreachable\n",
            "{client:?} -> {server:?}"
        );
        assert!(out.status.success());
        assert!(
            took >= Duration::from_secs(4),
            "{client:?} -> {server:?}: gave up after {took:?}"
        );
    }
}

#[test]
fn heartbeat_server_gives_up_on_a_stopped_client() {
    for (client, server) in TWIN_PAIRS {
        let (mut srv, cli) = heartbeat(client, server);
        signal_pid("-STOP", cli.pid());
        let start = Instant::now();
        srv.wait_for_line("no probes from client", Duration::from_secs(12));
        let took = start.elapsed();
        assert!(
            took >= Duration::from_secs(4),
            "{client:?} -> {server:?}: gave up after {took:?}"
        );
        signal_pid("-CONT", cli.pid());
        drop(cli);
    }
}
