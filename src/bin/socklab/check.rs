//! `socklab check`: the named checks, run in order, bounded in time.

use std::io::Write;
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use socklab::{
    AF_INET, INADDR_LOOPBACK, SO_LINGER, SO_SNDTIMEO, SOCK_STREAM, SOL_SOCKET, close, connect,
    linger, setsockopt, sockaddr_in, socket, timeval, write,
};

use super::CheckArgs;
use super::forkrules::{self, Verdicts};
use super::proto::{self, ANSWER_TIMEOUT, Protocol, exchange, exchange_pieces, exchange_udp};
use super::report::{CheckResult, Outcome, Report};
use super::server::{self, Server};

/// The whole run stops starting checks after this long (each check is
/// bounded too, so a run ends well under a minute).
const BUDGET: Duration = Duration::from_secs(35);

/// The 200 clients one after another must be served within this.
const LOAD_TIME: Duration = Duration::from_secs(15);

/// Every check: name, what it checks, and the page that teaches the fix
/// (`None`: the protocol's own page). The `strace-` checks run only with
/// `--strace` ([`STRACE_CHECKS`]).
pub const CHECKS: &[(&str, &str, Option<&str>)] = &[
    ("answer", "answers a request correctly", None),
    (
        "next-client",
        "answers a second client after the first has left",
        Some("docs/tcp.md"),
    ),
    ("binary", "echoes every byte value, NUL included", None),
    (
        "byte-stream",
        "a request in pieces; several requests in one write",
        Some("docs/unp/ch05.md"),
    ),
    (
        "large",
        "1 MiB echoed whole (partial reads and writes)",
        Some("docs/unp/ch05.md"),
    ),
    (
        "concurrency",
        "serves a second client while the first is idle",
        Some("docs/forking-server.md"),
    ),
    (
        "load",
        "200 clients one after another, then 50 at once",
        Some("docs/forking-server.md"),
    ),
    (
        "reset",
        "survives a client that leaves mid-exchange",
        Some("docs/unp/ch05.md"),
    ),
    (
        "zombies",
        "leaves no zombie children",
        Some("docs/forking-server.md"),
    ),
    (
        "descriptors",
        "parent closes connfd, child closes listenfd",
        Some("docs/forking-server.md"),
    ),
    (
        "strace-listenfd",
        "strace: each child closes the listening socket",
        Some("docs/forking-server.md"),
    ),
    (
        "strace-connfd",
        "strace: the parent closes each connected socket",
        Some("docs/forking-server.md"),
    ),
    (
        "strace-sigchld",
        "strace: SIGCHLD is caught",
        Some("docs/forking-server.md"),
    ),
    (
        "strace-wait",
        "strace: every ended child is reaped (wait4/waitid)",
        Some("docs/forking-server.md"),
    ),
    (
        "restart",
        "starts again at once on the same port",
        Some("docs/unp/ch07.md"),
    ),
];

/// The checks `--strace` adds: the forking server's rules in its calls.
pub const STRACE_CHECKS: &[&str] = &[
    "strace-listenfd",
    "strace-connfd",
    "strace-sigchld",
    "strace-wait",
];

struct Ctx {
    proto: Protocol,
    udp: bool,
    concurrent: bool,
    once: bool,
    addr: SocketAddr,
    server: Option<Server>,
    base_fds: usize,
    listen_inode: Option<u64>,
    /// The `--strace` rules, judged once (at the first strace check).
    verdicts: Option<Verdicts>,
}

