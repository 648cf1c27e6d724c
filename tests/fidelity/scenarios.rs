//! The scenarios both fidelity tests run, and the runner: start a
//! server (under strace or not), wait until it is ready, run the clients
//! one after the other, stop the server, and hand back strace's files and
//! what each program printed.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Norm, Proc, Twin};
use crate::common;

/// One program of a scenario, by name: `examples/NAME.rs` in the Rust run,
/// `docs/c/NAME.c` in the C run. In `args` and `stdin`, `{port}` is a free
/// port and `{tmp}` a fresh temporary directory.
pub struct Side {
    pub name: &'static str,
    pub args: &'static [&'static str],
    pub stdin: &'static str,
    /// A server's "ready" line on stdout; `None`: ready once it sleeps
    /// (blocked in accept or recvfrom).
    pub ready: Option<&'static str>,
    /// A client that must end killed by this signal (`ch05_tsigpipe`'s
    /// lesson), not with exit status 0.
    pub killed_by: Option<i32>,
    /// [ch24] A server that ends by itself after its client (the chapter 24
    /// receivers: at end of file, or after a 5 s sleep): the run waits for
    /// it to exit instead of stopping it.
    pub exits: bool,
}

impl Side {
    /// This client ends killed by `signal`, in both worlds.
    pub const fn killed_by(self, signal: i32) -> Side {
        Side {
            killed_by: Some(signal),
            ..self
        }
    }

    /// [ch24] This server ends by itself: wait for it, do not stop it.
    pub const fn exits(self) -> Side {
        Side {
            exits: true,
            ..self
        }
    }
}

pub const fn client(
    name: &'static str,
    args: &'static [&'static str],
    stdin: &'static str,
) -> Side {
    Side {
        name,
        args,
        stdin,
        ready: None,
        killed_by: None,
        exits: false,
    }
}

pub const fn server(
    name: &'static str,
    args: &'static [&'static str],
    ready: Option<&'static str>,
) -> Side {
    Side {
        name,
        args,
        stdin: "",
        ready,
        killed_by: None,
        exits: false,
    }
}

pub struct Scenario {
    /// The test's name.
    pub name: &'static str,
    /// The kind of port `{port}` is free for.
    pub socktype: i32,
    pub server: Option<Side>,
    /// Run one after the other, each to completion.
    pub clients: &'static [Side],
    pub trace_server: bool,
    pub trace_clients: bool,
    /// Lines the C run must show (a guard against a scenario that traces
    /// nothing and so compares equal); one ending in `*` is a prefix.
    pub expect: &'static [&'static str],
    /// Environment for every program (`{tmp}` is replaced).
    pub env: &'static [(&'static str, &'static str)],
    /// What else legitimately differs between two runs of this scenario
    /// (the time of day, a pid in a file name), applied to each line.
    pub scrub: fn(&str) -> String,
}

/// [ch22] `ch22_udpcli01`: the C twin's timer is the book's —
/// `Signal(SIGALRM)` per request, `alarm(rtt_start())`, glibc's
/// `sigsetjmp(jmpbuf, 1)` saving the signal mask
/// (`rt_sigprocmask(SIG_BLOCK, NULL, …)`), `alarm(0)` — and the Rust's is
/// `select` (`pselect6`), since Rust cannot `siglongjmp` out of a signal
/// handler (docs/unp/ch22.md): those lines are dropped. And the header's
/// timestamp (`rtt_ts()`, milliseconds of the time of day) becomes `$TS`;
/// its sequence number stays.
pub fn rtt_timer_and_timestamp(line: &str) -> String {
    if line.starts_with("rt_sigaction(SIGALRM,")
        || line.starts_with("alarm(")
        || line.starts_with("rt_sigprocmask(SIG_BLOCK, NULL,")
        || line.starts_with("pselect6(")
    {
        return String::new();
    }
    const OPEN: &str = "{iov_base=\"";
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find(OPEN) {
        let start = i + OPEN.len();
        out.push_str(&rest[..start]);
        let body = &rest[start..];
        let b = body.as_bytes();
        // strace's escaped bytes: `\1`, `\254`, `\f`, `\"`, `a`…
        let mut bytes = Vec::new();
        let mut j = 0;
        while j < b.len() && b[j] != b'"' {
            let from = j;
            if b[j] == b'\\' {
                j += 1;
                if b.get(j).is_some_and(|c| (b'0'..=b'7').contains(c)) {
                    let mut k = 0;
                    while k < 3 && b.get(j).is_some_and(|c| (b'0'..=b'7').contains(c)) {
                        j += 1;
                        k += 1;
                    }
                } else if b.get(j) == Some(&b'x') {
                    j += 3;
                } else {
                    j += 1;
                }
            } else {
                j += 1;
            }
            bytes.push(&body[from..j.min(body.len())]);
        }
        let j = j.min(body.len());
        if bytes.len() == 8 && body[j..].starts_with("\", iov_len=8}") {
            out.push_str(&bytes[..4].concat());
            out.push_str("$TS");
        } else {
            out.push_str(&body[..j]);
        }
        rest = &body[j..];
    }
    out.push_str(rest);
    out
}

/// Most scenarios need no scrubbing.
pub fn nothing(line: &str) -> String {
    line.to_string()
}

/// The test stops a server by signalling its processes one by one, parent
/// first: a ch30_serv05 child may be signalled while it waits in recvmsg
/// (`= ? ERESTARTSYS`), or see its pipe to the dead parent end first
/// (`recvmsg … = 0`, `read_fd returned 0`, then exit 1 — or in C, writing
/// that line to the closed pipe, SIGPIPE). Which one is timing, in either
/// language: the child's last wait and what follows it are dropped.
pub fn pipe_closed_at_teardown(line: &str) -> String {
    let last_wait =
        line.starts_with("recvmsg(2,") && (line.ends_with(" = 0") || line.contains("ERESTARTSYS"));
    if last_wait
        || line.contains("read_fd returned 0")
        || line.starts_with("exit_group(1)")
        || line.starts_with("--- SIGPIPE")
    {
        String::new()
    } else {
        line.to_string()
    }
}

/// Where a child's SIGCHLD lands in the parent — during accept, or
/// between fork and close — and how many children one handler run reaps,
/// is timing: the handler's lines and the accepts it interrupted are
/// dropped (the forked children themselves are compared call for call
/// in `forked_children_make_exactly_the_c_calls`).
pub fn sigchld_timing(line: &str) -> String {
    let interrupted = line.starts_with("accept(") && line.contains("ERESTARTSYS");
    if interrupted || line.starts_with("--- SIGCHLD") || line.starts_with("wait4(") {
        String::new()
    } else {
        line.to_string()
    }
}

/// Chapter 30's loads for the parity scenarios: `ch30_client` with one
/// child asking for 100 bytes — one connection; two connections in one
/// run; or two runs of one connection each (each child has ended before
/// the next connection).
const CH30_ONE_CONNECTION: &[Side] = &[CH30_CLIENT_1];
const CH30_TWO_CONNECTIONS: &[Side] = &[client(
    "ch30_client",
    &["127.0.0.1", "{port}", "1", "2", "100"],
    "",
)];
const CH30_TWO_RUNS: &[Side] = &[CH30_CLIENT_1, CH30_CLIENT_1];
const CH30_CLIENT_1: Side = client("ch30_client", &["127.0.0.1", "{port}", "1", "1", "100"], "");

/// mkstemp's file name: `/tmp/lock.KlRCFq` becomes `/tmp/lock.XXXXXX`.
pub fn mkstemp_name(line: &str) -> String {
    match line.find("/tmp/lock.") {
        Some(at) if line.len() >= at + 16 => {
            format!("{}/tmp/lock.XXXXXX{}", &line[..at], &line[at + 16..])
        }
        _ => line.to_string(),
    }
}

// ---- chapter 16 ----
/// SIGTERM: how `ch16_strclifork`'s parent ends (its child's `kill`).
pub const SIGTERM_NO: i32 = 15;

/// `kill(4242, SIGTERM)` → `kill($PARENT, SIGTERM)`: the child's kill of
/// its parent, whose pid differs per run.
pub fn kill_parent(line: &str) -> String {
    match line.strip_prefix("kill(").and_then(|r| r.split_once(", ")) {
        Some((pid, rest)) if pid.bytes().all(|b| b.is_ascii_digit()) => {
            format!("kill($PARENT, {rest}")
        }
        _ => line.to_string(),
    }
}

/// The daytime text ([`ctime`]), and the result of `connect_nonb`'s
/// select: `1 (out [3], …)` or, when the server's answer is already
/// there, `2 (in [3], out [3], …)` — both mean "the connect finished".
pub fn ctime_and_connect_select(line: &str) -> String {
    let line = ctime(line);
    match line.split_once(") = ") {
        Some((call, _)) if call.starts_with("pselect6(4, [3], [3], NULL, ") => {
            format!("{call}) = (the connect finished)")
        }
        _ => line,
    }
}
// ---- end chapter 16 ----

