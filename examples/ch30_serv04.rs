//! `ch30_serv04 [host] port #children` — UNP vol. 1, chapter 30, §30.8:
//! the preforked server with a pthread mutex around `accept`, shared by
//! the children: the book's `lock_pthread.c` maps `/dev/zero` with
//! `MAP_SHARED` ([`mmap`]), and initialises a mutex there as
//! `PTHREAD_PROCESS_SHARED` ([`SharedMutex::init`]) before the forks.
//!
//! ```text
//! terminal 1 $ cargo run --example ch30_serv04 9877 3
//! listening on 0.0.0.0:9877
//! child 5120 starting
//! ...
//! terminal 2 $ cargo run --example ch30_client 127.0.0.1 9877 3 50 4000
//! 3 children, 0 failed, 0.029 s
//! terminal 1: ^C
//! user time = 0.0033, sys time = 0.011
//! ```
//!
//! The C twin is `docs/c/ch30_serv04.c`. Under strace (`strace -f -e
//! trace=openat,mmap,close,futex,accept target/debug/examples/ch30_serv04 9877 3`):
//!
//! ```text
//! openat(AT_FDCWD, "/dev/zero", O_RDWR)   = 4
//! mmap(NULL, 40, PROT_READ|PROT_WRITE, MAP_SHARED, 4, 0) = 0x7f3d89d80000
//! close(4)                                = 0
//! [pid 5120] accept(3, ...
//! [pid 5121] futex(0x7f3d89d80000, FUTEX_LOCK_PI, ...   (or FUTEX_WAIT: only when contended)
//! ```
//!
//! The lesson: an uncontended mutex makes no system call at all; only a
//! child that finds it held sleeps in `futex`. The cheapest lock of the
//! chapter.
use std::os::fd::AsFd;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering::Relaxed};

use socklab::*;

const USAGE: &str = "usage: ch30_serv04 [ <host> ] <port#> <#children>";
/// The most children this program makes (the book's calloc has no limit).
const MAXCHILDREN: usize = 1024;

/// The children's pids, for the SIGINT handler (the book's `pids`).
static PIDS: [AtomicI32; MAXCHILDREN] = [const { AtomicI32::new(0) }; MAXCHILDREN];
static NCHILDREN: AtomicUsize = AtomicUsize::new(0);

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (host, port, nchildren) = match args.as_slice() {
        [_, port, n] => (None, port.as_str(), n),
        [_, host, port, n] => (Some(host.as_str()), port.as_str(), n),
        _ => return Err(USAGE.into()),
    };
    let nchildren = match nchildren.parse::<usize>() {
        Ok(n) if (1..=MAXCHILDREN).contains(&n) => n,
        _ => return Err(format!("ch30_serv04: #children must be 1 to {MAXCHILDREN}").into()),
    };
    let (listenfd, addrlen) = tcp_listen(host, port)?;
    printf!("listening on {}\n", sock_ntop(&getsockname(&listenfd)?))?;
    NCHILDREN.store(nchildren, Relaxed);
    my_lock_init()?; // one lock for all children
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
    _i: usize,
    listenfd: &Fd,
    addrlen: socklen_t,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    // Informational: a child that cannot print it still serves (with
    // standard output closed, N children would print N copies of EPIPE).
    let _ = printf!("child {} starting\n", getpid());
    loop {
        my_lock_wait()?;
        let (connfd, _cliaddr) = accept_len(listenfd, addrlen)?;
        my_lock_release()?;
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

    exit(0);
}

/// The mutex, in memory all the children share (the book's `mptr`).
static MPTR: OnceLock<SharedMutex> = OnceLock::new();

/// The book's `lock_pthread.c`, `my_lock_init`: map `/dev/zero` shared,
/// and make a process-shared mutex there, before the forks.
fn my_lock_init() -> Result<()> {
    let fd = open("/dev/zero", O_RDWR, 0)?;
    let map = mmap(
        SharedMutex::SIZE,
        PROT_READ | PROT_WRITE,
        MAP_SHARED,
        Some(fd.as_fd()),
        0,
    )?;
    close(fd)?; // the mapping stays
    let _ = MPTR.set(SharedMutex::init(map)?);
    Ok(())
}

fn my_lock_wait() -> Result<()> {
    match MPTR.get() {
        Some(mptr) => pthread_mutex_lock(mptr),
        None => Err(Error::invalid(
            "my_lock_wait",
            "my_lock_init was not called",
        )),
    }
}

fn my_lock_release() -> Result<()> {
    match MPTR.get() {
        Some(mptr) => pthread_mutex_unlock(mptr),
        None => Err(Error::invalid(
            "my_lock_release",
            "my_lock_init was not called",
        )),
    }
}
