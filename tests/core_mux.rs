//! `<sys/select.h>` and `<poll.h>`: select and poll over real sockets —
//! readable after a write, end of file and pending connections count as
//! readable, timeouts return 0, and the fd_set macros. (A descriptor of
//! 1024 or more in FD_SET is tested in core_fds.rs, which may open that
//! many descriptors without disturbing other tests.)
mod common;

use std::time::Instant;

use socklab::*;

type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

fn seconds(tv_sec: i64) -> timeval {
    timeval {
        tv_sec: tv_sec as _,
        tv_usec: 0,
    }
}

#[test]
fn fd_set_macros() -> TestResult {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    let mut set = fd_set::default();
    assert!(!FD_ISSET(&a, &set));
    FD_SET(&a, &mut set);
    FD_SET(&b, &mut set);
    assert!(FD_ISSET(&a, &set) && FD_ISSET(&b, &set));
    assert_eq!(format!("{set:?}"), format!("[{a} {b}]"), "strace's form");
    FD_CLR(&a, &mut set);
    assert!(!FD_ISSET(&a, &set) && FD_ISSET(&b, &set));
    FD_ZERO(&mut set);
    assert!(!FD_ISSET(&b, &set));
    assert_eq!(format!("{set:?}"), "[]");
    assert_eq!(FD_SETSIZE, 1024);
    Ok(())
}

#[test]
fn select_reports_a_socket_readable_after_a_write() -> TestResult {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    let mut rset = fd_set::default();
    FD_SET(&b, &mut rset);
    let mut tv = seconds(0);
    assert_eq!(
        select(
            b.as_raw_fd() + 1,
            Some(&mut rset),
            None,
            None,
            Some(&mut tv)
        )?,
        0,
        "nothing written yet"
    );
    assert!(!FD_ISSET(&b, &rset), "select clears what is not ready");

    write(&a, b"x")?;
    FD_SET(&b, &mut rset); // rebuilt before each call: select overwrote it
    let mut tv = seconds(5);
    let n = select(
        b.as_raw_fd() + 1,
        Some(&mut rset),
        None,
        None,
        Some(&mut tv),
    )?;
    assert_eq!(n, 1);
    assert!(FD_ISSET(&b, &rset));
    Ok(())
}

