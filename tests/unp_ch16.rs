//! UNP chapter 16, nonblocking I/O, in both twins (the Rust example and
//! its C twin): `ch16_strclinonb` copies 10 MB through an echo server to
//! a reader slower than the writer, byte for byte; `ch16_strclifork`
//! echoes and its child ends the parent; `connect_nonb` connects, is
//! refused and times out within its bound; the nonblocking-accept problem
//! of §16.6 is shown deterministically — the server blocks in `accept`
//! when the connection is gone from the queue, and with `--nonb` it does
//! not; the web client fetches 20 files with 1, 3 and 10 simultaneous
//! connections, exactly, never more at once than asked; and the parity of
//! each pair under strace with `fcntl` and `kill` compared too (the
//! standard parity list has neither).
//!
//! Only loopback; every wait is bounded.
#![allow(unsafe_code)] // pidfd_open/pidfd_getfd in `steal_listener`, which says why it is sound
mod common;
#[allow(unused_macros, unused_imports)] // scenario_tests!: the fidelity tests' own
mod fidelity;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use fidelity::scenarios::{self, LISTENING, Purpose, Scenario, TCP, client, nothing, server};
use socklab::*;

/// 10 MB that is not all one byte: a simple generator, the same each run.
fn ten_megabytes() -> Vec<u8> {
    let mut x: u32 = 0x1234_5678;
    (0..10 * 1024 * 1024)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect()
}

/// The chapter 5 echo server (the Rust one: the echo is not under test).
fn echo_server() -> (Server, u16) {
    start_twin(Twin::Rust, "ch05_tcpserv01", TCP, "listening on")
}

