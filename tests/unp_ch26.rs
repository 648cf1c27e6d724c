//! UNP chapter 26, threads: the thread-per-client echo servers (Rust and
//! C) serve 200 clients at once with every byte echoed and no thread left
//! behind; the two-thread client echoes in every Rust/C mix; the counter
//! without a lock loses updates on a multi-core machine within a bounded
//! number of tries, and with the mutex never does. Also the `pthread`
//! wrappers themselves, and trace mode's `clone3` against real strace;
//! `pthread_once`; the producer and consumer (`ch26_example03`); the web
//! client with a thread per file (`ch26_web03`): every file exact, and
//! never more connections than it was given.
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

/// No poisoning, as in C: a thread that panics while it holds the lock
/// unlocks it (its guard is dropped as it unwinds), and the next thread
/// finds the data as it was left.
#[test]
fn a_panic_while_locked_unlocks_the_mutex() {
    let shared = Arc::new(pthread_mutex_t::new(Vec::<i32>::new()));
    let theirs = Arc::clone(&shared);
    let tid = pthread_create(move || {
        let mut v = pthread_mutex_lock(&theirs).expect("lock");
        v.push(1);
        panic!("on purpose, holding the lock");
    })
    .expect("create");
    assert!(pthread_join(tid).is_err(), "the panic is reported");
    let mut v = pthread_mutex_lock(&shared).expect("not poisoned, not held");
    v.push(2);
    assert_eq!(*v, [1, 2]);
}

/// The C objects stay where they are when the Rust value moves: a
/// mutex and a condition variable used, moved, and used again (also by
/// another thread).
#[test]
fn a_used_mutex_and_condition_variable_can_move() {
    let m = pthread_mutex_t::new(1);
    let cond = pthread_cond_t::new();
    let guard = pthread_mutex_lock(&m).expect("lock");
    let (guard, timed_out) =
        pthread_cond_timedwait(&cond, guard, Duration::from_millis(1)).expect("timedwait");
    assert!(timed_out);
    drop(guard);
    let moved = Arc::new((vec![m], cond)); // both move
    let theirs = Arc::clone(&moved);
    let tid = pthread_create(move || {
        let (m, cond) = &*theirs;
        *pthread_mutex_lock(&m[0]).expect("lock") += 1;
        pthread_cond_signal(cond);
    })
    .expect("create");
    let (m, cond) = &*moved;
    let mut n = pthread_mutex_lock(&m[0]).expect("lock");
    while *n == 1 {
        n = pthread_cond_wait(cond, n).expect("wait");
    }
    assert_eq!(*n, 2);
    drop(n);
    pthread_join(tid).expect("join");
}

