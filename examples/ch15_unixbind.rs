//! `ch15_unixbind pathname` — UNP vol. 1, chapter 15, Figure 15.2: bind an
//! AF_UNIX (AF_LOCAL) socket to a path name, then ask the kernel with
//! `getsockname` what name it has and how long the returned address is.
//!
//! ```text
//! $ cargo run --example ch15_unixbind -- /tmp/moose
//! bound name = /tmp/moose, returned len = 13
//! $ ls -l /tmp/moose
//! srwxr-xr-x 1 root root 0 Dec  6 02:50 /tmp/moose
//! $ cargo run --example ch15_unixbind -- /tmp/moose
//! bind: Address already in use (EADDRINUSE)
//! $ rm /tmp/moose
//! ```
//!
//! `bind` creates the path as a socket file (`ls -l` shows an `s`; its
//! permissions follow the umask), and the file outlives the socket: a
//! second run fails with EADDRINUSE until the path is removed. The book's
//! figure calls `unlink(argv[1])` before `bind` ("OK if this fails"), so
//! that every run binds afresh; this copy leaves it out so you can see the
//! error — and because `unlink` would just as happily delete a regular
//! file given by mistake (put it back as exercise 1 of `docs/unp/ch15.md`).
//!
//! The length passed to `bind` is `SUN_LEN(&addr)`: the offset of
//! `sun_path` (2) plus the path's length without the NUL, 12 for
//! `/tmp/moose`. The length `getsockname` returns is 13 on Linux: Linux
//! counts the terminating NUL.
//!
//! Under strace (`strace -e trace=socket,bind,getsockname
//! target/debug/examples/ch15_unixbind /tmp/moose`):
//!
//! ```text
//! socket(AF_UNIX, SOCK_STREAM, 0)         = 3
//! bind(3, {sa_family=AF_UNIX, sun_path="/tmp/moose"}, 12) = 0
//! getsockname(3, {sa_family=AF_UNIX, sun_path="/tmp/moose"}, [110 => 13]) = 0
//! ```
//!
//! C twin: `docs/c/ch15_unixbind.c`.
use socklab::*;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let [_, path] = args.as_slice() else {
        return Err("usage: ch15_unixbind <pathname>".into());
    };

    let sockfd = socket(AF_LOCAL, SOCK_STREAM, 0)?;

    // bzero, sun_family = AF_LOCAL, strncpy into sun_path (a path too long
    // for sun_path is an error here, not a cut)
    let addr1 = sockaddr_un::new(path)?;
    bind_len(&sockfd, &addr1, SUN_LEN(&addr1))?;

    let mut addr2 = sockaddr_un::default();
    let len = getsockname_len(&sockfd, &mut addr2)?; // len = sizeof(addr2) going in
    printf!("bound name = {addr2}, returned len = {len}\n")?;
    exit(0);
}
