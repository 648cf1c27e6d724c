//! `ch30_serv08 [host] port #threads` — UNP vol. 1, chapter 30, §30.12:
//! prethreaded, but only the main thread accepts. It puts each connection
//! in an array of 32 slots (`clifd`, filled at `iput`, emptied at `iget`)
//! under a mutex and signals a condition variable; a waiting thread wakes,
//! takes the descriptor and serves it with [`web_child`].
//!
//! ```text
//! terminal 1 $ cargo run --example ch30_serv08 9877 3
//! listening on 0.0.0.0:9877
//! thread 0 starting
//! thread 1 starting
//! thread 2 starting
//!
//! terminal 2 $ cargo run --example ch30_client 127.0.0.1 9877 5 100 4000
//! 5 children, 0 failed, 0.012 s
//!
//! terminal 1: ^C
//! user time = 0.0018, sys time = 0.004
//! thread 0, 174 connections
//! thread 1, 158 connections
//! thread 2, 168 connections
//! ```
//!
//! The C twin is `docs/c/ch30_serv08.c`. Under strace (`strace -f -e
//! trace=accept,futex target/debug/examples/ch30_serv08 9877 3`): the main
//! thread's accepts, and a `futex` wake per connection for a thread that
//! waits on the condition.
//!
//! In Rust the array holds owned descriptors (`Option<Fd>`), and it lives
//! *inside* the mutex: it can be reached only with the lock held. The
//! lesson: one accepting thread hands work over — more synchronisation
//! per connection than serv07's mutex around accept, as the book found.
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering::Relaxed};

use socklab::pthread::{pthread_mutex_lock, pthread_mutex_unlock};
use socklab::*;

const USAGE: &str = "usage: ch30_serv08 [ <host> ] <port#> <#threads>";
/// The most threads this program makes.
const MAXTHREADS: usize = 1024;
/// Slots for connections accepted and not yet taken by a thread.
const MAXNCLI: usize = 32;

/// The connections waiting for a thread: the book's `clifd`, `iget`, `iput`.
struct Clifd {
    clifd: [Option<Fd>; MAXNCLI],
    iget: usize,
    iput: usize,
}

/// Connections each thread handled (the book's `tptr[i].thread_count`).
static THREAD_COUNT: [AtomicI64; MAXTHREADS] = [const { AtomicI64::new(0) }; MAXTHREADS];
static NTHREADS: AtomicUsize = AtomicUsize::new(0);
static CLIFD_MUTEX: pthread_mutex_t<Clifd> = pthread_mutex_t::new(Clifd {
    clifd: [const { None }; MAXNCLI],
    iget: 0,
    iput: 0,
});
static CLIFD_COND: pthread_cond_t = pthread_cond_t::new();

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
        _ => return Err(format!("ch30_serv08: #threads must be 1 to {MAXTHREADS}").into()),
    };
    let (listenfd, addrlen) = tcp_listen(host, port)?;
    printf!("listening on {}\n", sock_ntop(&getsockname(&listenfd)?))?;
    NTHREADS.store(nthreads, Relaxed);

    // create all the threads (their handles dropped: detached)
    for i in 0..nthreads {
        pthread_create(move || thread_main(i))?;
    }

    signal(SIGINT, SigHandler::Handler(sig_int), SA_RESTART)?;

    loop {
        let (connfd, _cliaddr) = accept_len(&listenfd, addrlen)?;
        let mut ring = pthread_mutex_lock(&CLIFD_MUTEX)?;
        let iput = ring.iput;
        ring.clifd[iput] = Some(connfd);
        ring.iput = (iput + 1) % MAXNCLI;
        if ring.iput == ring.iget {
            return Err(format!("iput = iget = {}", ring.iput).into());
        }
        pthread_cond_signal(&CLIFD_COND);
        pthread_mutex_unlock(ring);
    }
}

fn thread_main(i: usize) {
    // Informational: a thread that cannot print it still serves.
    let _ = printf!("thread {i} starting\n");
    loop {
        let connfd = match take_one() {
            Ok(Some(connfd)) => connfd,
            Ok(None) => continue, // an empty slot: cannot happen
            Err(e) => fail(&e),
        };
        THREAD_COUNT[i].fetch_add(1, Relaxed);
        if let Err(e) = web_child(&connfd).and_then(|()| close(connfd)) {
            fail(&e);
        }
    }
}

/// Waits until a connection is in the array, and takes it.
fn take_one() -> Result<Option<Fd>> {
    let mut ring = pthread_mutex_lock(&CLIFD_MUTEX)?;
    while ring.iget == ring.iput {
        ring = pthread_cond_wait(&CLIFD_COND, ring)?;
    }
    let iget = ring.iget;
    let connfd = ring.clifd[iget].take(); // connected socket to service
    ring.iget = (iget + 1) % MAXNCLI;
    pthread_mutex_unlock(ring);
    Ok(connfd)
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