/// A condition variable goes with one mutex: a wait with a second one is
/// refused (POSIX leaves it undefined), and its guard is dropped
/// (unlocked). A mutex dropped while locked (its guard forgotten) is not
/// destroyed — that would be undefined — but left alone.
#[test]
fn a_condition_variable_refuses_a_second_mutex() {
    let (a, b, cond) = (
        pthread_mutex_t::new(()),
        pthread_mutex_t::new(()),
        pthread_cond_t::new(),
    );
    let (_, timed_out) = pthread_cond_timedwait(
        &cond,
        pthread_mutex_lock(&a).expect("lock a"),
        Duration::from_millis(1),
    )
    .expect("timedwait with a");
    assert!(timed_out);
    let err = pthread_cond_wait(&cond, pthread_mutex_lock(&b).expect("lock b")).unwrap_err();
    assert_eq!(err.errno(), None);
    assert!(err.to_string().contains("another mutex"), "{err}");
    drop(pthread_mutex_lock(&b).expect("b was unlocked"));
    std::mem::forget(pthread_mutex_lock(&a).expect("lock a"));
    drop(a); // locked: not destroyed
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

// ---------------------------------------------------------------------
// Thread-specific data (§ 26.5)
// ---------------------------------------------------------------------

/// Twenty clients at once, each sending its 200 lines in pieces that cut
/// lines in two: each gets back exactly its own lines — every thread's
/// readline buffer is its own.
fn readline_buffers_are_per_thread(server: Twin) {
    let (_srv, port) = start_on_free_port(
        server.bin("ch26_readline"),
        SOCK_STREAM,
        port_arg,
        "listening on ",
    );
    let clients: Vec<_> = (0..20)
        .map(|k| {
            std::thread::spawn(move || {
                let text: String = (0..200)
                    .map(|i| format!("client {k:02} line {i:03}\n"))
                    .collect();
                let bytes = text.as_bytes();
                let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
                s.set_read_timeout(Some(Duration::from_secs(20)))
                    .expect("timeout");
                // pieces of 7..=33 bytes, each written on its own
                let mut at = 0;
                let mut size = 7 + k;
                while at < bytes.len() {
                    let end = (at + size).min(bytes.len());
                    s.write_all(&bytes[at..end]).expect("write");
                    at = end;
                    size = 7 + (size * 5 + 3) % 27;
                    std::thread::sleep(Duration::from_micros(200));
                }
                s.shutdown(std::net::Shutdown::Write).expect("shutdown");
                let mut back = String::new();
                s.read_to_string(&mut back).expect("read");
                back == text
            })
        })
        .collect();
    let good = clients
        .into_iter()
        .map(|c| c.join())
        .filter(|r| matches!(r, Ok(true)))
        .count();
    assert_eq!(
        good, 20,
        "{server:?}: every client got exactly its own lines"
    );
}

#[test]
fn readline_keeps_a_buffer_per_thread() {
    for server in Twin::BOTH {
        readline_buffers_are_per_thread(server);
    }
}

#[test]
fn thread_specific_values_are_per_thread_and_dropped_at_exit() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static DROPPED: AtomicUsize = AtomicUsize::new(0);
    struct Counted(u32);
    impl Drop for Counted {
        fn drop(&mut self) {
            DROPPED.fetch_add(1, Ordering::SeqCst);
        }
    }
    let key = Arc::new(pthread_key_create::<Counted>().expect("key"));
    assert!(pthread_getspecific(&key).is_none());
    let tids: Vec<_> = (0..4u32)
        .map(|i| {
            let key = Arc::clone(&key);
            pthread_create(move || {
                assert!(
                    pthread_getspecific(&key).is_none(),
                    "a new thread starts empty"
                );
                assert!(
                    pthread_setspecific(&key, Box::new(Counted(i)))
                        .expect("set")
                        .is_none()
                );
                let mine = pthread_getspecific(&key).expect("mine");
                let seen = mine.0;
                pthread_setspecific(&key, mine).expect("put back");
                seen
            })
            .expect("create")
        })
        .collect();
    let seen: Vec<u32> = tids
        .into_iter()
        .map(|t| pthread_join(t).expect("join"))
        .collect();
    assert_eq!(seen, [0, 1, 2, 3], "each thread saw its own value");
    // each thread's value was dropped when the thread ended (the destructor)
    assert_eq!(DROPPED.load(Ordering::SeqCst), 4);
}

// ---------------------------------------------------------------------
// pthread_once (§ 26.5)
// ---------------------------------------------------------------------

/// Eight threads race to `pthread_once` the same control (and the main
/// thread calls it again afterwards): the function runs once, and every
/// caller returns only after it has finished.
#[test]
fn pthread_once_runs_its_function_once_and_everyone_waits_for_it() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static ONCE: pthread_once_t = PTHREAD_ONCE_INIT;
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    static FINISHED: AtomicUsize = AtomicUsize::new(0);
    extern "C" fn init() {
        RUNS.fetch_add(1, Ordering::SeqCst);
        // slow, so that the other callers arrive while it runs
        std::thread::sleep(Duration::from_millis(200));
        FINISHED.store(1, Ordering::SeqCst);
    }
    let tids: Vec<_> = (0..8)
        .map(|_| {
            pthread_create(|| {
                pthread_once(&ONCE, init).expect("pthread_once");
                FINISHED.load(Ordering::SeqCst) // seen on return
            })
            .expect("create")
        })
        .collect();
    for tid in tids {
        assert_eq!(
            pthread_join(tid).expect("join"),
            1,
            "a caller returned before init had finished"
        );
    }
    pthread_once(&ONCE, init).expect("again");
    assert_eq!(RUNS.load(Ordering::SeqCst), 1, "init ran more than once");
}

// ---------------------------------------------------------------------
// Producer and consumer (example03)
// ---------------------------------------------------------------------

#[test]
fn producer_and_consumer_pass_every_item_once_in_order() {
    for twin in Twin::BOTH {
        for _ in 0..5 {
            let out = run(twin.bin("ch26_example03"), &[], "");
            out.assert_success();
            assert_eq!(
                out.stdout,
                "producer: put 10000 items through a buffer of 8\n\
                 consumer: got 10000 items, 0 out of order\n",
                "{twin:?}"
            );
        }
    }
}

