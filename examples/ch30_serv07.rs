//! `ch30_serv07 [host] port #threads` — UNP vol. 1, chapter 30, §30.11:
//! prethreaded. The threads are made at start; each calls `accept` on the
//! shared listening socket, one at a time under a mutex, and serves its
//! client with [`web_child`]. The main thread only waits in `pause`.
//! SIGINT prints the CPU time and how many connections each thread took.
//!
//! ```text
//! terminal 1 $ cargo run --example ch30_serv07 9877 3
//! listening on 0.0.0.0:9877
//! thread 0 starting
//! thread 1 starting
//! thread 2 starting
//!
//! terminal 2 $ cargo run --example ch30_client 127.0.0.1 9877 5 100 4000
//! 5 children, 0 failed, 0.011 s
//!
//! terminal 1: ^C
//! user time = 0.00083, sys time = 0.0053
//! thread 0, 157 connections
//! thread 1, 176 connections
//! thread 2, 167 connections
//! ```
//!
//! The C twin is `docs/c/ch30_serv07.c`. Under strace (`strace -f -e
//! trace=accept,futex target/debug/examples/ch30_serv07 9877 3`): one
//! thread waits in `accept`, holding the mutex; the others wait for the
//! mutex in `futex`.
//!
//! The lesson: the cheapest design of the book's — nothing is made per
//! client, and only one thread at a time is woken for a connection.
use std::sync::OnceLock;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering::Relaxed};

use socklab::pthread::{pthread_mutex_lock, pthread_mutex_unlock};
use socklab::*;

const USAGE: &str = "usage: ch30_serv07 [ <host> ] <port#> <#threads>";
/// The most threads this program makes.
const MAXTHREADS: usize = 1024;

/// Connections each thread handled (the book's `tptr[i].thread_count`).
static THREAD_COUNT: [AtomicI64; MAXTHREADS] = [const { AtomicI64::new(0) }; MAXTHREADS];
static NTHREADS: AtomicUsize = AtomicUsize::new(0);
/// The listening socket and its address size, shared by the threads.
static LISTEN: OnceLock<(Fd, socklen_t)> = OnceLock::new();
/// The mutex around accept (the book's `mlock`).
static MLOCK: pthread_mutex_t<()> = pthread_mutex_t::new(());

fn main() {
    if let Err(e) = run() {
        perror(&*e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (host, port, nthreads) = match args.as_slice() {
        [_, port, n] => (None, port.as_str(), n),
        [_, host, port, n] => (Some(host.as_str()), port.as_str(), n),
        _ => return Err(USAGE.into()),
    };
    let nthreads = match nthreads.parse::<usize>() {
        Ok(n) if (1..=MAXTHREADS).contains(&n) => n,
        _ => return Err(format!("ch30_serv07: #threads must be 1 to {MAXTHREADS}").into()),
    };
    let (listenfd, addrlen) = tcp_listen(host, port)?;
    printf!("listening on {}\n", sock_ntop(&getsockname(&listenfd)?))?;
    let _ = LISTEN.set((listenfd, addrlen));
    NTHREADS.store(nthreads, Relaxed);

    for i in 0..nthreads {
        // only the main thread returns; the handle is dropped: detached
        pthread_create(move || thread_main(i))?;
    }

    signal(SIGINT, SigHandler::Handler(sig_int), SA_RESTART)?;

    loop {
        let _ = pause(); // everything done by threads
    }
}

fn thread_main(i: usize) {
    // Informational: a thread that cannot print it still serves.
    let _ = printf!("thread {i} starting\n");
    let Some((listenfd, addrlen)) = LISTEN.get() else {
        return;
    };
    loop {
        let guard = match pthread_mutex_lock(&MLOCK) {
            Ok(guard) => guard,
            Err(e) => fail(&e),
        };
        let accepted = accept_len(listenfd, *addrlen);
        pthread_mutex_unlock(guard);
        let connfd = match accepted {
            Ok((connfd, _cliaddr)) => connfd,
            Err(e) => fail(&e),
        };
        THREAD_COUNT[i].fetch_add(1, Relaxed);
        if let Err(e) = web_child(&connfd).and_then(|()| close(connfd)) {
            fail(&e);
        }
    }
}

/// An error ends the whole server, as the book's err_sys/err_quit do.
fn fail(e: &Error) -> ! {
    perror(e);
    exit(1)
}

/// SIGINT: print the CPU time and each thread's connections, and stop.
extern "C" fn sig_int(_signo: c_int) {
    if pr_cpu_time().is_err() {
        exit(1);
    }
    let nthreads = NTHREADS.load(Relaxed);
    for (i, count) in THREAD_COUNT[..nthreads].iter().enumerate() {
        let _ = printf!("thread {i}, {} connections\n", count.load(Relaxed));
    }
    exit(0);
}
