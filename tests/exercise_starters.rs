//! The exercises in `docs/exercises/`: every starter program compiles (each
//! is a module of this test, by `#[path]`, so `cargo test` builds it with
//! the crate's lints and clippy's), every exercise page names its starter,
//! and each page's `socklab check` command is one the checker accepts.
#![allow(dead_code)] // a starter's `main` is not called here

#[path = "../docs/exercises/starters/daytime_any.rs"]
mod daytime_any;
#[path = "../docs/exercises/starters/daytime_server.rs"]
mod daytime_server;
#[path = "../docs/exercises/starters/echo_server.rs"]
mod echo_server;
#[path = "../docs/exercises/starters/forking_echo_server.rs"]
mod forking_echo_server;
#[path = "../docs/exercises/starters/message_server.rs"]
mod message_server;
#[path = "../docs/exercises/starters/nonblock_echo_server.rs"]
mod nonblock_echo_server;
#[path = "../docs/exercises/starters/prefork_server.rs"]
mod prefork_server;
#[path = "../docs/exercises/starters/stdio_echo_server.rs"]
mod stdio_echo_server;
#[path = "../docs/exercises/starters/sum_server.rs"]
mod sum_server;
#[path = "../docs/exercises/starters/threaded_echo_server.rs"]
mod threaded_echo_server;
#[path = "../docs/exercises/starters/two_family_upper.rs"]
mod two_family_upper;
#[path = "../docs/exercises/starters/udp_bind_each.rs"]
mod udp_bind_each;
#[path = "../docs/exercises/starters/udp_upper_server.rs"]
mod udp_upper_server;
#[path = "../docs/exercises/starters/upper_server.rs"]
mod upper_server;

use std::path::{Path, PathBuf};

fn exercises() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/exercises")
}

fn files(dir: &Path, ext: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .expect("read docs/exercises")
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(ext))
        .collect();
    out.sort();
    out
}

