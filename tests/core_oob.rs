//! Chapters 24–25's calls (`[ch24 block]`): `sockatmark`, `SO_OOBINLINE`,
//! urgent data in select's exception set and as `POLLPRI`, `pause`,
//! signal sets with `sigprocmask`/`sigsuspend`, and `ioctl(FIOASYNC /
//! FIONBIO)` do what C's do; trace mode prints them as strace does (this
//! test binary runs its own `oob_probe` under real strace with trace mode
//! on). Without strace that test prints SKIPPED (and fails under `CI=true`).
mod common;

use std::process::Command;
use std::time::Duration;

use socklab::*;

type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

const PROBE: &str = "SOCKLAB_CORE_OOB_PROBE";

/// A connected TCP pair on loopback: (sender, receiver).
fn tcp_pair() -> Result<(Fd, Fd)> {
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    listen(&listenfd, LISTENQ)?;
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    connect(&sockfd, &getsockname(&listenfd)?)?;
    let connfd = accept_null(&listenfd)?;
    Ok((sockfd, connfd))
}

/// Waits (bounded) until `fd` reports urgent data (POLLPRI).
fn wait_pri(fd: &Fd) -> Result<()> {
    let mut fds = [pollfd::new(fd, POLLPRI)];
    assert_eq!(poll(&mut fds, 5000)?, 1, "no urgent data within 5 s");
    Ok(())
}

#[test]
fn urgent_data_is_pollpri_and_the_exception_set() -> TestResult {
    let (s, r) = tcp_pair()?;
    let mut fds = [pollfd::new(&r, POLLPRI | POLLRDBAND)];
    assert_eq!(poll(&mut fds, 0)?, 0, "nothing urgent yet");
    send(&s, b"x", MSG_OOB)?;
    wait_pri(&r)?;
    let mut fds = [pollfd::new(&r, POLLPRI | POLLRDBAND)];
    poll(&mut fds, 0)?;
    assert_eq!(fds[0].revents, POLLPRI, "Linux: POLLPRI, never POLLRDBAND");
    let mut xset = fd_set::default();
    FD_SET(&r, &mut xset);
    let mut tv = timeval {
        tv_sec: 0,
        tv_usec: 0,
    };
    assert_eq!(
        select(
            r.as_raw_fd() + 1,
            None,
            None,
            Some(&mut xset),
            Some(&mut tv)
        )?,
        1
    );
    assert!(FD_ISSET(&r, &xset));
    let mut c = [0u8; 4];
    assert_eq!(recv(&r, &mut c, MSG_OOB)?, 1);
    assert_eq!(c[0], b'x');
    // read once: Linux clears the condition (BSD keeps it to the mark)
    let mut xset = fd_set::default();
    FD_SET(&r, &mut xset);
    let mut tv = timeval {
        tv_sec: 0,
        tv_usec: 0,
    };
    assert_eq!(
        select(
            r.as_raw_fd() + 1,
            None,
            None,
            Some(&mut xset),
            Some(&mut tv)
        )?,
        0
    );
    // and a second recv(MSG_OOB) of the same byte is EINVAL
    let err = recv(&r, &mut c, MSG_OOB).unwrap_err();
    assert_eq!(err.errno(), Some(Errno::EINVAL));
    Ok(())
}

#[test]
fn inline_reads_stop_at_the_mark() -> TestResult {
    let (s, r) = tcp_pair()?;
    setsockopt(&r, SOL_SOCKET, SO_OOBINLINE, &1)?;
    assert!(!sockatmark(&r)?);
    write(&s, b"123")?;
    send(&s, b"4", MSG_OOB)?;
    write(&s, b"5")?;
    wait_pri(&r)?;
    // all five bytes are there (the FIN after them says so)
    shutdown(&s, SHUT_WR)?;
    let mut fds = [pollfd::new(&r, POLLRDNORM)];
    poll(&mut fds, 5000)?;
    std::thread::sleep(Duration::from_millis(50));
    let mut buf = [0u8; 16];
    assert_eq!(read(&r, &mut buf)?, 3, "the read stops before the mark");
    assert!(sockatmark(&r)?);
    let n = read(&r, &mut buf)?;
    assert_eq!(&buf[..n], b"45");
    assert!(!sockatmark(&r)?);
    // not a socket: the kernel's error
    let null = open("/dev/null", O_RDWR, 0)?;
    assert_eq!(sockatmark(&null).unwrap_err().errno(), Some(Errno::ENOTTY));
    Ok(())
}

