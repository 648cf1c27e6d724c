//! UNP chapters 6–8 as real processes on loopback: the select/poll echo
//! servers and clients (ch06), the socket-option demonstrations (ch07),
//! the UDP programs (ch08), and every program's bad-input contract.
//!
//! Everything talks to 127.0.0.1 only, on ports picked by `free_port`;
//! every wait is bounded.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::time::{Duration, Instant};

use common::*;
use socklab::*;

// ---------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------

/// Starts one of the chapter-6 echo servers on 127.0.0.1 and a free port.
fn start_echo_server(program: &str) -> (Server, String) {
    let (server, port) = start_on_free_port(
        example(program),
        SOCK_STREAM,
        loopback_args,
        "listening on 127.0.0.1:",
    );
    (server, port.to_string())
}

/// A server's arguments: `PORT 127.0.0.1` (never the default INADDR_ANY).
fn loopback_args(port: &str) -> Vec<String> {
    vec![port.to_string(), "127.0.0.1".to_string()]
}

/// `n` numbered lines, as `seq` would print them, with some text.
fn numbered_lines(n: usize, tag: &str) -> String {
    (1..=n).map(|i| format!("{tag} line {i}\n")).collect()
}

// The test's own sockets are std::net ones, on purpose: std sets
// close-on-exec, socklab (like C) does not. Tests run in parallel threads
// of one process, and a socket without FD_CLOEXEC would be inherited by
// every program another test spawns meanwhile — keeping a port bound, or
// a connection the test "closed" open, for that program's whole life.

/// A test-side TCP client (the test's own socket, not a process).
fn tcp_client(port: &str) -> TcpStream {
    let port: u16 = port.parse().expect("port");
    TcpStream::connect(("127.0.0.1", port)).expect("connect to the server")
}