fn strclinonb_copies_10_mb(twin: Twin) {
    let (_server, port) = echo_server();
    let data = ten_megabytes();
    let dir = temp_dir();
    let input = dir.path().join("in.bin");
    std::fs::write(&input, &data).expect("write input");

    let mut child = Command::new(twin.bin("ch16_strclinonb"))
        .args(["127.0.0.1", &port.to_string()])
        .stdin(std::fs::File::open(&input).expect("open input"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    // The slow reader: 4 KiB at a time, a pause every 64 KiB, so that the
    // pipe to it fills and the client's writes to stdout fail with
    // EWOULDBLOCK (and its socket buffers fill in turn).
    let reader = std::thread::spawn(move || {
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        let mut since_pause = 0;
        loop {
            match stdout.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    got.extend_from_slice(&buf[..n]);
                    since_pause += n;
                    if since_pause >= 64 * 1024 {
                        since_pause = 0;
                        std::thread::sleep(Duration::from_millis(2));
                    }
                }
            }
        }
        got
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let deadline = Instant::now() + Duration::from_secs(90);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{twin:?} ch16_strclinonb did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let got = reader.join().expect("reader");
    let err = err_reader.join().expect("stderr reader");
    assert!(status.success(), "{twin:?}: {status:?}\n{err}");
    assert_eq!(err, "", "{twin:?}: nothing on stderr without -v");
    assert_eq!(got.len(), data.len(), "{twin:?}: byte count");
    assert!(got == data, "{twin:?}: the copy differs from the input");
}

#[test]
fn strclinonb_copies_10_mb_exactly_to_a_slow_reader_rust() {
    strclinonb_copies_10_mb(Twin::Rust);
}

#[test]
fn strclinonb_copies_10_mb_exactly_to_a_slow_reader_c() {
    strclinonb_copies_10_mb(Twin::C);
}

/// `-v`: the book's progress lines on stderr, each with gf_time's
/// `12:34:56.123456`, in the order the data moves.
#[test]
fn strclinonb_verbose_prints_the_books_progress_lines() {
    let (_server, port) = echo_server();
    for twin in Twin::BOTH {
        let out = run(
            twin.bin("ch16_strclinonb"),
            &["-v", "127.0.0.1", &port.to_string()],
            "hello\n",
        );
        out.assert_success();
        assert_eq!(out.stdout, "hello\n", "{twin:?}");
        let events: Vec<&str> = out
            .stderr
            .lines()
            .map(|l| {
                let (time, what) = l.split_once(": ").unwrap_or(("", l));
                let b = time.as_bytes();
                assert!(
                    b.len() == 15 && b[2] == b':' && b[5] == b':' && b[8] == b'.',
                    "{twin:?}: gf_time's form: {l:?}"
                );
                what
            })
            .collect();
        for want in [
            "read 6 bytes from stdin",
            "wrote 6 bytes to socket",
            "EOF on stdin",
            "read 6 bytes from socket",
            "wrote 6 bytes to stdout",
            "EOF on socket",
        ] {
            assert!(
                events.contains(&want),
                "{twin:?}: no {want:?} in {events:?}"
            );
        }
        let pos = |w: &str| events.iter().position(|e| *e == w);
        assert!(pos("read 6 bytes from stdin") < pos("wrote 6 bytes to socket"));
        assert!(pos("read 6 bytes from socket") < pos("wrote 6 bytes to stdout"));
        assert_eq!(events.last(), Some(&"EOF on socket"), "{twin:?}");
    }
}

/// A server that closes while stdin is still open: the book's
/// `str_cli: server terminated prematurely`.
#[test]
fn strclinonb_server_terminated_prematurely() {
    for twin in Twin::BOTH {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = l.local_addr().expect("addr").port();
        let closer = std::thread::spawn(move || {
            let (s, _) = l.accept().expect("accept");
            drop(s);
        });
        let mut cli = Interactive::start(
            twin.bin("ch16_strclinonb"),
            &["127.0.0.1", &port.to_string()],
        );
        closer.join().expect("closer");
        // stdin stays open: the client must end by itself, on the FIN
        let deadline = Instant::now() + Duration::from_secs(10);
        while !cli.exited() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(
            cli.exited(),
            "{twin:?}: still running after the server left"
        );
        let out = cli.finish(Duration::from_secs(10));
        assert_eq!(out.status.code(), Some(1), "{twin:?}: {out:?}");
        assert_eq!(
            out.stderr, "str_cli: server terminated prematurely\n",
            "{twin:?}"
        );
    }
}

#[test]
fn strclifork_echoes_and_the_child_ends_the_parent_with_sigterm() {
    let (_server, port) = echo_server();
    for twin in Twin::BOTH {
        let out = run(
            twin.bin("ch16_strclifork"),
            &["127.0.0.1", &port.to_string()],
            "one\ntwo two\nthree\n",
        );
        assert!(!out.timed_out, "{twin:?}: {out:?}");
        assert_eq!(
            out.status.signal(),
            Some(libc::SIGTERM),
            "{twin:?}: the parent ends by its child's kill: {out:?}"
        );
        assert_eq!(out.stdout, "one\ntwo two\nthree\n", "{twin:?}");
        assert_eq!(out.stderr, "", "{twin:?}");
    }
}

#[test]
fn daytimetcpcli_connects_with_connect_nonb_and_is_refused_cleanly() {
    let (_server, port) = start_twin(Twin::Rust, "ch01_daytimetcpsrv", TCP, "listening on");
    let (_refuser, refused) = refusing_port();
    for twin in Twin::BOTH {
        let out = run(
            twin.bin("ch16_daytimetcpcli"),
            &["127.0.0.1", &port.to_string()],
            "",
        );
        out.assert_success();
        assert_eq!(
            out.stdout.len(),
            26,
            "{twin:?}: one ctime line and CR LF: {out:?}"
        );
        let out = run(twin.bin("ch16_daytimetcpcli"), &["127.0.0.1", &refused], "");
        let want = match twin {
            Twin::Rust => "connect: Connection refused (ECONNREFUSED)\n",
            Twin::C => "connect: Connection refused\n",
        };
        assert_eq!(out.status.code(), Some(1), "{twin:?}: {out:?}");
        assert_eq!(out.stderr, want, "{twin:?}");
    }
}

/// A listening socket whose accept queue is full (backlog 0, one
/// connection never accepted): Linux drops further SYNs, so a connect to
/// it never completes — a peer that never answers, on loopback. (This
/// process's sockets are close-on-exec: the programs other tests start
/// meanwhile must not inherit them — it would shift their descriptor
/// numbers under strace.)
fn full_backlog() -> (Fd, Vec<Fd>, SockAddr) {
    let listenfd = socket(AF_INET, SOCK_STREAM | libc::SOCK_CLOEXEC, 0).expect("socket");
    bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0)).expect("bind");
    listen(&listenfd, 0).expect("listen");
    let addr = getsockname(&listenfd).expect("getsockname");
    let mut fillers = Vec::new();
    for _ in 0..2 {
        let fd = socket(
            AF_INET,
            SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
            0,
        )
        .expect("socket");
        let _ = connect(&fd, &addr);
        fillers.push(fd);
    }
    std::thread::sleep(Duration::from_millis(200));
    (listenfd, fillers, addr)
}

