//! `ch15_unixdgcli01 [pathname]` — UNP vol. 1, chapter 15, Figure 15.6:
//! the chapter 8 datagram echo client (`dg_cli`: a line from standard
//! input, sendto, recvfrom, print) on an AF_UNIX datagram socket. Default
//! server path `/tmp/unix.dg`.
//!
//! ```text
//! $ cargo run --example ch15_unixdgserv01 &
//! bound to /tmp/unix.dg
//! $ cargo run --example ch15_unixdgcli01
//! hello
//! hello
//! ^D
//! ```
//!
//! **Why it binds.** A UDP client gets an ephemeral port from its first
//! `sendto`; an AF_UNIX datagram socket gets no name that way, and the
//! server's answer would have nowhere to go. So, before anything else, the
//! client binds a path of its own. The book takes one from `tmpnam` (the
//! linker warns that it is dangerous: another process can take the name
//! between the call and the bind) and never removes it; this one binds
//! `$TMPDIR/ch15_unixdgcli01.<pid>.sock` (`/tmp` without `TMPDIR`),
//! unique per process, and removes it when done — on an error too. (Ctrl-C
//! ends it before it can: the file stays, as the book's always does.)
//!
//! Errors you can meet: `sendto: No such file or directory (ENOENT)` (no
//! server ever bound that path), `sendto: Connection refused
//! (ECONNREFUSED)` (its server is gone). With no answer at all it waits
//! for ever, as the chapter 8 client does.
//!
//! Under strace (`strace -e trace=%network,unlink target/debug/examples/ch15_unixdgcli01`):
//!
//! ```text
//! socket(AF_UNIX, SOCK_DGRAM, 0)          = 3
//! bind(3, {sa_family=AF_UNIX, sun_path="/tmp/ch15_unixdgcli01.5121.sock"}, 110) = 0
//! sendto(3, "hello\n", 6, 0, {sa_family=AF_UNIX, sun_path="/tmp/unix.dg"}, 110) = 6
//! recvfrom(3, "hello\n", 4096, 0, NULL, NULL) = 6
//! unlink("/tmp/ch15_unixdgcli01.5121.sock") = 0
//! ```
//!
//! C twin: `docs/c/ch15_unixdgcli01.c`; the loop is socklab's [`dg_cli`]
//! (Figure 8.8).
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
        _ => return Err("usage: ch15_unixdgcli01 [pathname]   (default: /tmp/unix.dg)".into()),
    };
    let servaddr = sockaddr_un::new(path)?; // bzero, AF_LOCAL, strcpy into sun_path
    // our own name (the book's tmpnam), unique per process
    let mypath = std::env::temp_dir().join(format!("ch15_unixdgcli01.{}.sock", getpid()));
    let cliaddr = sockaddr_un::new(&mypath)?;

    let sockfd = socket(AF_LOCAL, SOCK_DGRAM, 0)?;
    bind(&sockfd, &cliaddr)?; // bind an address for us
    // From here every way out removes the path again.
    let done = dg_cli(&sockfd, &servaddr); // socklab's, Figure 8.8: until end of input
    let removed = unlink(&mypath);
    done?;
    removed?;
    exit(0);
}
