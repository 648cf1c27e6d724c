//! `tcp_upper_client [host] [port]` — the lecture's upper-case TCP client:
//! reads a sentence from the keyboard, sends it to `tcp_upper_server`, and
//! prints what comes back.
//!
//! Run it with its server, two terminals:
//!
//! ```text
//! terminal 1 $ cargo run --example tcp_upper_server
//! The server is ready to receive
//!
//! terminal 2 $ cargo run --example tcp_upper_client              # 127.0.0.1 12000
//! Input lowercase sentence: hello sockets
//! From Server: HELLO SOCKETS
//! ```
//!
//! `host` may be a dotted address or a name (`localhost`); both arguments
//! have defaults (127.0.0.1 and 12000). The C twin is
//! `docs/c/tcp_upper_client.c`. With no server running:
//! `connect: Connection refused (ECONNREFUSED)`, exit status 1.
//!
//! Under strace (a real run; the loader's start-up lines cut):
//!
//! ```text
//! $ strace -e trace=socket,connect,read,write,close target/debug/examples/tcp_upper_client
//! write(1, "Input lowercase sentence: ", 26) = 26
//! read(0, "hello sockets\n", 8192)        = 14
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! connect(3, {sa_family=AF_INET, sin_port=htons(12000), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! write(3, "hello sockets", 13)           = 13
//! read(3, "HELLO SOCKETS", 2048)          = 13
//! write(1, "From Server: HELLO SOCKETS\n", 27) = 27
//! close(3)                                = 0
//! ```
//!
//! The lesson: a client needs no bind(): connect() picks a free local port
//! for it (the "ephemeral" port the server sees in accept()).
use std::io::BufRead;

use socklab::*;

const DEFAULT_HOST: &str = "127.0.0.1";
const DEFAULT_PORT: u16 = 12000;
/// The server sends back at most this many bytes (its buffer size).
const BUFSIZE: usize = 2048;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let (host, port) = match args.as_slice() {
        [_] => (DEFAULT_HOST, DEFAULT_PORT),
        [_, host] => (host.as_str(), DEFAULT_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err("usage: tcp_upper_client [host] [port]".into()),
    };
    // Look the host up before asking for input: a typo fails at once.
    let servaddr = resolve_ipv4(host, port)?;

    printf!("Input lowercase sentence: ")?;
    let sentence = read_sentence()?;

    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    connect(&sockfd, &servaddr)?;
    write(&sockfd, &sentence)?;

    // One read, as in the lecture: the server answers with one write.
    let mut buf = [0u8; BUFSIZE];
    let n = read(&sockfd, &mut buf)?;
    if n == 0 {
        return Err("read: the server closed the connection without replying".into());
    }
    // The reply is bytes; non-UTF-8 ones print as U+FFFD.
    printf!("From Server: {}\n", String::from_utf8_lossy(&buf[..n]))?;
    close(sockfd)?;
    Ok(())
}

/// One line from standard input, without its line ending. An empty line
/// is refused: sending zero bytes sends nothing, and client and server
/// would then both wait for the other forever.
fn read_sentence() -> std::result::Result<Vec<u8>, String> {
    let mut line = Vec::new();
    let n = std::io::stdin()
        .lock()
        .read_until(b'\n', &mut line)
        .map_err(|e| format!("stdin: {e}"))?;
    if n == 0 {
        return Err("stdin: end of input before a sentence was typed".into());
    }
    while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        line.pop();
    }
    if line.is_empty() {
        return Err("stdin: empty sentence: nothing to send".into());
    }
    Ok(line)
}