/// Under strace, the futex calls of both twins of `ch26_example03` use
/// glibc's words only — the mutex's `FUTEX_WAIT_PRIVATE`, the condition
/// variable's `FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME`, the wakes,
/// and `pthread_join`'s wait on the thread id — and each twin waits for a
/// condition at least once (10,000 items through 8 slots). Rust std's
/// mutex and condition variable would show `FUTEX_WAIT_BITSET_PRIVATE`
/// without the clock.
#[test]
fn producer_and_consumer_make_glibcs_futex_calls_in_both_twins() {
    if !strace_available() {
        return;
    }
    const GLIBC: &[&str] = &[
        "FUTEX_WAIT_PRIVATE",
        "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME",
        "FUTEX_WAKE_PRIVATE",
        "FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME", // pthread_join
    ];
    for twin in Twin::BOTH {
        let file = unp_strace_file(&format!("ch26-prodcons-futex-{twin:?}"));
        let out = run_under_strace(&file, "futex", true, &twin.bin("ch26_example03"), &[], "");
        assert!(out.status.success(), "{twin:?}: {}", out.stderr);
        let ops: Vec<String> = strace::read_lines(&file)
            .iter()
            .filter_map(|l| l.strip_prefix("futex("))
            .filter_map(|l| l.split(", ").nth(1).map(String::from))
            .collect();
        let strange: std::collections::BTreeSet<&String> = ops
            .iter()
            .filter(|op| !GLIBC.contains(&op.as_str()))
            .collect();
        assert!(
            strange.is_empty(),
            "{twin:?}: futex words glibc's mutex and condition variable do not use: {strange:?}"
        );
        assert!(
            ops.iter().any(|op| op == GLIBC[1]),
            "{twin:?}: no condition wait in {} futex calls",
            ops.len()
        );
    }
}

// ---------------------------------------------------------------------
// A signal nobody waits for: no system call, as in C
// ---------------------------------------------------------------------

const SIGNAL_PROBE: &str = "SOCKLAB_CH26_SIGNAL_PROBE";
const PROBE_BEGIN: &str = "cond probe: begin\n";
const PROBE_END: &str = "cond probe: end\n";

/// The C side of [`a_signal_nobody_waits_for_makes_no_futex_call`]: the
/// same steps as [`signal_probe`], as the book writes them.
const SIGNAL_PROBE_C: &str = r#"#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int waiting, ready;

static void *
waiter(void *arg)
{
	pthread_mutex_lock(&mutex);
	waiting = 1;
	while (ready == 0)
		pthread_cond_wait(&cond, &mutex);
	pthread_mutex_unlock(&mutex);
	return NULL;
}

int
main(int argc, char **argv)
{
	pthread_t tid;

	/* once with a waiter, so the condition variable has been used:
	   seen under the mutex, waiting == 1 means the thread is in
	   pthread_cond_wait, which gave the mutex up */
	pthread_create(&tid, NULL, waiter, NULL);
	pthread_mutex_lock(&mutex);
	while (waiting == 0) {
		pthread_mutex_unlock(&mutex);
		sched_yield();
		pthread_mutex_lock(&mutex);
	}
	ready = 1;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&mutex);
	pthread_join(tid, NULL);

	write(2, "cond probe: begin\n", strlen("cond probe: begin\n"));
	pthread_mutex_lock(&mutex);
	pthread_cond_signal(&cond);
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&mutex);
	pthread_cond_signal(&cond);
	write(2, "cond probe: end\n", strlen("cond probe: end\n"));
	return 0;
}
"#;

