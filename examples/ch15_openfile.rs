//! `ch15_openfile sockfd pathname mode` — UNP vol. 1, chapter 15, Figure
//! 15.10: the helper `ch15_mycat` runs. It opens `pathname` with the open
//! flags `mode` (a number: 0 is `O_RDONLY`) and sends the descriptor back
//! over the socket whose *number* it was given — the socket it inherited
//! from `ch15_mycat` across `fork` and `exec`. The exit status is the
//! answer: 0, or the errno of what failed (`open`'s ENOENT is 2).
//!
//! It is not meant to be run by hand (descriptor `sockfd` must be one end
//! of a socketpair); `ch15_mycat` runs it. By hand, with a descriptor that
//! is not a socket, you see the errno come out as the exit status:
//!
//! ```text
//! $ cargo build --example ch15_openfile
//! $ target/debug/examples/ch15_openfile 3 /nonexistent 0; echo "exit status $?"
//! exit status 2                       <- ENOENT: open failed
//! $ target/debug/examples/ch15_openfile 7 /etc/hosts 0; echo "exit status $?"
//! exit status 9                       <- EBADF: descriptor 7 is not open
//! ```
//!
//! Why a separate program: it could run with other privileges than its
//! caller (set-user-ID, say) and open files the caller may not — the
//! caller gets the open descriptor, never the right to open. A descriptor
//! sent with `SCM_RIGHTS` arrives as a new descriptor in the receiver, for
//! the same open file (the same file offset), as `dup` would give.
//!
//! Under strace (`strace -f -e trace=openat,sendmsg,exit_group
//! target/debug/examples/ch15_mycat /etc/hosts`, this program's part):
//!
//! ```text
//! [pid 5122] openat(AT_FDCWD, "/etc/hosts", O_RDONLY) = 3
//! [pid 5122] sendmsg(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="\0", iov_len=1}], msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[3]}], msg_controllen=24, msg_flags=0}, 0) = 1
//! [pid 5122] exit_group(0)            = ?
//! ```
//!
//! C twin: `docs/c/ch15_openfile.c`; the two interoperate with both
//! `ch15_mycat`s (a descriptor opened by C, read by Rust, and the other
//! way round). The sending is socklab's [`write_fd`] (Figure 15.13).
use socklab::*;

const USAGE: &str = "usage: ch15_openfile <sockfd#> <filename> <mode>";

fn main() {
    let args = match args() {
        Ok(args) => args,
        Err(e) => {
            perror(&e);
            exit(1);
        }
    };
    let [_, sockfd, pathname, mode] = args.as_slice() else {
        perror(&USAGE);
        exit(1);
    };
    // atoi(argv[1]), atoi(argv[3]): here a number or an error
    let (Ok(sockfd), Ok(mode)) = (sockfd.parse::<c_int>(), mode.parse::<c_int>()) else {
        perror(&USAGE);
        exit(1);
    };
    let sockfd = match Fd::inherited(sockfd) {
        Ok(fd) => fd,
        Err(e) => {
            perror(&e);
            exit(1);
        }
    };

    let fd = match open(pathname, mode, 0) {
        Ok(fd) => fd,
        Err(e) => exit(errno_status(&e)),
    };
    // the book's write_fd(atoi(argv[1]), "", 1, fd): one byte, the NUL
    if let Err(e) = write_fd(&sockfd, b"\0", &fd) {
        exit(errno_status(&e));
    }
    exit(0);
}

/// `exit((errno > 0) ? errno : 255)`: the exit status that carries the error.
fn errno_status(e: &Error) -> c_int {
    match e.errno() {
        Some(errno) if (errno as c_int) > 0 && (errno as c_int) < 256 => errno as c_int,
        _ => 255,
    }
}
