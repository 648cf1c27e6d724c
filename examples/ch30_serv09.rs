//! `ch30_serv09 [host] port #children` — UNP vol. 1, chapter 30, beyond
//! the book: a preforked server where every child has a listening socket
//! of its own, all bound to the same port with `SO_REUSEPORT` (Linux 3.9).
//! The kernel spreads new connections over the sockets of the group, so no
//! child waits behind another in `accept` and no lock is needed: the
//! design of many servers today (nginx's `reuseport`).
//!
//! The first socket, made before the forks, fixes the port (port 0: the
//! kernel's choice) and goes to child 0; every other child closes its copy
//! of it and makes its own, bound to the same address. Connections that
//! arrive before a child's socket exists simply go to the others.
//!
//! ```text
//! terminal 1 $ cargo run --example ch30_serv09 9877 3
//! listening on 0.0.0.0:9877
//! child 5120 starting
//! child 5121 starting
//! child 5122 starting
//!
//! terminal 2 $ cargo run --example ch30_client 127.0.0.1 9877 3 50 4000
//! 3 children, 0 failed, 0.031 s
//! ```
//!
//! The C twin is `docs/c/ch30_serv09.c`. Under strace (`strace -f -e
//! trace=socket,setsockopt,bind,listen,close target/debug/examples/ch30_serv09 9877 2`):
//!
//! ```text
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
//! setsockopt(3, SOL_SOCKET, SO_REUSEPORT, [1], 4) = 0
//! bind(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! listen(3, 1024)                         = 0
//! [pid 5121] close(3)                     = 0
//! [pid 5121] socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! [pid 5121] setsockopt(3, SOL_SOCKET, SO_REUSEPORT, [1], 4) = 0
//! [pid 5121] bind(3, {sa_family=AF_INET, sin_port=htons(9877), …}, 16) = 0
//! close(3)                                = 0
//! ```
//!
//! The lesson: with one socket per child the kernel balances the load and
//! each accept queue is private — at the price that a child which dies
//! takes its queued connections with it.
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering::Relaxed};

use socklab::*;

const USAGE: &str = "usage: ch30_serv09 [ <host> ] <port#> <#children>";
/// The most children this program makes.
const MAXCHILDREN: usize = 1024;

/// The children's pids, for the SIGINT handler.
static PIDS: [AtomicI32; MAXCHILDREN] = [const { AtomicI32::new(0) }; MAXCHILDREN];
static NCHILDREN: AtomicUsize = AtomicUsize::new(0);

fn main() {
    if let Err(e) = run() {
        perror(&*e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (host, serv, nchildren) = match args.as_slice() {
        [_, serv, n] => (None, serv.as_str(), n),
        [_, host, serv, n] => (Some(host.as_str()), serv.as_str(), n),
        _ => return Err(USAGE.into()),
    };
    let nchildren = match nchildren.parse::<usize>() {
        Ok(n) if (1..=MAXCHILDREN).contains(&n) => n,
        _ => return Err(format!("ch30_serv09: #children must be 1 to {MAXCHILDREN}").into()),
    };
    let hints = addrinfo {
        ai_flags: AI_PASSIVE,
        ai_family: AF_UNSPEC,
        ai_socktype: SOCK_STREAM,
        ..addrinfo::default()
    };
    let res = getaddrinfo(host, Some(serv), &hints)?;
    let Some(first) = res.iter().find_map(|ai| ai.ai_addr.clone()) else {
        return Err(format!("getaddrinfo: {serv}: no address").into());
    };
    drop(res); // freeaddrinfo
    // The first socket fixes the port (port 0: the kernel's choice).
    let listenfd = reuseport_listen(&first)?;
    let addr = getsockname(&listenfd)?;
    printf!("listening on {}\n", sock_ntop(&addr))?;
    // What getsockname said it used: sizeof(struct sockaddr_in) or _in6.
    let addrlen: socklen_t = if addr.family() == AF_INET6 { 28 } else { 16 };

    NCHILDREN.store(nchildren, Relaxed);
    for (i, pid) in PIDS.iter().enumerate().take(nchildren) {
        if let ForkResult::Parent { child } = fork()? {
            pid.store(child, Relaxed);
            continue;
        }
        // Child 0 keeps the first socket; every other child makes its own,
        // and the kernel spreads connections over them.
        let result = if i == 0 {
            child_main(&listenfd, addrlen)
        } else {
            close(listenfd)
                .and_then(|()| reuseport_listen(&addr))
                .map_err(Into::into)
                .and_then(|own| child_main(&own, addrlen))
        };
        if let Err(e) = result {
            perror(&*e);
        }
        exit(1); // child_main returns only on an error
    }
    // The parent keeps its copy, as the book's preforked parents keep
    // theirs: it is child 0's socket, and the parent never accepts on it.

    signal(SIGINT, SigHandler::Handler(sig_int), SA_RESTART)?;
    loop {
        let _ = pause(); // everything done by children
    }
}

/// A listening socket of its own, in the port's SO_REUSEPORT group.
fn reuseport_listen(addr: &SockAddr) -> Result<Fd> {
    let listenfd = socket(addr.family(), SOCK_STREAM, 0)?;
    setsockopt(&listenfd, SOL_SOCKET, SO_REUSEADDR, &1)?;
    setsockopt(&listenfd, SOL_SOCKET, SO_REUSEPORT, &1)?;
    bind(&listenfd, addr)?;
    listen(&listenfd, LISTENQ)?;
    Ok(listenfd)
}

fn child_main(
    listenfd: &Fd,
    addrlen: socklen_t,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    // Informational: a child that cannot print it still serves.
    let _ = printf!("child {} starting\n", getpid());
    loop {
        let (connfd, _cliaddr) = accept_len(listenfd, addrlen)?;
        web_child(&connfd)?; // process the request
        close(connfd)?;
    }
}

/// SIGINT: terminate all children, wait for them all, print the CPU time.
extern "C" fn sig_int(_signo: c_int) {
    let nchildren = NCHILDREN.load(Relaxed);
    for pid in &PIDS[..nchildren] {
        let _ = kill(pid.load(Relaxed), SIGTERM);
    }
    loop {
        match wait_null() {
            Ok(_) => continue, // wait for all children
            Err(e) if e.errno() == Some(Errno::ECHILD) => break,
            Err(e) => {
                perror(&e);
                exit(1);
            }
        }
    }
    let status = if pr_cpu_time().is_ok() { 0 } else { 1 };
    exit(status);
}
