//! `unix_stream_server path` — the lecture notes' AF_UNIX (AF_LOCAL) stream
//! server: the same socket/bind/listen/accept/read/write as a TCP server,
//! but its address is a file system path instead of an IP address and a port.
//!
//! Run it (two terminals; the C twin is `docs/c/unix_stream_server.c`):
//! ```text
//! $ cargo run --example unix_stream_server -- /tmp/unix.str
//! Waiting for connections on /tmp/unix.str
//! A connection has been established
//! Here is the message: hello
//!
//! $ cargo run --example unix_stream_client -- /tmp/unix.str
//! Please enter your message: hello
//! The return message was
//! I got your message
//! ```
//! The server runs until you stop it (Ctrl-C). It serves one client at a
//! time: one message of up to 80 bytes each; the rest of a longer message
//! is dropped with the connection.
//!
//! **The socket file.** `bind` creates the path as a *socket file* (`ls -l`
//! shows an `s`), and it stays after the server is gone; the next `bind`
//! then fails with EADDRINUSE. So the server removes it first — but only a
//! socket nobody listens on. `unlink` would delete any file, so it looks
//! before it leaps: a regular file, a directory or anything else at the
//! path is an error, never deleted; a socket another server still listens
//! on is an error too (the check connects to it, so that server sees a
//! client that leaves at once).
//!
//! Watch it (a stale `/tmp/unix.str` was left by an earlier run; start-up lines cut):
//! `strace -e trace=%network,statx,newfstatat,unlink,read,write,close target/debug/examples/unix_stream_server /tmp/unix.str`
//! ```text
//! statx(AT_FDCWD, "/tmp/unix.str", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW, STATX_ALL, {… stx_mode=S_IFSOCK|0755, …}) = 0
//! socket(AF_UNIX, SOCK_STREAM, 0)         = 3
//! connect(3, {sa_family=AF_UNIX, sun_path="/tmp/unix.str"}, 110) = -1 ECONNREFUSED (Connection refused)
//! close(3)                                = 0
//! unlink("/tmp/unix.str")                 = 0
//! socket(AF_UNIX, SOCK_STREAM, 0)         = 3
//! bind(3, {sa_family=AF_UNIX, sun_path="/tmp/unix.str"}, 110) = 0
//! listen(3, 5)                            = 0
//! write(1, "Waiting for connections on /tmp/"..., 41) = 41
//! accept(3, {sa_family=AF_UNIX}, [110 => 2]) = 4
//! write(1, "A connection has been establishe"..., 34) = 34
//! read(4, "hello\n", 80)                  = 6
//! write(1, "Here is the message: hello\n", 27) = 27
//! write(4, "I got your message", 18)      = 18
//! close(4)                                = 0
//! ```
//! The first five lines are the stale-socket check: lstat (Rust's std asks
//! with `statx`; the C twin's `lstat` shows as `newfstatat(…,
//! AT_SYMLINK_NOFOLLOW)`), the probe that nobody answers, the unlink. The
//! client has no name: `accept` returns just `{sa_family=AF_UNIX}`, 2 bytes.
use std::error::Error;
use std::os::unix::fs::FileTypeExt;

use socklab::*;

/// How much of a message the server reads, as in the notes.
const BUFSIZE: usize = 80;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let [_, path] = args.as_slice() else {
        return Err("usage: unix_stream_server path".into());
    };
    let servaddr = sockaddr_un::new(path)?; // too long for sun_path: an error, not a cut

    // A client that leaves before the answer must cost an EPIPE error, not
    // the server's life (UNP section 5.13). The Rust runtime already
    // ignores SIGPIPE before main; saying so here makes it visible.
    signal(SIGPIPE, SIG_IGN, 0)?;
    remove_stale_socket(path, &servaddr)?;
    let listenfd = socket(AF_UNIX, SOCK_STREAM, 0)?;
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, 5)?;
    printf!("Waiting for connections on {path}\n")?;

    let mut cliaddr = sockaddr_un::default();
    loop {
        let connfd = accept_into(&listenfd, &mut cliaddr)?;
        printf!("A connection has been established\n")?;
        // A failure with one client (it reset, it left early) is reported
        // and the server goes on to the next one.
        if let Err(e) = serve(&connfd) {
            perror(&e);
        }
        if let Err(e) = close(connfd) {
            perror(&e);
        }
    }
}

/// One client: read its message, print it, answer.
fn serve(connfd: &Fd) -> Result<()> {
    let mut buf = [0u8; BUFSIZE];
    let n = read(connfd, &mut buf)?;
    if n == 0 {
        printf!("The client closed the connection without a message\n")?;
        return Ok(());
    }
    printf!("Here is the message: {}\n", as_text(&buf[..n]))?;
    write(connfd, b"I got your message")?;
    Ok(())
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
/// 3. a socket: connect to it. ECONNREFUSED means nobody listens: it is
///    stale, unlink it. Success means a server is using it: refuse.
fn remove_stale_socket(path: &str, addr: &sockaddr_un) -> std::result::Result<(), Box<dyn Error>> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(os_error("lstat", &e).into()),
    };
    let kind = meta.file_type();
    if !kind.is_socket() {
        return Err(format!(
            "unix_stream_server: {path} exists and is {}, not a socket: refusing to remove it",
            describe(kind)
        )
        .into());
    }
    let probe = socket(AF_UNIX, SOCK_STREAM, 0)?;
    match connect(&probe, addr) {
        Ok(()) => Err(format!("unix_stream_server: another server is listening on {path}").into()),
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
