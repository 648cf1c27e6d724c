//! `ch15_mycat pathname` — UNP vol. 1, chapter 15, Figures 15.8–15.9: a
//! `cat` that does not open its file itself. Its `my_open` creates a
//! stream pipe (`socketpair`), forks, and the child execs `ch15_openfile`
//! with the socket's *number* as an argument; that program opens the file
//! and sends the open descriptor back (`SCM_RIGHTS`). `my_open` waits for
//! the child, and if its exit status is 0, receives the descriptor
//! (`read_fd`); otherwise the exit status is the errno.
//!
//! ```text
//! $ cargo build --example ch15_mycat --example ch15_openfile
//! $ target/debug/examples/ch15_mycat /etc/hostname
//! myhost
//! $ target/debug/examples/ch15_mycat /nonexistent
//! my_open: cannot open /nonexistent: No such file or directory (ENOENT)
//! ```
//!
//! The book execs `./openfile` (the current directory); this copy execs
//! `ch15_openfile` from the directory `ch15_mycat` itself is in (the
//! directory part of `argv[0]`), so it works from anywhere — build both
//! first (`cargo run --example ch15_mycat` alone does not build the other).
//! Two details the book points out: the socket's end that the child keeps
//! must stay open across `exec` (socklab never sets close-on-exec), and
//! `my_open` waits for the child *before* reading, so a child that fails
//! tells why with its exit status instead of sending nothing.
//!
//! The received descriptor is a socklab `Fd`: it closes when dropped, and
//! `read_fd` closes whatever arrives that it did not expect (two
//! descriptors, a truncated control message) instead of leaking it.
//!
//! Under strace (`strace -f -e trace=socketpair,close,wait4,recvmsg,sendmsg
//! target/debug/examples/ch15_mycat /etc/hosts`; the child's part is in
//! `examples/ch15_openfile.rs`):
//!
//! ```text
//! socketpair(AF_UNIX, SOCK_STREAM, 0, [3, 4]) = 0
//! [pid 5122] close(3)                 = 0
//! close(4)                            = 0
//! wait4(5122, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 5122
//! recvmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="\0", iov_len=1}], msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[4]}], msg_controllen=24, msg_flags=0}, 0) = 1
//! close(3)                            = 0
//! ```
//!
//! The child sent its descriptor 3; it arrives here as 4 (the lowest free
//! number): the same open file, another number.
//!
//! C twin: `docs/c/ch15_mycat.c`. Either `ch15_mycat` runs either
//! `ch15_openfile` (put the one you want next to it): the four
//! combinations are tested.
use socklab::*;

const USAGE: &str = "usage: ch15_mycat <pathname>";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let [argv0, pathname] = args.as_slice() else {
        return Err(USAGE.into());
    };
    // the book's "./openfile": here the ch15_openfile next to this program
    let dir = match argv0.rfind('/') {
        Some(0) => "/",
        Some(i) => &argv0[..i],
        None => ".",
    };
    let openfile = format!("{dir}/ch15_openfile");

    let fd = match my_open(&openfile, pathname, O_RDONLY)? {
        Ok(fd) => fd,
        Err(errno) => {
            return Err(format!(
                "my_open: cannot open {pathname}: {} ({})",
                errno.desc(),
                errno_name(errno)
            )
            .into());
        }
    };

    let mut buff = [0u8; BUFFSIZE];
    loop {
        let n = read(&fd, &mut buff)?;
        if n == 0 {
            break;
        }
        write(std::io::stdout(), &buff[..n])?;
    }
    exit(0);
}

/// Figure 15.9: open `pathname` through `openfile`. The outer error is
/// `my_open`'s own failure (socketpair, fork, waitpid…); the inner one the
/// errno `openfile` exited with (the book's `errno = status; return -1`).
fn my_open(
    openfile: &str,
    pathname: &str,
    mode: c_int,
) -> std::result::Result<std::result::Result<Fd, Errno>, Box<dyn std::error::Error>> {
    let (sockfd0, sockfd1) = socketpair(AF_LOCAL, SOCK_STREAM, 0)?;
    match fork()? {
        ForkResult::Child => {
            close(sockfd0)?;
            let argsockfd = sockfd1.as_raw().to_string();
            let argmode = mode.to_string();
            // the book's execl(openfile, "openfile", argsockfd, pathname,
            // argmode, (char *) NULL): the same execve
            let Err(err) = execv(openfile, &["openfile", &argsockfd, pathname, &argmode]);
            perror(&err); // the book's err_sys("execl error")
            exit(1);
        }
        ForkResult::Parent { child } => {
            // parent process: wait for the child to terminate
            close(sockfd1)?;
            let (_, status) = waitpid(child, 0)?;
            if !WIFEXITED(status) {
                return Err("my_open: child did not terminate".into());
            }
            let status = WEXITSTATUS(status);
            let result = if status == 0 {
                let mut c = [0u8; 1];
                match read_fd(&sockfd0, &mut c)? {
                    (_, Some(fd)) => Ok(fd),
                    (_, None) => return Err("my_open: openfile sent no descriptor".into()),
                }
            } else {
                Err(Errno::from_raw(status)) // set errno from child's status
            };
            close(sockfd0)?;
            Ok(result)
        }
    }
}
