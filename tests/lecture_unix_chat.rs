//! The lecture's AF_UNIX pairs, the datagram pair and the chat pair, run as
//! real processes: every Rust/C mix of client and server, misbehaving
//! clients, and the bad-input table of each example.
mod common;

use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::time::Duration;

use common::*;
use socklab::*;

fn is_socket(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_socket())
}

// ---------------------------------------------------------------------
// 6. unix_stream_server / unix_stream_client
// ---------------------------------------------------------------------

const UNIX_STREAM_READY: &str = "Waiting for connections on";

fn start_unix_stream_server(side: Twin, path: &Path) -> Server {
    Server::start(
        side.bin("unix_stream_server"),
        &[path_str(path)],
        UNIX_STREAM_READY,
    )
}

/// One normal client run against the server at `path`, checked.
fn unix_stream_exchange(client: Twin, server: &mut Server, path: &Path, message: &str) {
    let out = run(
        client.bin("unix_stream_client"),
        &[path_str(path)],
        &format!("{message}\n"),
    );
    out.assert_success();
    assert_eq!(
        out.stdout, "Please enter your message: The return message was\nI got your message\n",
        "{client:?} client output"
    );
    server.wait_for_line(
        &format!("Here is the message: {message}"),
        Duration::from_secs(10),
    );
}

#[test]
fn unix_stream_pairs_interoperate() {
    for (client, server_side) in TWIN_PAIRS {
        let dir = temp_dir();
        let path = dir.path().join("unix.str");
        let mut server = start_unix_stream_server(server_side, &path);
        assert!(is_socket(&path), "bind must create a socket file");
        unix_stream_exchange(client, &mut server, &path, "hello from a unix client");
        unix_stream_exchange(client, &mut server, &path, "second client, same server");
        let out = server.stop();
        assert_eq!(
            out.stdout
                .matches("A connection has been established")
                .count(),
            2,
            "{server_side:?} server: {}",
            out.stdout
        );
        assert!(
            out.stderr.is_empty(),
            "{server_side:?} server stderr: {}",
            out.stderr
        );
    }
}

