//! The commands in the course guide (`docs/**/*.md`, `README.md`) do what
//! the pages say:
//!
//! - every `cargo run … --example NAME …` and `target/debug/examples/NAME …`
//!   names an example that exists;
//! - cargo passes the arguments on: after `--example NAME`, an argument
//!   starting with `-` before `--` or a plain argument is cargo's, not the
//!   program's (`cargo run --example ch08_dgecholoop -r 4000000` is read
//!   as `--release`);
//! - the program accepts the arguments: their number and options fit the
//!   program's own `usage:` line;
//! - a transcript (`$ cargo run --example NAME …` followed by its output,
//!   in a code block) of a program whose output does not depend on a
//!   server, a terminal or the machine is what a real run prints, read as
//!   a pattern: numbers stand for any number, a `…` line for any lines.
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// One command found in a page.
#[derive(Debug)]
struct Found {
    /// `docs/unp/ch08.md:155`
    place: String,
    /// `cargo run` (true) or a `target/debug/examples/` path.
    cargo: bool,
    /// The tokens after `cargo run` (or after the binary's path).
    tokens: Vec<String>,
    /// For a `cargo run` command: the example's name, if found.
    name: Option<String>,
}

/// Every `.md` file under `docs/`, and the README.
fn pages() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("read docs/")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut out = vec![common::root().join("README.md")];
    walk(&common::root().join("docs"), &mut out);
    out
}

