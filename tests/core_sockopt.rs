//! Socket options: each typed option set with setsockopt and read back
//! with getsockopt — and, where loopback can show it, the behaviour the
//! option is for (TIME_WAIT and SO_REUSEADDR, an RST from SO_LINGER, a
//! timeout from SO_RCVTIMEO, a pending error in SO_ERROR…).
mod common;

use std::time::{Duration, Instant};

use socklab::*;

type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

/// A connected TCP pair on 127.0.0.1: (listening, client, server side).
fn tcp_pair() -> Result<(Fd, Fd, Fd)> {
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    listen(&listenfd, LISTENQ)?;
    let five_seconds = timeval {
        tv_sec: 5,
        tv_usec: 0,
    };
    setsockopt(&listenfd, SOL_SOCKET, SO_RCVTIMEO, &five_seconds)?;
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    setsockopt(&sockfd, SOL_SOCKET, SO_RCVTIMEO, &five_seconds)?;
    connect(&sockfd, &getsockname(&listenfd)?)?;
    let (connfd, _) = accept(&listenfd)?;
    setsockopt(&connfd, SOL_SOCKET, SO_RCVTIMEO, &five_seconds)?;
    Ok((listenfd, sockfd, connfd))
}

/// Sets a boolean option and reads it back: off by default, on after.
fn check_boolean(fd: &Fd, level: c_int, opt: SockOpt<c_int>) -> TestResult {
    assert_eq!(getsockopt(fd, level, opt)?, 0, "{opt:?} is off by default");
    setsockopt(fd, level, opt, &1)?;
    assert_ne!(getsockopt(fd, level, opt)?, 0, "{opt:?} was set");
    setsockopt(fd, level, opt, &0)?;
    assert_eq!(getsockopt(fd, level, opt)?, 0, "{opt:?} was cleared");
    Ok(())
}

#[test]
fn boolean_options_round_trip() -> TestResult {
    let tcp = socket(AF_INET, SOCK_STREAM, 0)?;
    check_boolean(&tcp, SOL_SOCKET, SO_REUSEADDR)?;
    check_boolean(&tcp, SOL_SOCKET, SO_REUSEPORT)?;
    check_boolean(&tcp, SOL_SOCKET, SO_KEEPALIVE)?;
    check_boolean(&tcp, IPPROTO_TCP, TCP_NODELAY)?;
    let udp = socket(AF_INET, SOCK_DGRAM, 0)?;
    check_boolean(&udp, SOL_SOCKET, SO_BROADCAST)?;
    let v6 = socket(AF_INET6, SOCK_DGRAM, 0)?;
    let default = std::fs::read_to_string("/proc/sys/net/ipv6/bindv6only").unwrap_or_default();
    if default.trim() == "0" {
        check_boolean(&v6, IPPROTO_IPV6, IPV6_V6ONLY)?;
    } else {
        setsockopt(&v6, IPPROTO_IPV6, IPV6_V6ONLY, &0)?;
        check_boolean(&v6, IPPROTO_IPV6, IPV6_V6ONLY)?;
    }
    Ok(())
}

#[test]
fn option_names_are_the_c_names() {
    assert_eq!(SO_REUSEADDR.c_name(), "SO_REUSEADDR");
    assert_eq!(SO_REUSEADDR.number(), libc::SO_REUSEADDR);
    assert_eq!(TCP_NODELAY.number(), libc::TCP_NODELAY);
    assert_eq!(format!("{SO_LINGER:?}"), "SO_LINGER");
    assert_eq!(SO_RCVTIMEO.number(), libc::SO_RCVTIMEO);
}

#[test]
fn so_type_reports_the_socket_type() -> TestResult {
    assert_eq!(
        getsockopt(socket(AF_INET, SOCK_STREAM, 0)?, SOL_SOCKET, SO_TYPE)?,
        SOCK_STREAM
    );
    assert_eq!(
        getsockopt(socket(AF_INET6, SOCK_DGRAM, 0)?, SOL_SOCKET, SO_TYPE)?,
        SOCK_DGRAM
    );
    assert_eq!(
        getsockopt(socket(AF_UNIX, SOCK_SEQPACKET, 0)?, SOL_SOCKET, SO_TYPE)?,
        SOCK_SEQPACKET
    );
    Ok(())
}

