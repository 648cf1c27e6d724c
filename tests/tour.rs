//! The tour (`cargo run --example tour`, the README's first command): it
//! must end by itself, quickly, and show the whole conversation — each
//! call of the server and of the client, from two different processes.
mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// One trace-mode line, `[pid  N] name(args) = result`, split up.
struct Line {
    pid: u32,
    call: String,
    result: String,
}

fn parse(line: &str) -> Option<Line> {
    let rest = line.strip_prefix("[pid ")?;
    let (pid, rest) = rest.split_once("] ")?;
    let (call, _) = rest.split_once('(')?;
    let (_, result) = rest.rsplit_once(") = ")?;
    Some(Line {
        pid: pid.trim().parse().ok()?,
        call: call.to_string(),
        result: result.to_string(),
    })
}

#[test]
fn tour_shows_both_sides_and_ends_quickly() {
    let started = Instant::now();
    let out = common::run(common::example("tour"), &[], "");
    let took = started.elapsed();
    out.assert_success();
    assert!(took < Duration::from_secs(5), "the tour took {took:?}");
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);

    // Every stderr line is a trace line with a pid.
    let lines: Vec<Line> = out
        .stderr
        .lines()
        .map(|l| parse(l).unwrap_or_else(|| panic!("not a trace line: {l:?}\n{}", out.stderr)))
        .collect();
    let mut calls: BTreeMap<u32, BTreeSet<&str>> = BTreeMap::new();
    for l in &lines {
        calls.entry(l.pid).or_default().insert(&l.call);
    }
    assert_eq!(calls.len(), 2, "expected two processes:\n{}", out.stderr);

    // The first line is the server's; fork's clone returns the client's pid.
    let server = lines[0].pid;
    let clone = lines
        .iter()
        .find(|l| l.call == "clone")
        .expect("a clone line");
    assert_eq!(clone.pid, server);
    let client: u32 = clone.result.parse().expect("clone returns the child's pid");
    assert_ne!(client, server);

    let want_server = [
        "socket", "bind", "listen", "accept", "read", "write", "close",
    ];
    let want_client = ["socket", "connect", "read", "write", "close"];
    for (pid, want) in [(server, &want_server[..]), (client, &want_client[..])] {
        let have = calls.get(&pid).cloned().unwrap_or_default();
        for call in want {
            assert!(
                have.contains(call),
                "pid {pid} shows no {call}:\n{}",
                out.stderr
            );
        }
    }
    // No call failed.
    assert!(!out.stderr.contains("= -1 "), "{}", out.stderr);

    // The client printed the server's answer, and the paragraph comes last.
    assert!(
        out.stdout
            .contains("the server answered: HELLO FROM THE CLIENT"),
        "{}",
        out.stdout
    );
    let tail = out
        .stdout
        .rsplit_once("What you just saw")
        .map(|(_, t)| t)
        .unwrap_or("");
    assert!(
        tail.contains("docs/") && tail.contains("strace -f"),
        "stdout:\n{}",
        out.stdout
    );
}

#[test]
fn tour_refuses_arguments_with_one_line() {
    common::run(common::example("tour"), &["9877"], "").assert_one_line_error("usage: tour");
}

/// Runs the tour with its stdout a pipe whose reader leaves as soon as it
/// has read `until` (right after the fork, say: the client's first line
/// then meets a closed pipe). Returns the exit status, stderr, and how
/// long it took; a tour still running after 20 s is killed and reported.
fn tour_with_reader_leaving_after(args: &[&str], until: &str) -> (ExitStatus, String, Duration) {
    let started = Instant::now();
    let mut child = Command::new(common::example("tour"))
        .args(args)
        .env_remove("SOCKLAB_TRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("spawn tour");
    let mut stdout = child.stdout.take().expect("stdout");
    let until = until.as_bytes().to_vec();
    let reader = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut byte = [0u8; 1];
        while !seen.ends_with(&until) && stdout.read(&mut byte).is_ok_and(|n| n == 1) {
            seen.push(byte[0]);
        }
        // dropping stdout closes the pipe's read end: `| head`
    });
    let mut stderr = child.stderr.take().expect("stderr");
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let deadline = started + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if Instant::now() > deadline {
            common::kill_group(child.id());
            let _ = child.wait();
            panic!("the tour hung (stdout closed after {:?})", args);
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let took = started.elapsed();
    let _ = reader.join();
    common::kill_group(child.id()); // a client left behind, if any
    (status, err.join().unwrap_or_default(), took)
}

