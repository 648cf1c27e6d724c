//! Figure 30.1, measured: every chapter 30 server design, Rust and its C
//! twin, under the same load, with the CPU time each server reports.
//!
//! ```text
//! cargo bench --bench designs                  # 5 rounds of 5 × 1000 connections
//! cargo bench --bench designs -- 3 400         # 3 rounds of 5 × 400
//! cargo bench --bench designs -- 5 1000 --svg docs/unp/ch30-designs.svg
//! cargo bench --bench designs -- --only serv10   # the baseline and the designs named
//! ```
//!
//! It builds the servers and `ch30_client` in release mode and the C twins
//! with `cc -O2`. In each round, every design runs twice, Rust and C in
//! alternating order (so a busy moment of the machine hits both): the
//! server starts on a free loopback port (`127.0.0.1 0`, pools of 15), the
//! C client loads it (`5 children × LOOPS connections × 4000 bytes`, the
//! same load for every server, the iterative one included), then SIGINT
//! makes the server print its user and system time (`pr_cpu_time`: its
//! own and its waited-for children's). Process-control CPU is that time
//! minus the iterative server's (`ch30_serv00`) in the same round and
//! language, as the book defines it. The table shows medians over rounds;
//! `--svg FILE` also draws them as a bar chart.
//!
//! Not run in CI (CI runs `cargo bench --no-run`, which only builds it).
//! Every server runs in its own process group, killed at the end of its run.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The designs: example name, its pool argument, the row's label.
const DESIGNS: &[(&str, &[&str], &str)] = &[
    ("ch30_serv00", &[], "0 iterative (baseline)"),
    ("ch30_serv01", &[], "1 fork per client"),
    ("ch30_serv02", &["-m"], "2 prefork, no lock"),
    ("ch30_serv03", &[], "3 prefork, fcntl lock"),
    ("ch30_serv04", &[], "4 prefork, shared mutex"),
    ("ch30_serv05", &[], "5 prefork, descriptor passing"),
    ("ch30_serv06", &[], "6 thread per client"),
    ("ch30_serv07", &[], "7 prethreaded, mutex accept"),
    ("ch30_serv08", &[], "8 prethreaded, main accepts"),
    ("ch30_serv09", &[], "9 prefork, SO_REUSEPORT"),
    ("ch30_serv10", &[], "10 epoll, one thread"),
];

/// Pool size for the prefork and prethread designs (the book's 15).
const POOL: &str = "15";
/// The designs whose last argument is the pool size.
const POOLED: &[&str] = &[
    "ch30_serv02",
    "ch30_serv03",
    "ch30_serv04",
    "ch30_serv05",
    "ch30_serv07",
    "ch30_serv08",
    "ch30_serv09",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `target/release` (this binary is `target/release/deps/designs-…`).
fn release_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("bench path");
    exe.parent()
        .and_then(Path::parent)
        .expect("target dir")
        .to_path_buf()
}

/// The release build of example `name`, if it exists.
fn rust_bin(name: &str) -> Option<PathBuf> {
    if !root().join("examples").join(format!("{name}.rs")).exists() {
        return None;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let ok = Command::new(cargo)
        .args(["build", "--quiet", "--release", "--example", name])
        .current_dir(root())
        .status()
        .is_ok_and(|s| s.success());
    ok.then(|| release_dir().join("examples").join(name))
}

/// `docs/c/name.c` compiled with -O2, if it exists.
fn c_bin(name: &str) -> Option<PathBuf> {
    let src = root().join("docs/c").join(format!("{name}.c"));
    if !src.exists() {
        return None;
    }
    // docs/c/Makefile builds it (-O2, and libunp.a: chapter 30's twins
    // share the book's library in docs/c/lib/).
    let dir = release_dir().join("c-twins");
    let bin = dir.join(name);
    let ok = Command::new("make")
        .args(["-s", "-C"])
        .arg(root().join("docs/c"))
        .arg(format!("OUT={}", dir.display()))
        .arg(&bin)
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some(bin)
}

/// What one server run reported.
struct Run {
    cpu: f64,
    served: usize,
    /// Connections per child, from the meter (`-m`), where there is one.
    per_child: Vec<u64>,
}

/// A server in its own process group, killed with it when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.0.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.0.wait();
    }
}

