//! The tour (`cargo run --example tour`, the README's first command): it
//! must end by itself, quickly, and show the whole conversation — each
//! call of the server and of the client, from two different processes.
mod common;

use std::collections::{BTreeMap, BTreeSet};
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
