//! `classroom_faulty_server PROTOCOL PORT [FAULT…]` — a test fixture, not a
//! course program: the Rust twin of `tests/classroom/faulty_server.c`, for
//! `tests/classroom_check.rs`. A forking TCP server (PROTOCOL `echo`,
//! `sum` — UNP section 5.18's text sum — or `web_child`, chapter 30's "a
//! line N, answered with N bytes") that does everything right, unless
//! FAULTs give it a student's classic mistakes:
//!
//! ```text
//! iterative         serves one client at a time (no fork)
//! no-reap           never waits for its children: zombies
//! leak-connfd       the parent keeps each connected socket
//! keep-listenfd     the child keeps the listening socket
//! sigpipe           SIGPIPE back at its default: dies on a reset peer
//! one-read          (sum) takes one read to be one whole line
//! no-reuseaddr      binds without SO_REUSEADDR
//! exit-after-first  serves its first client, then exits (no loop)
//! ```
//!
//! and one design that is no fault: `prefork`, five children forked
//! before any client, each looping on `accept` (UNP chapter 30's `serv02`):
//! they keep the listening socket, and must not be blamed for it.
//!
//! Built by `cargo test` as the example `classroom_faulty_server`
//! (Cargo.toml declares it from this path): it is not in `examples/`, so
//! `socklab list` and the examples table, which are the course's
//! programs, do not show it.
use socklab::*;

const USAGE: &str = "usage: classroom_faulty_server echo|sum|web_child port [fault…]";

const FAULTS: &[&str] = &[
    "iterative",
    "no-reap",
    "leak-connfd",
    "keep-listenfd",
    "sigpipe",
    "one-read",
    "no-reuseaddr",
    "exit-after-first",
    "prefork",
];

#[derive(Clone, Copy, PartialEq)]
enum Proto {
    Echo,
    Sum,
    WebChild,
}

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (proto, port, faults) = match args.as_slice() {
        [_, proto, port, faults @ ..] => {
            let proto = match proto.as_str() {
                "echo" => Proto::Echo,
                "sum" => Proto::Sum,
                "web_child" => Proto::WebChild,
                _ => return Err(USAGE.into()),
            };
            if let Some(f) = faults.iter().find(|f| !FAULTS.contains(&f.as_str())) {
                return Err(format!("no fault named {f:?}\n{USAGE}").into());
            }
            (proto, parse_port(port)?, faults)
        }
        _ => return Err(USAGE.into()),
    };
    let fault = |name: &str| faults.iter().any(|f| f == name);

    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    if !fault("no-reuseaddr") {
        setsockopt(&listenfd, SOL_SOCKET, SO_REUSEADDR, &1)?;
    }
    let mut servaddr = sockaddr_in::new(INADDR_ANY, port);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;
    // The Rust runtime ignores SIGPIPE; C's default kills the process.
    if fault("sigpipe") {
        signal(SIGPIPE, SIG_DFL, 0)?;
    }
    if !fault("no-reap") {
        signal(SIGCHLD, SigHandler::Handler(sig_chld), SA_RESTART)?;
    }
    if fault("prefork") {
        for _ in 0..5 {
            if let ForkResult::Child = fork()? {
                loop {
                    let connfd = match accept_null(&listenfd) {
                        Ok(fd) => fd,
                        Err(e) if e.errno() == Some(Errno::EINTR) => continue,
                        Err(e) => return Err(e.into()),
                    };
                    serve(&connfd, proto, fault("one-read"));
                    close(connfd)?;
                }
            }
        }
        loop {
            sleep(3600); // the parent only waits (the book: pause)
        }
    }
    // leak-connfd: the parent keeps every connected socket here.
    let mut kept: Vec<Fd> = Vec::new();
    loop {
        let connfd = match accept_null(&listenfd) {
            Ok(fd) => fd,
            Err(e) if e.errno() == Some(Errno::EINTR) => continue,
            Err(e) => return Err(e.into()),
        };
        if fault("exit-after-first") {
            serve(&connfd, proto, fault("one-read"));
            close(connfd)?;
            exit(0);
        }
        if fault("iterative") {
            serve(&connfd, proto, fault("one-read"));
            close(connfd)?;
            continue;
        }
        match fork()? {
            ForkResult::Child => {
                if !fault("keep-listenfd") {
                    close(listenfd)?;
                }
                serve(&connfd, proto, fault("one-read"));
                exit(0);
            }
            ForkResult::Parent { .. } => {
                if fault("leak-connfd") {
                    kept.push(connfd);
                } else {
                    close(connfd)?;
                }
            }
        }
    }
}

/// Reaps every ended child.
extern "C" fn sig_chld(_signo: c_int) {
    while let Ok((pid, _)) = waitpid(-1, WNOHANG) {
        if pid <= 0 {
            break;
        }
    }
}

/// Serves one client until it closes or an error ends the exchange.
fn serve(connfd: &Fd, proto: Proto, one_read: bool) {
    if proto == Proto::WebChild && !one_read {
        // socklab's web_child (UNP Figure 30.7); an error ends this client
        let _ = web_child(connfd);
        return;
    }
    let mut buf = [0u8; MAXLINE];
    let mut have = 0;
    loop {
        let n = match read(connfd, &mut buf[have..]) {
            Ok(0) => return,
            Ok(n) => n,
            Err(e) if e.errno() == Some(Errno::EINTR) => continue,
            Err(_) => return,
        };
        if proto == Proto::Echo {
            if writen(connfd, &buf[..n]).is_err() {
                return;
            }
            continue;
        }
        if one_read {
            // the fault: this read is the whole line
            if answer(connfd, proto, &buf[..n]).is_err() {
                return;
            }
            continue;
        }
        have += n;
        while let Some(nl) = buf[..have].iter().position(|&b| b == b'\n') {
            if answer(connfd, proto, &buf[..nl]).is_err() {
                return;
            }
            buf.copy_within(nl + 1..have, 0);
            have -= nl + 1;
        }
        if have == buf.len() {
            return;
        }
    }
}

/// Answers one line: the sum of two numbers, or N bytes (web_child, when
/// it takes one read for one line).
fn answer(connfd: &Fd, proto: Proto, line: &[u8]) -> Result<()> {
    let text = String::from_utf8_lossy(line);
    let nums: Vec<i64> = text
        .split_whitespace()
        .map_while(|w| w.parse().ok())
        .collect();
    if proto == Proto::WebChild {
        let n = nums.first().copied().unwrap_or(0);
        if !(1..=16384).contains(&n) {
            return writen(connfd, b"");
        }
        return writen(connfd, &vec![b'x'; n as usize]);
    }
    match nums.as_slice() {
        [a, b, ..] => writen(connfd, format!("{}\n", a + b).as_bytes()),
        _ => writen(connfd, b"input error\n"),
    }
}