/// The daytime servers send `ctime()`'s text: `"Fri Nov 21 10:15:02 2025\r\n"`
/// becomes `"$CTIME\r\n"`.
pub fn ctime(line: &str) -> String {
    let shape = |s: &[u8]| {
        s.len() == 24
            && s.iter().enumerate().all(|(i, b)| match i {
                3 | 7 | 10 | 19 => *b == b' ',
                13 | 16 => *b == b':',
                8 => *b == b' ' || b.is_ascii_digit(),
                0..=2 | 4..=6 => b.is_ascii_alphabetic(),
                _ => b.is_ascii_digit(),
            })
    };
    let mut out = line.to_string();
    let mut from = 0;
    while let Some(i) = out[from..].find('"').map(|i| i + from) {
        let start = i + 1;
        if out
            .get(start..start + 24)
            .is_some_and(|t| shape(t.as_bytes()))
        {
            out.replace_range(start..start + 24, "$CTIME");
        }
        from = start;
    }
    out
}

// ---- ch11 (issue 11) ----
/// glibc's getaddrinfo asks the kernel for the host's addresses over
/// netlink (`AI_PASSIVE` answers are sorted by them): the netlink port is
/// the process id (`nl_pid=4242`, `nlmsg_pid=4242`) and the sequence
/// number the time in seconds (`nlmsg_seq=1796521168`); both become `$N`.
/// Then the daytime text, as [`ctime`].
pub fn ctime_and_netlink(line: &str) -> String {
    let mut out = ctime(line);
    for key in ["nl_pid=", "nlmsg_pid=", "nlmsg_seq="] {
        let mut from = 0;
        while let Some(i) = out[from..].find(key).map(|i| i + from) {
            let start = i + key.len();
            let digits = out[start..].bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && &out[start..start + digits] != "0" {
                out.replace_range(start..start + digits, "$N");
            }
            from = start;
        }
    }
    out
}
// ---- end ch11 ----

// [ch24 block]
/// The chapter 24 receivers: tcp_listen's netlink question (as
/// [`ctime_and_netlink`]), and the pid given to `F_SETOWN`:
/// `fcntl(4, F_SETOWN, 4242) = 0` becomes `fcntl(4, F_SETOWN, $PID) = 0`.
pub fn setown_and_netlink(line: &str) -> String {
    let out = ctime_and_netlink(line);
    match out.split_once(", F_SETOWN, ") {
        Some((head, rest)) if out.starts_with("fcntl(") => {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            format!("{head}, F_SETOWN, $PID{}", &rest[digits..])
        }
        _ => out,
    }
}
/// The heartbeat pair probes once a second: on a loaded machine a run can
/// take longer than that, and then one side's trace has a probe (SIGALRM,
/// an out-of-band byte each way, SIGURG, a call interrupted and made
/// again) that the other's has not. Those lines are dropped, so the runs
/// compare the echo itself and the set-up (SIGURG handler, F_SETOWN);
/// `tests/unp_ch24.rs` tests the probes on their own.
pub fn heartbeat_timing(line: &str) -> String {
    let out = setown_and_netlink(line);
    let probe = out.starts_with("--- SIGALRM")
        || out.starts_with("--- SIGURG")
        || out.starts_with("rt_sigreturn(")
        || out.contains("MSG_OOB")
        || out.contains("= ? ERESTART");
    if probe { String::new() } else { out }
}
/// `ch25_udpserv01`'s main loop blocks SIGIO, sleeps in `sigsuspend`
/// until a handler has queued datagrams, and unblocks: how many turns it
/// takes depends on when the datagrams arrive (one SIGIO can bring
/// several), in either language. Those lines, and the signal's, are
/// dropped; the datagrams' recvfrom and sendto calls are compared.
pub fn sigio_timing(line: &str) -> String {
    let out = setown_and_netlink(line);
    let timing = ["rt_sigprocmask(", "rt_sigsuspend(", "--- SIGIO"];
    if timing.iter().any(|t| out.starts_with(t))
        || (out.starts_with("recvfrom(") && out.contains("EAGAIN"))
    {
        String::new()
    } else {
        out
    }
}
// [end ch24 block]
// [ch26 block]
/// The chapter 26 programs: glibc's `clone3` for a thread writes the new
/// thread's id back (`=> {parent_tid=[4243]}`), which the return value
/// already names; it becomes `$TID`. Then as [`setown_and_netlink`].
///
/// A thread's last call, glibc blocking signals as the thread ends
/// (`rt_sigprocmask(SIG_BLOCK, ~[RT_1], NULL, 8)`, after its last
/// `close`), is dropped: in a server whose threads are detached, the
/// test may stop the server before or after a finished client's thread
/// gets there (a loaded machine saw both), in either language.
pub fn threads(line: &str) -> String {
    if line.starts_with("rt_sigprocmask(SIG_BLOCK, ~[RT_1], NULL, 8)") {
        return String::new();
    }
    let mut out = setown_and_netlink(line);
    let key = "{parent_tid=[";
    if let Some(i) = out.find(key) {
        let start = i + key.len();
        let digits = out[start..].bytes().take_while(u8::is_ascii_digit).count();
        out.replace_range(start..start + digits, "$TID");
    }
    out
}

/// [ch26b] `ch26_web03`: as [`threads`]; and how a reply's bytes split
/// into the client's reads is timing (the server writes the header, then
/// the file 4096 bytes at a time), so the reads that returned data are
/// dropped. Each thread's last `read(…) = 0` stays.
pub fn threads_reply_reads(line: &str) -> String {
    let out = threads(line);
    if out.starts_with("read(") && !out.ends_with(" = 0") {
        String::new()
    } else {
        out
    }
}
// [end ch26 block]

/// The one-byte writes of `ch01_daytimetcpsrv2` carry the time of day a
/// character at a time: `write(4, "7", 1) = 1` becomes `write(4, "?", 1) = 1`.
pub fn one_byte_of_the_time(line: &str) -> String {
    match (line.split_once(", \""), line.rsplit_once("\", 1) = ")) {
        (Some((head, _)), Some((_, result))) if line.starts_with("write(") => {
            format!("{head}, \"?\", 1) = {result}")
        }
        _ => line.to_string(),
    }
}

/// A pid in a file name (`…/unix_dgram_client.12345.sock`,
/// `/tmp/fd_basics.4242.txt`) becomes `$PID`: a dot, digits and a dot
/// between letters (an IPv4 address has digits before its dots).
pub fn pid_in_file_name(line: &str) -> String {
    let b = line.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        let after_name = i > 0 && (b[i - 1].is_ascii_alphabetic() || b[i - 1] == b'_');
        if b[i] == b'.' && after_name {
            let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            let end = i + 1 + digits;
            if digits > 0
                && b.get(end) == Some(&b'.')
                && b.get(end + 1).is_some_and(u8::is_ascii_alphabetic)
            {
                out.push_str(".$PID");
                i = end;
                continue;
            }
        }
        out.push(b[i] as char);
        i += 1;
    }
    out
}

/// `ch07_checkopts`: the C twin passes the size of the book's `union val`
/// (16 bytes) for every option and the kernel writes back the size it used
/// (`[16 => 4]`); socklab's typed `getsockopt` passes the option's own size
/// (`[4]`). Only that length is made alike; the calls, their order,
/// options and values are compared as they are.
pub fn union_length(line: &str) -> String {
    match line.find("[16 => ") {
        Some(i) if line.starts_with("getsockopt(") => {
            let mut out = line.to_string();
            out.replace_range(i + 1..i + "[16 => ".len(), "");
            out
        }
        _ => line.to_string(),
    }
}

pub const TCP: i32 = socklab::SOCK_STREAM;
pub const UDP: i32 = socklab::SOCK_DGRAM;

pub const READY: Option<&str> = Some("The server is ready to receive");

/// The book's servers (chapters 1 and 5): `listening on 0.0.0.0:PORT`,
/// the address getsockname reported.
pub const LISTENING: Option<&str> = Some("listening on ");

/// The signal `ch05_tsigpipe` dies of.
pub const SIGPIPE: i32 = 13;

