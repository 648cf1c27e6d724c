//! `socklab diagram` — a traced run drawn as a sequence diagram.
//!
//! ```text
//! $ strace -f -tt -o server.trace target/debug/examples/ch05_tcpserv01 &
//! $ strace -f -tt -o client.trace target/debug/examples/ch05_tcpcli01 127.0.0.1
//! $ socklab diagram server.trace client.trace -o echo.svg
//! $ socklab diagram --format text server.trace client.trace
//! ```
//!
//! Reads `strace -f -o FILE` files, `strace -ff -o PREFIX` files (give
//! PREFIX, or the files), and what a socklab program prints under
//! `SOCKLAB_TRACE=1` (its standard error), through the one strace reader
//! (`crate::strace`). Draws one lane per process, a box per socket call,
//! a bar where a call waited, and arrows where one process's call meets
//! another's: connect → accept, write → read, close → read = 0, sendto →
//! recvfrom, fork, exit → SIGCHLD. How each step works: `model` (the
//! conversation), `layout` (rows and columns), `svg` and `text` (the two
//! forms).

mod layout;
mod model;
mod svg;
mod text;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::strace::parse_strace;

/// The arguments of `socklab diagram`.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
    strace -f -tt -o server.trace target/debug/examples/ch05_tcpserv01 &\n  \
    strace -f -tt -o client.trace target/debug/examples/ch05_tcpcli01 127.0.0.1\n  \
    socklab diagram server.trace client.trace -o echo.svg\n  \
    strace -ff -tt -o run target/debug/examples/tour --no-trace; socklab diagram run\n  \
    SOCKLAB_TRACE=1 target/debug/examples/tour 2> tour.trace; socklab diagram --format text tour.trace\n\n\
    Timestamps (-tt, -ttt, -r) line up separate traces and show how long a call waited.")]
pub struct DiagramArgs {
    /// Traces: `strace -f -o FILE` files, an `strace -ff -o PREFIX` prefix
    /// (or its PREFIX.PID files), or a socklab program's SOCKLAB_TRACE=1
    /// output; `-` reads standard input.
    #[arg(required = true, value_name = "TRACE")]
    pub traces: Vec<PathBuf>,
    /// Write the diagram to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// svg (a picture) or text (for a terminal).
    #[arg(long, value_enum, default_value = "svg")]
    pub format: DiagramFormat,
    /// The title (default: the programs' names).
    #[arg(long)]
    pub title: Option<String>,
}

/// The diagram's form.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagramFormat {
    /// An SVG picture, A4 wide.
    Svg,
    /// Columns of text, for a terminal.
    Text,
}

/// Runs `socklab diagram`; the exit status.
pub fn run(args: &DiagramArgs) -> i32 {
    match draw(args) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("socklab diagram: {e}");
            1
        }
    }
}

fn draw(args: &DiagramArgs) -> Result<(), String> {
    let mut inputs = Vec::new();
    for path in &args.traces {
        inputs.extend(load(path)?);
    }
    // timestamps order the calls when every file has them
    let timed = inputs
        .iter()
        .all(|i| !i.lines.is_empty() && i.lines.iter().all(|l| l.time.is_some()));
    let conv = model::build(&inputs, timed);
    if conv.events.is_empty() {
        return Err(format!(
            "no socket calls in {} (a trace of `strace -f -o FILE PROGRAM`, or a program's SOCKLAB_TRACE=1 output)",
            shown(&args.traces)
        ));
    }
    let lay = layout::layout(&conv);
    let title = args.title.clone().unwrap_or_else(|| {
        let mut names: Vec<&str> = Vec::new();
        for &l in &lay.columns {
            let lane = &conv.lanes[l];
            if lane.parent.is_none() && !names.contains(&lane.name.as_str()) {
                names.push(&lane.name);
            }
        }
        names.join(" and ")
    });
    let how = if timed {
        "with timestamps"
    } else {
        "in the trace's order"
    };
    let sources = format!("traced: {} ({how})", shown_names(&args.traces));
    let text = match args.format {
        DiagramFormat::Svg => svg::render(&conv, &lay, &title, &sources),
        DiagramFormat::Text => text::render(&conv, &lay, &title, &sources),
    };
    match &args.output {
        Some(file) => std::fs::write(file, text).map_err(|e| format!("{}: {e}", file.display())),
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|e| format!("write: {e}")),
    }
}

fn shown(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The files' names, without their directories.
fn shown_names(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().to_string(),
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A trace file, or an `strace -ff -o PREFIX` prefix: its PREFIX.PID files,
/// each line given the pid of its file's name.
fn load(path: &Path) -> Result<Vec<model::Input>, String> {
    if path.as_os_str() == "-" {
        // a pipe: `SOCKLAB_TRACE=1 PROGRAM 2>&1 >/dev/null | socklab diagram -`
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(|e| format!("standard input: {e}"))?;
        return Ok(vec![model::Input {
            name: "stdin".to_string(),
            lines: parse_strace(&text),
        }]);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| path.display().to_string());
    if path.is_file() {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut lines = parse_strace(&text);
        // a PREFIX.PID file given by name
        if let Some(pid) = ff_pid(&name, None) {
            for l in &mut lines {
                if l.pid == 0 {
                    l.pid = pid;
                }
            }
        }
        // `server.trace` → `server`
        let name = match name.rsplit_once('.') {
            Some((stem, _)) if !stem.is_empty() => stem.to_string(),
            _ => name,
        };
        return Ok(vec![model::Input { name, lines }]);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| {
                    let n = e.file_name().to_string_lossy().to_string();
                    ff_pid(&n, Some(&name)).map(|pid| (pid, e.path()))
                })
                .collect()
        })
        .unwrap_or_default();
    if found.is_empty() {
        return Err(format!(
            "{}: No such file (nor {0}.PID files of strace -ff)",
            path.display()
        ));
    }
    found.sort();
    let mut lines = Vec::new();
    for (pid, file) in found {
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let mut ls = parse_strace(&text);
        for l in &mut ls {
            l.pid = pid;
        }
        lines.push(model::Input {
            name: name.clone(),
            lines: ls,
        });
    }
    // one process tree: one input, the files' lines one after another
    // (by time when timestamped, as every line keeps its own)
    let mut all = model::Input {
        name,
        lines: Vec::new(),
    };
    let mut offset = 0;
    for input in lines {
        for mut l in input.lines {
            l.at += offset;
            l.end_at += offset;
            all.lines.push(l);
        }
        offset = all.lines.len();
    }
    Ok(vec![all])
}

/// `run.12345` → 12345 (with `prefix`, only for `prefix.PID`).
fn ff_pid(file: &str, prefix: Option<&str>) -> Option<u32> {
    let (head, pid) = file.rsplit_once('.')?;
    if prefix.is_some_and(|p| p != head)
        || pid.is_empty()
        || !pid.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    pid.parse().ok()
}
