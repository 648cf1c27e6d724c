//! strace parity: each example and its C twin (`docs/c/NAME.c`), run
//! through the same scenario under `strace -f`, must make the same system
//! calls, in the same order, with the same arguments and results — after
//! normalising only what legitimately differs from run to run (pids,
//! ports the kernel picks, addresses in memory, socket inode numbers, the
//! temporary directory, strace's column padding) and removing what the
//! Rust runtime does before `main` (an explicit list:
//! `fidelity::RUST_RUNTIME`).
//!
//! Each scenario runs twice: once with the C programs (server and client
//! both C), once with the Rust ones. The calls compared are
//! `fidelity::CALLS`, with `read`/`write`/`close` kept only on sockets.
//! Descriptor numbers are compared as they are: both programs start with
//! exactly 0, 1 and 2 open and the kernel hands out the lowest free
//! number, so a different number is a real difference (a descriptor
//! leaked, or closed in another order).
//!
//! On a difference the test prints both traces side by side. Without
//! strace the tests print SKIPPED (and fail under `CI=true`).
mod common;
mod fidelity;

use std::path::Path;
use std::time::Duration;

use fidelity::{Norm, World};

/// One program of a scenario, by name: `examples/NAME.rs` in the Rust run,
/// `docs/c/NAME.c` in the C run. In `args` and `stdin`, `{port}` is a free
/// port and `{tmp}` a fresh temporary directory.
struct Side {
    name: &'static str,
    args: &'static [&'static str],
    stdin: &'static str,
    /// A server's "ready" line on stdout; `None`: ready once it sleeps
    /// (blocked in accept or recvfrom).
    ready: Option<&'static str>,
}

const fn client(name: &'static str, args: &'static [&'static str], stdin: &'static str) -> Side {
    Side {
        name,
        args,
        stdin,
        ready: None,
    }
}

const fn server(
    name: &'static str,
    args: &'static [&'static str],
    ready: Option<&'static str>,
) -> Side {
    Side {
        name,
        args,
        stdin: "",
        ready,
    }
}

struct Scenario {
    /// The test's name.
    name: &'static str,
    /// The kind of port `{port}` is free for.
    socktype: i32,
    server: Option<Side>,
    /// Run one after the other, each to completion.
    clients: &'static [Side],
    trace_server: bool,
    trace_clients: bool,
    /// Lines the C run must show (a guard against a scenario that traces
    /// nothing and so compares equal).
    expect: &'static [&'static str],
    /// Environment for every program (`{tmp}` is replaced).
    env: &'static [(&'static str, &'static str)],
    /// What else legitimately differs between two runs of this scenario
    /// (the time of day, a pid in a file name), applied to each line.
    scrub: fn(&str) -> String,
}

/// Most scenarios need no scrubbing.
fn nothing(line: &str) -> String {
    line.to_string()
}

/// The daytime servers send `ctime()`'s text: `"Fri Nov 21 10:15:02 2025\r\n"`
/// becomes `"$CTIME\r\n"`.
#[allow(dead_code)] // used by a scenario that lands with its programs
fn ctime(line: &str) -> String {
    let shape = |s: &[u8]| {
        s.len() == 24
            && s.iter().enumerate().all(|(i, b)| match i {
                3 | 7 | 10 | 19 => *b == b' ',
                13 | 16 => *b == b':',
                8 => *b == b' ' || b.is_ascii_digit(),
                0..=2 | 4..=6 => b.is_ascii_alphabetic(),
                _ => b.is_ascii_digit(),
            })
    };
    let mut out = line.to_string();
    let mut from = 0;
    while let Some(i) = out[from..].find('"').map(|i| i + from) {
        let start = i + 1;
        if out
            .get(start..start + 24)
            .is_some_and(|t| shape(t.as_bytes()))
        {
            out.replace_range(start..start + 24, "$CTIME");
        }
        from = start;
    }
    out
}

