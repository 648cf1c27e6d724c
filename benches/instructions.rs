//! Wrapper overhead, counted instead of timed (issue 6 §3): how many
//! user-space instructions does socklab's `read`/`write` add to the C
//! library's `read`/`write`?
//!
//! ```text
//! cargo bench --bench instructions
//! ```
//!
//! Timing a 2 % difference on a shared virtual machine fails: the noise is
//! larger than the effect (`docs/performance.md` §1). Valgrind's callgrind
//! counts every instruction the program executes in user space — the same
//! number on every run, whatever else the machine does. So this program
//! runs itself under `valgrind --tool=callgrind`, once per row and run
//! length, doing N one-byte round trips over an AF_UNIX socketpair (write,
//! read, write back, read back: four system calls) with
//!
//! - **C**: `socklab::bench::raw_read`/`raw_write`, the bare C library
//!   calls and C's `n < 0` check (the baseline of `bench_table`), and
//! - **socklab**: `socklab::read`/`socklab::write` with `?`, trace mode
//!   compiled in and off.
//!
//! Runs of N1 and N2 round trips are subtracted and divided by N2 - N1, so
//! start-up cancels and what is left is instructions per round trip; the
//! difference between the rows, divided by 4, is what socklab adds per
//! call. Callgrind does not see the kernel: the system call itself (the
//! bulk of the time) is not in these counts, only the code around it —
//! which is exactly where the two rows differ.
//!
//! Instructions are not time, so a second table turns them into
//! nanoseconds: the same round trips, timed (this thread's CPU time, the
//! two rows alternating in blocks, medians), once for real and once with
//! `read`/`write` replaced by stubs that return at once (a small C library
//! preloaded with `LD_PRELOAD`; descriptors 0-2 still reach the kernel, so
//! the program can print). With the stubs, what is timed is only the code
//! around the system calls — the C library's and, in the socklab row,
//! socklab's — so the difference between the rows is socklab's cost in
//! nanoseconds, and the real round trip says what share of the whole that is.
//!
//! Needs `valgrind` for the first table and `cc` for the stubs (each
//! section skips, saying so, without them). Not run in CI, which only
//! builds it (`cargo bench --no-run`).

use std::process::Command;

use socklab::*;

/// Run lengths (round trips); the difference is what is reported.
const N1: u64 = 10_000;
const N2: u64 = 110_000;

/// The C row: the bare C library calls and C's check.
#[inline(never)]
fn round_trip_c(a: &Fd, b: &Fd) -> bool {
    let mut byte = [0u8; 1];
    bench::raw_write(a, b"x") >= 0
        && bench::raw_read(b, &mut byte) >= 0
        && bench::raw_write(b, &byte) >= 0
        && bench::raw_read(a, &mut byte) >= 0
}

/// The socklab row: the wrappers, each `Result` checked with `?`.
#[inline(never)]
fn round_trip_socklab(a: &Fd, b: &Fd) -> Result<()> {
    let mut byte = [0u8; 1];
    write(a, b"x")?;
    read(b, &mut byte)?;
    write(b, &byte)?;
    read(a, &mut byte)?;
    Ok(())
}

/// `n` round trips of one row over the pair `a`, `b`.
fn round_trips(row: &str, a: &Fd, b: &Fd, n: u64) {
    for _ in 0..n {
        let ok = match row {
            "c" => round_trip_c(a, b),
            _ => round_trip_socklab(a, b).is_ok(),
        };
        assert!(ok, "{row}: round trip failed");
    }
}

/// `count ROW N`, run under valgrind: `n` round trips of one row.
fn count_child(row: &str, n: u64) {
    trace::disable();
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0).expect("socketpair");
    round_trips(row, &a, &b, n);
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// `time N BLOCKS` (maybe with stubbed read/write): `blocks` blocks of
/// `n` round trips per row, the rows alternating, timed with this thread's
/// CPU clock. Prints one line: the C row's median ns per round trip, the
/// socklab row's, and the median of per-block differences.
fn time_child(n: u64, blocks: usize) {
    trace::disable();
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0).expect("socketpair");
    let mut ns: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    let mut diffs = Vec::new();
    for block in 0..=blocks {
        let mut this = [0.0; 2];
        let order = if block % 2 == 0 { [0, 1] } else { [1, 0] };
        for i in order {
            let start = bench::thread_cputime();
            round_trips(["c", "socklab"][i], &a, &b, n);
            this[i] = (bench::thread_cputime() - start).as_nanos() as f64 / n as f64;
        }
        if block > 0 {
            ns[0].push(this[0]);
            ns[1].push(this[1]);
            diffs.push(this[1] - this[0]);
        }
    }
    let [c, socklab] = ns.map(median);
    println!("{c:.2} {socklab:.2} {:.2}", median(diffs));
}

/// Stubs for read(2) and write(2) that return at once (descriptors 0-2
/// still reach the kernel, so the timing child can print its result).
const STUBS: &str = r#"
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <unistd.h>
ssize_t read(int fd, void *buf, size_t n) {
    return fd <= 2 ? syscall(SYS_read, fd, buf, n) : (ssize_t)n;
}
ssize_t write(int fd, const void *buf, size_t n) {
    return fd <= 2 ? syscall(SYS_write, fd, buf, n) : (ssize_t)n;
}
"#;

