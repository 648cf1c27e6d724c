//! The lecture's AF_INET programs — `socket_init`, the upper-case TCP and
//! UDP pairs, the hello pair — run as real processes on loopback, Rust and
//! C twins against each other, plus the misbehaving clients the servers
//! must survive and the bad input every program must reject cleanly.
mod common;

use std::time::{Duration, Instant};

use common::Twin::Rust;
use common::*;
use socklab::*;

// ---------------------------------------------------------------------
// socket_init
// ---------------------------------------------------------------------

/// Both twins print the same two lines, with the same (lowest free)
/// descriptor number.
#[test]
fn socket_init_prints_the_descriptor() {
    let mut numbers = Vec::new();
    for twin in Twin::BOTH {
        let out = run(twin.bin("socket_init"), &[], "");
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
    for twin in Twin::BOTH {
        run(twin.bin("socket_init"), &["extra"], "").assert_one_line_error("usage: socket_init");
    }
}

// ---------------------------------------------------------------------
// tcp_upper_server / tcp_upper_client
// ---------------------------------------------------------------------

const TCP_READY: &str = "The server is ready to receive";

fn start_tcp_upper(twin: Twin) -> (Server, u16) {
    start_twin(twin, "tcp_upper_server", SOCK_STREAM, TCP_READY)
}

fn tcp_upper_client(twin: Twin, host: &str, port: u16, input: &str) -> Output {
    run(
        twin.bin("tcp_upper_client"),
        &[host, &port.to_string()],
        input,
    )
}

#[test]
fn tcp_upper_pairs_talk() {
    for (client, server) in TWIN_PAIRS {
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

#[test]
fn tcp_upper_server_survives_misbehaving_clients() {
    for twin in Twin::BOTH {
        let (mut srv, port) = start_tcp_upper(twin);

        // 1. connects and closes at once: the server reads end of file
        drop(connect_to(port));
        // 2. resets the connection (SO_LINGER 0 makes close send RST)
        let fd = connect_to(port);
        reset_on_close(&fd);
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
    for twin in Twin::BOTH {
        // no server needed: the client reads the sentence before connecting
        tcp_upper_client(twin, "127.0.0.1", 9, "").assert_one_line_error("end of input");
        tcp_upper_client(twin, "127.0.0.1", 9, "\n").assert_one_line_error("empty sentence");
    }
}

// ---------------------------------------------------------------------
// udp_upper_server / udp_upper_client
// ---------------------------------------------------------------------

fn start_udp_upper(twin: Twin) -> (Server, u16) {
    start_twin(twin, "udp_upper_server", SOCK_DGRAM, TCP_READY)
}

fn udp_upper_client(twin: Twin, host: &str, port: u16, input: &str) -> Output {
    run(
        twin.bin("udp_upper_client"),
        &[host, &port.to_string()],
        input,
    )
}

#[test]
fn udp_upper_pairs_talk() {
    for (client, server) in TWIN_PAIRS {
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
    let fd = cloexec_socket(SOCK_DGRAM);
    set_rcvtimeo(&fd, 10).expect("SO_RCVTIMEO");
    sendto(&fd, msg, 0, &sockaddr_in::new(INADDR_LOOPBACK, port)).expect("sendto");
    let mut buf = vec![0u8; 65536];
    // (a stop and continue mid-wait fails it with EINTR: see retry_eintr)
    let (n, _) = retry_eintr(|| recvfrom(&fd, &mut buf, 0)).expect("no reply from the server");
    buf.truncate(n);
    buf
}

#[test]
fn udp_upper_server_survives_misbehaving_clients() {
    for twin in Twin::BOTH {
        let (mut srv, port) = start_udp_upper(twin);
        // a sender that is gone before the reply: it goes to a closed port
        let fd = cloexec_socket(SOCK_DGRAM);
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
    let server = cloexec_socket(SOCK_DGRAM);
    bind(&server, &sockaddr_in::new(INADDR_LOOPBACK, 0)).expect("bind");
    set_rcvtimeo(&server, 10).expect("SO_RCVTIMEO");
    let port = getsockname(&server)
        .expect("getsockname")
        .port()
        .expect("port");
    for twin in Twin::BOTH {
        let mut child = Command::new(twin.bin("udp_upper_client"))
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
    let silent = cloexec_socket(SOCK_DGRAM);
    bind(&silent, &sockaddr_in::new(INADDR_LOOPBACK, 0)).expect("bind");
    let port = getsockname(&silent)
        .expect("getsockname")
        .port()
        .expect("port");
    let clients: Vec<_> = Twin::BOTH
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
    for twin in Twin::BOTH {
        udp_upper_client(twin, "127.0.0.1", 9, "").assert_one_line_error("end of input");
    }
}

// ---------------------------------------------------------------------
// hello_server / hello_client
// ---------------------------------------------------------------------

fn start_hello(twin: Twin) -> (Server, u16) {
    start_twin(twin, "hello_server", SOCK_STREAM, "")
}

#[test]
fn hello_pairs_talk() {
    for (client, server) in TWIN_PAIRS {
        let (mut srv, port) = start_hello(server);
        let out = run(
            client.bin("hello_client"),
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
            out.stdout,
            format!("listening on 0.0.0.0:{port}\nHello from client\nHello message sent"),
            "{server:?} server"
        );
    }
}

/// The hello server serves one client and ends; a client that sends
/// nothing or garbage makes it end cleanly too.
#[test]
fn hello_server_misbehaving_client() {
    for twin in Twin::BOTH {
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

#[test]
fn tcp_upper_server_bad_input() {
    let (_busy, port) = busy_tcp_port();
    assert_bad_input(
        "tcp_upper_server",
        "",
        &[
            (vec!["1", "2"], "usage: tcp_upper_server [port]"),
            (vec![&port], "bind: Address already in use"),
        ],
    );
    // C's atoi takes any text: "http" is port 0, and the server runs
    assert_bad_input_of(
        Twin::Rust,
        "tcp_upper_server",
        "",
        &[
            (vec!["http"], "\"http\" is not a port number"),
            (vec!["65536"], "\"65536\" is not a port number"),
        ],
    );
}

#[test]
fn tcp_upper_client_bad_input() {
    let (_refusing, port) = refusing_port();
    assert_bad_input(
        "tcp_upper_client",
        "hi\n",
        &[
            (
                vec!["127.0.0.1", "1", "2"],
                "usage: tcp_upper_client [host] [port]",
            ),
            (vec![NO_SUCH_HOST, "1"], "getaddrinfo: no-such-host-"),
            (vec!["::1", "1"], "IPv6 address"),
            (vec!["127.0.0.1", &port], "connect: Connection refused"),
        ],
    );
    // C's atoi takes "http" as port 0, and connect(2) to port 0 is refused
    // (the port is checked before the sentence is read)
    assert_bad_input_of(
        Twin::Rust,
        "tcp_upper_client",
        "hi\n",
        &[
            (vec!["127.0.0.1", "http"], "\"http\" is not a port number"),
            (vec!["127.0.0.1", "65536"], "\"65536\" is not a port number"),
        ],
    );
    assert_bad_input_of(
        Twin::C,
        "tcp_upper_client",
        "hi\n",
        &[(vec!["127.0.0.1", "http"], "connect: Connection refused")],
    );
}

#[test]
fn udp_upper_server_bad_input() {
    let (_busy, port) = busy_udp_port();
    assert_bad_input(
        "udp_upper_server",
        "",
        &[
            (vec!["1", "2"], "usage: udp_upper_server [port]"),
            (vec![&port], "bind: Address already in use"),
        ],
    );
    // C's atoi takes any text: "http" is port 0, and the server runs
    assert_bad_input_of(
        Twin::Rust,
        "udp_upper_server",
        "",
        &[
            (vec!["http"], "\"http\" is not a port number"),
            (vec!["65536"], "\"65536\" is not a port number"),
        ],
    );
}

/// (No "connection refused" for UDP: see `udp_upper_client_times_out_without_server`.)
#[test]
fn udp_upper_client_bad_input() {
    assert_bad_input(
        "udp_upper_client",
        "hi\n",
        &[
            (
                vec!["127.0.0.1", "1", "2"],
                "usage: udp_upper_client [host] [port]",
            ),
            (vec![NO_SUCH_HOST, "1"], "getaddrinfo: no-such-host-"),
        ],
    );
    // C's atoi takes "http" as port 0, and sendto(2) to port 0 is EINVAL
    assert_bad_input_of(
        Twin::Rust,
        "udp_upper_client",
        "hi\n",
        &[
            (vec!["127.0.0.1", "http"], "\"http\" is not a port number"),
            (vec!["127.0.0.1", "65536"], "\"65536\" is not a port number"),
        ],
    );
    assert_bad_input_of(
        Twin::C,
        "udp_upper_client",
        "hi\n",
        &[(vec!["127.0.0.1", "http"], "sendto: Invalid argument")],
    );
}

#[test]
fn hello_server_bad_input() {
    let (_busy, port) = busy_tcp_port();
    assert_bad_input(
        "hello_server",
        "",
        &[
            (vec!["1", "2"], "usage: hello_server [port]"),
            (vec![&port], "bind: Address already in use"),
        ],
    );
    // C's atoi takes any text: "http" is port 0, and the server runs
    assert_bad_input_of(
        Twin::Rust,
        "hello_server",
        "",
        &[
            (vec!["http"], "\"http\" is not a port number"),
            (vec!["65536"], "\"65536\" is not a port number"),
        ],
    );
}

#[test]
fn hello_client_bad_input() {
    let (_refusing, port) = refusing_port();
    assert_bad_input(
        "hello_client",
        "",
        &[
            (
                vec!["127.0.0.1", "1", "2"],
                "usage: hello_client [host] [port]",
            ),
            (vec![NO_SUCH_HOST, "1"], "getaddrinfo: no-such-host-"),
            (vec!["127.0.0.1", &port], "connect: Connection refused"),
        ],
    );
    // C's atoi takes "http" as port 0, and connect(2) to port 0 is refused
    assert_bad_input_of(
        Twin::Rust,
        "hello_client",
        "",
        &[
            (vec!["127.0.0.1", "http"], "\"http\" is not a port number"),
            (vec!["127.0.0.1", "65536"], "\"65536\" is not a port number"),
        ],
    );
    assert_bad_input_of(
        Twin::C,
        "hello_client",
        "",
        &[(vec!["127.0.0.1", "http"], "connect: Connection refused")],
    );
}
