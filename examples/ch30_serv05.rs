//! `ch30_serv05 [host] port #children` — UNP vol. 1, chapter 30, §30.9:
//! preforked, but the *parent* accepts every connection and passes the
//! descriptor to an idle child ([`write_fd`]: sendmsg with SCM_RIGHTS,
//! chapter 15). Each child has a stream pipe to the parent (a
//! `socketpair`, which the child makes its standard error with `dup2`); it
//! receives a connection there ([`read_fd`]), serves it with
//! [`web_child`], and writes one byte back to say it is idle again. The
//! parent `select`s on the listening socket and on every child's pipe,
//! and stops watching the listening socket while no child is idle.
//!
//! ```text
//! terminal 1 $ cargo run --example ch30_serv05 9877 3
//! listening on 0.0.0.0:9877
//! child 28840 starting
//! child 28841 starting
//! child 28842 starting
//!
//! terminal 2 $ cargo run --example ch30_client 127.0.0.1 9877 5 100 4000
//! 5 children, 0 failed, 0.015 s
//!
//! terminal 1: ^C
//! user time = 0.0073, sys time = 0.002
//! child 0, 173 connections
//! child 1, 175 connections
//! child 2, 152 connections
//! ```
//!
//! The C twin is `docs/c/ch30_serv05.c`. Under strace (`strace -f -e
//! trace=pselect6,accept,sendmsg,recvmsg,close,write,read target/debug/examples/ch30_serv05 9877 1`),
//! one connection:
//!
//! ```text
//! pselect6(6, [3 5], NULL, NULL, NULL, NULL) = 1 (in [3])
//! accept(3, {sa_family=AF_INET, sin_port=htons(51234), sin_addr=inet_addr("127.0.0.1")}, [16]) = 6
//! sendmsg(5, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="\0", iov_len=1}], msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[6]}], msg_controllen=24, msg_flags=0}, 0) = 1
//! close(6)                                = 0
//! [pid 5120] recvmsg(2, {… cmsg_data=[3]} …, 0) = 1
//! [pid 5120] write(2, "\0", 1)            = 1
//! pselect6(6, [3 5], NULL, NULL, NULL, NULL) = 1 (in [5])
//! read(5, "\0", 1)                        = 1
//! ```
//!
//! The lesson: the parent knows which child is idle, so it never hands a
//! connection to a busy one — but each connection now costs a sendmsg, a
//! recvmsg, a write and a read more than when the children accept.
use std::sync::atomic::{AtomicI32, AtomicI64, AtomicUsize, Ordering::Relaxed};

use socklab::*;

const USAGE: &str = "usage: ch30_serv05 [ <host> ] <port#> <#children>";
/// The most children this program makes.
const MAXCHILDREN: usize = 1024;
/// Standard error: the child's end of its stream pipe to the parent.
const STDERR_FILENO: i32 = 2;

/// The book's `Child` structure, the parts the SIGINT handler needs:
/// each child's pid and how many connections it was given.
static CHILD_PID: [AtomicI32; MAXCHILDREN] = [const { AtomicI32::new(0) }; MAXCHILDREN];
static CHILD_COUNT: [AtomicI64; MAXCHILDREN] = [const { AtomicI64::new(0) }; MAXCHILDREN];
static NCHILDREN: AtomicUsize = AtomicUsize::new(0);

/// The parent's side of one child: its pipe, and whether it is busy.
struct Child {
    pipefd: Fd,
    busy: bool,
}

