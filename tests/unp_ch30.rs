//! UNP chapter 30: every server design serves the chapter's client —
//! 500 connections, none failed — with no zombie and its descriptors back
//! where they started; SIGINT makes it print its CPU time and leaves no
//! process of its group behind. Each Rust server is loaded by the C
//! client and each C server by the Rust client. The prefork meter adds up
//! to the connections made, and the fcntl lock of `ch30_serv03` is taken
//! before every accept and released after it (seen with real strace).
mod common;

use std::time::Duration;

use common::{Server, Twin};

/// The servers, with the pool size after the port where they have one.
const SERVERS: &[(&str, &[&str])] = &[
    ("ch30_serv00", &[]),
    ("ch30_serv01", &[]),
    ("ch30_serv02", &["3"]),
    ("ch30_serv03", &["3"]),
    ("ch30_serv04", &["3"]),
    ("ch30_serv05", &["3"]),
    ("ch30_serv06", &[]),
    ("ch30_serv07", &["3"]),
    ("ch30_serv08", &["3"]),
    ("ch30_serv09", &["3"]),
    ("ch30_serv10", &[]),
];

/// Starts `twin`'s server on 127.0.0.1, port 0, and reads the port it got
/// from its "listening on" line.
fn start(twin: Twin, name: &str, extra: &[&str], pool: &[&str]) -> (Server, String) {
    let mut args: Vec<&str> = extra.to_vec();
    args.extend(["127.0.0.1", "0"]);
    args.extend(pool);
    let mut server = Server::start(twin.bin(name), &args, "listening on");
    let line = server.wait_for_line("listening on", Duration::from_secs(10));
    let port = line.rsplit(':').next().unwrap_or("").trim().to_string();
    assert!(port.parse::<u16>().is_ok(), "{name}: no port in {line:?}");
    (server, port)
}

/// How many children or threads the server `pid` has made so far (a
/// preforked pool is children, a prethreaded one threads).
fn pool_made(pid: u32) -> usize {
    let threads = std::fs::read_dir(format!("/proc/{pid}/task")).map_or(1, |d| d.count());
    common::children_of(pid).len() + threads - 1
}

/// The server's descriptor count once it stops changing (two readings
/// 50 ms apart agree; at most 2 s).
fn settled_fds(pid: u32) -> usize {
    let mut last = common::open_fds(pid);
    for _ in 0..40 {
        std::thread::sleep(Duration::from_millis(50));
        let now = common::open_fds(pid);
        if now == last {
            break;
        }
        last = now;
    }
    last
}

/// The processes whose process group is `pgid` (the server started its
/// own group; its forked children stay in it).
fn group_members(pgid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid pgrp …
        let fields: Vec<&str> = stat
            .rsplit_once(") ")
            .map(|(_, r)| r.split_whitespace().collect())
            .unwrap_or_default();
        if fields.get(2).and_then(|g| g.parse::<u32>().ok()) == Some(pgid) {
            out.push(pid);
        }
    }
    out
}

fn sigint(pid: u32) {
    let status = std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success(), "kill -INT {pid}");
}

/// Loads `server` with `client`'s program: 5 children × 100 connections ×
/// 4000 bytes; checks the client's report.
fn load(client: Twin, port: &str, what: &str) {
    let out = common::run(
        client.bin("ch30_client"),
        &["127.0.0.1", port, "5", "100", "4000"],
        "",
    );
    assert!(
        out.status.success() && out.stdout.contains("5 children, 0 failed"),
        "{what}: the client failed: {out:?}"
    );
}