/// Reads until `want` bytes arrived or `secs` pass without data.
fn read_for(stream: &mut TcpStream, want: usize, secs: u64) -> Vec<u8> {
    stream
        .set_read_timeout(Some(Duration::from_secs(secs)))
        .expect("read timeout");
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while got.len() < want {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break, // end of file, or the timeout
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
    got
}

/// A UDP socket on 127.0.0.1 and a port the kernel picks.
fn udp_socket() -> UdpSocket {
    UdpSocket::bind("127.0.0.1:0").expect("bind a UDP socket")
}

// ---------------------------------------------------------------------
// Chapter 6: select and poll
// ---------------------------------------------------------------------

const CH06_SERVERS: [&str; 2] = ["ch06_tcpservselect01", "ch06_tcpservpoll01"];

/// Batch input through strcliselect02: every line comes back, in order,
/// because the client half-closes instead of closing.
#[test]
fn ch06_strcliselect02_batch_input_returns_every_line() {
    for server_prog in CH06_SERVERS {
        let (_server, port) = start_echo_server(server_prog);
        let input = numbered_lines(3000, "batch");
        let out = run(
            example("ch06_strcliselect02"),
            &["127.0.0.1", &port],
            &input,
        );
        out.assert_success();
        assert_eq!(
            out.stdout, input,
            "{server_prog}: echoed text differs from the input"
        );
        assert!(out.stderr.is_empty(), "stderr: {}", out.stderr);
    }
}

/// Several clients at the same time, and a silent client connected the
/// whole time: one byte without a newline blocks nobody (the servers
/// read(), not readline()) and is itself echoed at once.
#[test]
fn ch06_servers_serve_several_clients_while_a_silent_one_is_connected() {
    for server_prog in CH06_SERVERS {
        let (mut server, port) = start_echo_server(server_prog);

        let mut silent = tcp_client(&port);
        server.wait_for_line("new client", Duration::from_secs(5));
        silent.write_all(b"x").expect("write one byte");
        assert_eq!(
            read_for(&mut silent, 1, 5),
            b"x",
            "{server_prog}: the byte without newline is echoed"
        );

        let workers: Vec<_> = (0..4)
            .map(|k| {
                let port = port.clone();
                std::thread::spawn(move || {
                    let input = numbered_lines(500, &format!("client{k}"));
                    let out = run(
                        example("ch06_strcliselect02"),
                        &["127.0.0.1", &port],
                        &input,
                    );
                    (input, out)
                })
            })
            .collect();
        for w in workers {
            let (input, out) = w.join().expect("client thread");
            out.assert_success();
            assert_eq!(out.stdout, input, "{server_prog}: a client's echo differs");
        }

        // The silent client is still connected and still served.
        silent.write_all(b"y\n").expect("write");
        assert_eq!(read_for(&mut silent, 2, 5), b"y\n");
        let seen = server.drain(Duration::from_millis(200)).to_vec();
        assert_eq!(
            seen.iter().filter(|l| l.contains("new client")).count(),
            5,
            "{server_prog}: one silent + four batch clients; saw {seen:?}"
        );
    }
}

/// The documented weak spot: a client that sends and never reads blocks
/// the server in write(), and with it every other client, until it goes
/// away; then the server drops it and serves the waiting client.
#[test]
fn ch06_servers_block_on_a_client_that_never_reads_then_recover() {
    for server_prog in CH06_SERVERS {
        let (mut server, port) = start_echo_server(server_prog);

        // Flood with non-blocking sends until the kernel refuses more for
        // a while: by then the server is stuck in write().
        let mut flooder = tcp_client(&port);
        flooder.set_nonblocking(true).expect("non-blocking");
        let chunk = [b'z'; 65536];
        let mut sent = 0usize;
        let mut refused_in_a_row = 0;
        let deadline = Instant::now() + Duration::from_secs(15);
        while refused_in_a_row < 10 && Instant::now() < deadline && sent < 512 << 20 {
            match flooder.write(&chunk) {
                Ok(n) => {
                    sent += n;
                    refused_in_a_row = 0;
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    refused_in_a_row += 1;
                    std::thread::sleep(Duration::from_millis(30));
                }
                Err(e) => panic!("flood: {e}"),
            }
        }
        assert_eq!(
            refused_in_a_row, 10,
            "{server_prog}: the flood never filled the buffers ({sent} bytes)"
        );
        // Refused sends can also mean a server that is only slow (a loaded
        // machine): wait until it really sits in write().
        assert!(
            blocked_in_write(server.pid(), Duration::from_secs(10)),
            "{server_prog}: not blocked in write after the flood ({sent} bytes)"
        );

        // A good client now gets no answer: the server is blocked.
        let mut good = tcp_client(&port);
        good.write_all(b"hello\n").expect("write");
        assert!(
            read_for(&mut good, 6, 1).is_empty(),
            "{server_prog}: answered while blocked in write?"
        );

        // The flooder goes away (close with unread data sends an RST): the
        // server's write fails, it drops that client and serves ours.
        drop(flooder);
        assert_eq!(
            read_for(&mut good, 6, 10),
            b"hello\n",
            "{server_prog}: did not recover"
        );
        // Its own read or write failed (which one, and how, depends on
        // when the RST arrives: read ECONNRESET, write EPIPE or write
        // ECONNRESET): one line on stderr says so and that the client was
        // dropped; stdout does not claim the client closed.
        let out = server.stop();
        let failed = [
            "read: Connection reset by peer (ECONNRESET); dropped",
            "write: Broken pipe (EPIPE); dropped",
            "write: Connection reset by peer (ECONNRESET); dropped",
        ];
        assert!(
            out.stderr.lines().count() == 1 && failed.iter().any(|f| out.stderr.contains(f)),
            "{server_prog}: expected one of {failed:?} on stderr, got {:?}",
            out.stderr
        );
        assert!(
            !out.stdout.contains("in slot 0 closed the connection"),
            "{server_prog}: the flooder did not close, the server dropped it:\n{}",
            out.stdout
        );
    }
}

/// strcliselect01 notices the server's end while it waits for the user.
#[test]
fn ch06_strcliselect01_sees_server_terminate_while_waiting_for_input() {
    let (mut server, port) = start_echo_server("ch06_tcpservselect01");
    let mut client = Interactive::start(example("ch06_strcliselect01"), &["127.0.0.1", &port]);
    client.send("hello\n");
    assert_eq!(
        client.line(Duration::from_secs(5)).as_deref(),
        Some("hello")
    );
    server.stop(); // the kernel closes its sockets: a FIN reaches the client
    // stdin stays open: the client must not need another line to notice.
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if client.exited() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(client.exited(), "client still waiting for input");
    client
        .finish(Duration::from_secs(1))
        .assert_one_line_error("str_cli: server terminated prematurely");
}

/// The stdio trap of strcliselect01: two lines arriving in one read of
/// stdin; the second stays in Rust's stdin buffer where select cannot see
/// it, until more input arrives. strcliselect02 (raw read) sends both.
#[test]
fn ch06_buffered_stdin_hides_a_line_from_select() {
    let (_server, port) = start_echo_server("ch06_tcpservselect01");

    let mut buffered = Interactive::start(example("ch06_strcliselect01"), &["127.0.0.1", &port]);
    buffered.send("one\ntwo\n");
    assert_eq!(
        buffered.line(Duration::from_secs(5)).as_deref(),
        Some("one")
    );
    assert_eq!(
        buffered.line(Duration::from_secs(1)),
        None,
        "\"two\" should be stuck in the stdin buffer"
    );
    buffered.send("three\n");
    assert_eq!(
        buffered.line(Duration::from_secs(5)).as_deref(),
        Some("two")
    );
    assert_eq!(
        buffered.line(Duration::from_secs(5)).as_deref(),
        Some("three")
    );
    drop(buffered);

    let mut raw = Interactive::start(example("ch06_strcliselect02"), &["127.0.0.1", &port]);
    raw.send("one\ntwo\n");
    assert_eq!(raw.line(Duration::from_secs(5)).as_deref(), Some("one"));
    assert_eq!(raw.line(Duration::from_secs(5)).as_deref(), Some("two"));
    raw.finish(Duration::from_secs(5)).assert_success();
}

/// strcliselect01 works interactively: one line at a time, then end of
/// input, exit 0.
#[test]
fn ch06_strcliselect01_interactive_echo() {
    for server_prog in CH06_SERVERS {
        let (_server, port) = start_echo_server(server_prog);
        let mut client = Interactive::start(example("ch06_strcliselect01"), &["127.0.0.1", &port]);
        for word in ["alpha", "beta", "gamma"] {
            client.send(&format!("{word}\n"));
            assert_eq!(client.line(Duration::from_secs(5)).as_deref(), Some(word));
        }
        client.finish(Duration::from_secs(5)).assert_success();
    }
}

// ---------------------------------------------------------------------
// Chapter 7: socket options
// ---------------------------------------------------------------------

/// The option names checkopts must list, one line each, in the book's order.
const CHECKOPTS_ROWS: [&str; 22] = [
    "SO_BROADCAST",
    "SO_DEBUG",
    "SO_DONTROUTE",
    "SO_ERROR",
    "SO_KEEPALIVE",
    "SO_LINGER",
    "SO_OOBINLINE",
    "SO_RCVBUF",
    "SO_SNDBUF",
    "SO_RCVLOWAT",
    "SO_SNDLOWAT",
    "SO_RCVTIMEO",
    "SO_SNDTIMEO",
    "SO_REUSEADDR",
    "SO_REUSEPORT",
    "SO_TYPE",
    "IP_TOS",
    "IP_TTL",
    "IPV6_UNICAST_HOPS",
    "IPV6_V6ONLY",
    "TCP_MAXSEG",
    "TCP_NODELAY",
];

/// `NAME: default = VALUE` for every option, Rust and C alike (Figures
/// 7.2–7.5), no getsockopt error.
#[test]
fn ch07_checkopts_prints_a_line_per_option_without_errors() {
    let rust = run(example("ch07_checkopts"), &[], "");
    let c = run(c_twin("ch07_checkopts"), &[], "");
    for out in [&rust, &c] {
        out.assert_success();
        assert!(out.stderr.is_empty(), "stderr: {}", out.stderr);
        let names: Vec<&str> = out
            .stdout
            .lines()
            .map(|l| l.split(": default = ").next().unwrap_or(l))
            .collect();
        assert_eq!(names, CHECKOPTS_ROWS, "{}", out.stdout);
    }
    assert_eq!(rust.stdout, c.stdout, "the twins print the same table");
    let value = |name: &str| {
        rust.stdout
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: default = ")))
            .unwrap_or_else(|| panic!("no {name} in {}", rust.stdout))
            .to_string()
    };
    // Values every Linux reports on a fresh TCP socket.
    assert_eq!(value("SO_TYPE"), SOCK_STREAM.to_string());
    assert_eq!(value("SO_REUSEADDR"), "off");
    assert_eq!(value("SO_ERROR"), "0");
    assert_eq!(value("SO_LINGER"), "l_onoff = 0, l_linger = 0");
    assert_eq!(value("SO_RCVTIMEO"), "0 sec, 0 usec");
    assert_eq!(value("TCP_MAXSEG"), "536", "536 before a connection");
    assert!(value("IP_TTL").parse::<u8>().is_ok_and(|t| t > 0));
    assert!(value("SO_RCVBUF").parse::<u32>().is_ok_and(|b| b > 0));
}

/// The `NAME = value` pairs of one output line.
fn values_in(line: &str) -> Vec<(String, i64)> {
    line.split(',')
        .filter_map(|part| {
            let (name, value) = part.split_once('=')?;
            let name = name.split_whitespace().last()?.to_string();
            Some((name, value.trim().parse().ok()?))
        })
        .collect()
}

#[test]
fn ch07_rcvbuf_shows_the_mss_before_and_after_connect() {
    let out = run(example("ch07_rcvbuf"), &[], "");
    out.assert_success();
    let line = |prefix: &str| {
        out.stdout
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix:?} in {}", out.stdout))
    };
    let before = values_in(line("before connect:"));
    let after = values_in(line("after connect:"));
    let mss = |v: &[(String, i64)]| v.iter().find(|(n, _)| n == "TCP_MAXSEG").map(|(_, x)| *x);
    let rcvbuf = |v: &[(String, i64)]| v.iter().find(|(n, _)| n == "SO_RCVBUF").map(|(_, x)| *x);
    assert_eq!(
        mss(&before),
        Some(536),
        "TCP's default MSS before any connection"
    );
    assert!(
        mss(&after).is_some_and(|m| m > 536),
        "loopback's MSS is larger: {}",
        out.stdout
    );
    assert!(rcvbuf(&before).is_some_and(|b| b > 0) && rcvbuf(&after).is_some_and(|b| b > 0));

    // Against a named server (a chapter-6 echo server) as well.
    let (_server, port) = start_echo_server("ch06_tcpservselect01");
    let out = run(example("ch07_rcvbuf"), &["127.0.0.1", &port], "");
    out.assert_success();
    assert!(
        out.stdout
            .contains(&format!("connected to 127.0.0.1:{port}")),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("listening in this process"));
}

