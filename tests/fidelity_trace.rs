//! Trace mode against strace: run examples with `SOCKLAB_TRACE=1` *under*
//! strace, and check that each line trace mode printed equals the line
//! strace printed for the same call, process by process, in order.
//!
//! Both sides go through the same normalisation as the parity test
//! (`fidelity::Norm`: strace's padding and `-y` decorations, addresses as
//! `0x...`); pids, ports and descriptors are the same on both sides (it is
//! one run), so they are compared as they are. The strace side keeps the
//! calls trace mode covers (`fidelity::trace_mode::COVERED`): all of them
//! on sockets, and `read`/`write`/`close` on other descriptors where trace
//! mode printed them (socklab's `close` of a dup of stdout, not std's
//! `println!`); it drops what the Rust runtime does before `main`
//! (`fidelity::RUST_RUNTIME`). Differences by design
//! are mapped explicitly (`fidelity::trace_mode::by_design`): fork's
//! `child_tidptr`, sigaction's `sa_restorer` and old `sa_mask`. Signal
//! handlers reorder lines; `fidelity::trace_mode::as_trace_mode` explains
//! how that is resolved.
//!
//! Without strace the tests print SKIPPED (and fail under `CI=true`).
mod common;
mod fidelity;

use fidelity::Twin;
use fidelity::scenarios::{self, Purpose, READY, Scenario, TCP, UDP, client, nothing, server};
use fidelity::trace_mode::{self, Kind};

/// A Rust-only scenario: the default for the fields the trace test does
/// not use.
const fn scenario(
    name: &'static str,
    socktype: i32,
    server: Option<scenarios::Side>,
    clients: &'static [scenarios::Side],
) -> Scenario {
    Scenario {
        name,
        socktype,
        server,
        clients,
        trace_server: true,
        trace_clients: true,
        expect: &[],
        env: &[],
        scrub: nothing,
    }
}