/// Runs only as the subprocess of
/// [`a_signal_nobody_waits_for_makes_no_futex_call`] (under strace): the
/// steps of [`SIGNAL_PROBE_C`], with socklab, between two marker writes.
#[test]
fn signal_probe() {
    if std::env::var_os(SIGNAL_PROBE).is_none() {
        return; // only meaningful as the subprocess
    }
    /// (waiting, ready)
    static MUTEX: pthread_mutex_t<(bool, bool)> = pthread_mutex_t::new((false, false));
    static COND: pthread_cond_t = pthread_cond_t::new();
    // once with a waiter, so the condition variable has been used: seen
    // under the mutex, `waiting` means the thread is in pthread_cond_wait,
    // which gave the mutex up
    let tid = pthread_create(|| {
        let mut state = pthread_mutex_lock(&MUTEX).expect("lock");
        state.0 = true;
        while !state.1 {
            state = pthread_cond_wait(&COND, state).expect("wait");
        }
    })
    .expect("create");
    let start = Instant::now();
    let mut state = pthread_mutex_lock(&MUTEX).expect("lock");
    while !state.0 {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the thread never waited"
        );
        pthread::pthread_mutex_unlock(state);
        std::thread::yield_now();
        state = pthread_mutex_lock(&MUTEX).expect("lock");
    }
    state.1 = true;
    pthread_cond_signal(&COND);
    pthread::pthread_mutex_unlock(state);
    pthread_join(tid).expect("join");

    let mut stderr = std::io::stderr(); // unbuffered: one write(2) each
    stderr.write_all(PROBE_BEGIN.as_bytes()).expect("marker");
    let ready = pthread_mutex_lock(&MUTEX).expect("lock");
    pthread_cond_signal(&COND);
    pthread_cond_broadcast(&COND);
    pthread::pthread_mutex_unlock(ready);
    pthread_cond_signal(&COND);
    stderr.write_all(PROBE_END.as_bytes()).expect("marker");
}

/// The calls thread `pid` made between the marker writes, from a trace of
/// `futex` and `write`.
fn between_markers(file: &std::path::Path) -> Vec<String> {
    let lines = strace::read_strace(file);
    let marker = |l: &strace::RawLine, m: &str| l.text.starts_with(&format!("write(2, {m:?}"));
    let begin = lines
        .iter()
        .position(|l| marker(l, PROBE_BEGIN))
        .unwrap_or_else(|| panic!("no begin marker in {}", file.display()));
    let pid = lines[begin].pid;
    let end = lines[begin..]
        .iter()
        .position(|l| l.pid == pid && marker(l, PROBE_END))
        .unwrap_or_else(|| panic!("no end marker in {}", file.display()));
    lines[begin + 1..begin + end]
        .iter()
        .filter(|l| l.pid == pid)
        .map(|l| l.text.clone())
        .collect()
}

/// glibc's `pthread_cond_signal` and `pthread_cond_broadcast` make no
/// system call when nobody waits (nor does an uncontended lock and
/// unlock): under real strace the thread makes no `futex` call between
/// its two marker writes — in the C program as in the Rust one, after a
/// first round in which a thread did wait.
#[test]
fn a_signal_nobody_waits_for_makes_no_futex_call() {
    if !strace_available() {
        return;
    }
    // C: the probe compiled with the system cc
    let dir = temp_dir();
    let src = dir.path().join("signal_probe.c");
    let bin = dir.path().join("signal_probe");
    std::fs::write(&src, SIGNAL_PROBE_C).expect("write the C probe");
    let cc = Command::new("cc")
        .arg("-pthread")
        .arg("-o")
        .arg(&bin)
        .arg(&src)
        .output()
        .expect("run cc");
    assert!(
        cc.status.success(),
        "cc: {}",
        String::from_utf8_lossy(&cc.stderr)
    );
    let file = unp_strace_file("ch26-signal-probe-C");
    let out = run_under_strace(&file, "futex,write", true, &bin, &[], "");
    assert!(out.status.success(), "C probe: {}", out.stderr);
    let c_calls = between_markers(&file);

    // Rust: this test binary's signal_probe, alone
    let file = unp_strace_file("ch26-signal-probe-Rust");
    let exe = std::env::current_exe().expect("current_exe");
    let out = output_within(
        Command::new("strace")
            .args(strace_argv(
                &file,
                "futex,write",
                true,
                &exe,
                &["--exact", "signal_probe", "--test-threads=1", "--nocapture"],
            ))
            .env(SIGNAL_PROBE, "1"),
    );
    assert!(out.status.success(), "Rust probe: {}", out.stderr);
    assert!(out.stdout.contains("1 passed"), "{}", out.stdout);
    let rust_calls = between_markers(&file);

    assert_eq!(
        c_calls,
        Vec::<String>::new(),
        "C: calls between the markers"
    );
    assert_eq!(
        rust_calls,
        Vec::<String>::new(),
        "Rust: calls between the markers"
    );
}

// ---------------------------------------------------------------------
// The web client with a thread per file (§§ 26.8–26.9)
// ---------------------------------------------------------------------

