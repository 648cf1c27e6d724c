//! Every example, whatever happens to its standard streams: run with its
//! standard output closed early (a pipe whose reader leaves after one byte,
//! as `| head -c1` does), with an empty standard input, and interrupted
//! (SIGINT to its process group, as Ctrl-C sends) while it waits, each
//! program must
//!
//! - end within a bounded time (a server, which never ends by itself, is
//!   sent one client — a TCP connection, a datagram or an AF_UNIX one on
//!   what it listens on — so that it prints what it prints for a client,
//!   then stopped after a while, or by the SIGINT);
//! - never panic (no "panicked", no exit status 101);
//! - print at most one line on stderr, in the perror style (`call: text`,
//!   with the errno's name for a failed call: `write: Broken pipe (EPIPE)`,
//!   never Rust's `Broken pipe (os error 32)`);
//! - or die as its C twin would where that is the lesson: of SIGPIPE in
//!   `ch05_tsigpipe`, of SIGINT when interrupted.
//!
//! Clients talk to small servers run by this test (an echo, a daytime, a
//! UDP echo, AF_UNIX echoes), so that they get as far as printing what a
//! server sent. A new example must be added to `SPECS`: the test fails on
//! an example it does not know. `EVERY_EXAMPLE_SHOW=1 cargo test --test
//! every_example -- --nocapture` prints how each run ended.
mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, UdpSocket};
use std::os::unix::net::{UnixDatagram, UnixListener};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How an example behaves when nothing goes wrong.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// Ends by itself (a client, a demonstration).
    Ends,
    /// Serves until it is killed; stopped after [`SERVE_FOR`].
    Serves,
}
use Kind::{Ends, Serves};

/// One example: its arguments (`{echo}`, `{day}`, `{day6}`, `{udp}`: the
/// ports of this test's servers; `{ustream}`, `{udgram}`: their AF_UNIX
/// paths; `{path}`: a fresh path for a server to create), and what it does.
struct Spec {
    name: &'static str,
    args: &'static [&'static str],
    kind: Kind,
    /// Lines on stderr that are the program's lesson, not an error (their
    /// beginnings): not counted.
    notes: &'static [&'static str],
    /// Dies of SIGPIPE where that is the lesson (ch05_tsigpipe).
    sigpipe_is_the_lesson: bool,
    /// [chapter 16] Dies of SIGTERM where that is the design
    /// (ch16_strclifork: the child ends the parent with kill).
    sigterm_is_the_lesson: bool,
}