/// Runs `socklab check`; returns the exit status.
pub fn run(args: CheckArgs) -> i32 {
    server::catch_interrupts();
    let proto = args.protocol;
    if args.udp && !proto.has_udp() {
        eprintln!(
            "socklab check: the {} protocol has no UDP form (echo, daytime and upper do)",
            proto.name()
        );
        return 2;
    }
    for name in args.only.iter().chain(&args.skip) {
        if !CHECKS.iter().any(|c| c.0 == name) {
            let names: Vec<&str> = CHECKS.iter().map(|c| c.0).collect();
            eprintln!(
                "socklab check: no check named {name:?} (checks: {})",
                names.join(", ")
            );
            return 2;
        }
        if STRACE_CHECKS.contains(&name.as_str()) && !args.strace {
            eprintln!("socklab check: {name} is a --strace check: add --strace");
            return 2;
        }
    }
    if args.strace {
        if args.command.is_empty() {
            eprintln!(
                "socklab check: --strace needs a server the checker starts (-- COMMAND ARGS…), not --addr"
            );
            return 2;
        }
        let found = std::process::Command::new("strace")
            .arg("-V")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        if !found.is_ok_and(|st| st.success()) {
            eprintln!(
                "socklab check: --strace runs the server under strace, which is not installed (apt-get install strace)"
            );
            return 2;
        }
    }
    let concurrent = if args.concurrent {
        true
    } else if args.iterative {
        false
    } else {
        proto.concurrent_by_default()
    };
    let proto_label = format!("{}{}", proto.name(), if args.udp { "/udp" } else { "" });
    let (target, started) = match (&args.addr, args.command.is_empty()) {
        (Some(a), true) => match loopback(a) {
            Ok(addr) => (a.clone(), Ok((addr, None))),
            Err(e) => {
                eprintln!("socklab check: {e}");
                return 2;
            }
        },
        (None, false) => {
            let shown = args.command.join(" ");
            let trace = args.strace.then(|| {
                std::env::temp_dir().join(format!("socklab-check-{}.strace", std::process::id()))
            });
            // A port free a moment ago may be taken before the server binds
            // it: then try another, three times.
            let mut res = Err(String::new());
            for _ in 0..3 {
                let port = match server::free_port(args.udp) {
                    Ok(p) => p,
                    Err(e) => {
                        eprintln!("socklab check: no free port on loopback: {e}");
                        return 1;
                    }
                };
                res = Server::start(&args.command, port, args.udp, trace.as_deref())
                    .map(|s| (s.addr(), Some(s)));
                match &res {
                    Err(e) if e.contains("in use") => continue,
                    _ => break,
                }
            }
            (shown, res)
        }
        _ => {
            eprintln!(
                "socklab check: give a running server (--addr HOST:PORT) or a command to start (-- COMMAND ARGS…), not both"
            );
            return 2;
        }
    };
    let mut results = Vec::new();
    match started {
        Err(e) => results.push(CheckResult {
            name: "start",
            what: "the server starts and listens",
            outcome: Outcome::Fail(e),
            doc: proto.doc(args.udp),
            secs: 0.0,
        }),
        Ok((addr, server)) => {
            let base_fds = server.as_ref().map_or(0, |s| server::fds(s.pid()).len());
            let listen_inode = server
                .as_ref()
                .and_then(|s| server::listening_inode(s.port, args.udp));
            let mut ctx = Ctx {
                proto,
                udp: args.udp,
                concurrent,
                once: args.once,
                addr,
                server,
                base_fds,
                listen_inode,
                verdicts: None,
            };
            run_checks(&mut ctx, &args, &mut results);
            if let Some(mut s) = ctx.server.take() {
                s.stop();
            }
        }
    }
    server::remove_trace();
    let report = Report {
        protocol: proto_label,
        target,
        results,
    };
    let text = report.render(args.format);
    let mut out = std::io::stdout();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    if report.counts().1 == 0 { 0 } else { 1 }
}

/// HOST:PORT, which must be a loopback address.
fn loopback(a: &str) -> Result<SocketAddr, String> {
    let addrs: Vec<SocketAddr> = a
        .to_socket_addrs()
        .map_err(|e| format!("--addr {a}: {e} (expected HOST:PORT, e.g. 127.0.0.1:9877)"))?
        .collect();
    // IPv4 first: `localhost` may name ::1 before 127.0.0.1, and most
    // course servers listen on IPv4 only.
    addrs
        .iter()
        .filter(|x| x.ip().is_loopback())
        .min_by_key(|x| x.is_ipv6())
        .copied()
        .ok_or_else(|| {
            format!("--addr {a}: the checker talks to loopback only (127.0.0.1, ::1, localhost)")
        })
}

