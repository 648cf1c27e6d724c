//! UNP § 16.2's comparison of `str_cli` versions, over loopback made slow
//! by a relay (there is no netem here): the same file copied through the
//! chapter 5 echo server by each version, one table, ratios to
//! stop-and-wait.
//!
//! ```text
//! cargo bench --bench str_cli                         # 1000 lines, 2 ms each way, 100 kB/s
//! cargo bench --bench str_cli -- --lines 2000 --delay-ms 5 --kBps 50
//! ```
//!
//! The relay sits between the client and the server and holds every chunk
//! it forwards for `delay` (latency) and for its size at `rate` (the
//! link's bandwidth), in each direction: a round trip costs at least
//! 2 × delay. The book's numbers (a file of 2000 lines, a slow link):
//! stop-and-wait (Fig 5.5) 354.0 s, select + blocking I/O (Fig 6.13)
//! 12.3 s, nonblocking (Fig 16.3) 6.9 s, fork (Fig 16.10) 8.7 s, threads
//! (Fig 26.2) 8.5 s. The threads version is chapter 26's `ch26_tcpcli01`
//! (the copyto thread).
//!
//! Each version is the release build of its example (`cargo build
//! --release --example …`); the echo server is `ch05_tcpserv01`. Each
//! copy is checked byte for byte; each version runs `--repeat` times
//! (default 3) and the median is shown. Not run in CI (`cargo bench
//! --no-run` only builds it).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `target/release` (this binary is `target/release/deps/str_cli-…`).
fn release_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("bench path");
    exe.parent()
        .and_then(Path::parent)
        .expect("target dir")
        .to_path_buf()
}

/// The example `name`, built in release mode; None if it does not exist.
fn example(name: &str) -> Option<PathBuf> {
    if !root().join("examples").join(format!("{name}.rs")).exists() {
        return None;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "--release", "--example", name])
        .current_dir(root())
        .status()
        .expect("run cargo build");
    assert!(
        status.success(),
        "cargo build --release --example {name} failed"
    );
    Some(release_dir().join("examples").join(name))
}

/// The link the relay plays: latency and bandwidth, each direction.
#[derive(Clone, Copy)]
struct Link {
    delay: Duration,
    bytes_per_sec: f64,
}

/// Copies `src` to `dst`, each chunk leaving `delay` after it arrived and
/// no sooner than the link's bandwidth allows; then half-closes `dst`.
fn pipe(mut src: TcpStream, mut dst: TcpStream, link: Link) {
    let (tx, rx) = mpsc::channel::<(Instant, Vec<u8>)>();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        let mut free_at = Instant::now(); // when the link is free again
        loop {
            match src.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let now = Instant::now();
                    let wire = Duration::from_secs_f64(n as f64 / link.bytes_per_sec);
                    free_at = free_at.max(now) + wire;
                    if tx.send((free_at + link.delay, buf[..n].to_vec())).is_err() {
                        break;
                    }
                }
            }
        }
    });
    for (due, chunk) in rx {
        let now = Instant::now();
        if due > now {
            std::thread::sleep(due - now);
        }
        if dst.write_all(&chunk).is_err() {
            break;
        }
    }
    let _ = dst.shutdown(Shutdown::Write);
    let _ = reader.join();
}

/// A relay on a loopback port: each connection it accepts is joined to a
/// new connection to `server`, through `link` both ways.
fn relay(server: u16, link: Link) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind relay");
    let port = listener.local_addr().expect("relay addr").port();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(upstream) = TcpStream::connect(("127.0.0.1", server)) else {
                continue;
            };
            let _ = client.set_nodelay(true);
            let _ = upstream.set_nodelay(true);
            let (c2, u2) = match (client.try_clone(), upstream.try_clone()) {
                (Ok(c), Ok(u)) => (c, u),
                _ => continue,
            };
            std::thread::spawn(move || pipe(client, upstream, link));
            std::thread::spawn(move || pipe(u2, c2, link));
        }
    });
    port
}

