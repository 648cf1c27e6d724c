//! Errors a student can read: every failure prints like perror, with the
//! errno's name (`connect: Connection refused (ECONNREFUSED)`), names the
//! call, and can be matched on its errno. Arguments refused before any
//! system call (a port of 70000, a path too long for `sun_path`, text that
//! is not an address) say what was wrong.
mod common;

use socklab::*;

type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

/// Asserts the three faces of a system call error: its text, its call and
/// its errno.
fn assert_sys_error(err: &Error, text: &str, call: &str, errno: Errno) {
    assert_eq!(err.to_string(), text);
    assert_eq!(err.call(), call, "call of {err}");
    assert_eq!(err.errno(), Some(errno), "errno of {err}");
    assert_eq!(*err, Error::sys(err.call(), errno));
}

// ---------------------------------------------------------------------
// System call errors, provoked for real on loopback
// ---------------------------------------------------------------------

#[test]
fn connect_to_a_closed_port_is_econnrefused() -> TestResult {
    // Bound, never listening: nobody accepts there, and while `_held`
    // lives no server of a parallel test can take the port.
    let (_held, port) = common::refusing_port();
    let port: u16 = port.parse()?;
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let err = connect(&sockfd, &sockaddr_in::new(INADDR_LOOPBACK, port)).unwrap_err();
    assert_sys_error(
        &err,
        "connect: Connection refused (ECONNREFUSED)",
        "connect",
        Errno::ECONNREFUSED,
    );
    Ok(())
}

#[test]
fn connect_to_a_closed_ipv6_port_is_econnrefused() -> TestResult {
    // A socket bound on ::1 that never listens: a SYN to its port finds no
    // listener and is answered with RST. Kept open (not closed) so that no
    // server of a parallel test can take the port meanwhile.
    let held = socket(AF_INET6, SOCK_STREAM, 0)?;
    bind(&held, &sockaddr_in6::new(in6addr_loopback, 0))?;
    let closed = getsockname(&held)?;
    let sockfd = socket(AF_INET6, SOCK_STREAM, 0)?;
    let err = connect(&sockfd, &closed).unwrap_err();
    assert_eq!(err.errno(), Some(Errno::ECONNREFUSED), "{err}");
    Ok(())
}

