//! Bad input, everywhere (issue 6, part 2): ONE table with a row for every
//! example in `examples/`, and every kind of bad input that applies to it,
//! held to one contract.
//!
//! **The contract.** A program given bad input (or a bad situation: a port
//! in use, nobody listening, a server that leaves mid-exchange, end of
//! input at its prompt) exits with status 1 and prints exactly ONE line on
//! stderr that names the problem (the test checks a keyword), `panicked`
//! appears nowhere, and nothing is left behind: no process of its process
//! group still running (forked children), and its temporary directory —
//! each run gets a fresh one as `TMPDIR` and as its working directory —
//! holds exactly what the test put there, no more (no stray socket file,
//! no temp file) and no less (nothing of ours deleted). Descriptors of the
//! program itself die with it; what could outlive it is a child process
//! or a file, and those are what is checked.
//!
//! Every program also gets an argument that is not UTF-8 (`caf\xe9`):
//! `std::env::args()` panics on it, so the examples read `socklab::args()`.
//!
//! Some situations are *not* errors for some programs, by their documented
//! design; those rows say `Succeeds` (exit 0, no panic), `Serves` (keeps
//! running until the test stops it) or `DiesOf` (`ch05_tsigpipe`'s lesson
//! is death by SIGPIPE), never silently nothing:
//! - a server given port 0 binds an ephemeral port and serves: the test
//!   finds the port in `/proc/net/{tcp,udp}`, and for one-shot servers
//!   (hello_server, message_server, chat_server) plays the client that
//!   leaves (FIN) or resets (RST) mid-exchange;
//! - end of input is the normal end for the echo clients (UNP's
//!   `str_cli`/`dg_cli`) and for chat; EOF from the server is the end of a
//!   daytime answer, and the end of a chat;
//! - UDP with nobody at the port: `ch08_dgcliloop` and `ch08_udpcli09`
//!   are never told (unconnected sendto; connect sends nothing). A UDP
//!   client has no connection to lose mid-exchange: "nobody at the port"
//!   (or "nobody answers") is its server-gone row.
//! - the book's UDP echo clients (`ch08_udpcli01`, `ch08_dgcliaddr`) are
//!   not told either, and wait in recvfrom for ever (UNP § 8.9): `Waits`,
//!   still waiting a second later when the test stops it.
//!
//! Cases that do NOT apply, and why:
//! - "no arguments" for programs whose arguments all have defaults: they
//!   would talk to a fixed port (8080, 12000, 9877, 13…), which tests never
//!   use; for servers it would bind one. Programs that require arguments
//!   get the row.
//! - "port 0" for clients is a row (connect: ECONNREFUSED; UDP sendto:
//!   EINVAL); for servers it is the ephemeral-port row above.
//! - privileged ports (port 13 without root): tests may run as root, where
//!   binding 13 succeeds, so that is not tested here.
//! - a closed standard output (`| head`): not bad *input*; see the report
//!   in issue 6 (println! panics on EPIPE).
//! - Property tests and load tests (issue 6, part 1) live in `prop_addr.rs` and
//!   `load_*.rs`; the per-program behaviour (what a good run prints) lives
//!   in each program's own test file. This table is only about bad input,
//!   and its first test (`every_example_has_a_row`) fails as soon as an
//!   example appears without a row.
//!
//! Run one column with its per-case log: `cargo test --test bad_input
//! network -- --nocapture` (a line per case: verdict, example, case, time).
//!
//! Test-side sockets never leak into the programs: std's sockets are
//! close-on-exec, and the socklab sockets made here (the "port in use"
//! holders) ask for `SOCK_CLOEXEC` explicitly — a program another test
//! thread spawns meanwhile must not inherit a port and keep it bound.
mod common;

use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};
use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::net::{UnixDatagram, UnixListener};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use common::{RUN_TIMEOUT, example, kill_group, root, socket_inodes, temp_dir};
use socklab::{
    AF_INET, AF_INET6, AF_UNIX, AsFd, Fd, INADDR_LOOPBACK, SO_LINGER, SO_RCVTIMEO, SOCK_DGRAM,
    SOCK_STREAM, SOL_SOCKET, bind, connect, getsockname, in6addr_loopback, linger, listen,
    setsockopt, sockaddr_in, sockaddr_in6, sockaddr_un, socket, timeval,
};

// ---------------------------------------------------------------------
// What a case is
// ---------------------------------------------------------------------

/// What a run must show.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Exit status 1 and exactly one line on stderr, containing one of
    /// these words (case-insensitive).
    Fails(&'static [&'static str]),
    /// Exit status 0: for this program the situation is no error (its
    /// header says so).
    Succeeds,
    /// Still running when the test stops it (a server that got a port).
    Serves,
    /// Killed by this signal, as the program's lesson says (SIGPIPE).
    DiesOf(i32),
    /// Still waiting a second later, when the test stops it: the book's
    /// UDP clients wait in recvfrom for ever for a lost reply (UNP § 8.9).
    Waits,
}

// The words an error line must contain.
const USAGE: &[&str] = &["usage"];
const BAD_PORT: &[&str] = &["not a port number"];
const UNKNOWN_HOST: &[&str] = &[common::NO_SUCH_HOST];
const IPV6_TO_IPV4: &[&str] = &["IPv6"];
/// The book's clients take a dotted IPv4 address (inet_pton(AF_INET, …)):
/// an IPv6 literal is not one.
const NOT_AF_INET: &[&str] = &["not a valid AF_INET address"];
const REFUSED: &[&str] = &["Connection refused"];
const IN_USE: &[&str] = &["Address already in use"];
const EINVAL: &[&str] = &["Invalid argument"];
const END_OF_INPUT: &[&str] = &["end of input"];
const PEER_CLOSED: &[&str] = &["closed the connection"];
/// UNP's str_cli when the server's FIN comes before the echo.
const PREMATURE: &[&str] = &["server terminated prematurely"];
/// An RST reaches the program in read (ECONNRESET) or in its next write
/// (ECONNRESET, then EPIPE), depending on timing: either is the answer.
const PEER_RESET: &[&str] = &["reset", "broken pipe"];
const TOO_LONG: &[&str] = &["too long"];
const NO_SUCH_FILE: &[&str] = &["No such file or directory"];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Proto {
    Tcp,
    Udp,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Family {
    V4,
    V6,
}

impl Family {
    fn loopback(self) -> &'static str {
        match self {
            Family::V4 => "127.0.0.1",
            Family::V6 => "::1",
        }
    }
}

/// A TCP (or AF_UNIX stream) server played by the test.
#[derive(Clone, Copy, Debug)]
enum Peer {
    /// Listens and never accepts: connect succeeds (the backlog).
    Silent,
    /// Accepts, reads the request (up to a newline, end of file, or a
    /// timeout), closes without a word: the client's read sees end of file.
    TakesRequestAndCloses,
    /// Accepts and closes at once with SO_LINGER {1, 0}: an RST.
    Resets,
}

/// What the test puts at `{path}` (AF_UNIX cases).
#[derive(Clone, Copy, Debug)]
enum AtPath {
    /// A stream socket that listens (and never accepts, or serves as `Peer`).
    StreamServer(Peer),
    /// A datagram socket bound there that never answers.
    DgramBound,
    /// A socket file whose socket is closed: nobody there.
    StaleStream,
    StaleDgram,
    /// A regular file: a server must refuse to remove it.
    RegularFile,
}

/// What the test does as a client of a program that is the server.
#[derive(Clone, Copy, Debug)]
enum ClientAct {
    /// Nothing: the server got its port, that is all the case asks.
    Nothing,
    /// Connects and closes without a word (FIN).
    Closes,
    /// Connects and resets (SO_LINGER {1, 0}, close).
    Resets,
    /// Connects, sends one line, and stays until the program ends.
    SendsLine,
}

/// What the test prepares before it starts the program. The program's
/// arguments may name it: `{port}` (a port), `{path}` (a path in the run's
/// temporary directory), `{dir}` (that directory).
#[derive(Clone, Copy, Debug)]
enum Setup {
    Nothing,
    /// A socklab socket bound to 127.0.0.1:{port} (TCP: listening), held
    /// during the run.
    InUse(Proto),
    /// {port} was bound on loopback and closed again just now: nobody there.
    Closed(Proto, Family),
    /// A TCP server on loopback {port}, played by the test.
    TcpServer(Family, Peer),
    /// Something at {path}.
    Unix(AtPath),
    /// The program is the server, given port 0; the test finds the port it
    /// bound, then plays the client.
    ProgramServes(Proto, ClientAct),
}

/// The program's standard input.
#[derive(Clone, Copy, Debug)]
enum Input {
    /// This text, then end of file.
    Text(&'static str),
    /// A pipe held open, with nothing in it, until the program ends (for
    /// select-based clients, so end of input does not race the socket).
    Held,
}

/// The test function that runs a case (so a failure says what kind).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Column {
    /// Wrong arguments: usage, ports, hosts, paths.
    Arguments,
    /// The network says no: in use, refused, nobody answers.
    Network,
    /// The other side leaves mid-exchange.
    PeerGone,
    /// End of input at the prompt.
    StdinClosed,
    /// Not errors by design: runs and exits 0, or serves.
    NotErrors,
}

#[derive(Clone, Debug)]
struct Case {
    what: &'static str,
    args: Vec<String>,
    setup: Setup,
    input: Input,
    expect: Expect,
    column: Column,
}

fn case(what: &'static str, args: &[&str], expect: Expect) -> Case {
    let column = match expect {
        Expect::Fails(_) => Column::Arguments,
        Expect::Succeeds | Expect::Serves | Expect::DiesOf(_) | Expect::Waits => Column::NotErrors,
    };
    Case {
        what,
        args: args.iter().map(|a| a.to_string()).collect(),
        setup: Setup::Nothing,
        input: Input::Text("hello\n"),
        expect,
        column,
    }
}

impl Case {
    fn setup(mut self, setup: Setup) -> Case {
        self.setup = setup;
        self
    }
    fn input(mut self, input: Input) -> Case {
        self.input = input;
        self
    }
    /// Files the case under `column`; a case that is no error (Succeeds,
    /// Serves, DiesOf) stays under `NotErrors`, whatever its situation.
    fn column(mut self, column: Column) -> Case {
        if !matches!(self.column, Column::NotErrors) {
            self.column = column;
        }
        self
    }
}

/// One example and every case that applies to it.
struct Row {
    name: &'static str,
    cases: Vec<Case>,
}

impl Row {
    /// Adds cases this program has beyond its kind's.
    fn with(mut self, extra: Vec<Case>) -> Row {
        self.cases.extend(extra);
        self
    }
    /// Changes the expectation of the case called `what` (a program whose
    /// answer to it differs from its kind's, e.g. `-1` read as a flag).
    fn except(mut self, what: &str, expect: Expect) -> Row {
        let c = self
            .cases
            .iter_mut()
            .find(|c| c.what == what)
            .unwrap_or_else(|| panic!("{}: no case {what:?} to change", self.name));
        c.expect = expect;
        self
    }
}

// ---------------------------------------------------------------------
// Kinds of program, and the cases each kind gets
// ---------------------------------------------------------------------

/// A program that takes no arguments: extra ones are a usage error, and
/// it runs to completion by itself (quickly, touching only loopback).
fn no_arguments(name: &'static str) -> Row {
    Row {
        name,
        cases: vec![
            case("too many arguments", &["extra"], Expect::Fails(USAGE)),
            case("runs and exits 0", &[], Expect::Succeeds),
        ],
    }
}