/// The echo server, in its own process group, killed on drop.
struct Server(Child, u16);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.0.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.0.wait();
    }
}

fn echo_server(bin: &Path) -> Server {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let child = Command::new(bin)
        .arg(port.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("spawn echo server");
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the echo server never listened");
        std::thread::sleep(Duration::from_millis(20));
    }
    Server(child, port)
}

/// One copy of `input` through `bin`: the time it took. The output must be
/// the input, byte for byte; fork's parent ends by SIGTERM (its design).
fn copy_once(bin: &Path, port: u16, input: &Path, want: &[u8]) -> Duration {
    let start = Instant::now();
    let out = Command::new(bin)
        .args(["127.0.0.1", &port.to_string()])
        .stdin(std::fs::File::open(input).expect("open input"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run client");
    let took = start.elapsed();
    let ok_end = out.status.success() || out.status.signal() == Some(libc::SIGTERM);
    assert!(
        ok_end,
        "{}: {:?}\n{}",
        bin.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stdout == want,
        "{}: the copy differs ({} bytes of {})",
        bin.display(),
        out.stdout.len(),
        want.len()
    );
    took
}

fn arg(args: &[String], name: &str, default: f64) -> f64 {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list") {
        return; // `cargo bench -- --list` (and libtest-style probes)
    }
    let lines = arg(&args, "--lines", 1000.0) as usize;
    let link = Link {
        delay: Duration::from_secs_f64(arg(&args, "--delay-ms", 2.0) / 1000.0),
        bytes_per_sec: arg(&args, "--kBps", 100.0) * 1000.0,
    };
    let repeat = (arg(&args, "--repeat", 3.0) as usize).max(1);

    // The input: numbered lines of varying length, as text files are.
    let dir = std::env::temp_dir().join(format!("socklab-str-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let input = dir.join("input.txt");
    let text: String = (0..lines)
        .map(|i| format!("{i:05} {}\n", "x".repeat(10 + i * 37 % 60)))
        .collect();
    std::fs::write(&input, &text).expect("write input");

    let Some(server_bin) = example("ch05_tcpserv01") else {
        println!("examples/ch05_tcpserv01.rs is missing");
        return;
    };
    let server = echo_server(&server_bin);
    let port = relay(server.1, link);

    println!(
        "str_cli over a slow link: {lines} lines ({} bytes), {:?} each way, {:.0} kB/s, median of {repeat}",
        text.len(),
        link.delay,
        link.bytes_per_sec / 1000.0
    );
    println!();
    println!("| version | book | example | seconds | / stop-and-wait | book's seconds |");
    println!("|---|---|---|---|---|---|");
    let versions = [
        ("stop-and-wait", "Fig 5.5", "ch05_tcpcli01", "354.0"),
        (
            "select + blocking I/O",
            "Fig 6.13",
            "ch06_strcliselect02",
            "12.3",
        ),
        ("nonblocking I/O", "Fig 16.3", "ch16_strclinonb", "6.9"),
        ("fork", "Fig 16.10", "ch16_strclifork", "8.7"),
        ("threads", "Fig 26.2", "ch26_tcpcli01", "8.5"),
    ];
    let mut base = None;
    for (what, fig, name, book) in versions {
        let Some(bin) = example(name) else {
            println!("| {what} | {fig} | `{name}` | (not written yet: chapter 26) | | {book} |");
            continue;
        };
        let mut times: Vec<Duration> = (0..repeat)
            .map(|_| copy_once(&bin, port, &input, text.as_bytes()))
            .collect();
        times.sort();
        let t = times[times.len() / 2].as_secs_f64();
        let base_t = *base.get_or_insert(t);
        println!(
            "| {what} | {fig} | `{name}` | {t:.3} | {:.3} | {book} |",
            t / base_t
        );
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
