//! `socklab sock`, Stevens' Appendix C.3 test tool, on loopback: each
//! option used by a real client and server pair and its effect checked —
//! the bytes that arrive, the counts and sizes of the reads, the time the
//! pauses take, the options in the `-v` trace and what they change
//! (`-L 0`: the peer's read sees a reset), half-close both ways, UDP.
//! Every run is bounded in time; servers that outlive a test are killed.
#![cfg(feature = "cli")]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use common::{Output, run};

fn socklab() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_socklab"))
}

/// A `socklab sock -s …` server: its port, its stdin (held open unless
/// given text), its output once it ended.
struct SockServer {
    child: Option<Child>,
    port: String,
    stderr: mpsc::Receiver<String>,
    /// What it wrote on standard output so far.
    stdout: Arc<Mutex<String>>,
    /// Its standard error lines read so far.
    seen: Vec<String>,
}

impl SockServer {
    /// Starts `socklab sock ARGS… 0` (port 0: the kernel picks) and waits
    /// for its `listening on`/`bound to` line. `input`: its standard
    /// input, then end of file; `None`: held open until the server ends.
    fn start(args: &[&str], input: Option<&str>) -> SockServer {
        let mut child = Command::new(socklab())
            .arg("sock")
            .args(args)
            .arg("0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn socklab sock");
        let mut stdin = child.stdin.take().expect("stdin");
        match input {
            Some(text) => {
                let text = text.to_string();
                std::thread::spawn(move || {
                    let _ = stdin.write_all(text.as_bytes());
                });
            }
            // kept in a thread that holds it until the server is gone
            None => {
                std::thread::spawn(move || {
                    std::thread::sleep(common::RUN_TIMEOUT);
                    drop(stdin);
                });
            }
        }
        let (tx, rx) = mpsc::channel();
        let err = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut out = child.stdout.take().expect("stdout");
        let stdout = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stdout);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut s) = sink.lock() {
                    s.push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            }
        });
        let mut server = SockServer {
            child: Some(child),
            port: String::new(),
            stderr: rx,
            stdout,
            seen: Vec::new(),
        };
        let ready = server.line_with(&["listening on", "bound to"]);
        server.port = ready.rsplit(':').next().unwrap_or("").to_string();
        assert!(server.port.parse::<u16>().is_ok(), "no port in {ready:?}");
        server
    }

    /// The next stderr line that contains one of `needles` (others skipped).
    fn line_with(&mut self, needles: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stderr.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if needles.iter().any(|n| line.contains(n)) {
                        return line;
                    }
                }
                Err(_) => panic!("socklab sock never printed {needles:?}"),
            }
        }
    }

    /// Its standard output so far.
    fn output(&self) -> String {
        self.stdout.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Waits for the server to end (killing it at the deadline): its exit
    /// code, standard output and the rest of its standard error.
    fn finish(mut self) -> (Option<i32>, String, String) {
        let mut child = self.child.take().expect("child");
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(st) = child.try_wait().expect("try_wait") {
                break st.code();
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("socklab sock server did not end");
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        // the reader threads see the pipes' ends a moment after the exit
        std::thread::sleep(Duration::from_millis(50));
        let out = self.stdout.lock().map(|s| s.clone()).unwrap_or_default();
        let mut err = std::mem::take(&mut self.seen);
        err.extend(self.stderr.try_iter());
        (status, out, err.join("\n"))
    }
}

impl Drop for SockServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `socklab sock ARGS…` as a client, with `stdin`.
fn client(args: &[&str], stdin: &str) -> Output {
    let mut argv = vec!["sock"];
    argv.extend_from_slice(args);
    run(socklab(), &argv, stdin)
}

#[test]
fn copies_stdin_to_the_peer_and_ends_when_the_client_closes() {
    let srv = SockServer::start(&["-s"], None);
    let out = client(&["127.0.0.1", &srv.port], "hello\nworld\n");
    out.assert_success();
    assert!(
        out.stderr.contains("sock: connected to 127.0.0.1:"),
        "{}",
        out.stderr
    );
    let (code, stdout, stderr) = srv.finish();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, "hello\nworld\n");
    assert!(
        stderr.contains("the peer closed the connection"),
        "{stderr}"
    );
}

#[test]
fn half_close_both_ways_each_side_reads_to_the_other_end() {
    // the server answers from its stdin, then half-closes too
    let srv = SockServer::start(&["-s", "-h"], Some("answer\n"));
    let out = client(&["-v", "-h", "127.0.0.1", &srv.port], "question\n");
    out.assert_success();
    assert_eq!(out.stdout, "answer\n", "the client read after its shutdown");
    assert!(
        out.stderr.contains("shutdown(3, SHUT_WR) = 0"),
        "{}",
        out.stderr
    );
    let (code, stdout, stderr) = srv.finish();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, "question\n");
}