#[test]
fn ch07_reuseaddr_shows_eaddrinuse_then_the_fix() {
    let out = run(example("ch07_reuseaddr"), &[], "");
    out.assert_success();
    let lines: Vec<&str> = out.stdout.lines().collect();
    let pos = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle:?} in:\n{}", out.stdout))
    };
    let failed = pos("restart without SO_REUSEADDR: bind: Address already in use (EADDRINUSE)");
    let fixed = pos("restart with SO_REUSEADDR:    bind: ok, listening on 127.0.0.1:");
    assert!(failed < fixed);
    assert!(out.stdout.contains("in TIME_WAIT"));
}

#[test]
fn ch07_linger_zero_makes_the_peer_see_econnreset() {
    let out = run(example("ch07_linger"), &[], "");
    out.assert_success();
    assert!(
        out.stdout
            .contains("server: read: Connection reset by peer (ECONNRESET)"),
        "{}",
        out.stdout
    );

    // The contrast: a normal close is an end of file.
    let out = run(example("ch07_linger"), &["--normal"], "");
    out.assert_success();
    assert!(
        out.stdout.contains("server: read returned 0 (end of file)"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("ECONNRESET"));
}

// ---------------------------------------------------------------------
// Chapter 8: UDP
// ---------------------------------------------------------------------

/// A UDP echo server (Rust or C) on 127.0.0.1 and a free port.
fn start_udp_server(program: std::path::PathBuf, ready: &str) -> (Server, String) {
    let (server, port) = start_on_free_port(program, SOCK_DGRAM, loopback_args, ready);
    (server, port.to_string())
}

/// UDP echo in every combination of Rust and C client and server.
#[test]
fn ch08_udp_echo_rust_and_c_in_every_combination() {
    let servers = [
        ("Rust", example("ch08_udpserv01")),
        ("C", c_twin("ch08_udpserv01")),
    ];
    let clients = [
        ("Rust", example("ch08_udpcli01")),
        ("C", c_twin("ch08_udpcli01")),
    ];
    let input = numbered_lines(50, "datagram");
    for (server_kind, server_prog) in &servers {
        let (_server, port) = start_udp_server(server_prog.clone(), "bound to 127.0.0.1:");
        for (client_kind, client_prog) in &clients {
            let out = run(client_prog, &["127.0.0.1", &port], &input);
            out.assert_success();
            assert_eq!(
                out.stdout, input,
                "{client_kind} client, {server_kind} server"
            );
            assert!(
                out.stderr.is_empty(),
                "{client_kind} client, {server_kind} server: {}",
                out.stderr
            );
        }
    }
}

/// No answer: the datagram is lost without a word, and the book's clients
/// (Figures 8.8 and 8.9, Rust and C) wait in recvfrom for ever (section
/// 8.9). The test sees them still there after a second, then stops them.
#[test]
fn ch08_udp_clients_block_for_ever_on_a_lost_reply() {
    // A socket that receives and never answers: nobody replies, and no
    // other test can start a server on the port meanwhile.
    let (_silent, port) = busy_udp_port();
    for prog in [
        example("ch08_udpcli01"),
        c_twin("ch08_udpcli01"),
        example("ch08_dgcliaddr"),
        c_twin("ch08_dgcliaddr"),
    ] {
        let mut child = std::process::Command::new(&prog)
            .args(["127.0.0.1", &port])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn the client");
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(b"anyone there?\n").expect("write stdin");
        drop(stdin); // end of input: only the lost reply keeps it
        let pid = child.id();
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut in_recvfrom = 0;
        while in_recvfrom < 10 && Instant::now() < deadline {
            assert!(
                child.try_wait().expect("try_wait").is_none(),
                "{}: gave up instead of waiting",
                prog.display()
            );
            in_recvfrom = match syscall_of(pid) {
                Some(n) if n == libc::SYS_recvfrom => in_recvfrom + 1,
                _ => 0,
            };
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        let out = child.wait_with_output().expect("wait");
        assert_eq!(
            in_recvfrom,
            10,
            "{}: not waiting in recvfrom for a second",
            prog.display()
        );
        assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    }
}

/// A datagram from a stranger: udpcli01 takes it as the answer,
/// dgcliaddr ignores it (and says so) and goes on with the next line —
/// here the end of input (Figure 8.9's `continue`).
#[test]
fn ch08_dgcliaddr_ignores_a_reply_from_another_address() {
    for (program, expected) in [
        ("ch08_dgcliaddr", "reply from {stranger} (ignored)\n"),
        ("ch08_udpcli01", "intruder\n"),
    ] {
        // The test plays the server, and a stranger on another port.
        let server = udp_socket();
        let stranger = udp_socket();
        let port = server.local_addr().expect("local_addr").port().to_string();
        let stranger_addr = stranger.local_addr().expect("local_addr").to_string();

        let client =
            std::thread::spawn(move || run(example(program), &["127.0.0.1", &port], "hello\n"));
        server
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let mut buf = [0u8; 100];
        let (n, cliaddr) = server.recv_from(&mut buf).expect("the client's datagram");
        assert_eq!(&buf[..n], b"hello\n");
        // The stranger answers first, then the server (loopback keeps the order).
        stranger.send_to(b"intruder\n", cliaddr).expect("send_to");
        server.send_to(&buf[..n], cliaddr).expect("send_to");

        let out = client.join().expect("client thread");
        out.assert_success();
        assert_eq!(
            out.stdout,
            expected.replace("{stranger}", &stranger_addr),
            "{program}"
        );
    }
}

#[test]
fn ch08_dgcliconnect_reports_econnrefused_without_a_server() {
    let (_held, port) = refusing_udp_port();
    let out = run(
        example("ch08_dgcliconnect"),
        &["127.0.0.1", &port],
        "hello\n",
    );
    out.assert_one_line_error("read: Connection refused (ECONNREFUSED)");
    assert!(out.stdout.is_empty());

    // With a server it is an ordinary echo client.
    let (_server, port) = start_udp_server(example("ch08_udpserv01"), "bound to");
    let input = numbered_lines(20, "connected");
    let out = run(example("ch08_dgcliconnect"), &["127.0.0.1", &port], &input);
    out.assert_success();
    assert_eq!(out.stdout, input);
}

#[test]
fn ch08_udpcli09_prints_the_local_address_chosen_by_connect() {
    let port = free_port(SOCK_DGRAM).to_string();
    let out = run(example("ch08_udpcli09"), &["127.0.0.1", &port], "");
    out.assert_success();
    let addr = out
        .stdout
        .trim()
        .strip_prefix("local address ")
        .unwrap_or_else(|| panic!("{}", out.stdout));
    let (ip, local_port) = addr.rsplit_once(':').expect("addr:port");
    assert_eq!(ip, "127.0.0.1");
    assert!(
        local_port.parse::<u16>().is_ok_and(|p| p != 0),
        "an ephemeral port was bound: {addr}"
    );
}

/// The `received N datagrams` count of one burst from dgcliloop.
fn burst_count(server: &mut Server, port: &str) -> u64 {
    let out = run(example("ch08_dgcliloop"), &["127.0.0.1", port], "");
    out.assert_success();
    assert_eq!(
        out.stdout.trim(),
        format!("sent 2000 datagrams of 1400 bytes to 127.0.0.1:{port}")
    );
    // the receiver's pause (1 s) and its idle timeout (2 s), and some slack
    let line = server.wait_for_line("received", Duration::from_secs(15));
    line.trim()
        .strip_prefix("received ")
        .and_then(|r| r.strip_suffix(" datagrams"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected line {line:?}"))
}

/// A receiver (Rust or C) on a free port, `extra` arguments first; its
/// SO_RCVBUF.
fn start_dgecholoop(
    program: std::path::PathBuf,
    extra: &'static [&'static str],
) -> (Server, String, u64) {
    let (mut server, port) = start_on_free_port(
        program,
        SOCK_DGRAM,
        move |p| {
            let mut args: Vec<String> = extra.iter().map(|a| a.to_string()).collect();
            args.extend([p.to_string(), "127.0.0.1".to_string()]);
            args
        },
        "bound to 127.0.0.1:",
    );
    let line = server.wait_for_line("SO_RCVBUF = ", Duration::from_secs(5));
    let rcvbuf = line
        .trim()
        .strip_prefix("SO_RCVBUF = ")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no SO_RCVBUF in {line:?}"));
    (server, port.to_string(), rcvbuf)
}

/// UDP has no flow control (Figures 8.19–8.22): while the receiver is busy
/// (it pauses after the first datagram), only what fits in SO_RCVBUF
/// waits; the rest of the 2000 is dropped without a word — in the Rust
/// and the C receiver, on any machine, in any build. A bigger SO_RCVBUF
/// (`-r`) keeps more.
#[test]
fn ch08_dgcliloop_and_dgecholoop_lose_what_does_not_fit() {
    let mut small = Vec::new();
    for program in [example("ch08_dgecholoop"), c_twin("ch08_dgecholoop")] {
        let (mut server, port, rcvbuf) = start_dgecholoop(program.clone(), &[]);
        let n = burst_count(&mut server, &port);
        assert!(
            (1..2000).contains(&n),
            "{}: received {n} of 2000 with SO_RCVBUF {rcvbuf}: none lost?",
            program.display()
        );
        small.push((rcvbuf, n));
    }
    assert_eq!(small[0].0, small[1].0, "the twins' default SO_RCVBUF");

    let (mut server, port, big_buf) =
        start_dgecholoop(example("ch08_dgecholoop"), &["-r", "4000000"]);
    let (default_buf, default_n) = small[0];
    assert!(
        big_buf > default_buf,
        "-r raised SO_RCVBUF: {default_buf} -> {big_buf}"
    );
    let n = burst_count(&mut server, &port);
    assert!(
        n > default_n && n <= 2000,
        "SO_RCVBUF {default_buf}: {default_n} received; {big_buf}: {n}"
    );
}

/// A port number free for TCP and for UDP.
fn free_port_tcp_and_udp() -> String {
    for _ in 0..20 {
        let port = free_port(SOCK_STREAM);
        if UdpSocket::bind(("127.0.0.1", port)).is_ok() {
            return port.to_string();
        }
    }
    panic!("no port free for both TCP and UDP");
}

/// TCP and UDP echo on one port; TCP clients at the same time as UDP
/// ones; the forked children are all reaped.
#[test]
fn ch08_udpservselect01_echoes_tcp_and_udp_on_one_port() {
    let port = free_port_tcp_and_udp();
    let mut server = Server::start(
        example("ch08_udpservselect01"),
        &[&port, "127.0.0.1"],
        "bound to 127.0.0.1:",
    );
    let workers: Vec<_> = (0..6)
        .map(|k| {
            let port = port.clone();
            std::thread::spawn(move || {
                let (prog, tag) = if k % 2 == 0 {
                    ("ch06_strcliselect02", format!("tcp{k}"))
                } else {
                    ("ch08_udpcli01", format!("udp{k}"))
                };
                let input = numbered_lines(100, &tag);
                (
                    prog,
                    input.clone(),
                    run(example(prog), &["127.0.0.1", &port], &input),
                )
            })
        })
        .collect();
    for w in workers {
        let (prog, input, out) = w.join().expect("client thread");
        out.assert_success();
        assert_eq!(out.stdout, input, "{prog}");
    }
    let zombies = zombies_after(server.pid(), 0, Duration::from_secs(5));
    assert!(zombies.is_empty(), "zombie children: {zombies:?}");
    assert!(
        !has_exited(server.pid()),
        "the server survived the SIGCHLDs (select EINTR handled)"
    );
    let out = server.stop();
    assert!(out.stderr.is_empty(), "server stderr: {}", out.stderr);
}

// ---------------------------------------------------------------------
// Bad input: one line on stderr, exit status 1, no panic
// ---------------------------------------------------------------------

/// Clients: `[host] [port]`.
const CLIENTS: [&str; 8] = [
    "ch06_strcliselect01",
    "ch06_strcliselect02",
    "ch07_rcvbuf",
    "ch08_udpcli01",
    "ch08_dgcliaddr",
    "ch08_dgcliconnect",
    "ch08_udpcli09",
    "ch08_dgcliloop",
];

/// Servers: `[port] [bind-address]`, with the socket type they bind first.
const SERVERS: [(&str, i32); 5] = [
    ("ch06_tcpservselect01", SOCK_STREAM),
    ("ch06_tcpservpoll01", SOCK_STREAM),
    ("ch08_udpserv01", SOCK_DGRAM),
    ("ch08_udpservselect01", SOCK_STREAM),
    ("ch08_dgecholoop", SOCK_DGRAM),
];

/// Runs `program` (an example, or a C twin for a `c:` prefix) and checks
/// the one-line error.
fn expect_error(program: &str, args: &[&str], needle: &str) {
    let path = match program.strip_prefix("c:") {
        Some(name) => c_twin(name),
        None => example(program),
    };
    let out = run(&path, args, "hello\n");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{program} {args:?}: status {:?}\n{}",
        out.status,
        out.stderr
    );
    out.assert_one_line_error(needle);
}

/// The C twins that take `[host] [port]`.
const C_CLIENTS: [&str; 8] = [
    "c:ch06_strcliselect01",
    "c:ch06_strcliselect02",
    "c:ch07_rcvbuf",
    "c:ch08_udpcli01",
    "c:ch08_dgcliaddr",
    "c:ch08_dgcliconnect",
    "c:ch08_udpcli09",
    "c:ch08_dgcliloop",
];

#[test]
fn bad_input_clients() {
    let (_held, closed_tcp) = refusing_port();
    for program in CLIENTS.iter().chain(&C_CLIENTS).copied() {
        let name = program.trim_start_matches("c:");
        expect_error(
            program,
            &["127.0.0.1", "9877", "extra"],
            &format!("usage: {name} [host"),
        );
        // the book's Inet_pton: the one line, from C and from Rust
        expect_error(
            program,
            &["::1"],
            "inet_pton: \"::1\" is not a valid AF_INET address",
        );
    }
    // The port: C's atoi takes anything (the book's way); the Rust
    // programs check it.
    for program in CLIENTS {
        expect_error(
            program,
            &["127.0.0.1", "70000"],
            "port: \"70000\" is not a port number (0-65535)",
        );
        expect_error(program, &["127.0.0.1", "http"], "is not a port number");
    }
    // TCP clients: nobody listening.
    for program in ["ch06_strcliselect01", "ch06_strcliselect02", "ch07_rcvbuf"] {
        expect_error(
            program,
            &["127.0.0.1", &closed_tcp],
            "connect: Connection refused (ECONNREFUSED)",
        );
        expect_error(
            &format!("c:{program}"),
            &["127.0.0.1", &closed_tcp],
            "connect: Connection refused",
        );
    }
}

#[test]
fn bad_input_servers() {
    let c_servers = SERVERS.map(|(name, socktype)| (format!("c:{name}"), socktype));
    let all = SERVERS
        .iter()
        .map(|(name, socktype)| (name.to_string(), *socktype))
        .chain(c_servers);
    for (program, socktype) in all {
        let program = program.as_str();
        let name = program.trim_start_matches("c:");
        expect_error(
            program,
            &["1", "127.0.0.1", "extra"],
            &format!("usage: {name} ["),
        );
        if !program.starts_with("c:") {
            // C's atoi takes anything (the book's way); Rust checks.
            expect_error(
                program,
                &["http"],
                "port: \"http\" is not a port number (0-65535)",
            );
            expect_error(program, &["99999", "127.0.0.1"], "is not a port number");
        }
        expect_error(
            program,
            &["9877", "::1"],
            "inet_pton: \"::1\" is not a valid AF_INET address",
        );

        // The port is taken: bind fails, the server says so and exits.
        let (_tcp, _udp, port) = if socktype == SOCK_STREAM {
            let l = TcpListener::bind("127.0.0.1:0").expect("bind");
            let port = l.local_addr().expect("local_addr").port();
            (Some(l), None, port.to_string())
        } else {
            let u = udp_socket();
            let port = u.local_addr().expect("local_addr").port();
            (None, Some(u), port.to_string())
        };
        expect_error(
            program,
            &[&port, "127.0.0.1"],
            "bind: Address already in use",
        );
    }
    expect_error(
        "ch08_dgecholoop",
        &["-r", "lots"],
        "-r: \"lots\" is not a buffer size",
    );
    expect_error(
        "ch08_dgecholoop",
        &["-r", "0", "9877"],
        "is not a buffer size",
    );
    expect_error(
        "ch08_dgecholoop",
        &["-r"],
        "usage: ch08_dgecholoop [-r bytes]",
    );
}

#[test]
fn bad_input_self_contained_programs() {
    expect_error("ch07_checkopts", &["extra"], "usage: ch07_checkopts");
    expect_error("ch07_reuseaddr", &["9877"], "usage: ch07_reuseaddr");
    expect_error("ch07_linger", &["--bogus"], "usage: ch07_linger [--normal]");
    expect_error("ch07_linger", &["--normal", "x"], "usage: ch07_linger");
    expect_error(
        "ch07_rcvbuf",
        &["a", "b", "c"],
        "usage: ch07_rcvbuf [host [port]]",
    );
}
