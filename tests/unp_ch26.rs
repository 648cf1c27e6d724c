//! UNP chapter 26, threads: the thread-per-client echo servers (Rust and
//! C) serve 200 clients at once with every byte echoed and no thread left
//! behind; the two-thread client echoes in every Rust/C mix; the counter
//! without a lock loses updates on a multi-core machine within a bounded
//! number of tries, and with the mutex never does. Also the `pthread`
//! wrappers themselves, and trace mode's `clone3` against real strace.
mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use socklab::pthread::pthread_mutex_lock;
use socklab::*;

/// The threads of process `pid` (from /proc).
fn threads_of(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|d| d.count())
        .unwrap_or(0)
}

fn two_hundred_clients(server: Twin, name: &str) {
    let (srv, port) = start_on_free_port(server.bin(name), SOCK_STREAM, port_arg, "listening on ");
    let fds_before = open_fds(srv.pid());
    let clients: Vec<_> = (0..200)
        .map(|k| {
            std::thread::spawn(move || {
                let msg: Vec<u8> = (0..5000u32).map(|i| (i * 7 + k) as u8).collect();
                let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
                s.set_read_timeout(Some(Duration::from_secs(20)))
                    .expect("timeout");
                s.write_all(&msg).expect("write");
                s.shutdown(std::net::Shutdown::Write).expect("shutdown");
                let mut back = Vec::new();
                s.read_to_end(&mut back).expect("read");
                back == msg
            })
        })
        .collect();
    let echoed = clients
        .into_iter()
        .map(|c| c.join())
        .filter(|r| matches!(r, Ok(true)))
        .count();
    assert_eq!(
        echoed, 200,
        "{name} ({server:?}): every byte of every client echoed"
    );
    // every thread ends (detached: nobody joins it) and closes its socket
    let start = Instant::now();
    while threads_of(srv.pid()) > 1 && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        threads_of(srv.pid()),
        1,
        "{name} ({server:?}): threads left behind"
    );
    assert_eq!(
        fds_back_to(srv.pid(), fds_before, Duration::from_secs(5)),
        fds_before,
        "{name} ({server:?}): descriptors left open"
    );
}

#[test]
fn threaded_servers_serve_200_clients_at_once() {
    for server in Twin::BOTH {
        two_hundred_clients(server, "ch26_tcpserv01");
        two_hundred_clients(server, "ch26_tcpserv02");
    }
}

#[test]
fn two_thread_client_echoes_in_every_mix() {
    let input: String = (0..500)
        .map(|i| format!("line {i} {}\n", "y".repeat(i % 70)))
        .collect();
    for (client, server) in TWIN_PAIRS {
        let (_srv, port) = start_on_free_port(
            server.bin("ch26_tcpserv01"),
            SOCK_STREAM,
            port_arg,
            "listening on ",
        );
        let out = run(
            client.bin("ch26_tcpcli01"),
            &["127.0.0.1", &port.to_string()],
            &input,
        );
        out.assert_success();
        assert!(
            out.stdout == input,
            "{client:?} -> {server:?}: the echo differs"
        );
    }
}