/// Compiles [`STUBS`] into a shared library; None (with a note) without `cc`.
fn build_stubs() -> Option<std::path::PathBuf> {
    let dir = std::env::temp_dir();
    let src = dir.join(format!("socklab-stubs-{}.c", std::process::id()));
    let lib = dir.join(format!("socklab-stubs-{}.so", std::process::id()));
    std::fs::write(&src, STUBS).ok()?;
    let ok = Command::new("cc")
        .args(["-O2", "-shared", "-fPIC", "-o"])
        .arg(&lib)
        .arg(&src)
        .status()
        .is_ok_and(|s| s.success());
    let _ = std::fs::remove_file(&src);
    ok.then_some(lib)
}

/// Runs [`time_child`] in a child process, with `preload` as LD_PRELOAD if
/// given; returns [C ns, socklab ns, difference ns] per round trip.
fn timed(preload: Option<&std::path::Path>, n: u64, blocks: usize) -> Option<[f64; 3]> {
    let mut cmd = Command::new(std::env::current_exe().ok()?);
    cmd.args(["time", &n.to_string(), &blocks.to_string()]);
    if let Some(lib) = preload {
        cmd.env("LD_PRELOAD", lib);
    }
    let out = cmd.output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let v: Vec<f64> = text
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    (out.status.success() && v.len() == 3).then(|| [v[0], v[1], v[2]])
}

fn bench_time() {
    println!(
        "\n## time: ns per round trip, this thread's CPU time (median of 51 alternating blocks)"
    );
    let Some(lib) = build_stubs() else {
        println!("  (cc could not build the read/write stubs: skipped)");
        return;
    };
    let stubbed = timed(Some(&lib), 2_000_000, 51);
    let real = timed(None, 20_000, 51);
    let _ = std::fs::remove_file(&lib);
    let (Some(stubbed), Some(real)) = (stubbed, real) else {
        println!("  (the timing child failed: skipped)");
        return;
    };
    println!("| read/write | C row ns | socklab row ns | socklab - C ns |");
    println!("|---|---:|---:|---:|");
    println!(
        "| stubs (user space only) | {:.2} | {:.2} | {:.2} |",
        stubbed[0], stubbed[1], stubbed[2]
    );
    println!(
        "| real system calls | {:.1} | {:.1} | {:.1} |",
        real[0], real[1], real[2]
    );
    println!(
        "socklab's own code: {:.2} ns of a {:.0} ns round trip = {:.2} % (target: within 2 %)",
        stubbed[2],
        real[0],
        100.0 * stubbed[2] / real[0]
    );
}

/// Instructions the whole program executed for `n` round trips of `row`
/// (callgrind's `totals:` line).
fn instructions(row: &str, n: u64) -> Option<u64> {
    let out = std::env::temp_dir().join(format!(
        "socklab-callgrind-{}-{row}-{n}.out",
        std::process::id()
    ));
    let exe = std::env::current_exe().expect("own path");
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg("--quiet")
        .arg(exe)
        .args(["count", row, &n.to_string()])
        .status()
        .ok()?;
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let _ = std::fs::remove_file(&out);
    if !status.success() {
        return None;
    }
    text.lines()
        .find_map(|l| l.strip_prefix("totals:"))
        .and_then(|v| v.trim().parse().ok())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // The child modes this program runs itself in.
    match args.as_slice() {
        [mode, row, n] if mode == "count" => {
            count_child(row, n.parse().expect("round trips"));
            return;
        }
        [mode, n, blocks] if mode == "time" => {
            time_child(
                n.parse().expect("round trips"),
                blocks.parse().expect("blocks"),
            );
            return;
        }
        _ => {}
    }
    bench_instructions();
    bench_time();
}

fn bench_instructions() {
    println!(
        "## instructions: user-space instructions per one-byte round trip (valgrind --tool=callgrind)"
    );
    let available = Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        println!("  (valgrind is not available here: skipped)");
        return;
    }
    let mut per_trip = Vec::new();
    println!(
        "runs of {N1} and {N2} round trips; (difference) / {}",
        N2 - N1
    );
    println!("| row | instructions per round trip | per call |");
    println!("|---|---:|---:|");
    for (row, label) in [
        ("c", "C library read/write"),
        ("socklab", "socklab read/write"),
    ] {
        let (Some(i1), Some(i2)) = (instructions(row, N1), instructions(row, N2)) else {
            println!("  (callgrind failed for row {row}: skipped)");
            return;
        };
        let per = (i2 - i1) as f64 / (N2 - N1) as f64;
        println!("| {label} | {per:.2} | {:.2} |", per / 4.0);
        per_trip.push(per);
    }
    let extra = per_trip[1] - per_trip[0];
    println!(
        "socklab adds {extra:.2} instructions per round trip, {:.2} per call ({:+.1} %)",
        extra / 4.0,
        100.0 * extra / per_trip[0]
    );
}