/// `[host] [port]` (defaults) or `host port` (required).
#[derive(Clone, Copy, PartialEq)]
enum Args {
    Optional,
    Required,
}

/// An IPv4 (or, with `v6()`, IPv6) client, `[host] [port]` or `host port`.
struct ClientKind {
    args: Args,
    proto: Proto,
    family: Family,
    port0: Expect,
    nobody: Expect,
    /// End of input at its prompt; None: it reads no standard input.
    eof: Option<Expect>,
    /// The server takes the request and closes; None: does not apply.
    fin: Option<Expect>,
    /// The server resets at once.
    rst: Option<Expect>,
    /// Keep stdin open during the server-gone cases (select clients).
    hold_stdin: bool,
    /// What it is given to send (standard input) in the server-gone cases.
    request: &'static str,
}

fn tcp_client(args: Args) -> ClientKind {
    ClientKind {
        args,
        proto: Proto::Tcp,
        family: Family::V4,
        port0: Expect::Fails(REFUSED),
        nobody: Expect::Fails(REFUSED),
        eof: None,
        fin: None,
        rst: None,
        hold_stdin: false,
        request: "hello\n",
    }
}

/// A UDP client: what "nobody at the port" does differs per program, so
/// it is always given.
fn udp_client(args: Args, nobody: Expect) -> ClientKind {
    ClientKind {
        proto: Proto::Udp,
        port0: Expect::Fails(EINVAL), // sendto to port 0
        nobody,
        ..tcp_client(args)
    }
}

impl ClientKind {
    fn eof(mut self, e: Expect) -> Self {
        self.eof = Some(e);
        self
    }
    fn server_gone(mut self, fin: Expect, rst: Expect) -> Self {
        self.fin = Some(fin);
        self.rst = Some(rst);
        self
    }
    fn hold_stdin(mut self) -> Self {
        self.hold_stdin = true;
        self
    }
    fn request(mut self, text: &'static str) -> Self {
        self.request = text;
        self
    }
    fn port0(mut self, e: Expect) -> Self {
        self.port0 = e;
        self
    }
    fn v6(mut self) -> Self {
        self.family = Family::V6;
        self
    }
}

fn client(name: &'static str, k: ClientKind) -> Row {
    let host = k.family.loopback();
    let mut cases = Vec::new();
    if k.args == Args::Required {
        cases.push(case("no arguments", &[], Expect::Fails(USAGE)));
    }
    cases.extend([
        case(
            "too many arguments",
            &[host, "1", "extra"],
            Expect::Fails(USAGE),
        ),
        case("non-numeric port", &[host, "abc"], Expect::Fails(BAD_PORT)),
        case("port 65536", &[host, "65536"], Expect::Fails(BAD_PORT)),
        case("negative port", &[host, "-1"], Expect::Fails(BAD_PORT)),
        case("empty port", &[host, ""], Expect::Fails(BAD_PORT)),
    ]);
    match k.family {
        Family::V4 => cases.extend([
            case(
                "unknown host",
                &[common::NO_SUCH_HOST, "{port}"],
                Expect::Fails(UNKNOWN_HOST),
            )
            .setup(Setup::Closed(k.proto, k.family)),
            case(
                "IPv6 literal",
                &["::1", "{port}"],
                Expect::Fails(IPV6_TO_IPV4),
            )
            .setup(Setup::Closed(k.proto, k.family)),
        ]),
        // An IPv6 program takes literals only (inet_pton(AF_INET6)).
        Family::V6 => cases.extend([
            case(
                "unknown host",
                &[common::NO_SUCH_HOST, "{port}"],
                Expect::Fails(UNKNOWN_HOST),
            )
            .setup(Setup::Closed(k.proto, k.family)),
            case(
                "IPv4 literal",
                &["127.0.0.1", "{port}"],
                Expect::Fails(&["AF_INET6"]),
            )
            .setup(Setup::Closed(k.proto, k.family)),
        ]),
    }
    cases.push(case("port 0", &[host, "0"], k.port0).column(Column::Network));
    cases.push(
        case("nobody at the port", &[host, "{port}"], k.nobody)
            .setup(Setup::Closed(k.proto, k.family))
            .column(Column::Network),
    );
    if let Some(e) = k.eof {
        // TCP: a server that takes what comes (end of file from a client
        // that half-closes, too) and closes, so every client can end.
        let setup = match k.proto {
            Proto::Tcp => Setup::TcpServer(k.family, Peer::TakesRequestAndCloses),
            Proto::Udp => Setup::Closed(Proto::Udp, k.family),
        };
        cases.push(
            case("stdin closed at the prompt", &[host, "{port}"], e)
                .setup(setup)
                .input(Input::Text(""))
                .column(Column::StdinClosed),
        );
    }
    let input = if k.hold_stdin {
        Input::Held
    } else {
        Input::Text(k.request)
    };
    for (what, peer, expect) in [
        (
            "server closes mid-exchange",
            Peer::TakesRequestAndCloses,
            k.fin,
        ),
        ("server resets mid-exchange", Peer::Resets, k.rst),
    ] {
        if let Some(e) = expect {
            cases.push(
                case(what, &[host, "{port}"], e)
                    .setup(Setup::TcpServer(k.family, peer))
                    .input(input)
                    .column(Column::PeerGone),
            );
        }
    }
    Row { name, cases }
}

/// A server, `[port]` or `port`, perhaps with `[bind-address]` after it.
struct ServerKind {
    args: Args,
    /// What it binds first (the socket the port-in-use case collides with).
    proto: Proto,
    bind_address: bool,
    /// A one-shot server: what a client that leaves does to it. None: it
    /// serves forever (port 0 is then the `Serves` case).
    once: Option<Once>,
}

struct Once {
    fin: Expect,
    rst: Expect,
    /// End of input at its prompt (chat_server), after a client's line.
    eof: Option<Expect>,
}

fn server_kind(args: Args, proto: Proto) -> ServerKind {
    ServerKind {
        args,
        proto,
        bind_address: false,
        once: None,
    }
}

impl ServerKind {
    fn bind_address(mut self) -> Self {
        self.bind_address = true;
        self
    }
    fn once(mut self, fin: Expect, rst: Expect) -> Self {
        self.once = Some(Once {
            fin,
            rst,
            eof: None,
        });
        self
    }
    fn eof(mut self, e: Expect) -> Self {
        if let Some(once) = &mut self.once {
            once.eof = Some(e);
        }
        self
    }
}

fn server(name: &'static str, k: ServerKind) -> Row {
    let mut cases = Vec::new();
    if k.args == Args::Required {
        // "usage: … port" or the tutorial's "ERROR, no port provided"
        cases.push(case("no arguments", &[], Expect::Fails(&["port"])));
    }
    let too_many: &[&str] = if k.bind_address {
        &["0", "127.0.0.1", "extra"]
    } else {
        &["0", "extra"]
    };
    cases.extend([
        case("too many arguments", too_many, Expect::Fails(USAGE)),
        case("non-numeric port", &["abc"], Expect::Fails(BAD_PORT)),
        case("port 65536", &["65536"], Expect::Fails(BAD_PORT)),
        case("negative port", &["-1"], Expect::Fails(BAD_PORT)),
        case("empty port", &[""], Expect::Fails(BAD_PORT)),
        case("port in use", &["{port}"], Expect::Fails(IN_USE))
            .setup(Setup::InUse(k.proto))
            .column(Column::Network),
    ]);
    if k.bind_address {
        cases.extend([
            case(
                "unknown bind address",
                &["0", common::NO_SUCH_HOST],
                Expect::Fails(UNKNOWN_HOST),
            ),
            case(
                "IPv6 bind address",
                &["0", "::1"],
                Expect::Fails(IPV6_TO_IPV4),
            ),
        ]);
    }
    let serves = |act| Setup::ProgramServes(k.proto, act);
    match k.once {
        None => cases.push(
            case("port 0: binds an ephemeral port", &["0"], Expect::Serves)
                .setup(serves(ClientAct::Nothing)),
        ),
        Some(once) => {
            cases.push(
                case("port 0, client closes mid-exchange", &["0"], once.fin)
                    .setup(serves(ClientAct::Closes))
                    .column(Column::PeerGone),
            );
            cases.push(
                case("port 0, client resets mid-exchange", &["0"], once.rst)
                    .setup(serves(ClientAct::Resets))
                    .column(Column::PeerGone),
            );
            if let Some(e) = once.eof {
                cases.push(
                    case("stdin closed at the prompt", &["0"], e)
                        .setup(serves(ClientAct::SendsLine))
                        .input(Input::Text(""))
                        .column(Column::StdinClosed),
                );
            }
        }
    }
    Row { name, cases }
}

// ---- ch11 (issue 11) ----
/// An unknown service: named in the error line (getaddrinfo's
/// "Servname not supported…", getservbyname's "no such service").
const NO_SUCH_SERVICE: &[&str] = &["no-such-service"];

/// A chapter 11 client: `host [service]`, the service a name or a number.
fn ch11_client(name: &'static str, proto: Proto) -> Row {
    let nobody = match proto {
        Proto::Tcp => Expect::Fails(REFUSED),
        Proto::Udp => Expect::Waits, // unconnected UDP is never told
    };
    Row {
        name,
        cases: vec![
            case("no arguments", &[], Expect::Fails(USAGE)),
            case(
                "too many arguments",
                &["127.0.0.1", "1", "extra"],
                Expect::Fails(USAGE),
            ),
            case(
                "unknown host",
                &[common::NO_SUCH_HOST, "{port}"],
                Expect::Fails(UNKNOWN_HOST),
            )
            .setup(Setup::Closed(proto, Family::V4)),
            case(
                "unknown service",
                &["127.0.0.1", "no-such-service"],
                Expect::Fails(NO_SUCH_SERVICE),
            ),
            case("nobody at the port", &["127.0.0.1", "{port}"], nobody)
                .setup(Setup::Closed(proto, Family::V4))
                .column(Column::Network),
        ],
    }
}

/// A chapter 11 server: `[service]`, or `[host] [service]` with `host`.
fn ch11_server(name: &'static str, proto: Proto, host: bool) -> Row {
    let mut cases = vec![
        case(
            "too many arguments",
            &["127.0.0.1", "0", "extra"],
            Expect::Fails(USAGE),
        ),
        case(
            "unknown service",
            &["no-such-service"],
            Expect::Fails(NO_SUCH_SERVICE),
        ),
        case("port in use", &["{port}"], Expect::Fails(IN_USE))
            .setup(Setup::InUse(proto))
            .column(Column::Network),
        case("port 0: binds an ephemeral port", &["0"], Expect::Serves)
            .setup(Setup::ProgramServes(proto, ClientAct::Nothing)),
    ];
    if host {
        cases.push(case(
            "unknown host",
            &[common::NO_SUCH_HOST, "0"],
            Expect::Fails(UNKNOWN_HOST),
        ));
    }
    Row { name, cases }
}
// ---- end ch11 ----

