//! Chapter 30's library: `mmap` and its errors, `kill`, `mkstemp`; and
//! trace mode prints mmap, munmap, getrusage, kill, mkstemp and
//! `wait(NULL)` as strace does (this binary runs its own probe under real
//! strace with trace mode on). What needs `fork` — counters and a mutex
//! shared with children, their CPU time — is in tests/fork_single_thread.rs,
//! whose `main` has no other thread.
mod common;

use std::process::Command;

use socklab::*;

type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

const PROBE: &str = "SOCKLAB_CORE_MMAN_PROBE";

fn probing(test: &str) -> bool {
    std::env::var(PROBE).as_deref() == Ok(test)
}

#[test]
fn private_memory_is_not_shared_and_gives_no_counters() -> TestResult {
    let private = mmap(
        4096,
        PROT_READ | PROT_WRITE,
        MAP_ANON | MAP_PRIVATE,
        None,
        0,
    )?;
    assert!(private.counters().unwrap_err().errno().is_none());
    let read_only = mmap(4096, PROT_READ, MAP_ANON | MAP_SHARED, None, 0)?;
    assert!(read_only.counters().is_err());
    let err = mmap(0, PROT_READ, MAP_ANON | MAP_SHARED, None, 0).unwrap_err();
    assert_eq!(err.errno(), Some(Errno::EINVAL));
    Ok(())
}

#[test]
fn kill_and_mkstemp_report_errors_by_name() -> TestResult {
    assert_eq!(
        kill(i32::MAX, SIGTERM).unwrap_err().to_string(),
        "kill: No such process (ESRCH)"
    );
    let err = mkstemp("/tmp/no-x-at-the-end").unwrap_err();
    assert_eq!(err.errno(), Some(Errno::EINVAL));
    let dir = common::temp_dir();
    let template = format!("{}/lock.XXXXXX", dir.path().display());
    let (_fd, path) = mkstemp(&template)?;
    assert!(path.starts_with(&template[..template.len() - 6]) && !path.ends_with("XXXXXX"));
    assert!(std::path::Path::new(&path).exists());
    Ok(())
}

/// Runs in the subprocess only, under strace with trace mode on.
#[test]
fn trace_probe() -> TestResult {
    if !probing("trace_probe") {
        return Ok(());
    }
    let dir = std::env::var("SOCKLAB_MMAN_DIR")?;
    let meter = mmap(40, PROT_READ | PROT_WRITE, MAP_ANON | MAP_SHARED, None, 0)?;
    munmap(meter)?;
    let dropped = mmap(4096, PROT_READ, MAP_ANON | MAP_PRIVATE, None, 0)?;
    drop(dropped);
    getrusage(RUSAGE_SELF)?;
    getrusage(RUSAGE_CHILDREN)?;
    kill(getpid(), 0)?;
    assert!(kill(i32::MAX, SIGTERM).is_err());
    let (_fd, path) = mkstemp(&format!("{dir}/lock.XXXXXX"))?;
    unlink(&path)?;
    assert!(wait_null().is_err());
    Ok(())
}

#[test]
fn trace_mode_prints_these_calls_as_strace_does() -> TestResult {
    if !common::strace_available() {
        return Ok(());
    }
    let dir = common::temp_dir();
    let log = dir.path().join("strace.log");
    let out = common::output_within(
        Command::new("strace")
            .arg("-o")
            .arg(&log)
            .args([
                "-f",
                "-e",
                "trace=mmap,munmap,getrusage,kill,openat,unlink,wait4",
                "--",
            ])
            .arg(std::env::current_exe()?)
            .args(["--exact", "trace_probe", "--nocapture", "--test-threads=1"])
            .env("SOCKLAB_TRACE", "1")
            .env(PROBE, "trace_probe")
            .env("SOCKLAB_MMAN_DIR", dir.path()),
    );
    assert!(out.status.success(), "{}\n{}", out.stdout, out.stderr);
    let unpad = |line: &str| {
        let line = line
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start();
        match line.rsplit_once(" = ") {
            Some((call, ret)) => format!("{} = {ret}", call.trim_end()),
            None => line.to_string(),
        }
    };
    let strace: Vec<String> = std::fs::read_to_string(&log)?.lines().map(unpad).collect();
    let calls = [
        "mmap(",
        "munmap(",
        "getrusage(",
        "kill(",
        "openat(",
        "unlink(",
        "wait4(",
    ];
    let printed: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| calls.iter().any(|c| l.starts_with(c)))
        .collect();
    assert_eq!(printed.len(), 11, "trace mode lines:\n{}", out.stderr);
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