/// The programs run with trace mode on. Host names are numeric: for a
/// name, the C library's getaddrinfo makes calls of its own (nscd,
/// `/etc/hosts`) that are not socklab's and that trace mode rightly does
/// not print.
const SCENARIOS: &[Scenario] = &[
    scenario("tour", TCP, None, &[client("tour", &[], "")]),
    scenario("socket_init", TCP, None, &[client("socket_init", &[], "")]),
    scenario(
        "tcp_upper",
        TCP,
        Some(server("tcp_upper_server", &["{port}"], READY)),
        &[client(
            "tcp_upper_client",
            &["127.0.0.1", "{port}"],
            "hello sockets\n",
        )],
    ),
    scenario(
        "udp_upper",
        UDP,
        Some(server("udp_upper_server", &["{port}"], READY)),
        &[client(
            "udp_upper_client",
            &["127.0.0.1", "{port}"],
            "hello datagrams\n",
        )],
    ),
    scenario(
        "hello",
        TCP,
        Some(server("hello_server", &["{port}"], None)),
        &[client("hello_client", &["127.0.0.1", "{port}"], "")],
    ),
    scenario(
        "forking_server",
        TCP,
        Some(server("forking_server", &["{port}"], None)),
        &[
            client("message_client", &["127.0.0.1", "{port}"], "first\n"),
            client("message_client", &["127.0.0.1", "{port}"], "second\n"),
        ],
    ),
    scenario(
        "unix_stream",
        TCP,
        Some(server(
            "unix_stream_server",
            &["{tmp}/unix.str"],
            Some("Waiting for connections"),
        )),
        &[client("unix_stream_client", &["{tmp}/unix.str"], "hello\n")],
    ),
    Scenario {
        env: &[("TMPDIR", "{tmp}")],
        ..scenario(
            "unix_dgram",
            UDP,
            Some(server(
                "unix_dgram_server",
                &["{tmp}/unix.dg"],
                Some("Waiting for datagrams"),
            )),
            &[client("unix_dgram_client", &["{tmp}/unix.dg"], "hello\n")],
        )
    },
    scenario(
        "ch08_udp",
        UDP,
        Some(server(
            "ch08_udpserv01",
            &["{port}", "127.0.0.1"],
            Some("bound to"),
        )),
        &[client(
            "ch08_udpcli01",
            &["127.0.0.1", "{port}"],
            "one\ntwo two\n",
        )],
    ),
    scenario(
        "ch05_echo",
        TCP,
        Some(server("ch05_tcpserv01", &["{port}"], Some("listening on "))),
        &[client(
            "ch05_tcpcli01",
            &["127.0.0.1", "{port}"],
            "hello\nworld\n",
        )],
    ),
    // SIGCHLD handlers: their calls come before the line of the call
    // they interrupted (with SA_RESTART, 02 and 04; without, 03: EINTR)
    scenario(
        "ch05_tcpserv02",
        TCP,
        Some(server("ch05_tcpserv02", &["{port}"], Some("listening on "))),
        &[
            client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "one\n"),
            client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "two\n"),
        ],
    ),
    scenario(
        "ch05_tcpserv03",
        TCP,
        Some(server("ch05_tcpserv03", &["{port}"], Some("listening on "))),
        &[
            client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "one\n"),
            client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "two\n"),
        ],
    ),
    scenario(
        "ch05_tcpserv04",
        TCP,
        Some(server("ch05_tcpserv04", &["{port}"], Some("listening on "))),
        &[
            client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "one\n"),
            client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "two\n"),
        ],
    ),
    scenario(
        "chat",
        TCP,
        Some(server(
            "chat_server",
            &["{port}"],
            Some("Waiting for a client"),
        )),
        &[client("chat_client", &["127.0.0.1", "{port}"], "hello\n")],
    ),
    scenario(
        "daytime",
        TCP,
        Some(server(
            "ch01_daytimetcpsrv",
            &["{port}"],
            Some("listening on "),
        )),
        &[client("ch01_daytimetcpcli", &["127.0.0.1", "{port}"], "")],
    ),
    Scenario {
        env: &[("TMPDIR", "{tmp}")],
        ..scenario("fd_basics", TCP, None, &[client("fd_basics", &[], "")])
    },
    // select and poll, and shutdown(SHUT_WR) at the client's end of input
    scenario(
        "ch06_select",
        TCP,
        Some(server(
            "ch06_tcpservselect01",
            &["{port}", "127.0.0.1"],
            Some("listening on"),
        )),
        &[client(
            "ch06_strcliselect02",
            &["127.0.0.1", "{port}"],
            "one\ntwo\n",
        )],
    ),
    scenario(
        "ch06_poll",
        TCP,
        Some(server(
            "ch06_tcpservpoll01",
            &["{port}", "127.0.0.1"],
            Some("listening on"),
        )),
        &[client(
            "ch06_strcliselect02",
            &["127.0.0.1", "{port}"],
            "one\ntwo\n",
        )],
    ),
    // --- UNP chapter 14 [ch14 block]: alarm, FIONREAD ---
    scenario(
        "ch14_alarm",
        UDP,
        Some(server(
            "ch08_udpserv01",
            &["{port}", "127.0.0.1"],
            Some("bound to"),
        )),
        &[client(
            "ch14_dgclitimeo3",
            &["127.0.0.1", "{port}"],
            "one\n",
        )],
    ),
    scenario(
        "ch14_connect_timeo",
        TCP,
        Some(server("ch05_tcpserv01", &["{port}"], Some("listening on "))),
        &[client("ch14_tcpcli01", &["127.0.0.1", "{port}"], "hello\n")],
    ),
    scenario(
        "ch14_peek",
        TCP,
        Some(server(
            "ch01_daytimetcpsrv",
            &["{port}"],
            Some("listening on "),
        )),
        &[client("ch14_daytimetcpcli", &["127.0.0.1", "{port}"], "")],
    ),
    // [ch13 block] (issue 11) readv, writev, sendmsg, recvmsg: trace mode's
    // lines against strace's
    scenario("ch14_iovec", UDP, None, &[client("ch14_iovec", &[], "")]),
    scenario(
        "ch14_epoll",
        TCP,
        Some(server("ch05_tcpserv01", &["{port}"], Some("listening on "))),
        &[client(
            "ch14_str_cli_epoll",
            &["127.0.0.1", "{port}"],
            "hello\n",
        )],
    ),
    // --- UNP chapter 15 [ch15 block]: SUN_LEN, msg_control ---
    scenario(
        "ch15_unixbind",
        TCP,
        None,
        &[client("ch15_unixbind", &["{tmp}/moose"], "")],
    ),
    Scenario {
        env: &[("TMPDIR", "{tmp}")],
        ..scenario(
            "ch15_unixdg",
            UDP,
            Some(server(
                "ch15_unixdgserv01",
                &["{tmp}/unix.dg"],
                Some("bound to"),
            )),
            &[client("ch15_unixdgcli01", &["{tmp}/unix.dg"], "one\n")],
        )
    },
    scenario(
        "ch15_cred",
        TCP,
        Some(server(
            "ch15_unixstrserv02",
            &["{tmp}/unix.str"],
            Some("listening on"),
        )),
        &[client("ch15_unixstrcli01", &["{tmp}/unix.str"], "hello\n")],
    ),
    // (ch15_mycat: its exec'd ch15_openfile prints an openat, which this
    // test's strace does not trace; tests/unp_ch15.rs compares the
    // sendmsg/recvmsg lines with strace's instead)
    // --- UNP chapter 20 [ch20 block]: sigprocmask, pselect, pipe ---
    scenario(
        "ch20_bcast3",
        UDP,
        Some(server(
            "ch08_udpserv01",
            &["{port}", "127.0.0.1"],
            Some("bound to"),
        )),
        &[client("ch20_dgclibcast3", &["127.0.0.1", "{port}"], "\n")],
    ),
    scenario(
        "ch20_bcast4",
        UDP,
        Some(server(
            "ch08_udpserv01",
            &["{port}", "127.0.0.1"],
            Some("bound to"),
        )),
        &[client("ch20_dgclibcast4", &["127.0.0.1", "{port}"], "\n")],
    ),
    scenario(
        "ch20_bcast6",
        UDP,
        Some(server(
            "ch08_udpserv01",
            &["{port}", "127.0.0.1"],
            Some("bound to"),
        )),
        &[client("ch20_dgclibcast6", &["127.0.0.1", "{port}"], "\n")],
    ),
];

