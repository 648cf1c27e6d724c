//! The lecture's `fd_basics` and `hostname` programs and their C twins.
//!
//! A test binary of its own: fd_basics prints descriptor numbers, and
//! this file's tests create no sockets that a child could inherit.
mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn twins(name: &str) -> [(&'static str, std::path::PathBuf); 2] {
    [("Rust", example(name)), ("C", c_twin(name))]
}

// ---------------------------------------------------------------------
// 12. fd_basics
// ---------------------------------------------------------------------

/// Runs fd_basics the way a shell starts it: with only 0, 1, 2 open. (A
/// test harness may have more descriptors open without close-on-exec;
/// `sh` closes 3-9 before it runs the program.) Its file goes to `tmp`.
fn run_fd_basics(program: &Path, tmp: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "-c",
        "exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- \"$0\" \"$@\"",
        path_str(program),
    ];
    args.extend_from_slice(extra);
    run_env("sh", &args, "", &[("TMPDIR", path_str(tmp))])
}

/// The output with the process id in the file name replaced by `PID`.
fn without_pid(text: &str, tmp: &Path) -> String {
    let prefix = format!("{}/fd_basics.", path_str(tmp));
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(&prefix) {
        out.push_str(&rest[..at + prefix.len()]);
        rest = rest[at + prefix.len()..].trim_start_matches(|c: char| c.is_ascii_digit());
        out.push_str("PID");
    }
    out.push_str(rest);
    out
}

#[test]
fn fd_basics_shows_the_lowest_free_numbers_and_dup2() {
    let mut outputs = Vec::new();
    for (side, program) in twins("fd_basics") {
        let tmp = temp_dir();
        let out = run_fd_basics(&program, tmp.path(), &[]);
        out.assert_success();
        let file = format!("{}/fd_basics.PID.txt", path_str(tmp.path()));
        let stdout = without_pid(&out.stdout, tmp.path());
        let lines: Vec<&str> = stdout.lines().collect();
        // 0, 1, 2 first; stdin is the pipe the test feeds
        assert_eq!(
            lines[0], "Descriptors 0, 1 and 2 are open before main starts:",
            "{side}"
        );
        assert!(
            lines[1].starts_with("  0 (stdin)  -> pipe:["),
            "{side}: {}",
            lines[1]
        );
        assert!(
            lines[2].starts_with("  1 (stdout) -> pipe:["),
            "{side}: {}",
            lines[2]
        );
        assert!(
            lines[3].starts_with("  2 (stderr) -> pipe:["),
            "{side}: {}",
            lines[3]
        );
        // 3, 4, then 3 again; 5 and 6 for dup and the second open
        let expected = [
            format!("open {file} -> descriptor 3"),
            "socket -> descriptor 4".to_string(),
            "close(3)".to_string(),
            "socket -> descriptor 3 (the lowest free number again)".to_string(),
            "dup(1) -> descriptor 5 (a copy of stdout, to restore it later)".to_string(),
            format!("open {file} -> descriptor 6"),
            // the line printed while 1 was the file is not here...
            "dup2(5, 1): stdout is back".to_string(),
            format!("The file {file} received:"),
            // ...it is in the file, shown at the end
            "  This line was printed to descriptor 1 while it was the file.".to_string(),
        ];
        assert_eq!(&lines[4..], &expected[..], "{side}: {stdout}");
        assert_eq!(
            without_pid(&out.stderr, tmp.path()),
            format!("dup2(6, 1): stdout now goes to {file}\n"),
            "{side}"
        );
        let left: Vec<_> = std::fs::read_dir(tmp.path())
            .expect("tmp")
            .flatten()
            .collect();
        assert!(left.is_empty(), "{side}: left behind {left:?}");
        outputs.push(lines[4..].join("\n").replace(path_str(tmp.path()), "TMP"));
    }
    assert_eq!(outputs[0], outputs[1], "Rust and C print the same");
}

