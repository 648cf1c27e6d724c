//! fork, wait and signals in a single-threaded program — a `[[test]]` with
//! `harness = false`, because the normal test harness runs tests on
//! threads, and socklab's `fork` (rightly) refuses to fork a process with
//! more than one thread. This `main` runs the checks one after the other:
//!
//! - fork: the child talks over a socketpair and exits with a code; the
//!   parent reads it, `waitpid`s, and decodes the status with WIFEXITED…;
//! - wait, waitpid with WNOHANG, and ECHILD when no child is left;
//! - fork flushes Rust's stdout buffer, so a pending `print!` is not
//!   printed twice (checked by running this program as a subprocess);
//! - `exit` flushes it too, so the child's last `print!` is not lost, and
//!   its status reaches the parent; trace mode shows `exit_group(N) = ?`;
//!   with a second thread holding stdout's lock, `exit` still ends at once;
//! - the SIGCHLD lesson: a child's exit interrupts a blocked `accept` with
//!   EINTR when the handler was installed with flags 0, and `accept` is
//!   restarted when it was installed with SA_RESTART;
//! - SIGPIPE: a child that restored SIG_DFL is killed by writing to a
//!   connection the peer closed; without restoring, the write fails with EPIPE;
//! - and finally: once a second thread exists, fork is refused.
//!
//! Every child is bounded in time (socket timeouts, bounded polling).
mod common;

use std::io::Write as _;
use std::panic::AssertUnwindSafe;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::set_rcvtimeo;
use socklab::*;

type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;
/// A named check of `main`'s list.
type Check = (&'static str, fn() -> TestResult);
/// What a child's body returns: its exit code, or why it failed.
type ChildResult = std::result::Result<i32, Box<dyn std::error::Error>>;

/// Set when this program runs as its own subprocess, to run one probe.
const PROBE: &str = "SOCKLAB_FORK_PROBE";

fn main() {
    if let Ok(which) = std::env::var(PROBE) {
        probe(&which);
        return;
    }
    let checks: [Check; 13] = [
        (
            "fork_child_talks_and_exits_with_a_code",
            fork_child_talks_and_exits_with_a_code,
        ),
        (
            "wait_waitpid_wnohang_and_echild",
            wait_waitpid_wnohang_and_echild,
        ),
        (
            "fork_flushes_pending_output_so_nothing_prints_twice",
            fork_flushes_pending_output_so_nothing_prints_twice,
        ),
        (
            "exit_flushes_pending_output_and_reports_its_status",
            exit_flushes_pending_output_and_reports_its_status,
        ),
        (
            "exit_does_not_wait_for_a_thread_holding_stdout",
            exit_does_not_wait_for_a_thread_holding_stdout,
        ),
        (
            "sigchld_without_sa_restart_interrupts_accept_with_eintr",
            sigchld_without_sa_restart_interrupts_accept_with_eintr,
        ),
        (
            "sigchld_with_sa_restart_restarts_accept",
            sigchld_with_sa_restart_restarts_accept,
        ),
        (
            "sigpipe_on_a_socketpair_kills_only_after_restore",
            sigpipe_on_a_socketpair_kills_only_after_restore,
        ),
        (
            "sigpipe_on_tcp_after_the_peer_reset",
            sigpipe_on_tcp_after_the_peer_reset,
        ),
        // chapter 30: memory shared across fork, and the children's CPU time
        (
            "children_count_into_the_same_shared_counters",
            children_count_into_the_same_shared_counters,
        ),
        (
            "a_child_waits_for_the_shared_mutex_its_parent_holds",
            a_child_waits_for_the_shared_mutex_its_parent_holds,
        ),
        (
            "getrusage_counts_a_child_once_waited_for",
            getrusage_counts_a_child_once_waited_for,
        ),
        // last: it creates a thread, after which this process cannot fork
        (
            "fork_is_refused_once_a_second_thread_exists",
            fork_is_refused_once_a_second_thread_exists,
        ),
    ];
    println!(
        "\nrunning {} checks (single-threaded, harness = false)",
        checks.len()
    );
    let mut failed = Vec::new();
    for (name, check) in checks {
        print!("test {name} ... ");
        let _ = std::io::stdout().flush();
        match check() {
            Ok(()) => println!("ok"),
            Err(e) => {
                println!("FAILED\n    {e}");
                failed.push(name);
            }
        }
    }
    if failed.is_empty() {
        println!("\ntest result: ok. {} passed\n", checks.len());
    } else {
        println!("\ntest result: FAILED: {failed:?}\n");
        std::process::exit(1);
    }
}

/// Fails the check with `message` unless `condition` holds.
fn ensure(condition: bool, message: impl Into<String>) -> TestResult {
    if condition {
        Ok(())
    } else {
        Err(message.into().into())
    }
}

/// The child's side of a fork: runs `body` and exits with the code it
/// returns — 100 if it failed, 101 if it panicked — never returning into
/// the parent's code.
fn in_child(body: impl FnOnce() -> ChildResult) -> ! {
    let code = match std::panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            eprintln!("child {}: {e}", getpid());
            100
        }
        Err(_) => 101,
    };
    std::process::exit(code)
}

