//! `socklab diagram` on real traces: socklab's example programs run under
//! real strace (`-f -tt` each side, `-ff`), and under socklab's own trace
//! mode, on loopback; each trace drawn as SVG and as text, and the
//! drawing's lanes and arrows checked: connect → accept, write → read both
//! ways, close → read = 0, the forked child's lane, sendto → recvfrom. The
//! SVG is checked as XML. Every program run is bounded (`common::run`'s
//! deadline; servers killed with their process group).
#![cfg(feature = "cli")]

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{Output, Server, example, output_within, run, run_env, strace, strace_available};

fn socklab() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_socklab"))
}

/// `socklab diagram ARGS…`, bounded in time.
fn diagram(args: &[&str]) -> Output {
    output_within(
        std::process::Command::new(socklab())
            .arg("diagram")
            .args(args),
    )
}

/// Waits until `file` contains `needle` (strace writes as the calls
/// happen), so that a server is stopped only after its trace shows the
/// conversation.
fn wait_for_in_file(file: &Path, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        if text.contains(needle) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{} never showed {needle:?}:\n{text}",
            file.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A server started under `strace -f -tt -o FILE` on port 0;
/// returns it and the port it printed (`listening on 0.0.0.0:PORT`, `bound to …`).
fn traced_server(name: &str, file: &Path, ready: &str) -> (Server, String) {
    let (server, line) = traced_server_args(name, file, &["0"], ready);
    let port = line.rsplit(':').next().unwrap_or("").trim().to_string();
    assert!(port.parse::<u16>().is_ok(), "no port in {line:?}");
    (server, port)
}

/// A server `NAME ARGS…` under `strace -f -tt -o FILE`, once it printed
/// `ready`; that line.
fn traced_server_args(name: &str, file: &Path, args: &[&str], ready: &str) -> (Server, String) {
    let path = example(name);
    let file = file.display().to_string();
    let mut argv = vec!["-f", "-tt", "-o", &file, path.to_str().expect("utf-8 path")];
    argv.extend_from_slice(args);
    let mut server = Server::start("strace", &argv, ready);
    let line = server
        .seen
        .iter()
        .find(|l| l.contains(ready))
        .cloned()
        .unwrap_or_else(|| server.wait_for_line(ready, Duration::from_secs(10)));
    (server, line)
}

/// A client `NAME ARGS…` under `strace -f -tt -o FILE`, `input` on its
/// standard input, run to its end.
fn traced_client(name: &str, file: &Path, args: &[&str], input: &str) -> Output {
    let path = example(name);
    let file = file.display().to_string();
    let mut argv = vec!["-f", "-tt", "-o", &file, path.to_str().expect("utf-8 path")];
    argv.extend_from_slice(args);
    let out = run("strace", &argv, input);
    out.assert_success();
    out
}

/// Waits until `file` holds `n` lines containing every one of `needles`.
fn wait_for_lines(file: &Path, needles: &[&str], n: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let found = text
            .lines()
            .filter(|l| needles.iter().all(|w| l.contains(w)))
            .count();
        if found >= n {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{} never showed {n} lines with {needles:?}:\n{text}",
            file.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A small XML well-formedness check: every tag closed in order,
/// attributes quoted, no bare `&` or `<` in text, one root `<svg>`.
fn assert_well_formed(svg: &str) {
    assert!(
        svg.starts_with("<svg "),
        "not an svg: {}",
        &svg[..svg.len().min(80)]
    );
    let mut stack: Vec<String> = Vec::new();
    let mut rest = svg;
    let mut roots = 0;
    while let Some(i) = rest.find('<') {
        let text = &rest[..i];
        check_text(text);
        let Some(j) = rest[i..].find('>') else {
            panic!("unclosed tag at {:?}", &rest[i..rest.len().min(i + 60)]);
        };
        let tag = &rest[i + 1..i + j];
        rest = &rest[i + j + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(open, name.trim(), "<{open}> closed by </{name}>");
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name = body.split_whitespace().next().unwrap_or("");
        assert!(
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b':'),
            "bad tag name in <{tag}>"
        );
        // attributes: name="value" pairs, values without '<'
        let attrs = &body[name.len()..];
        let quotes = attrs.matches('"').count();
        assert!(quotes.is_multiple_of(2), "unbalanced quotes in <{tag}>");
        for (k, part) in attrs.split('"').enumerate() {
            if k % 2 == 1 {
                check_text(part);
            } else if !part.trim().is_empty() {
                assert!(
                    part.trim().ends_with('='),
                    "attribute without value in <{tag}>"
                );
            }
        }
        if stack.is_empty() {
            roots += 1;
        }
        if !self_closing {
            stack.push(name.to_string());
        }
    }
    assert!(rest.trim().is_empty(), "text after the root: {rest:?}");
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert_eq!(roots, 1, "one root element");
}

/// Text content: `&` only as an entity.
fn check_text(text: &str) {
    for (k, part) in text.split('&').enumerate() {
        if k > 0 {
            let entity = part.split(';').next().unwrap_or("");
            assert!(
                ["amp", "lt", "gt", "quot", "apos"].contains(&entity) && part.contains(';'),
                "bare & in {text:?}"
            );
        }
    }
}

/// The arrows of the text form: `  3  write → read      A: x  ->  B: y  (6 B)`.
fn arrows(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|l| !l.starts_with("arrows"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| {
            // drop the number
            l.trim_start()
                .split_once("  ")
                .map_or(l, |(_, r)| r)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn count(list: &[String], prefix: &str) -> usize {
    list.iter().filter(|a| a.starts_with(prefix)).count()
}

#[test]
fn forking_echo_server_and_client_traced_separately() {
    if !strace_available() {
        return;
    }
    let dir = common::temp_dir();
    let srv = dir.path().join("server.trace");
    let cli = dir.path().join("client.trace");
    let (mut server, port) = traced_server("ch05_tcpserv01", &srv, "listening on");
    let client = example("ch05_tcpcli01");
    let cli_s = cli.display().to_string();
    let out = run(
        "strace",
        &[
            "-f",
            "-tt",
            "-o",
            &cli_s,
            client.to_str().expect("utf-8"),
            "127.0.0.1",
            &port,
        ],
        "hello\nworld\n",
    );
    out.assert_success();
    assert_eq!(out.stdout, "hello\nworld\n");
    // the child ends when the client has gone (its read returned 0), and
    // the parent hears of it
    wait_for_in_file(&srv, "--- SIGCHLD");
    server.stop();

    let srv_s = srv.display().to_string();
    let text = diagram(&["--format", "text", &srv_s, &cli_s]);
    text.assert_success();
    let t = &text.stdout;
    // three lanes: the server, its child (from the fork), the client
    let header = t.lines().nth(3).unwrap_or("");
    for lane in ["ch05_tcpserv01", "ch05_tcpserv01 (child)", "ch05_tcpcli01"] {
        assert!(header.contains(lane), "no lane {lane:?} in {header:?}\n{t}");
    }
    assert!(
        header.find("(child)") < header.find("ch05_tcpcli01"),
        "the child's lane is next to its parent: {header}"
    );
    let a = arrows(t);
    assert_eq!(
        count(
            &a,
            "connect → accept ch05_tcpcli01: connect(3) = 0 -> ch05_tcpserv01: accept(3) = 4"
        ),
        1,
        "{t}"
    );
    assert_eq!(count(&a, "fork ch05_tcpserv01: fork() = "), 1, "{t}");
    // each line: client write → child read, child write → client's readline
    assert_eq!(
        count(
            &a,
            "write → read ch05_tcpcli01: write(3) = 6 -> ch05_tcpserv01 (child): read(4) = 6"
        ),
        2,
        "{t}"
    );
    assert_eq!(
        count(
            &a,
            "write → read ch05_tcpserv01 (child): write(4) = 6 -> ch05_tcpcli01: read(3) ×6 = 6"
        ),
        2,
        "readline's six one-byte reads are one box: {t}"
    );
    assert_eq!(
        count(
            &a,
            "close → read = 0 ch05_tcpcli01: exit(0) -> ch05_tcpserv01 (child): read(4) = 0"
        ),
        1,
        "the client's exit closes its socket: {t}"
    );
    assert_eq!(
        count(
            &a,
            "exit → SIGCHLD ch05_tcpserv01 (child): exit(0) -> ch05_tcpserv01: SIGCHLD"
        ),
        1,
        "{t}"
    );
    // with -tt the accept waited: a bar
    assert!(t.contains("accept(3) …"), "{t}");
    assert!(t.contains("|  (waiting)"), "{t}");
    // the parent's close(4) after the fork sends no FIN: the child holds it
    assert!(!a.iter().any(|x| x.contains("close(4) = 0 ->")), "{t}");

    // the SVG: well-formed, with the same lanes and one line per arrow
    let svg_file = dir.path().join("echo.svg");
    let svg_s = svg_file.display().to_string();
    let out = diagram(&[&srv_s, &cli_s, "-o", &svg_s]);
    out.assert_success();
    assert!(out.stdout.is_empty(), "-o FILE: nothing on stdout");
    let svg = std::fs::read_to_string(&svg_file).expect("the svg file");
    assert_well_formed(&svg);
    assert!(svg.contains(r#"width="794""#), "A4 wide");
    // the child's header: its program, and "child of" its parent's pid
    assert_eq!(
        svg.matches(">ch05_tcpserv01</text>").count(),
        2,
        "two lanes of the server"
    );
    assert!(svg.contains(">ch05_tcpcli01</text>"), "the client's lane");
    assert!(svg.contains(", child of "), "the child's header");
    let arrow_lines = svg.matches("marker-end=\"url(#head-").count();
    // the legend has one sample per kind (6)
    assert_eq!(arrow_lines, a.len() + 6, "one line per arrow");
    assert_eq!(svg.matches("url(#head-Data)").count(), 4 + 1);
    // SVG on stdout by default
    let out = diagram(&[&srv_s, &cli_s]);
    out.assert_success();
    assert!(out.stdout.starts_with("<svg "));
}

#[test]
fn udp_pair_datagrams() {
    if !strace_available() {
        return;
    }
    let dir = common::temp_dir();
    let srv = dir.path().join("udpserv.trace");
    let cli = dir.path().join("udpcli.trace");
    let (mut server, port) = traced_server("ch08_udpserv01", &srv, "bound to");
    let client = example("ch08_udpcli01");
    let cli_s = cli.display().to_string();
    let out = run(
        "strace",
        &[
            "-f",
            "-tt",
            "-o",
            &cli_s,
            client.to_str().expect("utf-8"),
            "127.0.0.1",
            &port,
        ],
        "one\ntwo\n",
    );
    out.assert_success();
    wait_for_in_file(&srv, "sendto(3, \"two\\n\"");
    server.stop();
    let srv_s = srv.display().to_string();
    let text = diagram(&["--format", "text", &srv_s, &cli_s]);
    text.assert_success();
    let a = arrows(&text.stdout);
    let t = &text.stdout;
    assert_eq!(
        count(
            &a,
            "sendto → recvfrom ch08_udpcli01: sendto(3) = 4 -> ch08_udpserv01: recvfrom(3) = 4 (4 B)"
        ),
        2,
        "{t}"
    );
    assert_eq!(
        count(
            &a,
            "sendto → recvfrom ch08_udpserv01: sendto(3) = 4 -> ch08_udpcli01: recvfrom(3) = 4 (4 B)"
        ),
        2,
        "{t}"
    );
    assert_eq!(a.len(), 4, "only the datagrams: {t}");
    let out = diagram(&[&srv_s, &cli_s]);
    out.assert_success();
    assert_well_formed(&out.stdout);
}

#[test]
fn tour_under_strace_ff_and_in_trace_mode() {
    let tour = example("tour");
    let expect = |t: &str| {
        let a = arrows(t);
        for want in [
            "fork tour: fork() = ",
            "connect → accept tour (child): connect(3) = 0 -> tour: accept(3) = 4",
            "write → read tour (child): write(3) = 22 -> tour: read(4) = 22 (22 B)",
            "write → read tour: write(4) = 22 -> tour (child): read(3) = 22 (22 B)",
            "close → read = 0 tour: close(4) = 0 -> tour (child): read(3) = 0",
        ] {
            assert_eq!(count(&a, want), 1, "want {want:?}:\n{t}");
        }
    };
    // socklab's own trace mode: the tour's standard error
    let out = run_env(&tour, &[], "", &[("SOCKLAB_TRACE", "1")]);
    out.assert_success();
    let dir = common::temp_dir();
    let trace = dir.path().join("tour.trace");
    std::fs::write(&trace, &out.stderr).expect("write trace");
    let trace_s = trace.display().to_string();
    let text = diagram(&["--format", "text", &trace_s]);
    text.assert_success();
    expect(&text.stdout);
    // the poll that waits for the client is the parent's
    assert!(text.stdout.contains("poll([3]) = 1"), "{}", text.stdout);
    // the same trace on standard input (`-`)
    let piped = run(
        socklab(),
        &["diagram", "--format", "text", "-"],
        &out.stderr,
    );
    piped.assert_success();
    // a pipe has no file name: its lanes are called `stdin`
    expect(&piped.stdout.replace("stdin", "tour"));
    // the SVG, drawn by a real renderer when one is installed
    let svg = dir.path().join("tour.svg");
    let svg_s = svg.display().to_string();
    diagram(&[&trace_s, "-o", &svg_s]).assert_success();
    let png = dir.path().join("tour.png");
    match std::process::Command::new("rsvg-convert")
        .arg(&svg)
        .arg("-o")
        .arg(&png)
        .status()
    {
        Ok(status) => {
            assert!(status.success(), "rsvg-convert failed on {svg_s}");
            let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
            assert!(size > 10_000, "a picture, not an empty page: {size} bytes");
        }
        Err(_) => eprintln!(
            "note: rsvg-convert (librsvg2-bin) not installed: the SVG is checked as XML only"
        ),
    }

    if !strace_available() {
        return;
    }
    // strace -ff: one file per process, given by its prefix
    let prefix = dir.path().join("run");
    let prefix_s = prefix.display().to_string();
    let out = run(
        "strace",
        &[
            "-ff",
            "-tt",
            "-o",
            &prefix_s,
            tour.to_str().expect("utf-8"),
            "--no-trace",
        ],
        "",
    );
    out.assert_success();
    let files = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().starts_with("run."))
        })
        .count();
    assert_eq!(files, 2, "strace -ff: a file per process");
    let text = diagram(&["--format", "text", &prefix_s]);
    text.assert_success();
    expect(&text.stdout);
    assert!(text.stdout.contains("exit → SIGCHLD"), "{}", text.stdout);

    // one strace -f file without timestamps, with -yy's socket addresses
    // (`4<TCP:[127.0.0.1:…->127.0.0.1:…]>`): in the file's order
    let yy = dir.path().join("tour-yy.trace");
    let yy_s = yy.display().to_string();
    let out = run(
        "strace",
        &[
            "-f",
            "-yy",
            "-o",
            &yy_s,
            tour.to_str().expect("utf-8"),
            "--no-trace",
        ],
        "",
    );
    out.assert_success();
    let text = diagram(&["--format", "text", &yy_s]);
    text.assert_success();
    expect(&text.stdout);
    assert!(
        text.stdout.contains("(in the trace's order)"),
        "{}",
        text.stdout
    );
}

#[test]
fn bad_input_is_one_line() {
    let dir = common::temp_dir();
    let missing = dir.path().join("nothing-here");
    let out = diagram(&[missing.to_str().expect("utf-8")]);
    out.assert_one_line_error("No such file");
    let empty = dir.path().join("empty.trace");
    std::fs::write(&empty, "hello, not a trace\n").expect("write");
    let out = diagram(&[empty.to_str().expect("utf-8")]);
    out.assert_one_line_error("no socket calls");
    let out = diagram(&[]);
    assert!(!out.status.success());
    assert!(!out.stderr.contains("panicked"));
}

#[test]
fn the_shared_reader_takes_timestamps_pids_and_times() {
    let lines = strace::parse_strace(
        "100 02:00:01.500000 accept(3,  <unfinished ...>\n\
         [pid 200] 02:00:01.600000 connect(4, {sa_family=AF_UNIX, sun_path=\"/s\"}, 110) = 0 <0.000050>\n\
         100 02:00:01.700000 <... accept resumed>NULL, NULL) = 5\n",
    );
    assert_eq!(lines.len(), 2);
    assert_eq!((lines[0].pid, lines[1].pid), (100, 200));
    assert_eq!(lines[0].text, "accept(3, NULL, NULL) = 5");
    assert_eq!((lines[0].at, lines[0].end_at), (0, 2));
    let t0 = lines[0].time.expect("a time");
    assert!((t0 - (2.0 * 3600.0 + 1.5)).abs() < 1e-6);
    assert!((lines[0].end_time.expect("end") - t0 - 0.2).abs() < 1e-6);
    assert_eq!(lines[1].duration, Some(0.00005));
    assert!(lines[1].text.ends_with("= 0"), "{}", lines[1].text);
    // -r: relative times add up
    let r = strace::parse_strace(
        "     0.000010 socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3\n     0.500000 close(3) = 0\n",
    );
    assert!((r[1].time.expect("time") - 0.50001).abs() < 1e-9);
}

#[test]
fn forking_server_and_two_clients_each_child_its_own_lane() {
    if !strace_available() {
        return;
    }
    let dir = common::temp_dir();
    let srv = dir.path().join("forking_server.trace");
    let (c1, c2) = (
        dir.path().join("first.trace"),
        dir.path().join("second.trace"),
    );
    let (mut server, port) = traced_server("forking_server", &srv, "listening on");
    traced_client("message_client", &c1, &["localhost", &port], "first\n");
    traced_client("message_client", &c2, &["localhost", &port], "second\n");
    wait_for_lines(&srv, &["+++ exited with 0 +++"], 2);
    server.stop();
    let names: Vec<String> = [&srv, &c1, &c2]
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut args = vec!["--format", "text"];
    args.extend(names.iter().map(String::as_str));
    let text = diagram(&args);
    text.assert_success();
    let t = &text.stdout;
    let header = t.lines().nth(3).unwrap_or("");
    assert_eq!(
        header.matches("forking_server (child)").count(),
        2,
        "{header}"
    );
    for lane in ["message_client #1", "message_client #2"] {
        assert!(header.contains(lane), "no lane {lane:?}: {header}");
    }
    let a = arrows(t);
    assert_eq!(count(&a, "fork forking_server: fork() = "), 2, "{t}");
    assert_eq!(
        count(
            &a,
            "connect → accept message_client #1: connect(3) = 0 -> forking_server: accept(3) = 4"
        ),
        1,
        "{t}"
    );
    assert_eq!(
        count(
            &a,
            "connect → accept message_client #2: connect(3) = 0 -> forking_server: accept(3) = 4"
        ),
        1,
        "{t}"
    );
    assert_eq!(
        count(
            &a,
            "write → read message_client #1: write(3) = 6 -> forking_server (child): read(4) = 6"
        ),
        1,
        "{t}"
    );
    assert_eq!(
        count(
            &a,
            "write → read message_client #2: write(3) = 7 -> forking_server (child): read(4) = 7"
        ),
        1,
        "{t}"
    );
    assert_eq!(
        count(
            &a,
            "write → read forking_server (child): write(4) = 18 -> message_client"
        ),
        2,
        "{t}"
    );
    // getaddrinfo's try of nscd (an AF_UNIX socket of the C library) is left out
    assert!(!t.contains("socket() = 4"), "{t}");
}

#[test]
fn select_server_and_two_clients_one_process() {
    if !strace_available() {
        return;
    }
    let dir = common::temp_dir();
    let srv = dir.path().join("select.trace");
    let (c1, c2) = (dir.path().join("c1.trace"), dir.path().join("c2.trace"));
    let (mut server, port) = traced_server("ch06_tcpservselect01", &srv, "listening on");
    traced_client("ch05_tcpcli01", &c1, &["127.0.0.1", &port], "one\n");
    traced_client("ch05_tcpcli01", &c2, &["127.0.0.1", &port], "two\n");
    // the server's read of each client's end of stream
    wait_for_lines(&srv, &["read(", "\"\", ", "= 0"], 2);
    server.stop();
    let names: Vec<String> = [&srv, &c1, &c2]
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut args = vec!["--format", "text"];
    args.extend(names.iter().map(String::as_str));
    let text = diagram(&args);
    text.assert_success();
    let t = &text.stdout;
    let header = t.lines().nth(3).unwrap_or("");
    assert!(!header.contains("(child)"), "one process: {header}");
    let a = arrows(t);
    assert_eq!(count(&a, "connect → accept ch05_tcpcli01 #"), 2, "{t}");
    assert_eq!(
        count(
            &a,
            "write → read ch05_tcpcli01 #1: write(3) = 4 -> ch06_tcpservselect01: read("
        ),
        1,
        "{t}"
    );
    assert_eq!(
        count(&a, "write → read ch06_tcpservselect01: write("),
        2,
        "{t}"
    );
    assert_eq!(count(&a, "close → read = 0 ch05_tcpcli01 #"), 2, "{t}");
    assert!(
        t.contains("pselect6([3]) "),
        "the select on the listening socket: {t}"
    );
}

#[test]
fn unix_stream_pair_a_path_for_an_address() {
    if !strace_available() {
        return;
    }
    let dir = common::temp_dir();
    let srv = dir.path().join("ux-server.trace");
    let cli = dir.path().join("ux-client.trace");
    let path = dir.path().join("s.sock");
    let path_s = path.display().to_string();
    let (mut server, _) = traced_server_args(
        "unix_stream_server",
        &srv,
        &[&path_s],
        "Waiting for connections",
    );
    traced_client("unix_stream_client", &cli, &[&path_s], "hi\n");
    wait_for_lines(&srv, &["close(4)"], 1);
    server.stop();
    let (s, c) = (srv.display().to_string(), cli.display().to_string());
    let text = diagram(&["--format", "text", &s, &c]);
    text.assert_success();
    let t = &text.stdout;
    let a = arrows(t);
    assert_eq!(
        a,
        vec![
            "connect → accept unix_stream_client: connect(3) = 0 -> unix_stream_server: accept(3) = 4".to_string(),
            "write → read unix_stream_client: write(3) = 3 -> unix_stream_server: read(4) = 3 (3 B)".to_string(),
            "write → read unix_stream_server: write(4) = 18 -> unix_stream_client: read(3) = 18 (18 B)".to_string(),
        ],
        "{t}"
    );
    let svg = diagram(&[&s, &c]);
    svg.assert_success();
    assert_well_formed(&svg.stdout);
    assert!(
        svg.stdout.contains(&path_s),
        "the socket's path is the address"
    );
}

/// Writes `text` to a file in `dir` and draws it as text.
fn draw_text(dir: &Path, name: &str, text: &str) -> String {
    let file = dir.join(name);
    std::fs::write(&file, text).expect("write trace");
    let out = diagram(&["--format", "text", file.to_str().expect("utf-8")]);
    out.assert_success();
    out.stdout
}

#[test]
fn matching_rules_on_a_written_trace() {
    // one strace -f file, no timestamps, two processes without execve
    // (named after the file: #1, #2): the accept waits (unfinished), one
    // write is read in two pieces, shutdown and close end each side
    let dir = common::temp_dir();
    let t = draw_text(
        dir.path(),
        "pair.trace",
        r#"100 socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
100 bind(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
100 listen(3, 5) = 0
100 accept(3, NULL, NULL <unfinished ...>
200 socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
200 connect(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
100 <... accept resumed>) = 4
200 write(3, "abcdef", 6) = 6
100 read(4, "abc", 3) = 3
100 read(4, "def", 3) = 3
200 shutdown(3, SHUT_WR) = 0
100 read(4, "", 3) = 0
100 write(4, "bye", 3) = 3
100 close(4) = 0
200 read(3, "bye", 10) = 3
200 read(3, "", 10) = 0
"#,
    );
    assert_eq!(
        arrows(&t),
        [
            "connect → accept pair #2: connect(3) = 0 -> pair #1: accept(3) = 4",
            "write → read pair #2: write(3) = 6 -> pair #1: read(4) ×2 = 6 (6 B)",
            "close → read = 0 pair #2: shutdown(3, SHUT_WR) = 0 -> pair #1: read(4) = 0",
            "write → read pair #1: write(4) = 3 -> pair #2: read(3) = 3 (3 B)",
            "close → read = 0 pair #1: close(4) = 0 -> pair #2: read(3) = 0",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>(),
        "{t}"
    );
    assert!(t.contains("accept(3) …"), "the accept waited: {t}");
}

#[test]
fn fork_shares_the_connection_until_the_last_close() {
    // the parent closes connfd after fork: no FIN; the child's exit is
    let dir = common::temp_dir();
    let t = draw_text(
        dir.path(),
        "fork.trace",
        r#"100 socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
100 bind(3, {sa_family=AF_INET, sin_port=htons(5000), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
100 listen(3, 5) = 0
200 socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
200 connect(3, {sa_family=AF_INET, sin_port=htons(5000), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
100 accept(3, {sa_family=AF_INET, sin_port=htons(40000), sin_addr=inet_addr("127.0.0.1")}, [16]) = 4
100 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 101
100 close(4) = 0
101 close(3) = 0
101 write(4, "hi", 2) = 2
200 read(3, "hi", 10) = 2
101 exit_group(0) = ?
101 +++ exited with 0 +++
200 read(3, "", 10) = 0
100 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=101, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---
"#,
    );
    let a = arrows(&t);
    assert!(
        a.contains(
            &"close → read = 0 fork #1 (child): exit(0) -> fork #2: read(3) = 0".to_string()
        ),
        "{t}"
    );
    assert!(
        !a.iter().any(|x| x.contains("close(4) = 0 ->")),
        "the parent's close sends nothing: {t}"
    );
    assert!(
        a.contains(&"exit → SIGCHLD fork #1 (child): exit(0) -> fork #1: SIGCHLD".to_string()),
        "{t}"
    );
}

#[test]
fn a_datagram_reply_goes_to_the_port_recvfrom_learnt() {
    // the client never binds: its port is known from the server's recvfrom
    let dir = common::temp_dir();
    let t = draw_text(
        dir.path(),
        "udp.trace",
        r#"100 socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3
100 bind(3, {sa_family=AF_INET, sin_port=htons(7000), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
200 socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3
200 sendto(3, "ping", 4, 0, {sa_family=AF_INET, sin_port=htons(7000), sin_addr=inet_addr("127.0.0.1")}, 16) = 4
100 recvfrom(3, "ping", 100, 0, {sa_family=AF_INET, sin_port=htons(50000), sin_addr=inet_addr("127.0.0.1")}, [16]) = 4
100 sendto(3, "pong!", 5, 0, {sa_family=AF_INET, sin_port=htons(50000), sin_addr=inet_addr("127.0.0.1")}, 16) = 5
200 recvfrom(3, "pong!", 100, 0, NULL, NULL) = 5
"#,
    );
    assert_eq!(
        arrows(&t),
        vec![
            "sendto → recvfrom udp #2: sendto(3) = 4 -> udp #1: recvfrom(3) = 4 (4 B)".to_string(),
            "sendto → recvfrom udp #1: sendto(3) = 5 -> udp #2: recvfrom(3) = 5 (5 B)".to_string(),
        ],
        "{t}"
    );
}