#[test]
fn daytimetcpcli_times_out_after_5_seconds_in_both_twins() {
    let (_l, _fillers, addr) = full_backlog();
    let port = addr.port().expect("port").to_string();
    let threads: Vec<_> = Twin::BOTH
        .into_iter()
        .map(|twin| {
            let port = port.clone();
            std::thread::spawn(move || {
                let start = Instant::now();
                let out = run(twin.bin("ch16_daytimetcpcli"), &["127.0.0.1", &port], "");
                (twin, start.elapsed(), out)
            })
        })
        .collect();
    for t in threads {
        let (twin, took, out) = t.join().expect("thread");
        assert_eq!(out.status.code(), Some(1), "{twin:?}: {out:?}");
        assert!(
            out.stderr.starts_with("connect: Connection timed out"),
            "{twin:?}: {:?}",
            out.stderr
        );
        assert!(
            took >= Duration::from_millis(4900) && took < Duration::from_secs(8),
            "{twin:?}: connect_nonb's 5 s took {took:?}"
        );
    }
}

/// The library's connect_nonb: the socket comes back blocking again; a
/// refusal and a timeout are errors of `connect`.
#[test]
fn connect_nonb_restores_the_flags_and_reports_errors() {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    let fd = socket(AF_INET, SOCK_STREAM | libc::SOCK_CLOEXEC, 0).expect("socket");
    let flags = fcntl(&fd, F_GETFL, 0).expect("F_GETFL");
    let fd = connect_nonb(fd, &sockaddr_in::new(INADDR_LOOPBACK, port), 5).expect("connect");
    assert_eq!(fcntl(&fd, F_GETFL, 0).expect("F_GETFL"), flags);
    let (mut peer, _) = l.accept().expect("accept");
    write(&fd, b"x").expect("write");
    let mut b = [0u8; 1];
    peer.read_exact(&mut b).expect("read");
    drop(l);

    // a port held and never listening (not the one just freed: a server of
    // another test could get it meanwhile)
    let (_refuser, refused) = refusing_port();
    let refused: u16 = refused.parse().expect("port");
    let fd = socket(AF_INET, SOCK_STREAM | libc::SOCK_CLOEXEC, 0).expect("socket");
    let err = connect_nonb(fd, &sockaddr_in::new(INADDR_LOOPBACK, refused), 5).unwrap_err();
    assert_eq!(err.errno(), Some(Errno::ECONNREFUSED));
    assert_eq!(
        err.to_string(),
        "connect: Connection refused (ECONNREFUSED)"
    );

    let (_l, _fillers, addr) = full_backlog();
    let fd = socket(AF_INET, SOCK_STREAM | libc::SOCK_CLOEXEC, 0).expect("socket");
    let start = Instant::now();
    let err = connect_nonb(fd, &addr, 1).unwrap_err();
    assert_eq!(err.errno(), Some(Errno::ETIMEDOUT));
    let took = start.elapsed();
    assert!(
        took >= Duration::from_millis(950) && took < Duration::from_secs(3),
        "{took:?}"
    );
}

