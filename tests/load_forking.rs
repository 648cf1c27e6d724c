//! Load on the forking servers (issue 6 §1): 2,000 connections, 32 at a
//! time, each a full exchange. Every one must be answered; afterwards no
//! child may be left as a zombie and the server's descriptor count must be
//! back where it started (the parent closed its copy of every connection).
//!
//! Servers: `forking_server` (children discarded by `SIGCHLD` = `SIG_IGN`)
//! and `ch05_tcpserv04` (children reaped by a SIGCHLD
//! handler looping over `waitpid(-1, WNOHANG)` — the case where a handler
//! that reaps only one child per signal leaves zombies under load).
//!
//! Each test prints its connection rate on stderr (`cargo test --test
//! load_forking -- --nocapture`); the rate is information, not a pass/fail
//! threshold — timing belongs in `docs/performance.md`, not in tests.
mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::*;
use socklab::*;

/// Connections per test, and how many are open at the same time.
const CONNECTIONS: usize = 2000;
const CONCURRENT: usize = 32;
/// The whole load must finish within this (it takes a few seconds).
const LOAD_LIMIT: Duration = Duration::from_secs(90);

/// A client socket to 127.0.0.1:`port` that gives up reading after 10 s
/// (close-on-exec, so no program another test spawns inherits it). Unlike
/// `common::connect_to` it returns failures: under load they are counted.
fn connect_to(port: u16) -> Result<Fd> {
    let fd = socket(AF_INET, SOCK_STREAM | libc::SOCK_CLOEXEC, 0)?;
    set_rcvtimeo(&fd, 10)?;
    connect(&fd, &sockaddr_in::new(INADDR_LOOPBACK, port))?;
    Ok(fd)
}

/// Reads until end of file (or an error, or 64 KiB), bounded.
fn read_to_eof(fd: &Fd) -> Result<Vec<u8>> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while got.len() < 65536 {
        match read(fd, &mut buf)? {
            0 => break,
            n => got.extend_from_slice(&buf[..n]),
        }
    }
    Ok(got)
}

/// One exchange with `forking_server`: a message in, the fixed reply and
/// end of file back.
fn message_exchange(port: u16, i: usize) -> std::result::Result<(), String> {
    let fd = connect_to(port).map_err(|e| e.to_string())?;
    writen(&fd, format!("load {i}\n").as_bytes()).map_err(|e| e.to_string())?;
    let reply = read_to_eof(&fd).map_err(|e| e.to_string())?;
    if reply != b"I got your message" {
        return Err(format!("reply {:?}", String::from_utf8_lossy(&reply)));
    }
    Ok(())
}

/// One exchange with an echo server (`ch05_tcpserv04`): a line out, the
/// same line back, then close; the server's child sees end of file and exits.
fn echo_exchange(port: u16, i: usize) -> std::result::Result<(), String> {
    let fd = connect_to(port).map_err(|e| e.to_string())?;
    let line = format!("echo line {i}\n");
    writen(&fd, line.as_bytes()).map_err(|e| e.to_string())?;
    let mut back = vec![0u8; line.len()];
    let n = readn(&fd, &mut back).map_err(|e| e.to_string())?;
    if back[..n] != *line.as_bytes() {
        return Err(format!("echo {:?}", String::from_utf8_lossy(&back[..n])));
    }
    shutdown(&fd, SHUT_WR).map_err(|e| e.to_string())?;
    let rest = read_to_eof(&fd).map_err(|e| e.to_string())?;
    if !rest.is_empty() {
        return Err(format!("{} bytes after the echo", rest.len()));
    }
    Ok(())
}

/// Runs `CONNECTIONS` exchanges from `CONCURRENT` client threads; returns
/// the failures (index and reason) and the elapsed time.
fn load(
    port: u16,
    exchange: fn(u16, usize) -> std::result::Result<(), String>,
) -> (Vec<String>, Duration) {
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let workers: Vec<_> = (0..CONCURRENT)
        .map(|_| {
            let next = Arc::clone(&next);
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= CONNECTIONS || start.elapsed() > LOAD_LIMIT {
                        break;
                    }
                    if let Err(e) = exchange(port, i) {
                        failures.push(format!("connection {i}: {e}"));
                    }
                }
                failures
            })
        })
        .collect();
    let mut failures: Vec<String> = workers
        .into_iter()
        .flat_map(|w| {
            w.join()
                .unwrap_or_else(|_| vec!["client thread panicked".into()])
        })
        .collect();
    let done = next.load(Ordering::Relaxed).min(CONNECTIONS);
    if done < CONNECTIONS {
        failures.push(format!(
            "only {done} of {CONNECTIONS} connections tried within {LOAD_LIMIT:?}"
        ));
    }
    (failures, start.elapsed())
}