const fn spec(name: &'static str, args: &'static [&'static str], kind: Kind) -> Spec {
    Spec {
        name,
        args,
        kind,
        notes: &[],
        sigpipe_is_the_lesson: false,
        sigterm_is_the_lesson: false,
    }
}

const ECHO: &[&str] = &["127.0.0.1", "{echo}"];
const UDP: &[&str] = &["127.0.0.1", "{udp}"];
const PORT0: &[&str] = &["0"];

/// Every example, with the arguments that make it do its work here.
const SPECS: &[Spec] = &[
    Spec {
        notes: &["note: "],
        ..spec("bench_table", &["100", "2"], Ends)
    },
    spec("ch01_byteorder", &[], Ends),
    spec("ch01_daytimetcpcli", &["127.0.0.1", "{day}"], Ends),
    spec("ch01_daytimetcpcli1", &["127.0.0.1", "{day}"], Ends),
    spec("ch01_daytimetcpcliv6", &["::1", "{day6}"], Ends),
    spec("ch01_daytimetcpsrv", PORT0, Serves),
    spec("ch01_daytimetcpsrv1", PORT0, Serves),
    spec("ch01_daytimetcpsrv2", PORT0, Serves),
    spec("ch03_inet_pton", &[], Ends),
    spec("ch04_getsockname", ECHO, Ends),
    spec("ch05_tcpcli01", ECHO, Ends),
    spec("ch05_tcpcli04", ECHO, Ends),
    spec("ch05_tcpcli08", ECHO, Ends),
    spec("ch05_tcpcli09", ECHO, Ends),
    spec("ch05_tcpserv01", PORT0, Serves),
    spec("ch05_tcpserv02", PORT0, Serves),
    spec("ch05_tcpserv03", PORT0, Serves),
    spec("ch05_tcpserv04", PORT0, Serves),
    spec("ch05_tcpserv08", PORT0, Serves),
    spec("ch05_tcpserv09", PORT0, Serves),
    Spec {
        sigpipe_is_the_lesson: true,
        ..spec("ch05_tsigpipe", &[], Ends)
    },
    spec("ch06_strcliselect01", ECHO, Ends),
    spec("ch06_strcliselect02", ECHO, Ends),
    spec("ch06_tcpservpoll01", PORT0, Serves),
    spec("ch06_tcpservselect01", PORT0, Serves),
    spec("ch07_checkopts", &[], Ends),
    spec("ch07_linger", &[], Ends),
    spec("ch07_rcvbuf", &[], Ends),
    spec("ch07_reuseaddr", &[], Ends),
    spec("ch08_dgcliaddr", UDP, Ends),
    spec("ch08_dgcliconnect", UDP, Ends),
    spec("ch08_dgcliloop", UDP, Ends),
    spec("ch08_dgecholoop", PORT0, Serves),
    // ---- ch11 (issue 11) ----
    spec("ch11_hostent", &["localhost"], Ends),
    spec("ch11_daytimetcpcli1", &["localhost", "{day}"], Ends),
    spec("ch11_daytimetcpcli", &["127.0.0.1", "{day}"], Ends),
    spec("ch11_daytimetcpsrv1", PORT0, Serves),
    spec("ch11_daytimetcpsrv2", &["::", "0"], Serves),
    spec("ch11_daytimetcpsrv4", &["::", "0"], Serves),
    spec("ch11_daytimeudpcli1", UDP, Ends),
    spec("ch11_daytimeudpsrv2", PORT0, Serves),
    // ---- end ch11 ----
    spec("ch08_udpcli01", UDP, Ends),
    spec("ch08_udpcli09", &[], Ends),
    spec("ch08_udpserv01", PORT0, Serves),
    spec("ch08_udpservselect01", PORT0, Serves),
    // [ch30 block]: the client asks the echo server for 1 byte ("1\n")
    spec("ch30_client", &["127.0.0.1", "{echo}", "1", "1", "1"], Ends),
    spec("ch30_serv00", PORT0, Serves),
    spec("ch30_serv01", PORT0, Serves),
    spec("ch30_serv02", &["-m", "0", "2"], Serves),
    spec("ch30_serv03", &["0", "2"], Serves),
    spec("ch30_serv04", &["0", "2"], Serves),
    spec("ch30_serv05", &["0", "2"], Serves),
    spec("ch30_serv06", PORT0, Serves),
    spec("ch30_serv07", &["0", "2"], Serves),
    spec("ch30_serv08", &["0", "2"], Serves),
    spec("ch30_serv09", &["0", "2"], Serves),
    spec("ch30_serv10", PORT0, Serves),
    // [ch13 block]
    // The daemon is given too many arguments: it refuses them before it
    // detaches. Run properly it would leave this test for a session of its
    // own and log to the machine's /dev/log; tests/unp_ch13.rs runs it in
    // a mount namespace with a /dev/log of its own.
    spec("ch13_daytimetcpsrv2", &["127.0.0.1", "0", "extra"], Ends),
    // started from a test, descriptor 0 is no socket: one line, status 1
    spec("ch13_daytimetcpsrv3", &[], Ends),
    spec("ch13_inetd", &["0 stream tcp nowait /bin/cat cat"], Serves),
    spec("ch13_syslogd", &["{path}"], Serves),
    // (issue 11, with chapter 13) chapter 14's scatter/gather I/O, and
    // chapter 11's static-hostent trap
    spec("ch14_iovec", &[], Ends),
    spec("ch11_hostent2", &["localhost", "127.0.0.1"], Ends),
    // [ch14 block]
    spec("ch14_daytimetcpcli", &["127.0.0.1", "{day}"], Ends),
    spec("ch14_dgclitimeo1", UDP, Ends),
    spec("ch14_dgclitimeo2", UDP, Ends),
    spec("ch14_dgclitimeo3", UDP, Ends),
    spec("ch14_tcpcli01", ECHO, Ends),
    spec("ch14_tcpserv02", PORT0, Serves),
    spec("ch14_str_cli_epoll", ECHO, Ends),
    // [ch20 block] broadcast clients, here to the UDP echo on loopback
    spec("ch20_dgclibcast1", UDP, Ends),
    spec("ch20_dgclibcast3", UDP, Ends),
    spec("ch20_dgclibcast4", UDP, Ends),
    spec("ch20_dgclibcast6", UDP, Ends),
    // [ch21 block] the all-hosts client to the UDP echo on loopback; the
    // multicast sender/receiver with a unicast "group", so that nothing
    // leaves the machine from its own namespace: the join fails at once
    // (tests/unp_ch21.rs runs it in the lab)
    spec("ch21_udpcli01", UDP, Ends),
    spec("ch21_sendrecv", &["127.0.0.1", "0"], Ends),
    // [ch22 block]
    spec("ch22_dgechoaddr", PORT0, Serves),
    spec("ch22_udpcli01", UDP, Ends),
    // binds every address of this machine's interfaces (port 0: each its
    // own ephemeral port); tests/unp_ch22.rs runs it on the lab's router
    // seven processes, one standard output: like its C twin it dies of
    // SIGPIPE when that is gone (each one printing an error would make
    // several lines)
    Spec {
        sigpipe_is_the_lesson: true,
        ..spec("ch22_udpserv03", PORT0, Serves)
    },
    // [ch15 block] AF_UNIX paths in the test's directory, never /tmp/unix.*
    spec("ch15_unixbind", &["{path}"], Ends),
    spec("ch15_unixstrserv01", &["{path}"], Serves),
    spec("ch15_unixstrserv02", &["{path}"], Serves),
    spec("ch15_unixstrcli01", &["{ustream}"], Ends),
    spec("ch15_unixdgserv01", &["{path}"], Serves),
    spec("ch15_unixdgcli01", &["{udgram}"], Ends),
    spec("ch15_mycat", &["/etc/passwd"], Ends),
    // run by ch15_mycat with its socket's number; alone, it has none to
    // use: one line, exit 1 (its exit status is otherwise an errno)
    spec("ch15_openfile", &["1", "/etc/passwd", "0"], Ends),
    // [end ch15 block]
    // [chapter 16 block]
    spec("ch16_strclinonb", ECHO, Ends),
    Spec {
        sigterm_is_the_lesson: true,
        ..spec("ch16_strclifork", ECHO, Ends)
    },
    spec("ch16_daytimetcpcli", &["127.0.0.1", "{day}"], Ends),
    spec("ch16_tcpcli03", ECHO, Ends),
    spec("ch16_tcpservselect03", PORT0, Serves),
    spec("ch16_httpd", &[".", "0"], Serves),
    spec(
        "ch16_web",
        &["-p", "{http}", "2", "127.0.0.1", "/", "/a", "/b", "/c"],
        Ends,
    ),
    // [chapter 17 block] read-only: the interface list, the ARP cache
    spec("ch17_prifinfo", &["inet4", "1"], Ends),
    spec("ch17_prmac", &[], Ends),
    // [ch24 block] out-of-band data (senders against the echo peer)
    spec("ch24_tcpsend01", ECHO, Ends),
    spec("ch24_tcprecv01", PORT0, Serves),
    spec("ch24_tcprecv02", PORT0, Serves),
    spec("ch24_tcprecv03", PORT0, Serves),
    spec("ch24_tcpsend04", ECHO, Ends),
    spec("ch24_tcprecv04", PORT0, Serves),
    spec("ch24_tcpsend05", ECHO, Ends),
    spec("ch24_tcprecv05", PORT0, Serves),
    spec("ch24_tcpsend06", ECHO, Ends),
    spec("ch24_tcprecv06", PORT0, Serves),
    spec("ch24_heartbeatcli", ECHO, Ends),
    spec("ch24_heartbeatserv", PORT0, Serves),
    spec("ch25_udpserv01", PORT0, Serves),
    // [ch26 block] threads
    spec("ch26_tcpserv01", PORT0, Serves),
    spec("ch26_tcpserv02", PORT0, Serves),
    spec("ch26_tcpcli01", ECHO, Ends),
    spec("ch26_example01", &[], Ends),
    spec("ch26_example02", &[], Ends),
    spec("ch26_readline", PORT0, Serves),
    // [ch26b] producer/consumer; the web client with a thread per file
    spec("ch26_example03", &[], Ends),
    spec(
        "ch26_web03",
        &["-p", "{http}", "2", "127.0.0.1", "/", "/a", "/b", "/c"],
        Ends,
    ),
    // [end ch24 block]
    // ---- chapter 23 (SCTP): on a kernel without SCTP each stops at its
    // socket call with one line (tests/unp_ch23.rs checks the line, and
    // runs the programs in a VM with SCTP) ----
    spec("ch23_sctpserv01", PORT0, Serves),
    spec("ch23_sctpclient01", ECHO, Ends),
    spec("ch23_sctpserv04", PORT0, Serves),
    spec("ch23_sctpserv05", PORT0, Serves),
    spec("ch23_sctpserv06", PORT0, Serves),
    spec("ch23_sctpclient03", ECHO, Ends),
    spec("ch23_sctpserv07", &["0", "127.0.0.1"], Serves),
    spec("ch23_sctpclient04", ECHO, Ends),
    spec("ch23_sctpserv_fork", PORT0, Serves),
    spec("ch23_sctp_modify_hb", ECHO, Ends),
    // ---- end chapter 23 ----
    spec("chat_client", ECHO, Ends),
    spec("chat_server", PORT0, Serves),
    spec("dgram_client", UDP, Ends),
    spec("dgram_server", PORT0, Serves),
    Spec {
        notes: &["dup2("],
        ..spec("fd_basics", &[], Ends)
    },
    spec("forking_server", PORT0, Serves),
    spec("hello_client", ECHO, Ends),
    spec("hello_server", PORT0, Serves),
    spec("hostname", &["localhost"], Ends),
    spec("message_client", ECHO, Ends),
    spec("message_server", PORT0, Serves),
    spec("socket_init", &[], Ends),
    spec("tcp_upper_client", ECHO, Ends),
    spec("tcp_upper_server", PORT0, Serves),
    Spec {
        notes: &["[pid "], // the tour's own trace lines
        ..spec("tour", &[], Ends)
    },
    spec("udp_upper_client", UDP, Ends),
    spec("udp_upper_server", PORT0, Serves),
    spec("unix_dgram_client", &["{udgram}"], Ends),
    spec("unix_dgram_server", &["{path}"], Serves),
    spec("unix_stream_client", &["{ustream}"], Ends),
    spec("unix_stream_server", &["{path}"], Serves),
];

/// How long a program that ends by itself may take (a loaded machine).
const ENDS_WITHIN: Duration = Duration::from_secs(20);
/// How long a server runs before the test stops it (scenarios a and b).
const SERVE_FOR: Duration = Duration::from_millis(1500);
/// How long a program may take to end after SIGINT.
const AFTER_SIGINT: Duration = Duration::from_secs(10);
/// How many programs run at once.
const WORKERS: usize = 6;

/// What the echo clients read: enough lines to print more than once.
fn client_input() -> String {
    "1 2\n".repeat(200)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scenario {
    /// (a) stdout: a pipe whose reader leaves after one byte.
    StdoutClosed,
    /// (b) stdin: empty (end of file at once).
    StdinEmpty,
    /// (c) SIGINT while it waits (at its prompt, in accept…).
    Sigint,
}

/// The servers the clients talk to, run by this test in threads.
struct Peers {
    echo: u16,
    day: u16,
    day6: Option<u16>,
    udp: u16,
    ustream: PathBuf,
    udgram: PathBuf,
    /// [chapter 16] HTTP/1.0: the request, then a short page and close.
    http: u16,
    dir: tempfile::TempDir,
}

impl Peers {
    fn start() -> Peers {
        let dir = common::temp_dir();

        // TCP echo: every connection in its own thread, bytes back as they come.
        let echo = TcpListener::bind("127.0.0.1:0").expect("bind echo");
        let echo_port = echo.local_addr().expect("echo addr").port();
        std::thread::spawn(move || {
            for conn in echo.incoming().flatten() {
                std::thread::spawn(move || echo_stream(conn));
            }
        });

        // Daytime, IPv4 and IPv6: one line, then close.
        let day = daytime(TcpListener::bind("127.0.0.1:0").expect("bind daytime"));
        let day6 = TcpListener::bind("[::1]:0").ok().map(daytime);

        // UDP echo.
        let udp = UdpSocket::bind("127.0.0.1:0").expect("bind udp echo");
        let udp_port = udp.local_addr().expect("udp addr").port();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok((n, from)) = udp.recv_from(&mut buf) {
                let _ = udp.send_to(&buf[..n], from);
            }
        });

        // AF_UNIX stream echo and datagram echo.
        let ustream = dir.path().join("stream.sock");
        let listener = UnixListener::bind(&ustream).expect("bind unix stream");
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                std::thread::spawn(move || echo_stream(conn));
            }
        });
        let udgram = dir.path().join("dgram.sock");
        let sock = UnixDatagram::bind(&udgram).expect("bind unix dgram");
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok((n, from)) = sock.recv_from(&mut buf) {
                if let Some(path) = from.as_pathname() {
                    let _ = sock.send_to(&buf[..n], path);
                }
            }
        });

        // [chapter 16] HTTP/1.0: read the request (to its empty line), answer, close.
        let http = TcpListener::bind("127.0.0.1:0").expect("bind http");
        let http_port = http.local_addr().expect("http addr").port();
        std::thread::spawn(move || {
            for mut conn in http.incoming().flatten() {
                std::thread::spawn(move || {
                    let mut req = Vec::new();
                    let mut buf = [0u8; 1024];
                    while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                        match conn.read(&mut buf) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => req.extend_from_slice(&buf[..n]),
                        }
                    }
                    let _ = conn.write_all(b"HTTP/1.0 200 OK\r\n\r\nhello\n");
                });
            }
        });

        Peers {
            echo: echo_port,
            http: http_port,
            day,
            day6,
            udp: udp_port,
            ustream,
            udgram,
            dir,
        }
    }

    /// The argument list of `spec`, placeholders filled in; `n` makes
    /// `{path}` unique.
    fn args(&self, spec: &Spec, n: usize) -> Vec<String> {
        let path = self.dir.path().join(format!("{}.{n}.sock", spec.name));
        spec.args
            .iter()
            .map(|a| match *a {
                "{echo}" => self.echo.to_string(),
                "{day}" => self.day.to_string(),
                // No IPv6 here: a port nobody listens on (the client fails
                // with one line, which this test accepts too).
                "{day6}" => self.day6.unwrap_or(1).to_string(),
                "{udp}" => self.udp.to_string(),
                "{http}" => self.http.to_string(),
                "{ustream}" => common::path_str(&self.ustream).to_string(),
                "{udgram}" => common::path_str(&self.udgram).to_string(),
                "{path}" => common::path_str(&path).to_string(),
                other => other.to_string(),
            })
            .collect()
    }
}