/// `cargo run --example tour | head -c1`, and the same with the pipe
/// closed right after the fork — where the old tour's client died before
/// connecting and its server waited in accept for ever: the tour ends at
/// at once, and the only line that is not a trace line is `write: Broken
/// pipe (EPIPE)` (exit status 1) — or nothing, if all the output fitted
/// in the pipe before the reader left (exit status 0).
#[test]
fn tour_with_closed_stdout_ends_with_one_line() {
    for (args, until) in [
        (&[][..], "s"),
        (&["--no-trace"][..], "s"),
        (&[][..], "fork() a client process\n"),
        (&["--no-trace"][..], "fork() a client process\n"),
    ] {
        for _ in 0..10 {
            let (status, stderr, took) = tour_with_reader_leaving_after(args, until);
            assert!(took < Duration::from_secs(8), "{args:?}: took {took:?}");
            assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
            let errors: Vec<&str> = stderr.lines().filter(|l| parse(l).is_none()).collect();
            // All of it may be in the pipe before the reader leaves (exit
            // status 0); otherwise a write fails: one line, status 1.
            match status.code() {
                Some(0) => assert!(errors.is_empty(), "{args:?} {until:?}:\n{stderr}"),
                Some(1) => assert_eq!(
                    errors,
                    ["write: Broken pipe (EPIPE)"],
                    "{args:?} {until:?}:\n{stderr}"
                ),
                _ => panic!("{args:?} {until:?}: {status:?}\n{stderr}"),
            }
        }
    }
}

/// `--no-trace` and `SOCKLAB_TRACE=0`: the same conversation, nothing on
/// stderr (so that `strace -f` shows each call once), and the header
/// line about trace lines is gone.
#[test]
fn tour_runs_without_its_own_trace() {
    for (args, env) in [(&["--no-trace"][..], None), (&[][..], Some("0"))] {
        let mut cmd = Command::new(common::example("tour"));
        cmd.args(args).env_remove("SOCKLAB_TRACE");
        if let Some(v) = env {
            cmd.env("SOCKLAB_TRACE", v);
        }
        let out = common::output_within(&mut cmd);
        out.assert_success();
        assert_eq!(out.stderr, "", "{args:?} {env:?}");
        assert!(
            out.stdout
                .contains("the server answered: HELLO FROM THE CLIENT"),
            "{}",
            out.stdout
        );
        assert!(!out.stdout.contains("Each system call is printed"));
    }
}

/// Under the real strace with `--no-trace`, each call appears once: no
/// `write(2, "[pid …` lines of the tour's own trace.
#[test]
fn tour_under_strace_shows_each_call_once() {
    if !common::strace_available() {
        return; // strace_available fails under CI=true when strace is missing
    }
    let mut cmd = Command::new("strace");
    cmd.args(["-f", "-qq", "-e", "trace=accept,connect,write", "--"])
        .arg(common::example("tour"))
        .arg("--no-trace");
    let out = common::output_within(&mut cmd);
    out.assert_success();
    let count = |call: &str| out.stderr.lines().filter(|l| l.contains(call)).count();
    assert_eq!(count("connect("), 1, "{}", out.stderr);
    assert_eq!(count("accept("), 1, "{}", out.stderr);
    assert!(!out.stderr.contains("write(2, \"[pid"), "{}", out.stderr);
}
