//! `message_client host port` — the classic sockets tutorial's `client.c`:
//! connect to a server, send one line typed at the keyboard, print the
//! answer.
//!
//! Run it with `message_server` (or `forking_server`), two terminals:
//!
//! ```text
//! terminal 1 $ cargo run --example message_server 51717
//! Here is the message: hi there          <- once the client has sent it
//!
//! terminal 2 $ cargo run --example message_client localhost 51717
//! Please enter the message: hi there
//! I got your message
//! ```
//!
//! `host` may be a name (`localhost`) or a dotted address (`127.0.0.1`).
//! Wrong arguments: `usage message_client hostname port`, as in the
//! tutorial. The C twin is `docs/c/message_client.c`, the tutorial's
//! `client.c`; this program makes its calls in its order: the socket
//! first, then the host's address (C's `gethostbyname`, here
//! `resolve_ipv4`: the C library makes the same calls for both).
//!
//! Under strace (start-up lines cut):
//!
//! ```text
//! $ strace -e trace=socket,connect,read,write,close target/debug/examples/message_client 127.0.0.1 51717
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! connect(3, {sa_family=AF_INET, sin_port=htons(51717), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! write(1, "Please enter the message: ", 26) = 26
//! read(0, "hi there\n", 8192)             = 9
//! write(3, "hi there\n", 9)               = 9
//! read(3, "I got your message", 255)      = 18
//! write(1, "I got your message\n", 19)    = 19
//! close(3)                                = 0
//! ```
//!
//! The lesson: the client connects *before* it asks for the message, so
//! the server's accept() returns while the user is still typing; the
//! server then waits in read().
use std::io::{BufRead, Read as _};

use socklab::*;

const BUFSIZE: usize = 255;
const USAGE: &str = "usage message_client hostname port";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let [_, host, port] = args.as_slice() else {
        return Err(USAGE.into());
    };
    let portno = parse_port(port)?;
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let serv_addr = resolve_ipv4(host, portno)?;
    connect(&sockfd, &serv_addr)?;

    printf!("Please enter the message: ")?;
    let mut buffer = Vec::new();
    let n = std::io::stdin()
        .lock()
        .take(254) // fgets(buffer, 255, stdin): at most 254 bytes and a zero
        .read_until(b'\n', &mut buffer)
        .map_err(|e| format!("stdin: {e}"))?;
    if n == 0 {
        return Err("stdin: end of input before a message was typed".into());
    }
    // The line goes out with its newline, as fgets() keeps it.
    write(&sockfd, &buffer)?;

    let mut buffer = [0u8; BUFSIZE];
    let n = read(&sockfd, &mut buffer)?;
    if n == 0 {
        return Err("read: the server closed the connection without replying".into());
    }
    // printf("%s\n", buffer): the bytes up to the first zero byte
    let reply = buffer[..n].split(|b| *b == 0).next().unwrap_or_default();
    printf!("{}\n", String::from_utf8_lossy(reply))?;
    close(sockfd)?;
    Ok(())
}