fn echo_stream<S: Read + Write>(mut conn: S) {
    let mut buf = [0u8; 4096];
    while let Ok(n) = conn.read(&mut buf) {
        if n == 0 || conn.write_all(&buf[..n]).is_err() {
            break;
        }
    }
}

fn daytime(listener: TcpListener) -> u16 {
    let port = listener.local_addr().expect("daytime addr").port();
    std::thread::spawn(move || {
        for mut conn in listener.incoming().flatten() {
            let _ = conn.write_all(b"Sun Dec  6 00:00:00 2026\r\n");
        }
    });
    port
}

/// What one run did.
struct Run {
    status: ExitStatus,
    stderr: String,
    /// Still running at its deadline (then killed).
    hung: bool,
    took: Duration,
}

/// Starts `spec` in its own process group (so SIGINT and the final kill
/// reach its forked children too) with TMPDIR in the test's directory.
fn spawn(spec: &Spec, args: &[String], peers: &Peers, stdin: Stdio) -> Child {
    Command::new(common::example(spec.name))
        .args(args)
        .env("TMPDIR", peers.dir.path())
        .env_remove("SOCKLAB_TRACE")
        .env_remove("RUST_BACKTRACE")
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("spawn {}: {e}", spec.name))
}

fn read_all_thread(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = r.read_to_end(&mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    })
}