// [ch24 block] out-of-band data: tcp_connect senders, tcp_listen receivers
/// A chapter 24 sender: `[--paced] [host] [port]`, through tcp_connect.
fn ch24_sender(name: &'static str) -> Row {
    Row {
        name,
        cases: vec![
            case(
                "too many arguments",
                &["127.0.0.1", "1", "extra"],
                Expect::Fails(USAGE),
            ),
            case(
                "unknown host",
                &[common::NO_SUCH_HOST, "{port}"],
                Expect::Fails(UNKNOWN_HOST),
            )
            .setup(Setup::Closed(Proto::Tcp, Family::V4)),
            case(
                "unknown service",
                &["127.0.0.1", "no-such-service"],
                Expect::Fails(NO_SUCH_SERVICE),
            ),
            case(
                "nobody at the port",
                &["127.0.0.1", "{port}"],
                Expect::Fails(REFUSED),
            )
            .setup(Setup::Closed(Proto::Tcp, Family::V4))
            .column(Column::Network),
        ],
    }
}
// [end ch24 block]

// ---- ch30: the server designs and their client ----

/// A chapter 30 server: `[host] port` (`#children` or `#threads` after it
/// for the pools). The port is required, as in the book.
fn ch30_server(name: &'static str, pool: bool) -> Row {
    let with = |args: &[&'static str]| -> Vec<&'static str> {
        let mut v = args.to_vec();
        if pool {
            v.push("2");
        }
        v
    };
    let mut cases = vec![
        case("no arguments", &[], Expect::Fails(USAGE)),
        case(
            "too many arguments",
            &with(&["127.0.0.1", "0", "extra"]),
            Expect::Fails(USAGE),
        ),
        case(
            "unknown service",
            &with(&["no-such-service"]),
            Expect::Fails(NO_SUCH_SERVICE),
        ),
        case(
            "unknown host",
            &with(&[common::NO_SUCH_HOST, "0"]),
            Expect::Fails(UNKNOWN_HOST),
        ),
        case("port in use", &with(&["{port}"]), Expect::Fails(IN_USE))
            .setup(Setup::InUse(Proto::Tcp))
            .column(Column::Network),
        case(
            "port 0: binds an ephemeral port",
            &with(&["0"]),
            Expect::Serves,
        )
        .setup(Setup::ProgramServes(Proto::Tcp, ClientAct::Nothing)),
    ];
    if pool {
        cases.extend([
            case("pool of 0", &["0", "0"], Expect::Fails(&["must be 1 to"])),
            case(
                "pool not a number",
                &["0", "many"],
                Expect::Fails(&["must be 1 to"]),
            ),
        ]);
    }
    Row { name, cases }
}

/// `ch30_client host port #children #loops/child #bytes/request`.
fn ch30_client() -> Row {
    Row {
        name: "ch30_client",
        cases: vec![
            case("no arguments", &[], Expect::Fails(USAGE)),
            case(
                "four arguments",
                &["127.0.0.1", "1", "1", "1"],
                Expect::Fails(USAGE),
            ),
            case(
                "children not a number",
                &["127.0.0.1", "{port}", "x", "1", "10"],
                Expect::Fails(&["#children must be a number"]),
            ),
            case(
                "0 bytes",
                &["127.0.0.1", "{port}", "1", "1", "0"],
                Expect::Fails(&["#bytes/request must be 1 to 16384"]),
            ),
            case(
                "more than MAXN bytes",
                &["127.0.0.1", "{port}", "1", "1", "16385"],
                Expect::Fails(&["#bytes/request must be 1 to 16384"]),
            ),
            case(
                "nobody at the port",
                &["127.0.0.1", "{port}", "1", "1", "10"],
                Expect::Fails(REFUSED),
            )
            .setup(Setup::Closed(Proto::Tcp, Family::V4))
            .column(Column::Network),
        ],
    }
}
// ---- end ch30 ----

// ---- chapter 16 ----
/// How `ch16_strclifork`'s parent ends: its child's `kill(getppid(), SIGTERM)`.
const SIGTERM: i32 = 15;

/// `ch16_httpd <directory> [port]`.
fn ch16_httpd_cases() -> Vec<Case> {
    vec![
        case("no arguments", &[], Expect::Fails(USAGE)),
        case(
            "too many arguments",
            &["{dir}", "0", "extra"],
            Expect::Fails(USAGE),
        ),
        case(
            "non-numeric port",
            &["{dir}", "abc"],
            Expect::Fails(BAD_PORT),
        ),
        case("port in use", &["{dir}", "{port}"], Expect::Fails(IN_USE))
            .setup(Setup::InUse(Proto::Tcp))
            .column(Column::Network),
        case(
            "port 0: binds an ephemeral port",
            &["{dir}", "0"],
            Expect::Serves,
        )
        .setup(Setup::ProgramServes(Proto::Tcp, ClientAct::Nothing)),
    ]
}

/// `ch16_web [-p port] [-o dir] <#conns> <hostname> <homepage> <file1> ...`.
fn ch16_web_cases() -> Vec<Case> {
    let closed = Setup::Closed(Proto::Tcp, Family::V4);
    vec![
        case("no arguments", &[], Expect::Fails(USAGE)),
        case("no file", &["1", "127.0.0.1", "/"], Expect::Fails(USAGE)),
        case(
            "unknown option",
            &["-x", "1", "127.0.0.1", "/", "/a"],
            Expect::Fails(USAGE),
        ),
        case(
            "#conns not a number",
            &["many", "127.0.0.1", "/", "/a"],
            Expect::Fails(&["number"]),
        ),
        case(
            "unknown host",
            &["-p", "{port}", "1", common::NO_SUCH_HOST, "/", "/a"],
            Expect::Fails(UNKNOWN_HOST),
        )
        .setup(closed),
        case(
            "nobody at the port",
            &["-p", "{port}", "1", "127.0.0.1", "/", "/a"],
            Expect::Fails(REFUSED),
        )
        .setup(closed)
        .column(Column::Network),
        case(
            "-o: a missing directory",
            &["-o", "{dir}/missing", "1", "127.0.0.1", "/", "/a"],
            Expect::Fails(NO_SUCH_FILE),
        ),
    ]
}
// ---- end chapter 16 ----

/// [ch26b] `ch26_web03 [-p port] [-o dir] <#conns> <hostname> <homepage>
/// <file1> ...`: `ch16_web`'s arguments and cases, and a port that is not
/// one.
fn ch26_web03_cases() -> Vec<Case> {
    let mut cases = ch16_web_cases();
    cases.push(case(
        "bad port",
        &["-p", "nosuchport", "1", "127.0.0.1", "/", "/a"],
        Expect::Fails(&["nosuchport"]),
    ));
    cases
}

/// A path longer than sun_path's 108 bytes, in the run's directory.
fn too_long_path() -> String {
    format!("{{dir}}/{}", "x".repeat(120))
}

/// The cases every AF_UNIX program shares (its one argument is a path).
fn unix_path_cases() -> Vec<Case> {
    vec![
        case("no arguments", &[], Expect::Fails(USAGE)),
        case(
            "too many arguments",
            &["{path}", "extra"],
            Expect::Fails(USAGE),
        ),
        case(
            "too-long AF_UNIX path",
            &[&too_long_path()],
            Expect::Fails(TOO_LONG),
        ),
        case("empty path", &[""], Expect::Fails(&["empty path"])),
        case(
            "path in a missing directory",
            &["{dir}/missing/sock"],
            Expect::Fails(NO_SUCH_FILE),
        ),
    ]
}

fn unix_stream_client(name: &'static str) -> Row {
    let path = &["{path}"];
    let mut cases = unix_path_cases();
    cases.extend([
        case(
            "nobody at the path (stale socket)",
            path,
            Expect::Fails(REFUSED),
        )
        .setup(Setup::Unix(AtPath::StaleStream))
        .column(Column::Network),
        case("a regular file at the path", path, Expect::Fails(REFUSED))
            .setup(Setup::Unix(AtPath::RegularFile))
            .column(Column::Network),
        case(
            "stdin closed at the prompt",
            path,
            Expect::Fails(END_OF_INPUT),
        )
        .setup(Setup::Unix(AtPath::StreamServer(Peer::Silent)))
        .input(Input::Text(""))
        .column(Column::StdinClosed),
        case(
            "server closes mid-exchange",
            path,
            Expect::Fails(PEER_CLOSED),
        )
        .setup(Setup::Unix(AtPath::StreamServer(
            Peer::TakesRequestAndCloses,
        )))
        .column(Column::PeerGone),
    ]);
    Row { name, cases }
}

fn unix_dgram_client(name: &'static str) -> Row {
    let path = &["{path}"];
    let mut cases = unix_path_cases();
    cases.extend([
        case(
            "nobody at the path (stale socket)",
            path,
            Expect::Fails(REFUSED),
        )
        .setup(Setup::Unix(AtPath::StaleDgram))
        .column(Column::Network),
        case("a regular file at the path", path, Expect::Fails(REFUSED))
            .setup(Setup::Unix(AtPath::RegularFile))
            .column(Column::Network),
        case("nobody answers (5 s)", path, Expect::Fails(&["no answer"]))
            .setup(Setup::Unix(AtPath::DgramBound))
            .column(Column::Network),
        case(
            "stdin closed at the prompt",
            path,
            Expect::Fails(END_OF_INPUT),
        )
        .setup(Setup::Unix(AtPath::DgramBound))
        .input(Input::Text(""))
        .column(Column::StdinClosed),
    ]);
    Row { name, cases }
}

fn unix_server(name: &'static str, proto: Proto) -> Row {
    let path = &["{path}"];
    let (in_use, what): (AtPath, &'static [&'static str]) = match proto {
        Proto::Tcp => (
            AtPath::StreamServer(Peer::Silent),
            &["another server is listening"],
        ),
        Proto::Udp => (AtPath::DgramBound, &["another server is using"]),
    };
    let mut cases = unix_path_cases();
    cases.extend([
        case("path in use by a live socket", path, Expect::Fails(what))
            .setup(Setup::Unix(in_use))
            .column(Column::Network),
        case(
            "a regular file at the path (kept)",
            path,
            Expect::Fails(&["not a socket"]),
        )
        .setup(Setup::Unix(AtPath::RegularFile))
        .column(Column::Network),
    ]);
    Row { name, cases }
}

// [ch15] The path cases of a chapter 15 program whose path argument is
// optional (no "no arguments" row: it would use /tmp/unix.str).
fn ch15_path_cases(_name: &'static str) -> Vec<Case> {
    unix_path_cases()
        .into_iter()
        .filter(|c| c.what != "no arguments")
        .collect()
}

// [ch15] A chapter 15 server: the book's unlink before bind removes an
// earlier run's socket (even a live server's: the book's behaviour, so no
// "path in use" row), never anything else.
fn ch15_unix_server(name: &'static str) -> Row {
    let mut cases = ch15_path_cases(name);
    cases.push(
        case(
            "a regular file at the path (kept)",
            &["{path}"],
            Expect::Fails(&["not a socket"]),
        )
        .setup(Setup::Unix(AtPath::RegularFile))
        .column(Column::Network),
    );
    Row { name, cases }
}

// ---------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------

/// Programs that take no arguments at all. They get the "too many
/// arguments" row and the "runs and exits 0" row (each is self-contained:
/// loopback only, port 0, ends by itself within a second).
const NO_ARGUMENTS: &[&str] = &[
    "socket_init",    // socket(), print the descriptor, close
    "fd_basics",      // descriptors, dup/dup2; its temp file must be gone after
    "tour",           // its own server and client (fork): no process left after
    "ch01_byteorder", // no system calls at all
    "ch07_checkopts", // getsockopt table (a missing IPv6 column is a note, not an error)
    "ch07_reuseaddr", // EADDRINUSE then the SO_REUSEADDR fix, on its own ports
    // [ch26] two threads and a counter, 5000 lines each
    "ch26_example01",
    "ch26_example02",
    // [ch26b] producer and consumer, two lines
    "ch26_example03",
];

