//! UNP chapter 22, advanced UDP sockets, in the lab (`socklab lab`, issue
//! 13): `ch22_dgechoaddr` (and its C twin) report the right destination —
//! its own unicast address, the subnet's broadcast address, a multicast
//! group — the arrival interface, and truncation of a datagram longer
//! than its 20 bytes; `ch22_udpcli01` (§ 22.5, `dg_send_recv`) gets an
//! answer for every line across a link that drops 30 % of the datagrams,
//! retransmitting about as often as the link dropped; `ch22_udpserv03`
//! (§ 22.6) on the router, a host with two interfaces, shows which of its
//! sockets got each datagram, and leaves no process behind after Ctrl-C.
//! Needs root; skipped with one line elsewhere (under `CI=true` it fails
//! instead).
#![cfg(feature = "cli")]

mod common;

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Twin;
use common::lab::Lab;

#[test]
fn dgechoaddr_reports_destination_interface_and_truncation() {
    let Some(lab) = Lab::up("echoaddr", &["--hosts", "3"]) else {
        return;
    };
    let mut servers = [
        (
            "h2",
            lab.start_on(
                "h2",
                common::example("ch22_dgechoaddr"),
                &[],
                "bound to",
                &[],
            ),
        ),
        (
            "h3",
            lab.start_on(
                "h3",
                common::c_twin("ch22_dgechoaddr"),
                &[],
                "bound to",
                &[],
            ),
        ),
    ];
    let h1 = |program: std::path::PathBuf, args: &[&str], input: &str| {
        let out = lab.run_on("h1", &program, args, input, &[]);
        assert!(
            out.status.success(),
            "{}: {}",
            program.display(),
            out.stderr
        );
        out.stdout
    };
    // unicast to each, a short datagram and one of 30 bytes
    for host in ["198.51.100.2", "198.51.100.3"] {
        let echo = h1(common::example("ch08_udpcli01"), &[host, "9877"], "hello\n");
        assert_eq!(echo, "hello\n");
        let echo = h1(
            common::example("ch08_udpcli01"),
            &[host, "9877"],
            "a line of thirty characters..\n",
        );
        assert_eq!(echo, "a line of thirty cha", "the echo of what was kept");
    }
    // broadcast and multicast (the all-hosts group): both servers answer
    let bcast = h1(
        common::example("ch20_dgclibcast1"),
        &["198.51.100.255", "9877"],
        "\n",
    );
    assert_eq!(bcast.lines().count(), 2, "{bcast}");
    let mcast = h1(common::example("ch21_udpcli01"), &[], "\n");
    assert_eq!(mcast.lines().count(), 2, "{mcast}");

    for (host, server) in servers.iter_mut() {
        server.drain(Duration::from_millis(300));
        let own = if *host == "h2" {
            "198.51.100.2"
        } else {
            "198.51.100.3"
        };
        let lines: Vec<String> = server
            .seen
            .iter()
            .filter(|l| l.contains("-byte datagram from 198.51.100.1:"))
            .map(|l| {
                // drop the sender's port: "from 198.51.100.1:NNNN, to …"
                let (head, tail) = l.split_once("198.51.100.1:").expect("sender");
                let rest = tail.split_once(',').map_or("", |(_, r)| r);
                format!("{head}198.51.100.1,{rest}")
            })
            .collect();
        let want = [
            format!("6-byte datagram from 198.51.100.1, to {own}, recv i/f = eth0"),
            format!(
                "20-byte datagram from 198.51.100.1, to {own}, recv i/f = eth0 (datagram truncated)"
            ),
            "1-byte datagram from 198.51.100.1, to 198.51.100.255, recv i/f = eth0".to_string(),
            "1-byte datagram from 198.51.100.1, to 224.0.0.1, recv i/f = eth0".to_string(),
        ];
        assert_eq!(lines, want, "{host}: {:?}", server.seen);
    }
}

// ---------------------------------------------------------------------
// § 22.5: ch22_udpcli01 (dg_send_recv) across a lossy link
// ---------------------------------------------------------------------

/// Runs PROGRAM ARGS… on host NODE with `input` on its standard input,
/// killed after `limit` (a lossy run can take longer than the usual
/// [`common::RUN_TIMEOUT`]).
fn run_long(
    lab: &Lab,
    node: &str,
    program: &std::path::Path,
    args: &[&str],
    input: &str,
    limit: Duration,
) -> common::Output {
    let argv = lab.on(node, program, args);
    let mut child = Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn ip netns exec");
    let mut stdin = child.stdin.take().expect("stdin");
    let data = input.as_bytes().to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&data); // then closed: end of file
    });
    let out = common::wait_with_timeout(child, limit);
    let _ = writer.join();
    out
}