/// Waits for `child` until `limit`; at the limit kills its group and
/// reports `hung`.
fn wait_until(child: &mut Child, limit: Duration) -> (ExitStatus, bool) {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return (status, false);
        }
        if Instant::now() >= deadline {
            signal_group(child.id(), "-KILL");
            return (child.wait().expect("wait"), true);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// `kill SIGNAL -- -PGID`: the signal to a whole process group (quietly:
/// the group may be gone already).
fn signal_group(pgid: u32, signal: &str) {
    let _ = Command::new("kill")
        .args([signal, "--", &format!("-{pgid}")])
        .stderr(Stdio::null())
        .status();
}

/// Is process `pid` asleep (blocked in a call), not running?
fn sleeping(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit_once(") ").map(|(_, rest)| rest.starts_with('S')))
        .unwrap_or(false)
}

fn run_one(spec: &Spec, scenario: Scenario, peers: &Peers, n: usize) -> Run {
    let args = peers.args(spec, n);
    let started = Instant::now();
    let stdin = match scenario {
        Scenario::StdinEmpty => Stdio::null(),
        _ => Stdio::piped(),
    };
    let mut child = spawn(spec, &args, peers, stdin);
    let stderr = read_all_thread(child.stderr.take().expect("stderr"));
    let stdout = child.stdout.take().expect("stdout");
    let mut keep_stdin = None;
    let (status, hung) = match scenario {
        Scenario::StdoutClosed => {
            // The reader takes one byte and leaves: the pipe's read end closes.
            let (gone, left) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let mut stdout = stdout;
                let _ = stdout.read(&mut [0u8; 1]);
                drop(stdout);
                let _ = gone.send(());
            });
            // A client gets its first line at once, the rest once the
            // reader has left: its later output then surely meets the
            // closed pipe.
            if let Some(mut input) = child.stdin.take() {
                let data = client_input();
                std::thread::spawn(move || {
                    let (first, rest) = data.split_at(data.find('\n').map_or(0, |i| i + 1));
                    if input.write_all(first.as_bytes()).is_ok() {
                        let _ = left.recv_timeout(Duration::from_secs(2));
                        let _ = input.write_all(rest.as_bytes());
                    }
                });
            }
            finish(&mut child, spec, &args)
        }
        Scenario::StdinEmpty => {
            let _ = read_all_thread(stdout);
            finish(&mut child, spec, &args)
        }
        Scenario::Sigint => {
            let _ = read_all_thread(stdout);
            keep_stdin = child.stdin.take(); // open, silent: the program waits
            // Waiting: asleep for a moment (at its prompt, in accept, in read…).
            let deadline = Instant::now() + Duration::from_secs(5);
            std::thread::sleep(Duration::from_millis(150));
            while !common::has_exited(child.id())
                && !sleeping(child.id())
                && Instant::now() < deadline
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            signal_group(child.id(), "-INT");
            wait_until(&mut child, AFTER_SIGINT)
        }
    };
    drop(keep_stdin);
    signal_group(child.id(), "-KILL"); // forked children left behind, if any
    Run {
        status,
        stderr: stderr.join().unwrap_or_default(),
        hung,
        took: started.elapsed(),
    }
}

