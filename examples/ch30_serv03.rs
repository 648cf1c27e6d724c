//! `ch30_serv03 [host] port #children` — UNP vol. 1, chapter 30, §30.7:
//! the preforked server with a file lock around `accept`, so that one
//! child at a time waits in it (needed on systems where accept in several
//! processes at once is not safe, and to avoid the thundering herd where
//! it exists). The lock is the book's `lock_fcntl.c`: a temporary file
//! from [`mkstemp`], unlinked at once, locked and unlocked with
//! [`fcntl_lock`] `F_SETLKW`.
//!
//! ```text
//! terminal 1 $ cargo run --example ch30_serv03 9877 3
//! listening on 0.0.0.0:9877
//! child 5120 starting
//! ...
//! terminal 2 $ cargo run --example ch30_client 127.0.0.1 9877 3 50 4000
//! 3 children, 0 failed, 0.044 s
//! terminal 1: ^C
//! user time = 0.0041, sys time = 0.019
//! ```
//!
//! The C twin is `docs/c/ch30_serv03.c`. Under strace (`strace -f -e
//! trace=openat,unlink,fcntl,accept target/debug/examples/ch30_serv03 9877 3`):
//!
//! ```text
//! openat(AT_FDCWD, "/tmp/lock.KlRCFq", O_RDWR|O_CREAT|O_EXCL, 0600) = 4
//! unlink("/tmp/lock.KlRCFq")              = 0
//! [pid 5120] fcntl(4, F_SETLKW, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0, l_len=0}) = 0
//! [pid 5120] accept(3, ...
//! [pid 5121] fcntl(4, F_SETLKW, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0, l_len=0} <unfinished ...>
//! [pid 5120] fcntl(4, F_SETLKW, {l_type=F_UNLCK, l_whence=SEEK_SET, l_start=0, l_len=0}) = 0
//! ```
//!
//! The lesson: a lock costs two system calls per connection, and record
//! locks belong to processes — so children of one parent can use one.
use std::sync::OnceLock;
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering::Relaxed};

use socklab::*;

const USAGE: &str = "usage: ch30_serv03 [ <host> ] <port#> <#children>";
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
        _ => return Err(format!("ch30_serv03: #children must be 1 to {MAXCHILDREN}").into()),
    };
    let (listenfd, addrlen) = tcp_listen(host, port)?;
    printf!("listening on {}\n", sock_ntop(&getsockname(&listenfd)?))?;
    NCHILDREN.store(nchildren, Relaxed);
    my_lock_init("/tmp/lock.XXXXXX")?; // one lock file for all children
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

/// The lock file's descriptor (the book's `lock_fd`), set before the forks.
static LOCK_FD: OnceLock<Fd> = OnceLock::new();

/// The book's `lock_fcntl.c`, `my_lock_init`: one temporary file for all
/// children, unlinked at once (the descriptor keeps it alive, and nothing
/// is left behind).
fn my_lock_init(pathname: &str) -> Result<()> {
    let (fd, lock_file) = mkstemp(pathname)?;
    unlink(&lock_file)?; // but the descriptor remains open
    let _ = LOCK_FD.set(fd);
    Ok(())
}

/// A whole-file write lock, or its release (`F_UNLCK`).
fn whole_file(l_type: c_short) -> flock {
    flock {
        l_type,
        l_whence: SEEK_SET,
        l_start: 0,
        l_len: 0,
        l_pid: 0,
    }
}

/// Waits for the lock (F_SETLKW), again if a signal interrupts the wait.
fn my_lock_wait() -> Result<()> {
    let Some(fd) = LOCK_FD.get() else {
        return Err(Error::invalid(
            "my_lock_wait",
            "my_lock_init was not called",
        ));
    };
    loop {
        match fcntl_lock(fd, F_SETLKW, &mut whole_file(F_WRLCK)) {
            Err(e) if e.errno() == Some(Errno::EINTR) => continue,
            done => return done,
        }
    }
}

fn my_lock_release() -> Result<()> {
    let Some(fd) = LOCK_FD.get() else {
        return Err(Error::invalid(
            "my_lock_release",
            "my_lock_init was not called",
        ));
    };
    fcntl_lock(fd, F_SETLKW, &mut whole_file(F_UNLCK))
}