// ---------------------------------------------------------------------
// §16.6: the nonblocking accept problem
// ---------------------------------------------------------------------

/// A descriptor of `pid`'s listening socket (its descriptor 3), for this
/// process: what a sibling sharing the socket would have. Taking the
/// queued connection through it empties the server's queue between its
/// select and its accept — what the book's RST does on a Berkeley kernel
/// and not on Linux (which keeps a reset connection queued).
fn steal_listener(pid: u32) -> OwnedFd {
    // SAFETY: pidfd_open takes a pid and flags, and returns a new
    // descriptor or -1; no memory is passed.
    let pidfd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid as libc::pid_t, 0) };
    assert!(
        pidfd >= 0,
        "pidfd_open: {}",
        std::io::Error::last_os_error()
    );
    // SAFETY: pidfd is a descriptor we just opened and own alone.
    let pidfd = unsafe { OwnedFd::from_raw_fd(pidfd as i32) };
    use std::os::fd::AsRawFd as _;
    // SAFETY: pidfd_getfd takes a pidfd, a descriptor number in that
    // process and flags; it returns a new descriptor of ours or -1.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_getfd, pidfd.as_raw_fd(), 3, 0) };
    assert!(fd >= 0, "pidfd_getfd: {}", std::io::Error::last_os_error());
    // SAFETY: a new descriptor, owned by nobody else.
    unsafe { OwnedFd::from_raw_fd(fd as i32) }
}

/// The system call `pid` is blocked in (`/proc/PID/syscall`'s number).
fn blocked_in(pid: u32) -> Option<i64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/syscall")).ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Waits until `pid` is blocked in system call `nr`; true if it is within
/// `limit`.
fn wait_blocked_in(pid: u32, nr: i64, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if blocked_in(pid) == Some(nr) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn echo_once(port: u16) -> Vec<u8> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(12)))
        .expect("timeout");
    s.write_all(b"hello\n").expect("write");
    let mut got = vec![0u8; 6];
    s.read_exact(&mut got).expect("the echo");
    s.shutdown(Shutdown::Write).expect("shutdown");
    got
}

/// Connects, waits for "listening socket readable", takes the connection
/// away through a stolen descriptor of the listening socket. Returns the
/// server and its port.
fn empty_the_queue_during_the_sleep(twin: Twin, nonb: bool) -> (Server, u16) {
    let flags: &[&str] = if nonb { &["--nonb"] } else { &[] };
    let (mut srv, port) = start_on_free_port(
        twin.bin("ch16_tcpservselect03"),
        TCP,
        |p| {
            flags
                .iter()
                .map(|s| s.to_string())
                .chain([p.to_string()])
                .collect()
        },
        "listening on",
    );
    let client = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    srv.wait_for_line("listening socket readable", Duration::from_secs(5));
    let listener = TcpListener::from(steal_listener(srv.pid()));
    let (taken, _) = listener.accept().expect("take the queued connection");
    drop((taken, client, listener));
    (srv, port)
}

fn accept_blocks_without_the_fix(twin: Twin) {
    let (mut srv, port) = empty_the_queue_during_the_sleep(twin, false);
    // after its sleep(5), the server calls accept on an empty queue: it
    // blocks there, serving nobody
    assert!(
        wait_blocked_in(srv.pid(), libc::SYS_accept, Duration::from_secs(8)),
        "{twin:?}: the server should be blocked in accept (syscall {:?})",
        blocked_in(srv.pid())
    );
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(blocked_in(srv.pid()), Some(libc::SYS_accept), "{twin:?}");
    // only a new connection gets it out: accept returns that one
    let echo = std::thread::spawn(move || echo_once(port));
    assert_eq!(echo.join().expect("client"), b"hello\n", "{twin:?}");
    srv.wait_for_line("new client", Duration::from_secs(2));
    let out = srv.stop();
    assert_eq!(out.stderr, "", "{twin:?}: no accept error without --nonb");
}