/// waitpid(pid, 0), again if a signal handler interrupted it; the status.
fn reap(pid: pid_t) -> Result<c_int> {
    loop {
        match waitpid(pid, 0) {
            Ok((_, status)) => return Ok(status),
            Err(e) if e.errno() == Some(Errno::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Forks a child that runs `body`; returns its wait status.
fn run_child(body: impl FnOnce() -> ChildResult) -> Result<c_int> {
    match fork()? {
        ForkResult::Child => in_child(body),
        ForkResult::Parent { child } => reap(child),
    }
}

fn describe(status: c_int) -> String {
    if WIFEXITED(status) {
        format!("exited with {}", WEXITSTATUS(status))
    } else if WIFSIGNALED(status) {
        format!("killed by signal {}", WTERMSIG(status))
    } else {
        format!("status {status:#x}")
    }
}

// ---------------------------------------------------------------------
// fork, wait, waitpid
// ---------------------------------------------------------------------

fn fork_child_talks_and_exits_with_a_code() -> TestResult {
    let (parent_end, child_end) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    set_rcvtimeo(&parent_end, 5)?;
    let me = getpid();
    match fork()? {
        ForkResult::Child => in_child(move || {
            close(parent_end)?;
            let message = format!("child {} of {}", getpid(), getppid());
            writen(&child_end, message.as_bytes())?;
            Ok(7)
        }),
        ForkResult::Parent { child } => {
            close(child_end)?;
            // Until end of file: the child's exit closes its end.
            let mut buf = [0u8; 128];
            let n = readn(&parent_end, &mut buf)?;
            let heard = String::from_utf8_lossy(&buf[..n]);
            ensure(
                heard == format!("child {child} of {me}"),
                format!("the child said {heard:?}; expected child {child} of {me}"),
            )?;
            let (pid, status) = waitpid(child, 0)?;
            ensure(pid == child, format!("waitpid returned {pid}, not {child}"))?;
            ensure(
                WIFEXITED(status) && !WIFSIGNALED(status) && WEXITSTATUS(status) == 7,
                format!("child {}, expected exit code 7", describe(status)),
            )
        }
    }
}

fn wait_waitpid_wnohang_and_echild() -> TestResult {
    let (parent_end, child_end) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    match fork()? {
        ForkResult::Child => in_child(move || {
            close(parent_end)?;
            set_rcvtimeo(&child_end, 5)?;
            // Wait for the parent to close its end (end of file), then exit 0.
            let n = read(&child_end, &mut [0u8; 1])?;
            Ok(if n == 0 { 0 } else { 1 })
        }),
        ForkResult::Parent { child } => {
            close(child_end)?;
            let (pid, _) = waitpid(-1, WNOHANG)?;
            ensure(
                pid == 0,
                format!("WNOHANG: child still running, got pid {pid}"),
            )?;
            close(parent_end)?; // now the child can finish
            let (pid, status) = loop {
                match wait() {
                    Err(e) if e.errno() == Some(Errno::EINTR) => continue,
                    other => break other?,
                }
            };
            ensure(pid == child, format!("wait returned {pid}, not {child}"))?;
            ensure(
                WIFEXITED(status) && WEXITSTATUS(status) == 0,
                format!("child {}", describe(status)),
            )?;
            let err = wait().err().ok_or("wait with no children succeeded")?;
            ensure(
                err.to_string() == "wait: No child processes (ECHILD)",
                format!("wait with no children: {err}"),
            )
        }
    }
}

fn fork_flushes_pending_output_so_nothing_prints_twice() -> TestResult {
    let exe = std::env::current_exe()?;
    let out = common::output_within(std::process::Command::new(exe).env(PROBE, "print"));
    let stdout = &out.stdout;
    ensure(
        out.status.success(),
        format!(
            "print probe failed: {:?}\n{stdout}\n{}",
            out.status, out.stderr
        ),
    )?;
    let copies = stdout.matches("before fork|").count();
    ensure(
        copies == 1,
        format!("the text printed before fork appeared {copies} times: {stdout:?}"),
    )?;
    ensure(
        stdout.contains("child\n") && stdout.contains("parent\n"),
        format!("probe output: {stdout:?}"),
    )
}

fn exit_flushes_pending_output_and_reports_its_status() -> TestResult {
    let exe = std::env::current_exe()?;
    let out = common::output_within(
        std::process::Command::new(exe)
            .env(PROBE, "exit")
            .env("SOCKLAB_TRACE", "1"),
    );
    let (stdout, stderr) = (&out.stdout, &out.stderr);
    ensure(
        out.status.success(),
        format!("exit probe failed: {:?}\n{stdout}\n{stderr}", out.status),
    )?;
    // The child's text had no newline: only exit's flush wrote it.
    ensure(
        stdout == "child's last words|parent saw 7\n",
        format!("probe output: {stdout:?}"),
    )?;
    // `[pid  1234] exit_group(7) = ?`, as strace prints it
    ensure(
        stderr.lines().any(|l| l.ends_with("] exit_group(7) = ?")),
        format!("no exit_group line in the trace:\n{stderr}"),
    )
}

fn exit_does_not_wait_for_a_thread_holding_stdout() -> TestResult {
    let exe = std::env::current_exe()?;
    let child = std::process::Command::new(exe)
        .env(PROBE, "exit-threads")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()?;
    // The probe's thread holds the lock for 30 s: ending within 10 s
    // means exit did not wait for it.
    let out = common::wait_with_timeout(child, Duration::from_secs(10));
    ensure(
        !out.timed_out && out.status.code() == Some(5),
        format!(
            "exit with a thread holding stdout: {:?}, timed out: {}",
            out.status, out.timed_out
        ),
    )
}

/// The probes run in a fresh copy of this program (see [`PROBE`]).
fn probe(which: &str) {
    match which {
        "print" => {
            // No newline: this stays in Rust's stdout buffer. If fork did
            // not flush it, parent and child would each print it.
            print!("before fork|");
            match fork() {
                Ok(ForkResult::Child) => {
                    println!("child");
                    std::process::exit(0);
                }
                Ok(ForkResult::Parent { child }) => {
                    let _ = reap(child);
                    println!("parent");
                }
                Err(e) => {
                    eprintln!("{e}");
                    std::process::exit(1);
                }
            }
        }
        "exit" => match fork() {
            Ok(ForkResult::Child) => {
                print!("child's last words|"); // no newline: still buffered
                socklab::exit(7);
            }
            Ok(ForkResult::Parent { child }) => {
                let status = reap(child).map_or(-1, WEXITSTATUS);
                println!("parent saw {status}");
            }
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        },
        "exit-threads" => {
            let (locked_tx, locked_rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let _lock = std::io::stdout().lock();
                let _ = locked_tx.send(());
                std::thread::sleep(Duration::from_secs(30));
            });
            let _ = locked_rx.recv();
            socklab::exit(5);
        }
        other => {
            eprintln!("unknown probe {other:?}");
            std::process::exit(2);
        }
    }
}

// ---------------------------------------------------------------------
// SIGCHLD and EINTR
// ---------------------------------------------------------------------

/// Where the SIGCHLD handler reports that it ran (one datagram per call),
/// and where the children read that report.
static NOTIFY_TX: OnceLock<Fd> = OnceLock::new();
static NOTIFY_RX: OnceLock<Fd> = OnceLock::new();

/// The handler: only write(2), which is async-signal-safe. It does not
/// reap: the parent waits for each child by pid.
extern "C" fn on_sigchld(_signo: c_int) {
    if let Some(fd) = NOTIFY_TX.get() {
        let _ = write(fd, b"c");
    }
}

fn notify_rx() -> Result<&'static Fd> {
    if NOTIFY_RX.get().is_none() {
        let (tx, rx) = socketpair(AF_UNIX, SOCK_DGRAM, 0)?;
        set_rcvtimeo(&rx, 5)?;
        let _ = NOTIFY_TX.set(tx);
        let _ = NOTIFY_RX.set(rx);
    }
    NOTIFY_RX
        .get()
        .ok_or_else(|| Error::invalid("notify", "not set"))
}

/// Waits (at most 5 s) until process `pid` sleeps in a system call —
/// in `accept`, if /proc tells which call and `accept_only` is set.
fn wait_until_blocked(pid: pid_t, accept_only: bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let state = stat
            .rsplit_once(") ")
            .and_then(|(_, rest)| rest.chars().next());
        if state == Some('S') && (!accept_only || in_accept(pid).unwrap_or(true)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Whether `pid` is blocked in accept(2), from /proc/PID/syscall; None
/// where that file does not say.
fn in_accept(pid: pid_t) -> Option<bool> {
    let number = common::syscall_of(pid.try_into().ok()?)?;
    Some(number == libc::SYS_accept || number == libc::SYS_accept4)
}

/// The lecture's situation: the parent blocks in `accept` and a child
/// exits, so SIGCHLD arrives during the call. Returns what accept returned.
///
/// Two children make it deterministic and bounded:
/// - the *exiter* waits until the parent is blocked in accept, then exits;
/// - the *connector* waits until the handler has run (it reads the
///   handler's datagram) and the parent is blocked again, then connects —
///   so an accept that was restarted gets a connection and returns.
///
/// No SO_RCVTIMEO on the listening socket: Linux never restarts an
/// accept that has a timeout (signal(7)), which would hide SA_RESTART.
fn accept_while_a_child_exits(
    flags: c_int,
) -> std::result::Result<Result<(Fd, SockAddr)>, Box<dyn std::error::Error>> {
    let rx = notify_rx()?;
    while recv(rx, &mut [0u8; 8], MSG_DONTWAIT).is_ok() {} // old reports
    signal(SIGCHLD, SigHandler::Handler(on_sigchld), flags)?;

    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    listen(&listenfd, LISTENQ)?;
    let servaddr = getsockname(&listenfd)?;
    let parent = getpid();

    let connector = match fork()? {
        ForkResult::Child => in_child(move || {
            // The handler ran (EAGAIN after 5 s otherwise). Connect either
            // way, so that the parent's accept returns and the check ends.
            let handler_ran = read(rx, &mut [0u8; 8]);
            wait_until_blocked(parent, false);
            let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
            connect(&sockfd, &servaddr)?;
            handler_ran?;
            Ok(0)
        }),
        ForkResult::Parent { child } => child,
    };
    let exiter = match fork()? {
        ForkResult::Child => in_child(move || {
            wait_until_blocked(parent, true);
            Ok(0) // exiting sends SIGCHLD to the parent, blocked in accept
        }),
        ForkResult::Parent { child } => child,
    };

    let result = accept(&listenfd);

    let exiter_status = reap(exiter)?;
    let connector_status = reap(connector)?;
    signal(SIGCHLD, SIG_DFL, 0)?;
    ensure(
        WIFEXITED(exiter_status) && WEXITSTATUS(exiter_status) == 0,
        format!("the exiting child {}", describe(exiter_status)),
    )?;
    ensure(
        WIFEXITED(connector_status) && WEXITSTATUS(connector_status) == 0,
        format!(
            "the connecting child {} (did the handler run?)",
            describe(connector_status)
        ),
    )?;
    Ok(result)
}

fn sigchld_without_sa_restart_interrupts_accept_with_eintr() -> TestResult {
    match accept_while_a_child_exits(0)? {
        Err(err) => ensure(
            err.errno() == Some(Errno::EINTR)
                && err.to_string() == "accept: Interrupted system call (EINTR)",
            format!("accept failed with {err}, expected EINTR"),
        ),
        Ok((_, from)) => Err(format!(
            "accept was restarted (connection from {from}): SA_RESTART set behind our back?"
        )
        .into()),
    }
}

fn sigchld_with_sa_restart_restarts_accept() -> TestResult {
    match accept_while_a_child_exits(SA_RESTART)? {
        Ok((connfd, from)) => {
            drop(connfd);
            ensure(
                from.to_string().starts_with("127.0.0.1:"),
                format!("connection from {from}"),
            )
        }
        Err(err) => Err(format!("accept was not restarted: {err}").into()),
    }
}

// ---------------------------------------------------------------------
// SIGPIPE
// ---------------------------------------------------------------------

/// In a child: writes to a socketpair whose other end is closed, with
/// SIGPIPE restored to SIG_DFL first or not. Exits 0 if the write failed
/// with EPIPE, 1 if it succeeded.
fn write_to_a_closed_socketpair(restore: bool) -> ChildResult {
    if restore {
        restore_sigpipe()?;
    }
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    close(b)?;
    match write(&a, b"anyone there?") {
        Err(e) if e.to_string() == "write: Broken pipe (EPIPE)" => Ok(0),
        Err(e) => Err(e.into()),
        Ok(_) => Ok(1),
    }
}

fn sigpipe_on_a_socketpair_kills_only_after_restore() -> TestResult {
    let status = run_child(|| write_to_a_closed_socketpair(true))?;
    ensure(
        WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE,
        format!("with SIG_DFL restored, the child {}", describe(status)),
    )?;
    let status = run_child(|| write_to_a_closed_socketpair(false))?;
    ensure(
        WIFEXITED(status) && WEXITSTATUS(status) == 0,
        format!(
            "with Rust's SIG_IGN, the child {} (expected EPIPE and exit 0)",
            describe(status)
        ),
    )
}

/// In a child, the lecture's TCP case: the server closes; the client's
/// first write is accepted but answered with RST; the second write raises
/// SIGPIPE (or fails with EPIPE). Exits 0 on EPIPE, 1/2 otherwise.
fn write_twice_after_the_server_closed(restore: bool) -> ChildResult {
    if restore {
        signal(SIGPIPE, SIG_DFL, 0)?; // what restore_sigpipe does
    }
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    listen(&listenfd, LISTENQ)?;
    set_rcvtimeo(&listenfd, 5)?;
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    connect(&sockfd, &getsockname(&listenfd)?)?;
    let (connfd, _) = accept(&listenfd)?;
    close(connfd)?; // FIN to the client
    if write(&sockfd, b"first")? != 5 {
        return Ok(2);
    }
    // Wait (bounded) for the RST: it shows as POLLERR/POLLHUP.
    let mut fds = [pollfd::new(&sockfd, 0)];
    poll(&mut fds, 2000)?;
    match write(&sockfd, b"second") {
        Err(e) if e.errno() == Some(Errno::EPIPE) => Ok(0),
        Err(e) => Err(e.into()),
        Ok(_) => Ok(1),
    }
}

fn sigpipe_on_tcp_after_the_peer_reset() -> TestResult {
    let status = run_child(|| write_twice_after_the_server_closed(true))?;
    ensure(
        WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE,
        format!("with SIG_DFL, the TCP client {}", describe(status)),
    )?;
    let status = run_child(|| write_twice_after_the_server_closed(false))?;
    ensure(
        WIFEXITED(status) && WEXITSTATUS(status) == 0,
        format!(
            "with SIG_IGN, the TCP client {} (expected EPIPE)",
            describe(status)
        ),
    )
}

// ---------------------------------------------------------------------
// Threads
// ---------------------------------------------------------------------

fn fork_is_refused_once_a_second_thread_exists() -> TestResult {
    let (stop, stopped) = std::sync::mpsc::channel::<()>();
    let helper = std::thread::spawn(move || {
        let _ = stopped.recv_timeout(Duration::from_secs(30));
    });
    let result = fork();
    let _ = stop.send(());
    let _ = helper.join();
    match result {
        Err(err) => {
            let text = err.to_string();
            ensure(
                text.starts_with("fork: refused: this process has 2 threads"),
                format!("unexpected error text: {text}"),
            )
        }
        Ok(ForkResult::Child) => std::process::abort(),
        Ok(ForkResult::Parent { child }) => {
            let _ = reap(child);
            Err(format!("fork with two threads was not refused (child {child})").into())
        }
    }
}

// ---------------------------------------------------------------------
// Chapter 30: mmap(MAP_SHARED) counters and a process-shared mutex
// ---------------------------------------------------------------------

/// Three children add 1000, 2000 and 3000 to their own counter of a
/// `MAP_SHARED` mapping made before the forks; the parent sees the sums.
fn children_count_into_the_same_shared_counters() -> TestResult {
    use std::sync::atomic::Ordering::Relaxed;
    let meter = mmap(
        3 * 8,
        PROT_READ | PROT_WRITE,
        MAP_ANON | MAP_SHARED,
        None,
        0,
    )?;
    for i in 0..3 {
        if let ForkResult::Child = fork()? {
            let code = match meter.counters() {
                Ok(counters) => {
                    for _ in 0..(i + 1) * 1000 {
                        counters[i].fetch_add(1, Relaxed);
                    }
                    0
                }
                Err(_) => 1,
            };
            exit(code);
        }
    }
    while wait_null().is_ok() {}
    let c = meter.counters()?;
    let sums = [c[0].load(Relaxed), c[1].load(Relaxed), c[2].load(Relaxed)];
    ensure(sums == [1000, 2000, 3000], format!("counters {sums:?}"))
}

/// The parent holds a `SharedMutex` made before the fork: the child may
/// not unlock it (EPERM), and its lock waits until the parent unlocks.
fn a_child_waits_for_the_shared_mutex_its_parent_holds() -> TestResult {
    let mutex = SharedMutex::new()?;
    pthread_mutex_lock(&mutex)?;
    let start = Instant::now();
    if let ForkResult::Child = fork()? {
        let refused = pthread_mutex_unlock(&mutex).map_err(|e| e.errno());
        let waited = pthread_mutex_lock(&mutex).map(|()| start.elapsed());
        let ok = refused == Err(Some(Errno::EPERM))
            && waited.is_ok_and(|w| w >= Duration::from_millis(200));
        exit(if ok { 0 } else { 1 });
    }
    std::thread::sleep(Duration::from_millis(300));
    pthread_mutex_unlock(&mutex)?;
    let (_pid, status) = wait()?;
    ensure(
        WIFEXITED(status) && WEXITSTATUS(status) == 0,
        "the child did not wait for the mutex (or could unlock it)",
    )
}

/// A child that burns 60 ms of CPU (by its own getrusage, however busy the
/// machine is) shows in RUSAGE_CHILDREN once waited for. (The kernel's
/// accounting of a child that exited is coarser than a live process's
/// own figure: the check asks for a third of it.)
fn getrusage_counts_a_child_once_waited_for() -> TestResult {
    let micros = |r: &rusage| {
        (r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1_000_000
            + r.ru_utime.tv_usec
            + r.ru_stime.tv_usec
    };
    let before = getrusage(RUSAGE_CHILDREN)?;
    if let ForkResult::Child = fork()? {
        let start = Instant::now();
        let mut x = 0u64;
        while getrusage(RUSAGE_SELF).map_or(0, |r| micros(&r)) < 60_000
            && start.elapsed() < Duration::from_secs(5)
        {
            for _ in 0..100_000 {
                x = std::hint::black_box(x.wrapping_add(1));
            }
        }
        exit(0);
    }
    wait_null()?;
    let after = getrusage(RUSAGE_CHILDREN)?;
    let used = micros(&after) - micros(&before);
    ensure(
        used >= 20_000,
        format!("children's CPU grew by {used} µs only"),
    )
}
