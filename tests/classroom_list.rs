//! `socklab list`: every example program, from its own `//!` header.
#![cfg(feature = "cli")]

use std::collections::BTreeSet;
use std::process::Command;

fn list(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_socklab"))
        .arg("list")
        .args(args)
        .output()
        .expect("run socklab list");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// The names of the programs a listing shows.
fn names(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_once(" — ").map(|(n, _)| n.to_string()))
        .collect()
}

/// examples/*.rs, by name.
fn examples() -> BTreeSet<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    std::fs::read_dir(dir)
        .expect("read examples/")
        .flatten()
        .filter_map(|e| {
            let p = e.path();
            if p.extension()? != "rs" {
                return None;
            }
            Some(p.file_stem()?.to_string_lossy().into_owned())
        })
        .collect()
}

#[test]
fn every_example_is_listed_with_what_it_shows_and_how_to_run_it() {
    let (ok, text) = list(&[]);
    assert!(ok, "{text}");
    let all = examples();
    assert_eq!(
        names(&text),
        all,
        "socklab list and examples/ differ:\n{text}"
    );
    for name in &all {
        let entry = text
            .lines()
            .find(|l| l.starts_with(&format!("{name} — ")))
            .unwrap_or_else(|| panic!("{name} is missing from socklab list"));
        let summary = entry.split_once(" — ").map_or("", |(_, s)| s);
        assert!(
            summary.len() > 20,
            "{name}: its //! header's first line says too little: {entry:?}"
        );
        assert!(
            text.contains(&format!("    cargo run --example {name}")),
            "{name}: no command to run it"
        );
    }
    assert!(
        text.ends_with(&format!("{} programs\n", all.len())),
        "{text}"
    );
}

#[test]
fn chapter_and_grep_filter() {
    let (ok, text) = list(&["--chapter", "5"]);
    assert!(ok);
    let five = names(&text);
    assert!(five.contains("ch05_tcpserv04"), "{text}");
    assert!(five.iter().all(|n| n.starts_with("ch05_")), "{text}");
    assert_eq!(
        five.len(),
        examples().iter().filter(|n| n.starts_with("ch05_")).count()
    );

    let (ok, text) = list(&["--grep", "SIGPIPE", "--verbose"]);
    assert!(ok);
    assert!(names(&text).contains("ch05_tsigpipe"), "{text}");
    assert!(!names(&text).contains("ch01_byteorder"), "{text}");
    // --verbose adds the header's own commands (both sides)
    assert!(
        text.contains("cargo run --example ch05_tsigpipe -- --ignore"),
        "{text}"
    );

    let (ok, _) = list(&["--grep", "no program says this"]);
    assert!(!ok, "an empty listing is an error");
}