/// Removes the Rust runtime's calls (`fidelity::RUST_RUNTIME`, in that
/// order) from the start of a program's first process. The runtime's
/// reads and closes of files in between (`Kind::Maybe`) stay: trace mode
/// printed none of them, so they drop out in `trace_mode::expected`.
fn drop_runtime(lines: &mut Vec<(String, Kind)>) {
    // (a pattern the runtime of this Rust version does not make is skipped)
    let mut patterns = fidelity::RUST_RUNTIME.iter().map(|(p, _)| *p);
    let mut runtime = Vec::new();
    for (i, (line, kind)) in lines.iter().enumerate() {
        if patterns.clone().any(|p| fidelity::matches_pattern(p, line)) {
            // consume the patterns up to and including the one that matched
            for p in patterns.by_ref() {
                if fidelity::matches_pattern(p, line) {
                    break;
                }
            }
            runtime.push(i);
        } else if *kind == Kind::Always {
            break; // the program's own first call
        }
    }
    for i in runtime.into_iter().rev() {
        lines.remove(i);
    }
}

/// Runs scenario `sc` with trace mode on, under strace, and compares.
fn check(sc: &Scenario) {
    let name = sc.name;
    if !common::strace_available() {
        return;
    }
    let run = scenarios::run(
        sc,
        Twin::Rust,
        Purpose::Trace,
        &[("SOCKLAB_TRACE", "1")],
        // [ch14] the calls trace mode covers that the parity list does not
        &[
            "rt_sigreturn",
            "alarm",
            "ioctl",
            "readv",
            "writev",
            "epoll_create1",
            "epoll_ctl",
            "epoll_wait",
        ],
    );
    let (mut norm, sides) = run.traced();
    // read/write/close on files and pipes too: socklab may have made them
    norm.keep_all_fds = true;
    let mut report = String::new();
    let mut compared = 0;
    for (side, procs) in &sides {
        let Some(root) = procs.first() else {
            panic!("{}: strace recorded nothing\n{}", side.label, run.outputs)
        };
        let printed = trace_mode::trace_lines(&side.stderr, root.pid);
        for (k, p) in procs.iter().enumerate() {
            // strace's lines, as trace mode would order them, normalised,
            // each with whether trace mode prints it
            let mut lines: Vec<(String, Kind)> = trace_mode::as_trace_mode(&p.lines)
                .iter()
                .filter_map(|raw| Some((norm.line(raw)?, trace_mode::kind(raw))))
                .filter(|(_, kind)| *kind != Kind::Never)
                .collect();
            if k == 0 {
                drop_runtime(&mut lines);
            }
            for (line, _) in &mut lines {
                *line = trace_mode::by_design(line);
            }
            let got: Vec<String> = printed
                .iter()
                .filter(|(pid, _)| *pid == p.pid)
                .filter_map(|(_, l)| norm.line(l))
                .collect();
            let want = trace_mode::expected(&lines, &got);
            compared += want.len();
            if want != got {
                report.push_str(&format!(
                    "\n== process {} (pid {}): DIFFERENT ==\n",
                    p.label, p.pid
                ));
                report.push_str(&fidelity::side_by_side(
                    "strace",
                    &want,
                    "SOCKLAB_TRACE=1",
                    &got,
                ));
            }
        }
        // Every trace line belongs to a process strace saw.
        let pids: Vec<u32> = procs.iter().map(|p| p.pid).collect();
        let strays: Vec<&(u32, String)> = printed
            .iter()
            .filter(|(pid, _)| !pids.contains(pid))
            .collect();
        assert!(
            strays.is_empty(),
            "{}: trace lines of unknown processes: {strays:?}",
            side.label
        );
    }
    assert!(
        compared > 0,
        "scenario {name}: no calls compared\n{}",
        run.outputs
    );
    assert!(
        report.is_empty(),
        "scenario {name}: trace mode and strace disagree\n\
         (` ` same, `!` differ, `<` only strace, `>` only trace mode)\n{report}\n{}",
        run.outputs
    );
}

fidelity::scenario_tests!(
    check, SCENARIOS;
    tour,
    socket_init,
    tcp_upper,
    udp_upper,
    hello,
    forking_server,
    unix_stream,
    unix_dgram,
    ch08_udp,
    ch05_echo,
    ch05_tcpserv02,
    ch05_tcpserv03,
    ch05_tcpserv04,
    chat,
    daytime,
    fd_basics,
    ch06_select,
    ch06_poll,
    ch14_alarm,
    ch14_connect_timeo,
    ch14_peek,
    ch14_epoll,
    // [ch20]
    ch20_bcast3,
    ch20_bcast4,
    ch20_bcast6,
    ch14_iovec,
    // [ch15]
    ch15_unixbind,
    ch15_unixdg,
    ch15_cred,
);
