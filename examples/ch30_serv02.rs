//! `ch30_serv02 [-m] [host] port #children` — UNP vol. 1, chapter 30,
//! §30.6: the preforked server. It makes `#children` children at start;
//! each blocks in `accept` on the same listening socket, with no lock,
//! and serves its clients with [`web_child`]. The parent only waits in
//! `pause`. On SIGINT it sends SIGTERM to every child, waits for them all,
//! and prints the CPU time ([`pr_cpu_time`]). `-m` turns on the book's
//! meter (`serv02m`): a counter per child in memory they all share
//! ([`mmap`] with `MAP_SHARED`), printed at the end — how evenly the
//! kernel spread the connections.
//!
//! ```text
//! terminal 1 $ cargo run --example ch30_serv02 -- -m 9877 3
//! listening on 0.0.0.0:9877
//! child 5120 starting
//! child 5121 starting
//! child 5122 starting
//!
//! terminal 2 $ cargo run --example ch30_client 127.0.0.1 9877 3 50 4000
//! 3 children, 0 failed, 0.031 s
//!
//! terminal 1: ^C
//! user time = 0.0037, sys time = 0.012
//! child 0, 51 connections
//! child 1, 53 connections
//! child 2, 46 connections
//! ```
//!
//! The C twin is `docs/c/ch30_serv02.c`. Under strace (`strace -f -e
//! trace=mmap,clone,accept,kill,wait4,pause target/debug/examples/ch30_serv02 -- -m 9877 3`):
//!
//! ```text
//! mmap(NULL, 24, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) = 0x7f3d89d80000
//! clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, ...) = 5120
//! ...
//! pause( <unfinished ...>
//! [pid 5120] accept(3,  <unfinished ...>
//! [pid 5121] accept(3,  <unfinished ...>
//! ...
//! kill(5120, SIGTERM)                     = 0
//! wait4(-1, NULL, 0, NULL)                = 5120
//! ```
//!
//! The lesson: the process-control cost is paid once, at start. Linux
//! wakes one child per connection (no "thundering herd" in accept).
use std::sync::OnceLock;
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering::Relaxed};

use socklab::*;

const USAGE: &str = "usage: ch30_serv02 [-m] [ <host> ] <port#> <#children>";
/// The most children this program makes (the book's calloc has no limit).
const MAXCHILDREN: usize = 1024;

/// The children's pids, for the SIGINT handler (the book's `pids`).
static PIDS: [AtomicI32; MAXCHILDREN] = [const { AtomicI32::new(0) }; MAXCHILDREN];
static NCHILDREN: AtomicUsize = AtomicUsize::new(0);
/// The meter (-m): a counter per child in shared memory (the book's `cptr`).
static METER: OnceLock<Mapping> = OnceLock::new();

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut args = args()?;
    let metered = args.get(1).is_some_and(|a| a == "-m");
    if metered {
        args.remove(1);
    }
    let (host, port, nchildren) = match args.as_slice() {
        [_, port, n] => (None, port.as_str(), n),
        [_, host, port, n] => (Some(host.as_str()), port.as_str(), n),
        _ => return Err(USAGE.into()),
    };
    let nchildren = match nchildren.parse::<usize>() {
        Ok(n) if (1..=MAXCHILDREN).contains(&n) => n,
        _ => return Err(format!("ch30_serv02: #children must be 1 to {MAXCHILDREN}").into()),
    };
    let (listenfd, addrlen) = tcp_listen(host, port)?;
    printf!("listening on {}\n", sock_ntop(&getsockname(&listenfd)?))?;
    NCHILDREN.store(nchildren, Relaxed);
    if metered {
        let len = nchildren * size_of::<c_long>();
        let _ = METER.set(mmap(
            len,
            PROT_READ | PROT_WRITE,
            MAP_ANON | MAP_SHARED,
            None,
            0,
        )?);
    }
    for (i, pid) in PIDS.iter().enumerate().take(nchildren) {
        pid.store(child_make(i, &listenfd, addrlen)?, Relaxed); // parent returns
    }

    signal(SIGINT, SigHandler::Handler(sig_int), SA_RESTART)?;

    loop {
        let _ = pause(); // everything done by children
    }
}

/// Forks child `i`: the parent gets its pid back; the child never returns.
fn child_make(i: usize, listenfd: &Fd, addrlen: socklen_t) -> Result<pid_t> {
    match fork()? {
        ForkResult::Parent { child } => Ok(child),
        ForkResult::Child => {
            if let Err(e) = child_main(i, listenfd, addrlen) {
                perror(&*e);
            }
            exit(1) // child_main returns only on an error
        }
    }
}

fn child_main(
    i: usize,
    listenfd: &Fd,
    addrlen: socklen_t,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    // Informational: a child that cannot print it still serves (with
    // standard output closed, N children would print N copies of EPIPE).
    let _ = printf!("child {} starting\n", getpid());
    loop {
        let (connfd, _cliaddr) = accept_len(listenfd, addrlen)?;
        if let Some(meter) = METER.get() {
            meter.counters()?[i].fetch_add(1, Relaxed); // the book's cptr[i]++
        }
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
    if pr_cpu_time().is_err() {
        exit(1);
    }
    if let Some(Ok(counters)) = METER.get().map(Mapping::counters) {
        for (i, cptr) in counters.iter().enumerate().take(nchildren) {
            let _ = printf!("child {i}, {} connections\n", cptr.load(Relaxed));
        }
    }
    exit(0);
}
