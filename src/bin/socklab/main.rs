//! `socklab` — the classroom command: grade a server, find a program.
//!
//! ```text
//! $ cargo install --path .            # or: cargo run --bin socklab -- ARGS
//! $ socklab check echo -- target/debug/examples/ch05_tcpserv04 {port}
//! $ socklab check sum --addr 127.0.0.1:9877
//! $ socklab list --chapter 5
//! ```
//!
//! `socklab check PROTOCOL` talks to a server written in any language, the
//! way a client of that protocol would, and prints a scorecard: one line per
//! named check, and for each failure one or two lines on what went wrong and
//! the page of the course guide that teaches the fix. Started by the checker
//! (`-- COMMAND ARGS…`, with a free port for `{port}`), the server is also
//! watched from `/proc`: its zombies, its descriptors, its survival of a
//! client that resets the connection, and whether it can be restarted at once;
//! with `--strace`, also through its system calls (the forking server's rules).
//! `--format json|tap|junit` is for autograders; the exit status is 0 only
//! when every check passed.
//!
//! `socklab list` prints every example program from its own `//!` header;
//! `socklab exercises` lists the graded exercises, shows one, and writes
//! its starter (Rust or C) into the current directory.
//!
//! `socklab lab up|down|status|exec` (as root) builds a virtual network of
//! network namespaces for chapters 20–22, printing every command (lab.rs,
//! docs/virtual-lab.md).

mod backlog;
mod check;
mod diagram;
mod exercises;
mod forkrules;
mod lab; // the virtual network (issue 13)
mod list;
mod proto;
mod report;
mod server;
mod sock;
// The one strace reader, shared with the tests (tests/common/strace.rs
// includes this file): not every item serves the command.
#[allow(dead_code)]
mod strace;

use clap::{Parser, Subcommand, ValueEnum};

/// The classroom command of socklab: grade a server, list the programs,
/// hand out the exercises.
#[derive(Parser)]
#[command(
    name = "socklab",
    version,
    about = "socklab's classroom command: grade a server (check), find a program (list), hand out an exercise (exercises), build a virtual network (lab)",
    long_about = None
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a server: a running one (--addr) or one started here (-- COMMAND ARGS…).
    Check(CheckArgs),
    /// List every example program: what it re-creates, and how to run it.
    List(ListArgs),
    /// The graded exercises: list them, show one, write its starter.
    Exercises(exercises::ExercisesArgs),
    /// A virtual network of hosts on this machine (needs root): up, down, status, exec.
    Lab(lab::LabArgs),
    /// Draw a traced run (strace, or SOCKLAB_TRACE) as a sequence diagram.
    Diagram(diagram::DiagramArgs),
    /// Stevens' sock (UNP Appendix C.3): a test client or server, TCP or UDP.
    Sock(sock::SockArgs),
    /// The listen backlog experiment (UNP Appendix C.4): backlogs 0-14, as a table.
    Backlog(backlog::BacklogArgs),
}

/// The arguments of `socklab check`.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
    socklab check echo -- target/debug/examples/ch05_tcpserv04 {port}\n  \
    socklab check upper -- ./tcp_upper_server {port}\n  \
    socklab check echo --udp -- target/debug/examples/ch08_udpserv01 {port}\n  \
    socklab check sum --addr 127.0.0.1:9877\n\n\
    socklab check echo --strace -- ./my_server {port}\n\n\
    Checks: answer, next-client, binary, byte-stream, large, concurrency, load,\n\
    reset, zombies, descriptors, restart (the last four only for a server started\n\
    here); with --strace also strace-listenfd, strace-connfd, strace-sigchld and\n\
    strace-wait (the forking server's rules, seen in its system calls).")]
pub struct CheckArgs {
    /// The protocol the server speaks.
    #[arg(value_enum)]
    pub protocol: proto::Protocol,
    /// A running server's address (loopback only), e.g. 127.0.0.1:9877.
    #[arg(long, value_name = "HOST:PORT", conflicts_with = "command")]
    pub addr: Option<String>,
    /// The server speaks UDP (echo, daytime, upper).
    #[arg(long)]
    pub udp: bool,
    /// Require concurrency (a second client served while the first is idle).
    #[arg(long, conflicts_with = "iterative")]
    pub concurrent: bool,
    /// Do not require concurrency (an iterative server is fine).
    #[arg(long)]
    pub iterative: bool,
    /// The server serves one client and ends (the tutorial's server.c):
    /// only its answer is checked, and ending with status 0 is no fault.
    #[arg(long)]
    pub once: bool,
    /// Run only these checks (comma-separated names).
    #[arg(long, value_delimiter = ',', value_name = "CHECKS")]
    pub only: Vec<String>,
    /// Skip these checks (comma-separated names).
    #[arg(long, value_delimiter = ',', value_name = "CHECKS")]
    pub skip: Vec<String>,
    /// Run the started server under `strace -f` and check the forking
    /// server's rules in its system calls: the child closes listenfd, the
    /// parent closes connfd, SIGCHLD is caught, ended children are reaped.
    #[arg(long)]
    pub strace: bool,
    /// Output: a scorecard for people, or json, tap or junit for autograders.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// The server to start: COMMAND ARGS…, with {port} replaced by a free port.
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

/// The scorecard's format.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable scorecard.
    Text,
    /// One JSON object.
    Json,
    /// Test Anything Protocol, version 13.
    Tap,
    /// JUnit XML (one testsuite, a testcase per check).
    Junit,
}

/// The arguments of `socklab list`.
#[derive(clap::Args)]
pub struct ListArgs {
    /// Only the programs of this chapter of the book (chNN_…).
    #[arg(long, value_name = "N")]
    pub chapter: Option<u32>,
    /// Only the programs whose name or header mentions WORD (any case).
    #[arg(long, value_name = "WORD")]
    pub grep: Option<String>,
    /// Also print each program's commands (how to run both sides).
    #[arg(long, short)]
    pub verbose: bool,
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => check::run(args),
        Command::List(args) => list::run(&args),
        Command::Exercises(args) => exercises::run(&args),
        Command::Lab(args) => lab::run(args),
        Command::Diagram(args) => diagram::run(&args),
        Command::Sock(args) => sock::run(&args),
        Command::Backlog(args) => backlog::run(&args),
    };
    std::process::exit(code);
}
