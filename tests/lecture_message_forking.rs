//! The classic tutorial's message programs — `message_server`,
//! `message_client` and the `forking_server` — as real processes on
//! loopback, Rust and C twins against each other; the forking server under
//! 50 concurrent clients and misbehaving ones, with no zombie left.
mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::Twin::Rust;
use common::*;
use socklab::*;

const REPLY: &[u8] = b"I got your message";

/// Starts a server that takes only a port and prints nothing until a
/// client comes; ready once it holds the listening socket.
fn start(name: &str, twin: Twin) -> (Server, u16) {
    start_twin(twin, name, SOCK_STREAM, "")
}

fn message_client(twin: Twin, host: &str, port: u16, input: &str) -> Output {
    run(
        twin.bin("message_client"),
        &[host, &port.to_string()],
        input,
    )
}

// ---------------------------------------------------------------------
// message_server / message_client
// ---------------------------------------------------------------------

#[test]
fn message_pairs_talk() {
    for (client, server) in TWIN_PAIRS {
        for host in ["localhost", "127.0.0.1"] {
            let (mut srv, port) = start("message_server", server);
            let out = message_client(client, host, port, "hi there\n");
            out.assert_success();
            assert_eq!(
                out.stdout, "Please enter the message: I got your message\n",
                "{client:?} client -> {server:?} server via {host}"
            );
            let out = srv.wait_exit(Duration::from_secs(10));
            out.assert_success();
            // printf("Here is the message: %s\n", buffer): the newline the
            // client typed, then a blank line
            assert_eq!(
                out.stdout,
                format!("listening on 0.0.0.0:{port}\nHere is the message: hi there\n"),
                "{server:?} server"
            );
            assert!(out.stderr.is_empty(), "{}", out.stderr);
        }
    }
}

/// The one-shot server ends cleanly whatever its one client does.
#[test]
fn message_server_misbehaving_client() {
    for twin in Twin::BOTH {
        let (mut srv, port) = start("message_server", twin);
        drop(connect_to(port)); // connects and closes at once
        srv.wait_exit(Duration::from_secs(10))
            .assert_one_line_error("closed the connection without a message");

        let (mut srv, port) = start("message_server", twin);
        let fd = connect_to(port); // resets the connection
        reset_on_close(&fd);
        drop(fd);
        // read() sees the reset (Linux); a system that drops the reset
        // connection from the queue fails accept() with ECONNABORTED
        let out = srv.wait_exit(Duration::from_secs(10));
        // (the tutorial's C: "ERROR on accept: …", "ERROR reading from
        // socket: …")
        let needle = if out.stderr.contains("accept") {
            "accept: Software caused connection abort"
        } else {
            "Connection reset by peer"
        };
        out.assert_one_line_error(needle);

        // more than the 255-byte buffer, not UTF-8: the first 255 bytes
        let (mut srv, port) = start("message_server", twin);
        let mut msg = b"\xff\xfe".to_vec();
        msg.extend_from_slice(&[b'm'; 500]);
        let reply = exchange(port, &msg);
        assert!(REPLY.starts_with(&reply), "{twin:?}: {reply:?}");
        let out = srv.wait_exit(Duration::from_secs(10));
        out.assert_success();
        let shown = out
            .stdout
            .lines()
            .find_map(|l| l.strip_prefix("Here is the message: "))
            .expect("message line");
        assert!(
            shown.ends_with(&"m".repeat(253)) && !shown.contains(&"m".repeat(254)),
            "{twin:?}: {shown:?}"
        );
    }
}

/// End of input at the prompt: one line, and the server is told nothing.
#[test]
fn message_client_stdin_closed() {
    for twin in Twin::BOTH {
        let (mut srv, port) = start("message_server", Rust);
        message_client(twin, "127.0.0.1", port, "").assert_one_line_error("end of input");
        srv.wait_exit(Duration::from_secs(10))
            .assert_one_line_error("closed the connection without a message");
    }
}

// ---------------------------------------------------------------------
// forking_server
// ---------------------------------------------------------------------

#[test]
fn forking_server_pairs_talk() {
    for (client, server) in TWIN_PAIRS {
        let (mut srv, port) = start("forking_server", server);
        // it runs forever: several clients, one after the other
        for i in 0..3 {
            let out = message_client(client, "localhost", port, &format!("visit {i}\n"));
            out.assert_success();
            assert_eq!(out.stdout, "Please enter the message: I got your message\n");
            srv.wait_for_line(
                &format!("Here is the message: visit {i}"),
                Duration::from_secs(10),
            );
        }
        assert!(zombies_after(srv.pid(), 0, Duration::from_secs(5)).is_empty());
        let out = srv.stop();
        assert!(out.stderr.is_empty(), "{server:?}: {}", out.stderr);
    }
}