fn run_checks(ctx: &mut Ctx, args: &CheckArgs, results: &mut Vec<CheckResult>) {
    let start = Instant::now();
    let mut died_in: Option<&'static str> = None;
    let mut last_run: Option<&'static str> = None;
    let chosen = CHECKS
        .iter()
        .filter(|c| args.strace || !STRACE_CHECKS.contains(&c.0));
    for &(name, what, doc) in chosen {
        let doc = doc.unwrap_or(ctx.proto.doc(ctx.udp));
        let t = Instant::now();
        let outcome = if !args.only.is_empty() && !args.only.iter().any(|o| o == name) {
            Outcome::Skip("not asked for (--only)".into())
        } else if args.skip.iter().any(|o| o == name) {
            Outcome::Skip("not asked for (--skip)".into())
        } else if let Some(why) = not_applicable(ctx, name) {
            Outcome::Skip(why)
        } else if start.elapsed() > BUDGET {
            Outcome::Skip(format!(
                "not run: the run's {} s are spent",
                BUDGET.as_secs()
            ))
        } else if let (Some(d), true) = (died_in, name != "restart") {
            Outcome::Skip(format!("not run: the server exited during `{d}`"))
        } else if let Some((st, said)) = exited_between(ctx, died_in, last_run) {
            died_in = Some(name);
            Outcome::Fail(format!(
                "the server is no longer running: it exited after `{}` ({}){said}\na server serves its clients in a loop: after one client, accept the next",
                last_run.unwrap_or("start"),
                describe(st)
            ))
        } else {
            last_run = Some(name);
            let mut outcome = run_one(ctx, name);
            // (restart stops the server on purpose; a server that ends
            // once it has answered its first client fails next-client)
            let answered = name == "answer" && outcome == Outcome::Pass && !ctx.once;
            if let (Some(s), false, None) =
                (ctx.server.as_mut(), name == "restart" || answered, died_in)
            {
                if ctx.once {
                    thread::sleep(Duration::from_millis(100));
                }
                if let Some(st) = s.exited().filter(|st| !(ctx.once && st.success())) {
                    died_in = Some(name);
                    let msg = format!(
                        "the server exited during this check ({}){}",
                        describe(st),
                        s.said()
                    );
                    outcome = match outcome {
                        Outcome::Fail(m) => Outcome::Fail(format!("{msg}\n{m}")),
                        _ => Outcome::Fail(msg),
                    };
                }
            }
            outcome
        };
        results.push(CheckResult {
            name,
            what,
            outcome,
            doc,
            secs: t.elapsed().as_secs_f64(),
        });
    }
}

/// Whether the server exited since the last check (that check ended well).
fn exited_between(
    ctx: &mut Ctx,
    died_in: Option<&str>,
    last_run: Option<&str>,
) -> Option<(std::process::ExitStatus, String)> {
    if died_in.is_some() || last_run == Some("restart") {
        return None;
    }
    let s = ctx.server.as_mut()?;
    thread::sleep(Duration::from_millis(20));
    let st = s.exited()?;
    Some((st, s.said()))
}

fn describe(st: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match st.signal() {
        Some(13) => "killed by SIGPIPE: it wrote to a connection the client had reset".into(),
        Some(sig) => format!("killed by signal {sig}"),
        None => format!("exit status {}", st.code().unwrap_or(-1)),
    }
}

/// Why `name` does not apply here, if it does not.
fn not_applicable(ctx: &Ctx, name: &str) -> Option<String> {
    let started = ctx.server.is_some();
    let p = ctx.proto;
    let why = match name {
        "answer" => return None,
        _ if ctx.once => "the server serves one client, then ends (--once)",
        "next-client" if ctx.udp => return None,
        "binary" if p != Protocol::Echo => "only an echo server carries any bytes",
        "byte-stream" if ctx.udp => "UDP keeps message boundaries",
        "byte-stream" if !p.is_stream() => {
            "one read is one message in this protocol (the lecture's design)"
        }
        "large" if ctx.udp || p != Protocol::Echo => "only for a TCP echo server",
        "concurrency" if ctx.udp => "a UDP server has no connections to hold",
        "concurrency" if !ctx.concurrent => {
            "not required for this protocol (--concurrent requires it)"
        }
        "reset" if ctx.udp => "UDP has no connection to reset",
        "zombies" | "descriptors" | "restart" if !started => {
            "only for a server started by the checker (-- COMMAND ARGS…)"
        }
        n if n.starts_with("strace-") && ctx.udp => {
            "a UDP server forks no child per client: these are the forking TCP server's rules"
        }
        _ => return None,
    };
    Some(why.to_string())
}