/// Waits (bounded) until `pid` has no children left, zombie or not.
fn children_gone(pid: u32, limit: Duration) -> Vec<(u32, char)> {
    let deadline = Instant::now() + limit;
    loop {
        let left = children_of(pid);
        if left.is_empty() || Instant::now() >= deadline {
            return left;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The whole check for one server: load, then no zombies, no children,
/// descriptors back, nothing alarming on stderr.
fn load_server(
    name: &str,
    ready: &str,
    exchange: fn(u16, usize) -> std::result::Result<(), String>,
) -> Server {
    let (srv, port) =
        start_on_free_port(example(name), SOCK_STREAM, |p| vec![p.to_string()], ready);
    let pid = srv.pid();
    let fds_before = open_fds(pid);

    let (failures, elapsed) = load(port, exchange);
    eprintln!(
        "{name}: {CONNECTIONS} connections, {CONCURRENT} at a time, in {:.2} s ({:.0} connections/s)",
        elapsed.as_secs_f64(),
        CONNECTIONS as f64 / elapsed.as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{name}: {} failed exchanges, e.g.:\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );

    let zombies = zombies_after(pid, 0, Duration::from_secs(10));
    assert!(
        zombies.is_empty(),
        "{name}: {} zombie children, e.g. {:?}",
        zombies.len(),
        &zombies[..zombies.len().min(5)]
    );
    let left = children_gone(pid, Duration::from_secs(10));
    assert!(left.is_empty(), "{name}: children still there: {left:?}");
    let fds_after = fds_back_to(pid, fds_before, Duration::from_secs(5));
    assert_eq!(
        fds_after, fds_before,
        "{name}: the parent's descriptors did not come back"
    );
    assert!(!has_exited(pid), "{name}: the server ended");
    srv
}

#[test]
fn forking_server_2000_connections() {
    let mut srv = load_server("forking_server", "", message_exchange);
    // Every child printed its client's message: all 2000 lines are there.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = 0;
    while seen < CONNECTIONS && Instant::now() < deadline {
        let lines = srv.drain(Duration::from_millis(100));
        seen = lines
            .iter()
            .filter(|l| l.starts_with("Here is the message: load "))
            .count();
    }
    assert_eq!(seen, CONNECTIONS, "lines printed by the children");
    let out = srv.stop();
    assert!(
        out.stderr.is_empty(),
        "forking_server stderr: {}",
        out.stderr
    );
}

/// Stevens' figure 5.12 server: the SIGCHLD handler loops over
/// `waitpid(-1, WNOHANG)` and prints "child N terminated" for each child.
/// Under load many children end between two signals (signals are not
/// queued): only the loop reaps them all, so every one of the 2000
/// children must be reported, exactly once, and none left a zombie.
#[test]
fn tcpserv04_2000_connections() {
    let mut srv = load_server("ch05_tcpserv04", "listening on ", echo_exchange);
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut reaped = std::collections::BTreeSet::new();
    let mut lines = 0;
    while reaped.len() < CONNECTIONS && Instant::now() < deadline {
        let seen = srv.drain(Duration::from_millis(100));
        let terminated: Vec<&String> = seen
            .iter()
            .filter(|l| l.starts_with("child ") && l.ends_with(" terminated"))
            .collect();
        lines = terminated.len();
        reaped = terminated.into_iter().cloned().collect();
    }
    assert_eq!(
        reaped.len(),
        CONNECTIONS,
        "children reported reaped by the handler"
    );
    assert_eq!(lines, CONNECTIONS, "a child reported twice");
    let out = srv.stop();
    assert!(
        out.stderr.is_empty(),
        "ch05_tcpserv04 stderr: {}",
        out.stderr
    );
}