/// The values a counter program printed, in order (`id: value` lines).
fn printed(out: &Output) -> Vec<u32> {
    out.stdout
        .lines()
        .filter_map(|l| l.rsplit_once(": ")?.1.parse().ok())
        .collect()
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[test]
fn without_a_lock_updates_are_lost() {
    if cores() < 2 {
        eprintln!("SKIPPED: one core; lost updates need two threads running at once");
        return;
    }
    for twin in Twin::BOTH {
        let lost = (0..20).any(|_| {
            let out = run(twin.bin("ch26_example01"), &[], "");
            out.assert_success();
            let values = printed(&out);
            assert_eq!(values.len(), 10000, "{twin:?}: one line per increment");
            values.iter().max().copied().unwrap_or(0) < 10000
        });
        assert!(lost, "{twin:?}: 20 runs and not one lost update");
    }
}

#[test]
fn with_the_mutex_no_update_is_lost() {
    for twin in Twin::BOTH {
        for _ in 0..5 {
            let out = run(twin.bin("ch26_example02"), &[], "");
            out.assert_success();
            let values = printed(&out);
            assert_eq!(
                values,
                (1..=10000).collect::<Vec<u32>>(),
                "{twin:?}: every value once, in order"
            );
        }
    }
}

// ---------------------------------------------------------------------
// The wrappers
// ---------------------------------------------------------------------

#[test]
fn join_returns_the_value_and_reports_a_panic() {
    let tid = pthread_create(|| String::from("done")).expect("create");
    assert_ne!(tid.id(), pthread_self());
    assert_eq!(pthread_join(tid).expect("join"), "done");
    let tid = pthread_create(|| -> i32 { panic!("on purpose") }).expect("create");
    let err = pthread_join(tid).unwrap_err();
    assert_eq!(err.errno(), None);
    assert!(err.to_string().contains("panicked"), "{err}");
}

#[test]
fn a_mutex_counts_every_increment() {
    let counter = Arc::new(pthread_mutex_t::new(0u64));
    let tids: Vec<_> = (0..4)
        .map(|_| {
            let counter = Arc::clone(&counter);
            pthread_create(move || {
                for _ in 0..10000 {
                    *pthread_mutex_lock(&counter).expect("lock") += 1;
                }
            })
            .expect("create")
        })
        .collect();
    for tid in tids {
        pthread_join(tid).expect("join");
    }
    assert_eq!(*pthread_mutex_lock(&counter).expect("lock"), 40000);
}

#[test]
fn condition_variables_wake_and_time_out() {
    // producer/consumer (example03's shape): 100 items through a queue
    let shared = Arc::new((
        pthread_mutex_t::new(std::collections::VecDeque::new()),
        pthread_cond_t::new(),
    ));
    let theirs = Arc::clone(&shared);
    let producer = pthread_create(move || {
        let (queue, cond) = &*theirs;
        for i in 0..100 {
            pthread_mutex_lock(queue).expect("lock").push_back(i);
            pthread_cond_signal(cond);
        }
    })
    .expect("create");
    let (queue, cond) = &*shared;
    let mut got = Vec::new();
    let mut guard = pthread_mutex_lock(queue).expect("lock");
    while got.len() < 100 {
        while let Some(i) = guard.pop_front() {
            got.push(i);
        }
        if got.len() < 100 {
            guard = pthread_cond_wait(cond, guard).expect("wait");
        }
    }
    drop(guard);
    pthread_join(producer).expect("join");
    assert_eq!(got, (0..100).collect::<Vec<_>>());
    let guard = pthread_mutex_lock(queue).expect("lock");
    let start = Instant::now();
    let (_guard, timed_out) =
        pthread_cond_timedwait(cond, guard, Duration::from_millis(100)).expect("timedwait");
    assert!(timed_out && start.elapsed() >= Duration::from_millis(90));
    pthread_cond_broadcast(cond);
}

/// Trace mode prints each `pthread_create` as the `clone3` strace shows,
/// with the same new thread id.
#[test]
fn trace_mode_prints_clone3_as_strace_does() {
    if !strace_available() {
        return;
    }
    let file = unp_strace_file("ch26-clone3");
    let out = output_within(
        Command::new("strace")
            .arg("-f")
            .arg("-o")
            .arg(&file)
            .args(["-e", "trace=clone3", "--"])
            .arg(example("ch26_example02"))
            .env("SOCKLAB_TRACE", "1"),
    );
    assert!(out.status.success(), "{}", out.stderr);
    let printed: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("clone3("))
        .collect();
    let real: Vec<String> = strace::read_lines(&file)
        .into_iter()
        .filter(|l| l.contains("clone3("))
        .collect();
    assert_eq!(printed.len(), 2, "{}", out.stderr);
    assert_eq!(real.len(), 2, "{real:?}");
    for (p, r) in printed.iter().zip(&real) {
        let tid = |l: &str| l.rsplit_once(" = ").map(|(_, t)| t.trim().to_string());
        assert_eq!(tid(p), tid(r), "trace mode {p}\nstrace     {r}");
        let flags = |l: &str| {
            l.split_once("{flags=")
                .and_then(|(_, f)| f.split(',').next().map(String::from))
        };
        assert_eq!(flags(p), flags(r));
        assert!(p.contains(&format!(
            "=> {{parent_tid=[{}]}}, 88)",
            tid(r).unwrap_or_default()
        )));
    }
}