/// The page's path relative to the repository, for messages.
fn shown(path: &Path) -> String {
    path.strip_prefix(common::root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The command that starts at `text` (just after `cargo run` or the
/// binary's path): up to the end of the code span or line, a shell
/// operator, a comment or a parenthesised remark.
fn command_tokens(text: &str) -> Vec<String> {
    let end = text
        .find(['`', '#', ';', '|', '&', '(', '<', '>'])
        .unwrap_or(text.len());
    let mut tokens: Vec<String> = text[..end].split_whitespace().map(str::to_string).collect();
    // `2> FILE`: the descriptor of a redirection is the shell's, not an argument
    if text[end..].starts_with(['<', '>'])
        && !text[..end].ends_with(char::is_whitespace)
        && tokens
            .last()
            .is_some_and(|t| t.bytes().all(|b| b.is_ascii_digit()))
    {
        tokens.pop();
    }
    tokens
}

fn find_commands() -> Vec<Found> {
    let mut found = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("read page");
        for (i, line) in text.lines().enumerate() {
            let place = format!("{}:{}", shown(&page), i + 1);
            let mut rest = line;
            while let Some(at) = rest.find("cargo run") {
                let tokens = command_tokens(&rest[at + "cargo run".len()..]);
                let name = tokens
                    .iter()
                    .position(|t| t == "--example")
                    .and_then(|p| tokens.get(p + 1).cloned());
                if name.is_some() {
                    found.push(Found {
                        place: place.clone(),
                        cargo: true,
                        tokens,
                        name,
                    });
                }
                rest = &rest[at + 1..];
            }
            let mut rest = line;
            while let Some(at) = rest.find("target/debug/examples/") {
                let after = &rest[at + "target/debug/examples/".len()..];
                let tokens = command_tokens(after);
                if let Some((first, args)) = tokens.split_first() {
                    let mut all = vec![first.clone()];
                    all.extend(args.iter().cloned());
                    found.push(Found {
                        place: place.clone(),
                        cargo: false,
                        name: Some(first.clone()),
                        tokens: all,
                    });
                }
                rest = &rest[at + 1..];
            }
        }
    }
    found
}

/// A placeholder the page asks the reader to fill in (`NAME`, `ARGS`,
/// `ADDRESS`, `PORT`).
fn placeholder(token: &str) -> bool {
    token.len() > 1
        && token
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_' || c == '-')
}

/// cargo's own options that the guide uses before `--example`.
const CARGO_FLAGS: &[&str] = &["-q", "--quiet", "--release"];

/// The program's arguments of a `cargo run` command, or why cargo would
/// not pass them on as meant.
fn program_args(tokens: &[String]) -> Result<Vec<String>, String> {
    let example_at = tokens
        .iter()
        .position(|t| t == "--example")
        .ok_or("no --example")?;
    for t in &tokens[..example_at] {
        if !CARGO_FLAGS.contains(&t.as_str()) {
            return Err(format!("{t:?} before --example"));
        }
    }
    let after = &tokens[example_at + 2..];
    match after.first().map(String::as_str) {
        None => Ok(Vec::new()),
        Some("--") => Ok(after[1..].to_vec()),
        // cargo reads options up to the first plain argument; from there
        // on, everything goes to the program.
        Some(first) if first.starts_with('-') => Err(format!(
            "{first:?} comes before `--`: cargo reads it as its own option, not the program's"
        )),
        Some(_) => Ok(after.to_vec()),
    }
}

/// What a program's `usage:` line allows.
#[derive(Debug)]
struct Usage {
    text: String,
    /// Options, and whether each takes a value (`-r bytes`).
    flags: Vec<(String, bool)>,
    required: usize,
    max: usize,
}

/// Reads `usage: NAME …` (or the tutorial's `usage NAME …`) from the
/// example's source.
fn usage_of(name: &str) -> Option<Usage> {
    let src = std::fs::read_to_string(common::root().join(format!("examples/{name}.rs"))).ok()?;
    let start = [format!("\"usage: {name}"), format!("\"usage {name}")]
        .iter()
        .find_map(|p| src.find(p.as_str()).map(|at| at + p.len()))?;
    let end = src[start..].find('"')? + start;
    let text = src[start..end].to_string();
    // Remarks in parentheses, "(defaults: …)", are not arguments.
    let mut plain = String::new();
    let mut paren = 0;
    for c in text.chars() {
        match c {
            '(' => paren += 1,
            ')' => paren -= 1,
            _ if paren == 0 => plain.push(c),
            _ => {}
        }
    }
    // Words with their bracket depth, and the bracket group they are in.
    let mut words: Vec<(String, usize, usize)> = Vec::new();
    let (mut depth, mut group, mut word) = (0usize, 0usize, String::new());
    let flush = |word: &mut String, words: &mut Vec<(String, usize, usize)>, d, g| {
        if !word.is_empty() {
            words.push((std::mem::take(word), d, g));
        }
    };
    for c in plain.chars() {
        match c {
            '[' => {
                flush(&mut word, &mut words, depth, group);
                depth += 1;
                group += 1;
            }
            ']' => {
                flush(&mut word, &mut words, depth, group);
                depth = depth.saturating_sub(1);
            }
            c if c.is_whitespace() => flush(&mut word, &mut words, depth, group),
            c => word.push(c),
        }
    }
    flush(&mut word, &mut words, depth, group);

    let mut usage = Usage {
        text,
        flags: Vec::new(),
        required: 0,
        max: 0,
    };
    let mut i = 0;
    while i < words.len() {
        let (w, d, g) = &words[i];
        if w.starts_with('-') {
            // `[-r bytes]`: a word after the option, in its bracket, is its value.
            let takes_value = words.get(i + 1).is_some_and(|(next, nd, ng)| {
                !next.starts_with('-') && nd == d && ng == g && *d > 0
            });
            usage.flags.push((w.clone(), takes_value));
            i += if takes_value { 2 } else { 1 };
            continue;
        }
        // chapter 23: `address...` takes one or more
        usage.max = if w.ends_with("...") {
            usize::MAX
        } else {
            usage.max + 1
        };
        if *d == 0 {
            usage.required += 1;
        }
        i += 1;
    }
    Some(usage)
}

/// Why `args` do not fit `usage`, if they do not.
fn misfit(usage: &Usage, args: &[String]) -> Option<String> {
    let mut positional = 0;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if placeholder(a) {
            return None; // the reader fills it in: cannot be checked
        }
        if a.starts_with('-') && a.len() > 1 && !a[1..].starts_with(|c: char| c.is_ascii_digit()) {
            match usage.flags.iter().find(|(f, _)| f == a) {
                Some((_, true)) => i += 2,
                Some((_, false)) => i += 1,
                None => return Some(format!("unknown option {a:?}")),
            }
            continue;
        }
        positional += 1;
        i += 1;
    }
    if positional < usage.required || positional > usage.max {
        return Some(format!(
            "{positional} arguments, the program takes {}..={}",
            usage.required, usage.max
        ));
    }
    None
}

#[test]
fn commands_in_the_docs_name_real_examples_and_pass_their_arguments() {
    let found = find_commands();
    assert!(
        found.len() > 40,
        "only {} commands found: is the extraction broken?",
        found.len()
    );
    eprintln!("{} commands found in the docs", found.len());
    let mut findings = Vec::new();
    for f in &found {
        let Some(name) = &f.name else { continue };
        if placeholder(name) {
            continue; // README's `cargo run --example NAME -- ARGS`
        }
        if !common::root()
            .join("examples")
            .join(format!("{name}.rs"))
            .exists()
        {
            findings.push(format!("{}: no example named {name:?}", f.place));
            continue;
        }
        let args = if f.cargo {
            match program_args(&f.tokens) {
                Ok(args) => args,
                Err(why) => {
                    findings.push(format!(
                        "{}: `cargo run {}`: {why}",
                        f.place,
                        f.tokens.join(" ")
                    ));
                    continue;
                }
            }
        } else {
            f.tokens[1..].to_vec()
        };
        match usage_of(name) {
            None => findings.push(format!("{}: examples/{name}.rs has no usage line", f.place)),
            Some(usage) => {
                if let Some(why) = misfit(&usage, &args) {
                    findings.push(format!(
                        "{}: {name} {}: {why} (usage: {name}{})",
                        f.place,
                        args.join(" "),
                        usage.text
                    ));
                }
            }
        }
    }
    assert!(
        findings.is_empty(),
        "{} commands in the docs do not work as written:\n{}",
        findings.len(),
        findings.join("\n")
    );
}

/// The checker itself: it must catch the finding of issue 19 (cargo
/// reading the program's `-r` as `--release`), a missing example, and
/// arguments the program refuses.
#[test]
fn the_checker_catches_broken_commands() {
    let toks = |s: &str| command_tokens(s);
    assert!(program_args(&toks(" --example ch08_dgecholoop -r 4000000")).is_err());
    assert_eq!(
        program_args(&toks(" --example ch08_dgecholoop -- -r 4000000")),
        Ok(vec!["-r".to_string(), "4000000".to_string()])
    );
    assert_eq!(
        program_args(&toks(" -q --example forking_server 51717   # terminal 1")),
        Ok(vec!["51717".to_string()])
    );
    assert!(program_args(&toks(" --example ch05_tcpcli09 --swap")).is_err());

    let dgecholoop = usage_of("ch08_dgecholoop").expect("usage of ch08_dgecholoop");
    let args = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    assert_eq!(
        misfit(&dgecholoop, &args("-r 4000000 9877 127.0.0.1")),
        None
    );
    assert!(misfit(&dgecholoop, &args("-x 9877")).is_some());
    assert!(misfit(&dgecholoop, &args("1 2 3")).is_some());
    let forking = usage_of("forking_server").expect("usage of forking_server");
    assert!(misfit(&forking, &args("")).is_some(), "{forking:?}"); // port is required
    assert_eq!(misfit(&forking, &args("51717")), None);
    let message = usage_of("message_client").expect("usage of message_client");
    assert_eq!(misfit(&message, &args("localhost 51717")), None);
    assert!(misfit(&message, &args("localhost")).is_some());
}

// ---------------------------------------------------------------------
// Transcripts
// ---------------------------------------------------------------------

/// Programs whose output depends on nothing but themselves (no server, no
/// terminal), each with the words of its transcripts that differ from
/// machine to machine (the machine's name, its terminal): in a transcript
/// they stand for any word.
const DETERMINISTIC: &[(&str, &[&str])] = &[
    ("ch01_byteorder", &["x86_64-linux"]),
    ("ch03_inet_pton", &[]),
    ("socket_init", &[]),
    ("ch05_tsigpipe", &[]),
    ("ch07_linger", &[]),
    ("ch07_reuseaddr", &[]),
    ("ch08_udpcli09", &[]),
    ("hostname", &["vm"]),
    ("fd_basics", &["/dev/pts/0"]),
];

/// One transcript: the command after `$ `, and the lines it printed.
struct Transcript {
    place: String,
    command: String,
    name: String,
    output: Vec<String>,
}

fn transcripts() -> Vec<Transcript> {
    let mut out = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("read page");
        let lines: Vec<&str> = text.lines().collect();
        let mut in_block = false;
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            if line.trim_start().starts_with("```") {
                in_block = !in_block;
                i += 1;
                continue;
            }
            let command = line.strip_prefix("$ ");
            if let (true, Some(command)) = (in_block, command) {
                let tokens = command_tokens(command.strip_prefix("cargo run").unwrap_or(""));
                let name = tokens
                    .iter()
                    .position(|t| t == "--example")
                    .and_then(|p| tokens.get(p + 1));
                let mut output = Vec::new();
                let mut j = i + 1;
                while j < lines.len()
                    && !lines[j].starts_with("$ ")
                    && !lines[j].trim_start().starts_with("```")
                {
                    output.push(lines[j].to_string());
                    j += 1;
                }
                if let Some(name) = name {
                    out.push(Transcript {
                        place: format!("{}:{}", shown(&page), i + 1),
                        command: command.to_string(),
                        name: name.clone(),
                        output,
                    });
                }
                i = j;
                continue;
            }
            i += 1;
        }
    }
    out
}