fn fail(msg: impl Into<String>) -> Outcome {
    Outcome::Fail(msg.into())
}

fn run_one(ctx: &mut Ctx, name: &str) -> Outcome {
    match name {
        "answer" => answer(ctx),
        "next-client" => next_client(ctx),
        "binary" => binary(ctx),
        "byte-stream" => byte_stream(ctx),
        "large" => large(ctx),
        "concurrency" => concurrency(ctx),
        "load" => load(ctx),
        "reset" => reset(ctx),
        "zombies" => zombies(ctx),
        "descriptors" => descriptors(ctx),
        "restart" => restart(ctx),
        n if n.starts_with("strace-") => strace_rule(ctx, n),
        _ => Outcome::Skip("unknown".into()),
    }
}

/// One exchange of the protocol's sample request, TCP or UDP.
fn one(ctx: &Ctx) -> Result<(), String> {
    if ctx.udp {
        let (req, expect) = ctx.proto.sample();
        let req = if req.is_empty() {
            b"time?\n".to_vec()
        } else {
            req
        };
        exchange_udp(ctx.proto, ctx.addr, &req, &expect)
    } else {
        exchange(ctx.proto, ctx.addr)
    }
}

fn answer(ctx: &Ctx) -> Outcome {
    match one(ctx) {
        Ok(()) => Outcome::Pass,
        Err(e) => fail(e),
    }
}

/// The first client has come and gone (`answer`): a server serves its
/// clients in a loop, so a second one is answered too.
fn next_client(ctx: &mut Ctx) -> Outcome {
    thread::sleep(Duration::from_millis(200));
    if let Some(s) = ctx.server.as_mut()
        && let Some(st) = s.exited()
    {
        return fail(format!(
            "the server ended after its first client ({}){}\na server serves its clients in a loop: after one client, accept the next (server2.c, not server.c)",
            describe(st),
            s.said()
        ));
    }
    match one(ctx) {
        Ok(()) => Outcome::Pass,
        Err(e) => fail(format!(
            "a second client, after the first had left: {e}\na server serves its clients in a loop: after one client, accept the next (and keep listenfd open)"
        )),
    }
}

/// One of the forking server's rules, from the server's trace (`--strace`).
fn strace_rule(ctx: &mut Ctx, name: &str) -> Outcome {
    if ctx.verdicts.is_none() {
        let Some(s) = ctx.server.as_ref() else {
            return Outcome::Skip("no server started".into());
        };
        // let the last children end and be reaped (zombies waits too)
        let deadline = Instant::now() + Duration::from_secs(1);
        while Instant::now() < deadline && server::children(s.pid()).iter().any(|c| c.1 != 'Z') {
            thread::sleep(Duration::from_millis(50));
        }
        thread::sleep(Duration::from_millis(100));
        let text = match s.trace().map(std::fs::read_to_string) {
            Some(Ok(t)) => t,
            Some(Err(e)) => return fail(format!("cannot read the server's trace: {e}")),
            None => return Outcome::Skip("not run under strace".into()),
        };
        ctx.verdicts = Some(forkrules::judge(&text));
    }
    ctx.verdicts
        .as_ref()
        .map_or(Outcome::Skip("no trace".into()), |v| v.get(name))
}

fn binary(ctx: &Ctx) -> Outcome {
    let mut req: Vec<u8> = (0..=255u8).collect();
    req.extend_from_slice(b"\0\0\r\n");
    let res = if ctx.udp {
        exchange_udp(ctx.proto, ctx.addr, &req, &req)
    } else {
        exchange_pieces(ctx.proto, ctx.addr, &[&req], Duration::ZERO, &req)
    };
    match res {
        Ok(()) => Outcome::Pass,
        Err(e) => fail(format!(
            "{e}\nan echo server writes back the n bytes read returned (not a C string: strlen stops at NUL)"
        )),
    }
}