#[test]
fn a_second_bind_on_the_same_port_is_eaddrinuse() -> TestResult {
    let first = socket(AF_INET, SOCK_STREAM, 0)?;
    bind(&first, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    listen(&first, LISTENQ)?;
    let taken = getsockname(&first)?;

    let second = socket(AF_INET, SOCK_STREAM, 0)?;
    let err = bind(&second, &taken).unwrap_err();
    assert_sys_error(
        &err,
        "bind: Address already in use (EADDRINUSE)",
        "bind",
        Errno::EADDRINUSE,
    );
    Ok(())
}

#[test]
fn binding_an_existing_unix_path_is_eaddrinuse() -> TestResult {
    let dir = common::temp_dir();
    let addr = sockaddr_un::new(dir.path().join("taken"))?;
    let first = socket(AF_UNIX, SOCK_STREAM, 0)?;
    bind(&first, &addr)?;
    close(first)?;
    // The file outlives the socket: that is why servers unlink first.
    let second = socket(AF_UNIX, SOCK_STREAM, 0)?;
    let err = bind(&second, &addr).unwrap_err();
    assert_eq!(err.to_string(), "bind: Address already in use (EADDRINUSE)");
    unlink(addr.path().ok_or("not a path")?)?;
    bind(&second, &addr)?;
    Ok(())
}

#[test]
fn unix_connect_errors() -> TestResult {
    let dir = common::temp_dir();
    let sockfd = socket(AF_UNIX, SOCK_STREAM, 0)?;
    let missing = sockaddr_un::new(dir.path().join("nobody-here"))?;
    let err = connect(&sockfd, &missing).unwrap_err();
    assert_sys_error(
        &err,
        "connect: No such file or directory (ENOENT)",
        "connect",
        Errno::ENOENT,
    );

    // A socket file whose socket does not listen refuses the connection.
    let addr = sockaddr_un::new(dir.path().join("not-listening"))?;
    let bound = socket(AF_UNIX, SOCK_STREAM, 0)?;
    bind(&bound, &addr)?;
    let err = connect(&sockfd, &addr).unwrap_err();
    assert_eq!(err.errno(), Some(Errno::ECONNREFUSED), "{err}");
    Ok(())
}

#[test]
fn listen_on_a_udp_socket_is_eopnotsupp() -> TestResult {
    let fd = socket(AF_INET, SOCK_DGRAM, 0)?;
    let err = listen(&fd, LISTENQ).unwrap_err();
    assert_sys_error(
        &err,
        "listen: Operation not supported (EOPNOTSUPP)",
        "listen",
        Errno::EOPNOTSUPP,
    );
    Ok(())
}

#[test]
fn accept_on_a_socket_that_does_not_listen_is_einval() -> TestResult {
    let fd = socket(AF_INET, SOCK_STREAM, 0)?;
    bind(&fd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    let err = accept(&fd).unwrap_err();
    assert_sys_error(
        &err,
        "accept: Invalid argument (EINVAL)",
        "accept",
        Errno::EINVAL,
    );
    Ok(())
}

#[test]
fn binding_a_bound_socket_again_is_einval() -> TestResult {
    let fd = socket(AF_INET, SOCK_STREAM, 0)?;
    bind(&fd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    let err = bind(&fd, &sockaddr_in::new(INADDR_LOOPBACK, 0)).unwrap_err();
    assert_eq!(err.to_string(), "bind: Invalid argument (EINVAL)");
    Ok(())
}

#[test]
fn socket_with_a_bad_family_or_type() {
    let err = socket(AF_INET, 12345, 0).unwrap_err();
    assert_sys_error(
        &err,
        "socket: Invalid argument (EINVAL)",
        "socket",
        Errno::EINVAL,
    );
    let err = socket(4242, SOCK_STREAM, 0).unwrap_err();
    assert_eq!(err.call(), "socket");
    assert_eq!(err.errno(), Some(Errno::EAFNOSUPPORT), "{err}");
    assert!(err.to_string().ends_with("(EAFNOSUPPORT)"), "{err}");
    // socketpair exists only for AF_UNIX
    let err = socketpair(AF_INET, SOCK_STREAM, 0).unwrap_err();
    assert_eq!(err.call(), "socketpair");
    assert_eq!(err.errno(), Some(Errno::EOPNOTSUPP), "{err}");
}

#[test]
fn unconnected_sockets_are_enotconn() -> TestResult {
    let fd = socket(AF_INET, SOCK_STREAM, 0)?;
    let err = getpeername(&fd).unwrap_err();
    assert_sys_error(
        &err,
        "getpeername: Transport endpoint is not connected (ENOTCONN)",
        "getpeername",
        Errno::ENOTCONN,
    );
    let err = shutdown(&fd, SHUT_WR).unwrap_err();
    assert_eq!(err.errno(), Some(Errno::ENOTCONN), "{err}");
    assert_eq!(err.call(), "shutdown");
    Ok(())
}

#[test]
fn writing_to_a_closed_peer_is_epipe_because_rust_ignores_sigpipe() -> TestResult {
    // The test harness, like every Rust program, starts with SIGPIPE
    // ignored, so the write fails instead of killing the process (the
    // SIG_DFL case is tested with a child process in fork_single_thread).
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    close(b)?;
    let err = write(&a, b"anyone?").unwrap_err();
    assert_sys_error(&err, "write: Broken pipe (EPIPE)", "write", Errno::EPIPE);
    let err = send(&a, b"anyone?", 0).unwrap_err();
    assert_eq!(err.to_string(), "send: Broken pipe (EPIPE)");
    Ok(())
}

#[test]
fn a_timed_out_read_is_eagain() -> TestResult {
    let (_a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    let tiny = timeval {
        tv_sec: 0,
        tv_usec: 20_000,
    };
    setsockopt(&b, SOL_SOCKET, SO_RCVTIMEO, &tiny)?;
    let err = read(&b, &mut [0u8; 8]).unwrap_err();
    assert_sys_error(
        &err,
        "read: Resource temporarily unavailable (EAGAIN)",
        "read",
        Errno::EAGAIN,
    );
    Ok(())
}

#[test]
fn socket_option_errors() -> TestResult {
    let udp = socket(AF_INET, SOCK_DGRAM, 0)?;
    // TCP options do not exist on a UDP socket
    let err = getsockopt(&udp, IPPROTO_TCP, TCP_NODELAY).unwrap_err();
    assert_sys_error(
        &err,
        "getsockopt: Operation not supported (EOPNOTSUPP)",
        "getsockopt",
        Errno::EOPNOTSUPP,
    );
    let tcp = socket(AF_INET, SOCK_STREAM, 0)?;
    let err = setsockopt(&tcp, IPPROTO_TCP, TCP_MAXSEG, &1).unwrap_err();
    assert_sys_error(
        &err,
        "setsockopt: Invalid argument (EINVAL)",
        "setsockopt",
        Errno::EINVAL,
    );
    Ok(())
}

#[test]
fn dup2_onto_a_negative_number_is_ebadf() -> TestResult {
    let fd = socket(AF_INET, SOCK_STREAM, 0)?;
    let err = dup2(&fd, -1).unwrap_err();
    assert_sys_error(
        &err,
        "dup2: Bad file descriptor (EBADF)",
        "dup2",
        Errno::EBADF,
    );
    Ok(())
}

#[test]
fn unlink_of_a_missing_file_is_enoent() {
    let dir = common::temp_dir();
    let err = unlink(dir.path().join("never-created")).unwrap_err();
    assert_sys_error(
        &err,
        "unlink: No such file or directory (ENOENT)",
        "unlink",
        Errno::ENOENT,
    );
}

// ---------------------------------------------------------------------
// EACCES
// ---------------------------------------------------------------------

/// Does this process have capability number `bit` (from `CapEff` in
/// /proc/self/status)? Root normally has all of them.
fn has_capability(bit: u32) -> bool {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("CapEff:"))
        .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
        .is_some_and(|caps| caps & (1 << bit) != 0)
}

const CAP_DAC_OVERRIDE: u32 = 1;
const CAP_NET_BIND_SERVICE: u32 = 10;

#[test]
fn sending_to_a_broadcast_address_needs_so_broadcast() -> TestResult {
    // 127.255.255.255 is the loopback network's broadcast address: the
    // datagram never leaves the machine. Without SO_BROADCAST the kernel
    // refuses it with EACCES — for root too, so this case always runs.
    // The port: one of ours, held, so the datagram reaches nobody else.
    let (_held, port) = common::busy_udp_port();
    let broadcast: sockaddr_in = format!("127.255.255.255:{port}").parse()?;
    let fd = socket(AF_INET, SOCK_DGRAM, 0)?;
    match sendto(&fd, b"x", 0, &broadcast) {
        Err(err) => assert_sys_error(
            &err,
            "sendto: Permission denied (EACCES)",
            "sendto",
            Errno::EACCES,
        ),
        Ok(_) => {
            // Only if this system has no broadcast route for 127/8.
            eprintln!("SKIPPED: 127.255.255.255 is not a broadcast address here");
            return Ok(());
        }
    }
    setsockopt(&fd, SOL_SOCKET, SO_BROADCAST, &1)?;
    assert_eq!(sendto(&fd, b"x", 0, &broadcast)?, 1);
    Ok(())
}

#[test]
fn binding_a_privileged_port_without_privileges_is_eacces() -> TestResult {
    // root may bind port 80: the check runs again as nobody
    if common::passed_as_nobody("binding_a_privileged_port_without_privileges_is_eacces") {
        return Ok(());
    }
    let start = std::fs::read_to_string("/proc/sys/net/ipv4/ip_unprivileged_port_start")
        .ok()
        .and_then(|s| s.trim().parse::<u16>().ok())
        .unwrap_or(1024);
    if has_capability(CAP_NET_BIND_SERVICE) || start <= 80 {
        eprintln!(
            "SKIPPED: this process may bind port 80 (CAP_NET_BIND_SERVICE, e.g. root, \
             or ip_unprivileged_port_start = {start}); EACCES is tested by \
             sending_to_a_broadcast_address_needs_so_broadcast"
        );
        return Ok(());
    }
    let fd = socket(AF_INET, SOCK_STREAM, 0)?;
    let err = bind(&fd, &sockaddr_in::new(INADDR_LOOPBACK, 80)).unwrap_err();
    assert_sys_error(
        &err,
        "bind: Permission denied (EACCES)",
        "bind",
        Errno::EACCES,
    );
    Ok(())
}

#[test]
fn binding_a_unix_path_in_a_read_only_directory_is_eacces() -> TestResult {
    use std::os::unix::fs::PermissionsExt;
    // root ignores directory permissions: the check runs again as nobody
    if common::passed_as_nobody("binding_a_unix_path_in_a_read_only_directory_is_eacces") {
        return Ok(());
    }
    if has_capability(CAP_DAC_OVERRIDE) {
        eprintln!(
            "SKIPPED: this process ignores directory permissions (CAP_DAC_OVERRIDE, e.g. root)"
        );
        return Ok(());
    }
    let dir = common::temp_dir();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked)?;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o500))?;
    let fd = socket(AF_UNIX, SOCK_STREAM, 0)?;
    let result = bind(&fd, &sockaddr_un::new(locked.join("s"))?);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o700))?;
    let err = result.unwrap_err();
    assert_sys_error(
        &err,
        "bind: Permission denied (EACCES)",
        "bind",
        Errno::EACCES,
    );
    Ok(())
}

