//! `ch13_inetd [-f conffile] [service-line…]` — UNP vol. 1, chapter 13,
//! §13.5 (Figure 13.7): a small **inetd**, the superserver that listens
//! on many ports for servers that are not running, and starts one when a
//! client comes. socklab's own program, so the chapter runs on a machine
//! without inetd; it follows the figure's steps.
//!
//! Each service is one line in inetd.conf's form, without the user field
//! (this inetd starts every server as itself):
//!
//! ```text
//! # service  socket  proto  wait/nowait  program                 argv…
//! 1313       stream  tcp    nowait       /path/ch13_daytimetcpsrv3  ch13_daytimetcpsrv3
//! 7777       dgram   udp    wait         /path/udp_server           udp_server
//! ```
//!
//! given as arguments or in a file (`-f conffile`; `#` starts a comment).
//! The service is a port number (0: any free port) or a name from
//! `/etc/services`.
//!
//! ```text
//! terminal 1 $ cargo build --examples
//! terminal 1 $ cargo run --example ch13_inetd -- "1313 stream tcp nowait $PWD/target/debug/examples/ch13_daytimetcpsrv3 ch13_daytimetcpsrv3"
//! listening on 0.0.0.0:1313
//! terminal 2 $ cargo run --example ch11_daytimetcpcli 127.0.0.1 1313
//! connected to 127.0.0.1
//! Sun Dec  6 03:20:00 2026
//! ```
//!
//! What it does (Figure 13.7):
//! 1. for each service: socket, bind (and for a stream service
//!    `SO_REUSEADDR` and listen); its descriptor goes into the select set;
//! 2. select; for a readable socket:
//!    - `nowait` (stream): accept, fork; the child closes every listening
//!      socket, dup2s the connection onto 0, 1 and 2, closes it and execs
//!      the server; the parent closes the connection and goes on;
//!    - `wait` (dgram): fork without reading; the child dup2s the socket
//!      itself onto 0, 1, 2 and execs the server, which reads the
//!      datagram; the parent takes the socket out of the select set until
//!      that child ends (or it would start a server per select);
//! 3. SIGCHLD: the handler reaps every ended child (waitpid with WNOHANG,
//!    no zombies) and notes its pid; a `wait` service whose child ended is
//!    put back into the select set.
//!
//! Under strace (`strace -f -e trace=socket,bind,listen,pselect6,accept,clone,dup2,close,execve,wait4 …`):
//!
//! ```text
//! accept(3, NULL, NULL)                   = 4
//! clone(…)                                = 4243
//! close(4)                                = 0
//! [pid 4243] close(3)                     = 0
//! [pid 4243] dup2(4, 0) = 0, dup2(4, 1) = 1, dup2(4, 2) = 2
//! [pid 4243] close(4)                     = 0
//! [pid 4243] execve("/path/ch13_daytimetcpsrv3", ["ch13_daytimetcpsrv3"], 0x… /* 20 vars */) = 0
//! --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=4243, …} ---
//! wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], WNOHANG, NULL) = 4243
//! ```
//!
//! The lesson: one process holds every listening socket; the servers
//! exist only while a client does. C twin: `docs/c/ch13_inetd.c`.
use std::sync::atomic::{AtomicI32, Ordering::Relaxed};

use socklab::*;

const USAGE: &str = "usage: ch13_inetd [-f conffile] [\"service stream|dgram tcp|udp wait|nowait program argv0 [args…]\"…]";

/// One service: its socket, and how to start its server.
struct Service {
    fd: Fd,
    wait: bool,
    path: String,
    argv: Vec<String>,
    /// The running server of a `wait` service (0: none).
    child: pid_t,
}

/// The pids the SIGCHLD handler reaped, for the main loop to look at
/// (0: a free slot). A pid that finds no free slot is only reaped.
static REAPED: [AtomicI32; 64] = [const { AtomicI32::new(0) }; 64];

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    restore_sigpipe()?; // the servers it starts inherit SIGPIPE's action: C's default
    let args = args()?;
    let mut lines = Vec::new();
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        if arg == "-f" {
            let Some(file) = rest.next() else {
                return Err(USAGE.into());
            };
            lines.extend(read_conf(file)?.lines().map(str::to_string));
        } else {
            lines.push(arg.clone());
        }
    }
    let specs: Vec<Vec<String>> = lines
        .iter()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect();
    if specs.is_empty() {
        return Err(USAGE.into());
    }

    let mut services = Vec::new();
    for spec in &specs {
        services.push(open_service(spec)?);
    }

    signal(SIGCHLD, SigHandler::Handler(sig_chld), SA_RESTART)?;
    let mut allset = fd_set::default();
    FD_ZERO(&mut allset);
    let mut maxfd = 0;
    for s in &services {
        FD_SET(&s.fd, &mut allset);
        maxfd = maxfd.max(s.fd.as_raw());
    }

    loop {
        let mut rset = allset; // select overwrites its argument: a copy each time
        match select(maxfd + 1, Some(&mut rset), None, None, None) {
            Ok(_) => {}
            // select is never restarted: a SIGCHLD ends it with EINTR
            Err(e) if e.errno() == Some(Errno::EINTR) => FD_ZERO(&mut rset),
            Err(e) => return Err(e.into()),
        }
        for i in 0..services.len() {
            if !FD_ISSET(&services[i].fd, &rset) {
                continue;
            }
            if services[i].wait {
                // the server reads from the socket itself: fork at once
                if let ForkResult::Parent { child } = fork()? {
                    services[i].child = child;
                    FD_CLR(&services[i].fd, &mut allset); // until that child ends
                } else {
                    return Err(start_server(services, i, None));
                }
            } else {
                let connfd = match accept_null(&services[i].fd) {
                    Ok(fd) => fd,
                    Err(e) if e.errno() == Some(Errno::EINTR) => continue,
                    Err(e) => return Err(e.into()),
                };
                if let ForkResult::Parent { .. } = fork()? {
                    close(connfd)?; // the child has it now
                } else {
                    return Err(start_server(services, i, Some(connfd)));
                }
            }
        }
        // wait services whose server has ended take clients again
        for slot in &REAPED {
            let pid = slot.swap(0, Relaxed);
            if pid == 0 {
                continue;
            }
            for s in services.iter_mut().filter(|s| s.wait && s.child == pid) {
                s.child = 0;
                FD_SET(&s.fd, &mut allset);
            }
        }
    }
}