fn accept_does_not_block_with_the_fix(twin: Twin) {
    let (mut srv, port) = empty_the_queue_during_the_sleep(twin, true);
    // after its sleep(5): accept fails with EWOULDBLOCK, ignored, and the
    // server is back in select
    assert!(
        wait_blocked_in(srv.pid(), libc::SYS_pselect6, Duration::from_secs(8)),
        "{twin:?}: the server should be back in select (syscall {:?})",
        blocked_in(srv.pid())
    );
    let echo = std::thread::spawn(move || echo_once(port));
    assert_eq!(echo.join().expect("client"), b"hello\n", "{twin:?}");
    let out = srv.stop();
    // The ignored EWOULDBLOCK prints one perror line. (Were a stray
    // connection of another test on this port queued meanwhile, accept
    // would take that one instead and print nothing: what matters is that
    // the server never blocked, checked above.)
    assert!(
        out.stderr.is_empty()
            || (out
                .stderr
                .starts_with("accept: Resource temporarily unavailable")
                && out.stderr.lines().count() == 1),
        "{twin:?}: the ignored EWOULDBLOCK, one perror line: {:?}\nstdout: {}",
        out.stderr,
        out.stdout
    );
}

#[test]
fn accept_blocks_when_the_connection_is_gone_rust() {
    accept_blocks_without_the_fix(Twin::Rust);
}

#[test]
fn accept_blocks_when_the_connection_is_gone_c() {
    accept_blocks_without_the_fix(Twin::C);
}

#[test]
fn nonblocking_listener_does_not_block_rust() {
    accept_does_not_block_with_the_fix(Twin::Rust);
}

#[test]
fn nonblocking_listener_does_not_block_c() {
    accept_does_not_block_with_the_fix(Twin::C);
}

/// The book's RST (ch16_tcpcli03) on Linux: the reset connection stays
/// queued; accept returns it and the first read fails with ECONNRESET —
/// one line on stderr, the server goes on.
#[test]
fn rst_before_accept_on_linux_is_accepted_then_reset() {
    let threads: Vec<_> = Twin::BOTH
        .into_iter()
        .map(|twin| {
            std::thread::spawn(move || {
                let (mut srv, port) = start_twin(twin, "ch16_tcpservselect03", TCP, "listening on");
                let out = run(
                    example("ch16_tcpcli03"),
                    &["127.0.0.1", &port.to_string()],
                    "",
                );
                out.assert_success();
                srv.wait_for_line("new client", Duration::from_secs(8));
                assert!(
                    wait_blocked_in(srv.pid(), libc::SYS_pselect6, Duration::from_secs(3)),
                    "{twin:?}: back in select"
                );
                let out = srv.stop();
                assert!(
                    out.stderr.contains("read: Connection reset by peer")
                        && out.stderr.ends_with("dropped\n"),
                    "{twin:?}: {:?}",
                    out.stderr
                );
            })
        })
        .collect();
    for t in threads {
        t.join().expect("twin");
    }
}

// ---------------------------------------------------------------------
// §16.5: the web client
// ---------------------------------------------------------------------

/// A directory with an index page and 20 files of 1 byte to ~200 KB.
fn web_root() -> (tempfile::TempDir, Vec<(String, Vec<u8>)>) {
    let dir = temp_dir();
    std::fs::write(dir.path().join("index.html"), "<html>home</html>\n").expect("index");
    let data = ten_megabytes();
    let mut files = Vec::new();
    for i in 0..20 {
        let len = 1 + i * i * 500;
        let name = format!("f{i:02}.bin");
        let body = data[i * 1000..i * 1000 + len].to_vec();
        std::fs::write(dir.path().join(&name), &body).expect("file");
        files.push((format!("/{name}"), body));
    }
    (dir, files)
}