/// Waits for the end of an (a) or (b) run: a program that ends by itself
/// must do so within [`ENDS_WITHIN`]; a server is sent a client (so that
/// it prints what it prints for one, into the closed pipe in (a)), then
/// stopped after [`SERVE_FOR`] (unless it ended sooner: its stderr then
/// says why).
fn finish(child: &mut Child, spec: &Spec, args: &[String]) -> (ExitStatus, bool) {
    match spec.kind {
        Ends => wait_until(child, ENDS_WITHIN),
        Serves => {
            let started = Instant::now();
            visit(child.id(), args, SERVE_FOR);
            let left = SERVE_FOR.saturating_sub(started.elapsed());
            let (status, _) = wait_until(child, left.max(Duration::from_millis(200)));
            (status, false)
        }
    }
}

/// The server `pid` gets one client: on each TCP port it listens on, a
/// connection with a line; on each UDP port, a datagram; on an AF_UNIX
/// path among its `args`, either. Waits (at most `limit`) for it to be
/// ready, and at most a moment for each answer.
fn visit(pid: u32, args: &[String], limit: Duration) {
    use std::net::{TcpStream, UdpSocket};
    use std::os::unix::net::{UnixDatagram, UnixStream};
    let deadline = Instant::now() + limit;
    let answer = Duration::from_millis(300);
    let (tcp, udp) = loop {
        let found = ports_of(pid);
        let path_ready = args
            .iter()
            .any(|a| a.starts_with('/') && Path::new(a).exists());
        if !found.0.is_empty() || !found.1.is_empty() || path_ready {
            break found;
        }
        if Instant::now() >= deadline || common::has_exited(pid) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut buf = [0u8; 512];
    for port in tcp {
        if let Ok(mut conn) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = conn.set_read_timeout(Some(answer));
            let _ = conn.write_all(b"hello 1 2\n");
            let _ = conn.read(&mut buf);
        }
    }
    for port in udp {
        if let Ok(sock) = UdpSocket::bind("127.0.0.1:0") {
            let _ = sock.set_read_timeout(Some(answer));
            let _ = sock.send_to(b"hello\n", ("127.0.0.1", port));
            let _ = sock.recv_from(&mut buf);
        }
    }
    for path in args.iter().filter(|a| a.starts_with('/')) {
        if let Ok(mut conn) = UnixStream::connect(path) {
            let _ = conn.set_read_timeout(Some(answer));
            let _ = conn.write_all(b"hello\n");
            let _ = conn.read(&mut buf);
        } else if let Some(dir) = Path::new(path).parent() {
            let me = dir.join(format!("visitor.{pid}.sock"));
            if let Ok(sock) = UnixDatagram::bind(&me) {
                let _ = sock.set_read_timeout(Some(answer));
                let _ = sock.send_to(b"hello\n", path);
                let _ = sock.recv_from(&mut buf);
                let _ = std::fs::remove_file(&me);
            }
        }
    }
}