// ---------------------------------------------------------------------
// Arguments refused before any system call
// ---------------------------------------------------------------------

#[test]
fn a_path_too_long_for_sun_path_is_refused_not_cut() {
    let long = format!("/tmp/{}", "x".repeat(200));
    let err = sockaddr_un::new(&long).unwrap_err();
    assert_eq!(
        err.to_string(),
        "sockaddr_un: path too long for sun_path (205 bytes, the limit is 107)"
    );
    assert_eq!(err.errno(), None);
    assert_eq!(err.call(), "sockaddr_un");
    assert!(matches!(err, Error::Invalid { .. }));

    // the boundary: 107 bytes fit (with C's NUL, 108), 108 do not
    assert_eq!(sockaddr_un::MAX_PATH, 107);
    assert!(sockaddr_un::new("/".repeat(107)).is_ok());
    assert!(sockaddr_un::new("/".repeat(108)).is_err());
    assert!(sockaddr_un::abstract_name("a".repeat(107)).is_ok());
    let err = sockaddr_un::abstract_name("a".repeat(108)).unwrap_err();
    assert!(err.to_string().contains("too long"), "{err}");
}

#[test]
fn other_bad_unix_paths() {
    assert_eq!(
        sockaddr_un::new("").unwrap_err().to_string(),
        "sockaddr_un: empty path"
    );
    assert_eq!(
        sockaddr_un::new("/tmp/a\0b").unwrap_err().to_string(),
        "sockaddr_un: path contains a NUL byte"
    );
}

