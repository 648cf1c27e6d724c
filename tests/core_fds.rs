//! Descriptor hygiene, counted in /proc/self/fd: every descriptor socklab
//! hands out is closed by `close` or on drop, failed calls leak nothing,
//! no close-on-exec flag is added behind the caller's back, `dup`/`dup2`
//! share one socket, and FD_SET refuses a descriptor ≥ FD_SETSIZE.
//!
//! Counting open descriptors only works if nothing else in the process
//! opens or closes any meanwhile, so this file holds a single #[test]
//! (the harness runs it alone) that goes through the steps in order.
mod common;

use std::path::PathBuf;

use socklab::*;

type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

fn open_fds() -> usize {
    common::open_fds(std::process::id())
}

/// What descriptor `fd` refers to, e.g. `socket:[123456]`.
fn target(fd: RawFd) -> PathBuf {
    std::fs::read_link(format!("/proc/self/fd/{fd}")).unwrap_or_default()
}

/// The `flags:` line of /proc/self/fdinfo/N (octal open flags).
fn fd_flags(fd: RawFd) -> u32 {
    std::fs::read_to_string(format!("/proc/self/fdinfo/{fd}"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("flags:"))
        .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        .unwrap_or(0)
}

fn assert_no_cloexec(fd: &Fd, made_by: &str) {
    let flags = fd_flags(fd.as_raw_fd());
    assert_eq!(
        flags & libc::O_CLOEXEC as u32,
        0,
        "{made_by} set O_CLOEXEC (flags {flags:o}); C's {made_by} does not"
    );
}

#[test]
fn descriptors_are_closed_shared_and_counted() -> TestResult {
    let baseline = open_fds();
    closed_on_drop_and_by_close(baseline)?;
    failed_calls_leak_nothing(baseline)?;
    no_close_on_exec(baseline)?;
    dup_shares_the_socket(baseline)?;
    dup2_redirects_standard_output_and_back(baseline)?;
    fd_set_refuses_descriptors_above_fd_setsize(baseline)?;
    assert_eq!(open_fds(), baseline, "descriptors leaked overall");
    Ok(())
}

fn closed_on_drop_and_by_close(baseline: usize) -> TestResult {
    let fd = socket(AF_INET, SOCK_STREAM, 0)?;
    assert_eq!(open_fds(), baseline + 1);
    drop(fd);
    assert_eq!(open_fds(), baseline, "drop did not close the socket");

    let fd = socket(AF_INET6, SOCK_DGRAM, 0)?;
    let number = fd.as_raw_fd();
    close(fd)?;
    assert_eq!(open_fds(), baseline, "close did not close the socket");
    assert_eq!(
        target(number),
        PathBuf::new(),
        "descriptor {number} still open"
    );

    {
        let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
        assert_eq!(open_fds(), baseline + 2);
        close(a)?;
        assert_eq!(open_fds(), baseline + 1);
        drop(b);
    }
    assert_eq!(open_fds(), baseline);

    {
        let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
        bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
        listen(&listenfd, LISTENQ)?;
        let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
        connect(&sockfd, &getsockname(&listenfd)?)?;
        let (connfd, _) = accept(&listenfd)?;
        assert_eq!(open_fds(), baseline + 3);
        close(connfd)?;
        assert_eq!(open_fds(), baseline + 2);
    } // sockfd and listenfd dropped here
    assert_eq!(open_fds(), baseline);

    // Ownership moves between Fd and std's OwnedFd without a close
    // or a leak.
    let fd = socket(AF_INET, SOCK_STREAM, 0)?;
    let number = fd.as_raw_fd();
    let owned = std::os::fd::OwnedFd::from(fd);
    assert_eq!(open_fds(), baseline + 1, "converting closed the socket");
    let fd = Fd::from(owned);
    assert_eq!(fd.as_raw_fd(), number);
    drop(fd);
    assert_eq!(open_fds(), baseline);
    Ok(())
}

fn failed_calls_leak_nothing(baseline: usize) -> TestResult {
    assert!(socket(AF_INET, 12345, 0).is_err());
    assert!(socketpair(AF_INET, SOCK_STREAM, 0).is_err());
    let fd = socket(AF_INET, SOCK_STREAM, 0)?;
    // The port stays held (bound, not listening) so the connect is refused.
    let (held, port) = common::refusing_port();
    let closed = sockaddr_in::new(INADDR_LOOPBACK, port.parse()?);
    assert!(connect(&fd, &closed).is_err());
    assert!(accept(&fd).is_err());
    assert_eq!(open_fds(), baseline + 2, "a failed call changed the count");
    drop(fd);
    drop(held);
    assert_eq!(open_fds(), baseline);
    Ok(())
}

fn no_close_on_exec(baseline: usize) -> TestResult {
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    assert_no_cloexec(&listenfd, "socket");
    bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    listen(&listenfd, LISTENQ)?;
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    connect(&sockfd, &getsockname(&listenfd)?)?;
    let (connfd, _) = accept(&listenfd)?;
    assert_no_cloexec(&connfd, "accept");
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    assert_no_cloexec(&a, "socketpair");
    assert_no_cloexec(&b, "socketpair");
    let copy = dup(&a)?;
    assert_no_cloexec(&copy, "dup");
    drop((listenfd, sockfd, connfd, a, b, copy));
    assert_eq!(open_fds(), baseline);
    Ok(())
}

fn dup_shares_the_socket(baseline: usize) -> TestResult {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    // if close did not close, the read below fails (EAGAIN), not hangs
    common::set_rcvtimeo(&b, 10)?;
    let copy = dup(&a)?;
    assert_ne!(copy.as_raw_fd(), a.as_raw_fd());
    assert_eq!(open_fds(), baseline + 3);
    assert_eq!(target(copy.as_raw_fd()), target(a.as_raw_fd()));
    // The socket stays open while any descriptor refers to it.
    close(a)?;
    write(&copy, b"via the copy")?;
    let mut buf = [0u8; 32];
    let n = read(&b, &mut buf)?;
    assert_eq!(&buf[..n], b"via the copy");
    close(copy)?;
    assert_eq!(
        read(&b, &mut buf)?,
        0,
        "last descriptor closed: end of file"
    );
    drop(b);
    assert_eq!(open_fds(), baseline);
    Ok(())
}

fn dup2_redirects_standard_output_and_back(baseline: usize) -> TestResult {
    let stdout_before = target(STDOUT_FILENO);
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    common::set_rcvtimeo(&b, 10)?;
    let saved = dup(std::io::stdout())?;

    assert_eq!(dup2(&a, STDOUT_FILENO)?, STDOUT_FILENO);
    assert_eq!(target(STDOUT_FILENO), target(a.as_raw_fd()));
    // Whatever is written to descriptor 1 now goes into the socket.
    // (Written with write(2) directly: the test harness captures println!.)
    let written = write(std::io::stdout(), b"to the socket\n");
    let restored = dup2(&saved, STDOUT_FILENO);
    written?;
    assert_eq!(restored?, STDOUT_FILENO);
    assert_eq!(target(STDOUT_FILENO), stdout_before, "stdout not restored");

    let mut buf = [0u8; 32];
    let n = read(&b, &mut buf)?;
    assert_eq!(&buf[..n], b"to the socket\n");
    drop((a, b, saved));
    assert_eq!(open_fds(), baseline);
    Ok(())
}

/// The soft limit on open descriptors (`ulimit -n`).
fn max_open_files() -> usize {
    std::fs::read_to_string("/proc/self/limits")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(3)?.parse().ok())
        .unwrap_or(0)
}