#[test]
fn every_design_serves_500_connections_and_stops_cleanly() {
    for (server_twin, client_twin) in [(Twin::Rust, Twin::C), (Twin::C, Twin::Rust)] {
        for (name, pool) in SERVERS {
            let what = format!("{name} ({server_twin:?} server, {client_twin:?} client)");
            let (mut server, port) = start(server_twin, name, &[], pool);
            let pid = server.pid();
            let pool_size = pool.first().map_or(0, |n| n.parse().unwrap_or(0));
            // The pool is made after the lock (serv03: one more descriptor):
            // count the parent's descriptors once every child exists.
            let deadline = std::time::Instant::now() + Duration::from_secs(10);
            while pool_made(pid) < pool_size && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            // One connection first: a server may make a descriptor after its
            // ready line (serv10's epoll instance); then count.
            let warm = common::run(
                client_twin.bin("ch30_client"),
                &["127.0.0.1", &port, "1", "1", "10"],
                "",
            );
            assert!(warm.status.success(), "{what}: {warm:?}");
            let fds = settled_fds(pid);
            load(client_twin, &port, &what);

            let zombies = common::zombies_after(pid, pool_size, Duration::from_secs(5));
            assert!(zombies.is_empty(), "{what}: zombies {zombies:?}");
            let now = common::fds_back_to(pid, fds, Duration::from_secs(5));
            assert_eq!(now, fds, "{what}: descriptors {fds} before, {now} after");

            sigint(pid);
            let out = server.wait_exit(Duration::from_secs(10));
            assert!(
                out.status.success() && out.stdout.contains("user time = "),
                "{what}: SIGINT did not print the CPU time and exit 0: {out:?}"
            );
            let left = group_members(pid);
            assert!(left.is_empty(), "{what}: left behind {left:?}");
        }
    }
}

#[test]
fn the_meter_adds_up_to_the_connections_made() {
    for twin in Twin::BOTH {
        let (mut server, port) = start(twin, "ch30_serv02", &["-m"], &["3"]);
        let out = common::run(
            Twin::Rust.bin("ch30_client"),
            &["127.0.0.1", &port, "3", "40", "100"],
            "",
        );
        assert!(out.status.success(), "{twin:?}: {out:?}");
        sigint(server.pid());
        let out = server.wait_exit(Duration::from_secs(10));
        let counts: Vec<u64> = out
            .stdout
            .lines()
            .filter_map(|l| {
                l.strip_prefix("child ")?
                    .split_once(", ")?
                    .1
                    .strip_suffix(" connections")?
                    .parse()
                    .ok()
            })
            .collect();
        assert_eq!(
            counts.len(),
            3,
            "{twin:?}: one count per child:\n{}",
            out.stdout
        );
        assert_eq!(counts.iter().sum::<u64>(), 120, "{twin:?}:\n{}", out.stdout);
    }
}

/// Under strace, each child of `ch30_serv03` takes the lock before every
/// accept and releases it after: F_WRLCK, accept, F_UNLCK, in that order,
/// in both twins.
#[test]
fn the_fcntl_lock_is_held_around_each_accept() {
    if !common::strace_available() {
        return;
    }
    for twin in Twin::BOTH {
        let dir = common::temp_dir();
        let log = dir.path().join("strace");
        let log_s = log.display().to_string();
        let program = twin.bin("ch30_serv03").display().to_string();
        let args = [
            "-f",
            "-qq",
            "-e",
            "trace=fcntl,accept",
            "-o",
            &log_s,
            &program,
            "127.0.0.1",
            "0",
            "2",
        ];
        let mut server = Server::start("strace", &args, "listening on");
        let line = server.wait_for_line("listening on", Duration::from_secs(10));
        let port = line.rsplit(':').next().unwrap_or("").trim().to_string();
        let out = common::run(
            Twin::Rust.bin("ch30_client"),
            &["127.0.0.1", &port, "2", "5", "100"],
            "",
        );
        assert!(out.status.success(), "{twin:?}: {out:?}");
        drop(server); // kills strace and the server's group
        let text = std::fs::read_to_string(&log).expect("strace log");
        let mut per_child: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
        for line in text.lines() {
            let (pid, call) = line.split_once(' ').unwrap_or(("", line));
            let call = call.trim_start();
            let kind = if call.contains("F_WRLCK") {
                "lock"
            } else if call.contains("F_UNLCK") {
                "unlock"
            } else if call.contains("<... accept resumed>")
                || (call.starts_with("accept(") && !call.contains("<unfinished"))
            {
                "accept" // whole, or the second half of one that waited
            } else {
                continue; // the first half of a waiting accept
            };
            per_child.entry(pid).or_default().push(kind);
        }
        let accepted: usize = per_child
            .values()
            .map(|k| k.iter().filter(|k| **k == "accept").count())
            .sum();
        assert!(accepted >= 10, "{twin:?}: {accepted} accepts seen:\n{text}");
        for (pid, kinds) in &per_child {
            for (i, kind) in kinds.iter().enumerate() {
                let want = ["lock", "accept", "unlock"][i % 3];
                assert_eq!(*kind, want, "{twin:?} child {pid}: {kinds:?}");
            }
        }
    }
}

