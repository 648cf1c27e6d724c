//! `unix_dgram_client path` — the lecture notes' AF_UNIX (AF_LOCAL) datagram
//! client: send one line to the server's path, print its answer.
//!
//! Run it (two terminals; the C twin is `docs/c/unix_dgram_client.c`):
//! ```text
//! $ cargo run --example unix_dgram_server -- /tmp/unix.dg
//! Waiting for datagrams on /tmp/unix.dg
//! Received a datagram: hello
//!
//! $ cargo run --example unix_dgram_client -- /tmp/unix.dg
//! Please enter the message: hello
//! Got an ack: Got your message
//! ```
//! **Why the client binds.** A UDP client gets an ephemeral port from its
//! first `sendto`, and the server answers to it. An AF_UNIX datagram socket
//! gets no name that way: the server would see an unnamed sender and could
//! not answer. So the client binds a path of its own first —
//! `$TMPDIR/unix_dgram_client.<pid>.sock` (`/tmp` without `TMPDIR`), unique
//! per process — and removes it when done, on the error paths too
//! (Ctrl-C while it waits is the exception: that kills it before it can).
//!
//! The answer is awaited at most 5 seconds (`SO_RCVTIMEO`); a server that
//! never answers is a clear error, not a hang. Errors you can meet:
//! `sendto: No such file or directory (ENOENT)` (no server ever bound that
//! path), `sendto: Connection refused (ECONNREFUSED)` (its server is gone).
//!
//! Watch it (start-up lines cut): `strace -e trace=%network,unlink,read,write,close target/debug/examples/unix_dgram_client /tmp/unix.dg`
//! ```text
//! socket(AF_UNIX, SOCK_DGRAM, 0)          = 3
//! bind(3, {sa_family=AF_UNIX, sun_path="/tmp/unix_dgram_client.11185.sock"}, 110) = 0
//! setsockopt(3, SOL_SOCKET, SO_RCVTIMEO_OLD, "\5\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16) = 0
//! write(1, "Please enter the message: ", 26) = 26
//! read(0, "hello\n", 8192)                = 6
//! sendto(3, "hello\n", 6, 0, {sa_family=AF_UNIX, sun_path="/tmp/unix.dg"}, 110) = 6
//! recvfrom(3, "Got your message", 4096, 0, {sa_family=AF_UNIX, sun_path="/tmp/unix.dg"}, [128 => 15]) = 16
//! write(1, "Got an ack: Got your message\n", 29) = 29
//! unlink("/tmp/unix_dgram_client.11185.sock") = 0
//! close(3)                                = 0
//! ```
//! (`SO_RCVTIMEO_OLD` is strace's name for the `SO_RCVTIMEO` that takes a
//! `struct timeval`: 5 seconds, 0 microseconds.)
use std::error::Error;
use std::io::{BufRead, Write};

use socklab::*;

/// How long to wait for the server's answer.
const TIMEOUT_SECS: i64 = 5;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let [_, path] = args.as_slice() else {
        return Err("usage: unix_dgram_client path".into());
    };
    let servaddr = sockaddr_un::new(path)?; // too long for sun_path: an error, not a cut
    let mypath = std::env::temp_dir().join(format!("unix_dgram_client.{}.sock", getpid()));
    let cliaddr = sockaddr_un::new(&mypath)?;

    let sockfd = socket(AF_UNIX, SOCK_DGRAM, 0)?;
    bind(&sockfd, &cliaddr)?; // creates the file mypath
    // From here on the file exists: remove it whatever talk() says.
    let talked = talk(&sockfd, path, &servaddr);
    let removed = unlink(&mypath);
    let closed = close(sockfd);
    talked?;
    removed?;
    closed?;
    Ok(())
}

/// Sends one line typed at the prompt and prints the answer.
fn talk(
    sockfd: &Fd,
    path: &str,
    servaddr: &sockaddr_un,
) -> std::result::Result<(), Box<dyn Error>> {
    let timeout = timeval {
        tv_sec: TIMEOUT_SECS,
        tv_usec: 0,
    };
    setsockopt(sockfd, SOL_SOCKET, SO_RCVTIMEO, &timeout)?;

    let line = prompt_line("Please enter the message: ")?;
    sendto(sockfd, &line, 0, servaddr)?;

    let mut buf = [0u8; MAXLINE];
    let (n, _from) = match recvfrom(sockfd, &mut buf, 0) {
        Err(e) if e.errno() == Some(Errno::EAGAIN) => {
            return Err(format!(
                "unix_dgram_client: no answer from {path} within {TIMEOUT_SECS} seconds"
            )
            .into());
        }
        other => other?,
    };
    println!("Got an ack: {}", String::from_utf8_lossy(&buf[..n]));
    Ok(())
}

/// Prints `prompt` and reads one line from standard input, newline
/// included. End of input (Ctrl-D, an empty pipe) is an error: there is
/// nothing to send.
fn prompt_line(prompt: &str) -> std::result::Result<Vec<u8>, Box<dyn Error>> {
    print!("{prompt}");
    std::io::stdout().flush()?; // no newline yet: flush, or the prompt waits in the buffer
    let mut line = Vec::new();
    if std::io::stdin().lock().read_until(b'\n', &mut line)? == 0 {
        return Err("unix_dgram_client: no message to send (end of input)".into());
    }
    Ok(line)
}