fn fd_set_refuses_descriptors_above_fd_setsize(baseline: usize) -> TestResult {
    let mut limit = max_open_files();
    if limit < 1100 {
        // A soft limit of 1024 is common: raise it for this process, within
        // the hard limit, with prlimit(1) (no unsafe setrlimit here).
        let _ = std::process::Command::new("prlimit")
            .args(["--pid", &std::process::id().to_string(), "--nofile=2048:"])
            .status();
        limit = max_open_files();
    }
    if limit < 1100 {
        eprintln!("SKIPPED: ulimit -n is {limit}, too low to open descriptor 1024");
        return Ok(());
    }
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    // dup returns the lowest free number: dup until we pass 1023.
    let mut copies = Vec::new();
    while copies.last().map_or(0, |fd: &Fd| fd.as_raw_fd()) < FD_SETSIZE {
        assert!(copies.len() < 1100, "dup never reached descriptor 1024");
        copies.push(dup(&b)?);
    }
    let high = copies.last().ok_or("no copies")?;
    let number = high.as_raw_fd();

    // C's FD_SET would write past the end of the set; socklab remembers
    // the descriptor and select refuses it with a clear message.
    let mut rset = fd_set::default();
    FD_SET(high, &mut rset);
    assert!(!FD_ISSET(high, &rset));
    let mut tv = timeval {
        tv_sec: 0,
        tv_usec: 0,
    };
    let err = select(number + 1, Some(&mut rset), None, None, Some(&mut tv)).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("select: descriptor {number} does not fit in an fd_set (FD_SETSIZE is 1024)")
    );
    assert_eq!(err.errno(), None); // refused by socklab: select(2) never ran
    FD_CLR(high, &mut rset);
    // nfds above FD_SETSIZE would make the kernel write past the end of
    // the set (memory corruption in C): refused too.
    let err = select(number + 1, Some(&mut rset), None, None, Some(&mut tv)).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "select: nfds {} is above FD_SETSIZE (1024), the size of an fd_set",
            number + 1
        )
    );
    FD_SET(&a, &mut rset);
    assert_eq!(
        select(FD_SETSIZE, Some(&mut rset), None, None, Some(&mut tv))?,
        0,
        "FD_CLR did not forget the descriptor that did not fit"
    );

    // poll has no such limit.
    write(&a, b"x")?;
    let mut fds = [pollfd::new(high, POLLIN)];
    assert_eq!(poll(&mut fds, 5000)?, 1);
    drop((a, b, copies));
    assert_eq!(open_fds(), baseline);
    Ok(())
}
