//! The lecture's AF_INET programs — `socket_init`, the upper-case TCP and
//! UDP pairs, the hello pair — run as real processes on loopback, Rust and
//! C twins against each other, plus the misbehaving clients the servers
//! must survive and the bad input every program must reject cleanly.
mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::*;
use socklab::*;

/// Which twin of a program to run.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Twin {
    Rust,
    C,
}
use Twin::{C, Rust};

fn bin(name: &str, twin: Twin) -> PathBuf {
    match twin {
        Rust => example(name),
        C => c_twin(name),
    }
}

/// A socket for the test's own side, close-on-exec. socklab (like C) sets
/// no `SOCK_CLOEXEC`; without it, a program another test thread starts at
/// that moment would inherit the socket — keeping a connection open that
/// the test "closed", or shifting the descriptor numbers it prints.
fn test_socket(ty: i32) -> Fd {
    socket(AF_INET, ty | libc::SOCK_CLOEXEC, 0).expect("socket")
}

/// (client, server): every pair the issue asks for.
const PAIRS: [(Twin, Twin); 3] = [(Rust, Rust), (Rust, C), (C, Rust)];

fn port_args(prefix: &'static [&'static str]) -> impl Fn(&str) -> Vec<String> {
    move |port| {
        prefix
            .iter()
            .map(|s| s.to_string())
            .chain([port.to_string()])
            .collect()
    }
}

// ---------------------------------------------------------------------
// socket_init
// ---------------------------------------------------------------------

/// Both twins print the same two lines, with the same (lowest free)
/// descriptor number.
#[test]
fn socket_init_prints_the_descriptor() {
    let mut numbers = Vec::new();
    for twin in [Rust, C] {
        let out = run(bin("socket_init", twin), &[], "");
        out.assert_success();
        let lines: Vec<&str> = out.stdout.lines().collect();
        assert_eq!(lines.len(), 2, "{twin:?}: {:?}", out.stdout);
        assert_eq!(lines[0], "Socket Initialized");
        let fd: i32 = lines[1]
            .strip_prefix("socket descriptor: ")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{twin:?}: second line {:?}", lines[1]));
        assert!(fd >= 3, "0, 1 and 2 are taken, got {fd}");
        numbers.push(fd);
    }
    assert_eq!(
        numbers[0], numbers[1],
        "Rust and C got different descriptors"
    );
}

/// Trace mode shows the one socket() and the close() of the same number.
#[test]
fn socket_init_trace_shows_socket_and_close() {
    let out = run_env(example("socket_init"), &[], "", &[("SOCKLAB_TRACE", "1")]);
    out.assert_success();
    let fd = out
        .stdout
        .lines()
        .nth(1)
        .and_then(|l| l.rsplit(' ').next())
        .expect("fd line");
    assert!(
        out.stderr
            .contains(&format!("socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = {fd}")),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(&format!("close({fd}) = 0")),
        "{}",
        out.stderr
    );
}

#[test]
fn socket_init_bad_input() {
    for twin in [Rust, C] {
        run(bin("socket_init", twin), &["extra"], "").assert_one_line_error("usage: socket_init");
    }
}

// ---------------------------------------------------------------------
// tcp_upper_server / tcp_upper_client
// ---------------------------------------------------------------------

const TCP_READY: &str = "The server is ready to receive";

fn start_tcp_upper(twin: Twin) -> (Server, u16) {
    start_on_free_port(
        bin("tcp_upper_server", twin),
        SOCK_STREAM,
        port_args(&[]),
        TCP_READY,
    )
}

fn tcp_upper_client(twin: Twin, host: &str, port: u16, input: &str) -> Output {
    run(
        bin("tcp_upper_client", twin),
        &[host, &port.to_string()],
        input,
    )
}