/// socket, (SO_REUSEADDR, ) bind, (listen): one service's socket, and
/// its ready line.
// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn open_service(spec: &[String]) -> std::result::Result<Service, Box<dyn std::error::Error>> {
    let line = spec.join(" ");
    let bad = |why: &str| -> Box<dyn std::error::Error> {
        format!("inetd.conf: \"{line}\": {why}").into()
    };
    let [service, socktype, proto, wait, path, argv @ ..] = spec else {
        return Err(bad(
            "want: service socktype proto wait|nowait program argv0 [args…]",
        ));
    };
    if argv.is_empty() {
        return Err(bad("no argv0 after the program"));
    }
    let stream = match (socktype.as_str(), proto.as_str()) {
        ("stream", "tcp") => true,
        ("dgram", "udp") => false,
        _ => {
            return Err(bad(
                "the socket and protocol are \"stream tcp\" or \"dgram udp\"",
            ));
        }
    };
    let wait = match wait.as_str() {
        "wait" => true,
        "nowait" => false,
        _ => return Err(bad("wait or nowait")),
    };
    if !stream && !wait {
        return Err(bad(
            "a dgram service is \"wait\": its server reads the datagram",
        ));
    }
    let port = if service.bytes().all(|b| b.is_ascii_digit()) {
        parse_port(service)?
    } else {
        ntohs(getservbyname(service, Some(proto))?.s_port as u16)
    };

    let fd = socket(AF_INET, if stream { SOCK_STREAM } else { SOCK_DGRAM }, 0)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if stream {
        setsockopt(&fd, SOL_SOCKET, SO_REUSEADDR, &1)?;
    }
    bind(&fd, &servaddr)?;
    if stream {
        listen(&fd, LISTENQ)?;
    }
    getsockname_into(&fd, &mut servaddr)?;
    if stream {
        printf!("listening on {}\n", sock_ntop(&servaddr))?;
    } else {
        printf!("bound to {}\n", sock_ntop(&servaddr))?;
    }
    Ok(Service {
        fd,
        wait,
        path: path.clone(),
        argv: argv.to_vec(),
        child: 0,
    })
}

/// In the child: every other socket closed, `sock` (the connection, or
/// the `wait` service's own socket) on 0, 1 and 2, then exec the server.
/// Returns only if something failed, with what failed.
fn start_server(
    services: Vec<Service>,
    i: usize,
    connfd: Option<Fd>,
) -> Box<dyn std::error::Error> {
    match hand_over(services, i, connfd) {
        Err(e) => e,
        Ok(never) => match never {},
    }
}

fn hand_over(
    services: Vec<Service>,
    i: usize,
    connfd: Option<Fd>,
) -> std::result::Result<std::convert::Infallible, Box<dyn std::error::Error>> {
    let path = services[i].path.clone();
    let argv = services[i].argv.clone();
    let mut handed = None;
    for (k, s) in services.into_iter().enumerate() {
        if k == i && connfd.is_none() {
            handed = Some(s.fd); // a wait service: its own socket
        } else {
            close(s.fd)?;
        }
    }
    let Some(sock) = connfd.or(handed) else {
        return Err("no socket to hand over".into());
    };
    for target in [0, 1, 2] {
        dup2(&sock, target)?;
    }
    if sock.as_raw() > 2 {
        close(sock)?;
    } else {
        let _ = sock.into_raw_fd(); // it is 0, 1 or 2 now: the server's
    }
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    Ok(execv(&path, &argv)?)
}

/// The configuration file's text: open, read to the end, close.
fn read_conf(file: &str) -> Result<String> {
    let fd = open(file, O_RDONLY, 0)?;
    let mut text = Vec::new();
    let mut buf = [0u8; MAXLINE];
    loop {
        match read(&fd, &mut buf)? {
            0 => break,
            n => text.extend_from_slice(&buf[..n]),
        }
    }
    close(fd)?;
    String::from_utf8(text).map_err(|_| Error::invalid("read", format!("{file}: not text")))
}

/// Reaps every child that has ended (no zombies), noting each pid for the
/// main loop. Async-signal-safe: waitpid and atomic stores only.
extern "C" fn sig_chld(_signo: c_int) {
    while let Ok((pid, _stat)) = waitpid(-1, WNOHANG) {
        if pid <= 0 {
            break;
        }
        for slot in &REAPED {
            if slot.compare_exchange(0, pid, Relaxed, Relaxed).is_ok() {
                break;
            }
        }
    }
}
