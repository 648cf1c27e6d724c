//! `socket_init` — the lecture's first "connect example": create a socket
//! and show that the kernel handed back a small number, its descriptor.
//!
//! Run it (one terminal):
//!
//! ```text
//! $ cargo run --example socket_init
//! Socket Initialized
//! socket descriptor: 3
//! ```
//!
//! Why 3? Descriptors 0, 1 and 2 are standard input, output and error, and
//! socket(2), like open(2), returns the lowest number not in use.
//!
//! The C twin is `docs/c/socket_init.c` (`cc -o socket_init docs/c/socket_init.c`);
//! it prints the same two lines.
//!
//! Under strace (`cargo build --example socket_init` first; the `close(3)`
//! lines before `socket` are the program loader's, cut here):
//!
//! ```text
//! $ strace -e trace=socket,close target/debug/examples/socket_init
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! close(3)                                = 0
//! ```
//!
//! The lesson: a socket is a file descriptor like any other; `socket()`
//! only creates it — no address, no connection, no packet on the wire yet.
use socklab::*;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    if std::env::args().len() != 1 {
        return Err("usage: socket_init".into());
    }

    // AF_INET: IPv4; SOCK_STREAM: a byte stream, that is TCP; 0: the
    // default protocol for that pair. A failure (EMFILE: too many open
    // files, EACCES…) comes back as an Error that reads like perror.
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    printf!("Socket Initialized\n")?;
    printf!("socket descriptor: {sockfd}\n")?;

    // Nothing else to do: give the descriptor back, as the C twin does.
    close(sockfd)?;
    Ok(())
}
