//! `ch15_unixstrserv02 [pathname]` — UNP vol. 1, chapter 15, section 15.8
//! (Figures 15.14–15.15): the AF_UNIX echo server of Figure 15.3 whose
//! `str_echo` also learns *who* sent each piece of data — the sender's
//! process id, user id and group id, passed by the kernel as ancillary
//! data. Default path `/tmp/unix.str`.
//!
//! ```text
//! terminal 1 $ cargo run --example ch15_unixstrserv02
//! listening on /tmp/unix.str
//! PID of sender = 5130
//! real user ID = 1000
//! real group ID = 1000
//! child 5129 terminated
//!
//! terminal 2 $ cargo run --example ch15_unixstrcli01
//! hello
//! hello
//! ^D
//! ```
//!
//! **Linux, not the book's FreeBSD.** The book receives `SCM_CREDS` with
//! a `struct cmsgcred` (pid, real and effective uid, gid, groups), which
//! FreeBSD sends when asked; that code does not compile on Linux. Linux's
//! way: set `SO_PASSCRED` on the receiving socket, and every `recvmsg`
//! then carries an `SCM_CREDENTIALS` control message with a `struct
//! ucred`: pid, uid, gid (the real ones, unless a privileged sender
//! claims others). The kernel attaches them when the data is *sent*, and
//! only if the receiver asked by then: so this server sets `SO_PASSCRED`
//! on its listening socket, which each accepted socket inherits. (Set on
//! the connected socket after `accept`, it misses whatever the client
//! sent before: the kernel then reports pid 0 and uid 65534, nobody, and
//! this server prints `(no credentials returned)`.) The kernel vouches for them: a sender cannot lie about
//! its identity without privileges. A second Linux way is
//! `getsockopt(SO_PEERCRED)`: the peer's pid and effective ids, once,
//! as they were at `connect` (see `docs/unp/ch15.md`).
//!
//! Under strace (`strace -f -e trace=setsockopt,recvmsg
//! target/debug/examples/ch15_unixstrserv02`), a client's line:
//!
//! ```text
//! setsockopt(3, SOL_SOCKET, SO_PASSCRED, [1], 4) = 0      <- before bind
//! …
//! [pid 5129] recvmsg(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="hello\n", iov_len=4096}], msg_iovlen=1, msg_control=[{cmsg_len=28, cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=5130, uid=1000, gid=1000}}], msg_controllen=32, msg_flags=0}, 0) = 6
//! ```
//!
//! The socket file is handled as in `ch15_unixstrserv01` (an earlier
//! run's socket is removed before `bind`, nothing else is). C twin:
//! `docs/c/ch15_unixstrserv02.c`.
use std::io::Write as _;
use std::os::unix::fs::FileTypeExt;

use socklab::*;

/// The book's `UNIXSTR_PATH`.
const UNIXSTR_PATH: &str = "/tmp/unix.str";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let path = match args.as_slice() {
        [_] => UNIXSTR_PATH,
        [_, path] => path.as_str(),
        _ => return Err("usage: ch15_unixstrserv02 [pathname]   (default: /tmp/unix.str)".into()),
    };
    let servaddr = sockaddr_un::new(path)?; // bzero, AF_LOCAL, strcpy into sun_path

    let listenfd = socket(AF_LOCAL, SOCK_STREAM, 0)?;
    // Linux: credentials come only to a socket that asks. Asked here, on
    // the listening socket, every accepted socket inherits it before its
    // client can send (set on connfd after accept, it would miss what the
    // client sent in between).
    setsockopt(&listenfd, SOL_SOCKET, SO_PASSCRED, &1)?;
    unlink_stale(path)?; // the book's unlink(UNIXSTR_PATH), for sockets only
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    printf!("listening on {servaddr}\n")?;
    signal(SIGCHLD, SigHandler::Handler(sig_chld), SA_RESTART)?;

    let mut cliaddr = sockaddr_un::default();
    loop {
        let connfd = match accept_into(&listenfd, &mut cliaddr) {
            Ok(connfd) => connfd,
            Err(e) if e.errno() == Some(Errno::EINTR) => continue, // back to for()
            Err(e) => return Err(e.into()),
        };
        match fork()? {
            ForkResult::Child => {
                close(listenfd)?; // close listening socket
                let status = match str_echo(&connfd) {
                    Ok(()) => 0,
                    Err(e) => {
                        perror(&*e);
                        1
                    }
                };
                exit(status);
            }
            ForkResult::Parent { .. } => close(connfd)?, // parent closes connected socket
        }
    }
}

/// Figure 15.15: echo, printing the sender's credentials with each read
/// (`sockfd` inherited `SO_PASSCRED` from the listening socket).
fn str_echo(sockfd: &Fd) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut buf = [0u8; MAXLINE];
    loop {
        let (n, cred) = match read_cred(sockfd, &mut buf) {
            Ok((0, _)) => return Ok(()), // connection closed by other end
            Ok(got) => got,
            Err(e) if e.errno() == Some(Errno::EINTR) => continue,
            Err(e) => return Err(e.into()),
        };
        match cred {
            // none, or the kernel's "nobody" (pid 0) for data sent before
            // SO_PASSCRED was set
            Some(cred) if cred.pid != 0 => {
                printf!("PID of sender = {}\n", cred.pid)?;
                printf!("real user ID = {}\n", cred.uid)?;
                printf!("real group ID = {}\n", cred.gid)?;
            }
            _ => {
                printf!("(no credentials returned)\n")?;
            }
        }
        writen(sockfd, &buf[..n])?;
    }
}

/// Figure 15.14, the Linux way: `recvmsg` with room for one
/// `SCM_CREDENTIALS` message; the credentials, if the kernel sent them.
fn read_cred(fd: &Fd, ptr: &mut [u8]) -> Result<(usize, Option<ucred>)> {
    let mut iov = [IoSliceMut::new(ptr)];
    let mut msg = msghdr {
        msg_name: None,
        msg_iov: &mut iov[..],
        msg_control: vec![0u8; CMSG_SPACE(size_of::<ucred>())],
        msg_flags: 0,
    };
    let n = recvmsg(fd, &mut msg, 0)?;
    let mut cred = None;
    for cmsg in take_cmsgs(&mut msg)? {
        if let Cmsg::Credentials(c) = cmsg {
            cred = Some(c);
        }
    }
    Ok((n, cred))
}

/// `unlink(path)` if the path is a socket (a file left by an earlier
/// run); nothing there is fine, as the book's unlink failing is; anything
/// else is an error, not removed.
fn unlink_stale(path: &str) -> std::result::Result<(), Box<dyn std::error::Error>> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_socket() => Ok(unlink(path)?),
        Ok(_) => Err(format!("{path}: exists and is not a socket (not removed)").into()),
        Err(_) => Ok(()),
    }
}

/// Figure 5.11's SIGCHLD handler: reap every child that has ended.
/// Async-signal-safe: waitpid(2) and write(2) of a line formatted on the
/// stack.
extern "C" fn sig_chld(_signo: c_int) {
    while let Ok((pid, _stat)) = waitpid(-1, WNOHANG) {
        if pid <= 0 {
            break;
        }
        let mut buf = [0u8; 64];
        let mut rest = &mut buf[..];
        if writeln!(rest, "child {pid} terminated").is_ok() {
            let len = 64 - rest.len();
            let _ = write(std::io::stdout(), &buf[..len]);
        }
    }
}