fn table() -> Vec<Row> {
    use Args::{Optional, Required};
    use Expect::{DiesOf, Fails, Succeeds, Waits};
    let mut rows: Vec<Row> = NO_ARGUMENTS.iter().map(|name| no_arguments(name)).collect();
    rows.extend([
        // --- lecture programs: clients ---
        client(
            "hello_client",
            tcp_client(Optional).server_gone(Fails(PEER_CLOSED), Fails(PEER_RESET)),
        ),
        client(
            "tcp_upper_client",
            tcp_client(Optional)
                .eof(Fails(END_OF_INPUT))
                .server_gone(Fails(PEER_CLOSED), Fails(PEER_RESET)),
        ),
        client(
            "message_client",
            tcp_client(Required)
                .eof(Fails(END_OF_INPUT))
                .server_gone(Fails(PEER_CLOSED), Fails(PEER_RESET)),
        ),
        // chat: end of input and the server's close are the chat's end
        client(
            "chat_client",
            tcp_client(Optional)
                .eof(Succeeds)
                .server_gone(Succeeds, Fails(PEER_RESET)),
        ),
        client(
            "udp_upper_client",
            udp_client(Optional, Fails(&["no reply"])).eof(Fails(END_OF_INPUT)),
        ),
        client(
            "dgram_client",
            udp_client(Required, Fails(&["no answer"])).eof(Fails(END_OF_INPUT)),
        ),
        // --- lecture programs: servers ---
        server(
            "hello_server",
            server_kind(Optional, Proto::Tcp).once(Fails(PEER_CLOSED), Fails(PEER_RESET)),
        ),
        server(
            "message_server",
            server_kind(Required, Proto::Tcp).once(Fails(PEER_CLOSED), Fails(PEER_RESET)),
        ),
        server(
            "chat_server",
            server_kind(Optional, Proto::Tcp)
                .once(Succeeds, Fails(PEER_RESET))
                .eof(Succeeds),
        ),
        server("tcp_upper_server", server_kind(Optional, Proto::Tcp)),
        server("forking_server", server_kind(Required, Proto::Tcp)),
        server("udp_upper_server", server_kind(Optional, Proto::Udp)),
        server("dgram_server", server_kind(Required, Proto::Udp)),
        // --- lecture programs: AF_UNIX ---
        unix_stream_client("unix_stream_client"),
        unix_dgram_client("unix_dgram_client"),
        unix_server("unix_stream_server", Proto::Tcp),
        unix_server("unix_dgram_server", Proto::Udp),
        // --- lecture programs: the others ---
        Row {
            name: "hostname",
            cases: vec![
                case("too many arguments", &["a", "b"], Fails(USAGE)),
                case("unknown host", &[common::NO_SUCH_HOST], Fails(UNKNOWN_HOST)),
                case("runs and exits 0", &["localhost"], Succeeds),
            ],
        },
        Row {
            name: "bench_table",
            cases: vec![
                case("too many arguments", &["1", "1", "1"], Fails(USAGE)),
                case(
                    "non-numeric count",
                    &["abc"],
                    Fails(&["not a whole number"]),
                ),
                case("count 0", &["0"], Fails(&["not a whole number"])),
                case(
                    "negative count",
                    &["1", "-1"],
                    Fails(&["not a whole number"]),
                ),
                case("count too big", &["99999999999"], Fails(&["too many"])),
                case("runs and exits 0", &["1", "1"], Succeeds),
            ],
        },
        // --- UNP chapter 1 ---
        // daytime: the server's close is the end of the answer
        client(
            "ch01_daytimetcpcli",
            tcp_client(Optional).server_gone(Succeeds, Fails(PEER_RESET)),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        client(
            "ch01_daytimetcpcli1",
            tcp_client(Optional).server_gone(Succeeds, Fails(PEER_RESET)),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        client(
            "ch01_daytimetcpcliv6",
            tcp_client(Optional)
                .v6()
                .server_gone(Succeeds, Fails(PEER_RESET)),
        ),
        server("ch01_daytimetcpsrv", server_kind(Optional, Proto::Tcp)),
        server("ch01_daytimetcpsrv1", server_kind(Optional, Proto::Tcp)),
        server("ch01_daytimetcpsrv2", server_kind(Optional, Proto::Tcp)),
        // --- UNP chapters 3 and 4 ---
        Row {
            name: "ch03_inet_pton",
            cases: vec![
                case("too many arguments", &["1.2.3.4", "extra"], Fails(USAGE)),
                case(
                    "not an address",
                    &["10.1.1.256"],
                    Fails(&["not a valid AF_INET"]),
                ),
                case(
                    "a name, not an address",
                    &[common::NO_SUCH_HOST],
                    Fails(UNKNOWN_HOST),
                ),
                case(
                    "bad IPv6 text",
                    &["2001:db8::1::2"],
                    Fails(&["not a valid AF_INET6"]),
                ),
                case("runs and exits 0", &[], Succeeds),
                case("converts ::1", &["::1"], Succeeds),
            ],
        },
        // never reads: nothing for a server that leaves to break
        client("ch04_getsockname", tcp_client(Optional)).except("IPv6 literal", Fails(NOT_AF_INET)),
        // --- UNP chapter 5 ---
        // str_cli: end of input is the end; the server's FIN before the
        // echo is "terminated prematurely"
        client(
            "ch05_tcpcli01",
            tcp_client(Optional)
                .eof(Succeeds)
                .server_gone(Fails(PREMATURE), Fails(PEER_RESET)),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        client(
            "ch05_tcpcli04",
            tcp_client(Optional)
                .eof(Succeeds)
                .server_gone(Fails(PREMATURE), Fails(PEER_RESET)),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        client(
            "ch05_tcpcli08",
            tcp_client(Optional)
                .eof(Succeeds)
                .server_gone(Fails(PREMATURE), Fails(PEER_RESET)),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        client(
            "ch05_tcpcli09",
            tcp_client(Optional)
                .request("11 22\n")
                .eof(Succeeds)
                .server_gone(Fails(PREMATURE), Fails(PEER_RESET)),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET))
        .with(vec![
            case(
                "too many arguments after --swap",
                &["--swap", "127.0.0.1", "1", "extra"],
                Fails(USAGE),
            ),
            // a typing error costs a line on stderr, not the session
            case(
                "a line that is not two integers (reported, goes on)",
                &["127.0.0.1", "{port}"],
                Succeeds,
            )
            .setup(Setup::TcpServer(Family::V4, Peer::TakesRequestAndCloses))
            .input(Input::Text("eleven 22\n")),
        ]),
        server("ch05_tcpserv01", server_kind(Optional, Proto::Tcp)),
        server("ch05_tcpserv02", server_kind(Optional, Proto::Tcp)),
        server("ch05_tcpserv03", server_kind(Optional, Proto::Tcp)),
        server("ch05_tcpserv04", server_kind(Optional, Proto::Tcp)),
        server("ch05_tcpserv08", server_kind(Optional, Proto::Tcp)),
        server("ch05_tcpserv09", server_kind(Optional, Proto::Tcp)),
        Row {
            name: "ch05_tsigpipe",
            cases: tsigpipe_cases(),
        },
        // --- UNP chapter 6 ---
        client(
            "ch06_strcliselect01",
            tcp_client(Optional)
                .eof(Succeeds)
                .server_gone(Fails(&["server terminated prematurely"]), Fails(PEER_RESET))
                .hold_stdin(),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        client(
            "ch06_strcliselect02",
            tcp_client(Optional)
                .eof(Succeeds)
                .server_gone(Fails(&["server terminated prematurely"]), Fails(PEER_RESET))
                .hold_stdin(),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        server(
            "ch06_tcpservselect01",
            server_kind(Optional, Proto::Tcp).bind_address(),
        )
        .except("IPv6 bind address", Fails(NOT_AF_INET)),
        server(
            "ch06_tcpservpoll01",
            server_kind(Optional, Proto::Tcp).bind_address(),
        )
        .except("IPv6 bind address", Fails(NOT_AF_INET)),
        // --- UNP chapter 7 ---
        Row {
            name: "ch07_linger",
            cases: vec![
                case("too many arguments", &["--normal", "extra"], Fails(USAGE)),
                case("unknown flag", &["--bogus"], Fails(USAGE)),
                case("runs and exits 0", &[], Succeeds),
                case("runs --normal and exits 0", &["--normal"], Succeeds),
            ],
        },
        client("ch07_rcvbuf", tcp_client(Optional))
            .with(vec![case(
                "runs and exits 0 (its own listener)",
                &[],
                Succeeds,
            )])
            .except("IPv6 literal", Fails(NOT_AF_INET)),
        // ---- ch11 (issue 11): names and services (only /etc/hosts, /etc/services) ----
        Row {
            name: "ch11_hostent",
            cases: vec![
                case("no arguments", &[], Fails(USAGE)),
                case("unknown host", &[common::NO_SUCH_HOST], Fails(UNKNOWN_HOST)),
                case("localhost", &["localhost"], Succeeds),
            ],
        },
        ch11_client("ch11_daytimetcpcli1", Proto::Tcp),
        ch11_client("ch11_daytimetcpcli", Proto::Tcp),
        ch11_client("ch11_daytimeudpcli1", Proto::Udp),
        ch11_server("ch11_daytimetcpsrv1", Proto::Tcp, false),
        ch11_server("ch11_daytimetcpsrv2", Proto::Tcp, true),
        ch11_server("ch11_daytimetcpsrv4", Proto::Tcp, true),
        ch11_server("ch11_daytimeudpsrv2", Proto::Udp, true),
        // ---- end ch11 ----
        // --- UNP chapter 8 ---
        client("ch08_udpcli01", udp_client(Optional, Waits).eof(Succeeds))
            .except("IPv6 literal", Fails(NOT_AF_INET)),
        client("ch08_dgcliaddr", udp_client(Optional, Waits).eof(Succeeds))
            .except("IPv6 literal", Fails(NOT_AF_INET)),
        // connected UDP: the ICMP error comes back as ECONNREFUSED
        client(
            "ch08_dgcliconnect",
            udp_client(Optional, Fails(REFUSED))
                .port0(Fails(REFUSED))
                .eof(Succeeds),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        // unconnected sendto into the void: nobody tells the sender
        client("ch08_dgcliloop", udp_client(Optional, Succeeds))
            .except("IPv6 literal", Fails(NOT_AF_INET)),
        // connect on UDP sends nothing: port 0 and an empty port are no error
        client(
            "ch08_udpcli09",
            udp_client(Optional, Succeeds).port0(Succeeds),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        server(
            "ch08_udpserv01",
            server_kind(Optional, Proto::Udp).bind_address(),
        )
        .except("IPv6 bind address", Fails(NOT_AF_INET)),
        server(
            "ch08_udpservselect01",
            server_kind(Optional, Proto::Tcp).bind_address(),
        )
        .except("IPv6 bind address", Fails(NOT_AF_INET)),
        // --- UNP chapter 14 [ch14 block] ---
        // with nobody at the port each line ends in "socket timeout" (5 s)
        // and the client goes on: exit 0, as the book's
        client(
            "ch14_dgclitimeo1",
            udp_client(Optional, Succeeds).eof(Succeeds),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        client(
            "ch14_dgclitimeo2",
            udp_client(Optional, Succeeds).eof(Succeeds),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        client(
            "ch14_dgclitimeo3",
            udp_client(Optional, Succeeds).eof(Succeeds),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        client(
            "ch14_tcpcli01",
            tcp_client(Optional)
                .eof(Succeeds)
                .server_gone(Fails(PREMATURE), Fails(PEER_RESET)),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        client(
            "ch14_daytimetcpcli",
            tcp_client(Optional).server_gone(Succeeds, Fails(PEER_RESET)),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        server("ch14_tcpserv02", server_kind(Optional, Proto::Tcp)),
        client(
            "ch14_str_cli_epoll",
            tcp_client(Optional)
                .eof(Succeeds)
                .server_gone(Fails(&["server terminated prematurely"]), Fails(PEER_RESET))
                .hold_stdin(),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        // --- end of chapter 14 ---
        // --- UNP chapter 20 [ch20 block] ---
        // like ch14's: with nobody at the port the 5-second alarm ends the
        // wait for replies, and the client goes on: exit 0, as the book's
        client(
            "ch20_dgclibcast1",
            udp_client(Optional, Succeeds).eof(Succeeds),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        client(
            "ch20_dgclibcast3",
            udp_client(Optional, Succeeds).eof(Succeeds),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        client(
            "ch20_dgclibcast4",
            udp_client(Optional, Succeeds).eof(Succeeds),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        client(
            "ch20_dgclibcast6",
            udp_client(Optional, Succeeds).eof(Succeeds),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        // --- end of chapter 20 ---
        // --- UNP chapter 21 [ch21 block] ---
        client(
            "ch21_udpcli01",
            udp_client(Optional, Succeeds).eof(Succeeds),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        // the group and port go to udp_client (getaddrinfo); only cases
        // that fail before anything is sent: in the machine's own network
        // namespace a multicast would leave by its default route
        Row {
            name: "ch21_sendrecv",
            cases: vec![
                case(
                    "too many arguments",
                    &["239.255.1.2", "8888", "extra"],
                    Expect::Fails(USAGE),
                ),
                case(
                    "unknown host",
                    &[common::NO_SUCH_HOST, "8888"],
                    Expect::Fails(UNKNOWN_HOST),
                ),
                case(
                    "unknown service",
                    &["239.255.1.2", "no-such-service"],
                    Expect::Fails(NO_SUCH_SERVICE),
                ),
                case(
                    "not a multicast address",
                    &["127.0.0.1", "0"],
                    Expect::Fails(EINVAL),
                )
                .column(Column::Network),
                // -t TTL (the lab's router test): refused before any socket
                case("-t without a TTL", &["-t"], Expect::Fails(USAGE)),
                case(
                    "-t not a number",
                    &["-t", "lots", "239.255.1.2", "8888"],
                    Expect::Fails(&["not a TTL"]),
                ),
                case(
                    "-t above 255",
                    &["-t", "256", "239.255.1.2", "8888"],
                    Expect::Fails(&["not a TTL"]),
                ),
                case("unknown flag", &["-x", "239.255.1.2"], Expect::Fails(USAGE)),
            ],
        },
        // --- end of chapter 21 ---
        // --- UNP chapter 22 [ch22 block] ---
        server("ch22_dgechoaddr", server_kind(Optional, Proto::Udp)),
        // dg_send_recv with nobody at the port: the first RTO is 3 s, so
        // it still waits (in select) when the test stops it; the options
        // come before host and port
        client("ch22_udpcli01", udp_client(Optional, Waits).eof(Succeeds))
            .except("IPv6 literal", Fails(NOT_AF_INET))
            .with(vec![
                case("unknown option", &["-x", "127.0.0.1"], Fails(USAGE)),
                case("-m without its value", &["-m"], Fails(USAGE)),
                case(
                    "-m not a number",
                    &["-m", "fast", "127.0.0.1", "1"],
                    Fails(USAGE),
                ),
                case("-n negative", &["-n", "-1", "127.0.0.1", "1"], Fails(USAGE)),
            ]),
        // binds every address of the machine's interfaces, on port 0 each
        // its own ephemeral port (tests/unp_ch22.rs runs it on the lab's
        // router)
        server("ch22_udpserv03", server_kind(Optional, Proto::Udp)),
        // --- end of chapter 22 ---
        // --- UNP chapter 15 [ch15 block] ---
        // Paths default to /tmp/unix.str and /tmp/unix.dg: never used here
        // (no "no arguments" row for those, as for default ports).
        Row {
            name: "ch15_unixbind",
            cases: {
                let mut cases = unix_path_cases();
                cases.extend([
                    // the book's unlink is left out: a second run fails
                    case(
                        "path already bound (a second run)",
                        &["{path}"],
                        Fails(IN_USE),
                    )
                    .setup(Setup::Unix(AtPath::StaleStream))
                    .column(Column::Network),
                    case(
                        "a regular file at the path (kept)",
                        &["{path}"],
                        Fails(IN_USE),
                    )
                    .setup(Setup::Unix(AtPath::RegularFile))
                    .column(Column::Network),
                ]);
                cases
            },
        },
        ch15_unix_server("ch15_unixstrserv01"),
        ch15_unix_server("ch15_unixstrserv02"),
        ch15_unix_server("ch15_unixdgserv01"),
        Row {
            name: "ch15_unixstrcli01",
            cases: {
                let path = &["{path}"];
                let mut cases = ch15_path_cases("ch15_unixstrcli01");
                cases.extend([
                    case("nobody at the path (stale socket)", path, Fails(REFUSED))
                        .setup(Setup::Unix(AtPath::StaleStream))
                        .column(Column::Network),
                    case("a regular file at the path", path, Fails(REFUSED))
                        .setup(Setup::Unix(AtPath::RegularFile))
                        .column(Column::Network),
                    // str_cli: end of input is the normal end
                    case("end of input", path, Succeeds)
                        .setup(Setup::Unix(AtPath::StreamServer(Peer::Silent)))
                        .input(Input::Text("")),
                    case("server closes mid-exchange", path, Fails(PREMATURE))
                        .setup(Setup::Unix(AtPath::StreamServer(
                            Peer::TakesRequestAndCloses,
                        )))
                        .column(Column::PeerGone),
                ]);
                cases
            },
        },
        Row {
            name: "ch15_unixdgcli01",
            cases: {
                let path = &["{path}"];
                let mut cases = ch15_path_cases("ch15_unixdgcli01");
                cases.extend([
                    // its own bound path is removed on the way out
                    case("nobody at the path (stale socket)", path, Fails(REFUSED))
                        .setup(Setup::Unix(AtPath::StaleDgram))
                        .column(Column::Network),
                    case("a regular file at the path", path, Fails(REFUSED))
                        .setup(Setup::Unix(AtPath::RegularFile))
                        .column(Column::Network),
                    case("end of input", path, Succeeds)
                        .setup(Setup::Unix(AtPath::DgramBound))
                        .input(Input::Text("")),
                ]);
                cases
            },
        },
        Row {
            name: "ch15_mycat",
            cases: vec![
                case("no arguments", &[], Fails(USAGE)),
                case("too many arguments", &["a", "b"], Fails(USAGE)),
                // openfile's exit status is the errno
                case("missing file", &["{dir}/missing"], Fails(NO_SUCH_FILE)),
                case("a directory", &["{dir}"], Fails(&["Is a directory"])),
                case("a readable file", &["/etc/passwd"], Succeeds),
            ],
        },
        Row {
            name: "ch15_openfile",
            cases: vec![
                case("no arguments", &[], Fails(USAGE)),
                case(
                    "too many arguments",
                    &["4", "/etc/passwd", "0", "x"],
                    Fails(USAGE),
                ),
                case(
                    "descriptor not a number",
                    &["x", "/etc/passwd", "0"],
                    Fails(USAGE),
                ),
                case(
                    "mode not a number",
                    &["4", "/etc/passwd", "x"],
                    Fails(USAGE),
                ),
                case(
                    "standard output as its socket",
                    &["1", "/etc/passwd", "0"],
                    Fails(&["3 or more"]),
                ),
            ],
        },
        // --- end of chapter 15 ---
        // --- UNP chapter 16 [chapter 16 block] ---
        client(
            "ch16_strclinonb",
            tcp_client(Optional)
                .eof(Succeeds)
                .server_gone(Fails(PREMATURE), Fails(PEER_RESET))
                .hold_stdin(),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        // the parent always ends by its child's kill(SIGTERM): at the
        // server's FIN, and after the child's one error line on a reset
        client(
            "ch16_strclifork",
            tcp_client(Optional)
                .eof(DiesOf(SIGTERM))
                .server_gone(DiesOf(SIGTERM), DiesOf(SIGTERM))
                .hold_stdin(),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        client(
            "ch16_daytimetcpcli",
            tcp_client(Optional).server_gone(Succeeds, Fails(PEER_RESET)),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        client("ch16_tcpcli03", tcp_client(Optional)).except("IPv6 literal", Fails(NOT_AF_INET)),
        server(
            "ch16_tcpservselect03",
            server_kind(Optional, Proto::Tcp).bind_address(),
        )
        .except("IPv6 bind address", Fails(NOT_AF_INET)),
        Row {
            name: "ch16_httpd",
            cases: ch16_httpd_cases(),
        },
        Row {
            name: "ch16_web",
            cases: ch16_web_cases(),
        },
        // --- end of chapter 16 ---
        // --- UNP chapter 17 [chapter 17 block] ---
        Row {
            name: "ch17_prifinfo",
            cases: vec![
                case("no arguments", &[], Fails(USAGE)),
                case("one argument", &["inet4"], Fails(USAGE)),
                case(
                    "unknown family",
                    &["inet5", "1"],
                    Fails(&["invalid <address-family>"]),
                ),
                case(
                    "doaliases not a number",
                    &["inet4", "yes"],
                    Fails(&["doaliases"]),
                ),
            ],
        },
        Row {
            name: "ch17_prmac",
            cases: vec![
                case(
                    "an address without an interface",
                    &["10.0.0.1"],
                    Fails(USAGE),
                ),
                case("too many arguments", &["10.0.0.1", "lo", "x"], Fails(USAGE)),
                case("not an IPv4 address", &["::1", "lo"], Fails(NOT_AF_INET)),
                case(
                    "interface name too long",
                    &["10.0.0.1", "an-interface-name-too-long"],
                    Fails(TOO_LONG),
                ),
            ],
        },
        // --- end of chapter 17 ---
        // [ch24 block] out-of-band data
        ch24_sender("ch24_tcpsend01").with(vec![case(
            "--paced, too many arguments",
            &["--paced", "127.0.0.1", "1", "extra"],
            Expect::Fails(USAGE),
        )]),
        ch24_sender("ch24_tcpsend04"),
        ch24_sender("ch24_tcpsend05").with(vec![case(
            "--paced, too many arguments",
            &["--paced", "127.0.0.1", "1", "extra"],
            Expect::Fails(USAGE),
        )]),
        ch24_sender("ch24_tcpsend06"),
        ch11_server("ch24_tcprecv01", Proto::Tcp, true),
        ch11_server("ch24_tcprecv02", Proto::Tcp, true),
        ch11_server("ch24_tcprecv03", Proto::Tcp, true),
        ch11_server("ch24_tcprecv04", Proto::Tcp, true).with(vec![case(
            "--paced, too many arguments",
            &["--paced", "127.0.0.1", "0", "extra"],
            Expect::Fails(USAGE),
        )]),
        ch11_server("ch24_tcprecv05", Proto::Tcp, true),
        ch11_server("ch24_tcprecv06", Proto::Tcp, true).with(vec![case(
            "--paced, too many arguments",
            &["--paced", "127.0.0.1", "0", "extra"],
            Expect::Fails(USAGE),
        )]),
        client(
            "ch24_heartbeatcli",
            tcp_client(Optional)
                .eof(Succeeds)
                .server_gone(Fails(PREMATURE), Fails(PEER_RESET))
                .hold_stdin(),
        )
        .except("IPv6 literal", Fails(NOT_AF_INET)),
        server("ch24_heartbeatserv", server_kind(Optional, Proto::Tcp)),
        server(
            "ch25_udpserv01",
            server_kind(Optional, Proto::Udp).bind_address(),
        )
        .except("IPv6 bind address", Fails(NOT_AF_INET)),
        // [end ch24 block]
        // [ch26 block] threads
        ch11_server("ch26_tcpserv01", Proto::Tcp, true),
        ch11_server("ch26_tcpserv02", Proto::Tcp, true),
        ch24_sender("ch26_tcpcli01"),
        ch11_server("ch26_readline", Proto::Tcp, true),
        // [ch26b] the web client with a thread per file
        Row {
            name: "ch26_web03",
            cases: ch26_web03_cases(),
        },
        // [end ch26 block]
        // --- UNP chapter 30 [ch30 block] ---
        ch30_client(),
        ch30_server("ch30_serv00", false),
        ch30_server("ch30_serv01", false),
        ch30_server("ch30_serv02", true),
        ch30_server("ch30_serv03", true),
        ch30_server("ch30_serv04", true),
        ch30_server("ch30_serv05", true),
        ch30_server("ch30_serv06", false),
        ch30_server("ch30_serv07", true),
        ch30_server("ch30_serv08", true),
        ch30_server("ch30_serv09", true),
        ch30_server("ch30_serv10", false),
        // --- end of chapter 30 ---
        // --- UNP chapter 13 [ch13 block] ---
        // The daemon detaches before it listens: only what it refuses
        // before daemon_init is tested here (a case that let it detach
        // would leave a daemon behind, logging to the machine's /dev/log);
        // tests/unp_ch13.rs runs it in a namespace of its own.
        Row {
            name: "ch13_daytimetcpsrv2",
            cases: vec![case(
                "too many arguments",
                &["127.0.0.1", "1313", "extra"],
                Fails(USAGE),
            )],
        },
        // started by inetd; from the test, descriptor 0 is a pipe
        Row {
            name: "ch13_daytimetcpsrv3",
            cases: vec![
                case("too many arguments", &["extra"], Fails(USAGE)),
                case(
                    "descriptor 0 is not a socket",
                    &[],
                    Fails(&["getpeername: Socket operation on non-socket"]),
                ),
            ],
        },
        Row {
            name: "ch13_inetd",
            cases: vec![
                case("no arguments", &[], Fails(USAGE)),
                case("-f without a file", &["-f"], Fails(USAGE)),
                case(
                    "-f a missing file",
                    &["-f", "{dir}/missing.conf"],
                    Fails(NO_SUCH_FILE),
                ),
                case(
                    "a short line",
                    &["0 stream tcp nowait"],
                    Fails(&["inetd.conf"]),
                ),
                case(
                    "no argv0",
                    &["0 stream tcp nowait /bin/cat"],
                    Fails(&["no argv0"]),
                ),
                case(
                    "stream udp",
                    &["0 stream udp nowait /bin/cat cat"],
                    Fails(&["stream tcp"]),
                ),
                case(
                    "neither wait nor nowait",
                    &["0 stream tcp sometimes /bin/cat cat"],
                    Fails(&["wait or nowait"]),
                ),
                case(
                    "a nowait dgram service",
                    &["0 dgram udp nowait /bin/cat cat"],
                    Fails(&["dgram service is \"wait\""]),
                ),
                case(
                    "port out of range",
                    &["99999 stream tcp nowait /bin/cat cat"],
                    Fails(BAD_PORT),
                ),
                case(
                    "unknown service name",
                    &["no-such-service stream tcp nowait /bin/cat cat"],
                    Fails(&["getservbyname"]),
                ),
                case(
                    "port in use",
                    &["{port} dgram udp wait /bin/cat cat"],
                    Fails(IN_USE),
                )
                .setup(Setup::InUse(Proto::Udp))
                .column(Column::Network),
            ],
        },
        Row {
            name: "ch13_syslogd",
            cases: {
                let mut cases = unix_path_cases();
                cases.extend([
                    case(
                        "path in use by a live socket",
                        &["{path}"],
                        Fails(&["Address already in use"]),
                    )
                    .setup(Setup::Unix(AtPath::DgramBound))
                    .column(Column::Network),
                    case(
                        "a regular file at the path (kept)",
                        &["{path}"],
                        Fails(&["Address already in use"]),
                    )
                    .setup(Setup::Unix(AtPath::RegularFile))
                    .column(Column::Network),
                ]);
                cases
            },
        },
        // (issue 11, with chapter 13) chapter 14's scatter/gather I/O,
        // chapter 11's static-hostent trap
        no_arguments("ch14_iovec"),
        Row {
            name: "ch11_hostent2",
            cases: vec![
                case("no arguments", &[], Fails(USAGE)),
                case("one name", &["localhost"], Fails(USAGE)),
                case(
                    "unknown host",
                    &["localhost", common::NO_SUCH_HOST],
                    Fails(UNKNOWN_HOST),
                ),
                case("two names", &["localhost", "127.0.0.1"], Succeeds),
            ],
        },
        // --- end of chapter 13 ---
        // `-1` looks like a flag to it: a usage error, not a port error
        server(
            "ch08_dgecholoop",
            server_kind(Optional, Proto::Udp).bind_address(),
        )
        .except("negative port", Fails(USAGE))
        .with(vec![
            case("-r without a size", &["-r"], Fails(USAGE)),
            case(
                "-r not a number",
                &["-r", "lots", "0"],
                Fails(&["not a buffer size"]),
            ),
            case("-r 0", &["-r", "0", "0"], Fails(&["not a buffer size"])),
            case("unknown flag", &["-x", "0"], Fails(USAGE)),
        ])
        .except("IPv6 bind address", Fails(NOT_AF_INET)),
    ]);
    rows.extend(ch23_rows()); // chapter 23
    // Every program: an argument that is not UTF-8 (a Latin-1 file name,
    // say). std::env::args() panics on it; socklab::args() makes it an
    // error. Programs without arguments refuse any argument unread.
    for row in &mut rows {
        let expect = if NO_ARGUMENTS.contains(&row.name) {
            Fails(USAGE)
        } else {
            Fails(&["not valid UTF-8"])
        };
        row.cases
            .push(case("non-UTF-8 argument", &[NON_UTF8], expect));
    }
    rows
}

// ---------------------------------------------------------------------
// chapter 23 (SCTP) [chapter 23 block]
// ---------------------------------------------------------------------

/// What a chapter 23 program says at its socket call on a kernel without
/// SCTP (this machine, usually).
const NO_SCTP: &[&str] = &["this kernel has no SCTP"];

/// The chapter 23 programs: their arguments are checked before their
/// socket call; past it, a kernel without SCTP stops them with one line
/// (tests/unp_ch23.rs runs them in a VM with SCTP).
fn ch23_rows() -> Vec<Row> {
    use Expect::{Fails, Serves};
    let sctp = socket(AF_INET, socklab::SOCK_SEQPACKET, socklab::IPPROTO_SCTP).is_ok();
    let port_cases = |pre: &[&'static str], post: &[&'static str]| -> Vec<Case> {
        ["abc", "65536", "-1", ""]
            .iter()
            .zip([
                "non-numeric port",
                "port 65536",
                "negative port",
                "empty port",
            ])
            .map(|(port, what)| {
                let args: Vec<&str> = pre.iter().chain([port]).chain(post).copied().collect();
                case(what, &args, Fails(BAD_PORT))
            })
            .collect()
    };
    let server = |name: &'static str, extra: Vec<Case>| {
        let mut cases = vec![case("too many arguments", &["0", "1", "2"], Fails(USAGE))];
        cases.extend(port_cases(&[], &[]));
        cases.push(case(
            "port 0",
            &["0"],
            if sctp { Serves } else { Fails(NO_SCTP) },
        ));
        cases.extend(extra);
        Row { name, cases }
    };
    let client = |name: &'static str, extra: Vec<Case>| {
        let mut cases = vec![case(
            "too many arguments",
            &["127.0.0.1", "1", "2", "3"],
            Fails(USAGE),
        )];
        cases.extend(port_cases(&["127.0.0.1"], &[]));
        cases.push(case(
            "IPv6 literal",
            &["::1", "9"],
            Fails(if sctp { NOT_AF_INET } else { NO_SCTP }),
        ));
        cases.extend(extra);
        Row { name, cases }
    };
    vec![
        server("ch23_sctpserv01", vec![]),
        server(
            "ch23_sctpserv04",
            vec![case("bad seconds", &["0", "soon"], Fails(&["bad seconds"]))],
        ),
        server("ch23_sctpserv05", vec![]),
        server("ch23_sctpserv06", vec![]),
        server("ch23_sctpserv_fork", vec![]),
        client("ch23_sctpclient01", vec![]),
        client("ch23_sctpclient03", vec![]),
        client("ch23_sctpclient04", vec![]),
        Row {
            name: "ch23_sctp_modify_hb",
            cases: {
                let mut cases = vec![case(
                    "too many arguments",
                    &["127.0.0.1", "1", "2", "3"],
                    Fails(USAGE),
                )];
                cases.extend(port_cases(&["127.0.0.1"], &["5000"]));
                cases.push(case(
                    "bad milliseconds",
                    &["127.0.0.1", "9", "often"],
                    Fails(&["bad milliseconds"]),
                ));
                cases
            },
        },
        Row {
            name: "ch23_sctpserv07",
            cases: {
                let mut cases = vec![
                    case("no arguments", &[], Fails(USAGE)),
                    case("a port only", &["0"], Fails(USAGE)),
                ];
                cases.extend(port_cases(&[], &["127.0.0.1"]));
                cases.push(case(
                    "port 0, loopback",
                    &["0", "127.0.0.1"],
                    if sctp { Serves } else { Fails(NO_SCTP) },
                ));
                cases
            },
        },
    ]
}
// ---- end chapter 23 ----

/// Stands for an argument that is not UTF-8: `caf\xe9` ("café" in
/// Latin-1), put in by `run_case`.
const NON_UTF8: &str = "{non-utf8}";

/// `ch05_tsigpipe [--ignore] [host port]`: its lesson is a death by
/// SIGPIPE (default) or an EPIPE error (`--ignore`), with its own peer or
/// with a server that closes.
fn tsigpipe_cases() -> Vec<Case> {
    use Expect::{DiesOf, Fails};
    const SIGPIPE: i32 = 13;
    const EPIPE: &[&str] = &["Broken pipe"];
    let closes = Setup::TcpServer(Family::V4, Peer::TakesRequestAndCloses);
    vec![
        case(
            "too many arguments",
            &["127.0.0.1", "1", "extra"],
            Fails(USAGE),
        ),
        case(
            "host without port",
            &["--ignore", "127.0.0.1"],
            Fails(USAGE),
        ),
        case("non-numeric port", &["127.0.0.1", "abc"], Fails(BAD_PORT)),
        case("port 65536", &["127.0.0.1", "65536"], Fails(BAD_PORT)),
        case("negative port", &["127.0.0.1", "-1"], Fails(BAD_PORT)),
        case("empty port", &["127.0.0.1", ""], Fails(BAD_PORT)),
        case(
            "unknown host",
            &[common::NO_SUCH_HOST, "1"],
            Fails(UNKNOWN_HOST),
        ),
        case("IPv6 literal", &["::1", "1"], Fails(NOT_AF_INET)),
        case(
            "nobody at the port",
            &["127.0.0.1", "{port}"],
            Fails(REFUSED),
        )
        .setup(Setup::Closed(Proto::Tcp, Family::V4))
        .column(Column::Network),
        case("runs: SIGPIPE kills it", &[], DiesOf(SIGPIPE)),
        case("--ignore: EPIPE instead", &["--ignore"], Fails(EPIPE)).column(Column::PeerGone),
        case(
            "server closes: SIGPIPE",
            &["127.0.0.1", "{port}"],
            DiesOf(SIGPIPE),
        )
        .setup(closes),
        case(
            "server closes, --ignore: EPIPE",
            &["--ignore", "127.0.0.1", "{port}"],
            Fails(EPIPE),
        )
        .setup(closes)
        .column(Column::PeerGone),
    ]
}

// ---------------------------------------------------------------------
// The tests: one per column of the table
// ---------------------------------------------------------------------

/// Every example in `examples/` has a row (and every row an example).
#[test]
fn every_example_has_a_row() {
    let mut on_disk = BTreeSet::new();
    for entry in std::fs::read_dir(root().join("examples")).expect("read examples/") {
        let path = entry.expect("dir entry").path();
        let name = path.file_stem().and_then(|s| s.to_str()).map(String::from);
        let is_example = path.extension().is_some_and(|e| e == "rs")
            || (path.is_dir() && path.join("main.rs").exists());
        if let (true, Some(name)) = (is_example, name) {
            on_disk.insert(name);
        }
    }
    let rows = table();
    let in_table: BTreeSet<String> = rows.iter().map(|r| r.name.to_string()).collect();
    assert_eq!(in_table.len(), rows.len(), "an example has two rows");
    let missing: Vec<_> = on_disk.difference(&in_table).collect();
    assert!(
        missing.is_empty(),
        "examples without a row in tests/bad_input.rs: {missing:?}\n\
         Add one (client(), server(), unix_*(), or NO_ARGUMENTS with a comment)."
    );
    let stale: Vec<_> = in_table.difference(&on_disk).collect();
    assert!(
        stale.is_empty(),
        "rows for examples that do not exist: {stale:?}"
    );
    let all: Vec<&Case> = rows.iter().flat_map(|r| &r.cases).collect();
    let count = |col| all.iter().filter(|c| c.column == col).count();
    eprintln!(
        "bad-input table: {} examples, {} cases ({} arguments, {} network, {} peer gone, \
         {} stdin closed, {} not errors)",
        rows.len(),
        all.len(),
        count(Column::Arguments),
        count(Column::Network),
        count(Column::PeerGone),
        count(Column::StdinClosed),
        count(Column::NotErrors)
    );
}

#[test]
fn bad_arguments() {
    check_column(Column::Arguments);
}

#[test]
fn network_says_no() {
    check_column(Column::Network);
}

#[test]
fn peer_gone_mid_exchange() {
    check_column(Column::PeerGone);
}

#[test]
fn stdin_closed_at_the_prompt() {
    check_column(Column::StdinClosed);
}

#[test]
fn not_errors_by_design() {
    check_column(Column::NotErrors);
}

/// The checks themselves can fail: small shell scripts that break the
/// contract one way each must be caught, and one that keeps it must pass.
#[test]
fn the_harness_catches_each_kind_of_violation() {
    let sh = Path::new("/bin/sh");
    let script = |s: &'static str, expect| case("self-test", &["-c", s], expect);
    let usage = Expect::Fails(USAGE);
    let good = script("echo 'usage: x' >&2; exit 1", usage);
    assert_eq!(run_case(sh, &good), Ok(()), "a well-behaved failure");
    let broken = [
        script("echo 'usage: x' >&2; echo more >&2; exit 1", usage),
        script("echo 'something else' >&2; exit 1", usage),
        script("echo 'usage: x' >&2; exit 0", usage),
        script("echo 'usage: x' >&2; exit 2", usage),
        script("echo 'usage: x' >&2; kill -9 $$", usage),
        script("echo \"thread 'main' panicked: usage\" >&2; exit 1", usage),
        script(
            "echo usage >&2; echo \"thread 'main' panicked\"; exit 1",
            usage,
        ),
        script("touch stray.sock; echo 'usage: x' >&2; exit 1", usage),
        script("rm -f sock; echo 'usage: x' >&2; exit 1", usage)
            .setup(Setup::Unix(AtPath::RegularFile)),
        script("sleep 30 & echo 'usage: x' >&2; exit 1", usage),
        script("exit 1", Expect::Succeeds),
        script("exit 0", Expect::DiesOf(13)),
        script("exit 0", Expect::Serves)
            .setup(Setup::ProgramServes(Proto::Tcp, ClientAct::Nothing)),
    ];
    for c in &broken {
        assert!(
            run_case(sh, c).is_err(),
            "not caught: {:?} {:?}",
            c.args,
            c.expect
        );
    }
}

/// Runs in parallel: most cases take milliseconds, a few wait out a
/// client's reply timeout (3 or 5 s).
const WORKERS: usize = 4;

/// Runs every case of `column`, all of them, then fails listing every
/// broken one (not just the first).
fn check_column(column: Column) {
    let jobs: Vec<(&'static str, Case)> = table()
        .into_iter()
        .flat_map(|row| {
            let name = row.name;
            row.cases
                .into_iter()
                .filter(move |c| c.column == column)
                .map(move |c| (name, c))
        })
        .collect();
    // Fail fast and clearly if a program is not built.
    for (name, _) in &jobs {
        example(name);
    }
    let total = jobs.len();
    let queue = Mutex::new(jobs.into_iter());
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..WORKERS {
            s.spawn(|| {
                loop {
                    let job = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                    let Some((name, c)) = job else { break };
                    let started = Instant::now();
                    let result = run_case(&example(name), &c);
                    // Shown with --nocapture, or when the test fails.
                    let took = started.elapsed().as_millis();
                    let verdict = if result.is_ok() { "ok  " } else { "FAIL" };
                    eprintln!("{verdict} {name} — {} ({took} ms)", c.what);
                    if let Err(why) = result {
                        let line = format!("{name} — {} {:?}:\n{why}", c.what, c.args);
                        failures
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(line);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    assert!(
        failures.is_empty(),
        "{} of {total} {column:?} cases broke the contract:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

// ---------------------------------------------------------------------
// Running one case
// ---------------------------------------------------------------------

/// Everything a case set up; dropped after the run, which closes it all.
struct Prepared {
    port: Option<u16>,
    _tcp: Option<Fd>,
    _listener: Option<TcpListener>,
    _unix: Option<UnixListener>,
    _dgram: Option<UnixDatagram>,
    peer: Option<PeerThread>,
}

impl Prepared {
    fn none() -> Prepared {
        Prepared {
            port: None,
            _tcp: None,
            _listener: None,
            _unix: None,
            _dgram: None,
            peer: None,
        }
    }
}

fn run_case(program: &Path, c: &Case) -> Result<(), String> {
    let dir = temp_dir();
    let path = dir.path().join("sock");
    let prepared = prepare(c.setup, &path).map_err(|e| format!("setup {:?}: {e}", c.setup))?;
    let before = listing(dir.path());

    let port = prepared.port.map(|p| p.to_string()).unwrap_or_default();
    let dirname = dir.path().display().to_string();
    let pathname = path.display().to_string();
    let args: Vec<OsString> = c
        .args
        .iter()
        .map(|a| match a.as_str() {
            NON_UTF8 => OsStr::from_bytes(b"caf\xe9").to_os_string(),
            _ => a
                .replace("{port}", &port)
                .replace("{path}", &pathname)
                .replace("{dir}", &dirname)
                .into(),
        })
        .collect();

    let mut child = Command::new(program)
        .args(&args)
        .env("TMPDIR", dir.path())
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0) // its own group: we can find (and kill) its children
        .spawn()
        .map_err(|e| format!("spawn: {e}"))?;
    let pgid = child.id();
    let held = feed_stdin(&mut child, c.input);

    let mut client = None;
    let mut stopped_by_test = false;
    // A program that ends (or never binds) instead is judged below.
    if let Setup::ProgramServes(proto, act) = c.setup
        && let Some(port) = wait_until_bound(&mut child, proto)
    {
        client = act_as_client(port, act);
        if matches!(c.expect, Expect::Serves) {
            // Give a program that would fail a moment to do so.
            std::thread::sleep(Duration::from_millis(200));
            stopped_by_test = child.try_wait().ok().flatten().is_none();
            kill_group(pgid);
        }
    }
    if matches!(c.expect, Expect::Waits) {
        std::thread::sleep(Duration::from_secs(1));
        stopped_by_test = child.try_wait().ok().flatten().is_none();
        kill_group(pgid);
    }
    let run = finish(child, pgid);
    drop(held);
    drop(client);
    if let Some(peer) = prepared.peer {
        peer.stop();
    }
    let leftovers = listing(dir.path());

    let mut problems = Vec::new();
    if let Some(pids) = &run.left_running {
        problems.push(format!(
            "processes of its group still running after it ended: {pids:?}"
        ));
    }
    if leftovers != before {
        problems.push(format!(
            "its directory changed: before {before:?}, after {leftovers:?}"
        ));
    }
    if let Err(e) = judge(&run, c.expect, stopped_by_test) {
        problems.push(e);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "  {}\n  status {:?}{}\n  stdout: {:?}\n  stderr: {:?}",
            problems.join("\n  "),
            run.status,
            if run.timed_out {
                " (killed at the time limit)"
            } else {
                ""
            },
            run.stdout,
            run.stderr
        ))
    }
}

/// Checks the output against the expectation.
fn judge(run: &Finished, expect: Expect, stopped_by_test: bool) -> Result<(), String> {
    if run.stdout.contains("panicked") || run.stderr.contains("panicked") {
        return Err("panicked".into());
    }
    match expect {
        Expect::Serves => {
            if !stopped_by_test {
                return Err("expected it to keep serving, but it ended".into());
            }
            Ok(())
        }
        Expect::Waits => {
            if !stopped_by_test {
                return Err("expected it to keep waiting, but it ended".into());
            }
            Ok(())
        }
        Expect::Succeeds => {
            if run.timed_out || run.status.and_then(|s| s.code()) != Some(0) {
                return Err("expected exit status 0".into());
            }
            Ok(())
        }
        Expect::DiesOf(signal) => {
            if run.timed_out || run.status.and_then(|s| s.signal()) != Some(signal) {
                return Err(format!("expected death by signal {signal}"));
            }
            Ok(())
        }
        Expect::Fails(words) => {
            if run.timed_out || run.status.and_then(|s| s.code()) != Some(1) {
                return Err("expected exit status 1".into());
            }
            let lines: Vec<&str> = run
                .stderr
                .lines()
                .filter(|l| !l.trim().is_empty())
                .collect();
            if lines.len() != 1 {
                return Err(format!("expected ONE line on stderr, got {}", lines.len()));
            }
            let line = lines[0].to_lowercase();
            if !words.iter().any(|w| line.contains(&w.to_lowercase())) {
                return Err(format!("the stderr line names none of {words:?}"));
            }
            Ok(())
        }
    }
}

/// What a run left: its output, and any process of its group still alive.
struct Finished {
    status: Option<ExitStatus>,
    timed_out: bool,
    stdout: String,
    stderr: String,
    left_running: Option<Vec<u32>>,
}

/// Waits (bounded) for the program; then checks that no process of its
/// group outlives it (waiting a little for children on their way out),
/// and kills any that do.
fn finish(mut child: Child, pgid: u32) -> Finished {
    let stdout = child.stdout.take().map(reader);
    let stderr = child.stderr.take().map(reader);
    let deadline = Instant::now() + RUN_TIMEOUT;
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() >= deadline => {
                timed_out = true;
                kill_group(pgid);
                break child.wait().ok();
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => break None,
        }
    };
    let mut left_running = None;
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let alive = group_members(pgid);
        if alive.is_empty() {
            break;
        }
        if Instant::now() >= deadline {
            left_running = Some(alive);
            kill_group(pgid);
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // Only now: a child left running would hold the pipes open.
    let join = |h: Option<JoinHandle<String>>| h.and_then(|h| h.join().ok()).unwrap_or_default();
    Finished {
        status,
        timed_out,
        stdout: join(stdout),
        stderr: join(stderr),
        left_running,
    }
}

fn reader(mut r: impl Read + Send + 'static) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = r.read_to_end(&mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    })
}

/// Writes the input and closes the pipe, or hands back the open pipe to
/// hold until the program has ended.
fn feed_stdin(child: &mut Child, input: Input) -> Option<ChildStdin> {
    let mut stdin = child.stdin.take()?;
    match input {
        Input::Held => Some(stdin),
        Input::Text(text) => {
            // A thread: a program that fails before reading must not
            // block the test on a full pipe (EPIPE is expected then).
            std::thread::spawn(move || {
                let _ = stdin.write_all(text.as_bytes());
            });
            None
        }
    }
}

/// Live (non-zombie) processes whose process group is `pgid`.
fn group_members(pgid: u32) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in dir.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid pgrp …; comm may contain spaces
        let Some((_, rest)) = stat.rsplit_once(") ") else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.len() > 2 && fields[0] != "Z" && fields[2].parse() == Ok(pgid) {
            out.push(pid);
        }
    }
    out
}

/// The names in a directory.
fn listing(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

// ---------------------------------------------------------------------
// Setting up: ports, paths, and the small servers the test plays
// ---------------------------------------------------------------------

fn prepare(setup: Setup, path: &Path) -> std::io::Result<Prepared> {
    let mut p = Prepared::none();
    match setup {
        Setup::Nothing | Setup::ProgramServes(..) => {}
        Setup::InUse(proto) => {
            let (fd, port) = hold_port(proto)?;
            p._tcp = Some(fd);
            p.port = Some(port);
        }
        Setup::Closed(proto, family) => {
            let (fd, port) = closed_port(proto, family)?;
            p._tcp = Some(fd);
            p.port = Some(port);
        }
        Setup::TcpServer(family, peer) => {
            let listener = TcpListener::bind((family.loopback(), 0))?;
            p.port = Some(listener.local_addr()?.port());
            match peer {
                Peer::Silent => p._listener = Some(listener),
                _ => {
                    listener.set_nonblocking(true)?;
                    p.peer = Some(PeerThread::spawn(
                        move || listener.accept().map(|(s, _)| s),
                        peer,
                    ));
                }
            }
        }
        Setup::Unix(at) => match at {
            AtPath::StreamServer(Peer::Silent) => p._unix = Some(UnixListener::bind(path)?),
            AtPath::StreamServer(peer) => {
                let listener = UnixListener::bind(path)?;
                listener.set_nonblocking(true)?;
                p.peer = Some(PeerThread::spawn(
                    move || listener.accept().map(|(s, _)| s),
                    peer,
                ));
            }
            AtPath::DgramBound => p._dgram = Some(UnixDatagram::bind(path)?),
            // Bound but never listening: a connect is refused even in the
            // instant a program that another test is spawning still holds a
            // copy of the descriptor (between its fork and its exec).
            AtPath::StaleStream => drop(bound_unix_stream(path)?),
            AtPath::StaleDgram => drop(UnixDatagram::bind(path)?),
            AtPath::RegularFile => std::fs::write(path, "a student's notes\n")?,
        },
    }
    Ok(p)
}

/// An AF_UNIX stream socket bound at `path` and not listening (close-on-exec):
/// dropping it leaves a stale socket file behind, as a killed server does.
fn bound_unix_stream(path: &Path) -> std::io::Result<Fd> {
    let fd = socket(AF_UNIX, SOCK_STREAM | libc::SOCK_CLOEXEC, 0)?;
    bind(&fd, &sockaddr_un::new(path)?)?;
    Ok(fd)
}

/// A port held by a socklab socket on 127.0.0.1 (TCP: listening), with
/// SOCK_CLOEXEC so that no program spawned meanwhile inherits it.
fn hold_port(proto: Proto) -> std::io::Result<(Fd, u16)> {
    let socktype = match proto {
        Proto::Tcp => SOCK_STREAM,
        Proto::Udp => SOCK_DGRAM,
    };
    let fd = socket(AF_INET, socktype | libc::SOCK_CLOEXEC, 0)?;
    bind(&fd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    if proto == Proto::Tcp {
        listen(&fd, 1)?;
    }
    let port = getsockname(&fd)?.port().unwrap_or(0);
    Ok((fd, port))
}

/// A loopback port where nobody answers, reserved for as long as the
/// returned descriptor lives. Binding port 0 and closing again is not
/// enough: the tests run in parallel, and the kernel may hand that port to
/// another case's server a moment later (a CI run saw ch16_web connect to
/// a peer that reset it). So the socket stays, bound but deaf:
/// - TCP: bound and never listening, so a SYN finds no listener and the
///   kernel answers RST: connect gets ECONNREFUSED.
/// - UDP: bound and connected to port 9 of the same loopback, so a
///   datagram from the program (another source port) matches no socket
///   and the kernel answers ICMP port unreachable, as for a free port.
fn closed_port(proto: Proto, family: Family) -> std::io::Result<(Fd, u16)> {
    let (domain, socktype) = match (family, proto) {
        (Family::V4, Proto::Tcp) => (AF_INET, SOCK_STREAM),
        (Family::V4, Proto::Udp) => (AF_INET, SOCK_DGRAM),
        (Family::V6, Proto::Tcp) => (AF_INET6, SOCK_STREAM),
        (Family::V6, Proto::Udp) => (AF_INET6, SOCK_DGRAM),
    };
    let fd = socket(domain, socktype | libc::SOCK_CLOEXEC, 0)?;
    match family {
        Family::V4 => bind(&fd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?,
        Family::V6 => bind(&fd, &sockaddr_in6::new(in6addr_loopback, 0))?,
    }
    if proto == Proto::Udp {
        match family {
            Family::V4 => connect(&fd, &sockaddr_in::new(INADDR_LOOPBACK, 9))?,
            Family::V6 => connect(&fd, &sockaddr_in6::new(in6addr_loopback, 9))?,
        }
    }
    let port = getsockname(&fd)?.port().unwrap_or(0);
    Ok((fd, port))
}

/// A server played by the test, on a thread: accepts (polling a
/// non-blocking listener, so it can be stopped), and treats each
/// connection as `Peer` says. Bounded by `RUN_TIMEOUT`.
struct PeerThread {
    stop: Arc<AtomicBool>,
    handle: JoinHandle<()>,
}

impl PeerThread {
    fn spawn<S, A>(mut accept: A, peer: Peer) -> PeerThread
    where
        S: Read + AsFd + Send + 'static,
        A: FnMut() -> std::io::Result<S> + Send + 'static,
    {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let handle = std::thread::spawn(move || {
            let deadline = Instant::now() + RUN_TIMEOUT;
            while !flag.load(Ordering::Relaxed) && Instant::now() < deadline {
                match accept() {
                    Ok(conn) => serve_as(conn, peer),
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    Err(_) => break,
                }
            }
        });
        PeerThread { stop, handle }
    }

    fn stop(self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.handle.join();
    }
}

/// One connection, as `peer` says; returning drops (closes) it.
fn serve_as(mut conn: impl Read + AsFd, peer: Peer) {
    match peer {
        Peer::Silent => {}
        Peer::Resets => {
            let abortive = linger {
                l_onoff: 1,
                l_linger: 0,
            };
            let _ = setsockopt(&conn, SOL_SOCKET, SO_LINGER, &abortive);
        }
        Peer::TakesRequestAndCloses => {
            // On Linux an accepted socket does not inherit the listener's
            // O_NONBLOCK: these reads block, bounded by a receive timeout:
            // 2 s for the request to start (a loaded machine), then 200 ms
            // of silence ends a request that has no newline.
            let wait = |secs, usecs| timeval {
                tv_sec: secs,
                tv_usec: usecs,
            };
            let _ = setsockopt(&conn, SOL_SOCKET, SO_RCVTIMEO, &wait(2, 0));
            let mut got = Vec::new();
            let mut buf = [0u8; 4096];
            while got.len() < 65536 {
                match conn.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        got.extend_from_slice(&buf[..n]);
                        if got.contains(&b'\n') {
                            break;
                        }
                        let _ = setsockopt(&conn, SOL_SOCKET, SO_RCVTIMEO, &wait(0, 200_000));
                    }
                }
            }
        }
    }
}

/// Waits until the program holds a socket bound to a port (TCP:
/// listening) and returns the port; None if it ends or takes over 10 s.
fn wait_until_bound(child: &mut Child, proto: Proto) -> Option<u16> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Some(port) = bound_port(child.id(), proto) {
            return Some(port);
        }
        if child.try_wait().ok().flatten().is_some() {
            return None;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

/// The IPv4 port a process has bound (TCP: listening), from
/// `/proc/net/tcp` or `/proc/net/udp` and the socket inodes in
/// `/proc/<pid>/fd`.
fn bound_port(pid: u32, proto: Proto) -> Option<u16> {
    let (table, state) = match proto {
        Proto::Tcp => ("/proc/net/tcp", "0A"),
        Proto::Udp => ("/proc/net/udp", "07"),
    };
    let mine = socket_inodes(pid);
    let text = std::fs::read_to_string(table).ok()?;
    // Thousands of lines when other tests leave TIME_WAIT sockets: look
    // at the state first, and split no further than needed.
    text.lines().skip(1).find_map(|line| {
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
        let mut f = line.split_whitespace();
        let local = f.nth(1)?;
        if f.nth(1)? != state {
            return None;
        }
        let inode: u64 = f.nth(5)?.parse().ok()?;
        if !mine.contains(&inode) {
            return None;
        }
        u16::from_str_radix(local.rsplit(':').next()?, 16).ok()
    })
}

/// Plays the client of a program that is the server; the connection
/// (if kept) is returned to be closed after the program ends.
fn act_as_client(port: u16, act: ClientAct) -> Option<TcpStream> {
    let connect = || TcpStream::connect(("127.0.0.1", port)).ok();
    match act {
        ClientAct::Nothing => None,
        ClientAct::Closes => {
            drop(connect());
            None
        }
        ClientAct::Resets => {
            let stream = connect()?;
            let abortive = linger {
                l_onoff: 1,
                l_linger: 0,
            };
            let _ = setsockopt(&stream, SOL_SOCKET, SO_LINGER, &abortive);
            None
        }
        ClientAct::SendsLine => {
            let mut stream = connect()?;
            let _ = stream.write_all(b"hello\n");
            Some(stream)
        }
    }
}
