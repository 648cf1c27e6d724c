//! `unix_stream_client path` — the lecture notes' AF_UNIX (AF_LOCAL) stream
//! client: connect to the server's path, send one line, print the answer.
//!
//! Run it (two terminals; the C twin is `docs/c/unix_stream_client.c`):
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
//! The line is sent with its newline, as C's `fgets` keeps it. Errors you
//! can meet: `connect: No such file or directory (ENOENT)` (no server ever
//! bound that path), `connect: Connection refused (ECONNREFUSED)` (a socket
//! file is there but its server is gone).
//!
//! Watch it (start-up lines cut): `strace -e trace=%network,read,write,close target/debug/examples/unix_stream_client /tmp/unix.str`
//! ```text
//! socket(AF_UNIX, SOCK_STREAM, 0)         = 3
//! connect(3, {sa_family=AF_UNIX, sun_path="/tmp/unix.str"}, 110) = 0
//! write(1, "Please enter your message: ", 27) = 27
//! read(0, "hello\n", 8192)                = 6
//! write(3, "hello\n", 6)                  = 6
//! read(3, "I got your message", 80)       = 18
//! write(1, "The return message was\n", 23) = 23
//! write(1, "I got your message\n", 19)    = 19
//! close(3)                                = 0
//! ```
//! The address is a path: no port, no IP, and connect's length is
//! `sizeof(struct sockaddr_un)`, 110. (The C twin reads the terminal with
//! stdio's 4096-byte buffer instead of Rust's 8192; otherwise the traces match.)
use std::error::Error;
use std::io::BufRead;

use socklab::*;

/// How much of the answer the client reads, as in the notes.
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
        return Err("usage: unix_stream_client path".into());
    };
    let servaddr = sockaddr_un::new(path)?; // too long for sun_path: an error, not a cut

    let sockfd = socket(AF_UNIX, SOCK_STREAM, 0)?;
    connect(&sockfd, &servaddr)?;

    let line = prompt_line("Please enter your message: ")?;
    write(&sockfd, &line)?;

    let mut buf = [0u8; BUFSIZE];
    let n = read(&sockfd, &mut buf)?;
    if n == 0 {
        return Err(
            "unix_stream_client: the server closed the connection without answering".into(),
        );
    }
    printf!("The return message was\n")?;
    printf!("{}\n", String::from_utf8_lossy(&buf[..n]))?;
    close(sockfd)?;
    Ok(())
}

/// Prints `prompt` and reads one line from standard input, newline
/// included. End of input (Ctrl-D, an empty pipe) is an error: there is
/// nothing to send.
fn prompt_line(prompt: &str) -> std::result::Result<Vec<u8>, Box<dyn Error>> {
    printf!("{prompt}")?;
    let mut line = Vec::new();
    if std::io::stdin().lock().read_until(b'\n', &mut line)? == 0 {
        return Err("unix_stream_client: no message to send (end of input)".into());
    }
    Ok(line)
}