#[test]
fn buffer_sizes_are_doubled_by_linux() -> TestResult {
    let fd = socket(AF_INET, SOCK_STREAM, 0)?;
    assert!(getsockopt(&fd, SOL_SOCKET, SO_RCVBUF)? > 0);
    setsockopt(&fd, SOL_SOCKET, SO_RCVBUF, &16384)?;
    assert_eq!(getsockopt(&fd, SOL_SOCKET, SO_RCVBUF)?, 32768);
    setsockopt(&fd, SOL_SOCKET, SO_SNDBUF, &16384)?;
    assert_eq!(getsockopt(&fd, SOL_SOCKET, SO_SNDBUF)?, 32768);
    Ok(())
}

#[test]
fn so_reuseaddr_lets_a_server_restart_while_time_wait_holds_the_port() -> TestResult {
    // The first run of the server. On Linux the restart below works only
    // if this one set SO_REUSEADDR too: the TIME_WAIT entry inherits it.
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    setsockopt(&listenfd, SOL_SOCKET, SO_REUSEADDR, &1)?;
    bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    listen(&listenfd, LISTENQ)?;
    let port = getsockname(&listenfd)?.inet_port()?;
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let five_seconds = timeval {
        tv_sec: 5,
        tv_usec: 0,
    };
    setsockopt(&sockfd, SOL_SOCKET, SO_RCVTIMEO, &five_seconds)?;
    connect(&sockfd, &sockaddr_in::new(INADDR_LOOPBACK, port))?;
    let (connfd, _) = accept(&listenfd)?;
    // The server closes first (active close), so its end of the
    // connection goes to TIME_WAIT on the server's port.
    close(connfd)?;
    assert_eq!(read(&sockfd, &mut [0u8; 8])?, 0, "the server's FIN");
    close(sockfd)?;
    close(listenfd)?;
    if !wait_for_time_wait(port) {
        eprintln!("SKIPPED: no TIME_WAIT entry for port {port} showed up in /proc/net/tcp");
        return Ok(());
    }

    let addr = sockaddr_in::new(INADDR_LOOPBACK, port);
    let without = socket(AF_INET, SOCK_STREAM, 0)?;
    let err = bind(&without, &addr).unwrap_err();
    assert_eq!(err.to_string(), "bind: Address already in use (EADDRINUSE)");

    let with = socket(AF_INET, SOCK_STREAM, 0)?;
    setsockopt(&with, SOL_SOCKET, SO_REUSEADDR, &1)?;
    bind(&with, &addr)?;
    listen(&with, LISTENQ)?;
    Ok(())
}