fn byte_stream(ctx: &Ctx) -> Outcome {
    let pause = Duration::from_millis(150);
    type Case<'a> = (&'a [&'a [u8]], &'a [u8], &'a [u8], &'a [u8]);
    let (split, split_expect, many, many_expect): Case = match ctx.proto {
        Protocol::WebChild => (
            &[b"40", b"0", b"0\n"],
            &[0; 4000],
            b"100\n200\n300\n",
            &[0; 600],
        ),
        Protocol::Sum => (
            &[b"1", b"1 2", b"2\n"],
            b"33\n",
            b"1 2\n3 4\n5 6\n",
            b"3\n7\n11\n",
        ),
        _ => (
            &[b"hel", b"lo, ", b"stream\n"],
            b"hello, stream\n",
            b"one\ntwo\nthree\n",
            b"one\ntwo\nthree\n",
        ),
    };
    if let Err(e) = exchange_pieces(ctx.proto, ctx.addr, split, pause, split_expect) {
        return fail(format!(
            "a request written in {} pieces with pauses: {e}\nTCP is a byte stream: one read may return part of a message; read until the message is whole (readline)",
            split.len()
        ));
    }
    if let Err(e) = exchange_pieces(ctx.proto, ctx.addr, &[many], Duration::ZERO, many_expect) {
        return fail(format!(
            "three requests in one write: {e}\nTCP is a byte stream: one read may return several messages; answer each of them"
        ));
    }
    Outcome::Pass
}

fn large(ctx: &Ctx) -> Outcome {
    const SIZE: usize = 1 << 20;
    let data: Arc<Vec<u8>> = Arc::new((0..SIZE).map(|i| (i * 7 % 251) as u8).collect());
    let mut s = match proto::connect(ctx.addr) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let mut w = match s.try_clone() {
        Ok(w) => w,
        Err(e) => return fail(format!("dup: {e}")),
    };
    let d = Arc::clone(&data);
    let writer = thread::spawn(move || {
        w.set_write_timeout(Some(Duration::from_secs(15))).ok();
        w.write_all(&d).map_err(|e| e.to_string())
    });
    let (got, eof, err) = proto::read_upto(&mut s, SIZE, Duration::from_secs(15));
    let _ = s.shutdown(std::net::Shutdown::Both);
    let wres = writer
        .join()
        .unwrap_or_else(|_| Err("writer thread panicked".into()));
    if got[..] == data[..got.len()] && got.len() == SIZE {
        return Outcome::Pass;
    }
    if let Some(i) = got.iter().zip(data.iter()).position(|(a, b)| a != b) {
        return fail(format!(
            "the echo differs from what was sent at byte {i} of {SIZE}\nwrite back exactly the bytes each read returned, all of them (writen)"
        ));
    }
    let why = match (err, eof, wres) {
        (_, _, Err(e)) => format!("sending stopped: {e}"),
        (Some(e), _, _) => e,
        (None, true, _) => "end of file".into(),
        _ => "?".into(),
    };
    fail(format!(
        "sent 1 MiB, got {} bytes back ({why})\nwrite may write less than asked: loop until all is written (writen), and read again until end of file",
        got.len()
    ))
}

fn concurrency(ctx: &Ctx) -> Outcome {
    let first = match proto::connect(ctx.addr) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    thread::sleep(Duration::from_millis(100));
    let res = exchange(ctx.proto, ctx.addr);
    drop(first);
    match res {
        Ok(()) => Outcome::Pass,
        Err(e) => fail(format!(
            "a second client got no answer while the first was connected and idle: {e}\nthe server serves one client at a time: fork a child per client (or use select/poll)"
        )),
    }
}

fn load(ctx: &Ctx) -> Outcome {
    let start = Instant::now();
    for i in 1..=200 {
        if let Err(e) = one(ctx) {
            return fail(format!("client {i} of 200, one after another: {e}"));
        }
        if start.elapsed() > LOAD_TIME {
            return fail(format!(
                "only {i} of 200 clients, one after another, were served in {} s",
                LOAD_TIME.as_secs()
            ));
        }
    }
    let barrier = Arc::new(Barrier::new(50));
    let handles: Vec<_> = (0..50)
        .map(|_| {
            let b = Arc::clone(&barrier);
            let (proto, addr, udp) = (ctx.proto, ctx.addr, ctx.udp);
            thread::spawn(move || {
                b.wait();
                let c = Ctx {
                    proto,
                    udp,
                    concurrent: false,
                    once: false,
                    addr,
                    server: None,
                    base_fds: 0,
                    listen_inode: None,
                    verdicts: None,
                };
                one(&c)
            })
        })
        .collect();
    let errs: Vec<String> = handles
        .into_iter()
        .filter_map(|h| {
            h.join()
                .unwrap_or_else(|_| Err("thread panicked".into()))
                .err()
        })
        .collect();
    if errs.is_empty() {
        Outcome::Pass
    } else {
        fail(format!(
            "{} of 50 clients at once got no right answer; the first: {}\ncheck listen's backlog (LISTENQ) and that every client is served",
            errs.len(),
            errs[0]
        ))
    }
}

