//! UNP chapter 23, advanced SCTP sockets: every program pair runs as its
//! header says, Rust and C twins mixed (the C twins link libsctp,
//! Debian's libsctp-dev); socklab's trace mode prints the SCTP calls as
//! strace does; and on a kernel without SCTP every program stops with one
//! line that says so.
//!
//! Most kernels this runs on have no SCTP (containers, CI). Then
//! `sctp_programs_run_in_a_kernel_with_sctp` boots ONE small VM
//! (`scripts/sctp-vm`: Debian's kernel under QEMU, ~30 s) and runs this
//! same test binary inside it, with `SOCKLAB_IN_SCTP_VM=1`, for the
//! ignored test `in_vm_every_sctp_case`, which runs every case. On a
//! kernel with SCTP the cases run directly. Under `CI=true` a missing VM
//! tool fails the test; elsewhere it is skipped with a message.
mod common;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::strace::collapse_padding;
use common::*;
use socklab::*;

/// Set inside the VM, by the test that boots it.
const IN_VM: &str = "SOCKLAB_IN_SCTP_VM";

/// Every chapter 23 program.
const PROGRAMS: [&str; 10] = [
    "ch23_sctpserv01",
    "ch23_sctpclient01",
    "ch23_sctpserv04",
    "ch23_sctpserv05",
    "ch23_sctpserv06",
    "ch23_sctpclient03",
    "ch23_sctpserv07",
    "ch23_sctpclient04",
    "ch23_sctpserv_fork",
    "ch23_sctp_modify_hb",
];

fn kernel_has_sctp() -> bool {
    // std-free on purpose: this is the call every program makes first
    socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP).is_ok()
}

fn ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

// ---------------------------------------------------------------------
// Without SCTP: one line, exit 1
// ---------------------------------------------------------------------

/// Arguments that get each program as far as its `socket` call.
fn good_args(name: &str) -> Vec<&'static str> {
    match name {
        "ch23_sctpserv07" => vec!["0", "127.0.0.1"],
        n if n.contains("serv") => vec!["0"],
        _ => vec!["127.0.0.1", "9"],
    }
}

#[test]
fn without_sctp_every_program_says_so_in_one_line() {
    if kernel_has_sctp() {
        eprintln!("SKIPPED: this kernel has SCTP (the VM cases run the programs instead)");
        return;
    }
    let want = format!("socket: Socket type not supported (ESOCKTNOSUPPORT) — {NO_SCTP_HINT}\n");
    for name in PROGRAMS {
        let out = run(example(name), &good_args(name), "[0]hello\n");
        assert!(!out.timed_out, "{name} did not end");
        assert_eq!(out.status.code(), Some(1), "{name}: {out:?}");
        assert_eq!(out.stderr, want, "{name}'s one line");
        assert_eq!(out.stdout, "", "{name} printed before its socket call");
    }
}

/// A one-to-one SCTP socket on such a kernel: EPROTONOSUPPORT, and the
/// same hint.
#[test]
fn without_sctp_a_one_to_one_socket_is_eprotonosupport() {
    if kernel_has_sctp() {
        eprintln!("SKIPPED: this kernel has SCTP");
        return;
    }
    let err = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP).unwrap_err();
    assert_eq!(err.errno(), Some(Errno::EPROTONOSUPPORT));
    let err = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP).unwrap_err();
    assert_eq!(err.errno(), Some(Errno::ESOCKTNOSUPPORT));
}

// ---------------------------------------------------------------------
// The VM
// ---------------------------------------------------------------------

static CC_LOCK: Mutex<()> = Mutex::new(());

