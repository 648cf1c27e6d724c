//! UNP chapter 20, broadcasting, in the lab (`socklab lab`, issue 13):
//! `h1` broadcasts to 198.51.100.255 and hears every host that runs the
//! chapter 11 UDP daytime server, each reply with its sender; without
//! SO_BROADCAST the sendto fails with EACCES; and the SIGALRM race of
//! `ch20_dgclibcast1` is provoked on purpose (strace holds a `recvfrom`
//! past the alarm), which the fixed versions survive. Each test makes its
//! own lab; they need root and say so in one line where it is missing
//! (under `CI=true` they fail instead).
#![cfg(feature = "cli")]

mod common;

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::lab::Lab;

/// The broadcast clients: the Rust examples and the C twins (dgclibcast5,
/// sigsetjmp, is C only).
fn clients() -> Vec<(String, PathBuf)> {
    let mut all = Vec::new();
    for n in [1, 3, 4, 6] {
        let name = format!("ch20_dgclibcast{n}");
        all.push((format!("{name} (Rust)"), common::example(&name)));
    }
    for n in [1, 3, 4, 5, 6] {
        let name = format!("ch20_dgclibcast{n}");
        all.push((format!("{name} (C)"), common::c_twin(&name)));
    }
    all
}

/// A lab of three hosts with the chapter 11 daytime server on port 13 of
/// h2 and h3.
fn lab_with_daytime_servers(tag: &str) -> Option<(Lab, Vec<common::Server>)> {
    let lab = Lab::up(tag, &["--hosts", "3"])?;
    let servers = ["h2", "h3"]
        .iter()
        .map(|h| {
            lab.start_on(
                h,
                common::example("ch11_daytimeudpsrv2"),
                &["13"],
                "bound to",
                &[],
            )
        })
        .collect();
    Some((lab, servers))
}

/// The senders of the `from ADDR: TIME` lines, sorted.
fn repliers(stdout: &str) -> Vec<String> {
    let mut from: Vec<String> = stdout
        .lines()
        .map(|l| {
            let rest = l
                .strip_prefix("from ")
                .unwrap_or_else(|| panic!("not a reply line: {l:?}"));
            let (addr, time) = rest.split_once(": ").expect("from ADDR: TIME");
            assert_eq!(time.len(), 24, "ctime's text: {time:?}");
            addr.to_string()
        })
        .collect();
    from.sort();
    from
}

#[test]
fn a_broadcast_is_answered_by_every_daytime_server() {
    let Some((lab, _servers)) = lab_with_daytime_servers("bc") else {
        return;
    };
    // all clients at once: each waits its 5 seconds for replies
    let runs: Vec<_> = clients()
        .into_iter()
        .map(|(label, path)| {
            let argv = lab.on("h1", path, &[]);
            std::thread::spawn(move || {
                let args: Vec<&str> = argv[1..].iter().map(String::as_str).collect();
                let start = Instant::now();
                let out = common::run("ip", &args, "\n");
                (label, out, start.elapsed())
            })
        })
        .collect();
    for run in runs {
        let (label, out, took) = run.join().expect("client thread");
        assert!(
            out.status.success() && !out.timed_out,
            "{label}: {:?}\n{}",
            out.status,
            out.stderr
        );
        assert_eq!(out.stderr, "", "{label}");
        assert_eq!(
            repliers(&out.stdout),
            ["198.51.100.2", "198.51.100.3"],
            "{label}: one reply from each server"
        );
        assert!(
            took >= Duration::from_millis(4900) && took < Duration::from_secs(9),
            "{label}: waited {took:?} for replies, the alarm says 5 s"
        );
    }
}

