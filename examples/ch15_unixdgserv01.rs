//! `ch15_unixdgserv01 [pathname]` — UNP vol. 1, chapter 15, Figure 15.5:
//! the chapter 8 datagram echo server (`dg_echo`: recvfrom, sendto back
//! to the sender, for ever) on an AF_UNIX datagram socket. Default path
//! `/tmp/unix.dg` (the book's `UNIXDG_PATH`).
//!
//! ```text
//! terminal 1 $ cargo run --example ch15_unixdgserv01
//! bound to /tmp/unix.dg
//!
//! terminal 2 $ cargo run --example ch15_unixdgcli01
//! hello
//! hello
//! ^D
//! ```
//!
//! A datagram's sender is known by the path it bound: `recvfrom` returns
//! it, and `sendto` answers there. A client that did not bind is unnamed,
//! and the answer has nowhere to go (exercise 2 of `docs/unp/ch15.md`
//! shows what then happens to the server).
//!
//! **The socket file**, as in `ch15_unixstrserv01`: the book's server
//! calls `unlink(UNIXDG_PATH)` before `bind`, which clears what an
//! earlier run left; this one removes only a socket (anything else at the
//! path is an error, never deleted), and like the book's it does not
//! remove its path when stopped.
//!
//! Under strace (`strace -e trace=%network,unlink
//! target/debug/examples/ch15_unixdgserv01 /tmp/unix.dg`), one line:
//!
//! ```text
//! socket(AF_UNIX, SOCK_DGRAM, 0)          = 3
//! unlink("/tmp/unix.dg")                  = 0
//! bind(3, {sa_family=AF_UNIX, sun_path="/tmp/unix.dg"}, 110) = 0
//! recvfrom(3, "hello\n", 4096, 0, {sa_family=AF_UNIX, sun_path="/tmp/ch15_unixdgcli01.5121.sock"}, [110 => 34]) = 6
//! sendto(3, "hello\n", 6, 0, {sa_family=AF_UNIX, sun_path="/tmp/ch15_unixdgcli01.5121.sock"}, 34) = 6
//! ```
//!
//! The answer goes out with the length `recvfrom` returned (34: the
//! client's path, 2 bytes of family and the NUL), as the book's `dg_echo`
//! passes `len` on to `sendto`.
//!
//! C twin: `docs/c/ch15_unixdgserv01.c`; the loop is socklab's [`dg_echo`]
//! (Figure 8.4).
use std::os::unix::fs::FileTypeExt;

use socklab::*;

/// The book's `UNIXDG_PATH`.
const UNIXDG_PATH: &str = "/tmp/unix.dg";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let path = match args.as_slice() {
        [_] => UNIXDG_PATH,
        [_, path] => path.as_str(),
        _ => return Err("usage: ch15_unixdgserv01 [pathname]   (default: /tmp/unix.dg)".into()),
    };
    let servaddr = sockaddr_un::new(path)?; // bzero, AF_LOCAL, strcpy into sun_path

    let sockfd = socket(AF_LOCAL, SOCK_DGRAM, 0)?;
    unlink_stale(path)?; // the book's unlink(UNIXDG_PATH), for sockets only
    bind(&sockfd, &servaddr)?;
    printf!("bound to {servaddr}\n")?;

    let mut cliaddr = sockaddr_un::default();
    dg_echo(&sockfd, &mut cliaddr)?; // socklab's, Figure 8.4: returns only on an error
    Ok(())
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
