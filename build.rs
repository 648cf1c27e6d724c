//! Build script: the `socklab list` command's table of example programs.
//!
//! With the `cli` feature, writes `$OUT_DIR/programs.rs`: one entry per
//! `examples/*.rs`, its name and its source (`include_str!`), so that the
//! installed command lists every program from the examples' own `//!`
//! headers, with no copy to keep in step. Without the feature it does
//! nothing: the library alone needs no build step.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=examples");
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
    let dir = Path::new(&root).join("examples");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "rs"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut code = String::from("&[\n");
    for path in &files {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        code += &format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        );
    }
    code += "]\n";
    if let Err(e) = std::fs::write(Path::new(&out).join("programs.rs"), code) {
        panic!("write programs.rs: {e}");
    }
}