#[test]
fn tcp_upper_pairs_talk() {
    for (client, server) in PAIRS {
        let (mut srv, port) = start_tcp_upper(server);
        // twice, with a name and a dotted address: the server loops
        for host in ["127.0.0.1", "localhost"] {
            let out = tcp_upper_client(client, host, port, "hello sockets 42\n");
            out.assert_success();
            assert_eq!(
                out.stdout, "Input lowercase sentence: From Server: HELLO SOCKETS 42\n",
                "{client:?} client -> {server:?} server via {host}"
            );
        }
        assert!(!has_exited(srv.pid()), "{server:?} server ended");
        let out = srv.stop();
        assert!(
            out.stderr.is_empty(),
            "{server:?} server complained: {}",
            out.stderr
        );
    }
}

/// A raw client, for the ways a real client can misbehave.
fn connect_to(port: u16) -> Fd {
    let fd = test_socket(SOCK_STREAM);
    connect(&fd, &sockaddr_in::new(INADDR_LOOPBACK, port)).expect("connect");
    setsockopt(
        &fd,
        SOL_SOCKET,
        SO_RCVTIMEO,
        &timeval {
            tv_sec: 10,
            tv_usec: 0,
        },
    )
    .expect("SO_RCVTIMEO");
    fd
}

/// Reads until end of file or an error (a reset after the data), bounded.
fn read_all(fd: &Fd) -> Vec<u8> {
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    for _ in 0..100 {
        match read(fd, &mut buf) {
            // With SO_RCVTIMEO set, Linux reports EINTR instead of
            // restarting when the process is stopped and continued (or
            // frozen and thawed) mid-read: not an answer, read again.
            Err(e) if e.errno() == Errno::EINTR => continue,
            Ok(0) | Err(_) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
    got
}

/// Sends `msg`, returns the whole reply.
fn exchange(port: u16, msg: &[u8]) -> Vec<u8> {
    let fd = connect_to(port);
    write(&fd, msg).expect("write");
    read_all(&fd)
}

#[test]
fn tcp_upper_server_survives_misbehaving_clients() {
    for twin in [Rust, C] {
        let (mut srv, port) = start_tcp_upper(twin);

        // 1. connects and closes at once: the server reads end of file
        drop(connect_to(port));
        // 2. resets the connection (SO_LINGER 0 makes close send RST)
        let fd = connect_to(port);
        setsockopt(
            &fd,
            SOL_SOCKET,
            SO_LINGER,
            &linger {
                l_onoff: 1,
                l_linger: 0,
            },
        )
        .expect("SO_LINGER");
        drop(fd);
        // 3. says nothing for a while, then goes away (meanwhile a second
        //    client waits in the listen queue: one client at a time)
        let silent = connect_to(port);
        let waiting = std::thread::spawn(move || exchange(port, b"queued"));
        std::thread::sleep(Duration::from_millis(300));
        drop(silent);
        assert_eq!(waiting.join().expect("queued client"), b"QUEUED");
        // 4. bytes that are not UTF-8 text: only a-z change
        let binary = b"abc\x00\xff\xfe\x80z\r\n\xc3\xa9".to_vec();
        assert_eq!(
            exchange(port, &binary),
            binary.to_ascii_uppercase(),
            "{twin:?}"
        );
        // 5. more than the buffer: the reply is the first 2048 bytes at
        //    most (the rest was never read; the close may reset the
        //    connection before all of the reply arrives)
        let reply = exchange(port, &[b'x'; 5000]);
        assert!(
            reply.len() <= 2048 && reply.iter().all(|b| *b == b'X'),
            "{twin:?}: {} bytes",
            reply.len()
        );

        // ...and a well-behaved client is still served.
        let out = tcp_upper_client(Rust, "127.0.0.1", port, "still there?\n");
        out.assert_success();
        assert_eq!(
            out.stdout,
            "Input lowercase sentence: From Server: STILL THERE?\n"
        );
        assert!(!has_exited(srv.pid()), "{twin:?} server ended");
        let out = srv.stop();
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
}

/// The client prints the reply's bytes; non-UTF-8 ones become U+FFFD in
/// Rust, and go through unchanged in C.
#[test]
fn tcp_upper_client_prints_binary_reply() {
    let (_srv, port) = start_tcp_upper(Rust);
    let out = tcp_upper_client(Rust, "127.0.0.1", port, "caf\u{e9} \u{fffd}ok\n");
    out.assert_success();
    assert_eq!(
        out.stdout,
        "Input lowercase sentence: From Server: CAF\u{e9} \u{fffd}OK\n"
    );
}

#[test]
fn tcp_upper_client_stdin_closed_or_empty() {
    for twin in [Rust, C] {
        // no server needed: the client reads the sentence before connecting
        tcp_upper_client(twin, "127.0.0.1", 9, "").assert_one_line_error("end of input");
        tcp_upper_client(twin, "127.0.0.1", 9, "\n").assert_one_line_error("empty sentence");
    }
}

// ---------------------------------------------------------------------
// udp_upper_server / udp_upper_client
// ---------------------------------------------------------------------

fn start_udp_upper(twin: Twin) -> (Server, u16) {
    start_on_free_port(
        bin("udp_upper_server", twin),
        SOCK_DGRAM,
        port_args(&[]),
        TCP_READY,
    )
}

fn udp_upper_client(twin: Twin, host: &str, port: u16, input: &str) -> Output {
    run(
        bin("udp_upper_client", twin),
        &[host, &port.to_string()],
        input,
    )
}

#[test]
fn udp_upper_pairs_talk() {
    for (client, server) in PAIRS {
        let (mut srv, port) = start_udp_upper(server);
        for (host, input, reply) in [
            ("127.0.0.1", "hello datagrams\n", "HELLO DATAGRAMS"),
            ("localhost", "second one\n", "SECOND ONE"),
            ("127.0.0.1", "\n", ""), // an empty datagram gets an empty reply
        ] {
            let out = udp_upper_client(client, host, port, input);
            out.assert_success();
            assert_eq!(
                out.stdout,
                format!("Input lowercase sentence: From Server: {reply}\n"),
                "{client:?} client -> {server:?} server"
            );
        }
        assert!(!has_exited(srv.pid()), "{server:?} server ended");
        let out = srv.stop();
        assert!(
            out.stderr.is_empty(),
            "{server:?} server complained: {}",
            out.stderr
        );
    }
}

/// One datagram to the server and its reply, from a fresh socket.
fn udp_exchange(port: u16, msg: &[u8]) -> Vec<u8> {
    let fd = test_socket(SOCK_DGRAM);
    setsockopt(
        &fd,
        SOL_SOCKET,
        SO_RCVTIMEO,
        &timeval {
            tv_sec: 10,
            tv_usec: 0,
        },
    )
    .expect("SO_RCVTIMEO");
    sendto(&fd, msg, 0, &sockaddr_in::new(INADDR_LOOPBACK, port)).expect("sendto");
    let mut buf = vec![0u8; 65536];
    // (EINTR: see read_all; bounded like everything else)
    let mut got = recvfrom(&fd, &mut buf, 0);
    for _ in 0..10 {
        match &got {
            Err(e) if e.errno() == Errno::EINTR => got = recvfrom(&fd, &mut buf, 0),
            _ => break,
        }
    }
    let (n, _) = got.expect("no reply from the server");
    buf.truncate(n);
    buf
}

#[test]
fn udp_upper_server_survives_misbehaving_clients() {
    for twin in [Rust, C] {
        let (mut srv, port) = start_udp_upper(twin);
        // a sender that is gone before the reply: it goes to a closed port
        let fd = test_socket(SOCK_DGRAM);
        sendto(&fd, b"gone", 0, &sockaddr_in::new(INADDR_LOOPBACK, port)).expect("sendto");
        drop(fd);
        // empty, binary, and longer than the server's 2048-byte buffer
        assert_eq!(udp_exchange(port, b""), b"");
        let binary = b"abc\x00\xff\xfe\x80z\xc3\xa9".to_vec();
        assert_eq!(udp_exchange(port, &binary), binary.to_ascii_uppercase());
        assert_eq!(
            udp_exchange(port, &[b'q'; 5000]),
            vec![b'Q'; 2048],
            "{twin:?}: truncated to the buffer"
        );

        let out = udp_upper_client(Rust, "127.0.0.1", port, "still there?\n");
        out.assert_success();
        assert_eq!(
            out.stdout,
            "Input lowercase sentence: From Server: STILL THERE?\n"
        );
        assert!(!has_exited(srv.pid()), "{twin:?} server ended");
        let out = srv.stop();
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
}

/// Ctrl-Z and `fg` while the client waits for its reply: with a receive
/// timeout set, Linux fails the stopped recvfrom with EINTR instead of
/// restarting it. The client must wait on, and print the late reply.
#[test]
fn udp_upper_client_waits_on_after_stop_and_continue() {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    // The test plays the server, so it decides when the reply goes out.
    let server = test_socket(SOCK_DGRAM);
    bind(&server, &sockaddr_in::new(INADDR_LOOPBACK, 0)).expect("bind");
    setsockopt(
        &server,
        SOL_SOCKET,
        SO_RCVTIMEO,
        &timeval {
            tv_sec: 10,
            tv_usec: 0,
        },
    )
    .expect("SO_RCVTIMEO");
    let port = getsockname(&server)
        .expect("getsockname")
        .port()
        .expect("port");
    for twin in [Rust, C] {
        let mut child = Command::new(bin("udp_upper_client", twin))
            .args(["127.0.0.1", &port.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn udp_upper_client");
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(b"wake me\n").expect("write stdin");
        drop(stdin);
        let mut buf = [0u8; 2048];
        let (n, client) = recvfrom(&server, &mut buf, 0).expect("the client's datagram");
        assert_eq!(&buf[..n], b"wake me");
        // it is in (or about to be in) recvfrom: stop it, let it sit, go on
        std::thread::sleep(Duration::from_millis(200));
        let pid = child.id().to_string();
        for signal in ["-STOP", "-CONT"] {
            let ok = Command::new("kill")
                .args([signal, &pid])
                .status()
                .expect("kill");
            assert!(ok.success());
            std::thread::sleep(Duration::from_millis(200));
        }
        sendto(&server, b"LATE BUT HERE", 0, &client).expect("sendto");
        let out = wait_with_timeout(child, RUN_TIMEOUT);
        out.assert_success();
        assert_eq!(
            out.stdout, "Input lowercase sentence: From Server: LATE BUT HERE\n",
            "{twin:?}"
        );
    }
}

/// With nobody answering, the client gives up after its 5-second
/// SO_RCVTIMEO with one clear line — not a hang, not a panic.
#[test]
fn udp_upper_client_times_out_without_server() {
    // A bound socket that never answers: the port cannot be taken by
    // anyone else while we hold it.
    let silent = test_socket(SOCK_DGRAM);
    bind(&silent, &sockaddr_in::new(INADDR_LOOPBACK, 0)).expect("bind");
    let port = getsockname(&silent)
        .expect("getsockname")
        .port()
        .expect("port");
    let clients: Vec<_> = [Rust, C]
        .into_iter()
        .map(|twin| {
            std::thread::spawn(move || {
                let start = Instant::now();
                let out = udp_upper_client(twin, "127.0.0.1", port, "anyone?\n");
                (twin, out, start.elapsed())
            })
        })
        .collect();
    for handle in clients {
        let (twin, out, elapsed) = handle.join().expect("client thread");
        out.assert_one_line_error(&format!("no reply from 127.0.0.1:{port} within 5 seconds"));
        assert!(
            (Duration::from_millis(4500)..Duration::from_secs(15)).contains(&elapsed),
            "{twin:?} gave up after {elapsed:?}"
        );
    }
}

#[test]
fn udp_upper_client_stdin_closed() {
    for twin in [Rust, C] {
        udp_upper_client(twin, "127.0.0.1", 9, "").assert_one_line_error("end of input");
    }
}

// ---------------------------------------------------------------------
// hello_server / hello_client
// ---------------------------------------------------------------------

fn start_hello(twin: Twin) -> (Server, u16) {
    start_on_free_port(bin("hello_server", twin), SOCK_STREAM, port_args(&[]), "")
}

#[test]
fn hello_pairs_talk() {
    for (client, server) in PAIRS {
        let (mut srv, port) = start_hello(server);
        let out = run(
            bin("hello_client", client),
            &["127.0.0.1", &port.to_string()],
            "",
        );
        out.assert_success();
        assert_eq!(
            out.stdout, "Hello message sent\nHello from server\n",
            "{client:?} -> {server:?}"
        );
        let out = srv.wait_exit(Duration::from_secs(10));
        out.assert_success();
        assert_eq!(
            out.stdout, "Hello from client\nHello message sent",
            "{server:?} server"
        );
    }
}

/// The hello server serves one client and ends; a client that sends
/// nothing or garbage makes it end cleanly too.
#[test]
fn hello_server_misbehaving_client() {
    for twin in [Rust, C] {
        // connects and closes at once: nothing to print, one line, status 1
        let (mut srv, port) = start_hello(twin);
        drop(connect_to(port));
        srv.wait_exit(Duration::from_secs(10))
            .assert_one_line_error("closed the connection without a message");

        // bytes that are not text: printed (lossily in Rust), answered
        let (mut srv, port) = start_hello(twin);
        assert_eq!(exchange(port, b"\xff\xfehi\x00"), b"Hello from server");
        let out = srv.wait_exit(Duration::from_secs(10));
        out.assert_success();
        assert!(
            out.stdout.contains("hi") && out.stdout.ends_with("Hello message sent"),
            "{}",
            out.stdout
        );
    }
}

// ---------------------------------------------------------------------
// Bad input: every program, both twins
// ---------------------------------------------------------------------

/// A TCP port that is in use: a socket listening on it.
fn busy_tcp_port() -> (Fd, String) {
    let fd = test_socket(SOCK_STREAM);
    bind(&fd, &sockaddr_in::new(INADDR_ANY, 0)).expect("bind");
    listen(&fd, 1).expect("listen");
    let port = getsockname(&fd).expect("getsockname").port().expect("port");
    (fd, port.to_string())
}

/// A UDP port that is in use.
fn busy_udp_port() -> (Fd, String) {
    let fd = test_socket(SOCK_DGRAM);
    bind(&fd, &sockaddr_in::new(INADDR_ANY, 0)).expect("bind");
    let port = getsockname(&fd).expect("getsockname").port().expect("port");
    (fd, port.to_string())
}

/// A TCP port where nobody listens (bound but not listening, so that no
/// other test can start a server there meanwhile): connect is refused.
fn refusing_port() -> (Fd, String) {
    let fd = test_socket(SOCK_STREAM);
    bind(&fd, &sockaddr_in::new(INADDR_LOOPBACK, 0)).expect("bind");
    let port = getsockname(&fd).expect("getsockname").port().expect("port");
    (fd, port.to_string())
}

/// Runs every (args, stdin, expected words) case against both twins.
fn bad_input_table(name: &str, cases: &[(Vec<&str>, &str, &str)]) {
    for twin in [Rust, C] {
        for (args, stdin, needle) in cases {
            let out = run(bin(name, twin), args, stdin);
            if out.timed_out || out.status.success() || out.stderr.lines().count() != 1 {
                panic!("{name} ({twin:?}) {args:?}: {out:?}");
            }
            out.assert_one_line_error(needle);
            assert_eq!(out.status.code(), Some(1), "{name} ({twin:?}) {args:?}");
        }
    }
}

#[test]
fn tcp_upper_server_bad_input() {
    let (_busy, port) = busy_tcp_port();
    bad_input_table(
        "tcp_upper_server",
        &[
            (vec!["1", "2"], "", "usage: tcp_upper_server [port]"),
            (vec!["http"], "", "\"http\" is not a port number"),
            (vec!["65536"], "", "\"65536\" is not a port number"),
            (vec![&port], "", "bind: Address already in use"),
        ],
    );
}

#[test]
fn tcp_upper_client_bad_input() {
    let (_refusing, port) = refusing_port();
    bad_input_table(
        "tcp_upper_client",
        &[
            (
                vec!["127.0.0.1", "1", "2"],
                "hi\n",
                "usage: tcp_upper_client [host] [port]",
            ),
            (
                vec!["127.0.0.1", "http"],
                "hi\n",
                "\"http\" is not a port number",
            ),
            (
                vec!["127.0.0.1", "65536"],
                "hi\n",
                "\"65536\" is not a port number",
            ),
            (
                vec!["no-such-host.invalid", "1"],
                "hi\n",
                "getaddrinfo: no-such-host.invalid",
            ),
            (vec!["::1", "1"], "hi\n", "IPv6 address"),
            (
                vec!["127.0.0.1", &port],
                "hi\n",
                "connect: Connection refused",
            ),
        ],
    );
}

#[test]
fn udp_upper_server_bad_input() {
    let (_busy, port) = busy_udp_port();
    bad_input_table(
        "udp_upper_server",
        &[
            (vec!["1", "2"], "", "usage: udp_upper_server [port]"),
            (vec!["http"], "", "\"http\" is not a port number"),
            (vec!["65536"], "", "\"65536\" is not a port number"),
            (vec![&port], "", "bind: Address already in use"),
        ],
    );
}

/// (No "connection refused" for UDP: see `udp_upper_client_times_out_without_server`.)
#[test]
fn udp_upper_client_bad_input() {
    bad_input_table(
        "udp_upper_client",
        &[
            (
                vec!["127.0.0.1", "1", "2"],
                "hi\n",
                "usage: udp_upper_client [host] [port]",
            ),
            (
                vec!["127.0.0.1", "http"],
                "hi\n",
                "\"http\" is not a port number",
            ),
            (
                vec!["127.0.0.1", "65536"],
                "hi\n",
                "\"65536\" is not a port number",
            ),
            (
                vec!["no-such-host.invalid", "1"],
                "hi\n",
                "getaddrinfo: no-such-host.invalid",
            ),
        ],
    );
}

#[test]
fn hello_server_bad_input() {
    let (_busy, port) = busy_tcp_port();
    bad_input_table(
        "hello_server",
        &[
            (vec!["1", "2"], "", "usage: hello_server [port]"),
            (vec!["http"], "", "\"http\" is not a port number"),
            (vec!["65536"], "", "\"65536\" is not a port number"),
            (vec![&port], "", "bind: Address already in use"),
        ],
    );
}

#[test]
fn hello_client_bad_input() {
    let (_refusing, port) = refusing_port();
    bad_input_table(
        "hello_client",
        &[
            (
                vec!["127.0.0.1", "1", "2"],
                "",
                "usage: hello_client [host] [port]",
            ),
            (
                vec!["127.0.0.1", "http"],
                "",
                "\"http\" is not a port number",
            ),
            (
                vec!["127.0.0.1", "65536"],
                "",
                "\"65536\" is not a port number",
            ),
            (
                vec!["no-such-host.invalid", "1"],
                "",
                "getaddrinfo: no-such-host.invalid",
            ),
            (vec!["127.0.0.1", &port], "", "connect: Connection refused"),
        ],
    );
}