/// An expected line read as a pattern: its text in order, each number
/// standing for any number, each of the `any_word`s for any word.
fn matches(expected: &str, actual: &str, any_word: &[&str]) -> bool {
    enum Piece {
        Text(String),
        Number,
        Word,
    }
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut rest = expected;
    while let Some(c) = rest.chars().next() {
        if let Some(w) = any_word.iter().find(|w| rest.starts_with(**w)) {
            pieces.push(Piece::Text(std::mem::take(&mut text)));
            pieces.push(Piece::Word);
            rest = &rest[w.len()..];
        } else if c.is_ascii_digit() {
            pieces.push(Piece::Text(std::mem::take(&mut text)));
            pieces.push(Piece::Number);
            rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        } else {
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    pieces.push(Piece::Text(text));

    // Left to right, trying every length for a number or a word; the
    // whole line must be used up.
    fn go(pieces: &[Piece], s: &str) -> bool {
        let Some((first, rest)) = pieces.split_first() else {
            return s.is_empty();
        };
        match first {
            Piece::Text(t) => s.strip_prefix(t.as_str()).is_some_and(|s| go(rest, s)),
            Piece::Number => {
                let n = s.bytes().take_while(u8::is_ascii_digit).count();
                (1..=n).rev().any(|k| go(rest, &s[k..]))
            }
            Piece::Word => {
                let n = s.find(char::is_whitespace).unwrap_or(s.len());
                (1..=n)
                    .rev()
                    .any(|k| s.is_char_boundary(k) && go(rest, &s[k..]))
            }
        }
    }
    go(&pieces, actual)
}

/// The expected lines (a `…` line standing for any lines) against the
/// actual ones.
fn transcript_matches(expected: &[String], actual: &[String], subst: &[&str]) -> bool {
    let Some((first, rest)) = expected.split_first() else {
        return actual.is_empty();
    };
    if first.trim() == "…" || first.trim() == "..." {
        return (0..=actual.len()).any(|k| transcript_matches(rest, &actual[k..], subst));
    }
    actual
        .split_first()
        .is_some_and(|(a, more)| matches(first, a, subst) && transcript_matches(rest, more, subst))
}

#[test]
fn transcripts_of_self_contained_programs_match_a_real_run() {
    let mut checked = 0;
    let mut findings = Vec::new();
    for t in transcripts() {
        let Some((_, subst)) = DETERMINISTIC.iter().find(|(n, _)| *n == t.name) else {
            continue;
        };
        // The command as the shell runs it, the binary in cargo's place;
        // stderr goes where stdout goes, as on a terminal.
        let Ok(args) = program_args(&command_tokens(
            t.command.strip_prefix("cargo run").unwrap_or(""),
        )) else {
            continue; // the other test reports it
        };
        let tail = t
            .command
            .find([';', '|', '&'])
            .map_or("", |at| &t.command[at..]);
        let bin = common::example(&t.name);
        let script = format!("exec 2>&1; {} {}{}", bin.display(), args.join(" "), tail);
        let out = common::output_within(Command::new("sh").args(["-c", &script]));
        assert!(!out.timed_out, "{}: {} hung", t.place, t.command);
        // "(stderr; exit status 1)" and the like: a remark on the line.
        let expected: Vec<String> = t
            .output
            .iter()
            .map(|l| match l.find("      (") {
                Some(at) => l[..at].trim_end().to_string(),
                None => l.clone(),
            })
            .collect();
        let actual: Vec<String> = out.stdout.lines().map(str::to_string).collect();
        checked += 1;
        if !transcript_matches(&expected, &actual, subst) {
            findings.push(format!(
                "{}: `$ {}`\n--- the page:\n{}\n--- a real run:\n{}",
                t.place,
                t.command,
                expected.join("\n"),
                actual.join("\n")
            ));
        }
    }
    eprintln!("{checked} transcripts checked against a real run");
    assert!(checked >= 5, "only {checked} transcripts checked");
    assert!(
        findings.is_empty(),
        "{} transcripts differ from a real run:\n{}",
        findings.len(),
        findings.join("\n\n")
    );
}

#[test]
fn the_pattern_reader_is_strict() {
    assert!(matches("port 3328", "port 41", &[]));
    assert!(!matches("port 3328", "port x", &[]));
    assert!(!matches("bind: ok", "bind: Address already in use", &[]));
    assert!(matches("Addresses of vm:", "Addresses of my-box:", &["vm"]));
    assert!(!matches(
        "Addresses of vm:",
        "Addresses of my box:",
        &["vm"]
    ));
    let lines = |s: &str| s.lines().map(str::to_string).collect::<Vec<_>>();
    assert!(transcript_matches(
        &lines("a\n…\nz"),
        &lines("a\nb\nc\nz"),
        &[]
    ));
    assert!(!transcript_matches(&lines("a\nz"), &lines("a\nb\nz"), &[]));
}

// ---------------------------------------------------------------------
// The quick reference and the C twins' Makefile
// ---------------------------------------------------------------------

/// `docs/programs.md` lists every example (as `` `NAME` `` at the start of
/// a table row) and links every C twin; every `c/NAME.c` it links exists.
#[test]
fn the_quick_reference_lists_every_program_and_twin() {
    let page =
        std::fs::read_to_string(common::root().join("docs/programs.md")).expect("docs/programs.md");
    let rows: Vec<&str> = page.lines().filter(|l| l.starts_with("| `")).collect();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(common::root().join("examples")).expect("examples/") {
        let path = entry.expect("entry").path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "rs")
            && !rows.iter().any(|r| r.starts_with(&format!("| `{name}` |")))
        {
            missing.push(format!("example {name}"));
        }
    }
    for entry in std::fs::read_dir(common::root().join("docs/c")).expect("docs/c/") {
        let path = entry.expect("entry").path();
        let Some(file) = path.file_name().and_then(|s| s.to_str()) else {
            continue;
        };
        if file.ends_with(".c") && !page.contains(&format!("(c/{file})")) {
            missing.push(format!("C twin {file}"));
        }
    }
    let mut rest = page.as_str();
    while let Some(at) = rest.find("(c/") {
        let link = &rest[at + 1..];
        let end = link.find(')').unwrap_or(link.len());
        let target = &link[..end];
        if target != "c/" && !common::root().join("docs").join(target).exists() {
            missing.push(format!("link to {target}, which does not exist"));
        }
        rest = &link[end..];
    }
    assert!(missing.is_empty(), "docs/programs.md: {missing:?}");
}

/// `make -C docs/c OUT=DIR` builds one program per C twin.
#[test]
fn the_c_makefile_builds_every_twin() {
    let have_make = Command::new("make")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_make {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "make is required when CI=true"
        );
        eprintln!("SKIPPED: make is not installed");
        return;
    }
    let out_dir = common::temp_dir();
    // ~130 twins, one cc each: more than RUN_TIMEOUT on a busy 2-core
    // machine, so this run has a bound of its own.
    let child = Command::new("make")
        .arg("-C")
        .arg(common::root().join("docs/c"))
        .arg("-j2")
        .arg(format!("OUT={}", out_dir.path().display()))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn make");
    let out = common::wait_with_timeout(child, std::time::Duration::from_secs(300));
    out.assert_success();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(common::root().join("docs/c")).expect("docs/c/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "c") {
            let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            if !out_dir.path().join(name).is_file() {
                missing.push(name.to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "make built no {missing:?}\n{}",
        out.stderr
    );
}