/// The datagrams the lab's switch dropped so far (the `counter` of its
/// `--loss` rule, `nft list table bridge socklab` in the switch).
fn dropped(lab: &Lab) -> u64 {
    let out = Command::new("ip")
        .args([
            "netns",
            "exec",
            &lab.ns("sw"),
            "nft",
            "list",
            "table",
            "bridge",
            "socklab",
        ])
        .output()
        .expect("nft list table");
    assert!(
        out.status.success(),
        "nft: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let (_, after) = text
        .split_once("counter packets ")
        .unwrap_or_else(|| panic!("no counter in {text}"));
    after
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {text}"))
}

/// `LINES` numbered lines through the echo server on h2, whose link drops
/// 30 % of the datagrams delivered to it (the requests; the replies pass):
/// every line comes back, in order; each dropped request cost one timeout
/// and one retransmission (`-v` prints them); the drops are about 30 % of
/// what was sent. Returns (retransmissions, drops, time taken).
fn lossy_run(twin: Twin, tag: &str, lines: usize, min_ms: &str) -> Option<(usize, u64, Duration)> {
    let lab = Lab::up(tag, &["--hosts", "2", "--loss", "30", "--link", "h2"])?;
    let _server = lab.start_on(
        "h2",
        common::example("ch08_udpserv01"),
        &[],
        "bound to",
        &[],
    );
    let input: String = (1..=lines).map(|i| format!("line {i}\n")).collect();
    let start = Instant::now();
    let client = twin.bin("ch22_udpcli01");
    let out = run_long(
        &lab,
        "h1",
        &client,
        &["-v", "-m", min_ms, "-n", "20", "198.51.100.2", "9877"],
        &input,
        Duration::from_secs(300),
    );
    let took = start.elapsed();
    out.assert_success();
    assert_eq!(out.stdout, input, "{twin:?}: every line, once, in order");
    let retransmissions = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("dg_send_recv: timeout, retransmitting seq "))
        .count();
    assert_eq!(
        retransmissions,
        out.stderr.lines().count(),
        "{twin:?}: nothing but retransmissions on stderr:\n{}",
        out.stderr
    );
    Some((retransmissions, dropped(&lab), took))
}

/// The Rust client, 200 lines, a 100 ms minimum RTO (`-m 100`: the book's
/// 2 s would make this run take many minutes) and up to 20
/// retransmissions (`-n 20`: with the book's 3, a line is lost to four
/// drops in a row — 0.3⁴, almost 1 %, so about one run in two would give
/// up somewhere in 200 lines). Expected: 200 × 0.3/0.7 ≈ 86
/// retransmissions (σ ≈ 11), some 20 s.
#[test]
fn udpcli01_answers_every_line_across_a_link_that_drops_30_percent() {
    let Some((r, d, took)) = lossy_run(Twin::Rust, "rttrust", 200, "100") else {
        return;
    };
    eprintln!("ch22_udpcli01: 200 lines, {r} retransmissions, {d} datagrams dropped, {took:?}");
    // about 30 % of the 200 + r datagrams sent were dropped (±5 σ)
    let sent = 200 + r as u64;
    assert!(
        (sent * 15..=sent * 45).contains(&(d * 100)),
        "{d} of {sent} dropped is not about 30 %"
    );
    // each drop is a timeout, and a timeout is a drop — give or take a
    // reply that took longer than the 100 ms RTO on a loaded machine
    assert!(
        (r as u64).abs_diff(d) <= 3 + d / 10,
        "{r} retransmissions for {d} drops"
    );
}

/// The C twin, the book's way: alarm() counts whole seconds, so its
/// minimum RTO is 1 s (`-m 1000`), and a short run: 10 lines.
#[test]
fn the_c_twin_answers_every_line_across_the_same_link() {
    let Some((r, d, took)) = lossy_run(Twin::C, "rttc", 10, "1000") else {
        return;
    };
    eprintln!("C ch22_udpcli01: 10 lines, {r} retransmissions, {d} datagrams dropped, {took:?}");
    assert!(
        (r as u64).abs_diff(d) <= 1,
        "{r} retransmissions for {d} drops"
    );
}

// ---------------------------------------------------------------------
// § 22.6: ch22_udpserv03 on the router, a host with two interfaces
// ---------------------------------------------------------------------

/// Does this process ignore SIGINT (`SigIgn` in /proc/self/status)? The
/// programs it starts would inherit that.
fn sigint_ignored_here() -> bool {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("SigIgn:"))
        .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
        .is_some_and(|mask| mask & (1 << (libc::SIGINT - 1)) != 0)
}