/// The TCP ports `pid` listens on and the UDP ports it has bound, from
/// its socket inodes and the kernel's tables (`/proc/PID/net/tcp`…).
fn ports_of(pid: u32) -> (Vec<u16>, Vec<u16>) {
    let inodes = common::socket_inodes(pid);
    let table = |file: &str, listening_only: bool| -> Vec<u16> {
        let text = std::fs::read_to_string(format!("/proc/{pid}/net/{file}")).unwrap_or_default();
        text.lines()
            .skip(1)
            .filter_map(|line| {
                let f: Vec<&str> = line.split_whitespace().collect();
                let port = u16::from_str_radix(f.get(1)?.rsplit(':').next()?, 16).ok()?;
                let inode: u64 = f.get(9)?.parse().ok()?;
                let listening = f.get(3) == Some(&"0A");
                (inodes.contains(&inode) && (listening || !listening_only)).then_some(port)
            })
            .collect()
    };
    let mut tcp = table("tcp", true);
    tcp.extend(table("tcp6", true));
    let mut udp = table("udp", false);
    udp.extend(table("udp6", false));
    (tcp, udp)
}

/// `call: text` — perror's shape (and err_quit's); a failed system call
/// ends with its errno's name in parentheses.
fn perror_style(line: &str) -> bool {
    let Some((call, text)) = line.split_once(": ") else {
        return false;
    };
    !call.is_empty()
        && !call.contains(char::is_whitespace)
        && !text.is_empty()
        && !text.contains("os error")
        && (!text.contains("Broken pipe") || text.ends_with("(EPIPE)"))
}

