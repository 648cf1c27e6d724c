//! `<fcntl.h>`: open and fcntl do what C's do, and trace mode prints them
//! as strace does. This test binary runs its own `fcntl_probe` under real
//! strace with trace mode on, and checks that every line trace mode printed
//! is, word for word, a line strace printed for the same call, in order.
//! Without strace it prints SKIPPED (and fails under `CI=true`).
mod common;

use std::process::Command;

use socklab::*;

type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

const PROBE: &str = "SOCKLAB_CORE_FCNTL_PROBE";

#[test]
fn nonblocking_read_fails_with_eagain_and_flags_read_back() -> TestResult {
    let (a, _b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    let flags = fcntl(&a, F_GETFL, 0)?;
    assert_eq!(flags & O_ACCMODE, O_RDWR, "a socket is open for both");
    assert_eq!(flags & O_NONBLOCK, 0);
    fcntl(&a, F_SETFL, flags | O_NONBLOCK)?;
    assert_ne!(fcntl(&a, F_GETFL, 0)? & O_NONBLOCK, 0);
    let err = read(&a, &mut [0u8; 4]).unwrap_err();
    assert_eq!(err.errno(), Some(Errno::EAGAIN));
    assert_eq!(
        err.to_string(),
        "read: Resource temporarily unavailable (EAGAIN)"
    );
    Ok(())
}

#[test]
fn owner_and_close_on_exec_read_back() -> TestResult {
    let (a, _b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    assert_eq!(fcntl(&a, F_GETFD, 0)?, 0, "socket() adds no FD_CLOEXEC");
    fcntl(&a, F_SETFD, FD_CLOEXEC)?;
    assert_eq!(fcntl(&a, F_GETFD, 0)?, FD_CLOEXEC);
    assert_eq!(fcntl(&a, F_GETOWN, 0)?, 0);
    fcntl(&a, F_SETOWN, getpid())?;
    assert_eq!(fcntl(&a, F_GETOWN, 0)?, getpid());
    Ok(())
}

#[test]
fn bad_commands_make_no_call_and_say_why() {
    let (a, _b) = socketpair(AF_UNIX, SOCK_STREAM, 0).expect("socketpair");
    let err = fcntl(&a, F_SETLKW, 0).unwrap_err();
    assert_eq!(err.errno(), None);
    assert!(err.to_string().starts_with("fcntl: "), "{err}");
    let mut lock = flock {
        l_type: F_WRLCK,
        l_whence: SEEK_SET,
        l_start: 0,
        l_len: 0,
        l_pid: 0,
    };
    assert_eq!(
        fcntl_lock(&a, F_GETFL, &mut lock).unwrap_err().errno(),
        None
    );
    assert_eq!(open("a\0b", O_RDONLY, 0).unwrap_err().errno(), None);
}

#[test]
fn a_write_lock_is_seen_by_another_process() -> TestResult {
    let dir = common::temp_dir();
    let path = dir.path().join("lock");
    let fd = open(&path, O_RDWR | O_CREAT, 0o600)?;
    let mut lock = flock {
        l_type: F_WRLCK,
        l_whence: SEEK_SET,
        l_start: 0,
        l_len: 0,
        l_pid: 0,
    };
    fcntl_lock(&fd, F_SETLK, &mut lock)?;
    // Another process (flock(1) would use flock(2), a different kind of
    // lock): this test binary's own probe asks with F_GETLK.
    let out = common::output_within(
        Command::new(std::env::current_exe()?)
            .args(["--exact", "getlk_probe", "--nocapture", "--test-threads=1"])
            .env(PROBE, "getlk")
            .env("SOCKLAB_LOCK_PATH", &path),
    );
    assert!(out.status.success(), "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains(&format!("HELD BY {}", getpid())),
        "the other process did not see our lock:\n{}",
        out.stdout
    );
    Ok(())
}

#[test]
fn getlk_probe() -> TestResult {
    if std::env::var_os(PROBE).as_deref() != Some("getlk".as_ref()) {
        return Ok(());
    }
    let path = std::env::var("SOCKLAB_LOCK_PATH")?;
    let fd = open(&path, O_RDWR, 0)?;
    let mut lock = flock {
        l_type: F_WRLCK,
        l_whence: SEEK_SET,
        l_start: 0,
        l_len: 0,
        l_pid: 0,
    };
    fcntl_lock(&fd, F_GETLK, &mut lock)?;
    assert_eq!(lock.l_type, F_WRLCK);
    println!("HELD BY {}", lock.l_pid);
    Ok(())
}

/// Runs in the subprocess only, under strace with trace mode on.
#[test]
fn fcntl_probe() -> TestResult {
    if std::env::var_os(PROBE).as_deref() != Some("trace".as_ref()) {
        return Ok(());
    }
    let dir = std::env::var("SOCKLAB_LOCK_DIR")?;
    let null = open("/dev/null", O_RDWR, 0)?;
    let flags = fcntl(&null, F_GETFL, 0)?;
    fcntl(&null, F_SETFL, flags | O_NONBLOCK)?;
    fcntl(&null, F_GETFL, 0)?;
    fcntl(&null, F_GETFD, 0)?;
    fcntl(&null, F_SETFD, FD_CLOEXEC)?;
    fcntl(&null, F_GETFD, 0)?;
    let (a, _b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    fcntl(&a, F_GETOWN, 0)?;
    fcntl(&a, F_SETOWN, getpid())?;
    fcntl(&a, F_GETOWN, 0)?;
    let lockfile = open(format!("{dir}/lock"), O_WRONLY | O_CREAT | O_TRUNC, 0o644)?;
    let mut lock = flock {
        l_type: F_WRLCK,
        l_whence: SEEK_SET,
        l_start: 0,
        l_len: 0,
        l_pid: 0,
    };
    fcntl_lock(&lockfile, F_SETLKW, &mut lock)?;
    fcntl_lock(&lockfile, F_GETLK, &mut lock)?;
    lock.l_type = F_UNLCK;
    fcntl_lock(&lockfile, F_SETLK, &mut lock)?;
    assert!(open(format!("{dir}/missing"), O_RDONLY, 0).is_err());
    let _ro = open(format!("{dir}/lock"), O_RDONLY | O_APPEND | O_NOCTTY, 0)?;
    Ok(())
}

/// strace's line without its `-f` pid and its padding before ` = `.
fn unpad(line: &str) -> String {
    let line = line
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start();
    match line.find(") ") {
        Some(_) => {
            let (call, ret) = line.rsplit_once(" = ").unwrap_or((line, ""));
            format!("{} = {ret}", call.trim_end())
        }
        None => line.to_string(),
    }
}

#[test]
fn trace_mode_prints_open_and_fcntl_as_strace_does() -> TestResult {
    if !common::strace_available() {
        return Ok(()); // strace_available printed SKIPPED (or failed under CI)
    }
    let dir = common::temp_dir();
    let log = dir.path().join("strace.log");
    let out = common::output_within(
        Command::new("strace")
            .arg("-o")
            .arg(&log)
            // -f: libtest runs the probe in a thread of its own
            .args(["-f", "-e", "trace=openat,fcntl", "--"])
            .arg(std::env::current_exe()?)
            .args(["--exact", "fcntl_probe", "--nocapture", "--test-threads=1"])
            .env("SOCKLAB_TRACE", "1")
            .env(PROBE, "trace")
            .env("SOCKLAB_LOCK_DIR", dir.path()),
    );
    assert!(out.status.success(), "{}\n{}", out.stdout, out.stderr);
    let strace: Vec<String> = std::fs::read_to_string(&log)?.lines().map(unpad).collect();
    let printed: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("openat(") || l.starts_with("fcntl("))
        .collect();
    assert_eq!(printed.len(), 16, "trace mode lines:\n{}", out.stderr);
    // Each printed line appears in strace's log, in the same order.
    let mut rest = strace.iter();
    for line in &printed {
        assert!(
            rest.any(|s| s == line),
            "trace mode printed\n  {line}\nwhich strace did not (in this order):\n{}",
            strace.join("\n")
        );
    }
    Ok(())
}