/// Live (non-zombie) processes whose process group is `pgid`.
fn group_members(pgid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // pid (comm) state ppid pgrp …; comm may hold spaces
        let Some((_, rest)) = stat.rsplit_once(") ") else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.len() > 2 && fields[0] != "Z" && fields[2] == pgid.to_string() {
            out.push(pid);
        }
    }
    out
}

fn udpserv03_reports_which_socket_got_each_datagram(twin: Twin, tag: &str) {
    let Some(lab) = Lab::up(tag, &["--router"]) else {
        return;
    };
    let server_bin = twin.bin("ch22_udpserv03");
    let mut server = lab.start_on("r", &server_bin, &[], "bound 0.0.0.0:9877", &[]);
    let bound: Vec<&str> = server.seen.iter().map(String::as_str).collect();
    assert_eq!(
        bound,
        [
            "bound 127.0.0.1:9877",
            "bound 198.51.100.254:9877",
            "bound 198.51.100.255:9877",
            "bound 203.0.113.254:9877",
            "bound 203.0.113.255:9877",
            "bound 0.0.0.0:9877",
        ],
        "{twin:?}: every unicast and broadcast address, then the wildcard"
    );
    let echo = |node: &str, to: &str| {
        let out = lab.run_on(
            node,
            common::example("ch08_udpcli01"),
            &[to, "9877"],
            "hi\n",
            &[],
        );
        out.assert_success();
        assert_eq!(out.stdout, "hi\n", "{twin:?}: {node} to {to}");
    };
    // a broadcast gets two answers: the broadcast address's socket's and
    // the wildcard's (ch20_dgclibcast1 listens 5 s for them)
    let bcast = |node: &str, to: &str, from: &str| {
        let out = lab.run_on(
            node,
            common::example("ch20_dgclibcast1"),
            &[to, "9877"],
            "hi\n",
            &[],
        );
        out.assert_success();
        assert_eq!(
            out.stdout,
            format!("from {from}: hi\nfrom {from}: hi\n"),
            "{twin:?}: {node} to {to}"
        );
    };
    echo("h1", "198.51.100.254");
    echo("h4", "203.0.113.254");
    echo("h4", "198.51.100.254"); // the first subnet's address, from the second
    echo("r", "127.0.0.1");
    bcast("h1", "198.51.100.255", "198.51.100.254");
    bcast("h4", "203.0.113.255", "203.0.113.254");
    let want_lines = 4 + 2 + 2;
    let deadline = Instant::now() + Duration::from_secs(10);
    while server
        .seen
        .iter()
        .filter(|l| l.starts_with("child "))
        .count()
        < want_lines
        && Instant::now() < deadline
    {
        server.drain(Duration::from_millis(200));
    }
    // "child PID, datagram from ADDR:PORT, to ADDR:PORT" → (pid, from host, to)
    let mut got: Vec<(String, String, String)> = server
        .seen
        .iter()
        .filter_map(|l| l.strip_prefix("child "))
        .map(|l| {
            let (pid, rest) = l.split_once(", datagram from ").expect("a child line");
            let (from, to) = rest.split_once(", to ").expect("a child line");
            let host = from.rsplit_once(':').map_or(from, |(h, _)| h);
            (pid.to_string(), host.to_string(), to.to_string())
        })
        .collect();
    // the broadcast's two lines come in either order
    let mut sorted: Vec<(String, String)> =
        got.iter().map(|(_, f, t)| (f.clone(), t.clone())).collect();
    sorted.sort();
    let mut want: Vec<(String, String)> = [
        ("198.51.100.1", "198.51.100.254:9877"),
        ("203.0.113.4", "203.0.113.254:9877"),
        ("203.0.113.4", "198.51.100.254:9877"),
        ("127.0.0.1", "127.0.0.1:9877"),
        ("198.51.100.1", "198.51.100.255:9877"),
        ("198.51.100.1", "0.0.0.0:9877"),
        ("203.0.113.4", "203.0.113.255:9877"),
        ("203.0.113.4", "0.0.0.0:9877"),
    ]
    .iter()
    .map(|(f, t)| (f.to_string(), t.to_string()))
    .collect();
    want.sort();
    assert_eq!(sorted, want, "{twin:?}: {:#?}", server.seen);
    // one child per socket: an address is always the same child's, and
    // six sockets, six children, none of them the parent
    got.sort_by(|a, b| a.2.cmp(&b.2));
    let mut by_addr = std::collections::BTreeMap::new();
    for (pid, _, to) in &got {
        let first = by_addr.entry(to.clone()).or_insert_with(|| pid.clone());
        assert_eq!(first, pid, "{twin:?}: {to} answered by two processes");
    }
    let pids: std::collections::BTreeSet<&String> = by_addr.values().collect();
    assert_eq!(
        pids.len(),
        by_addr.len(),
        "{twin:?}: a child per socket: {by_addr:?}"
    );
    let pgid = server.pid();
    assert!(
        !pids.contains(&pgid.to_string()),
        "{twin:?}: the parent does not serve"
    );
    assert_eq!(
        group_members(pgid).len(),
        7,
        "{twin:?}: the parent and six children"
    );

    // Ctrl-C: SIGINT to the process group; nobody is left. (Where this
    // test itself was started with SIGINT ignored — a background job of a
    // non-interactive shell — the programs inherit that, as C's do:
    // SIGTERM, whose default action is the same, stands in for it.)
    let signo = if sigint_ignored_here() {
        eprintln!("note: SIGINT is ignored in this process (a background job?): SIGTERM instead");
        socklab::SIGTERM
    } else {
        socklab::SIGINT
    };
    socklab::kill(-(pgid as i32), signo).expect("kill the group");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !group_members(pgid).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        group_members(pgid),
        Vec::<u32>::new(),
        "{twin:?}: left behind after signal {signo}"
    );
}