/// How a resetting client leaves.
#[derive(Clone, Copy, PartialEq)]
enum Leave {
    /// SO_LINGER 0, then close: an RST at once.
    Abort,
    /// A plain close, so that the server's answer meets a closed socket
    /// and gets an RST back (UNP section 5.13) — if the answer comes after
    /// the close, which is a race.
    Close,
    /// The same without the race, for a server that serves one client at
    /// a time: another client holds the server while this one connects,
    /// sends its whole request and closes; only then is it served. The
    /// server's first write brings the RST, its second fails with EPIPE:
    /// SIGPIPE, unless ignored.
    Queued,
}

/// A client that sends a request and goes away without reading the answer
/// (see [`Leave`]). Made with socklab's own calls, as a student would.
fn reset_client(ctx: &Ctx, leave: Leave) -> Result<(), String> {
    let port = ctx.addr.port();
    let holder = match leave {
        Leave::Queued => Some(proto::connect(ctx.addr)?),
        _ => None,
    };
    if holder.is_some() {
        thread::sleep(Duration::from_millis(50));
    }
    let fd = socket(AF_INET, SOCK_STREAM, 0).map_err(|e| e.to_string())?;
    let bounded = timeval {
        tv_sec: 2,
        tv_usec: 0,
    };
    setsockopt(&fd, SOL_SOCKET, SO_SNDTIMEO, &bounded).map_err(|e| e.to_string())?;
    connect(&fd, &sockaddr_in::new(INADDR_LOOPBACK, port)).map_err(|e| e.to_string())?;
    let req: Vec<u8> = match ctx.proto {
        Protocol::Echo => b"reset me\n".repeat(8000),
        Protocol::Sum => b"1 2\n".repeat(8000),
        Protocol::WebChild => b"16384\n".repeat(50),
        _ => ctx.proto.sample().0,
    };
    if !req.is_empty() {
        let mut off = 0;
        while off < req.len() {
            match write(&fd, &req[off..]) {
                Ok(n) => off += n,
                Err(_) => break,
            }
        }
    }
    if leave == Leave::Abort {
        let lin = linger {
            l_onoff: 1,
            l_linger: 0,
        };
        setsockopt(&fd, SOL_SOCKET, SO_LINGER, &lin).map_err(|e| e.to_string())?;
    }
    let closed = close(fd).map_err(|e| e.to_string());
    drop(holder);
    closed
}

fn reset(ctx: &mut Ctx) -> Outcome {
    // A queued client first (certain for a server that serves one client
    // at a time), then eight of the other two kinds: whether a concurrent
    // server's write meets the reset is a race, and a fault should not
    // depend on one throw.
    let mut leaves = vec![Leave::Queued];
    leaves.extend([Leave::Close, Leave::Abort].repeat(4));
    for (i, &leave) in leaves.iter().enumerate() {
        let res = reset_client(ctx, leave);
        let last = i + 1 == leaves.len();
        thread::sleep(Duration::from_millis(if last || leave == Leave::Queued {
            300
        } else {
            50
        }));
        if ctx.server.as_mut().is_some_and(|s| s.exited().is_some()) {
            break;
        }
        if let Err(e) = res {
            return fail(format!("the resetting client: {e}"));
        }
    }
    if ctx.server.as_mut().is_some_and(|s| s.exited().is_some()) {
        // run_checks reports how it ended
        return fail(
            "a client went away mid-exchange (closed, or reset with SO_LINGER 0) and the server died\nignore SIGPIPE (signal(SIGPIPE, SIG_IGN)) and treat EPIPE/ECONNRESET as \"this client is gone\", not \"exit\"",
        );
    }
    match one(ctx) {
        Ok(()) => Outcome::Pass,
        Err(e) => fail(format!(
            "after a client reset the connection, the next client: {e}\nan error on one client's socket must cost that client, not the server"
        )),
    }
}

