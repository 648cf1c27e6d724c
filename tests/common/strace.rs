//! The tests' side of the one strace reader, which lives in the `socklab`
//! command (`src/bin/socklab/strace.rs`, included here as it is): the two
//! file readers a test wants (they fail the test on a missing file).

#[path = "../../src/bin/socklab/strace.rs"]
mod reader;

pub use reader::*;

use std::path::Path;

/// Reads an `strace [-f] -o` file: [`parse_strace`] on its text.
pub fn read_strace(path: &Path) -> Vec<RawLine> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("read strace output {}: {e}", path.display()));
    parse_strace(&text)
}

/// [`read_strace`]'s lines as strace wrote them, without the pid and
/// without strace's column padding (`close(3)      = 0` → `close(3) = 0`),
/// in the order the calls began: for tests that search one trace for a
/// program's lesson, signals (`--- SIGCHLD {…} ---`) and exits (`+++
/// killed by SIGPIPE +++`) included.
pub fn read_lines(path: &Path) -> Vec<String> {
    read_strace(path)
        .iter()
        .map(|l| collapse_padding(&l.text))
        .collect()
}