/// `…/unix_dgram_client.12345.sock` (the client's pid in its path) becomes
/// `…/unix_dgram_client.$PID.sock`.
fn client_pid_path(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find("unix_dgram_client.") {
        let (head, tail) = rest.split_at(i + "unix_dgram_client.".len());
        out.push_str(head);
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        out.push_str(if digits > 0 { "$PID" } else { "" });
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

const TCP: i32 = socklab::SOCK_STREAM;
const UDP: i32 = socklab::SOCK_DGRAM;

const READY: Option<&str> = Some("The server is ready to receive");

/// Every scenario. Each example that has a C twin is in at least one.
const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "socket_init",
        socktype: TCP,
        server: None,
        clients: &[client("socket_init", &[], "")],
        trace_server: false,
        trace_clients: true,
        expect: &[
            "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3",
            "close(3) = 0",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "tcp_upper",
        socktype: TCP,
        server: Some(server("tcp_upper_server", &["{port}"], READY)),
        clients: &[
            client(
                "tcp_upper_client",
                &["127.0.0.1", "{port}"],
                "hello sockets\n",
            ),
            // a name: the C library's getaddrinfo, from C and from Rust
            client(
                "tcp_upper_client",
                &["localhost", "{port}"],
                "second client\n",
            ),
        ],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "listen(3, 1024) = 0",
            "write(4, \"HELLO SOCKETS\", 13) = 13",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "udp_upper",
        socktype: UDP,
        server: Some(server("udp_upper_server", &["{port}"], READY)),
        clients: &[
            client(
                "udp_upper_client",
                &["127.0.0.1", "{port}"],
                "hello datagrams\n",
            ),
            client("udp_upper_client", &["127.0.0.1", "{port}"], "again\n"),
        ],
        trace_server: true,
        trace_clients: true,
        expect: &["socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "hello",
        socktype: TCP,
        // one client, then the server ends by itself
        server: Some(server("hello_server", &["{port}"], None)),
        clients: &[client("hello_client", &["127.0.0.1", "{port}"], "")],
        trace_server: true,
        trace_clients: true,
        expect: &["listen(3, 3) = 0"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "message",
        socktype: TCP,
        server: Some(server("message_server", &["{port}"], None)),
        clients: &[client(
            "message_client",
            &["localhost", "{port}"],
            "hi there\n",
        )],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "accept(3, {sa_family=AF_INET, sin_port=htons($EPH1), sin_addr=inet_addr(\"127.0.0.1\")}, [128 => 16]) = 4",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "forking_server",
        socktype: TCP,
        server: Some(server("forking_server", &["{port}"], None)),
        clients: &[
            client("message_client", &["127.0.0.1", "{port}"], "first\n"),
            client("message_client", &["127.0.0.1", "{port}"], "second\n"),
        ],
        trace_server: true,
        trace_clients: false,
        expect: &["close(4) = 0"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "unix_stream",
        socktype: TCP,
        server: Some(server(
            "unix_stream_server",
            &["{tmp}/unix.str"],
            Some("Waiting for connections"),
        )),
        clients: &[client("unix_stream_client", &["{tmp}/unix.str"], "hello\n")],
        trace_server: true,
        trace_clients: true,
        expect: &["socket(AF_UNIX, SOCK_STREAM, 0) = 3"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "unix_dgram",
        socktype: UDP,
        server: Some(server(
            "unix_dgram_server",
            &["{tmp}/unix.dg"],
            Some("Waiting for datagrams"),
        )),
        clients: &[client("unix_dgram_client", &["{tmp}/unix.dg"], "hello\n")],
        trace_server: true,
        trace_clients: true,
        expect: &["socket(AF_UNIX, SOCK_DGRAM, 0) = 3"],
        // the client binds a path of its own under $TMPDIR
        env: &[("TMPDIR", "{tmp}")],
        scrub: client_pid_path,
    },
];

/// C twins not (yet) in any scenario, with the reason. Keep it short.
const NOT_COVERED: &[(&str, &str)] = &[];

/// Everything one run produced.
struct Run {
    /// Per process (by label), its normalised calls.
    traces: Vec<(String, Vec<String>)>,
    /// What the programs printed, for failure messages.
    outputs: String,
}

/// Runs a scenario with the programs of one world.
fn run_world(
    sc: &Scenario,
    world: World,
    extra_env: &[(&'static str, &'static str)],
    extra_calls: &[&str],
) -> Run {
    let tmp = common::temp_dir();
    let port = common::free_port(sc.socktype).to_string();
    let tmp_s = tmp.path().display().to_string();
    let fill = |s: &str| s.replace("{port}", &port).replace("{tmp}", &tmp_s);
    let env_owned: Vec<(String, String)> = sc
        .env
        .iter()
        .chain(extra_env)
        .map(|(k, v)| (k.to_string(), fill(v)))
        .collect();
    let env: Vec<(&str, &str)> = env_owned
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut outputs = String::new();
    let mut files: Vec<(String, std::path::PathBuf)> = Vec::new();

    // The command line for one side: the program, under strace if traced.
    let command = |side: &Side, traced: bool, file: &Path| -> (String, Vec<String>) {
        let program = world.program(side.name).display().to_string();
        let args: Vec<String> = side.args.iter().map(|a| fill(a)).collect();
        if traced {
            let mut all = fidelity::strace_args(file, extra_calls);
            all.push(program);
            all.extend(args);
            ("strace".to_string(), all)
        } else {
            (program, args)
        }
    };

    let mut server = sc.server.as_ref().map(|side| {
        let file = raw_file(sc.name, world, "server");
        let (prog, args) = command(side, sc.trace_server, &file);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let s = common::Server::start_env(&prog, &args, side.ready.unwrap_or(""), &env);
        assert!(
            fidelity::wait_settled(s.pid(), Duration::from_secs(10)),
            "{}: the server never settled (blocked waiting for clients)",
            world.describe(side.name)
        );
        if sc.trace_server {
            files.push(("server".to_string(), file));
        }
        s
    });

    for (i, side) in sc.clients.iter().enumerate() {
        let label = if sc.clients.len() == 1 {
            "client".to_string()
        } else {
            format!("client{}", i + 1)
        };
        let file = raw_file(sc.name, world, &label);
        let (prog, args) = command(side, sc.trace_clients, &file);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = common::run_env(&prog, &args, &fill(side.stdin), &env);
        let _ = writeln_to(&mut outputs, &label, &out.stdout, &out.stderr);
        assert!(
            out.status.success() && !out.timed_out,
            "{} failed ({:?}):\n{outputs}",
            world.describe(side.name),
            out.status
        );
        // Let the server finish with this client before the next one.
        if let Some(s) = &server {
            fidelity::wait_settled(s.pid(), Duration::from_secs(10));
        }
        if sc.trace_clients {
            files.push((label, file));
        }
    }

    if let Some(s) = &mut server {
        let pid = s.pid();
        fidelity::wait_settled(pid, Duration::from_secs(10));
        if sc.trace_server {
            fidelity::terminate_descendants(pid); // strace then exits by itself
        } else {
            let _ = std::process::Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status();
            fidelity::terminate_descendants(pid);
        }
        let out = s.wait_exit(Duration::from_secs(10));
        let _ = writeln_to(&mut outputs, "server", &out.stdout, &out.stderr);
    }

    let mut norm = Norm {
        named_ports: vec![(port.parse().unwrap_or(0), "$PORT".to_string())],
        replace: vec![(tmp_s.clone(), "$TMP".to_string())],
        ..Norm::default()
    };
    let procs: Vec<Vec<fidelity::Proc>> = files
        .iter()
        .map(|(label, file)| fidelity::by_process(&fidelity::read_strace(file), label))
        .collect();
    for p in &procs {
        norm.learn_pids(p);
    }
    let mut traces = Vec::new();
    for group in procs {
        for (k, p) in group.into_iter().enumerate() {
            let mut lines: Vec<String> = p
                .lines
                .iter()
                .filter_map(|l| norm.line(l))
                .map(|l| (sc.scrub)(&l))
                .collect();
            if k == 0 && world == World::Rust {
                fidelity::drop_rust_runtime(&mut lines);
            }
            traces.push((p.label, lines));
        }
    }
    drop(tmp);
    Run { traces, outputs }
}

/// Where strace writes: `target/debug/fidelity/SCENARIO-WORLD-SIDE.strace`,
/// kept after the test for a closer look.
fn raw_file(scenario: &str, world: World, side: &str) -> std::path::PathBuf {
    let dir = common::target_dir().join("fidelity");
    std::fs::create_dir_all(&dir).expect("mkdir target/fidelity");
    let world = match world {
        World::C => "c",
        World::Rust => "rust",
    };
    let file = dir.join(format!("{scenario}-{world}-{side}.strace"));
    let _ = std::fs::remove_file(&file);
    file
}

fn writeln_to(out: &mut String, label: &str, stdout: &str, stderr: &str) -> std::fmt::Result {
    use std::fmt::Write as _;
    writeln!(
        out,
        "--- {label} stdout:\n{stdout}--- {label} stderr:\n{stderr}"
    )
}

/// Runs scenario `name` in both worlds and compares.
fn check(name: &str) {
    let sc = SCENARIOS
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no scenario {name}"));
    if !common::strace_available() {
        return;
    }
    let mut c = run_world(sc, World::C, &[], &[]);
    let rust = run_world(sc, World::Rust, &[], &[]);
    // The first process of each program (no `.` in its label) is where a
    // program's own SIGPIPE setting is.
    for (label, lines) in c.traces.iter_mut().filter(|(l, _)| !l.contains('.')) {
        if let Some((_, rust_lines)) = rust.traces.iter().find(|(l, _)| l == label) {
            fidelity::match_sigpipe_convention(lines, rust_lines);
        }
    }
    let all_c: Vec<&String> = c.traces.iter().flat_map(|(_, l)| l).collect();
    for want in sc.expect {
        assert!(
            all_c.iter().any(|l| l.as_str() == *want),
            "scenario {name}: the C trace has no line {want:?}:\n{}\n{}",
            fidelity::side_by_side("C", &flat(&c), "Rust", &flat(&rust)),
            c.outputs
        );
    }
    if let Err(report) = fidelity::compare("C (docs/c)", &c.traces, "Rust (examples)", &rust.traces)
    {
        panic!(
            "scenario {name}: the C and Rust programs make different system calls\n\
             (` ` same, `!` differ, `<` only C, `>` only Rust)\n{report}\n\
             C programs' output:\n{}\nRust programs' output:\n{}",
            c.outputs, rust.outputs
        );
    }
}

fn flat(run: &Run) -> Vec<String> {
    run.traces
        .iter()
        .flat_map(|(label, lines)| lines.iter().map(move |l| format!("[{label}] {l}")))
        .collect()
}

macro_rules! parity {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*
        /// Every scenario has its test function (a scenario without one
        /// would silently never run).
        #[test]
        fn every_scenario_has_a_test() {
            let tests = [$(stringify!($name)),*];
            for sc in SCENARIOS {
                assert!(tests.contains(&sc.name), "scenario {} has no test: add it to parity!", sc.name);
            }
        }
    };
}

parity!(
    socket_init,
    tcp_upper,
    udp_upper,
    hello,
    message,
    forking_server,
    unix_stream,
    unix_dgram,
);

/// Every C twin in `docs/c/` is in a scenario, or in [`NOT_COVERED`] with
/// the reason.
#[test]
fn every_c_twin_is_covered() {
    let dir = common::root().join("docs/c");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("docs/c") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "c") {
            continue;
        }
        let name = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let covered = SCENARIOS.iter().any(|sc| {
            sc.server.as_ref().is_some_and(|s| s.name == name)
                || sc.clients.iter().any(|c| c.name == name)
        });
        if !covered && !NOT_COVERED.iter().any(|(n, _)| *n == name) {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "C twins without a parity scenario: {missing:?}"
    );
}