/// Compiles `docs/c/<name>.c` with `-lsctp` (once, again when the source is
/// newer) and returns the binary.
fn sctp_twin(name: &str) -> PathBuf {
    let _guard = CC_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let src = root().join("docs/c").join(format!("{name}.c"));
    let out_dir = target_dir().join("c-twins");
    std::fs::create_dir_all(&out_dir).expect("mkdir c-twins");
    let bin = out_dir.join(name);
    let stale = match (bin.metadata(), src.metadata()) {
        (Ok(b), Ok(s)) => b.modified().ok() < s.modified().ok(),
        _ => true,
    };
    if stale {
        let out = Command::new("cc")
            .args(["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-O2", "-o"])
            .arg(&bin)
            .arg(&src)
            .arg("-lsctp")
            .output()
            .expect("run cc");
        assert!(
            out.status.success(),
            "cc {} -lsctp failed (is libsctp-dev installed?):\n{}",
            src.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    bin
}

fn bin(twin: Twin, name: &str) -> PathBuf {
    match twin {
        Twin::Rust => example(name),
        Twin::C => sctp_twin(name),
    }
}

#[test]
fn sctp_programs_run_in_a_kernel_with_sctp() {
    if kernel_has_sctp() {
        every_case();
        return;
    }
    let script = root().join("scripts/sctp-vm");
    let check = Command::new(&script).arg("--check").output();
    let ready = check.as_ref().is_ok_and(|o| o.status.success());
    if !ready {
        let why = check.map_or_else(
            |e| e.to_string(),
            |o| String::from_utf8_lossy(&o.stderr).into_owned(),
        );
        assert!(
            !ci(),
            "CI=true: the chapter 23 VM cannot boot (.ci/run installs its tools):\n{why}"
        );
        eprintln!("SKIPPED: no SCTP here and the VM cannot boot:\n{why}");
        return;
    }
    // Everything the cases run is built here, before the boot.
    for name in PROGRAMS {
        example(name);
        sctp_twin(name);
    }
    let exe = std::env::current_exe().expect("test binary");
    let started = Instant::now();
    let out = Command::new("timeout")
        .arg("900")
        .arg(&script)
        .arg("env")
        .arg(format!("{IN_VM}=1"))
        .arg(format!("CI={}", if ci() { "true" } else { "" }))
        .arg(&exe)
        .args([
            "--ignored",
            "--exact",
            "in_vm_every_sctp_case",
            "--nocapture",
            "--test-threads=1",
        ])
        .stdin(Stdio::null())
        .output()
        .expect("run scripts/sctp-vm");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!(
        "the VM run took {:?}:\n{stdout}\n{stderr}",
        started.elapsed()
    );
    assert!(
        out.status.success() && stdout.contains("test in_vm_every_sctp_case ... ok"),
        "the chapter 23 cases failed in the VM ({:?}):\n{stdout}\n{stderr}",
        out.status
    );
}

/// Run by `sctp_programs_run_in_a_kernel_with_sctp` inside the VM.
#[test]
#[ignore = "runs inside the SCTP VM (scripts/sctp-vm); sctp_programs_run_in_a_kernel_with_sctp starts it"]
fn in_vm_every_sctp_case() {
    assert!(
        std::env::var_os(IN_VM).is_some() && kernel_has_sctp(),
        "run this only inside scripts/sctp-vm (a kernel with SCTP)"
    );
    every_case();
}

/// Every case, each reported; fails at the end if any failed.
fn every_case() {
    let cases: &[(&str, fn())] = &[
        ("echo pairs (sctpserv01, sctpclient01)", echo_pairs),
        ("unordered (sctpclient03)", unordered),
        ("association events (sctpclient04)", association_events),
        ("notifications (sctpserv06)", notifications),
        ("autoclose (sctpserv04)", autoclose),
        ("partial delivery (sctpserv05)", partial_delivery),
        ("bindx (sctpserv07)", bindx),
        ("peeloff and fork (sctpserv_fork)", peeloff_fork),
        ("heartbeats (sctp_modify_hb)", heartbeats),
        ("notification decoding", notification_enum),
        ("trace mode = strace", trace_mode_is_strace),
        ("strace parity, C and Rust", strace_parity),
    ];
    let mut failed = Vec::new();
    for (what, case) in cases {
        let started = Instant::now();
        let result = std::panic::catch_unwind(case);
        let verdict = if result.is_ok() { "ok  " } else { "FAIL" };
        eprintln!("{verdict} {what} ({:?})", started.elapsed());
        if result.is_err() {
            failed.push(*what);
        }
    }
    assert!(failed.is_empty(), "chapter 23 cases failed: {failed:?}");
}

// ---------------------------------------------------------------------
// The cases (need a kernel with SCTP)
// ---------------------------------------------------------------------

/// Starts `twin`'s server `name` with `args` (`{port}`: a free port) and
/// waits for `ready`.
fn start_server(twin: Twin, name: &str, args: &[&str], ready: &str) -> (Server, u16) {
    let port = free_port(SOCK_STREAM);
    let p = port.to_string();
    let argv: Vec<&str> = args
        .iter()
        .map(|a| if *a == "{port}" { p.as_str() } else { a })
        .collect();
    (Server::start(bin(twin, name), &argv, ready), port)
}

/// `assoc:0x1f` → `assoc:X` (and `assoc=0x1f` → `assoc=X`): association
/// ids depend on what ran before.
fn no_assoc_ids(text: &str) -> String {
    replace_number(
        &replace_number(text, "assoc:0x", "assoc:X"),
        "assoc=0x",
        "assoc=X",
    )
}

/// Every `prefix` followed by hex digits becomes `with`.
fn replace_number(text: &str, prefix: &str, with: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(prefix) {
        out.push_str(&rest[..i]);
        out.push_str(with);
        rest = rest[i + prefix.len()..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    out.push_str(rest);
    out
}

fn echo_pairs() {
    for (client, server) in TWIN_PAIRS {
        let (_srv, port) = start_server(server, "ch23_sctpserv01", &["{port}"], "listening on");
        let out = run(
            bin(client, "ch23_sctpclient01"),
            &["127.0.0.1", &port.to_string()],
            "[0]hello\n[4]four\n[9]nine\nno brackets\n[0]again\n",
        );
        out.assert_success();
        assert_eq!(
            no_assoc_ids(&out.stdout),
            "From str:1 seq:0 (assoc:X):[0]hello\n\
             From str:5 seq:0 (assoc:X):[4]four\n\
             From str:0 seq:0 (assoc:X):[9]nine\n\
             Error, line must be of the form '[streamnum]text'\n\
             From str:1 seq:1 (assoc:X):[0]again\n",
            "{client:?} client, {server:?} server"
        );
        // a stream the association does not have (10 each way)
        let out = run(
            bin(client, "ch23_sctpclient01"),
            &["127.0.0.1", &port.to_string()],
            "[12]x\n",
        );
        out.assert_one_line_error("sendmsg: Invalid argument");
    }
}

fn unordered() {
    for (client, server) in TWIN_PAIRS {
        let (_srv, port) = start_server(server, "ch23_sctpserv01", &["{port}"], "listening on");
        let out = run(
            bin(client, "ch23_sctpclient03"),
            &["127.0.0.1", &port.to_string()],
            "[0]one\n[0]two\n[0]three\n",
        );
        out.assert_success();
        // unordered messages carry no stream sequence number
        assert_eq!(
            no_assoc_ids(&out.stdout),
            "From str:1 seq:0 (assoc:X):[0]one\n\
             From str:1 seq:0 (assoc:X):[0]two\n\
             From str:1 seq:0 (assoc:X):[0]three\n",
            "{client:?} client, {server:?} server"
        );
    }
}

fn association_events() {
    for (client, server) in TWIN_PAIRS {
        let (_srv, port) = start_server(server, "ch23_sctpserv01", &["{port}"], "listening on");
        let out = run(
            bin(client, "ch23_sctpclient04"),
            &["127.0.0.1", &port.to_string()],
            "[0]hello\n",
        );
        out.assert_success();
        let lines: Vec<&str> = out.stdout.lines().collect();
        assert_eq!(lines.len(), 5, "{client:?}/{server:?}: {}", out.stdout);
        assert_eq!(lines[0], "There are 1 remote addresses and they are:");
        assert_eq!(lines[1], format!("127.0.0.1:{port}"));
        assert_eq!(lines[2], "There are 1 local addresses and they are:");
        assert!(lines[3].starts_with("127.0.0.1:"), "{}", lines[3]);
        assert_eq!(
            no_assoc_ids(lines[4]),
            "From str:1 seq:0 (assoc:X):[0]hello"
        );
    }
}

fn notifications() {
    for (client, server) in TWIN_PAIRS {
        let (mut srv, port) = start_server(server, "ch23_sctpserv06", &["{port}"], "listening on");
        let out = run(
            bin(client, "ch23_sctpclient01"),
            &["127.0.0.1", &port.to_string()],
            "[0]hi\n",
        );
        out.assert_success();
        assert_eq!(
            no_assoc_ids(&out.stdout),
            "From str:0 seq:0 (assoc:X):[0]hi\n"
        );
        srv.wait_for_line("SHUTDOWN COMPLETE", Duration::from_secs(10));
        let seen = no_assoc_ids(&srv.seen.join("\n"));
        for want in [
            "SCTP_ASSOC_CHANGE: COMMUNICATION UP, assoc=X",
            "SCTP_SHUTDOWN_EVENT: assoc=X",
            "SCTP_ASSOC_CHANGE: SHUTDOWN COMPLETE, assoc=X",
        ] {
            assert!(seen.contains(want), "{server:?} server printed:\n{seen}");
        }
    }
}

fn autoclose() {
    for twin in Twin::BOTH {
        let (mut srv, port) =
            start_server(twin, "ch23_sctpserv04", &["{port}", "1"], "listening on");
        srv.wait_for_line("autoclose after 1 s", Duration::from_secs(5));
        let mut client = Interactive::start(
            bin(Twin::Rust, "ch23_sctpclient04"),
            &["127.0.0.1", &port.to_string()],
        );
        client.send("[0]one\n");
        std::thread::sleep(Duration::from_secs(3)); // idle past the autoclose
        client.send("[0]two\n");
        client.close_stdin();
        let out = client.finish(Duration::from_secs(20));
        out.assert_success();
        // the second message needed a new association: two COMM_UPs
        assert_eq!(
            out.stdout.matches("There are 1 remote addresses").count(),
            2,
            "{twin:?} server:\n{}",
            out.stdout
        );
        let ids: Vec<&str> = out
            .stdout
            .lines()
            .filter_map(|l| l.split("(assoc:").nth(1))
            .collect();
        assert_eq!(ids.len(), 2, "{}", out.stdout);
        assert_ne!(ids[0], ids[1], "a new association has a new id");
    }
}

/// The test plays the client: one message far bigger than the server's
/// 65535-byte buffer.
fn partial_delivery() {
    for twin in Twin::BOTH {
        let (mut srv, port) = start_server(twin, "ch23_sctpserv05", &["{port}"], "listening on");
        let fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP).expect("socket");
        let evnts = sctp_event_subscribe {
            sctp_data_io_event: 1,
            ..Default::default()
        };
        setsockopt(&fd, IPPROTO_SCTP, SCTP_EVENTS, &evnts).expect("SCTP_EVENTS");
        let msg: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let to = sockaddr_in::new(INADDR_LOOPBACK, port);
        assert_eq!(
            sctp_sendmsg(&fd, &msg, &to, 0, 0, 2, 0, 0).expect("send"),
            msg.len()
        );
        let mut got = Vec::new();
        let mut buf = vec![0u8; 200_000];
        let mut from = sockaddr_in::default();
        let mut sri = sctp_sndrcvinfo::default();
        loop {
            let mut flags = 0;
            let n = sctp_recvmsg(&fd, &mut buf, &mut from, &mut sri, &mut flags).expect("recv");
            got.extend_from_slice(&buf[..n]);
            if flags & MSG_EOR != 0 {
                break;
            }
        }
        assert_eq!(got.len(), msg.len(), "{twin:?}");
        assert!(got == msg, "{twin:?}: the echo differs");
        assert_eq!(sri.sinfo_stream, 2, "echoed on the stream it came on");
        let line = srv.wait_for_line("bytes in", Duration::from_secs(5));
        assert!(
            line.starts_with("100000 bytes in 2 reads from 127.0.0.1:"),
            "{twin:?}: {line}"
        );
    }
}

fn bindx() {
    for (client, server) in TWIN_PAIRS {
        let port = free_port(SOCK_STREAM);
        let p = port.to_string();
        let mut srv = Server::start(
            bin(server, "ch23_sctpserv07"),
            &[&p, "127.0.0.1", "127.0.0.2"],
            "bound to",
        );
        let bound = srv.seen.join("\n");
        assert!(
            bound.contains(&format!(
                "bound to [::ffff:127.0.0.1]:{port} [::ffff:127.0.0.2]:{port}"
            )),
            "{server:?}: {bound}"
        );
        let out = run(
            bin(client, "ch23_sctpclient01"),
            &["127.0.0.2", &p],
            "[0]hi\n",
        );
        out.assert_success();
        assert_eq!(
            no_assoc_ids(&out.stdout),
            "From str:0 seq:0 (assoc:X):[0]hi\n"
        );
        // not one of its addresses: the INIT is answered with ABORT
        let out = run(
            bin(client, "ch23_sctpclient01"),
            &["127.0.0.3", &p],
            "[0]hi\n",
        );
        out.assert_one_line_error("Transport endpoint is not connected");
        drop(srv.stop());
    }
}

fn peeloff_fork() {
    for (client, server) in TWIN_PAIRS {
        let (mut srv, port) =
            start_server(server, "ch23_sctpserv_fork", &["{port}"], "listening on");
        let out = run(
            bin(client, "ch23_sctpclient01"),
            &["127.0.0.1", &port.to_string()],
            "[0]first\n[0]second\n[0]third\n",
        );
        out.assert_success();
        assert_eq!(
            no_assoc_ids(&out.stdout),
            "From str:0 seq:0 (assoc:X):[0]first\n\
             From str:0 seq:1 (assoc:X):[0]second\n\
             From str:0 seq:2 (assoc:X):[0]third\n",
            "{client:?}/{server:?}"
        );
        let line = srv.wait_for_line("peeled off", Duration::from_secs(5));
        assert!(line.contains("onto descriptor"), "{line}");
    }
}

fn heartbeats() {
    for (client, server) in TWIN_PAIRS {
        let (_srv, port) = start_server(server, "ch23_sctpserv01", &["{port}"], "listening on");
        let out = run(
            bin(client, "ch23_sctp_modify_hb"),
            &["127.0.0.1", &port.to_string(), "5000"],
            "",
        );
        out.assert_success();
        assert_eq!(
            out.stdout,
            format!(
                "heartbeat interval of 127.0.0.1:{port} was 30000 ms\n\
                 heartbeat interval of 127.0.0.1:{port} is 5000 ms\n"
            )
        );
    }
}

/// The notification enum against what the kernel really sends: an
/// association coming up, and going down.
fn notification_enum() {
    let (_srv, port) = start_server(Twin::Rust, "ch23_sctpserv01", &["{port}"], "listening on");
    let fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP).expect("socket");
    let evnts = sctp_event_subscribe {
        sctp_data_io_event: 1,
        sctp_association_event: 1,
        sctp_shutdown_event: 1,
        ..Default::default()
    };
    setsockopt(&fd, IPPROTO_SCTP, SCTP_EVENTS, &evnts).expect("SCTP_EVENTS");
    let to = sockaddr_in::new(INADDR_LOOPBACK, port);
    sctp_sendmsg(&fd, b"[0]x\n", &to, 0, 0, 0, 0, 0).expect("send");
    let mut buf = [0u8; 4096];
    let mut from = sockaddr_in::default();
    let mut sri = sctp_sndrcvinfo::default();
    let mut flags = 0;
    let n = sctp_recvmsg(&fd, &mut buf, &mut from, &mut sri, &mut flags).expect("recv");
    assert!(
        flags & MSG_NOTIFICATION != 0,
        "the first message is COMM_UP"
    );
    let Some(SctpNotification::AssocChange {
        state,
        outbound_streams,
        inbound_streams,
        assoc_id,
        ..
    }) = sctp_notification(&buf[..n])
    else {
        panic!("not an SCTP_ASSOC_CHANGE: {:?}", &buf[..n]);
    };
    assert_eq!(state, SCTP_COMM_UP);
    assert_eq!((outbound_streams, inbound_streams), (10, 10));
    let mut flags = 0;
    let n = sctp_recvmsg(&fd, &mut buf, &mut from, &mut sri, &mut flags).expect("recv echo");
    assert_eq!(&buf[..n], b"[0]x\n");
    assert_eq!(sri.sinfo_assoc_id, assoc_id);
    assert_eq!(
        sctp_getpaddrs(&fd, assoc_id).expect("paddrs"),
        vec![SockAddr::from(to)]
    );
    // SCTP_EOF with no data: a graceful shutdown of that association
    sctp_sendmsg(&fd, b"", &to, 0, SCTP_EOF, 0, 0, 0).expect("SCTP_EOF");
    let mut flags = 0;
    let n = sctp_recvmsg(&fd, &mut buf, &mut from, &mut sri, &mut flags).expect("recv");
    assert_eq!(
        sctp_notification(&buf[..n]),
        Some(SctpNotification::AssocChange {
            state: SCTP_SHUTDOWN_COMP,
            error: 0,
            outbound_streams: 0,
            inbound_streams: 0,
            assoc_id,
        })
    );
}

/// Runs the Rust client with `SOCKLAB_TRACE=1` under strace: each SCTP
/// call's trace line is strace's line.
fn trace_mode_is_strace() {
    let (_srv, port) = start_server(Twin::Rust, "ch23_sctpserv01", &["{port}"], "listening on");
    let dir = temp_dir();
    let log = dir.path().join("strace.out");
    let out = Command::new("strace")
        .arg("-o")
        .arg(&log)
        .args(["-e", "trace=socket,setsockopt,getsockopt,sendmsg,recvmsg"])
        .arg(example("ch23_sctpclient04"))
        .args(["127.0.0.1", &port.to_string()])
        .env("SOCKLAB_TRACE", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().map(|mut i| i.write_all(b"[0]hello\n"));
            child.wait_with_output()
        })
        .expect("strace");
    assert!(out.status.success(), "{out:?}");
    let calls = [
        "socket(",
        "setsockopt(",
        "getsockopt(",
        "sendmsg(",
        "recvmsg(",
    ];
    let ours: Vec<String> = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| calls.iter().any(|c| l.starts_with(c)))
        .map(collapse_padding)
        .collect();
    let theirs: Vec<String> = std::fs::read_to_string(&log)
        .expect("strace log")
        .lines()
        .filter(|l| calls.iter().any(|c| l.starts_with(c)))
        .map(collapse_padding)
        .collect();
    assert!(ours.len() >= 7, "trace mode printed:\n{}", ours.join("\n"));
    assert_eq!(ours, theirs, "trace mode and strace differ");
}

