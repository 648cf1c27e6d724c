//! UNP chapter 25, signal-driven I/O: the SIGIO echo server
//! (`ch25_udpserv01`, Rust and C) echoes every line of six clients at
//! once — three Rust `ch08_udpcli01`, three C — 2,000 lines each, intact
//! and in order; SIGHUP then prints a histogram of datagrams per SIGIO
//! whose counts add up to every datagram received. (The book's
//! `script.1` runs six clients at once the same way.)
mod common;

use std::time::Duration;

use common::*;
use socklab::SOCK_DGRAM;

const LINES: usize = 2000;
const CLIENTS: usize = 6;

/// `count` distinct lines for client `k`: each echoed line must come back
/// to the client that sent it, unchanged.
fn input(k: usize) -> String {
    (0..LINES)
        .map(|i| format!("client {k} line {i:04} {}\n", "x".repeat(i % 50)))
        .collect()
}

/// Parses `cntread[i] = n` lines into (i, n).
fn histogram(lines: &[String]) -> Vec<(usize, u64)> {
    lines
        .iter()
        .filter_map(|l| {
            let rest = l.strip_prefix("cntread[")?;
            let (i, n) = rest.split_once("] = ")?;
            Some((i.parse().ok()?, n.trim().parse().ok()?))
        })
        .collect()
}

fn six_clients_then_sighup(server: Twin) {
    let (mut srv, port) = start_on_free_port(
        server.bin("ch25_udpserv01"),
        SOCK_DGRAM,
        |p| vec![p.to_string(), "127.0.0.1".to_string()],
        "bound to",
    );
    let port_s = port.to_string();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|k| {
            let twin = if k % 2 == 0 { Twin::Rust } else { Twin::C };
            let bin = twin.bin("ch08_udpcli01");
            let port_s = port_s.clone();
            std::thread::spawn(move || {
                let want = input(k);
                let out = run(&bin, &["127.0.0.1", &port_s], &want);
                (k, twin, want, out)
            })
        })
        .collect();
    for c in clients {
        let (k, twin, want, out) = c.join().expect("client thread");
        assert!(
            out.status.success() && !out.timed_out,
            "client {k} ({twin:?}) against {server:?}: {:?}\n{}",
            out.status,
            out.stderr
        );
        assert!(
            out.stdout == want,
            "client {k} ({twin:?}) against {server:?}: {} of {} bytes came back, not the same",
            out.stdout.len(),
            want.len()
        );
    }
    let ok = std::process::Command::new("kill")
        .args(["-HUP", &srv.pid().to_string()])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "kill -HUP");
    srv.wait_for_line("cntread[8] = ", Duration::from_secs(10));
    let hist = histogram(&srv.seen);
    assert_eq!(
        hist.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        (0..=8).collect::<Vec<_>>(),
        "{server:?}: {:?}",
        srv.seen
    );
    eprintln!("{server:?}: {hist:?}");
    let datagrams: u64 = hist.iter().map(|(i, n)| *i as u64 * n).sum();
    assert_eq!(
        datagrams,
        (CLIENTS * LINES) as u64,
        "{server:?}: the histogram's datagrams (sum of i × cntread[i]) are every one received: {hist:?}"
    );
    let out = srv.stop();
    assert!(out.stderr.is_empty(), "{server:?}: {}", out.stderr);
}

#[test]
fn rust_sigio_server_echoes_six_clients_and_counts_them() {
    six_clients_then_sighup(Twin::Rust);
}

#[test]
fn c_sigio_server_echoes_six_clients_and_counts_them() {
    six_clients_then_sighup(Twin::C);
}