/// Starts the server, loads it with the C client, stops it with SIGINT and
/// reads its CPU line.
fn run_once(
    server: &Path,
    extra: &[&str],
    pooled: bool,
    client: &Path,
    loops: &str,
) -> Option<Run> {
    let mut args: Vec<&str> = extra.to_vec();
    args.extend(["127.0.0.1", "0"]);
    if pooled {
        args.push(POOL);
    }
    let child = Command::new(server)
        .args(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .ok()?;
    let mut server = Server(child);
    let mut lines = BufReader::new(server.0.stdout.take()?).lines();
    let port = lines.by_ref().map_while(Result::ok).find_map(|l| {
        l.strip_prefix("listening on ")
            .map(|a| a.rsplit(':').next().unwrap_or("").to_string())
    })?;
    std::thread::sleep(std::time::Duration::from_millis(200)); // the pool starts
    let out = Command::new(client)
        .args(["127.0.0.1", &port, "5", loops, "4000"])
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let report = String::from_utf8_lossy(&out.stdout);
    let served = if report.contains("5 children, 0 failed") {
        5 * loops.parse::<usize>().unwrap_or(0)
    } else {
        0
    };
    let _ = Command::new("kill")
        .args(["-INT", &server.0.id().to_string()])
        .status();
    let mut cpu = None;
    let mut per_child = Vec::new();
    for line in lines.map_while(Result::ok) {
        if let Some(times) = line.strip_prefix("user time = ") {
            let (user, sys) = times.split_once(", sys time = ")?;
            cpu = Some(user.trim().parse::<f64>().ok()? + sys.trim().parse::<f64>().ok()?);
        } else if let Some(n) = line
            .strip_prefix("child ")
            .and_then(|l| l.split_once(", "))
            .and_then(|(_, r)| r.strip_suffix(" connections"))
        {
            per_child.push(n.parse().unwrap_or(0));
        }
    }
    Some(Run {
        cpu: cpu?,
        served,
        per_child,
    })
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// One design's results over the rounds, per language: total CPU and
/// process-control CPU (minus the baseline of the same round).
#[derive(Default)]
struct Row {
    total: [Vec<f64>; 2],
    control: [Vec<f64>; 2],
    served: [usize; 2],
    spread: Vec<u64>,
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let svg = args
        .iter()
        .position(|a| a == "--svg")
        .and_then(|i| args.get(i + 1).cloned());
    let only: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, _)| *i > 0 && args[i - 1] == "--only")
        .map(|(_, a)| a)
        .collect();
    let numbers: Vec<&String> = args.iter().filter(|a| a.parse::<u32>().is_ok()).collect();
    let rounds: usize = numbers.first().and_then(|n| n.parse().ok()).unwrap_or(5);
    let loops = numbers.get(1).map_or("1000".to_string(), |n| n.to_string());

    let client = c_bin("ch30_client").expect("docs/c/ch30_client.c");
    let designs: Vec<_> = DESIGNS
        .iter()
        .filter(|(name, _, _)| {
            *name == "ch30_serv00"
                || only.is_empty()
                || only.iter().any(|o| name.contains(o.as_str()))
        })
        .filter_map(|&(name, extra, label)| {
            let bins = [rust_bin(name)?, c_bin(name)?];
            Some((name, extra, label, bins))
        })
        .collect();
    println!(
        "Figure 30.1: {rounds} rounds, load 5 children × {loops} connections × 4000 bytes, pools of {POOL}; CPU in ms"
    );
    let mut rows: Vec<Row> = designs.iter().map(|_| Row::default()).collect();
    for round in 0..rounds {
        // Rust first in even rounds, C first in odd ones.
        let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        let mut baseline = [f64::NAN; 2];
        for (d, (name, extra, _, bins)) in designs.iter().enumerate() {
            for lang in order {
                let pooled = POOLED.contains(name);
                let Some(run) = run_once(&bins[lang], extra, pooled, &client, &loops) else {
                    println!("  {name} ({}) did not run", ["Rust", "C"][lang]);
                    continue;
                };
                if d == 0 {
                    baseline[lang] = run.cpu;
                }
                let row = &mut rows[d];
                row.total[lang].push(run.cpu * 1000.0);
                row.control[lang].push((run.cpu - baseline[lang]) * 1000.0);
                row.served[lang] += run.served;
                if lang == 0 && !run.per_child.is_empty() {
                    row.spread = run.per_child;
                }
            }
        }
        eprint!(".");
    }
    eprintln!();

    println!(
        "{:<32} {:>10} {:>10} {:>10} {:>10} {:>7} {:>12}  spread over the children (Rust, last round)",
        "design", "Rust total", "C total", "Rust ctl", "C ctl", "ratio", "served R/C"
    );
    let mut chart = Vec::new();
    for ((_, _, label, _), row) in designs.iter().zip(&mut rows) {
        let [rt, ct] = [median(&mut row.total[0]), median(&mut row.total[1])];
        let [rc, cc] = [median(&mut row.control[0]), median(&mut row.control[1])];
        let spread = if row.spread.is_empty() {
            String::new()
        } else {
            let (min, max) = (
                row.spread.iter().min().unwrap_or(&0),
                row.spread.iter().max().unwrap_or(&0),
            );
            format!("{} children, {min}..{max} each", row.spread.len())
        };
        println!(
            "{label:<32} {rt:>10.1} {ct:>10.1} {rc:>10.1} {cc:>10.1} {:>7.2} {:>6}/{:<6}  {spread}",
            rt / ct,
            row.served[0],
            row.served[1]
        );
        chart.push((label.to_string(), rc, cc));
    }
    println!(
        "ratio: median total CPU, Rust / C. ctl: process-control CPU (total minus the iterative server's, same round)."
    );
    if let Some(path) = svg {
        std::fs::write(&path, bar_chart(&chart)).expect("write the SVG");
        println!("chart: {path}");
    }
}