/// Clients that misbehave, one after the other, each followed by a check
/// that the server still answers a normal client.
///
/// The misbehaving clients use std's sockets, which are close-on-exec: a
/// socklab socket (no SOCK_CLOEXEC, as in C) would be inherited by the
/// programs other tests start meanwhile, and the server would not see it
/// close when this test drops it.
fn misbehave_unix_stream(server_side: Twin) {
    use std::io::{Read, Write};
    use std::os::unix::net::UnixStream;

    let dir = temp_dir();
    let path = dir.path().join("unix.str");
    let mut server = start_unix_stream_server(server_side, &path);
    // every read bounded: a server that never answers fails the test
    let connect_to = || {
        let conn = UnixStream::connect(&path).expect("connect");
        conn.set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        conn
    };

    // connects and closes at once
    drop(connect_to());
    server.wait_for_line("without a message", Duration::from_secs(10));
    unix_stream_exchange(Twin::Rust, &mut server, &path, "after an empty visit");

    // sends its message and leaves before the answer (the server's write
    // meets a closed socket: EPIPE, and SIGPIPE for a C program)
    let mut conn = connect_to();
    conn.write_all(b"hit and run\n").expect("write");
    drop(conn);
    server.wait_for_line("Here is the message: hit and run", Duration::from_secs(10));
    unix_stream_exchange(Twin::Rust, &mut server, &path, "after a hit and run");

    // binary, not UTF-8
    let mut conn = connect_to();
    conn.write_all(b"\xff\xfe\x00binary\x80\n").expect("write");
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer).expect("read the answer");
    assert_eq!(answer, b"I got your message");
    drop(conn);
    unix_stream_exchange(Twin::Rust, &mut server, &path, "after binary bytes");

    // far more than the server's 80-byte buffer: the write may stop with
    // EPIPE/ECONNRESET when the server closes; the server's survival is the point
    let mut conn = connect_to();
    let _ = conn.write_all(&vec![b'x'; 100_000]);
    drop(conn);
    unix_stream_exchange(Twin::Rust, &mut server, &path, "after a flood");

    // connects and says nothing while the next client waits (the server
    // serves one client at a time); then closes
    let silent = connect_to();
    let next = {
        let path = path.clone();
        std::thread::spawn(move || {
            run(
                example("unix_stream_client"),
                &[path_str(&path)],
                "waited\n",
            )
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    drop(silent);
    let out = next.join().expect("client thread");
    out.assert_success();
    assert!(
        out.stdout.ends_with("I got your message\n"),
        "{}",
        out.stdout
    );
    server.wait_for_line("Here is the message: waited", Duration::from_secs(10));

    let out = server.stop();
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
}

#[test]
fn unix_stream_server_survives_misbehaving_clients() {
    misbehave_unix_stream(Twin::Rust);
}

#[test]
fn unix_stream_server_c_twin_survives_misbehaving_clients() {
    misbehave_unix_stream(Twin::C);
}

#[test]
fn unix_stream_server_never_deletes_a_regular_file() {
    for side in Twin::BOTH {
        let dir = temp_dir();
        let path = dir.path().join("precious.txt");
        std::fs::write(&path, "do not delete me\n").expect("write file");
        let out = run(side.bin("unix_stream_server"), &[path_str(&path)], "");
        out.assert_one_line_error("is a regular file, not a socket");
        assert_eq!(
            std::fs::read_to_string(&path).expect("the file is still there"),
            "do not delete me\n",
            "{side:?}"
        );
    }
}

#[test]
fn unix_stream_server_refuses_a_directory_and_a_symlink() {
    for side in Twin::BOTH {
        let dir = temp_dir();
        let sub = dir.path().join("a-directory");
        std::fs::create_dir(&sub).expect("mkdir");
        run(side.bin("unix_stream_server"), &[path_str(&sub)], "")
            .assert_one_line_error("is a directory");
        assert!(sub.is_dir());

        // a symbolic link to a stale socket: the link is not a socket, so it stays
        let target = dir.path().join("stale.sock");
        leave_stale_socket(&target, SOCK_STREAM);
        let link = dir.path().join("link.sock");
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        run(side.bin("unix_stream_server"), &[path_str(&link)], "")
            .assert_one_line_error("is a symbolic link");
        assert!(std::fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()));
    }
}

/// Leaves a stale socket file at `path`, as a killed server does: a socket
/// is bound there, then closed (std's sockets: close-on-exec, see above).
fn leave_stale_socket(path: &Path, socktype: i32) {
    if socktype == SOCK_STREAM {
        drop(std::os::unix::net::UnixListener::bind(path).expect("bind"));
    } else {
        drop(std::os::unix::net::UnixDatagram::bind(path).expect("bind"));
    }
    assert!(is_socket(path));
}

#[test]
fn unix_stream_server_replaces_the_stale_socket_of_a_killed_server() {
    for side in Twin::BOTH {
        let dir = temp_dir();
        let path = dir.path().join("unix.str");
        let mut first = start_unix_stream_server(side, &path);
        first.stop(); // SIGKILL: no chance to clean up
        assert!(is_socket(&path), "a killed server leaves its socket file");

        let mut second = start_unix_stream_server(side, &path);
        unix_stream_exchange(Twin::Rust, &mut second, &path, "to the restarted server");
        second.stop();
    }
}

#[test]
fn unix_stream_server_refuses_a_path_in_use() {
    for side in Twin::BOTH {
        let dir = temp_dir();
        let path = dir.path().join("unix.str");
        let mut running = start_unix_stream_server(Twin::Rust, &path);
        run(side.bin("unix_stream_server"), &[path_str(&path)], "")
            .assert_one_line_error("another server is listening");
        // the running server keeps its name and still answers
        unix_stream_exchange(Twin::Rust, &mut running, &path, "still mine");
        running.stop();
    }
}

#[test]
fn unix_stream_bad_input() {
    let dir = temp_dir();
    let long = format!("{}/{}", path_str(dir.path()), "x".repeat(120));
    let missing_dir = dir.path().join("no-such-dir/unix.str");
    let stale = dir.path().join("stale.str");
    leave_stale_socket(&stale, SOCK_STREAM);
    let nothing = dir.path().join("nothing-here.str");

    for side in Twin::BOTH {
        let server = side.bin("unix_stream_server");
        run(&server, &[], "").assert_one_line_error("usage: unix_stream_server path");
        run(&server, &["a", "b"], "").assert_one_line_error("usage: unix_stream_server path");
        run(&server, &[&long], "").assert_one_line_error("too long");
        run(&server, &[path_str(&missing_dir)], "")
            .assert_one_line_error("bind: No such file or directory");

        let client = side.bin("unix_stream_client");
        run(&client, &[], "hi\n").assert_one_line_error("usage: unix_stream_client path");
        run(&client, &["a", "b"], "hi\n").assert_one_line_error("usage: unix_stream_client path");
        run(&client, &[&long], "hi\n").assert_one_line_error("too long");
        run(&client, &[path_str(&missing_dir)], "hi\n")
            .assert_one_line_error("connect: No such file or directory");
        run(&client, &[path_str(&nothing)], "hi\n")
            .assert_one_line_error("connect: No such file or directory");
        run(&client, &[path_str(&stale)], "hi\n")
            .assert_one_line_error("connect: Connection refused");
    }

    // stdin closed at the prompt: the client fails, the server goes on
    let path = dir.path().join("unix.str");
    let mut server = start_unix_stream_server(Twin::Rust, &path);
    for side in Twin::BOTH {
        run(side.bin("unix_stream_client"), &[path_str(&path)], "")
            .assert_one_line_error("end of input");
    }
    unix_stream_exchange(
        Twin::Rust,
        &mut server,
        &path,
        "after two clients with nothing to say",
    );
    server.stop();
}

// ---------------------------------------------------------------------
// 7. unix_dgram_server / unix_dgram_client
// ---------------------------------------------------------------------

const UNIX_DGRAM_READY: &str = "Waiting for datagrams on";

fn start_unix_dgram_server(side: Twin, path: &Path) -> Server {
    Server::start(
        side.bin("unix_dgram_server"),
        &[path_str(path)],
        UNIX_DGRAM_READY,
    )
}

/// Runs the datagram client with `TMPDIR` set to `tmp`, where it binds its
/// own path.
fn run_unix_dgram_client(client: Twin, path: &str, tmp: &Path, input: &str) -> Output {
    run_env(
        client.bin("unix_dgram_client"),
        &[path],
        input,
        &[("TMPDIR", path_str(tmp))],
    )
}

/// The client's temporary directory must be empty again: its own socket
/// file is removed whatever happened.
fn assert_nothing_left(tmp: &Path, what: &str) {
    let left: Vec<_> = std::fs::read_dir(tmp)
        .expect("read tmp")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(left.is_empty(), "{what}: left behind {left:?}");
}

fn unix_dgram_exchange(client: Twin, server: &mut Server, path: &Path, message: &str) {
    let tmp = temp_dir();
    let out = run_unix_dgram_client(client, path_str(path), tmp.path(), &format!("{message}\n"));
    out.assert_success();
    assert_eq!(
        out.stdout, "Please enter the message: Got an ack: Got your message\n",
        "{client:?} client output"
    );
    server.wait_for_line(
        &format!("Received a datagram: {message}"),
        Duration::from_secs(10),
    );
    assert_nothing_left(tmp.path(), &format!("{client:?} client"));
}

#[test]
fn unix_dgram_pairs_interoperate() {
    for (client, server_side) in TWIN_PAIRS {
        let dir = temp_dir();
        let path = dir.path().join("unix.dg");
        let mut server = start_unix_dgram_server(server_side, &path);
        assert!(is_socket(&path), "bind must create a socket file");
        unix_dgram_exchange(client, &mut server, &path, "hello over a unix datagram");
        unix_dgram_exchange(client, &mut server, &path, "and a second one");
        let out = server.stop();
        assert!(
            out.stderr.is_empty(),
            "{server_side:?} server stderr: {}",
            out.stderr
        );
    }
}

#[test]
fn unix_dgram_client_leaves_no_file_behind_on_errors() {
    let dir = temp_dir();
    let stale = dir.path().join("stale.dg");
    leave_stale_socket(&stale, SOCK_DGRAM);
    let nothing = dir.path().join("nothing-here.dg");
    // a "server" that receives and never answers
    let mute_path = dir.path().join("mute.dg");
    let mute = std::os::unix::net::UnixDatagram::bind(&mute_path).expect("bind");
    mute.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let path = dir.path().join("unix.dg");
    let _server = start_unix_dgram_server(Twin::Rust, &path);

    for side in Twin::BOTH {
        let tmp = temp_dir();
        let check = |out: Output, needle: &str| {
            out.assert_one_line_error(needle);
            assert_nothing_left(tmp.path(), &format!("{side:?} client, {needle}"));
        };
        check(
            run_unix_dgram_client(side, path_str(&path), tmp.path(), ""),
            "end of input",
        );
        check(
            run_unix_dgram_client(side, path_str(&nothing), tmp.path(), "hi\n"),
            "sendto: No such file or directory",
        );
        check(
            run_unix_dgram_client(side, path_str(&stale), tmp.path(), "hi\n"),
            "sendto: Connection refused",
        );
        check(
            run_unix_dgram_client(side, path_str(&mute_path), tmp.path(), "hi\n"),
            "no answer from",
        );
        let mut buf = [0u8; 64];
        let n = mute
            .recv(&mut buf)
            .expect("the mute server got the message");
        assert_eq!(&buf[..n], b"hi\n");
    }
}

/// Ctrl-C at the prompt: the client has not bound its own path yet (it
/// does so only once the line is read), so nothing is left behind.
#[test]
fn unix_dgram_client_interrupted_at_its_prompt_leaves_nothing() {
    let dir = temp_dir();
    let path = dir.path().join("unix.dg");
    let _server = start_unix_dgram_server(Twin::Rust, &path);
    for side in Twin::BOTH {
        let tmp = temp_dir();
        let child = std::process::Command::new(side.bin("unix_dgram_client"))
            .arg(&path)
            .env("TMPDIR", tmp.path())
            .stdin(std::process::Stdio::piped()) // kept open: it waits at the prompt
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn unix_dgram_client");
        let pid = child.id();
        // at its prompt: blocked in read(0, …), three samples in a row
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let mut in_read = 0;
        while in_read < 3 {
            assert!(
                std::time::Instant::now() < deadline,
                "{side:?}: never waited at its prompt"
            );
            in_read = if syscall_of(pid) == Some(libc::SYS_read) {
                in_read + 1
            } else {
                0
            };
            std::thread::sleep(Duration::from_millis(20));
        }
        let status = std::process::Command::new("kill")
            .args(["-INT", &pid.to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        let out = wait_with_timeout(child, Duration::from_secs(10));
        assert!(!out.timed_out, "{side:?}: SIGINT did not end it");
        assert_eq!(
            std::os::unix::process::ExitStatusExt::signal(&out.status),
            Some(libc::SIGINT),
            "{side:?}: {out:?}"
        );
        assert_nothing_left(
            tmp.path(),
            &format!("{side:?} client, Ctrl-C at the prompt"),
        );
    }
}

/// Senders that misbehave, each followed by a check that the server still
/// answers a normal client. (std's sockets: close-on-exec, see above.)
fn misbehave_unix_dgram(server_side: Twin) {
    use std::os::unix::net::UnixDatagram;

    let dir = temp_dir();
    let path = dir.path().join("unix.dg");
    let mut server = start_unix_dgram_server(server_side, &path);

    // an unnamed sender: printed, not answered
    let unnamed = UnixDatagram::unbound().expect("socket");
    unnamed.send_to(b"from nobody\n", &path).expect("send");
    server.wait_for_line("Received a datagram: from nobody", Duration::from_secs(10));
    server.wait_for_line("no answer possible", Duration::from_secs(10));
    unix_dgram_exchange(Twin::Rust, &mut server, &path, "after an unnamed sender");

    // a sender that is gone before the answer: the server's sendto fails
    let gone_path = dir.path().join("gone.dg");
    let gone = UnixDatagram::bind(&gone_path).expect("bind");
    gone.send_to(b"gone at once\n", &path).expect("send");
    drop(gone);
    std::fs::remove_file(&gone_path).expect("unlink");
    server.wait_for_line("Received a datagram: gone at once", Duration::from_secs(10));
    unix_dgram_exchange(Twin::Rust, &mut server, &path, "after a sender that left");

    // binary, not UTF-8; an empty datagram; one longer than the buffer (cut)
    let named_path = dir.path().join("named.dg");
    let named = UnixDatagram::bind(&named_path).expect("bind");
    named
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    for payload in [&b"\xff\xfe\x00binary\x80"[..], b"", &vec![b'x'; 20_000]] {
        named.send_to(payload, &path).expect("send");
        let mut buf = [0u8; 64];
        let n = named.recv(&mut buf).expect("the server answers");
        assert_eq!(&buf[..n], b"Got your message");
    }
    unix_dgram_exchange(Twin::Rust, &mut server, &path, "after odd datagrams");

    let out = server.stop();
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
}

#[test]
fn unix_dgram_server_survives_misbehaving_clients() {
    misbehave_unix_dgram(Twin::Rust);
}

#[test]
fn unix_dgram_server_c_twin_survives_misbehaving_clients() {
    misbehave_unix_dgram(Twin::C);
}

#[test]
fn unix_dgram_server_stale_socket_and_other_files() {
    for side in Twin::BOTH {
        let dir = temp_dir();
        // a regular file is never deleted
        let file = dir.path().join("precious.txt");
        std::fs::write(&file, "do not delete me\n").expect("write file");
        run(side.bin("unix_dgram_server"), &[path_str(&file)], "")
            .assert_one_line_error("is a regular file, not a socket");
        assert_eq!(
            std::fs::read_to_string(&file).expect("still there"),
            "do not delete me\n"
        );

        // a killed server's socket is replaced
        let path = dir.path().join("unix.dg");
        let mut first = start_unix_dgram_server(side, &path);
        first.stop();
        assert!(is_socket(&path), "a killed server leaves its socket file");
        let mut second = start_unix_dgram_server(side, &path);
        unix_dgram_exchange(Twin::Rust, &mut second, &path, "to the restarted server");

        // a live server's socket is not taken over
        run(side.bin("unix_dgram_server"), &[path_str(&path)], "")
            .assert_one_line_error("another server is using");
        unix_dgram_exchange(Twin::Rust, &mut second, &path, "still mine");
        second.stop();
    }
}

#[test]
fn unix_dgram_bad_input() {
    let dir = temp_dir();
    let long = format!("{}/{}", path_str(dir.path()), "x".repeat(120));
    let missing_dir = dir.path().join("no-such-dir/unix.dg");
    let tmp = temp_dir();
    let long_tmp = format!("{}/{}", path_str(tmp.path()), "t".repeat(110));

    for side in Twin::BOTH {
        let server = side.bin("unix_dgram_server");
        run(&server, &[], "").assert_one_line_error("usage: unix_dgram_server path");
        run(&server, &["a", "b"], "").assert_one_line_error("usage: unix_dgram_server path");
        run(&server, &[&long], "").assert_one_line_error("too long");
        run(&server, &[path_str(&missing_dir)], "")
            .assert_one_line_error("bind: No such file or directory");

        let client = side.bin("unix_dgram_client");
        run_unix_dgram_client(side, "", tmp.path(), "hi\n").assert_one_line_error("empty path");
        run(&client, &[], "hi\n").assert_one_line_error("usage: unix_dgram_client path");
        run(&client, &["a", "b"], "hi\n").assert_one_line_error("usage: unix_dgram_client path");
        run_unix_dgram_client(side, &long, tmp.path(), "hi\n").assert_one_line_error("too long");
        run_unix_dgram_client(side, path_str(&missing_dir), tmp.path(), "hi\n")
            .assert_one_line_error("sendto: No such file or directory");
        // its own path would be too long: refused before anything is created
        run_env(
            &client,
            &[path_str(&missing_dir)],
            "hi\n",
            &[("TMPDIR", &long_tmp)],
        )
        .assert_one_line_error("too long");
        // its own directory does not exist: bind fails, nothing created
        let no_tmp = tmp.path().join("missing");
        run_env(
            &client,
            &[path_str(&missing_dir)],
            "hi\n",
            &[("TMPDIR", path_str(&no_tmp))],
        )
        .assert_one_line_error("bind: No such file or directory");
        assert_nothing_left(tmp.path(), &format!("{side:?} client"));
    }
}

// ---------------------------------------------------------------------
// 8. dgram_server / dgram_client (UDP)
// ---------------------------------------------------------------------

const DGRAM_READY: &str = "Waiting for datagrams on port";

fn start_dgram_server(side: Twin) -> (Server, u16) {
    start_twin(side, "dgram_server", SOCK_DGRAM, DGRAM_READY)
}

fn dgram_exchange(client: Twin, server: &mut Server, host: &str, port: u16, message: &str) {
    let out = run(
        client.bin("dgram_client"),
        &[host, &port.to_string()],
        &format!("{message}\n"),
    );
    out.assert_success();
    assert_eq!(
        out.stdout, "Please enter the message: Got an ack: Got your message\n",
        "{client:?} client output"
    );
    server.wait_for_line(
        &format!("Received a datagram: {message}"),
        Duration::from_secs(10),
    );
}

#[test]
fn dgram_pairs_interoperate() {
    for (client, server_side) in TWIN_PAIRS {
        let (mut server, port) = start_dgram_server(server_side);
        dgram_exchange(client, &mut server, "127.0.0.1", port, "hello over UDP");
        dgram_exchange(client, &mut server, "localhost", port, "by name this time");
        let out = server.stop();
        assert!(
            out.stderr.is_empty(),
            "{server_side:?} server stderr: {}",
            out.stderr
        );
    }
}

/// Odd datagrams, each followed by a check that the server still answers.
/// (std's sockets: close-on-exec, see above.)
fn misbehave_dgram(server_side: Twin) {
    use std::net::UdpSocket;

    let (mut server, port) = start_dgram_server(server_side);
    let to = ("127.0.0.1", port);

    // a sender that is gone before the answer (its port answers ICMP
    // "port unreachable", which an unconnected UDP socket does not report)
    let gone = UdpSocket::bind("127.0.0.1:0").expect("bind");
    gone.send_to(b"gone at once\n", to).expect("send");
    drop(gone);
    server.wait_for_line("Received a datagram: gone at once", Duration::from_secs(10));
    dgram_exchange(
        Twin::Rust,
        &mut server,
        "127.0.0.1",
        port,
        "after a sender that left",
    );

    // binary, not UTF-8; an empty datagram; one longer than the buffer (cut)
    let named = UdpSocket::bind("127.0.0.1:0").expect("bind");
    named
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    for payload in [&b"\xff\xfe\x00binary\x80"[..], b"", &vec![b'x'; 20_000]] {
        named.send_to(payload, to).expect("send");
        let mut buf = [0u8; 64];
        let (n, _) = named.recv_from(&mut buf).expect("the server answers");
        assert_eq!(&buf[..n], b"Got your message");
    }
    // a burst: every datagram answered (loopback does not lose them here)
    for i in 0..50 {
        named
            .send_to(format!("burst {i}").as_bytes(), to)
            .expect("send");
    }
    for _ in 0..50 {
        let mut buf = [0u8; 64];
        named.recv_from(&mut buf).expect("an answer for each");
    }
    dgram_exchange(
        Twin::Rust,
        &mut server,
        "127.0.0.1",
        port,
        "after odd datagrams",
    );

    let out = server.stop();
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert!(
        out.stdout.contains("Received a datagram: burst 49"),
        "{}",
        out.stdout
    );
}

#[test]
fn dgram_server_survives_misbehaving_clients() {
    misbehave_dgram(Twin::Rust);
}

#[test]
fn dgram_server_c_twin_survives_misbehaving_clients() {
    misbehave_dgram(Twin::C);
}

#[test]
fn dgram_bad_input() {
    // a port in use: some other socket holds it
    let (_holder, busy) = busy_udp_port();
    // a port where nobody answers
    let (_held, silent) = refusing_udp_port();

    for side in Twin::BOTH {
        let server = side.bin("dgram_server");
        run(&server, &[], "").assert_one_line_error("usage: dgram_server port");
        run(&server, &["1", "2"], "").assert_one_line_error("usage: dgram_server port");
        // C's atoi takes any text: "http" is port 0, and the server runs
        if matches!(side, Twin::Rust) {
            run(&server, &["http"], "").assert_one_line_error("not a port number");
            run(&server, &["65536"], "").assert_one_line_error("\"65536\" is not a port number");
        }
        run(&server, &[&busy], "").assert_one_line_error("bind: Address already in use");

        let client = side.bin("dgram_client");
        run(&client, &[], "hi\n").assert_one_line_error("usage: dgram_client host port");
        run(&client, &["127.0.0.1"], "hi\n").assert_one_line_error("usage: dgram_client host port");
        run(&client, &["127.0.0.1", "1", "2"], "hi\n")
            .assert_one_line_error("usage: dgram_client host port");
        if matches!(side, Twin::Rust) {
            run(&client, &["127.0.0.1", "x9"], "hi\n").assert_one_line_error("not a port number");
            run(&client, &["127.0.0.1", "65536"], "hi\n")
                .assert_one_line_error("\"65536\" is not a port number");
        }
        run(&client, &[NO_SUCH_HOST, "9877"], "hi\n")
            .assert_one_line_error(&format!("getaddrinfo: {NO_SUCH_HOST}"));
        run(&client, &["::1", "9877"], "hi\n").assert_one_line_error("IPv6");
        run(&client, &["127.0.0.1", &silent], "").assert_one_line_error("end of input");
        // nobody there: no "refused" for unconnected UDP, the wait ends
        run(&client, &["127.0.0.1", &silent], "hi\n")
            .assert_one_line_error("no answer from 127.0.0.1");
    }
}

// ---------------------------------------------------------------------
// 10. chat_server / chat_client
// ---------------------------------------------------------------------

const CHAT_READY: &str = "Waiting for a client on port";
const CHAT_BANNER: &str = ": type a line at the ` ? ` prompt, `bye` to end";

/// Starts chat_server on a free port with `input` as its terminal.
fn start_chat_server(side: Twin, input: &str) -> (Server, u16) {
    start_on_free_port_with_stdin(
        side.bin("chat_server"),
        SOCK_STREAM,
        port_arg,
        CHAT_READY,
        input,
    )
}

/// One scripted conversation: both sides' input, and what each must print
/// after its banner line. Both must exit with status 0.
struct Chat {
    client_input: &'static str,
    server_input: &'static str,
    client_says: &'static str,
    server_says: &'static [&'static str],
}

const CHATS: [Chat; 4] = [
    // the client says bye
    Chat {
        client_input: "hello\nbye\nnever sent\n",
        server_input: "hi there\n",
        client_says: " ? server: hi there\n ? You said bye: closing the connection\n",
        server_says: &[
            "client: hello",
            " ? client: bye",
            "The client said bye: closing the connection",
        ],
    },
    // the server says bye
    Chat {
        client_input: "hello\nhow are you?\n",
        server_input: "hi\nbye\n",
        client_says: " ? server: hi\n ? server: bye\nThe server said bye: closing the connection\n",
        server_says: &[
            "client: hello",
            " ? client: how are you?",
            " ? You said bye: closing the connection",
        ],
    },
    // the client's input ends: it closes, the server reads end of file
    Chat {
        client_input: "hello\n",
        server_input: "hi\n",
        client_says: " ? server: hi\n ? \nEnd of input: closing the connection\n",
        server_says: &["client: hello", " ? The client closed the connection"],
    },
    // the server's input ends: it closes, the client reads end of file
    Chat {
        client_input: "hello\nanyone?\n",
        server_input: "",
        client_says: " ? The server closed the connection\n",
        server_says: &[
            "client: hello",
            " ? ",
            "End of input: closing the connection",
        ],
    },
];

#[test]
fn chat_pairs_take_turns_and_end_cleanly() {
    for (client, server_side) in TWIN_PAIRS {
        for (i, chat) in CHATS.iter().enumerate() {
            let what = format!("chat {i}, {client:?} client, {server_side:?} server");
            let (mut server, port) = start_chat_server(server_side, chat.server_input);
            let out = run(
                client.bin("chat_client"),
                &["127.0.0.1", &port.to_string()],
                chat.client_input,
            );
            out.assert_success();
            assert_eq!(
                out.stdout,
                format!(
                    "Connected to 127.0.0.1:{port}{CHAT_BANNER}\n{}",
                    chat.client_says
                ),
                "{what}"
            );
            let done = server.wait_exit(Duration::from_secs(10));
            done.assert_success();
            let lines: Vec<&str> = done.stdout.lines().collect();
            assert_eq!(lines.len(), 3 + chat.server_says.len(), "{what}: {lines:?}");
            assert_eq!(lines[0], format!("listening on 0.0.0.0:{port}"), "{what}");
            assert_eq!(lines[1], format!("{CHAT_READY} {port}"), "{what}");
            assert!(
                lines[2].starts_with("Connection from 127.0.0.1:")
                    && lines[2].ends_with(CHAT_BANNER),
                "{what}: {}",
                lines[2]
            );
            assert_eq!(&lines[3..], chat.server_says, "{what}");
            assert!(done.stderr.is_empty(), "{what}: {}", done.stderr);
        }
    }
}

fn read_line_from(fd: &Fd) -> String {
    let mut buf = [0u8; MAXLINE];
    let n = readline(fd, &mut buf).expect("readline");
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

#[test]
fn chat_server_copes_with_odd_lines() {
    for side in Twin::BOTH {
        let (mut server, port) = start_chat_server(side, "one\ntwo\nthree\n");
        let fd = connect_to(port); // close-on-exec, 10 s receive timeout

        // binary, not UTF-8: printed (lossily), answered
        writen(&fd, b"\xff\xfe\x80 binary\n").expect("write");
        assert_eq!(read_line_from(&fd), "one\n");
        // far longer than MAXLINE: cut, the rest dropped, turns stay in step
        let mut long = vec![b'x'; 3 * MAXLINE];
        long.push(b'\n');
        writen(&fd, &long).expect("write");
        assert_eq!(read_line_from(&fd), "two\n");
        // a CRLF line (telnet): "bye\r\n" is bye
        writen(&fd, b"bye\r\n").expect("write");
        let mut buf = [0u8; 16];
        assert_eq!(
            read(&fd, &mut buf).expect("read"),
            0,
            "the server closes after bye"
        );

        let done = server.wait_exit(Duration::from_secs(10));
        done.assert_success();
        assert!(
            done.stdout
                .contains(&format!("client: {}\n", "x".repeat(MAXLINE))),
            "{side:?}: the cut line"
        );
        assert!(
            !done.stdout.contains(&"x".repeat(MAXLINE + 1)),
            "{side:?}: cut at MAXLINE"
        );
        assert!(
            done.stdout.contains("The client said bye"),
            "{side:?}: {}",
            done.stdout
        );
    }
}

#[test]
fn chat_server_reports_a_reset_in_one_line() {
    for side in Twin::BOTH {
        let (mut server, port) = start_chat_server(side, "hi\n");
        let fd = connect_to(port); // close-on-exec, 10 s receive timeout
        writen(&fd, b"hello\n").expect("write");
        assert_eq!(read_line_from(&fd), "hi\n");
        reset_on_close(&fd); // close sends RST instead of FIN
        close(fd).expect("close");
        let done = server.wait_exit(Duration::from_secs(10));
        done.assert_one_line_error("read: Connection reset by peer");
    }
}

#[test]
fn chat_bad_input() {
    let (_holder, busy) = busy_tcp_port();
    let (_refusing, nobody) = refusing_port();
    for side in Twin::BOTH {
        let server = side.bin("chat_server");
        run(&server, &["1", "2"], "").assert_one_line_error("usage: chat_server [port]");
        // C's atoi takes any text: "http" is port 0, and the server runs
        if matches!(side, Twin::Rust) {
            run(&server, &["http"], "").assert_one_line_error("not a port number");
            run(&server, &["65536"], "").assert_one_line_error("\"65536\" is not a port number");
        }
        run(&server, &[&busy], "").assert_one_line_error("bind: Address already in use");

        let client = side.bin("chat_client");
        run(&client, &["127.0.0.1", "1", "2"], "")
            .assert_one_line_error("usage: chat_client [host] [port]");
        if matches!(side, Twin::Rust) {
            run(&client, &["127.0.0.1", "x"], "").assert_one_line_error("not a port number");
            run(&client, &["127.0.0.1", "65536"], "")
                .assert_one_line_error("\"65536\" is not a port number");
        }
        run(&client, &[NO_SUCH_HOST, "8190"], "")
            .assert_one_line_error(&format!("getaddrinfo: {NO_SUCH_HOST}"));
        run(&client, &["::1", "8190"], "").assert_one_line_error("IPv6");
        run(&client, &["127.0.0.1", &nobody], "hi\n")
            .assert_one_line_error("connect: Connection refused");
    }
}