fn zombies(ctx: &mut Ctx) -> Outcome {
    let Some(s) = ctx.server.as_ref() else {
        return Outcome::Skip("no server started".into());
    };
    let pid = s.pid();
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let z: Vec<i32> = server::children(pid)
            .into_iter()
            .filter(|(_, st)| *st == 'Z')
            .map(|(p, _)| p)
            .collect();
        if z.is_empty() {
            return Outcome::Pass;
        }
        if Instant::now() > deadline {
            let shown: Vec<String> = z.iter().take(5).map(|p| p.to_string()).collect();
            return fail(format!(
                "{} zombie children of server {pid} two seconds after their clients left (pids {}…)\ncatch SIGCHLD and reap with while (waitpid(-1, NULL, WNOHANG) > 0), or ignore SIGCHLD",
                z.len(),
                shown.join(", ")
            ));
        }
        thread::sleep(Duration::from_millis(50));
    }
}

fn descriptors(ctx: &mut Ctx) -> Outcome {
    let Some(s) = ctx.server.as_ref() else {
        return Outcome::Skip("no server started".into());
    };
    let pid = s.pid();
    // A child forked for a client must not keep the listening socket (a
    // preforked server's children, there before the client, accept on it).
    if let (false, Some(inode)) = (ctx.udp, ctx.listen_inode) {
        let before: Vec<i32> = server::children(pid).iter().map(|c| c.0).collect();
        let held = proto::connect(ctx.addr);
        thread::sleep(Duration::from_millis(300));
        let needle = format!("socket:[{inode}]");
        let keeper = server::children(pid)
            .into_iter()
            .filter(|(child, st)| *st != 'Z' && !before.contains(child))
            .find(|(child, _)| server::fds(*child).contains(&needle));
        drop(held);
        if let Some((child, _)) = keeper {
            return fail(format!(
                "child {child}, serving one client, still has the listening socket open\nthe child closes listenfd right after fork (and the parent closes connfd)"
            ));
        }
    }
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let now = server::fds(pid);
        if now.len() <= ctx.base_fds {
            return Outcome::Pass;
        }
        if Instant::now() > deadline {
            let sockets = now.iter().filter(|f| f.starts_with("socket:")).count();
            return fail(format!(
                "the server has {} descriptors open after its clients left, {} when it started ({sockets} sockets)\nthe parent closes connfd after fork: each client it keeps is a descriptor lost",
                now.len(),
                ctx.base_fds
            ));
        }
        thread::sleep(Duration::from_millis(50));
    }
}

fn restart(ctx: &mut Ctx) -> Outcome {
    let Some(s) = ctx.server.as_mut() else {
        return Outcome::Skip("no server started".into());
    };
    // A client connected when the server stops: the server's side closes
    // first, so its port is left in TIME_WAIT, as after a real restart.
    let mut held: Option<TcpStream> = None;
    let client = if !ctx.udp && s.exited().is_none() {
        proto::connect(ctx.addr).ok()
    } else {
        None
    };
    if let Some(mut c) = client {
        if ctx.proto.is_stream() {
            let (req, expect) = ctx.proto.sample();
            let _ = c.write_all(&req);
            let _ = proto::read_upto(&mut c, expect.len(), ANSWER_TIMEOUT);
        } else {
            thread::sleep(Duration::from_millis(200));
        }
        held = Some(c);
    }
    s.stop();
    if let Some(mut c) = held {
        let _ = proto::read_upto(&mut c, 1, Duration::from_millis(500));
        drop(c);
    }
    thread::sleep(Duration::from_millis(50));
    if let Err(e) = s.restart() {
        return fail(format!(
            "stopped with a client connected, it could not start again on port {} at once: {e}\nset SO_REUSEADDR on the listening socket before bind",
            ctx.addr.port()
        ));
    }
    match one(ctx) {
        Ok(()) => Outcome::Pass,
        Err(e) => fail(format!("restarted, it did not answer: {e}")),
    }
}