#[test]
fn without_so_broadcast_the_kernel_refuses_with_eacces() {
    let Some((lab, _servers)) = lab_with_daytime_servers("nobc") else {
        return;
    };
    // chapter 8's client: dg_cli, no SO_BROADCAST
    let rust = lab.run_on(
        "h1",
        common::example("ch08_udpcli01"),
        &["198.51.100.255", "13"],
        "hello\n",
        &[],
    );
    assert_eq!(rust.status.code(), Some(1), "{}", rust.stderr);
    assert_eq!(rust.stderr, "sendto: Permission denied (EACCES)\n");
    let c = lab.run_on(
        "h1",
        common::c_twin("ch08_udpcli01"),
        &["198.51.100.255", "13"],
        "hello\n",
        &[],
    );
    assert_eq!(c.status.code(), Some(1), "{}", c.stderr);
    assert_eq!(c.stderr, "sendto: Permission denied\n");
    // the same client to one host's address is answered
    let unicast = lab.run_on(
        "h1",
        common::example("ch08_udpcli01"),
        &["198.51.100.2", "13"],
        "hello\n",
        &[],
    );
    unicast.assert_success();
    assert_eq!(unicast.stdout.len(), 26, "{:?}", unicast.stdout);
}

/// Runs PROGRAM on h1 under strace, which holds the return of the first
/// call named `call` for 6 seconds: the 5-second SIGALRM comes while the
/// program is *not* blocked in recvfrom. Returns what it printed, and
/// whether it ended within 10 seconds (or was killed, with strace and the
/// program: the whole process group).
fn provoked(lab: &Lab, program: &PathBuf, call: &str) -> (String, bool) {
    let inject = format!("inject={call}:delay_exit=6000000:when=1");
    let mut child = Command::new("ip")
        .args(["netns", "exec", &lab.ns("h1"), "strace", "-f", "-qq"])
        .args([
            "-o",
            "/dev/null",
            "-e",
            &format!("trace={call}"),
            "-e",
            &inject,
        ])
        .arg(program)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("spawn strace");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"\n").expect("write the request line");
    drop(stdin);
    let deadline = Instant::now() + Duration::from_secs(10);
    let ended = loop {
        if child.try_wait().expect("try_wait").is_some() {
            break true;
        }
        if Instant::now() >= deadline {
            common::kill_group(child.id());
            let _ = child.wait();
            break false;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = String::new();
    let _ = std::io::Read::read_to_string(&mut child.stdout.take().expect("stdout"), &mut stdout);
    (stdout, ended)
}

#[test]
fn the_race_is_provoked_and_only_the_fixed_versions_survive_it() {
    if !common::strace_available() {
        return;
    }
    let Some((lab, _servers)) = lab_with_daytime_servers("race") else {
        return;
    };
    // (program, the call to hold, ends?) — dgclibcast3 twice: held in
    // recvfrom, and in its own window, just after SIG_UNBLOCK
    let mut cases = Vec::new();
    for (label, path) in clients() {
        let racy = label.contains("cast1 ") || label.contains("cast3 ");
        cases.push((label.clone(), path.clone(), "recvfrom", !racy));
        if label.contains("cast3 ") {
            cases.push((label, path, "rt_sigprocmask", false));
        }
    }
    let lab = std::sync::Arc::new(lab);
    let runs: Vec<_> = cases
        .into_iter()
        .map(|(label, path, call, survives)| {
            let lab = lab.clone();
            std::thread::spawn(move || {
                let (stdout, ended) = provoked(&lab, &path, call);
                (label, call, survives, stdout, ended)
            })
        })
        .collect();
    let mut report = Vec::new();
    for run in runs {
        let (label, call, survives, stdout, ended) = run.join().expect("thread");
        // both replies arrive before the alarm; dgclibcast5's siglongjmp
        // leaves the held recvfrom before its reply is printed, and the
        // second reply is never read: it survives, printing nothing
        let got = stdout
            .lines()
            .filter(|l| l.starts_with("from 198.51.100."))
            .count();
        let want = if label.contains("cast5 ") { 0 } else { 2 };
        if got != want || ended != survives {
            report.push(format!(
                "{label} with {call} held: ended={ended} (expected {survives}), {got} replies:\n{stdout}"
            ));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}