#[test]
fn inet_pton_refuses_text_that_is_not_an_address() {
    let mut a = in_addr::default();
    for bad in ["1.2.3", "256.0.0.1", "localhost", "1.2.3.4 ", "", "::1"] {
        let err = inet_pton(AF_INET, bad, &mut a).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("inet_pton: {bad:?} is not a valid AF_INET address")
        );
        assert_eq!(err.errno(), None);
    }
    assert_eq!(a, in_addr::default(), "a failed inet_pton changed dst");

    let mut a6 = in6_addr::default();
    for bad in ["::g", "1:2:3:4:5:6:7:8:9", "127.0.0.1", "[::1]"] {
        let err = inet_pton(AF_INET6, bad, &mut a6).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("inet_pton: {bad:?} is not a valid AF_INET6 address")
        );
    }
    let err = inet_pton(AF_INET, "1.2\0.3.4", &mut a).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"inet_pton: "1.2\0.3.4" contains a NUL byte"#
    );
}

#[test]
fn inet_pton_and_ntop_refuse_a_family_that_does_not_fit() {
    let mut a = in_addr::default();
    let err = inet_pton(AF_INET6, "::1", &mut a).unwrap_err();
    assert_eq!(
        err.to_string(),
        "inet_pton: AF_INET6 addresses go in an in6_addr"
    );
    let mut a6 = in6_addr::default();
    let err = inet_pton(AF_INET, "1.2.3.4", &mut a6).unwrap_err();
    assert_eq!(
        err.to_string(),
        "inet_pton: AF_INET addresses go in an in_addr"
    );
    // a family inet_pton does not know at all: the C library's EAFNOSUPPORT
    let err = inet_pton(AF_UNIX, "1.2.3.4", &mut a).unwrap_err();
    assert_sys_error(
        &err,
        "inet_pton: Address family not supported by protocol (EAFNOSUPPORT)",
        "inet_pton",
        Errno::EAFNOSUPPORT,
    );
    let err = inet_ntop(AF_INET6, &a).unwrap_err();
    assert_eq!(err.errno(), Some(Errno::EAFNOSUPPORT));
    assert_eq!(err.call(), "inet_ntop");
}

#[test]
fn parse_port_says_what_is_wrong() {
    assert_eq!(
        parse_port("70000").unwrap_err().to_string(),
        r#"port: "70000" is not a port number (0-65535)"#
    );
    for bad in ["-1", "http", "", "98 77", "9877x", "65536"] {
        let err = parse_port(bad).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("port: {bad:?} is not a port number (0-65535)")
        );
        assert_eq!(err.errno(), None);
    }
    assert_eq!(parse_port("65535").ok(), Some(65535));
    assert_eq!(parse_port("0").ok(), Some(0));
}