/// The C starters compile too (`cc -fsyntax-only`, warnings as errors),
/// one beside each Rust starter.
#[test]
fn every_c_starter_compiles() {
    let dir = exercises().join("starters");
    for rs in files(&dir, ".rs") {
        let c = rs.replace(".rs", ".c");
        assert!(
            dir.join(&c).exists(),
            "starters/{rs} has no C twin starters/{c}"
        );
    }
    for c in files(&dir, ".c") {
        let out = std::process::Command::new("cc")
            .args(["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only"])
            .arg(dir.join(&c))
            .output()
            .expect("run cc (is a C compiler installed?)");
        assert!(
            out.status.success(),
            "starters/{c}:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn every_starter_is_compiled_by_this_test() {
    let me = include_str!("exercise_starters.rs");
    let starters = files(&exercises().join("starters"), ".rs");
    assert!(starters.len() >= 14, "{starters:?}");
    for s in starters {
        assert!(
            me.contains(&format!("#[path = \"../docs/exercises/starters/{s}\"]")),
            "docs/exercises/starters/{s} is not compiled by tests/exercise_starters.rs: add a #[path] module"
        );
    }
}

/// The exercise pages: `NN-name.md`.
fn pages() -> Vec<(String, String)> {
    files(&exercises(), ".md")
        .into_iter()
        .filter(|n| n.as_bytes().first().is_some_and(u8::is_ascii_digit))
        .map(|n| {
            let text = std::fs::read_to_string(exercises().join(&n)).expect("read page");
            (n, text)
        })
        .collect()
}

#[test]
fn every_exercise_has_task_hand_in_check_hints_and_starter() {
    let pages = pages();
    assert!(
        pages.len() >= 15,
        "{:?}",
        pages.iter().map(|p| &p.0).collect::<Vec<_>>()
    );
    let readme = std::fs::read_to_string(exercises().join("README.md")).expect("README");
    for (name, text) in &pages {
        for heading in [
            "## Task",
            "## Hand in",
            "## Grading",
            "## Hints",
            "## Starter",
        ] {
            assert!(text.contains(heading), "{name}: no {heading:?} section");
        }
        assert!(
            readme.contains(&format!("({name})")),
            "README.md does not link {name}"
        );
        let starter = text
            .split("starters/")
            .nth(1)
            .and_then(|rest| rest.split(['`', ')', ' ']).next())
            .unwrap_or_else(|| panic!("{name}: no starters/… file named"));
        assert!(
            exercises().join("starters").join(starter).exists(),
            "{name}: starter {starter} does not exist"
        );
        for page in text.split("](../").skip(1) {
            let target = page.split([')', '#']).next().unwrap_or("");
            assert!(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("docs")
                    .join(target)
                    .exists(),
                "{name}: link ../{target} leads nowhere"
            );
        }
    }
}

/// The page's grading commands: each `socklab check …` line in it.
fn check_commands(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("socklab check "))
        .map(|rest| rest.split_whitespace().map(str::to_string).collect())
        .collect()
}

#[cfg(feature = "cli")]
#[test]
fn every_grading_command_is_one_the_checker_accepts() {
    // The page's flags with a server that does not exist: the checker
    // parses them, tries to start it and fails `start` (exit 1); a bad
    // protocol, flag or check name would be a usage error (exit 2).
    let strace = std::process::Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    for (name, text) in pages() {
        let cmds = check_commands(&text);
        assert!(!cmds.is_empty(), "{name}: no `socklab check` command");
        for cmd in cmds {
            let before: Vec<&str> = cmd
                .iter()
                .map(String::as_str)
                .take_while(|t| *t != "--")
                .collect();
            assert!(
                cmd.iter().any(|t| t == "{port}"),
                "{name}: {cmd:?} has no {{port}}"
            );
            if before.contains(&"--strace") && !strace {
                assert!(
                    std::env::var("CI").as_deref() != Ok("true"),
                    "strace is required when CI=true (apt-get install strace)"
                );
                eprintln!("SKIPPED {name}: {cmd:?} needs strace");
                continue;
            }
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_socklab"))
                .arg("check")
                .args(&before)
                .args(["--", "/nonexistent/exercise-server", "{port}"])
                .output()
                .expect("run socklab");
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.code() == Some(1) && stdout.contains("FAIL  start"),
                "{name}: socklab check {before:?} is not a valid command: {}{stdout}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

/// `socklab exercises`: every page listed with its grading command, and
/// each starter written, byte for byte, into the current directory —
/// never over an existing file.
#[cfg(feature = "cli")]
#[test]
fn the_command_hands_out_every_exercise_and_starter() {
    let socklab = env!("CARGO_BIN_EXE_socklab");
    let out = std::process::Command::new(socklab)
        .arg("exercises")
        .output()
        .expect("run socklab exercises");
    assert!(out.status.success());
    let list = String::from_utf8_lossy(&out.stdout).into_owned();
    let pages = pages();
    assert!(
        list.ends_with(&format!(
            "{} exercises: `socklab exercises N` shows one, `--starter rs|c` writes its starter\n",
            pages.len()
        )),
        "{list}"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in &pages {
        let n: u32 = name[..2].parse().expect("NN-");
        assert!(
            list.contains(&format!("{n:02} — ")),
            "{name} not listed:\n{list}"
        );
        let grading = check_commands(text)
            .into_iter()
            .next()
            .expect("a grading command");
        assert!(
            list.contains(&grading.join(" ")),
            "{name}: no grading command in\n{list}"
        );
        let shown = std::process::Command::new(socklab)
            .args(["exercises", &n.to_string()])
            .output()
            .expect("run socklab exercises N");
        assert_eq!(String::from_utf8_lossy(&shown.stdout), *text, "{name}");
        let rs = text
            .split("starters/")
            .nth(1)
            .and_then(|rest| rest.split(['`', ')', ' ']).next())
            .expect("a starter named");
        for ext in ["rs", "c"] {
            let file = rs.replace(".rs", &format!(".{ext}"));
            // exercise 07 shares 03's starter: its write is refused
            let there = dir.path().join(&file).exists();
            let wrote = std::process::Command::new(socklab)
                .args(["exercises", &n.to_string(), "--starter", ext])
                .current_dir(dir.path())
                .output()
                .expect("run socklab exercises N --starter");
            let said = String::from_utf8_lossy(&wrote.stdout).into_owned();
            assert_eq!(wrote.status.success(), !there, "{name} {file}: {said}");
            if !there {
                assert!(said.starts_with(&format!("wrote {file} ")), "{said}");
                let got = std::fs::read(dir.path().join(&file)).expect("the starter written");
                let want =
                    std::fs::read(exercises().join("starters").join(&file)).expect("the starter");
                assert_eq!(got, want, "{file}");
            }
            let again = std::process::Command::new(socklab)
                .args(["exercises", &n.to_string(), "--starter", ext])
                .current_dir(dir.path())
                .output()
                .expect("run socklab exercises N --starter again");
            assert_eq!(again.status.code(), Some(1), "{file} written over");
            assert!(String::from_utf8_lossy(&again.stderr).contains("nothing written"));
        }
    }
}