/// Under strace, `ch30_serv05`'s parent hands a connection (sendmsg on a
/// child's pipe) only to a child that said it was idle: on each pipe,
/// sends and the child's one-byte answers alternate — never two sends in
/// a row. Both twins, 3 children, 60 connections from 3 clients at once.
#[test]
fn descriptors_go_only_to_idle_children() {
    if !common::strace_available() {
        return;
    }
    for twin in Twin::BOTH {
        let dir = common::temp_dir();
        let log = dir.path().join("strace");
        let log_s = log.display().to_string();
        let program = twin.bin("ch30_serv05").display().to_string();
        let args = [
            "-f",
            "-qq",
            "-e",
            "trace=sendmsg,read",
            "-o",
            &log_s,
            &program,
            "127.0.0.1",
            "0",
            "3",
        ];
        let mut server = Server::start("strace", &args, "listening on");
        let line = server.wait_for_line("listening on", Duration::from_secs(10));
        let port = line.rsplit(':').next().unwrap_or("").trim().to_string();
        let out = common::run(
            Twin::Rust.bin("ch30_client"),
            &["127.0.0.1", &port, "3", "20", "100"],
            "",
        );
        assert!(out.status.success(), "{twin:?}: {out:?}");
        std::thread::sleep(Duration::from_millis(200)); // the last "idle" bytes
        drop(server);
        let text = std::fs::read_to_string(&log).expect("strace log");
        // the parent: the process that sends
        let parent = text
            .lines()
            .find(|l| l.contains(" sendmsg("))
            .and_then(|l| l.split_whitespace().next())
            .expect("a sendmsg in the log")
            .to_string();
        let mut per_pipe: std::collections::BTreeMap<String, Vec<char>> = Default::default();
        let mut pending_read = None;
        for l in text.lines() {
            let Some((pid, call)) = l.split_once(' ') else {
                continue;
            };
            if pid != parent {
                continue;
            }
            let call = call.trim_start(); // strace pads short pids
            let (kind, rest) = if let Some(r) = call.strip_prefix("sendmsg(") {
                ('S', r)
            } else if call.starts_with("<... read resumed>") && call.ends_with("= 1") {
                // a read that waited: its pipe is on the line that started it
                let fd = pending_read.take().unwrap_or_default();
                per_pipe.entry(fd).or_default().push('R');
                continue;
            } else if let Some(r) = call.strip_prefix("read(") {
                ('R', r)
            } else {
                continue;
            };
            let fd = rest.split(',').next().unwrap_or("").to_string();
            if kind == 'R' && rest.ends_with("<unfinished ...>") {
                pending_read = Some(fd);
                continue;
            }
            if kind == 'R' && !(rest.contains("\"\\0\", 1)") && rest.ends_with("= 1")) {
                continue; // the loader's reads, before main
            }
            per_pipe.entry(fd).or_default().push(kind);
        }
        let sends: usize = per_pipe
            .values()
            .map(|k| k.iter().filter(|c| **c == 'S').count())
            .sum();
        assert_eq!(sends, 60, "{twin:?}: {per_pipe:?}\n{text}");
        for (fd, kinds) in &per_pipe {
            for (i, kind) in kinds.iter().enumerate() {
                let want = if i % 2 == 0 { 'S' } else { 'R' };
                assert_eq!(*kind, want, "{twin:?}: pipe {fd}: {kinds:?}");
            }
        }
    }
}