#[test]
fn web_fetches_20_files_exactly_with_1_3_and_10_connections() {
    let (root, files) = web_root();
    for (web, httpd) in TWIN_PAIRS {
        let (_srv, port) = start_on_free_port(
            httpd.bin("ch16_httpd"),
            TCP,
            |p| vec![common::path_str(root.path()).to_string(), p.to_string()],
            "listening on",
        );
        for conns in [1, 3, 10] {
            let out_dir = temp_dir();
            let port_s = port.to_string();
            let conns_s = conns.to_string();
            let mut args = vec![
                "-p",
                &port_s,
                "-o",
                common::path_str(out_dir.path()),
                &conns_s,
                "127.0.0.1",
                "/",
            ];
            args.extend(files.iter().map(|(n, _)| n.as_str()));
            let out = run(web.bin("ch16_web"), &args, "");
            out.assert_success();
            let what = format!("{web:?} web, {httpd:?} httpd, {conns} connections");
            assert!(out.stdout.starts_with("nfiles = 20\n"), "{what}");
            assert!(
                out.stdout.contains("read 18 bytes of home page\n")
                    || out.stdout.contains("bytes of home page"),
                "{what}"
            );
            // never more connections in flight than asked, and that many
            let mut open: i32 = 0;
            let mut most = 0;
            for line in out.stdout.lines() {
                if line.starts_with("start_connect for ") {
                    open += 1;
                    most = most.max(open);
                } else if line.starts_with("end-of-file on /") {
                    open -= 1;
                }
            }
            assert_eq!(most, conns, "{what}: connections at once");
            assert_eq!(open, 0, "{what}: every file ended");
            for (name, body) in &files {
                let saved = std::fs::read(out_dir.path().join(name.replace('/', "_")))
                    .unwrap_or_else(|e| panic!("{what}: {name}: {e}"));
                let mut want = b"HTTP/1.0 200 OK\r\n\r\n".to_vec();
                want.extend_from_slice(body);
                assert!(saved == want, "{what}: {name} differs");
            }
        }
    }
}

#[test]
fn httpd_answers_404_and_refuses_dotdot() {
    let (root, _files) = web_root();
    for twin in Twin::BOTH {
        let (_srv, port) = start_on_free_port(
            twin.bin("ch16_httpd"),
            TCP,
            |p| vec![common::path_str(root.path()).to_string(), p.to_string()],
            "listening on",
        );
        for req in [
            "GET /nosuch HTTP/1.0\r\n\r\n",
            "GET /../etc/passwd HTTP/1.0\r\n\r\n",
            "POST / HTTP/1.0\r\n\r\n",
        ] {
            let reply = exchange(port, req.as_bytes());
            assert!(
                reply.starts_with(b"HTTP/1.0 404 Not Found\r\n"),
                "{twin:?} {req:?}: {:?}",
                String::from_utf8_lossy(&reply)
            );
        }
        let reply = exchange(port, b"GET / HTTP/1.0\r\nHost: x\r\n\r\n");
        assert_eq!(
            reply, b"HTTP/1.0 200 OK\r\n\r\n<html>home</html>\n",
            "{twin:?}"
        );
    }
}

// ---------------------------------------------------------------------
// Parity with fcntl and kill (not in the standard parity list)
// ---------------------------------------------------------------------