fn main() {
    if let Err(e) = run() {
        perror(&*e);
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
        _ => return Err(format!("ch30_serv05: #children must be 1 to {MAXCHILDREN}").into()),
    };
    let (listenfd, addrlen) = tcp_listen(host, port)?;
    printf!("listening on {}\n", sock_ntop(&getsockname(&listenfd)?))?;

    let mut masterset = fd_set::default();
    FD_ZERO(&mut masterset);
    FD_SET(&listenfd, &mut masterset);
    let mut maxfd = listenfd.as_raw();
    NCHILDREN.store(nchildren, Relaxed);
    let mut navail = nchildren;

    // prefork all the children (the book's child_make, inline: the child's
    // branch takes listenfd to close it, and never comes back to the loop)
    let mut children = Vec::with_capacity(nchildren);
    for pid in CHILD_PID.iter().take(nchildren) {
        let (parent_end, child_end) = socketpair(AF_LOCAL, SOCK_STREAM, 0)?;
        match fork()? {
            ForkResult::Parent { child } => {
                close(child_end)?;
                pid.store(child, Relaxed);
                FD_SET(&parent_end, &mut masterset);
                maxfd = maxfd.max(parent_end.as_raw());
                children.push(Child {
                    pipefd: parent_end,
                    busy: false,
                });
            }
            ForkResult::Child => child(parent_end, child_end, listenfd),
        }
    }

    signal(SIGINT, SigHandler::Handler(sig_int), SA_RESTART)?;

    loop {
        let mut rset = masterset;
        if navail == 0 {
            FD_CLR(&listenfd, &mut rset); // turn off if no available children
        }
        let mut nsel = select(maxfd + 1, Some(&mut rset), None, None, None)?;

        // check for new connections
        if FD_ISSET(&listenfd, &rset) {
            let (connfd, _cliaddr) = accept_len(&listenfd, addrlen)?;
            let Some(i) = children.iter().position(|c| !c.busy) else {
                return Err("ch30_serv05: no available children".into());
            };
            children[i].busy = true; // mark child as busy
            CHILD_COUNT[i].fetch_add(1, Relaxed);
            navail -= 1;
            write_fd(&children[i].pipefd, b"\0", &connfd)?;
            close(connfd)?;
            nsel -= 1;
            if nsel == 0 {
                continue; // all done with select() results
            }
        }

        // find any newly-available children
        for (i, child) in children.iter_mut().enumerate() {
            if FD_ISSET(&child.pipefd, &rset) {
                let mut rc = [0u8; 1];
                if read(&child.pipefd, &mut rc)? == 0 {
                    return Err(format!("ch30_serv05: child {i} terminated unexpectedly").into());
                }
                child.busy = false;
                navail += 1;
                nsel -= 1;
                if nsel == 0 {
                    break; // all done with select() results
                }
            }
        }
    }
}

/// The child: its stream pipe to the parent becomes its standard error;
/// it needs neither the parent's end nor the listening socket. Then it
/// serves what the parent hands it, until it is stopped.
fn child(parent_end: Fd, child_end: Fd, listenfd: Fd) -> ! {
    let setup = dup2(&child_end, STDERR_FILENO)
        .and_then(|_| close(parent_end))
        .and_then(|()| close(child_end))
        .and_then(|()| close(listenfd)); // the child does not need this open
    let status = match setup {
        Ok(()) => child_main(),
        Err(e) => Err(e.into()),
    };
    if let Err(e) = status {
        perror(&*e); // into the pipe, as in the book: stderr is the pipe
    }
    exit(1)
}

fn child_main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    // Informational: a child that cannot print it still serves.
    let _ = printf!("child {} starting\n", getpid());
    let stderr = std::io::stderr();
    loop {
        let mut c = [0u8; 1];
        let (n, connfd) = read_fd(&stderr, &mut c)?;
        if n == 0 {
            return Err("read_fd returned 0".into());
        }
        let Some(connfd) = connfd else {
            return Err("no descriptor from read_fd".into());
        };
        web_child(&connfd)?; // process request
        close(connfd)?;
        write(&stderr, b"\0")?; // tell parent we're ready again
    }
}

/// SIGINT: terminate all children, wait for them all, print the CPU time
/// and how many connections each child was given.
extern "C" fn sig_int(_signo: c_int) {
    let nchildren = NCHILDREN.load(Relaxed);
    for pid in &CHILD_PID[..nchildren] {
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
    for (i, count) in CHILD_COUNT[..nchildren].iter().enumerate() {
        let _ = printf!("child {i}, {} connections\n", count.load(Relaxed));
    }
    exit(0);
}