/// What is wrong with `run`, if anything.
fn judge(spec: &Spec, scenario: Scenario, run: &Run) -> Option<String> {
    let mut wrong = Vec::new();
    if run.hung {
        wrong.push(format!("did not end within its limit (ran {:?})", run.took));
    }
    if run.stderr.contains("panicked") || run.status.code() == Some(101) {
        wrong.push("panicked".to_string());
    }
    if let Some(signo) = run.status.signal() {
        let killed_by_test = signo == libc::SIGKILL && (spec.kind == Serves || run.hung);
        let lesson = (signo == libc::SIGPIPE && spec.sigpipe_is_the_lesson)
            || (signo == libc::SIGTERM && spec.sigterm_is_the_lesson)
            || (signo == libc::SIGINT && scenario == Scenario::Sigint);
        if !killed_by_test && !lesson {
            wrong.push(format!("killed by signal {signo}"));
        }
    } else if !matches!(run.status.code(), Some(0 | 1)) {
        wrong.push(format!("exit status {:?}", run.status.code()));
    }
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter(|l| !spec.notes.iter().any(|n| l.starts_with(n)))
        .collect();
    if lines.len() > 1 {
        wrong.push(format!("{} lines on stderr", lines.len()));
    }
    if let Some(bad) = lines.iter().find(|l| !perror_style(l)) {
        wrong.push(format!("not perror-style: {bad:?}"));
    }
    if wrong.is_empty() {
        return None;
    }
    Some(format!(
        "{} {:?} ({:?}, {:?}): {}\n    stderr: {:?}",
        spec.name,
        scenario,
        run.status,
        run.took,
        wrong.join("; "),
        run.stderr
    ))
}