/// The parity check of tests/fidelity_strace.rs, with `extra` calls in
/// strace's filter as well.
fn parity_with(sc: &Scenario, extra: &[&str]) {
    if !strace_available() {
        return;
    }
    let traces = |world: Twin| {
        let run = scenarios::run(sc, world, Purpose::Parity, &[], extra);
        let (mut norm, sides) = run.traced();
        let mut out = Vec::new();
        for (_, procs) in sides {
            for (k, p) in procs.into_iter().enumerate() {
                let mut lines: Vec<String> = p
                    .lines
                    .iter()
                    // the dynamic loader's and the runtime's opens (all
                    // O_CLOEXEC) differ by language; the programs' do not
                    .filter(|l| !(l.starts_with("openat(") && l.contains("O_CLOEXEC")))
                    .filter_map(|l| norm.line(l))
                    .map(|l| (sc.scrub)(&fidelity::hide_time_left(&l)))
                    .collect();
                if k == 0 && world == Twin::Rust {
                    fidelity::drop_rust_runtime(&mut lines);
                }
                out.push((p.label, lines));
            }
        }
        (out, run.outputs)
    };
    let (mut c, c_out) = traces(Twin::C);
    let (rust, rust_out) = traces(Twin::Rust);
    for (label, lines) in c.iter_mut().filter(|(l, _)| !l.contains('.')) {
        if let Some((_, rust_lines)) = rust.iter().find(|(l, _)| l == label) {
            fidelity::match_sigpipe_convention(lines, rust_lines);
        }
    }
    let all_c: Vec<&String> = c.iter().flat_map(|(_, l)| l).collect();
    for want in sc.expect {
        assert!(
            all_c.iter().any(|l| l.as_str() == *want),
            "{}: the C trace has no line {want:?}: {all_c:#?}",
            sc.name
        );
    }
    if let Err(report) = fidelity::compare("C (docs/c)", &c, "Rust (examples)", &rust) {
        panic!(
            "{}: different system calls\n{report}\nC:\n{c_out}\nRust:\n{rust_out}",
            sc.name
        );
    }
}

fn scenario(name: &str) -> &'static Scenario {
    scenarios::SCENARIOS
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no scenario {name}"))
}

#[test]
fn parity_with_fcntl_strclinonb() {
    parity_with(scenario("ch16_strclinonb"), &["fcntl"]);
}

#[test]
fn parity_with_fcntl_and_kill_strclifork() {
    parity_with(scenario("ch16_strclifork"), &["fcntl", "kill"]);
}

#[test]
fn parity_with_fcntl_connect_nonb() {
    parity_with(scenario("ch16_connect_nonb"), &["fcntl"]);
}

/// The fix (`--nonb`): `fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK)` on the
/// listening socket; the RST'd connection then the chapter 5 client.
#[test]
fn parity_with_fcntl_nonblocking_listener() {
    static SC: Scenario = Scenario {
        name: "ch16_accept_nonb",
        socktype: TCP,
        server: Some(server(
            "ch16_tcpservselect03",
            &["--nonb", "{port}"],
            LISTENING,
        )),
        clients: &[
            client("ch16_tcpcli03", &["127.0.0.1", "{port}"], ""),
            client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "hello\n"),
        ],
        trace_server: true,
        trace_clients: false,
        expect: &[
            "fcntl(3, F_GETFL) = 0x... (flags O_RDWR)",
            "fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0",
        ],
        env: &[],
        scrub: nothing,
    };
    parity_with(&SC, &["fcntl"]);
}

/// The web client's server side with its `openat` of each file.
#[test]
fn parity_with_openat_httpd() {
    parity_with(scenario("ch16_web"), &["openat"]);
}

/// Trace mode names a pending `SO_ERROR` as strace does:
/// `getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0`.
#[test]
fn trace_mode_prints_so_error_by_name_as_strace_does() {
    if !strace_available() {
        return;
    }
    let (_refuser, port) = refusing_port();
    let dir = temp_dir();
    let file = dir.path().join("trace");
    let out = run_env(
        "strace",
        &[
            "-qq",
            "-e",
            "trace=getsockopt",
            "-o",
            path_str(&file),
            path_str(&example("ch16_daytimetcpcli")),
            "127.0.0.1",
            &port,
        ],
        "",
        &[("SOCKLAB_TRACE", "1")],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let strace = std::fs::read_to_string(&file).expect("trace");
    let squeeze = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    let want: Vec<String> = strace
        .lines()
        .filter(|l| l.starts_with("getsockopt("))
        .map(squeeze)
        .collect();
    let got: Vec<String> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("getsockopt("))
        .map(squeeze)
        .collect();
    assert_eq!(
        want,
        ["getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0"]
    );
    assert_eq!(got, want);
}