#[test]
fn source_and_sink_count_sizes_and_reads() {
    let srv = SockServer::start(&["-s", "-i", "-v", "-r", "100"], None);
    let out = client(&["-i", "-n", "5", "-w", "1000", "127.0.0.1", &srv.port], "");
    out.assert_success();
    let (code, _, stderr) = srv.finish();
    assert_eq!(code, Some(0), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.starts_with("sock: received"))
        .unwrap_or_else(|| panic!("no count: {stderr}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    // sock: received 5000 bytes in N reads
    assert_eq!(words[2], "5000", "{line}");
    let reads: usize = words[5].parse().expect("a read count");
    assert!(reads >= 50, "reads of at most 100 bytes: {line}");
    // every read asked for 100 bytes (-r), as the trace shows
    let sized = stderr
        .lines()
        .filter(|l| l.starts_with("read(4, ") && l.contains(", 100) = "))
        .count();
    assert_eq!(sized, reads + 1, "{stderr}");
}

#[test]
fn pause_before_each_write() {
    let srv = SockServer::start(&["-s", "-i"], None);
    let start = Instant::now();
    let out = client(
        &[
            "-i",
            "-n",
            "3",
            "-w",
            "10",
            "-p",
            "0.2",
            "127.0.0.1",
            &srv.port,
        ],
        "",
    );
    let took = start.elapsed();
    out.assert_success();
    assert!(
        took >= Duration::from_millis(580),
        "three pauses of 0.2 s took {took:?}"
    );
    let (code, _, stderr) = srv.finish();
    assert_eq!(code, Some(0));
    assert!(stderr.contains("received 30 bytes"), "{stderr}");
}

#[test]
fn options_are_set_before_connect_and_linger_zero_resets() {
    let srv = SockServer::start(&["-s", "-i", "-A", "-R", "4096"], None);
    let out = client(
        &[
            "-v",
            "-i",
            "-n",
            "4",
            "-w",
            "100",
            "-R",
            "8192",
            "-S",
            "16384",
            "-L",
            "0",
            "-N",
            "-K",
            "127.0.0.1",
            &srv.port,
        ],
        "",
    );
    out.assert_success();
    let e = &out.stderr;
    let lines: Vec<&str> = e.lines().collect();
    let at = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle:?} in:\n{e}"))
    };
    let connect = at("connect(3, ");
    for opt in [
        "setsockopt(3, SOL_SOCKET, SO_RCVBUF, [8192], 4) = 0",
        "setsockopt(3, SOL_SOCKET, SO_SNDBUF, [16384], 4) = 0",
        "setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0",
        "setsockopt(3, SOL_TCP, TCP_NODELAY, [1], 4) = 0",
        "setsockopt(3, SOL_SOCKET, SO_KEEPALIVE, [1], 4) = 0",
    ] {
        assert!(at(opt) < connect, "{opt} comes before connect:\n{e}");
    }
    // SO_LINGER with 0 seconds: close sends a reset, and the server's
    // read reports it instead of an end of file
    let (code, _, stderr) = srv.finish();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("read: Connection reset by peer (ECONNRESET)"),
        "{stderr}"
    );
}

#[test]
fn reuseaddr_and_buffer_options_on_the_server() {
    let srv = SockServer::start(&["-s", "-v", "-A", "-R", "4096", "-i"], None);
    let out = client(&["-i", "-n", "1", "-w", "10", "127.0.0.1", &srv.port], "");
    out.assert_success();
    let (code, _, stderr) = srv.finish();
    assert_eq!(code, Some(0), "{stderr}");
    let bind = stderr.find("bind(3, ").expect("bind in the trace");
    let reuse = stderr
        .find("setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0")
        .expect("SO_REUSEADDR");
    let rcvbuf = stderr
        .find("setsockopt(3, SOL_SOCKET, SO_RCVBUF, [4096], 4) = 0")
        .expect("SO_RCVBUF");
    assert!(reuse < bind && rcvbuf < bind, "{stderr}");
}

#[test]
fn udp_source_sink_and_copy() {
    let srv = SockServer::start(&["-u", "-s", "-i", "-n", "3"], None);
    let out = client(
        &["-u", "-i", "-n", "3", "-w", "100", "127.0.0.1", &srv.port],
        "",
    );
    out.assert_success();
    let (code, _, stderr) = srv.finish();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("received 300 bytes in 3 datagrams"),
        "{stderr}"
    );

    // copy: the client's line arrives as one datagram
    let srv = SockServer::start(&["-u", "-s"], None);
    let out = client(&["-u", "-v", "127.0.0.1", &srv.port], "ping\n");
    out.assert_success();
    assert!(
        out.stderr
            .contains("socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("write(3, \"ping\\n\", 5) = 5"),
        "{}",
        out.stderr
    );
    // the server keeps running (UDP has no end): its output, then stop it
    let deadline = Instant::now() + Duration::from_secs(5);
    while !srv.output().contains("ping\n") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(srv.output(), "ping\n");
}

#[test]
fn bad_input_and_refused_connect_are_one_line() {
    client(&["-u", "-h", "127.0.0.1", "9"], "").assert_one_line_error("-h (half-close) is for TCP");
    client(&["9877"], "").assert_one_line_error("a client needs HOST PORT");
    client(&["127.0.0.1", "99999"], "").assert_one_line_error("not a port number");
    client(&["-p", "-1", "127.0.0.1", "9"], "").assert_one_line_error("a pause is 0 to 3600");
    let (_held, port) = common::refusing_port();
    client(&["127.0.0.1", &port], "")
        .assert_one_line_error("connect: Connection refused (ECONNREFUSED)");
}

#[test]
fn backlog_experiment_table() {
    let out = run(
        socklab(),
        &["backlog", "--max", "3", "--wait-ms", "100"],
        "",
    );
    out.assert_success();
    let rows: Vec<(i32, usize)> = out
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("backlog"))
        .skip(1)
        .map(|l| {
            let mut w = l
                .split_whitespace()
                .map(|x| x.parse::<usize>().expect("a number"));
            (w.next().expect("backlog") as i32, w.next().expect("count"))
        })
        .collect();
    assert_eq!(
        rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        vec![0, 1, 2, 3],
        "{}",
        out.stdout
    );
    // Linux completes backlog + 1 connections before any accept
    for (backlog, done) in rows {
        assert_eq!(
            done,
            backlog as usize + 1,
            "backlog {backlog}:\n{}",
            out.stdout
        );
    }
    // bad input: one line, from clap
    let bad = run(socklab(), &["backlog", "--max", "100"], "");
    assert!(!bad.status.success());
    assert!(bad.stderr.contains("--max"), "{}", bad.stderr);
}