#[test]
fn signal_sets_and_the_mask() -> TestResult {
    let mut set = sigset_t::default();
    assert!(!sigismember(&set, SIGIO)?);
    sigaddset(&mut set, SIGIO)?;
    sigaddset(&mut set, SIGHUP)?;
    assert!(sigismember(&set, SIGIO)? && sigismember(&set, SIGHUP)?);
    sigdelset(&mut set, SIGHUP)?;
    assert!(!sigismember(&set, SIGHUP)?);
    assert_eq!(
        sigaddset(&mut set, 0).unwrap_err().errno(),
        Some(Errno::EINVAL)
    );
    sigemptyset(&mut set);
    assert!(!sigismember(&set, SIGIO)?);
    assert_eq!(format!("{set:?}"), "sigset_t[]");
    assert_eq!(
        sigprocmask(99, Some(&set), None).unwrap_err().errno(),
        Some(Errno::EINVAL)
    );
    Ok(())
}

#[test]
fn fioasync_and_fionbio_set_the_fcntl_flags() -> TestResult {
    let fd = socket(AF_INET, SOCK_DGRAM, 0)?;
    ioctl_int(&fd, FIOASYNC, 1)?;
    ioctl_int(&fd, FIONBIO, 1)?;
    let flags = fcntl(&fd, F_GETFL, 0)?;
    assert_eq!(flags & (O_ASYNC | O_NONBLOCK), O_ASYNC | O_NONBLOCK);
    ioctl_int(&fd, FIONBIO, 0)?;
    assert_eq!(fcntl(&fd, F_GETFL, 0)? & O_NONBLOCK, 0);
    let err = ioctl_int(&fd, FIONREAD, 1).unwrap_err();
    assert_eq!(err.errno(), None, "refused before any system call");
    Ok(())
}

/// Runs in the subprocess only, under strace with trace mode on.
#[test]
fn oob_probe() -> TestResult {
    if std::env::var_os(PROBE).is_none() {
        return Ok(());
    }
    let (s, r) = tcp_pair()?;
    setsockopt(&r, SOL_SOCKET, SO_OOBINLINE, &1)?;
    sockatmark(&r)?;
    write(&s, b"12")?;
    send(&s, b"3", MSG_OOB)?;
    wait_pri(&r)?;
    std::thread::sleep(Duration::from_millis(50));
    let mut buf = [0u8; 8];
    read(&r, &mut buf)?;
    sockatmark(&r)?;

    let u = socket(AF_INET, SOCK_DGRAM, 0)?;
    ioctl_int(&u, FIOASYNC, 1)?;
    ioctl_int(&u, FIONBIO, 1)?;

    let mut newmask = sigset_t::default();
    let mut oldmask = sigset_t::default();
    sigaddset(&mut newmask, SIGALRM)?;
    sigaddset(&mut newmask, SIGIO)?;
    sigprocmask(SIG_BLOCK, Some(&newmask), Some(&mut oldmask))?;
    sigprocmask(SIG_SETMASK, Some(&oldmask), None)?;
    // pause and sigsuspend need a signal delivered to this very thread,
    // which libtest's threads do not allow: ch24_tcprecv05 and
    // ch25_udpserv01 show them, checked in tests/unp_ch24.rs.
    Ok(())
}

/// strace's line without its `-f` pid and its padding before ` = `.
fn unpad(line: &str) -> String {
    let line = line
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start();
    match line.rsplit_once(" = ") {
        Some((call, ret)) => format!("{} = {ret}", call.trim_end()),
        None => line.to_string(),
    }
}

#[test]
fn trace_mode_prints_the_chapter_24_25_calls_as_strace_does() -> TestResult {
    if !common::strace_available() {
        return Ok(()); // strace_available printed SKIPPED (or failed under CI)
    }
    let dir = common::temp_dir();
    let log = dir.path().join("strace.log");
    let out = common::output_within(
        Command::new("strace")
            .arg("-o")
            .arg(&log)
            .args(["-f", "-e", "trace=ioctl,rt_sigprocmask", "--"])
            .arg(std::env::current_exe()?)
            .args(["--exact", "oob_probe", "--nocapture", "--test-threads=1"])
            .env("SOCKLAB_TRACE", "1")
            .env(PROBE, "1"),
    );
    assert!(out.status.success(), "{}\n{}", out.stdout, out.stderr);
    let strace: Vec<String> = std::fs::read_to_string(&log)?.lines().map(unpad).collect();
    let printed: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| {
            ["ioctl(", "rt_sigprocmask(", "rt_sigsuspend(", "pause("]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .collect();
    assert_eq!(printed.len(), 6, "trace mode lines:\n{}", out.stderr);
    // Each printed line appears in strace's log, in the same order; a call
    // that a handler interrupted (strace: `= ? ERESTARTNOHAND`, the C
    // library: -1 EINTR) is compared up to its result.
    let mut rest = strace.iter();
    for line in &printed {
        let interrupted = line.ends_with("EINTR (Interrupted system call)");
        let call = line.rsplit_once(" = ").map_or(*line, |(c, _)| c);
        assert!(
            rest.any(|s| if interrupted {
                s.starts_with(call) && s.contains("= ? ERESTARTNOHAND")
            } else {
                s == line
            }),
            "trace mode printed\n  {line}\nwhich strace did not (in this order):\n{}",
            strace.join("\n")
        );
    }
    Ok(())
}
