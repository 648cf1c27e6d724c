//! `unix_dgram_server path` — the lecture notes' AF_UNIX (AF_LOCAL) datagram
//! server: recvfrom/sendto as over UDP, with a file system path as the
//! address.
//!
//! Run it (two terminals; the C twin is `docs/c/unix_dgram_server.c`):
//! ```text
//! $ cargo run --example unix_dgram_server -- /tmp/unix.dg
//! Waiting for datagrams on /tmp/unix.dg
//! Received a datagram: hello
//!
//! $ cargo run --example unix_dgram_client -- /tmp/unix.dg
//! Please enter the message: hello
//! Got an ack: Got your message
//! ```
//! The server runs until you stop it (Ctrl-C). It answers to the address
//! each datagram came from, so a client must `bind` a path of its own
//! first: an AF_UNIX socket is not given a name by `sendto` the way a UDP
//! socket is given a port. Datagrams from an unnamed socket are printed
//! but cannot be answered.
//!
//! Like `unix_stream_server`, it removes a socket file left at its path by
//! a server that is gone, and never anything else.
//!
//! Watch it (a stale `/tmp/unix.dg` was left by an earlier run; start-up lines cut):
//! `strace -e trace=%network,statx,newfstatat,unlink,read,write,close target/debug/examples/unix_dgram_server /tmp/unix.dg`
//! ```text
//! statx(AT_FDCWD, "/tmp/unix.dg", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW, STATX_ALL, {… stx_mode=S_IFSOCK|0755, …}) = 0
//! socket(AF_UNIX, SOCK_DGRAM, 0)          = 3
//! connect(3, {sa_family=AF_UNIX, sun_path="/tmp/unix.dg"}, 110) = -1 ECONNREFUSED (Connection refused)
//! close(3)                                = 0
//! unlink("/tmp/unix.dg")                  = 0
//! socket(AF_UNIX, SOCK_DGRAM, 0)          = 3
//! bind(3, {sa_family=AF_UNIX, sun_path="/tmp/unix.dg"}, 110) = 0
//! write(1, "Waiting for datagrams on /tmp/un"..., 38) = 38
//! recvfrom(3, "hello\n", 4096, 0, {sa_family=AF_UNIX, sun_path="/tmp/unix_dgram_client.11784.sock"}, [110 => 36]) = 6
//! write(1, "Received a datagram: hello\n", 27) = 27
//! sendto(3, "Got your message", 16, 0, {sa_family=AF_UNIX, sun_path="/tmp/unix_dgram_client.11784.sock"}, 110) = 16
//! ```
//! No `listen`, no `accept`: one socket receives from every client. The
//! sender's address is the path the client bound (`[110 => 36]`: 2 bytes of
//! family, 33 of path, 1 NUL); the answer goes back to it.
use std::error::Error;
use std::os::unix::fs::FileTypeExt;

use socklab::*;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let [_, path] = args.as_slice() else {
        return Err("usage: unix_dgram_server path".into());
    };
    let servaddr = sockaddr_un::new(path)?; // too long for sun_path: an error, not a cut

    remove_stale_socket(path, &servaddr)?;
    let sockfd = socket(AF_UNIX, SOCK_DGRAM, 0)?;
    bind(&sockfd, &servaddr)?;
    printf!("Waiting for datagrams on {path}\n")?;

    let mut buf = [0u8; MAXLINE]; // a longer datagram is cut to fit
    let mut cliaddr = sockaddr_un::default();
    loop {
        let n = recvfrom_into(&sockfd, &mut buf, 0, &mut cliaddr)?;
        printf!("Received a datagram: {}\n", as_text(&buf[..n]))?;
        // A sender that never bound has no name: recvfrom gives back an
        // empty address, and there is nowhere to answer.
        if cliaddr.is_unnamed() {
            printf!("(the sender has no name: no answer possible)\n")?;
            continue;
        }
        // The sender may be gone already (its path removed): report, go on.
        if let Err(e) = sendto(&sockfd, b"Got your message", 0, &cliaddr) {
            perror(&e);
        }
    }
}

/// A message as printable text: bytes that are not UTF-8 show as U+FFFD,
/// and the line's own newline is dropped (println! adds one).
fn as_text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .trim_end_matches(['\n', '\r'])
        .to_string()
}

/// Makes room for `bind`: removes a socket file left at `path` by a server
/// that is gone, and nothing else.
///
/// 1. lstat the path (not stat: a symbolic link must not be followed):
///    nothing there, nothing to do;
/// 2. not a socket: refuse — unlink would delete someone's file;
/// 3. a socket: connect a datagram socket to it. ECONNREFUSED means no
///    socket is bound there any more: it is stale, unlink it. Success
///    means a server is using it: refuse.
fn remove_stale_socket(path: &str, addr: &sockaddr_un) -> std::result::Result<(), Box<dyn Error>> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(os_error("lstat", &e).into()),
    };
    let kind = meta.file_type();
    if !kind.is_socket() {
        return Err(format!(
            "unix_dgram_server: {path} exists and is {}, not a socket: refusing to remove it",
            describe(kind)
        )
        .into());
    }
    let probe = socket(AF_UNIX, SOCK_DGRAM, 0)?;
    match connect(&probe, addr) {
        Ok(()) => Err(format!("unix_dgram_server: another server is using {path}").into()),
        Err(e) if e.errno() == Some(Errno::ECONNREFUSED) => {
            close(probe)?;
            unlink(path)?;
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// What kind of file is in the way, for the error message.
fn describe(kind: std::fs::FileType) -> &'static str {
    if kind.is_file() {
        "a regular file"
    } else if kind.is_dir() {
        "a directory"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else {
        "an unknown kind of file"
    }
}

/// A failed std::fs call, printed perror-style like socklab's errors.
fn os_error(call: &'static str, e: &std::io::Error) -> socklab::Error {
    socklab::Error::sys(call, Errno::from_raw(e.raw_os_error().unwrap_or(0)))
}