/// A horizontal bar chart of the process-control CPU, Rust and C side by
/// side for each design.
fn bar_chart(rows: &[(String, f64, f64)]) -> String {
    let max = rows
        .iter()
        .flat_map(|(_, r, c)| [*r, *c])
        .filter(|v| v.is_finite())
        .fold(1.0, f64::max);
    let (left, width, bar, gap) = (230.0, 420.0, 12.0, 10.0);
    let height = 60.0 + rows.len() as f64 * (2.0 * bar + gap);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">Process-control CPU per design (ms, median): socklab (Rust) and C</text>\n\
         <rect x=\"{left}\" y=\"30\" width=\"12\" height=\"10\" fill=\"#d9822b\"/><text x=\"{lx1}\" y=\"39\">Rust</text>\n\
         <rect x=\"{lx2}\" y=\"30\" width=\"12\" height=\"10\" fill=\"#4a7ab5\"/><text x=\"{lx3}\" y=\"39\">C</text>\n",
        w = left + width + 80.0,
        lx1 = left + 16.0,
        lx2 = left + 60.0,
        lx3 = left + 76.0,
    );
    for (i, (label, rust, c)) in rows.iter().enumerate() {
        let y = 50.0 + i as f64 * (2.0 * bar + gap);
        svg += &format!("<text x=\"10\" y=\"{}\">{label}</text>\n", y + bar + 4.0);
        for (j, (value, colour)) in [(rust, "#d9822b"), (c, "#4a7ab5")].into_iter().enumerate() {
            let v = if value.is_finite() {
                value.max(0.0)
            } else {
                0.0
            };
            let yy = y + j as f64 * bar;
            svg += &format!(
                "<rect x=\"{left}\" y=\"{yy}\" width=\"{:.1}\" height=\"{}\" fill=\"{colour}\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{value:.0}</text>\n",
                v / max * width,
                bar - 1.0,
                left + v / max * width + 4.0,
                yy + bar - 2.0
            );
        }
    }
    svg + "</svg>\n"
}
