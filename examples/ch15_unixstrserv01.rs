//! `ch15_unixstrserv01 [pathname]` — UNP vol. 1, chapter 15, Figure 15.3:
//! the chapter 5 echo server (a child per client, SIGCHLD reaped with the
//! `waitpid` loop of Figure 5.11) on an AF_UNIX stream socket. Default
//! path `/tmp/unix.str` (the book's `UNIXSTR_PATH`).
//!
//! ```text
//! terminal 1 $ cargo run --example ch15_unixstrserv01
//! listening on /tmp/unix.str
//! child 5121 terminated
//!
//! terminal 2 $ cargo run --example ch15_unixstrcli01
//! hello, world
//! hello, world
//! ^D
//! ```
//!
//! Only the address differs from the TCP server: `sockaddr_un` with a
//! path instead of `sockaddr_in` with an address and a port. `accept`
//! returns the client's address too — unnamed, as clients do not bind.
//!
//! **The socket file.** `bind` creates the path; the file stays after the
//! server ends (Ctrl-C), and the next `bind` would fail with EADDRINUSE.
//! The book's server therefore calls `unlink(UNIXSTR_PATH)` before
//! binding, which also clears the file a crashed server left behind. This
//! one does the same, but removes only a *socket*: a regular file or a
//! directory at the path is an error (`… exists and is not a socket (not
//! removed)`), never deleted. Like the book's, it does not remove its
//! path when stopped: the next start does.
//!
//! Under strace (`strace -f -e trace=%network,unlink,wait4
//! target/debug/examples/ch15_unixstrserv01 /tmp/unix.str`), one client:
//!
//! ```text
//! socket(AF_UNIX, SOCK_STREAM, 0)         = 3
//! unlink("/tmp/unix.str")                 = 0
//! bind(3, {sa_family=AF_UNIX, sun_path="/tmp/unix.str"}, 110) = 0
//! listen(3, 1024)                         = 0
//! accept(3, {sa_family=AF_UNIX}, [110 => 2]) = 4
//! [pid 5121] read(4, "hello, world\n", 4096) = 13
//! [pid 5121] write(4, "hello, world\n", 13) = 13
//! ```
//!
//! C twin: `docs/c/ch15_unixstrserv01.c`; the children echo with socklab's
//! [`str_echo`] (Figure 5.3).
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
        _ => return Err("usage: ch15_unixstrserv01 [pathname]   (default: /tmp/unix.str)".into()),
    };
    let servaddr = sockaddr_un::new(path)?; // bzero, AF_LOCAL, strcpy into sun_path

    let listenfd = socket(AF_LOCAL, SOCK_STREAM, 0)?;
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
                        perror(&e);
                        1
                    }
                };
                exit(status);
            }
            ForkResult::Parent { .. } => close(connfd)?, // parent closes connected socket
        }
    }
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