/// Waits (up to 2 s) until /proc/net/tcp lists a TIME_WAIT (state 06)
/// connection whose local port is `port`.
fn wait_for_time_wait(port: u16) -> bool {
    let local = format!(":{port:04X} ");
    let deadline = Instant::now() + Duration::from_secs(2);
    while Instant::now() < deadline {
        let table = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
        let found = table.lines().any(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            fields.len() > 3 && format!("{} ", fields[1]).ends_with(&local) && fields[3] == "06"
        });
        if found {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

#[test]
fn so_reuseport_lets_several_sockets_bind_one_port() -> TestResult {
    let first = socket(AF_INET, SOCK_DGRAM, 0)?;
    setsockopt(&first, SOL_SOCKET, SO_REUSEPORT, &1)?;
    bind(&first, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    let addr = getsockname(&first)?;

    let second = socket(AF_INET, SOCK_DGRAM, 0)?;
    setsockopt(&second, SOL_SOCKET, SO_REUSEPORT, &1)?;
    bind(&second, &addr)?;

    let third = socket(AF_INET, SOCK_DGRAM, 0)?;
    let err = bind(&third, &addr).unwrap_err();
    assert_eq!(err.errno(), Some(Errno::EADDRINUSE), "{err}");
    Ok(())
}

#[test]
fn so_rcvtimeo_round_trips_and_times_out_with_eagain() -> TestResult {
    let (_a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    let none = getsockopt(&b, SOL_SOCKET, SO_RCVTIMEO)?;
    assert_eq!((none.tv_sec, none.tv_usec), (0, 0), "0 means wait forever");

    let long = timeval {
        tv_sec: 3,
        tv_usec: 500_000,
    };
    setsockopt(&b, SOL_SOCKET, SO_RCVTIMEO, &long)?;
    let got = getsockopt(&b, SOL_SOCKET, SO_RCVTIMEO)?;
    assert_eq!((got.tv_sec, got.tv_usec), (3, 500_000));

    let short = timeval {
        tv_sec: 0,
        tv_usec: 100_000,
    };
    setsockopt(&b, SOL_SOCKET, SO_RCVTIMEO, &short)?;
    let start = Instant::now();
    let err = recv(&b, &mut [0u8; 8], 0).unwrap_err();
    let waited = start.elapsed();
    assert_eq!(err.errno(), Some(Errno::EAGAIN), "{err}");
    common::assert_waited_100ms(waited);
    Ok(())
}

#[test]
fn so_sndtimeo_round_trips_and_a_full_buffer_times_out() -> TestResult {
    let (a, _b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    let short = timeval {
        tv_sec: 0,
        tv_usec: 100_000, // a whole number of clock ticks at any HZ
    };
    setsockopt(&a, SOL_SOCKET, SO_SNDTIMEO, &short)?;
    let got = getsockopt(&a, SOL_SOCKET, SO_SNDTIMEO)?;
    assert_eq!((got.tv_sec, got.tv_usec), (0, 100_000));

    // Nobody reads _b: the buffers fill and a write times out.
    let chunk = vec![0u8; 65536];
    let mut result = Ok(0);
    for _ in 0..1000 {
        result = write(&a, &chunk);
        if result.is_err() {
            break;
        }
    }
    let err = result.expect_err("1000 writes of 64 KiB never blocked");
    assert_eq!(err.errno(), Some(Errno::EAGAIN), "{err}");
    Ok(())
}

#[test]
fn so_rcvlowat_holds_readability_until_enough_bytes_arrived() -> TestResult {
    let (_listenfd, sockfd, connfd) = tcp_pair()?;
    assert_eq!(getsockopt(&connfd, SOL_SOCKET, SO_RCVLOWAT)?, 1);
    setsockopt(&connfd, SOL_SOCKET, SO_RCVLOWAT, &5)?;
    assert_eq!(getsockopt(&connfd, SOL_SOCKET, SO_RCVLOWAT)?, 5);

    write(&sockfd, b"abc")?;
    let mut fds = [pollfd::new(&connfd, POLLIN)];
    assert_eq!(
        poll(&mut fds, 100)?,
        0,
        "3 bytes are below the low-water mark"
    );
    write(&sockfd, b"de")?;
    assert_eq!(poll(&mut fds, 2000)?, 1, "5 bytes reach it");
    assert_ne!(fds[0].revents & POLLIN, 0);
    Ok(())
}

#[test]
fn so_linger_zero_aborts_with_a_reset() -> TestResult {
    let (_listenfd, sockfd, connfd) = tcp_pair()?;
    let off = getsockopt(&connfd, SOL_SOCKET, SO_LINGER)?;
    assert_eq!((off.l_onoff, off.l_linger), (0, 0));
    let abort = linger {
        l_onoff: 1,
        l_linger: 0,
    };
    setsockopt(&connfd, SOL_SOCKET, SO_LINGER, &abort)?;
    let got = getsockopt(&connfd, SOL_SOCKET, SO_LINGER)?;
    assert_ne!(got.l_onoff, 0);
    assert_eq!(got.l_linger, 0);

    close(connfd)?; // RST instead of FIN
    let err = read(&sockfd, &mut [0u8; 8]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "read: Connection reset by peer (ECONNRESET)"
    );
    Ok(())
}

#[test]
fn so_error_holds_a_pending_error_until_read() -> TestResult {
    let fd = socket(AF_INET, SOCK_DGRAM, 0)?;
    assert_eq!(getsockopt(&fd, SOL_SOCKET, SO_ERROR)?, 0);
    // A connected UDP socket hears the ICMP "port unreachable" its
    // datagram to a closed port provokes.
    let (_held, port) = common::refusing_udp_port();
    connect(&fd, &sockaddr_in::new(INADDR_LOOPBACK, port.parse()?))?;
    send(&fd, b"anyone?", 0)?;
    let mut fds = [pollfd::new(&fd, POLLIN)];
    assert_eq!(poll(&mut fds, 2000)?, 1, "the ICMP error never arrived");
    assert_ne!(fds[0].revents & POLLERR, 0);
    assert_eq!(
        getsockopt(&fd, SOL_SOCKET, SO_ERROR)?,
        Errno::ECONNREFUSED as c_int
    );
    assert_eq!(
        getsockopt(&fd, SOL_SOCKET, SO_ERROR)?,
        0,
        "reading clears it"
    );
    Ok(())
}

#[test]
fn tcp_maxseg_round_trips_before_connect() -> TestResult {
    let fd = socket(AF_INET, SOCK_STREAM, 0)?;
    assert_eq!(
        getsockopt(&fd, IPPROTO_TCP, TCP_MAXSEG)?,
        536,
        "TCP's default MSS"
    );
    setsockopt(&fd, IPPROTO_TCP, TCP_MAXSEG, &1000)?;
    assert_eq!(getsockopt(&fd, IPPROTO_TCP, TCP_MAXSEG)?, 1000);

    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    listen(&listenfd, LISTENQ)?;
    connect(&fd, &getsockname(&listenfd)?)?;
    let mss = getsockopt(&fd, IPPROTO_TCP, TCP_MAXSEG)?;
    assert!(mss > 0 && mss <= 1000, "MSS {mss} after connect");
    Ok(())
}

#[test]
fn ipv6_v6only_decides_whether_ipv4_mapped_addresses_work() -> TestResult {
    // An IPv4 receiver on 127.0.0.1, reached from AF_INET6 sockets through
    // its IPv4-mapped address ::ffff:127.0.0.1.
    let receiver = socket(AF_INET, SOCK_DGRAM, 0)?;
    bind(&receiver, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    let port = getsockname(&receiver)?.inet_port()?;
    let mapped: sockaddr_in6 = format!("[::ffff:127.0.0.1]:{port}").parse()?;

    let dual = socket(AF_INET6, SOCK_DGRAM, 0)?;
    setsockopt(&dual, IPPROTO_IPV6, IPV6_V6ONLY, &0)?;
    assert_eq!(sendto(&dual, b"mapped", 0, &mapped)?, 6);
    let mut fds = [pollfd::new(&receiver, POLLIN)];
    assert_eq!(poll(&mut fds, 2000)?, 1);
    let mut buf = [0u8; 16];
    let (n, from) = recvfrom(&receiver, &mut buf, 0)?;
    assert_eq!(&buf[..n], b"mapped");
    assert_eq!(from.family(), AF_INET, "the receiver sees an IPv4 sender");

    let v6only = socket(AF_INET6, SOCK_DGRAM, 0)?;
    setsockopt(&v6only, IPPROTO_IPV6, IPV6_V6ONLY, &1)?;
    assert_eq!(getsockopt(&v6only, IPPROTO_IPV6, IPV6_V6ONLY)?, 1);
    let err = sendto(&v6only, b"mapped", 0, &mapped).unwrap_err();
    assert_eq!(err.errno(), Some(Errno::ENETUNREACH), "{err}");
    Ok(())
}