/// Every scenario. Each example that has a C twin is in at least one.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "socket_init",
        socktype: TCP,
        server: None,
        clients: &[client("socket_init", &[], "")],
        trace_server: false,
        trace_clients: true,
        expect: &[
            "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3",
            "close(3) = 0",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "tcp_upper",
        socktype: TCP,
        server: Some(server("tcp_upper_server", &["{port}"], READY)),
        clients: &[
            client(
                "tcp_upper_client",
                &["127.0.0.1", "{port}"],
                "hello sockets\n",
            ),
            // a name: the C library's getaddrinfo, from C and from Rust
            client(
                "tcp_upper_client",
                &["localhost", "{port}"],
                "second client\n",
            ),
        ],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "listen(3, 1024) = 0",
            "write(4, \"HELLO SOCKETS\", 13) = 13",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "udp_upper",
        socktype: UDP,
        server: Some(server("udp_upper_server", &["{port}"], READY)),
        clients: &[
            client(
                "udp_upper_client",
                &["127.0.0.1", "{port}"],
                "hello datagrams\n",
            ),
            client("udp_upper_client", &["127.0.0.1", "{port}"], "again\n"),
        ],
        trace_server: true,
        trace_clients: true,
        expect: &["socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "hello",
        socktype: TCP,
        // one client, then the server ends by itself
        server: Some(server("hello_server", &["{port}"], None)),
        clients: &[client("hello_client", &["127.0.0.1", "{port}"], "")],
        trace_server: true,
        trace_clients: true,
        expect: &["listen(3, 3) = 0"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "message",
        socktype: TCP,
        server: Some(server("message_server", &["{port}"], None)),
        clients: &[client(
            "message_client",
            &["localhost", "{port}"],
            "hi there\n",
        )],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "accept(3, {sa_family=AF_INET, sin_port=htons($EPH1), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = 4",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "forking_server",
        socktype: TCP,
        server: Some(server("forking_server", &["{port}"], None)),
        clients: &[
            client("message_client", &["127.0.0.1", "{port}"], "first\n"),
            client("message_client", &["127.0.0.1", "{port}"], "second\n"),
        ],
        trace_server: true,
        trace_clients: false,
        expect: &["close(4) = 0"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "daytime",
        socktype: TCP,
        server: Some(server("ch01_daytimetcpsrv", &["{port}"], LISTENING)),
        clients: &[
            client("ch01_daytimetcpcli", &["127.0.0.1", "{port}"], ""),
            // one write on loopback: one read of 26 bytes, then end of file
            client("ch01_daytimetcpcli1", &["127.0.0.1", "{port}"], ""),
            // AF_INET6 to the IPv4 server: an IPv4-mapped IPv6 address
            client("ch01_daytimetcpcliv6", &["::ffff:127.0.0.1", "{port}"], ""),
        ],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "getsockname(3, {sa_family=AF_INET, sin_port=htons($PORT), sin_addr=inet_addr(\"0.0.0.0\")}, [16]) = 0",
            "accept(3, NULL, NULL) = 4",
            "write(4, \"$CTIME\\r\\n\", 26) = 26",
            "socket(AF_INET6, SOCK_STREAM, IPPROTO_IP) = 3",
        ],
        env: &[],
        scrub: ctime,
    },
    Scenario {
        name: "daytime1",
        socktype: TCP,
        server: Some(server("ch01_daytimetcpsrv1", &["{port}"], LISTENING)),
        clients: &[
            client("ch01_daytimetcpcli", &["127.0.0.1", "{port}"], ""),
            // connects, asks, closes: the server still writes (then RST)
            client("ch04_getsockname", &["127.0.0.1", "{port}"], ""),
        ],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "accept(3, {sa_family=AF_INET, sin_port=htons($EPH1), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = 4",
            "getpeername(3, 0x..., [16]) = -1 ENOTCONN (Transport endpoint is not connected)",
        ],
        env: &[],
        scrub: ctime,
    },
    Scenario {
        name: "daytime2",
        socktype: TCP,
        server: Some(server("ch01_daytimetcpsrv2", &["{port}"], LISTENING)),
        // how many reads the client needs depends on timing: not traced
        clients: &[client("ch01_daytimetcpcli1", &["127.0.0.1", "{port}"], "")],
        trace_server: true,
        trace_clients: false,
        expect: &["write(4, \"?\", 1) = 1", "close(4) = 0"],
        env: &[],
        scrub: one_byte_of_the_time,
    },
    Scenario {
        name: "byteorder",
        socktype: TCP,
        server: None,
        // no system call of its own: what remains is how it ends
        clients: &[client("ch01_byteorder", &[], "")],
        trace_server: false,
        trace_clients: true,
        expect: &["exit_group(0) = ?"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "inet_pton",
        socktype: TCP,
        server: None,
        clients: &[
            client("ch03_inet_pton", &[], ""),
            client("ch03_inet_pton", &["::1"], ""),
        ],
        trace_server: false,
        trace_clients: true,
        expect: &["exit_group(0) = ?"],
        env: &[],
        scrub: nothing,
    },
    // ---- ch11 (issue 11): getaddrinfo helpers (127.0.0.1 and numeric ports only) ----
    Scenario {
        name: "ch11_tcp",
        socktype: TCP,
        server: Some(server("ch11_daytimetcpsrv1", &["{port}"], LISTENING)),
        clients: &[client("ch11_daytimetcpcli", &["127.0.0.1", "{port}"], "")],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
            "socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3",
            "write(4, \"$CTIME\\r\\n\", 26) = 26",
            "getpeername(3, {sa_family=AF_INET, sin_port=htons($PORT), sin_addr=inet_addr(\"127.0.0.1\")}, [128 => 16]) = 0",
        ],
        env: &[],
        scrub: ctime_and_netlink,
    },
    Scenario {
        name: "ch11_udp",
        socktype: UDP,
        server: Some(server("ch11_daytimeudpsrv2", &["{port}"], Some("bound to"))),
        clients: &[client("ch11_daytimeudpcli1", &["127.0.0.1", "{port}"], "")],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP) = 3",
            "recvfrom(3, \"$CTIME\\r\\n\", 4096, 0, NULL, NULL) = 26",
        ],
        env: &[],
        scrub: ctime_and_netlink,
    },
    Scenario {
        name: "ch11_names",
        socktype: TCP,
        server: Some(server("ch11_daytimetcpsrv2", &["::", "{port}"], LISTENING)),
        clients: &[
            // gethostbyname + getservbyname, to the IPv6 server: mapped
            client("ch11_daytimetcpcli1", &["localhost", "{port}"], ""),
            client("ch11_hostent", &["localhost"], ""),
        ],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP) = 3",
            "accept(3, {sa_family=AF_INET6, sin6_port=htons($EPH1), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::ffff:127.0.0.1\", &sin6_addr), sin6_scope_id=0}, [28]) = 4",
            "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3",
        ],
        env: &[],
        scrub: ctime_and_netlink,
    },
    Scenario {
        name: "ch11_getnameinfo",
        socktype: TCP,
        server: Some(server(
            "ch11_daytimetcpsrv4",
            &["127.0.0.1", "{port}"],
            LISTENING,
        )),
        clients: &[client("ch11_daytimetcpcli", &["127.0.0.1", "{port}"], "")],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "accept(3, {sa_family=AF_INET, sin_port=htons($EPH1), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = 4",
        ],
        env: &[],
        scrub: ctime_and_netlink,
    },
    // ---- end ch11 ----
    Scenario {
        name: "ch08_udp",
        socktype: UDP,
        server: Some(server(
            "ch08_udpserv01",
            &["{port}", "127.0.0.1"],
            Some("bound to"),
        )),
        clients: &[client(
            "ch08_udpcli01",
            &["127.0.0.1", "{port}"],
            "one\ntwo two\nthree three three\n",
        )],
        trace_server: true,
        trace_clients: true,
        expect: &[
            // the book's `struct sockaddr_in cliaddr`: its size, 16
            "recvfrom(3, \"one\\n\", 4096, 0, {sa_family=AF_INET, sin_port=htons($EPH1), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = 4",
            "recvfrom(3, \"two two\\n\", 4096, 0, NULL, NULL) = 8",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "dgram",
        socktype: UDP,
        server: Some(server(
            "dgram_server",
            &["{port}"],
            Some("Waiting for datagrams"),
        )),
        clients: &[
            client("dgram_client", &["127.0.0.1", "{port}"], "hello\n"),
            client("dgram_client", &["localhost", "{port}"], "again\n"),
        ],
        trace_server: true,
        trace_clients: true,
        expect: &["socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "chat",
        socktype: TCP,
        // the server's standard input is empty: it reads the client's
        // line, then meets end of input at its prompt and closes
        server: Some(server(
            "chat_server",
            &["{port}"],
            Some("Waiting for a client"),
        )),
        clients: &[client("chat_client", &["127.0.0.1", "{port}"], "hello\n")],
        trace_server: true,
        trace_clients: true,
        expect: &["listen(3, 1) = 0", "read(4, \"\\n\", 1) = 1"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch05_echo",
        socktype: TCP,
        server: Some(server("ch05_tcpserv01", &["{port}"], LISTENING)),
        clients: &[client(
            "ch05_tcpcli01",
            &["127.0.0.1", "{port}"],
            "hello\nworld\n",
        )],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "read(3, \"w\", 1) = 1",
            "accept(3, {sa_family=AF_INET, sin_port=htons($EPH1), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = 4",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch05_five",
        socktype: TCP,
        // five children end at once: how many SIGCHLDs the server sees
        // (ignored, but strace shows each) varies, so only the client is
        // compared (the server's calls are ch05_echo's)
        server: Some(server("ch05_tcpserv01", &["{port}"], LISTENING)),
        clients: &[client("ch05_tcpcli04", &["127.0.0.1", "{port}"], "hello\n")],
        trace_server: false,
        trace_clients: true,
        expect: &["connect(7, *", "exit_group(0) = ?"],
        env: &[],
        scrub: nothing,
    },
    // One client at a time: one child ends per SIGCHLD, so the handler's
    // calls are the same in every run (five at once would merge signals
    // differently from run to run).
    Scenario {
        name: "ch05_sigchld_wait",
        socktype: TCP,
        server: Some(server("ch05_tcpserv02", &["{port}"], LISTENING)),
        clients: &[
            client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "one\n"),
            client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "two\n"),
        ],
        trace_server: true,
        trace_clients: false,
        expect: &[
            "rt_sigaction(SIGCHLD, {sa_handler=0x..., sa_mask=[], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x...}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0",
            "wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = server.1",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch05_sigchld_eintr",
        socktype: TCP,
        server: Some(server("ch05_tcpserv03", &["{port}"], LISTENING)),
        clients: &[
            client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "one\n"),
            client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "two\n"),
        ],
        trace_server: true,
        trace_clients: false,
        expect: &["accept(3, 0x..., [16]) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch05_sigchld_waitpid",
        socktype: TCP,
        server: Some(server("ch05_tcpserv04", &["{port}"], LISTENING)),
        clients: &[
            client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "one\n"),
            client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "two\n"),
        ],
        trace_server: true,
        trace_clients: false,
        expect: &[
            "wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], WNOHANG, NULL) = server.2",
            "wait4(-1, 0x..., WNOHANG, NULL) = -1 ECHILD (No child processes)",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch05_sum_text",
        socktype: TCP,
        server: Some(server("ch05_tcpserv08", &["{port}"], LISTENING)),
        clients: &[client(
            "ch05_tcpcli08",
            &["127.0.0.1", "{port}"],
            "11 22\n1 two\n-22 -77\n",
        )],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "write(4, \"33\\n\", 3) = 3",
            // strace shows the first 32 bytes
            "write(4, \"input error: need two integers, \"..., 45) = 45",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch05_sum_binary",
        socktype: TCP,
        server: Some(server("ch05_tcpserv09", &["{port}"], LISTENING)),
        clients: &[
            client(
                "ch05_tcpcli09",
                &["127.0.0.1", "{port}"],
                "11 22\neleven 22\n-22 -77\n",
            ),
            client("ch05_tcpcli09", &["--swap", "127.0.0.1", "{port}"], "1 2\n"),
        ],
        trace_server: true,
        trace_clients: true,
        expect: &["read(4, \"\\v\\0\\0\\0\\0\\0\\0\\0\\26\\0\\0\\0\\0\\0\\0\\0\", 16) = 16"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch05_sigpipe",
        socktype: TCP,
        server: None,
        // its own peer on loopback; the second write kills it
        clients: &[client("ch05_tsigpipe", &[], "").killed_by(SIGPIPE)],
        trace_server: false,
        trace_clients: true,
        expect: &[
            "write(4, \"second\\n\", 7) = -1 EPIPE (Broken pipe)",
            "--- SIGPIPE ---",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "fd_basics",
        socktype: TCP,
        server: None,
        clients: &[client("fd_basics", &[], "")],
        trace_server: false,
        trace_clients: true,
        expect: &["socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3"],
        env: &[("TMPDIR", "{tmp}")],
        scrub: pid_in_file_name,
    },
    Scenario {
        name: "hostname",
        socktype: TCP,
        server: None,
        // a name from /etc/hosts: a test never asks a name server
        clients: &[client("hostname", &["localhost"], "")],
        trace_server: false,
        trace_clients: true,
        expect: &["uname({sysname=\"Linux\", nodename=*"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "unix_stream",
        socktype: TCP,
        server: Some(server(
            "unix_stream_server",
            &["{tmp}/unix.str"],
            Some("Waiting for connections"),
        )),
        clients: &[client("unix_stream_client", &["{tmp}/unix.str"], "hello\n")],
        trace_server: true,
        trace_clients: true,
        expect: &["socket(AF_UNIX, SOCK_STREAM, 0) = 3"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "unix_dgram",
        socktype: UDP,
        server: Some(server(
            "unix_dgram_server",
            &["{tmp}/unix.dg"],
            Some("Waiting for datagrams"),
        )),
        clients: &[client("unix_dgram_client", &["{tmp}/unix.dg"], "hello\n")],
        trace_server: true,
        trace_clients: true,
        expect: &["socket(AF_UNIX, SOCK_DGRAM, 0) = 3"],
        // the client binds a path of its own under $TMPDIR
        env: &[("TMPDIR", "{tmp}")],
        scrub: pid_in_file_name,
    },
    Scenario {
        name: "ch06_select",
        socktype: TCP,
        server: Some(server(
            "ch06_tcpservselect01",
            &["{port}", "127.0.0.1"],
            Some("listening on"),
        )),
        // Input that makes every select's answer certain: ch05_tcpcli01
        // waits for each echo before the next line; the select clients get
        // an empty input (end of file is their only event: strcliselect01
        // returns, strcliselect02 half-closes and waits for the FIN).
        clients: &[
            client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "hello\nworld\n"),
            client("ch06_strcliselect02", &["127.0.0.1", "{port}"], ""),
            client("ch06_strcliselect01", &["127.0.0.1", "{port}"], ""),
        ],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "accept(3, {sa_family=AF_INET, sin_port=htons($EPH1), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = 4",
            "pselect6(5, [3 4], NULL, NULL, NULL, NULL) = 1 (in [4])",
            "write(4, \"world\\n\", 6) = 6",
            "shutdown(3, SHUT_WR) = 0",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch06_poll",
        socktype: TCP,
        server: Some(server(
            "ch06_tcpservpoll01",
            &["{port}", "127.0.0.1"],
            Some("listening on"),
        )),
        clients: &[
            client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "hello\n"),
            client("ch06_strcliselect02", &["127.0.0.1", "{port}"], ""),
        ],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "poll([{fd=3, events=POLLRDNORM}, {fd=4, events=POLLRDNORM}], 2, -1) = 1 ([{fd=4, revents=POLLRDNORM}])",
            "poll([{fd=3, events=POLLRDNORM}, {fd=-1}], 2, -1) = 1 ([{fd=3, revents=POLLRDNORM}])",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch07_checkopts",
        socktype: TCP,
        server: None,
        clients: &[client("ch07_checkopts", &[], "")],
        trace_server: false,
        trace_clients: true,
        expect: &[
            "socket(AF_INET6, SOCK_STREAM, IPPROTO_IP) = 3",
            "getsockopt(3, SOL_TCP, TCP_MAXSEG, [536], [4]) = 0",
        ],
        env: &[],
        scrub: union_length,
    },
    Scenario {
        name: "ch07_rcvbuf",
        socktype: TCP,
        server: None,
        clients: &[client("ch07_rcvbuf", &[], "")],
        trace_server: false,
        trace_clients: true,
        expect: &["getsockopt(4, SOL_TCP, TCP_MAXSEG, [536], [4]) = 0"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch07_reuseaddr",
        socktype: TCP,
        server: None,
        clients: &[client("ch07_reuseaddr", &[], "")],
        trace_server: false,
        trace_clients: true,
        expect: &[
            "bind(3, {sa_family=AF_INET, sin_port=htons($EPH1), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = -1 EADDRINUSE (Address already in use)",
            "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch07_linger",
        socktype: TCP,
        server: None,
        clients: &[
            client("ch07_linger", &[], ""),
            client("ch07_linger", &["--normal"], ""),
        ],
        trace_server: false,
        trace_clients: true,
        expect: &[
            "setsockopt(4, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0",
            "read(5, 0x..., 4096) = -1 ECONNRESET (Connection reset by peer)",
            "read(5, \"\", 4096) = 0",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch08_udp_clients",
        socktype: UDP,
        server: Some(server(
            "ch08_udpserv01",
            &["{port}", "127.0.0.1"],
            Some("bound to"),
        )),
        clients: &[
            client("ch08_dgcliaddr", &["127.0.0.1", "{port}"], "hello\n"),
            client("ch08_dgcliconnect", &["127.0.0.1", "{port}"], "hi\n"),
            client("ch08_udpcli09", &["127.0.0.1", "{port}"], ""),
        ],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "recvfrom(3, \"hello\\n\", 4096, 0, {sa_family=AF_INET, sin_port=htons($PORT), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = 6",
            "read(3, \"hi\\n\", 4096) = 3",
            "getsockname(3, {sa_family=AF_INET, sin_port=htons($EPH3), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = 0",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch08_dgloop",
        socktype: UDP,
        // The receiver takes the first datagram and is then busy (sleep)
        // for a second: the run is over, and the server stopped, before it
        // reads again. What it would count is tested in unp_ch06_ch08.
        server: Some(server(
            "ch08_dgecholoop",
            &["{port}", "127.0.0.1"],
            Some("SO_RCVBUF = "),
        )),
        clients: &[client("ch08_dgcliloop", &["127.0.0.1", "{port}"], "")],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "getsockopt(3, SOL_SOCKET, SO_RCVBUF, [*",
            "sendto(3, \"\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\"..., 1400, 0, {sa_family=AF_INET, sin_port=htons($PORT), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 1400",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch08_udpservselect",
        // one port number, free for TCP (the first bind) and, nearly
        // always, for UDP too
        socktype: TCP,
        server: Some(server(
            "ch08_udpservselect01",
            &["{port}", "127.0.0.1"],
            Some("bound to"),
        )),
        clients: &[
            client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "tcp\n"),
            client("ch08_udpcli01", &["127.0.0.1", "{port}"], "udp\n"),
        ],
        trace_server: true,
        trace_clients: false,
        expect: &[
            "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
            "write(5, \"tcp\\n\", 4) = 4",
            "sendto(4, \"udp\\n\", 4, 0, {sa_family=AF_INET, sin_port=htons($EPH2), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 4",
        ],
        env: &[],
        scrub: nothing,
    },
    // --- UNP chapter 14 [ch14 block] ---
    Scenario {
        name: "ch14_timeouts",
        socktype: UDP,
        server: Some(server(
            "ch08_udpserv01",
            &["{port}", "127.0.0.1"],
            Some("bound to"),
        )),
        clients: &[
            client("ch14_dgclitimeo1", &["127.0.0.1", "{port}"], "one\n"),
            client("ch14_dgclitimeo2", &["127.0.0.1", "{port}"], "two\n"),
            client("ch14_dgclitimeo3", &["127.0.0.1", "{port}"], "three\n"),
        ],
        trace_server: false,
        trace_clients: true,
        expect: &[
            "pselect6(4, [3], NULL, NULL, {tv_sec=5, tv_nsec=0}, NULL) = 1 (in [3]*",
            "rt_sigaction(SIGALRM, *",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch14_connect_timeo",
        socktype: TCP,
        server: Some(server("ch05_tcpserv01", &["{port}"], LISTENING)),
        clients: &[client("ch14_tcpcli01", &["127.0.0.1", "{port}"], "hello\n")],
        trace_server: false,
        trace_clients: true,
        expect: &["rt_sigaction(SIGALRM, *"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch14_peek",
        socktype: TCP,
        server: Some(server("ch01_daytimetcpsrv", &["{port}"], LISTENING)),
        clients: &[client("ch14_daytimetcpcli", &["127.0.0.1", "{port}"], "")],
        trace_server: false,
        trace_clients: true,
        expect: &["recvfrom(3, \"$CTIME\\r\\n\", 4096, MSG_PEEK, NULL, NULL) = 26"],
        env: &[],
        scrub: ctime,
    },
    Scenario {
        name: "ch14_epoll",
        socktype: TCP,
        server: Some(server("ch05_tcpserv01", &["{port}"], LISTENING)),
        clients: &[client(
            "ch14_str_cli_epoll",
            &["127.0.0.1", "{port}"],
            "hello\n",
        )],
        trace_server: false,
        trace_clients: true,
        expect: &["shutdown(3, SHUT_WR) = 0"],
        env: &[],
        scrub: nothing,
    },
    // the fix (--flush): the chapter 5 client waits for each echo
    Scenario {
        name: "ch14_stdio",
        socktype: TCP,
        server: Some(server("ch14_tcpserv02", &["--flush", "{port}"], LISTENING)),
        clients: &[client(
            "ch05_tcpcli01",
            &["127.0.0.1", "{port}"],
            "one\ntwo\n",
        )],
        trace_server: true,
        trace_clients: false,
        expect: &["write(4, \"two\\n\", 4) = 4"],
        env: &[],
        scrub: nothing,
    },
    // --- end of chapter 14 ---
    // --- UNP chapter 20 [ch20 block] ---
    // On loopback: a unicast request, one reply, then the 5-second alarm
    // ends the wait (the lab tests broadcast for real: tests/unp_ch20.rs).
    Scenario {
        name: "ch20_bcast1",
        socktype: UDP,
        server: Some(server("ch11_daytimeudpsrv2", &["{port}"], Some("bound to"))),
        clients: &[client("ch20_dgclibcast1", &["127.0.0.1", "{port}"], "\n")],
        trace_server: false,
        trace_clients: true,
        expect: &[
            "setsockopt(3, SOL_SOCKET, SO_BROADCAST, [1], 4) = 0",
            "alarm(5) = 0",
        ],
        env: &[],
        scrub: ctime,
    },
    Scenario {
        name: "ch20_bcast3",
        socktype: UDP,
        server: Some(server("ch11_daytimeudpsrv2", &["{port}"], Some("bound to"))),
        clients: &[client("ch20_dgclibcast3", &["127.0.0.1", "{port}"], "\n")],
        trace_server: false,
        trace_clients: true,
        expect: &[
            "rt_sigprocmask(SIG_UNBLOCK, [ALRM], NULL, 8) = 0",
            "alarm(5) = 0",
        ],
        env: &[],
        scrub: ctime,
    },
    Scenario {
        name: "ch20_bcast4",
        socktype: UDP,
        server: Some(server("ch11_daytimeudpsrv2", &["{port}"], Some("bound to"))),
        clients: &[client("ch20_dgclibcast4", &["127.0.0.1", "{port}"], "\n")],
        trace_server: false,
        trace_clients: true,
        expect: &[
            "pselect6(4, [3], NULL, NULL, NULL, {sigmask=[], sigsetsize=8}) = 1 (in [3])",
            "alarm(5) = 0",
        ],
        env: &[],
        scrub: ctime,
    },
    Scenario {
        name: "ch20_bcast6",
        socktype: UDP,
        server: Some(server("ch11_daytimeudpsrv2", &["{port}"], Some("bound to"))),
        clients: &[client("ch20_dgclibcast6", &["127.0.0.1", "{port}"], "\n")],
        trace_server: false,
        trace_clients: true,
        expect: &["pipe2([4, 5], 0) = 0", "alarm(5) = 0"],
        env: &[],
        scrub: ctime,
    },
    // --- end of chapter 20 ---
    // --- UNP chapter 21 [ch21 block] ---
    // ch21_udpcli01 on loopback, to the echo server by unicast (the lab
    // test sends to the all-hosts group); ch21_sendrecv's parity runs in
    // a lab host: tests/unp_ch21.rs
    Scenario {
        name: "ch21_udpcli01",
        socktype: UDP,
        server: Some(server(
            "ch08_udpserv01",
            &["{port}", "127.0.0.1"],
            Some("bound to"),
        )),
        clients: &[client("ch21_udpcli01", &["127.0.0.1", "{port}"], "hello\n")],
        trace_server: false,
        trace_clients: true,
        expect: &["alarm(5) = 0"],
        env: &[],
        scrub: nothing,
    },
    // --- end of chapter 21 ---
    // --- UNP chapter 22 [ch22 block] ---
    // dgechoaddr on loopback: IP_PKTINFO's recvmsg, a short and a
    // truncated datagram (the lab test sends broadcast and multicast too)
    Scenario {
        name: "ch22_dgechoaddr",
        socktype: UDP,
        server: Some(server("ch22_dgechoaddr", &["{port}"], Some("bound to"))),
        clients: &[client(
            "ch08_udpcli01",
            &["127.0.0.1", "{port}"],
            "hello\na line of thirty characters..\n",
        )],
        trace_server: true,
        trace_clients: false,
        expect: &[
            "setsockopt(3, SOL_IP, IP_PKTINFO, [1], 4) = 0",
            "recvmsg(3, *",
        ],
        env: &[],
        scrub: nothing,
    },
    // ch22_udpcli01 (§ 22.5) on loopback, no loss: per line a sendmsg of
    // header + line (2-entry iovec) and a recvmsg into header + buffer.
    // The timer differs by design (rtt_timer_and_timestamp); the lossy
    // run is tests/unp_ch22.rs's.
    Scenario {
        name: "ch22_udpcli01",
        socktype: UDP,
        server: Some(server(
            "ch08_udpserv01",
            &["{port}", "127.0.0.1"],
            Some("bound to"),
        )),
        clients: &[client(
            "ch22_udpcli01",
            &["127.0.0.1", "{port}"],
            "hello\nworld\n",
        )],
        trace_server: false,
        trace_clients: true,
        expect: &["sendmsg(3, *", "recvmsg(3, *"],
        env: &[],
        scrub: rtt_timer_and_timestamp,
    },
    // --- end of chapter 22 ---
    // [ch24 block] out-of-band data. The senders pace themselves as the
    // book's do (sleep); the receivers end by themselves at end of file.
    Scenario {
        name: "ch24_sigurg",
        socktype: TCP,
        server: Some(server("ch24_tcprecv01", &["{port}"], LISTENING).exits()),
        clients: &[client("ch24_tcpsend01", &["127.0.0.1", "{port}"], "")],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "sendto(3, \"4\", 1, MSG_OOB, NULL, 0) = 1",
            "recvfrom(4, \"4\", 99, MSG_OOB, NULL, NULL) = 1",
            "read(4, \"56\", 99) = 2",
        ],
        env: &[],
        scrub: setown_and_netlink,
    },
    Scenario {
        name: "ch24_select",
        socktype: TCP,
        server: Some(server("ch24_tcprecv02", &["{port}"], LISTENING).exits()),
        clients: &[client("ch24_tcpsend01", &["127.0.0.1", "{port}"], "")],
        trace_server: true,
        trace_clients: false,
        expect: &[
            "pselect6(5, [4], NULL, [4], NULL, NULL) = 1 (except [4])",
            "recvfrom(4, \"7\", 99, MSG_OOB, NULL, NULL) = 1",
        ],
        env: &[],
        scrub: setown_and_netlink,
    },
    Scenario {
        name: "ch24_select_fixed",
        socktype: TCP,
        server: Some(server("ch24_tcprecv03", &["{port}"], LISTENING).exits()),
        clients: &[client("ch24_tcpsend01", &["127.0.0.1", "{port}"], "")],
        trace_server: true,
        trace_clients: false,
        expect: &["pselect6(5, [4], NULL, [], NULL, NULL) = 1 (in [4])"],
        env: &[],
        scrub: setown_and_netlink,
    },
    Scenario {
        name: "ch24_inline",
        socktype: TCP,
        server: Some(server("ch24_tcprecv04", &["{port}"], LISTENING).exits()),
        clients: &[client("ch24_tcpsend04", &["127.0.0.1", "{port}"], "")],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "setsockopt(3, SOL_SOCKET, SO_OOBINLINE, [1], 4) = 0",
            "read(4, \"123\", 99) = 3",
            "read(4, \"45\", 99) = 2",
        ],
        env: &[],
        scrub: setown_and_netlink,
    },
    Scenario {
        name: "ch24_two_marks",
        socktype: TCP,
        server: Some(server("ch24_tcprecv06", &["{port}"], LISTENING).exits()),
        clients: &[client("ch24_tcpsend06", &["127.0.0.1", "{port}"], "")],
        trace_server: true,
        trace_clients: true,
        expect: &["read(4, \"12345\", 99) = 5", "read(4, \"67\", 99) = 2"],
        env: &[],
        scrub: setown_and_netlink,
    },
    // the receiver's trace (SIGURG, then EAGAIN, then perror's dup(2),
    // which only C makes) is checked in tests/unp_ch24.rs
    Scenario {
        name: "ch24_full_window",
        socktype: TCP,
        server: Some(server("ch24_tcprecv05", &["{port}"], LISTENING)),
        clients: &[client("ch24_tcpsend05", &["127.0.0.1", "{port}"], "")],
        trace_server: false,
        trace_clients: true,
        expect: &[
            "setsockopt(3, SOL_SOCKET, SO_SNDBUF, [32768], 4) = 0",
            "sendto(3, \"a\", 1, MSG_OOB, NULL, 0) = 1",
        ],
        env: &[],
        scrub: setown_and_netlink,
    },
    // the set-up of both sides and an orderly end. No line to echo: with
    // "hello\n" and end of file in the pipe at once, whether select
    // reports the echo together with stdin's end of file is up to the
    // scheduler, and the two runs read in different orders (the echo and
    // the probes are tested in tests/unp_ch24.rs)
    Scenario {
        name: "ch24_heartbeat",
        socktype: TCP,
        server: Some(server("ch24_heartbeatserv", &["{port}"], LISTENING)),
        clients: &[client("ch24_heartbeatcli", &["127.0.0.1", "{port}"], "")],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "rt_sigaction(SIGURG, *",
            "fcntl(3, F_SETOWN, *",
            "shutdown(3, SHUT_WR) = 0",
        ],
        env: &[],
        scrub: heartbeat_timing,
    },
    // [end ch24 block]
    // [ch25 block] signal-driven I/O: every datagram is one SIGIO, two
    // recvfrom (the second EAGAIN), one sendto between the masks
    Scenario {
        name: "ch25_sigio",
        socktype: UDP,
        server: Some(server(
            "ch25_udpserv01",
            &["{port}", "127.0.0.1"],
            Some("bound to"),
        )),
        clients: &[
            client("ch08_udpcli01", &["127.0.0.1", "{port}"], "one\ntwo\n"),
            client("ch08_udpcli01", &["127.0.0.1", "{port}"], "three\n"),
        ],
        trace_server: true,
        trace_clients: false,
        // (the sigprocmask/sigsuspend loop is checked in tests/unp_ch25.rs:
        // how often it turns depends on when the datagrams arrive)
        expect: &["ioctl(3, FIOASYNC, [1]) = 0", "ioctl(3, FIONBIO, [1]) = 0"],
        env: &[],
        scrub: sigio_timing,
    },
    // [end ch25 block]
    // [ch26 block] threads: one thread per client; the client's copyto
    // thread; two threads and a counter
    Scenario {
        name: "ch26_threads",
        socktype: TCP,
        server: Some(server("ch26_tcpserv01", &["{port}"], LISTENING)),
        // one client: a thread's close is not waited for (the runner sees
        // the server settle once its main thread is back in accept), so a
        // second client could get descriptor 4 or 5
        clients: &[client(
            "ch26_tcpcli01",
            &["127.0.0.1", "{port}"],
            "hello threads\n",
        )],
        trace_server: true,
        trace_clients: true,
        expect: &["clone3(*", "shutdown(3, SHUT_WR) = 0"],
        env: &[],
        scrub: threads,
    },
    Scenario {
        name: "ch26_threads_malloc",
        socktype: TCP,
        server: Some(server("ch26_tcpserv02", &["{port}"], LISTENING)),
        clients: &[client("ch26_tcpcli01", &["127.0.0.1", "{port}"], "one\n")],
        trace_server: true,
        trace_clients: false,
        expect: &["clone3(*"],
        env: &[],
        scrub: threads,
    },
    Scenario {
        name: "ch26_counter",
        socktype: TCP,
        server: None,
        clients: &[
            client("ch26_example01", &[], ""),
            client("ch26_example02", &[], ""),
        ],
        trace_server: false,
        trace_clients: true,
        expect: &["clone3(*", "exit_group(0) = ?"],
        env: &[],
        scrub: threads,
    },
    Scenario {
        name: "ch26_readline",
        socktype: TCP,
        server: Some(server("ch26_readline", &["{port}"], LISTENING)),
        clients: &[client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "one\n")],
        trace_server: true,
        trace_clients: false,
        expect: &["clone3(*", "write(4, \"one\\n\", 4) = 4"],
        env: &[],
        scrub: threads,
    },
    // [ch26b] producer and consumer: two threads, the rest is futex
    // (not in the list); the web client, a thread per file, one at a time
    // (so each thread's socket is descriptor 3, as the home page's was)
    Scenario {
        name: "ch26_prodcons",
        socktype: TCP,
        server: None,
        clients: &[client("ch26_example03", &[], "")],
        trace_server: false,
        trace_clients: true,
        expect: &["clone3(*", "exit_group(0) = ?"],
        env: &[],
        scrub: threads,
    },
    Scenario {
        name: "ch26_web03",
        socktype: TCP,
        server: Some(server("ch16_httpd", &["docs/c", "{port}"], LISTENING)),
        clients: &[client(
            "ch26_web03",
            &[
                "-p",
                "{port}",
                "1",
                "127.0.0.1",
                "/",
                "/ch16_httpd.c",
                "/Makefile",
            ],
            "",
        )],
        trace_server: false,
        trace_clients: true,
        expect: &[
            "clone3(*",
            "write(3, \"GET /Makefile HTTP/1.0\\r\\n\\r\\n\", 26) = 26",
        ],
        env: &[],
        scrub: threads_reply_reads,
    },
    // [end ch26 block]
    // --- chapter 30 [ch30 block]: one client child, two connections, 100 bytes ---
    Scenario {
        name: "ch30_iterative",
        socktype: TCP,
        server: Some(server("ch30_serv00", &["127.0.0.1", "{port}"], LISTENING)),
        clients: CH30_TWO_CONNECTIONS,
        trace_server: true,
        trace_clients: true,
        expect: &["write(3, \"100\\n\", 4) = 4*"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch30_fork",
        socktype: TCP,
        server: Some(server("ch30_serv01", &["127.0.0.1", "{port}"], LISTENING)),
        // two runs of one connection: each child has ended before the
        // next connection, so SIGCHLD comes at the same point in both worlds
        clients: CH30_TWO_RUNS,
        trace_server: true,
        trace_clients: true,
        expect: &["rt_sigaction(SIGCHLD, *"],
        env: &[],
        scrub: sigchld_timing,
    },
    Scenario {
        name: "ch30_prefork_meter",
        socktype: TCP,
        server: Some(server(
            "ch30_serv02",
            &["-m", "127.0.0.1", "{port}", "1"],
            LISTENING,
        )),
        clients: CH30_TWO_CONNECTIONS,
        trace_server: true,
        trace_clients: true,
        expect: &["pause(*"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch30_prefork_fcntl",
        socktype: TCP,
        server: Some(server(
            "ch30_serv03",
            &["127.0.0.1", "{port}", "1"],
            LISTENING,
        )),
        clients: CH30_TWO_CONNECTIONS,
        trace_server: true,
        trace_clients: true,
        expect: &["unlink(\"/tmp/lock.XXXXXX\") = 0"],
        env: &[],
        scrub: mkstemp_name,
    },
    Scenario {
        name: "ch30_prefork_mutex",
        socktype: TCP,
        server: Some(server(
            "ch30_serv04",
            &["127.0.0.1", "{port}", "1"],
            LISTENING,
        )),
        clients: CH30_TWO_CONNECTIONS,
        trace_server: true,
        trace_clients: true,
        expect: &["pause(*"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch30_reuseport",
        socktype: TCP,
        server: Some(server(
            "ch30_serv09",
            &["127.0.0.1", "{port}", "1"],
            LISTENING,
        )),
        clients: CH30_TWO_CONNECTIONS,
        trace_server: true,
        trace_clients: true,
        expect: &["setsockopt(3, SOL_SOCKET, SO_REUSEPORT, [1], 4) = 0"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch30_epoll",
        socktype: TCP,
        server: Some(server("ch30_serv10", &["127.0.0.1", "{port}"], LISTENING)),
        clients: &[
            client("ch30_client", &["127.0.0.1", "{port}", "1", "1", "100"], ""),
            client(
                "ch30_client",
                &["127.0.0.1", "{port}", "1", "1", "16384"],
                "",
            ),
        ],
        trace_server: true,
        trace_clients: false,
        expect: &["accept(3, 0x..., [16]) = -1 EAGAIN (Resource temporarily unavailable)"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch30_pass_descriptor",
        socktype: TCP,
        server: Some(server(
            "ch30_serv05",
            &["127.0.0.1", "{port}", "1"],
            LISTENING,
        )),
        clients: CH30_TWO_RUNS,
        trace_server: true,
        trace_clients: false,
        expect: &["dup2(5, 2) = 2", "sendmsg(4, *"],
        env: &[],
        scrub: pipe_closed_at_teardown,
    },
    Scenario {
        name: "ch30_thread_per_client",
        socktype: TCP,
        server: Some(server("ch30_serv06", &["127.0.0.1", "{port}"], LISTENING)),
        // one connection: with two, which descriptor the second gets
        // depends on whether a thread closed the first yet
        clients: CH30_ONE_CONNECTION,
        trace_server: true,
        trace_clients: false,
        expect: &["clone3(*"],
        env: &[],
        scrub: threads,
    },
    Scenario {
        name: "ch30_prethreaded_mutex",
        socktype: TCP,
        server: Some(server(
            "ch30_serv07",
            &["127.0.0.1", "{port}", "1"],
            LISTENING,
        )),
        // one connection: with two, which descriptor the second gets
        // depends on whether a thread closed the first yet
        clients: CH30_ONE_CONNECTION,
        trace_server: true,
        trace_clients: false,
        expect: &["clone3(*"],
        env: &[],
        scrub: threads,
    },
    Scenario {
        name: "ch30_prethreaded_main_accepts",
        socktype: TCP,
        server: Some(server(
            "ch30_serv08",
            &["127.0.0.1", "{port}", "1"],
            LISTENING,
        )),
        // one connection: with two, which descriptor the second gets
        // depends on whether a thread closed the first yet
        clients: CH30_ONE_CONNECTION,
        trace_server: true,
        trace_clients: false,
        expect: &["clone3(*"],
        env: &[],
        scrub: threads,
    },
    // --- end of chapter 30 ---
    // --- UNP chapter 16 [chapter 16 block] ---
    // Standard input empty: with data, whether the echo is back by the
    // second select is a race (`1 (in [0])` or `2 (in [0 3])`); the
    // byte-exact copies are in tests/unp_ch16.rs.
    Scenario {
        name: "ch16_strclinonb",
        socktype: TCP,
        server: Some(server("ch05_tcpserv01", &["{port}"], LISTENING)),
        clients: &[client("ch16_strclinonb", &["127.0.0.1", "{port}"], "")],
        trace_server: false,
        trace_clients: true,
        expect: &[
            "pselect6(4, [0 3], [], NULL, NULL, NULL) = 1 (in [0])",
            "shutdown(3, SHUT_WR) = 0",
        ],
        env: &[],
        scrub: nothing,
    },
    // The server is ch16_tcpservselect03, which accepts 5 s after the
    // connection arrives: by then the parent is surely in pause (kill and
    // pause are compared), where an immediate echo server's FIN could
    // bring the child's kill before the parent's pause. ~5 s.
    Scenario {
        name: "ch16_strclifork",
        socktype: TCP,
        server: Some(server("ch16_tcpservselect03", &["{port}"], LISTENING)),
        clients: &[
            client("ch16_strclifork", &["127.0.0.1", "{port}"], "hello\n").killed_by(SIGTERM_NO),
        ],
        trace_server: false,
        trace_clients: true,
        expect: &["shutdown(3, SHUT_WR) = 0", "read(3, \"\", 1) = 0"],
        env: &[],
        scrub: kill_parent,
    },
    Scenario {
        name: "ch16_connect_nonb",
        socktype: TCP,
        server: Some(server("ch01_daytimetcpsrv", &["{port}"], LISTENING)),
        clients: &[client("ch16_daytimetcpcli", &["127.0.0.1", "{port}"], "")],
        trace_server: false,
        trace_clients: true,
        expect: &[
            "connect(3, {sa_family=AF_INET, sin_port=htons($PORT), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = -1 EINPROGRESS (Operation now in progress)",
            "getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0",
        ],
        env: &[],
        scrub: ctime_and_connect_select,
    },
    // The book's RST (ch16_tcpcli03) while the server sleeps between
    // select and accept; on Linux accept returns the reset connection and
    // the read fails (ECONNRESET). ch05_tcpcli01 then waits through the
    // second sleep for its echo. ~10 s.
    Scenario {
        name: "ch16_accept_rst",
        socktype: TCP,
        server: Some(server("ch16_tcpservselect03", &["{port}"], LISTENING)),
        clients: &[
            client("ch16_tcpcli03", &["127.0.0.1", "{port}"], ""),
            client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "hello\n"),
        ],
        trace_server: true,
        trace_clients: true,
        expect: &[
            "setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0",
            "read(4, 0x..., 4096) = -1 ECONNRESET (Connection reset by peer)",
        ],
        env: &[],
        scrub: nothing,
    },
    // The server's side (the client's read sizes depend on timing: the
    // client's exact copies are checked in tests/unp_ch16.rs).
    Scenario {
        name: "ch16_web",
        socktype: TCP,
        server: Some(server("ch16_httpd", &["docs/c", "{port}"], LISTENING)),
        clients: &[client(
            "ch16_web",
            &[
                "-p",
                "{port}",
                "2",
                "127.0.0.1",
                "/",
                "/ch16_httpd.c",
                "/Makefile",
                "/nosuch",
            ],
            "",
        )],
        trace_server: true,
        trace_clients: false,
        expect: &[
            "accept(3, NULL, NULL) = 4",
            "write(4, \"HTTP/1.0 200 OK\\r\\n\\r\\n\", 19) = 19",
        ],
        env: &[],
        scrub: nothing,
    },
    // --- end of chapter 16 ---
    // --- UNP chapter 13 [ch13 block] ---
    // inetd starting /bin/cat as an echo server per connection: inetd and
    // its children (close, dup2 ×3, close, exec; then cat's own read and
    // write on the socket) traced. The daemon, daytimetcpsrv3 and syslogd
    // call syslog(3): their parity runs in a private mount namespace with
    // its own /dev/log, in tests/unp_ch13.rs (fidelity_strace's NOT_COVERED).
    Scenario {
        name: "ch13_inetd",
        socktype: TCP,
        server: Some(server(
            "ch13_inetd",
            &["{port} stream tcp nowait /bin/cat cat"],
            LISTENING,
        )),
        clients: &[
            client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "one\n"),
            client("ch05_tcpcli01", &["127.0.0.1", "{port}"], "two\n"),
        ],
        trace_server: true,
        trace_clients: false,
        expect: &["accept(3, NULL, NULL) = 4", "dup2(4, 0) = 0"],
        env: &[],
        scrub: nothing,
    },
    // (issue 11, with chapter 13) readv/writev/sendmsg/recvmsg move the
    // bytes read/write move, with the C twin's calls
    Scenario {
        name: "ch14_iovec",
        socktype: UDP,
        server: None,
        clients: &[client("ch14_iovec", &[], "")],
        trace_server: false,
        trace_clients: true,
        expect: &[
            "writev(3, [{iov_base=\"hello\", iov_len=5}, {iov_base=\" \", iov_len=1}, {iov_base=\"world\\n\", iov_len=6}], 3) = 12",
            "readv(4, [{iov_base=\"abc\", iov_len=3}, {iov_base=\"defgh\", iov_len=16}], 2) = 8",
            "recvmsg(5, {msg_name={sa_family=AF_INET, sin_port=htons($EPH2), sin_addr=inet_addr(\"127.0.0.1\")}, msg_namelen=16, msg_iov=[{iov_base=\"hello\", iov_len=4096}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 5",
        ],
        env: &[],
        scrub: nothing,
    },
    // (issue 11, with chapter 13) the static-hostent trap: only the C
    // library's own lookups (its nscd probe, on a socket, if any) and the end
    Scenario {
        name: "ch11_hostent2",
        socktype: TCP,
        server: None,
        clients: &[client("ch11_hostent2", &["localhost", "127.0.0.1"], "")],
        trace_server: false,
        trace_clients: true,
        expect: &["exit_group(0) = ?"],
        env: &[],
        scrub: nothing,
    },
    // --- end of chapter 13 ---
    // --- UNP chapter 15 [ch15 block] ---
    Scenario {
        name: "ch15_unixbind",
        socktype: TCP,
        server: None,
        clients: &[client("ch15_unixbind", &["{tmp}/moose"], "")],
        trace_server: false,
        trace_clients: true,
        // SUN_LEN: the path's length plus 2, whatever $TMP is
        expect: &["bind(3, {sa_family=AF_UNIX, sun_path=\"$TMP/moose\"}, *"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch15_unixstr",
        socktype: TCP,
        server: Some(server("ch15_unixstrserv01", &["{tmp}/unix.str"], LISTENING)),
        clients: &[client(
            "ch15_unixstrcli01",
            &["{tmp}/unix.str"],
            "hello\nworld\n",
        )],
        trace_server: true,
        trace_clients: true,
        expect: &["accept(3, {sa_family=AF_UNIX}, [110 => 2]) = 4"],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch15_unixdg",
        socktype: UDP,
        server: Some(server(
            "ch15_unixdgserv01",
            &["{tmp}/unix.dg"],
            Some("bound to"),
        )),
        clients: &[client("ch15_unixdgcli01", &["{tmp}/unix.dg"], "one\ntwo\n")],
        trace_server: true,
        trace_clients: true,
        expect: &["unlink(\"$TMP/ch15_unixdgcli01.$PID.sock\") = 0"],
        // the client binds a path of its own under $TMPDIR
        env: &[("TMPDIR", "{tmp}")],
        scrub: dgcli_pid,
    },
    // descriptor passing: mycat forks and execs the openfile of its own
    // world (the four mixed pairs: tests/unp_ch15.rs)
    Scenario {
        name: "ch15_mycat",
        socktype: TCP,
        server: None,
        clients: &[client("ch15_mycat", &["/etc/passwd"], "")],
        trace_server: false,
        trace_clients: true,
        expect: &[
            "sendmsg(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"\\0\", iov_len=1}], msg_iovlen=1, \
             msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[3]}], \
             msg_controllen=24, msg_flags=0}, 0) = 1",
            "recvmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"\\0\", iov_len=1}], msg_iovlen=1, \
             msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[4]}], \
             msg_controllen=24, msg_flags=0}, 0) = 1",
        ],
        env: &[],
        scrub: nothing,
    },
    Scenario {
        name: "ch15_cred",
        socktype: TCP,
        server: Some(server("ch15_unixstrserv02", &["{tmp}/unix.str"], LISTENING)),
        clients: &[client("ch15_unixstrcli01", &["{tmp}/unix.str"], "hello\n")],
        trace_server: true,
        trace_clients: false,
        expect: &[
            "setsockopt(3, SOL_SOCKET, SO_PASSCRED, [1], 4) = 0",
            "recvmsg(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hello\\n\", iov_len=4096}], \
             msg_iovlen=1, msg_control=[{cmsg_len=28, cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, \
             cmsg_data={pid=$PID, uid=*",
        ],
        env: &[],
        scrub: sender_pid,
    },
    // --- end of chapter 15 ---
];

// [ch15] The pid in ch15_unixdgcli01's own path
// (`ch15_unixdgcli01.4242.sock`) becomes `$PID`.
pub fn dgcli_pid(line: &str) -> String {
    const KEY: &str = "ch15_unixdgcli01.";
    let mut out = line.to_string();
    let mut from = 0;
    while let Some(i) = out[from..].find(KEY).map(|i| i + from) {
        let start = i + KEY.len();
        let digits = out[start..].bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            out.replace_range(start..start + digits, "$PID");
        }
        from = start;
    }
    out
}

// [ch15] The client's pid in the credentials the server received
// (`cmsg_data={pid=4242, uid=…`) becomes `$PID`.
pub fn sender_pid(line: &str) -> String {
    const KEY: &str = "cmsg_data={pid=";
    match line.find(KEY) {
        Some(i) => {
            let start = i + KEY.len();
            let digits = line[start..].bytes().take_while(u8::is_ascii_digit).count();
            format!("{}$PID{}", &line[..start], &line[start + digits..])
        }
        None => line.to_string(),
    }
}

/// One side of a finished run.
pub struct SideRun {
    /// `server`, `client`, `client1`…
    pub label: String,
    /// strace's file, if this side was traced.
    pub file: Option<PathBuf>,
    pub stdout: String,
    pub stderr: String,
}

/// Everything one run of a scenario produced.
pub struct Run {
    /// The server first (if any), then the clients in order.
    pub sides: Vec<SideRun>,
    /// What the programs printed, for failure messages.
    pub outputs: String,
    /// The port `{port}` stood for.
    pub port: u16,
    /// The directory `{tmp}` stood for (removed by now).
    pub tmp: String,
}

impl Run {
    /// The processes of each traced side, in tree order (see
    /// [`super::by_process`]), named after their side; and a [`Norm`] that
    /// knows them, names this run's port `$PORT` and its temporary
    /// directory `$TMP`.
    pub fn traced(&self) -> (Norm, Vec<(&SideRun, Vec<Proc>)>) {
        let sides: Vec<_> = self
            .sides
            .iter()
            .filter_map(|s| {
                let file = s.file.as_ref()?;
                Some((s, super::by_process(&super::read_strace(file), &s.label)))
            })
            .collect();
        let mut norm = Norm {
            named_ports: vec![(self.port, "$PORT".to_string())],
            replace: vec![(self.tmp.clone(), "$TMP".to_string())],
            ..Norm::default()
        };
        for (_, procs) in &sides {
            norm.learn_pids(procs);
        }
        (norm, sides)
    }
}

/// What a run is for, in the names of strace's files.
#[derive(Clone, Copy)]
pub enum Purpose {
    Parity,
    Trace,
    /// Every call of the forked children (`-e trace=…,all`).
    Children,
}

/// Runs a scenario with the programs of one world, with extra environment
/// variables and extra calls in strace's filter.
pub fn run(
    sc: &Scenario,
    world: Twin,
    purpose: Purpose,
    extra_env: &[(&'static str, &'static str)],
    extra_calls: &[&str],
) -> Run {
    let tmp = common::temp_dir();
    let port = common::free_port(sc.socktype);
    let port_s = port.to_string();
    let tmp_s = tmp.path().display().to_string();
    let fill = |s: &str| s.replace("{port}", &port_s).replace("{tmp}", &tmp_s);
    let env_owned: Vec<(String, String)> = sc
        .env
        .iter()
        .chain(extra_env)
        .map(|(k, v)| (k.to_string(), fill(v)))
        .collect();
    let env: Vec<(&str, &str)> = env_owned
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut outputs = String::new();
    let mut sides = Vec::new();

    // The command line for one side: the program, under strace if traced.
    let command = |side: &Side, file: Option<&Path>| -> (String, Vec<String>) {
        let program = world.bin(side.name).display().to_string();
        let args: Vec<String> = side.args.iter().map(|a| fill(a)).collect();
        match file {
            Some(file) => {
                let mut all = super::strace_args(file, extra_calls);
                all.push(program);
                all.extend(args);
                ("strace".to_string(), all)
            }
            None => (program, args),
        }
    };

    let mut server = sc.server.as_ref().map(|side| {
        let file = sc
            .trace_server
            .then(|| raw_file(purpose, sc.name, world, "server"));
        let (prog, args) = command(side, file.as_deref());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let s = common::Server::start_env(&prog, &args, side.ready.unwrap_or(""), &env);
        assert!(
            super::wait_settled(s.pid(), Duration::from_secs(10)),
            "{}: the server never settled (blocked waiting for clients)",
            super::describe(world, side.name)
        );
        (s, file)
    });

    let mut client_sides = Vec::new();
    for (i, side) in sc.clients.iter().enumerate() {
        let label = if sc.clients.len() == 1 {
            "client".to_string()
        } else {
            format!("client{}", i + 1)
        };
        let file = sc
            .trace_clients
            .then(|| raw_file(purpose, sc.name, world, &label));
        let (prog, args) = command(side, file.as_deref());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = common::run_env(&prog, &args, &fill(side.stdin), &env);
        let _ = show(&mut outputs, &label, &out.stdout, &out.stderr);
        let ended_as_it_should = match side.killed_by {
            None => out.status.success(),
            // under strace too: strace ends by the signal that killed its tracee
            Some(signal) => out.status.signal() == Some(signal),
        };
        assert!(
            ended_as_it_should && !out.timed_out,
            "{} failed ({:?}):\n{outputs}",
            super::describe(world, side.name),
            out.status
        );
        // Let the server finish with this client before the next one.
        if let Some((s, _)) = &server {
            assert!(
                super::wait_settled(s.pid(), Duration::from_secs(10)),
                "{}: the server never settled after {label}",
                super::describe(world, side.name)
            );
        }
        client_sides.push(SideRun {
            label,
            file,
            stdout: out.stdout,
            stderr: out.stderr,
        });
    }

    // [ch24] a server that ends by itself: wait for it (bounded)
    let exits = sc.server.as_ref().is_some_and(|sv| sv.exits);
    if let (true, Some((s, file))) = (exits, &mut server) {
        let out = s.wait_exit(Duration::from_secs(20));
        let _ = show(&mut outputs, "server", &out.stdout, &out.stderr);
        assert!(
            !out.timed_out,
            "{}: the server did not end by itself:\n{outputs}",
            super::describe(world, sc.server.as_ref().map_or("server", |sv| sv.name))
        );
        sides.push(SideRun {
            label: "server".to_string(),
            file: file.take(),
            stdout: out.stdout,
            stderr: out.stderr,
        });
        server = None;
    }
    if let Some((s, file)) = &mut server {
        let pid = s.pid();
        assert!(
            super::wait_settled(pid, Duration::from_secs(10)),
            "{}: the server never settled after its clients",
            super::describe(world, sc.server.as_ref().map_or("server", |sv| sv.name))
        );
        if file.is_none() {
            // not under strace: the server itself is the one to stop
            let _ = std::process::Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status();
        }
        // under strace, its tracees; strace then exits by itself
        super::terminate_descendants(pid);
        let out = s.wait_exit(Duration::from_secs(10));
        let _ = show(&mut outputs, "server", &out.stdout, &out.stderr);
        sides.push(SideRun {
            label: "server".to_string(),
            file: file.take(),
            stdout: out.stdout,
            stderr: out.stderr,
        });
    }
    sides.extend(client_sides);
    Run {
        sides,
        outputs,
        port,
        tmp: tmp_s.clone(),
    }
}

/// Where strace writes: `target/debug/fidelity/PURPOSE-SCENARIO-WORLD-SIDE.strace`,
/// kept after the test for a closer look.
fn raw_file(purpose: Purpose, scenario: &str, world: Twin, side: &str) -> PathBuf {
    let dir = common::target_dir().join("fidelity");
    std::fs::create_dir_all(&dir).expect("mkdir target/fidelity");
    let world = match world {
        Twin::C => "c",
        Twin::Rust => "rust",
    };
    let purpose = match purpose {
        Purpose::Parity => "parity",
        Purpose::Trace => "trace",
        Purpose::Children => "children",
    };
    let file = dir.join(format!("{purpose}-{scenario}-{world}-{side}.strace"));
    let _ = std::fs::remove_file(&file);
    file
}

fn show(out: &mut String, label: &str, stdout: &str, stderr: &str) -> std::fmt::Result {
    writeln!(
        out,
        "--- {label} stdout:\n{stdout}\n--- {label} stderr:\n{stderr}"
    )
}