#[test]
fn address_strings_that_do_not_parse() {
    let err = "127.0.0.1".parse::<sockaddr_in>().unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"sockaddr: "127.0.0.1" is not of the form address:port"#
    );
    let err = "127.0.0.1:70000".parse::<sockaddr_in>().unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"port: "70000" is not a port number (0-65535)"#
    );
    let err = "localhost:80".parse::<sockaddr_in>().unwrap_err();
    assert!(err.to_string().starts_with("inet_pton: "), "{err}");
    let err = "[::1]9877".parse::<sockaddr_in6>().unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"sockaddr: "[::1]9877" is not of the form address:port"#
    );
    assert!("[::1]:9877".parse::<SockAddr>().is_ok());
    assert!("::1:9877".parse::<SockAddr>().is_err());
}

// ---------------------------------------------------------------------
// getaddrinfo
// ---------------------------------------------------------------------

#[test]
fn a_host_that_does_not_resolve_is_a_clear_error() {
    let hints = addrinfo {
        ai_family: AF_INET,
        ai_socktype: SOCK_STREAM,
        ..Default::default()
    };
    let err = getaddrinfo(Some(common::NO_SUCH_HOST), None, &hints).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("getaddrinfo: {}: ", common::NO_SUCH_HOST)),
        "{text}"
    );
    let Error::AddrInfo { code, message, .. } = &err else {
        panic!("expected Error::AddrInfo, got {err:?}");
    };
    // NONAME normally; AGAIN where DNS cannot be reached at all
    assert!(
        [libc::EAI_NONAME, libc::EAI_AGAIN].contains(code),
        "code {code}: {message}"
    );
    assert!(!message.is_empty());
    assert_eq!(err.call(), "getaddrinfo");
    assert_eq!(err.errno(), None);

    let err = getaddrinfo(Some(common::NO_SUCH_HOST), Some("9877"), &hints).unwrap_err();
    assert!(
        err.to_string().starts_with(&format!(
            "getaddrinfo: {} port 9877: ",
            common::NO_SUCH_HOST
        )),
        "{err}"
    );

    let err = resolve_ipv4(common::NO_SUCH_HOST, 13).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("getaddrinfo: {}: ", common::NO_SUCH_HOST)),
        "{err}"
    );
}

#[test]
fn resolve_ipv4_refuses_an_ipv6_literal() {
    let err = resolve_ipv4("::1", 13).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"resolve: "::1" is an IPv6 address; this program speaks IPv4 (AF_INET)"#
    );
}

#[test]
fn an_unknown_service_name_is_a_clear_error() {
    let hints = addrinfo {
        ai_family: AF_INET,
        ai_socktype: SOCK_STREAM,
        ..Default::default()
    };
    let err = getaddrinfo(Some("localhost"), Some("no-such-service"), &hints).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("getaddrinfo: localhost port no-such-service: "),
        "{err}"
    );
    let err = getaddrinfo(Some("local\0host"), None, &hints).unwrap_err();
    assert!(err.to_string().contains("NUL"), "{err}");
}

// ---------------------------------------------------------------------
// Matching on the errno, as C tests `errno == EINTR`
// ---------------------------------------------------------------------

#[test]
fn errors_can_be_matched_on_their_errno() {
    let (_held, port) = common::refusing_port();
    let port: u16 = port.parse().expect("port");
    let sockfd = socket(AF_INET, SOCK_STREAM, 0).expect("socket");
    let what = match connect(&sockfd, &sockaddr_in::new(INADDR_LOOPBACK, port)) {
        Ok(()) => "connected",
        Err(e) if e.errno() == Some(Errno::ECONNREFUSED) => "refused",
        Err(e) => match e.errno() {
            Some(Errno::ETIMEDOUT) => "timed out",
            _ => "other",
        },
    };
    assert_eq!(what, "refused");

    // Error::sys builds the same value a failed call returns
    let e = Error::sys("accept", Errno::EINTR);
    assert_eq!(e.to_string(), "accept: Interrupted system call (EINTR)");
    assert!(matches!(
        e,
        Error::Sys {
            call: "accept",
            errno: Errno::EINTR
        }
    ));
    assert_eq!(errno_name(Errno::EWOULDBLOCK), "EAGAIN"); // the same number on Linux

    // `?` into std::io keeps the text and the kind
    let io: std::io::Error = Error::sys("connect", Errno::ECONNREFUSED).into();
    assert_eq!(io.kind(), std::io::ErrorKind::ConnectionRefused);
    assert_eq!(io.to_string(), "connect: Connection refused (ECONNREFUSED)");
    let io: std::io::Error = parse_port("x").unwrap_err().into();
    assert_eq!(io.kind(), std::io::ErrorKind::InvalidInput);
}