/// The socket calls of a strace log, addresses and ids made comparable:
/// the call and its option or message shape.
fn call_shapes(log: &str) -> Vec<String> {
    let keep = [
        "socket(",
        "bind(",
        "listen(",
        "setsockopt(",
        "getsockopt(",
        "sendmsg(",
        "recvmsg(",
    ];
    // Completed calls only: a server is stopped while blocked in its next
    // recvmsg, and whether strace has written that call's first half by
    // then depends on how fast the VM ran it.
    log.lines()
        .filter(|l| keep.iter().any(|c| l.starts_with(c)) && l.contains(" = "))
        .map(|l| {
            let call = &l[..l.find('(').unwrap_or(0)];
            match call {
                "setsockopt" | "getsockopt" => {
                    let opt = l.split(", ").nth(2).unwrap_or("");
                    format!("{call} {opt}")
                }
                "sendmsg" | "recvmsg" => {
                    let iov = l.split("msg_iov=").nth(1).unwrap_or("");
                    let iov = &iov[..iov.find("}]").unwrap_or(0)];
                    let control = l.split("msg_controllen=").nth(1).unwrap_or("");
                    let control = &control[..control.find(',').unwrap_or(0)];
                    if control == "0" {
                        // a notification: its sn_type (the rest holds ids)
                        let sn_type: String =
                            iov.split('\\').take(3).collect::<Vec<_>>().join("\\");
                        return format!("{call} notification {sn_type}");
                    }
                    format!("{call} {iov} controllen={control}")
                }
                _ => replace_number(&collapse_padding(l), "htons(", "htons(PORT"),
            }
        })
        .collect()
}

