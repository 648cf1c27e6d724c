//! `<unistd.h>`, `<sys/wait.h>`, `<signal.h>` inside the (multi-threaded)
//! test harness: fork must refuse, and the calls that do not fork work.
//! Forking itself, wait/WIF*, EINTR and SIGPIPE are tested in a
//! single-threaded program: tests/fork_single_thread.rs.
mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

use socklab::*;

type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

/// Held by the tests that count or create child processes, so that one
/// test's `kill` child is not counted by the fork test.
static CHILDREN: Mutex<()> = Mutex::new(());

#[test]
fn fork_is_refused_in_a_multi_threaded_process() {
    let _only_me = CHILDREN.lock().unwrap_or_else(|e| e.into_inner());
    // The harness already runs this test on a thread of its own; a helper
    // thread, alive during the call, makes sure of "more than one".
    let (stop, stopped) = mpsc::channel::<()>();
    let helper = std::thread::spawn(move || {
        let _ = stopped.recv_timeout(Duration::from_secs(30));
    });
    let me = std::process::id();
    let children_before = common::children_of(me).len();

    let result = fork();

    match result {
        Err(err) => {
            let text = err.to_string();
            assert!(
                text.starts_with("fork: refused: this process has "),
                "{text}"
            );
            assert!(text.contains("threads"), "{text}");
            // socklab declined: fork(2) never ran, so there is no errno
            assert_eq!(err.errno(), None);
            assert!(
                matches!(err, Error::Refused { call: "fork", .. }),
                "{err:?}"
            );
        }
        // A child of a multi-threaded process may deadlock; leave at once.
        Ok(ForkResult::Child) => std::process::abort(),
        Ok(ForkResult::Parent { child }) => {
            let _ = waitpid(child, 0);
            panic!("fork was not refused: it made child {child}");
        }
    }
    assert_eq!(
        common::children_of(me).len(),
        children_before,
        "a child process appeared"
    );
    let _ = stop.send(());
    let _ = helper.join();
}

#[test]
fn getpid_and_getppid() {
    assert_eq!(getpid(), std::process::id() as pid_t);
    assert_eq!(getppid(), std::os::unix::process::parent_id() as pid_t);
    assert_ne!(getpid(), getppid());
}

#[test]
fn gethostname_is_the_kernels_host_name() -> TestResult {
    let name = gethostname()?;
    assert!(!name.is_empty());
    assert!(!name.contains('\0'));
    if let Ok(kernel) = std::fs::read_to_string("/proc/sys/kernel/hostname") {
        assert_eq!(name, kernel.trim_end());
    }
    Ok(())
}

#[test]
fn sleep_sleeps_whole_seconds() {
    let start = Instant::now();
    assert_eq!(sleep(0), 0);
    assert!(start.elapsed() < Duration::from_millis(500));
    let start = Instant::now();
    let left = sleep(1);
    let slept = start.elapsed();
    // Other tests in this binary install signal handlers and spawn children:
    // a signal may cut the sleep short, and then sleep returns what was left.
    if left == 0 {
        assert!(
            slept >= Duration::from_millis(990) && slept < Duration::from_secs(5),
            "sleep(1) took {slept:?}"
        );
    } else {
        assert_eq!(
            left, 1,
            "interrupted sleep(1) returns the whole seconds left"
        );
    }
}

#[test]
fn unlink_removes_a_left_over_socket_file() -> TestResult {
    let dir = common::temp_dir();
    let path = dir.path().join("left-over");
    let addr = sockaddr_un::new(&path)?;
    let first = socket(AF_UNIX, SOCK_STREAM, 0)?;
    bind(&first, &addr)?;
    close(first)?;
    assert!(path.exists(), "the socket file outlives its socket");
    unlink(&path)?;
    assert!(!path.exists());
    let second = socket(AF_UNIX, SOCK_STREAM, 0)?;
    bind(&second, &addr)?; // the path is free again
    Ok(())
}

#[test]
fn waitpid_on_a_process_that_is_not_our_child_is_echild() {
    let err = waitpid(getpid(), WNOHANG).unwrap_err();
    assert_eq!(err.to_string(), "waitpid: No child processes (ECHILD)");
    assert_eq!(err.errno(), Some(Errno::ECHILD));
}

#[test]
fn wait_status_macros_decode_what_the_kernel_encodes() {
    // Linux's encoding: exit code in bits 8-15, signal number in 0-6.
    let exited_3 = 3 << 8;
    assert!(WIFEXITED(exited_3) && !WIFSIGNALED(exited_3));
    assert_eq!(WEXITSTATUS(exited_3), 3);
    let killed_by_pipe = SIGPIPE;
    assert!(WIFSIGNALED(killed_by_pipe) && !WIFEXITED(killed_by_pipe));
    assert_eq!(WTERMSIG(killed_by_pipe), SIGPIPE);
    // (real statuses from real children: fork_single_thread)
}

#[test]
fn signal_refuses_sigkill() {
    let err = signal(SIGKILL, SIG_IGN, 0).unwrap_err();
    assert_eq!(err.to_string(), "sigaction: Invalid argument (EINVAL)");
    assert_eq!(err.errno(), Some(Errno::EINVAL));
    assert!(signal(0, SIG_DFL, 0).is_err(), "0 is not a signal");
}

static GOT_USR1: AtomicBool = AtomicBool::new(false);

extern "C" fn on_usr1(_signo: c_int) {
    GOT_USR1.store(true, Ordering::SeqCst); // async-signal-safe
}

#[test]
fn signal_installs_a_handler_that_runs() -> TestResult {
    // SIGUSR1's default action kills the process: if the handler were not
    // installed, this whole test binary would die.
    signal(SIGUSR1, SigHandler::Handler(on_usr1), SA_RESTART)?;
    let _only_me = CHILDREN.lock().unwrap_or_else(|e| e.into_inner());
    let status = std::process::Command::new("kill")
        .args(["-USR1", &std::process::id().to_string()])
        .status()?;
    assert!(status.success(), "kill -USR1 failed");
    let deadline = Instant::now() + Duration::from_secs(5);
    while !GOT_USR1.load(Ordering::SeqCst) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(GOT_USR1.load(Ordering::SeqCst), "the handler never ran");
    // SIG_IGN, then SIG_DFL again, succeed
    signal(SIGUSR1, SIG_IGN, 0)?;
    signal(SIGUSR1, SIG_DFL, 0)?;
    Ok(())
}