#[test]
fn every_example_is_in_the_table() {
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(common::root().join("examples")).expect("examples/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            if !SPECS.iter().any(|s| s.name == name) {
                missing.push(name.to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "examples missing from tests/every_example.rs SPECS: {missing:?}"
    );
    for s in SPECS {
        assert!(
            Path::new(
                &common::root()
                    .join("examples")
                    .join(format!("{}.rs", s.name))
            )
            .exists(),
            "SPECS names {} but examples/{}.rs does not exist",
            s.name,
            s.name
        );
    }
}

#[test]
fn every_example_survives_closed_stdout_empty_stdin_and_sigint() {
    let peers = Arc::new(Peers::start());
    let jobs: Vec<(usize, Scenario)> = (0..SPECS.len())
        .flat_map(|i| {
            [
                Scenario::StdoutClosed,
                Scenario::StdinEmpty,
                Scenario::Sigint,
            ]
            .map(|s| (i, s))
        })
        .collect();
    let jobs = Arc::new(Mutex::new(jobs.into_iter().enumerate()));
    let failures = Arc::new(Mutex::new(Vec::new()));
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (jobs, failures, peers) = (jobs.clone(), failures.clone(), peers.clone());
            std::thread::spawn(move || {
                loop {
                    let next = jobs.lock().unwrap_or_else(|e| e.into_inner()).next();
                    let Some((n, (i, scenario))) = next else {
                        break;
                    };
                    let run = run_one(&SPECS[i], scenario, &peers, n);
                    if std::env::var_os("EVERY_EXAMPLE_SHOW").is_some() {
                        eprintln!(
                            "{:22} {:12} {:?} {:?} {:?}",
                            SPECS[i].name,
                            format!("{scenario:?}"),
                            run.status,
                            run.took,
                            run.stderr.lines().last().unwrap_or("")
                        );
                    }
                    if let Some(f) = judge(&SPECS[i], scenario, &run) {
                        failures.lock().unwrap_or_else(|e| e.into_inner()).push(f);
                    }
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker");
    }
    let failures = failures.lock().unwrap_or_else(|e| e.into_inner());
    assert!(
        failures.is_empty(),
        "{} failing runs:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