/// Each client twin under strace against the same server: the same SCTP
/// calls in the same order.
fn strace_parity() {
    for name in [
        "ch23_sctpclient01",
        "ch23_sctpclient03",
        "ch23_sctpclient04",
        "ch23_sctp_modify_hb",
    ] {
        let (_srv, port) = start_server(Twin::Rust, "ch23_sctpserv01", &["{port}"], "listening on");
        let mut shapes = Vec::new();
        for twin in Twin::BOTH {
            let dir = temp_dir();
            let log = dir.path().join("strace.out");
            let status = Command::new("strace")
                .arg("-o")
                .arg(&log)
                .arg(bin(twin, name))
                .args(["127.0.0.1", &port.to_string()])
                .stdin(std::fs::File::open("/dev/null").expect("null"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("strace");
            assert!(status.success(), "{name} {twin:?}");
            shapes.push(call_shapes(&std::fs::read_to_string(&log).expect("log")));
        }
        assert!(!shapes[0].is_empty(), "{name}: no calls seen");
        assert_eq!(
            shapes[0], shapes[1],
            "{name}: Rust (left) and C (right) differ"
        );
    }
    // each server: the calls before its loop, and one echo (the parent
    // only: strace without -f)
    let servers: [(&str, &[&str]); 6] = [
        ("ch23_sctpserv01", &[]),
        ("ch23_sctpserv04", &["120"]),
        ("ch23_sctpserv05", &[]),
        ("ch23_sctpserv06", &[]),
        ("ch23_sctpserv07", &["127.0.0.1"]),
        ("ch23_sctpserv_fork", &[]),
    ];
    for (name, extra) in servers {
        let mut shapes = Vec::new();
        for twin in Twin::BOTH {
            let dir = temp_dir();
            let log = dir.path().join("strace.out");
            let port = free_port(SOCK_STREAM).to_string();
            let program = bin(twin, name);
            let mut argv = vec!["-o", path_str(&log), path_str(&program), port.as_str()];
            argv.extend_from_slice(extra);
            let ready = if name == "ch23_sctpserv07" {
                "bound to"
            } else {
                "listening on"
            };
            let mut srv = Server::start("strace", &argv, ready);
            let out = run(
                example("ch23_sctpclient01"),
                &["127.0.0.1", &port],
                "[0]a\n",
            );
            out.assert_success();
            std::thread::sleep(Duration::from_secs(1));
            drop(srv.stop());
            shapes.push(call_shapes(&std::fs::read_to_string(&log).expect("log")));
        }
        assert!(shapes[0].len() >= 6, "{name}: {:?}", shapes[0]);
        assert_eq!(
            shapes[0], shapes[1],
            "{name}: Rust (left) and C (right) differ"
        );
    }
}
