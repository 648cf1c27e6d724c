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
//! not answer. So the client binds a path of its own —
//! `$TMPDIR/unix_dgram_client.<pid>.sock` (`/tmp` without `TMPDIR`), unique
//! per process — only when it is about to use it: after the line is read,
//! just before sending. Ctrl-C at the prompt leaves nothing behind, and
//! from the bind on every way out removes the path again. (Ctrl-C during
//! the wait for the answer, at most 5 seconds, is the one exception: the
//! signal ends the program before it can.)
//!
//! The answer is awaited at most 5 seconds (`SO_RCVTIMEO`); a server that
//! never answers is a clear error, not a hang. Errors you can meet:
//! `sendto: No such file or directory (ENOENT)` (no server ever bound that
//! path), `sendto: Connection refused (ECONNREFUSED)` (its server is gone).
//!
//! Watch it (start-up lines cut): `strace -e trace=%network,unlink,read,write,close target/debug/examples/unix_dgram_client /tmp/unix.dg`
//! ```text
//! socket(AF_UNIX, SOCK_DGRAM, 0)          = 3
//! setsockopt(3, SOL_SOCKET, SO_RCVTIMEO_OLD, "\5\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16) = 0
//! write(1, "Please enter the message: ", 26) = 26
//! read(0, "hello\n", 8192)                = 6
//! bind(3, {sa_family=AF_UNIX, sun_path="/tmp/unix_dgram_client.11185.sock"}, 110) = 0
//! sendto(3, "hello\n", 6, 0, {sa_family=AF_UNIX, sun_path="/tmp/unix.dg"}, 110) = 6
//! recvfrom(3, "Got your message", 4096, 0, {sa_family=AF_UNIX, sun_path="/tmp/unix.dg"}, [110 => 15]) = 16
//! write(1, "Got an ack: Got your message\n", 29) = 29
//! unlink("/tmp/unix_dgram_client.11185.sock") = 0
//! close(3)                                = 0
//! ```
//! (`SO_RCVTIMEO_OLD` is strace's name for the `SO_RCVTIMEO` that takes a
//! `struct timeval`: 5 seconds, 0 microseconds.)
use std::error::Error;
use std::io::BufRead;

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
    // our own name, unique per process: in $TMPDIR, or /tmp
    let mypath = std::env::temp_dir().join(format!("unix_dgram_client.{}.sock", getpid()));
    let cliaddr = sockaddr_un::new(&mypath)?;

    let sockfd = socket(AF_UNIX, SOCK_DGRAM, 0)?;
    let tv = timeval {
        tv_sec: TIMEOUT_SECS,
        tv_usec: 0,
    };
    setsockopt(&sockfd, SOL_SOCKET, SO_RCVTIMEO, &tv)?;
    let sendline = prompt_line("Please enter the message: ")?;

    // Only now does the path come to exist; from here, every way out
    // removes it.
    bind(&sockfd, &cliaddr)?;
    let talked = talk(&sockfd, path, &servaddr, &sendline);
    let removed = unlink(&mypath);
    talked?;
    removed?;
    close(sockfd)?;
    Ok(())
}

/// Sends the line and prints the answer.
fn talk(
    sockfd: &Fd,
    path: &str,
    servaddr: &sockaddr_un,
    sendline: &[u8],
) -> std::result::Result<(), Box<dyn Error>> {
    sendto(sockfd, sendline, 0, servaddr)?;
    let mut recvline = [0u8; MAXLINE];
    let mut from = sockaddr_un::default();
    let n = match recvfrom_into(sockfd, &mut recvline, 0, &mut from) {
        Err(e) if e.errno() == Some(Errno::EAGAIN) => {
            return Err(format!(
                "unix_dgram_client: no answer from {path} within {TIMEOUT_SECS} seconds"
            )
            .into());
        }
        other => other?,
    };
    // printf("Got an ack: %s\n", recvline): up to the first zero byte
    let ack = recvline[..n].split(|b| *b == 0).next().unwrap_or_default();
    printf!("Got an ack: {}\n", String::from_utf8_lossy(ack))?;
    Ok(())
}

/// Prints `prompt` and reads one line from standard input, newline
/// included (C's `fgets`). End of input (Ctrl-D, an empty pipe) is an
/// error: there is nothing to send.
fn prompt_line(prompt: &str) -> std::result::Result<Vec<u8>, Box<dyn Error>> {
    printf!("{prompt}")?;
    let mut line = Vec::new();
    if std::io::stdin().lock().read_until(b'\n', &mut line)? == 0 {
        return Err("unix_dgram_client: no message to send (end of input)".into());
    }
    Ok(line)
}