/// A directory with an index page and 12 files, empty to ~120 KB.
fn web_root() -> (tempfile::TempDir, Vec<(String, Vec<u8>)>) {
    let dir = temp_dir();
    std::fs::write(dir.path().join("index.html"), "<html>home</html>\n").expect("index");
    let mut files = Vec::new();
    for i in 0..12u32 {
        let len = (i * i * 850) as usize;
        let name = format!("f{i:02}.bin");
        let body: Vec<u8> = (0..len as u32)
            .map(|b| (b.wrapping_mul(31) ^ (b >> 8) ^ i) as u8)
            .collect();
        std::fs::write(dir.path().join(&name), &body).expect("file");
        files.push((format!("/{name}"), body));
    }
    (dir, files)
}

/// The web client's own account of a run, checked line by line: every
/// file started once by a thread and joined once (same thread id), its
/// `read N bytes` adding up to `bytes[name]`, and never more than
/// `conns` threads between start and join.
fn check_web03_output(stdout: &str, files: &[(String, usize)], conns: usize, what: &str) {
    use std::collections::HashMap;
    let mut started: HashMap<&str, &str> = HashMap::new(); // name -> thread id
    let mut joined: HashMap<&str, &str> = HashMap::new();
    let mut read: HashMap<&str, usize> = HashMap::new();
    let mut eof: HashMap<&str, usize> = HashMap::new();
    let (mut open, mut most) = (0usize, 0usize);
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("do_get_read for ") {
            // do_get_read for /f00.bin, fd 3, thread 1403…
            let (name, tail) = rest.split_once(", fd ").expect(line);
            let tid = tail.split_once(", thread ").expect(line).1;
            assert!(
                started.insert(name, tid).is_none(),
                "{what}: {name} started twice"
            );
            open += 1;
            most = most.max(open);
        } else if let Some(rest) = line.strip_prefix("thread ") {
            // thread 1403… for /f00.bin done
            let (tid, tail) = rest.split_once(" for ").expect(line);
            let name = tail.strip_suffix(" done").expect(line);
            assert!(
                joined.insert(name, tid).is_none(),
                "{what}: {name} joined twice"
            );
            assert_eq!(
                started.get(name),
                Some(&tid),
                "{what}: {name} joined before it started, or by another id"
            );
            open -= 1;
        } else if let Some(rest) = line.strip_prefix("read ")
            && let Some((n, name)) = rest.split_once(" bytes from ")
        {
            *read.entry(name).or_default() += n.parse::<usize>().expect(line);
        } else if let Some(name) = line.strip_prefix("end-of-file on ") {
            *eof.entry(name).or_default() += 1;
        }
    }
    assert!(
        most <= conns,
        "{what}: {most} threads at once, more than {conns}"
    );
    assert_eq!(open, 0, "{what}: threads never joined");
    for (name, len) in files {
        let n = name.as_str();
        assert!(joined.contains_key(n), "{what}: {name} never joined");
        assert_eq!(eof.get(n), Some(&1), "{what}: {name}: end-of-file lines");
        assert_eq!(
            read.get(n).copied().unwrap_or(0),
            19 + len,
            "{what}: {name}: bytes read (19: the header)"
        );
    }
    assert_eq!(started.len(), files.len(), "{what}: files started");
}

/// Against `ch16_httpd` (Rust and C, in every mix), with 1, 3 and 12
/// threads at a time: every file arrives exactly, header and body, and
/// the client's own lines add up.
#[test]
fn web03_fetches_every_file_exactly() {
    let (root, files) = web_root();
    let sizes: Vec<(String, usize)> = files.iter().map(|(n, b)| (n.clone(), b.len())).collect();
    for (web, httpd) in TWIN_PAIRS {
        let (_srv, port) = start_on_free_port(
            httpd.bin("ch16_httpd"),
            SOCK_STREAM,
            |p| vec![path_str(root.path()).to_string(), p.to_string()],
            "listening on",
        );
        for conns in [1, 3, 12] {
            let out_dir = temp_dir();
            let (port_s, conns_s) = (port.to_string(), conns.to_string());
            let mut args = vec![
                "-p",
                &port_s,
                "-o",
                path_str(out_dir.path()),
                &conns_s,
                "127.0.0.1",
                "/",
            ];
            args.extend(files.iter().map(|(n, _)| n.as_str()));
            let out = run(web.bin("ch26_web03"), &args, "");
            out.assert_success();
            let what = format!("{web:?} web03, {httpd:?} httpd, {conns} threads");
            assert!(out.stdout.starts_with("nfiles = 12\n"), "{what}");
            let home: usize = out
                .stdout
                .lines()
                .filter_map(|l| l.strip_prefix("read ")?.strip_suffix(" bytes of home page"))
                .map(|n| n.parse::<usize>().expect("a count"))
                .sum();
            assert_eq!(home, 37, "{what}: the home page, header (19) and body (18)");
            check_web03_output(&out.stdout, &sizes, conns, &what);
            for (name, body) in &files {
                let saved = std::fs::read(out_dir.path().join(name.replace('/', "_")))
                    .unwrap_or_else(|e| panic!("{what}: {name}: {e}"));
                let mut want = b"HTTP/1.0 200 OK\r\n\r\n".to_vec();
                want.extend_from_slice(body);
                assert!(saved == want, "{what}: {name} differs");
            }
        }
    }
}