#[test]
fn select_times_out_with_zero() -> TestResult {
    let (_a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    let mut rset = fd_set::default();
    FD_SET(&b, &mut rset);
    let mut tv = timeval {
        tv_sec: 0,
        tv_usec: 100_000,
    };
    let start = Instant::now();
    let n = select(
        b.as_raw_fd() + 1,
        Some(&mut rset),
        None,
        None,
        Some(&mut tv),
    )?;
    let waited = start.elapsed();
    assert_eq!(n, 0);
    assert!(!FD_ISSET(&b, &rset));
    common::assert_waited_100ms(waited);
    Ok(())
}

#[test]
fn select_counts_end_of_file_and_writability() -> TestResult {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    let mut rset = fd_set::default();
    let mut wset = fd_set::default();
    FD_SET(&a, &mut rset);
    FD_SET(&a, &mut wset);
    let nfds = a.as_raw_fd().max(b.as_raw_fd()) + 1;
    let mut tv = seconds(5);
    // an empty send buffer: writable, not readable
    assert_eq!(
        select(nfds, Some(&mut rset), Some(&mut wset), None, Some(&mut tv))?,
        1
    );
    assert!(FD_ISSET(&a, &wset) && !FD_ISSET(&a, &rset));

    close(b)?;
    FD_SET(&a, &mut rset);
    let mut tv = seconds(5);
    assert_eq!(select(nfds, Some(&mut rset), None, None, Some(&mut tv))?, 1);
    assert!(FD_ISSET(&a, &rset), "end of file is readable");
    assert_eq!(read(&a, &mut [0u8; 8])?, 0, "...and read returns 0");
    Ok(())
}

#[test]
fn select_reports_a_pending_connection_on_a_listening_socket() -> TestResult {
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    listen(&listenfd, LISTENQ)?;
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    connect(&sockfd, &getsockname(&listenfd)?)?;
    let mut rset = fd_set::default();
    FD_SET(&listenfd, &mut rset);
    let mut tv = seconds(5);
    let n = select(
        listenfd.as_raw_fd() + 1,
        Some(&mut rset),
        None,
        None,
        Some(&mut tv),
    )?;
    assert_eq!(n, 1);
    assert!(FD_ISSET(&listenfd, &rset));
    accept(&listenfd)?; // will not block now
    Ok(())
}

#[test]
fn select_looks_only_below_nfds() -> TestResult {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    write(&a, b"x")?;
    let mut rset = fd_set::default();
    FD_SET(&b, &mut rset);
    let mut tv = seconds(0);
    // The classic mistake: nfds is the highest descriptor, not plus one.
    assert_eq!(
        select(b.as_raw_fd(), Some(&mut rset), None, None, Some(&mut tv))?,
        0
    );
    Ok(())
}

#[test]
fn select_with_a_negative_nfds_is_einval() {
    let mut tv = seconds(0);
    let err = select(-1, None, None, None, Some(&mut tv)).unwrap_err();
    assert_eq!(err.to_string(), "select: Invalid argument (EINVAL)");
}

#[test]
fn poll_reports_a_socket_readable_after_a_write() -> TestResult {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    let mut fds = [pollfd::new(&b, POLLRDNORM), pollfd::unused()];
    assert_eq!(poll(&mut fds, 0)?, 0);
    assert_eq!(fds[0].revents, 0);
    write(&a, b"x")?;
    assert_eq!(poll(&mut fds, 5000)?, 1);
    assert_ne!(fds[0].revents & POLLRDNORM, 0);
    assert_eq!(fds[1].revents, 0, "an fd of -1 is skipped");
    assert_eq!(fds[0].events, POLLRDNORM, "poll does not overwrite events");
    // already readable: even "wait forever" returns at once
    assert_eq!(poll(&mut fds, INFTIM)?, 1);
    Ok(())
}

#[test]
fn poll_times_out_with_zero() -> TestResult {
    let (_a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    let mut fds = [pollfd::new(&b, POLLIN)];
    let start = Instant::now();
    assert_eq!(poll(&mut fds, 100)?, 0);
    let waited = start.elapsed();
    common::assert_waited_100ms(waited);
    Ok(())
}

#[test]
fn poll_reports_hangup_and_pending_connections() -> TestResult {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    close(b)?;
    let mut fds = [pollfd::new(&a, POLLIN | POLLOUT)];
    assert_eq!(poll(&mut fds, 5000)?, 1);
    assert_ne!(fds[0].revents & POLLHUP, 0, "revents {:#x}", fds[0].revents);

    let listenfd = socket(AF_INET6, SOCK_STREAM, 0)?;
    bind(&listenfd, &sockaddr_in6::new(in6addr_loopback, 0))?;
    listen(&listenfd, LISTENQ)?;
    let mut fds = [pollfd::new(&listenfd, POLLRDNORM)];
    assert_eq!(poll(&mut fds, 0)?, 0, "no client yet");
    let sockfd = socket(AF_INET6, SOCK_STREAM, 0)?;
    connect(&sockfd, &getsockname(&listenfd)?)?;
    assert_eq!(poll(&mut fds, 5000)?, 1);
    assert_ne!(fds[0].revents & POLLRDNORM, 0);
    Ok(())
}

#[test]
fn poll_flags_a_descriptor_that_is_not_open() -> TestResult {
    // pollfd.fd is a plain number (as in C), so it can name a descriptor
    // that is not open; poll says so in revents instead of failing.
    let mut fds = [pollfd {
        fd: 1_000_000,
        events: POLLIN,
        revents: 0,
    }];
    assert_eq!(poll(&mut fds, 0)?, 1);
    assert_eq!(fds[0].revents, POLLNVAL);
    Ok(())
}