/// 50 clients connected at the same time, answered in the reverse of the
/// order they connected in — which only a server that serves them at once
/// can do (a one-at-a-time server would wait for the first to speak) —
/// and no zombie afterwards.
#[test]
fn forking_server_50_concurrent_clients_no_zombies() {
    const CLIENTS: usize = 50;
    for twin in Twin::BOTH {
        let (mut srv, port) = start("forking_server", twin);
        let fds_before = open_fds(srv.pid());
        let conns: Vec<Fd> = (0..CLIENTS).map(|_| connect_to(port)).collect();
        for (i, fd) in conns.iter().enumerate().rev() {
            write(fd, format!("client {i}\n").as_bytes()).expect("write");
            let reply = read_all(fd);
            if reply != REPLY {
                let out = srv.stop();
                panic!(
                    "{twin:?}: client {i} got {reply:?}; server stderr:\n{}",
                    out.stderr
                );
            }
        }
        drop(conns);

        let want: BTreeSet<String> = (0..CLIENTS)
            .map(|i| format!("Here is the message: client {i}"))
            .collect();
        srv.wait_for_line("Here is the message: client 0", Duration::from_secs(10));
        // (each message is followed by the blank line of the tutorial's
        // printf("%s\n"), after the one the client typed)
        let seen: BTreeSet<String> = srv
            .drain(Duration::from_millis(200))
            .iter()
            .filter(|l| !l.is_empty() && !l.starts_with("listening on "))
            .cloned()
            .collect();
        assert_eq!(
            seen, want,
            "{twin:?}: every child printed its client's message"
        );

        let zombies = zombies_after(srv.pid(), 0, Duration::from_secs(5));
        assert!(zombies.is_empty(), "{twin:?}: zombies {zombies:?}");
        // and the children are really gone, not just not-yet-dead
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while !children_of(srv.pid()).is_empty() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert_eq!(children_of(srv.pid()), vec![], "{twin:?}: children left");
        // the parent closed its copy of every connected socket
        assert_eq!(
            open_fds(srv.pid()),
            fds_before,
            "{twin:?}: descriptors leaked"
        );
        let out = srv.stop();
        assert!(out.stderr.is_empty(), "{twin:?}: {}", out.stderr);
    }
}

/// Misbehaving clients cost their child a line on stderr; the server
/// stays up, and a silent client does not hold up anyone else.
#[test]
fn forking_server_survives_misbehaving_clients() {
    for twin in Twin::BOTH {
        let (mut srv, port) = start("forking_server", twin);

        // connects and closes at once
        drop(connect_to(port));
        // resets the connection
        let fd = connect_to(port);
        reset_on_close(&fd);
        drop(fd);
        // says nothing — while it is connected, others are served
        let silent = connect_to(port);
        assert_eq!(exchange(port, b"while one is silent\n"), REPLY, "{twin:?}");
        // not UTF-8, and more than the 255-byte buffer
        assert_eq!(exchange(port, b"\xff\xfe\x00bin\n"), REPLY);
        let reply = exchange(port, &[b'z'; 1000]);
        assert!(REPLY.starts_with(&reply), "{twin:?}: {reply:?}");
        drop(silent);

        let out = message_client(Rust, "127.0.0.1", port, "still there?\n");
        out.assert_success();
        assert_eq!(out.stdout, "Please enter the message: I got your message\n");
        srv.wait_for_line("Here is the message: still there?", Duration::from_secs(10));
        assert!(!has_exited(srv.pid()), "{twin:?} server ended");
        assert!(zombies_after(srv.pid(), 0, Duration::from_secs(5)).is_empty());
        let out = srv.stop();
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
        assert!(
            out.stderr
                .contains("closed the connection without a message"),
            "{twin:?}: {}",
            out.stderr
        );
    }
}

// ---------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------

#[test]
fn message_server_bad_input() {
    let (_busy, port) = busy_tcp_port();
    assert_bad_input(
        "message_server",
        "hi\n",
        &[
            (vec![], "ERROR, no port provided"),
            (vec!["1", "2"], "usage: message_server port"),
            (vec![&port], "Address already in use"),
        ],
    );
    // C's atoi takes any text: "http" is port 0, and the server runs
    assert_bad_input_of(
        Rust,
        "message_server",
        "hi\n",
        &[
            (vec!["http"], "\"http\" is not a port number"),
            (vec!["65536"], "\"65536\" is not a port number"),
        ],
    );
}

#[test]
fn forking_server_bad_input() {
    let (_busy, port) = busy_tcp_port();
    assert_bad_input(
        "forking_server",
        "hi\n",
        &[
            (vec![], "ERROR, no port provided"),
            (vec!["1", "2"], "usage: forking_server port"),
            (vec![&port], "Address already in use"),
        ],
    );
    // C's atoi takes any text: "http" is port 0, and the server runs
    assert_bad_input_of(
        Rust,
        "forking_server",
        "hi\n",
        &[
            (vec!["http"], "\"http\" is not a port number"),
            (vec!["65536"], "\"65536\" is not a port number"),
        ],
    );
}

#[test]
fn message_client_bad_input() {
    let (_refusing, port) = refusing_port();
    assert_bad_input(
        "message_client",
        "hi\n",
        &[
            (vec![], "usage message_client hostname port"),
            (vec!["localhost"], "usage message_client hostname port"),
            (
                vec!["localhost", "1", "2"],
                "usage message_client hostname port",
            ),
            (vec!["127.0.0.1", &port], "Connection refused"),
        ],
    );
    // C's atoi takes "http" as port 0, and connect(2) to port 0 is refused
    assert_bad_input_of(
        Rust,
        "message_client",
        "hi\n",
        &[
            (vec!["localhost", "http"], "\"http\" is not a port number"),
            (vec!["localhost", "65536"], "\"65536\" is not a port number"),
            (vec![NO_SUCH_HOST, "1"], "getaddrinfo: no-such-host-"),
        ],
    );
    assert_bad_input_of(
        Twin::C,
        "message_client",
        "hi\n",
        &[
            (
                vec!["localhost", "http"],
                "ERROR connecting: Connection refused",
            ),
            (vec![NO_SUCH_HOST, "1"], "ERROR, no such host"),
        ],
    );
}
