//! The crate's layers, as `src/lib.rs` draws them, checked in the source:
//! every `crate::…` path in a module's code must point to its own layer or
//! one below, the modules of one layer must not import each other in a
//! circle, and a new module must be given a layer here before it builds
//! a test run.
//!
//! ```text
//! 4  unp, bench, lib            the book's helpers; the crate's front page
//! 3  socket, fd, mux, opt, …    the modules named after the C headers
//! 2  trace                      trace mode: one printer per system call
//! 1  sys                        the C calls (the one home of unsafe)
//! 0  consts, error, addr, types the plain C types, constants and errors
//! ```
//!
//! A path through the crate root (`crate::sockaddr_in`, a re-export in
//! lib.rs) counts as an import from lib, the top layer: modules below it
//! name the module that defines the item instead.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each module's layer (a module in a directory, such as `trace/calls.rs`,
/// is its directory's module).
const LAYERS: &[(&str, u8)] = &[
    ("consts", 0),
    ("error", 0),
    ("addr", 0),
    ("types", 0),
    // chapter 23
    ("sctp_types", 0),
    ("netinet_sctp", 3),
    ("sys", 1),
    ("trace", 2),
    ("arpa_inet", 3),
    ("fd", 3),
    ("socket", 3),
    ("mux", 3),
    ("opt", 3),
    ("process", 3),
    ("signal", 3),
    ("netdb", 3),
    ("time", 3),
    ("unistd", 3),
    ("stdio", 3),
    // [ch14]
    ("uio", 3),
    ("ioctl", 3),
    ("epoll", 3),
    ("fcntl", 3),
    // chapter 17
    ("net_if", 3),
    // [ch26]
    ("pthread", 3),
    ("mman", 3),
    ("resource", 3),
    ("stdlib", 3),
    // [ch13]
    ("syslog", 3),
    ("unp", 4),
    // [ch22] § 22.5, the RTT estimator and dg_send_recv
    ("unp_rtt", 4),
    ("bench", 4),
    ("lib", 4),
    // src/bin/socklab/, the classroom command: a crate of its own that
    // uses socklab through its public API, above everything in it.
    ("bin", 5),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// The module a source file belongs to: `src/socket.rs` → `socket`,
/// `src/trace/calls.rs` → `trace`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src/");
    let first = rel.components().next().expect("a component");
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

/// The code of a file without its comments (doc comments included: a doc
/// link such as ``[`fork`](crate::fork)`` is not an import).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::NAME` in `code`, resolved to a module name: NAME itself if
/// it is a module, else `lib` (a re-export at the crate root).
fn imports(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if rest.starts_with('{') {
            // `use crate::{a, b::c}`: each path's first name
            let end = rest.find('}').unwrap_or(rest.len());
            for part in rest[1..end].split(',') {
                let name = part.trim().split("::").next().unwrap_or("").trim();
                if !name.is_empty() {
                    out.insert(resolve(name));
                }
            }
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        out.insert(resolve(&name));
    }
    out
}

fn resolve(name: &str) -> String {
    if layer(name).is_some() {
        name.to_string()
    } else {
        "lib".to_string()
    }
}

fn source_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src/") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// module → the modules it imports (itself left out).
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let module = module_of(&src, &file);
        let text = std::fs::read_to_string(&file).expect("read a source file");
        let mut deps = imports(&code(&text));
        deps.remove(&module);
        graph.entry(module).or_default().extend(deps);
    }
    graph
}

#[test]
fn every_module_has_a_layer() {
    let unknown: Vec<_> = graph().into_keys().filter(|m| layer(m).is_none()).collect();
    assert!(
        unknown.is_empty(),
        "modules without a layer in tests/layers.rs: {unknown:?}"
    );
}

#[test]
fn imports_point_down() {
    let mut upward = Vec::new();
    for (module, deps) in graph() {
        let Some(own) = layer(&module) else { continue };
        for dep in deps {
            if layer(&dep).is_some_and(|l| l > own) {
                upward.push(format!("{module} (layer {own}) imports {dep}"));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports from a layer above:\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_import_cycle() {
    let graph = graph();
    // depth-first search with the path so far: a module met again on the
    // path closes a cycle
    fn visit<'a>(
        m: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| *p == m) {
            let mut cycle: Vec<String> = path[i..].iter().map(|s| s.to_string()).collect();
            cycle.push(m.to_string());
            return Some(cycle);
        }
        if !done.insert(m) {
            return None;
        }
        path.push(m);
        for dep in graph.get(m).into_iter().flatten() {
            if let Some(c) = visit(dep, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        if let Some(cycle) = visit(m, &graph, &mut Vec::new(), &mut done) {
            panic!("import cycle: {}", cycle.join(" -> "));
        }
    }
}

/// The checker itself: an upward import and a cycle are found.
#[test]
fn the_checker_sees_an_upward_import() {
    let deps = imports(&code(
        "use crate::socket::accept; // crate::unp in a comment\nlet x = crate::sockaddr_in::default();",
    ));
    assert_eq!(
        deps,
        ["lib", "socket"].iter().map(|s| s.to_string()).collect()
    );
    let deps = imports(&code("use crate::{error::Result, sys};"));
    assert_eq!(
        deps,
        ["error", "sys"].iter().map(|s| s.to_string()).collect()
    );
}