#[test]
fn fd_basics_under_strace_makes_the_calls_it_prints() {
    if !strace_available() {
        return;
    }
    for (side, program) in twins("fd_basics") {
        let tmp = temp_dir();
        let log = tmp.path().join("strace.log");
        // only 0, 1, 2 open, as in run_fd_basics
        let mut cmd = Command::new("sh");
        cmd.args([
            "-c",
            "exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- strace \"$@\"",
            "sh",
        ])
        .args([
            "-o",
            path_str(&log),
            "-e",
            "trace=openat,socket,close,dup,dup2,unlink",
        ])
        .arg(&program)
        .env("TMPDIR", tmp.path());
        let out = output_within(&mut cmd);
        assert!(out.status.success(), "{side}: {}", out.stderr);
        let trace = std::fs::read_to_string(&log).expect("strace log");
        // from the first open of our file on: the lines that carry the lesson
        let start = trace.find("fd_basics.").expect("our file in the trace");
        let calls: Vec<String> = trace[trace[..start].rfind('\n').map_or(0, |i| i + 1)..]
            .lines()
            .filter(|l| !l.starts_with("+++"))
            .map(|l| {
                let (call, result) = l.rsplit_once(" = ").unwrap_or((l, ""));
                let call = call.trim_end();
                let name = call.split('(').next().unwrap_or("");
                match name {
                    "openat" if call.contains("O_CREAT") => format!("create = {result}"),
                    "openat" if call.contains("O_WRONLY") => format!("open for writing = {result}"),
                    "openat" => format!("open for reading = {result}"),
                    "socket" => format!("socket(AF_INET, SOCK_STREAM) = {result}"),
                    "unlink" => format!("unlink = {result}"),
                    _ => format!("{call} = {result}"),
                }
            })
            .collect();
        let expected = [
            "create = 3",
            "socket(AF_INET, SOCK_STREAM) = 4",
            "close(3) = 0",
            "socket(AF_INET, SOCK_STREAM) = 3",
            "dup(1) = 5",
            "open for writing = 6",
            "dup2(6, 1) = 1",
            "dup2(5, 1) = 1",
            "close(5) = 0",
            "close(6) = 0",
            "close(3) = 0",
            "close(4) = 0",
            "open for reading = 3",
            "close(3) = 0",
            "unlink = 0",
        ];
        assert_eq!(calls, expected, "{side}:\n{trace}");
    }
}

#[test]
fn fd_basics_bad_input() {
    let tmp = temp_dir();
    let missing = tmp.path().join("no-such-dir");
    for (_side, program) in twins("fd_basics") {
        run_fd_basics(&program, tmp.path(), &["extra"]).assert_one_line_error("usage: fd_basics");
        // its temporary file cannot be created
        run_fd_basics(&program, &missing, &[])
            .assert_one_line_error("open: No such file or directory");
    }
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("tmp")
        .flatten()
        .collect();
    assert!(left.is_empty(), "left behind {left:?}");
}

// ---------------------------------------------------------------------
// 11. hostname
// ---------------------------------------------------------------------

#[test]
fn hostname_prints_the_name_and_its_addresses() {
    let name = socklab::gethostname().expect("gethostname");
    let mut outputs = Vec::new();
    for (side, program) in twins("hostname") {
        // numeric names resolve without any configuration
        let out = run(&program, &["::1"], "");
        out.assert_success();
        assert_eq!(
            out.stdout,
            format!("Host name: {name}\nAddresses of ::1:\n  AF_INET6  ::1\n"),
            "{side}"
        );
        let out = run(&program, &["127.0.0.1"], "");
        out.assert_success();
        assert_eq!(
            out.stdout,
            format!("Host name: {name}\nAddresses of 127.0.0.1:\n  AF_INET   127.0.0.1\n"),
            "{side}"
        );

        // localhost: 127.0.0.1, once (SOCK_STREAM: no duplicates per socket type)
        let out = run(&program, &["localhost"], "");
        out.assert_success();
        assert!(
            out.stdout
                .starts_with(&format!("Host name: {name}\nAddresses of localhost:\n")),
            "{side}: {}",
            out.stdout
        );
        assert_eq!(
            out.stdout.matches("  AF_INET   127.0.0.1\n").count(),
            1,
            "{side}: {}",
            out.stdout
        );

        // its own name: resolving may work or not (containers), but the
        // answer is one of the two documented shapes, the same for both.
        // Only where /etc/hosts has the name: elsewhere the lookup would be
        // a query to a name server, and tests stay on loopback.
        if !in_etc_hosts(&name) {
            continue;
        }
        let out = run(&program, &[], "");
        assert!(
            out.stdout.starts_with(&format!("Host name: {name}\n")),
            "{side}: {}",
            out.stdout
        );
        if out.status.success() {
            assert!(
                out.stdout
                    .contains(&format!("Addresses of {name}:\n  AF_INET")),
                "{side}: {}",
                out.stdout
            );
        } else {
            out.assert_one_line_error(&format!("getaddrinfo: {name}: "));
        }
        outputs.push((out.status.code(), out.stdout, out.stderr));
    }
    if let [rust, c] = outputs.as_slice() {
        assert_eq!(rust, c, "Rust and C agree about this machine's name");
    }
}

/// Does /etc/hosts list `name` (as a host name or an alias)?
fn in_etc_hosts(name: &str) -> bool {
    let hosts = std::fs::read_to_string("/etc/hosts").unwrap_or_default();
    hosts.lines().any(|line| {
        let line = line.split('#').next().unwrap_or("");
        line.split_whitespace().skip(1).any(|n| n == name)
    })
}

#[test]
fn hostname_bad_input() {
    for (_side, program) in twins("hostname") {
        run(&program, &["a", "b"], "").assert_one_line_error("usage: hostname [name]");
        let out = run(&program, &[NO_SUCH_HOST], "");
        out.assert_one_line_error(&format!("getaddrinfo: {NO_SUCH_HOST}: "));
        assert!(
            out.stdout.starts_with("Host name: "),
            "the name is printed first"
        );
    }
}