#[test]
fn udpserv03_on_the_router_shows_which_socket_got_each_datagram() {
    udpserv03_reports_which_socket_got_each_datagram(Twin::Rust, "serv3rust");
}

#[test]
fn the_c_udpserv03_on_the_router_shows_the_same() {
    udpserv03_reports_which_socket_got_each_datagram(Twin::C, "serv3c");
}

/// The parent's calls under strace (not `-f`: its children run untraced)
/// on the router, from get_ifi_info's `socket` to the last fork, made
/// comparable: pointers become `0x...`, a fork's result `PID`.
fn udpserv03_parent_trace(lab: &Lab, twin: Twin) -> Vec<String> {
    let dir = common::temp_dir();
    let file = dir.path().join("trace");
    let file_arg = file.to_string_lossy().into_owned();
    let bin = twin.bin("ch22_udpserv03");
    let bin_arg = bin.to_string_lossy().into_owned();
    let args = [
        "-qq",
        "-e",
        "trace=socket,ioctl,setsockopt,bind,clone,clone3,close",
        "-o",
        &file_arg,
        &bin_arg,
    ];
    let server = lab.start_on("r", "strace", &args, "bound 0.0.0.0:9877", &[]);
    // the last fork is written once it has returned: six complete clone
    // lines (strace writes a call's start before its result comes)
    let deadline = Instant::now() + Duration::from_secs(10);
    let forks = |text: &str| {
        text.lines()
            .filter(|l| l.starts_with("clone") && l.contains(") = "))
            .count()
    };
    while forks(&std::fs::read_to_string(&file).unwrap_or_default()) < 6 {
        assert!(
            Instant::now() < deadline,
            "{twin:?}: six forks under strace"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(server); // SIGKILL to its process group: strace, parent, children
    let text = std::fs::read_to_string(&file).expect("strace output");
    text.lines()
        .skip_while(|l| !l.starts_with("socket("))
        .filter(|l| !l.starts_with("+++") && !l.starts_with("---"))
        .map(|l| {
            let mut l = l.to_string();
            while l.contains("  =") {
                l = l.replace("  =", " =");
            }
            if l.starts_with("clone")
                && let Some((call, _)) = l.rsplit_once(" = ")
            {
                l = format!("{call} = PID");
            }
            let mut out = String::new();
            let mut rest = l.as_str();
            while let Some(i) = rest.find("0x") {
                out.push_str(&rest[..i]);
                let hex = rest[i + 2..]
                    .bytes()
                    .take_while(u8::is_ascii_hexdigit)
                    .count();
                out.push_str(if hex > 4 {
                    "0x..."
                } else {
                    &rest[i..i + 2 + hex]
                });
                rest = &rest[i + 2 + hex..];
            }
            out.push_str(rest);
            out
        })
        .collect()
}

/// Parity, on the router (the program binds every interface of its
/// host, so not on the machine's own): the C twin and the Rust make the
/// same calls — get_ifi_info's ioctls, then per address socket,
/// setsockopt(SO_REUSEADDR), bind, fork.
#[test]
fn udpserv03_c_and_rust_make_the_same_calls() {
    if !common::strace_available() {
        return;
    }
    let Some(lab) = Lab::up("serv3trace", &["--router"]) else {
        return;
    };
    let c = udpserv03_parent_trace(&lab, Twin::C);
    let rust = udpserv03_parent_trace(&lab, Twin::Rust);
    for want in [
        "ioctl(3, SIOCGIFCONF, ",
        "bind(7, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr(\"203.0.113.255\")}, 16) = 0",
        "clone(",
    ] {
        assert!(
            c.iter().any(|l| l.starts_with(want)),
            "no {want:?} in the C trace: {c:#?}"
        );
    }
    assert_eq!(c, rust, "C (left) and Rust (right) differ");
}
