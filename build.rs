//! Build script: the `socklab list` command's table of example programs,
//! and the `socklab exercises` command's exercises.
//!
//! With the `cli` feature, writes `$OUT_DIR/programs.rs`: one entry per
//! `examples/*.rs`, its name and its source (`include_str!`), so that the
//! installed command lists every program from the examples' own `//!`
//! headers, with no copy to keep in step; and `$OUT_DIR/exercises.rs`: the
//! same for `docs/exercises/NN-*.md` and `docs/exercises/starters/*`, so
//! that the installed command hands out the pages and starters. Without
//! the feature it does nothing: the library alone needs no build step.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=examples");
    println!("cargo:rerun-if-changed=docs/exercises");
    println!("cargo:rerun-if-changed=docs/exercises/starters");
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var_os("CARGO_FEATURE_CLI").is_none() {
        return;
    }
    let (Some(root), Some(out)) = (
        std::env::var_os("CARGO_MANIFEST_DIR"),
        std::env::var_os("OUT_DIR"),
    ) else {
        panic!("cargo sets CARGO_MANIFEST_DIR and OUT_DIR for build scripts");
    };
    let root = Path::new(&root);
    let examples = table(
        &root.join("examples"),
        |p| p.extension().is_some_and(|x| x == "rs"),
        true,
    );
    write(&out, "programs.rs", &examples);
    // the pages (NN-name.md), then the starters (name.rs, name.c)
    let pages = table(
        &root.join("docs/exercises"),
        |p| {
            p.extension().is_some_and(|x| x == "md")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.as_bytes().first().is_some_and(u8::is_ascii_digit))
        },
        false,
    );
    let starters = table(
        &root.join("docs/exercises/starters"),
        |p| p.extension().is_some_and(|x| x == "rs" || x == "c"),
        false,
    );
    write(&out, "exercises.rs", &format!("({pages}, {starters})"));
}

/// `&[(NAME, include_str!(PATH)), …]` for the files of `dir` that `keep`
/// keeps, in name order; NAME is the file stem with `stem`, else the
/// whole file name.
fn table(dir: &Path, keep: impl Fn(&Path) -> bool, stem: bool) -> String {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| keep(p)).collect())
        .unwrap_or_default();
    files.sort();
    let mut code = String::from("&[\n");
    for path in &files {
        let name = if stem {
            path.file_stem()
        } else {
            path.file_name()
        }
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
        code += &format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        );
    }
    code + "]"
}

fn write(out: &std::ffi::OsStr, name: &str, code: &str) {
    if let Err(e) = std::fs::write(Path::new(out).join(name), format!("{code}\n")) {
        panic!("write {name}: {e}");
    }
}