/// A web server played by the test that holds every reply back until it
/// has as many connections open at once as a correct client can have
/// (`conns`, or the files left if fewer), then gives a more-than-allowed
/// connection 300 ms to show up, and only then answers the batch. The
/// home page (one connection, before any thread) is answered at once.
/// Returns the most connections it held at once, or what went wrong.
fn gated_web_server(
    nfiles: usize,
    conns: usize,
) -> (
    u16,
    std::thread::JoinHandle<std::result::Result<usize, String>>,
) {
    use std::io::ErrorKind;
    use std::net::TcpListener;
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    listener.set_nonblocking(true).expect("nonblocking");
    let handle = std::thread::spawn(move || {
        let accept = |limit: Duration| -> Option<TcpStream> {
            let start = Instant::now();
            loop {
                match listener.accept() {
                    Ok((s, _)) => {
                        s.set_nonblocking(false).ok()?;
                        return Some(s);
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock && start.elapsed() < limit => {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    Err(_) => return None,
                }
            }
        };
        let answer = |mut s: TcpStream| -> std::result::Result<(), String> {
            s.set_read_timeout(Some(Duration::from_secs(20)))
                .map_err(|e| e.to_string())?;
            let mut req = Vec::new();
            let mut byte = [0u8; 1];
            while !req.ends_with(b"\r\n\r\n") {
                match s.read(&mut byte) {
                    Ok(1) => req.push(byte[0]),
                    other => return Err(format!("request cut short: {other:?}")),
                }
            }
            s.write_all(b"HTTP/1.0 200 OK\r\n\r\nhello\n")
                .map_err(|e| e.to_string())
        };
        let home = accept(Duration::from_secs(20)).ok_or("no home page connection")?;
        answer(home)?;
        let (mut left, mut most) = (nfiles, 0);
        while left > 0 {
            let want = conns.min(left);
            let mut held = Vec::new();
            while held.len() < want {
                match accept(Duration::from_secs(20)) {
                    Some(s) => held.push(s),
                    None => {
                        return Err(format!("only {} of {want} connections at once", held.len()));
                    }
                }
            }
            if accept(Duration::from_millis(300)).is_some() {
                return Err(format!("more than {conns} connections at once"));
            }
            most = most.max(held.len());
            for s in held {
                answer(s)?;
            }
            left -= want;
        }
        Ok(most)
    });
    (port, handle)
}

/// The connection limit: with `#conns` 2 and 3 and seven files, the
/// server sees exactly that many connections at once, never more (Rust
/// and C).
#[test]
fn web03_keeps_to_its_connection_limit() {
    let names: Vec<String> = (0..7).map(|i| format!("/file{i}")).collect();
    for twin in Twin::BOTH {
        for conns in [2usize, 3] {
            let (port, server) = gated_web_server(names.len(), conns);
            let (port_s, conns_s) = (port.to_string(), conns.to_string());
            let mut args = vec!["-p", &port_s, &conns_s, "127.0.0.1", "/"];
            args.extend(names.iter().map(String::as_str));
            let out = run(twin.bin("ch26_web03"), &args, "");
            let seen = server.join().expect("server thread");
            out.assert_success();
            assert_eq!(seen, Ok(conns), "{twin:?}, {conns} connections");
            let sizes: Vec<(String, usize)> = names.iter().map(|n| (n.clone(), 6)).collect();
            check_web03_output(&out.stdout, &sizes, conns, &format!("{twin:?}, {conns}"));
        }
    }
}
