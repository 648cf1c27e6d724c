//! `chat_client [host=127.0.0.1] [port=8190]` — the lecture notes'
//! turn-taking chat, client side: connect, then take turns — send a line
//! typed at the ` ? ` prompt, print the server's answer — until either
//! side types `bye` or ends its input (Ctrl-D).
//!
//! Run it (two terminals; the C twin is `docs/c/chat_client.c`):
//! ```text
//! $ cargo run --example chat_server
//! Waiting for a client on port 8190
//! Connection from 127.0.0.1:40112: type a line at the ` ? ` prompt, `bye` to end
//! client: hello
//!  ? hi there
//! client: bye
//! The client said bye: closing the connection
//!
//! $ cargo run --example chat_client
//! Connected to 127.0.0.1:8190: type a line at the ` ? ` prompt, `bye` to end
//!  ? hello
//! server: hi there
//!  ? bye
//! You said bye: closing the connection
//! ```
//! The client speaks first. Each turn is one line (at most MAXLINE bytes
//! with its newline; the rest of a longer one is dropped). `bye` from
//! either side, or end of input on either side, ends the chat: both close
//! their socket and exit with status 0 — the side that did not end it
//! learns from `read` returning 0 (end of file) or from the `bye`.
//! `host` is a dotted address or a name (`localhost`).
//!
//! Watch it (the client says `hello`, the server `hi`, the client `bye`;
//! start-up lines cut):
//! `strace -e trace=%network,read,write,close target/debug/examples/chat_client`
//! ```text
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! connect(3, {sa_family=AF_INET, sin_port=htons(8190), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! write(1, "Connected to 127.0.0.1:8190: typ"..., 75) = 75
//! write(1, " ? ", 3)                      = 3
//! read(0, "hello\nbye\n", 8192)           = 10
//! write(3, "hello\n", 6)                  = 6
//! read(3, "h", 1)                         = 1
//! read(3, "i", 1)                         = 1
//! read(3, "\n", 1)                        = 1
//! write(1, "server: hi\n", 11)            = 11
//! write(1, " ? ", 3)                      = 3
//! write(3, "bye\n", 4)                    = 4
//! write(1, "You said bye: closing the connec"..., 37) = 37
//! close(3)                                = 0
//! ```
//! (Here both lines were piped in: one `read(0, …)` took both, and the
//! second prompt is answered from the buffer, without a system call.)
use std::error::Error;
use std::io::{BufRead, Read};

use socklab::*;

const DEFAULT_HOST: &str = "127.0.0.1";
const DEFAULT_PORT: u16 = 8190;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn Error>> {
    // A server that is gone must cost an EPIPE error, reported, not a
    // silent death (UNP section 5.13). The Rust runtime already ignores
    // SIGPIPE before main; saying so here makes it visible.
    signal(SIGPIPE, SIG_IGN, 0)?;
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let (host, port) = match args.as_slice() {
        [_] => (DEFAULT_HOST, DEFAULT_PORT),
        [_, host] => (host.as_str(), DEFAULT_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err("usage: chat_client [host] [port]".into()),
    };
    let servaddr = resolve_ipv4(host, port)?;

    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    connect(&sockfd, &servaddr)?;
    printf!("Connected to {servaddr}: type a line at the ` ? ` prompt, `bye` to end\n")?;
    let ending = chat(&sockfd)?;
    printf!("{ending}\n")?;
    close(sockfd)?;
    Ok(())
}

/// Takes turns with the server (the client speaks first) until one side
/// ends the chat; returns how it ended.
fn chat(sockfd: &Fd) -> std::result::Result<&'static str, Box<dyn Error>> {
    loop {
        let Some(line) = prompt_line(" ? ")? else {
            return Ok("\nEnd of input: closing the connection");
        };
        send_line(sockfd, &line)?;
        if line == b"bye" {
            return Ok("You said bye: closing the connection");
        }
        let Some(reply) = recv_line(sockfd)? else {
            return Ok("The server closed the connection");
        };
        printf!("server: {}\n", String::from_utf8_lossy(&reply))?;
        if reply == b"bye" {
            return Ok("The server said bye: closing the connection");
        }
    }
}

/// Sends `line` and its newline in one write (writen: all of it).
fn send_line(fd: &Fd, line: &[u8]) -> Result<()> {
    let mut buf = Vec::with_capacity(line.len() + 1);
    buf.extend_from_slice(line);
    buf.push(b'\n');
    writen(fd, &buf)
}

/// Reads the peer's next line, without its newline; `None` when the peer
/// has closed. A line longer than MAXLINE (a misbehaving peer) is cut: its
/// rest is read and dropped, so the turns stay in step.
fn recv_line(fd: &Fd) -> Result<Option<Vec<u8>>> {
    let mut buf = [0u8; MAXLINE];
    let n = readline(fd, &mut buf)?;
    if n == 0 {
        return Ok(None); // end of file: the peer closed
    }
    let mut line = buf[..n].to_vec();
    if line.last() == Some(&b'\n') {
        line.pop();
    } else if n == buf.len() {
        // cut: skip to the end of this line (or of the input)
        while let m @ 1.. = readline(fd, &mut buf)? {
            if buf[m - 1] == b'\n' {
                break;
            }
        }
    }
    if line.last() == Some(&b'\r') {
        line.pop(); // from a telnet or nc -C peer
    }
    Ok(Some(line))
}

/// Prints `prompt` and reads one line typed at the terminal, without its
/// newline; `None` at end of input. At most MAXLINE - 1 bytes are kept (the
/// line and its newline must fit the peer's MAXLINE buffer); the rest of a
/// longer line is read and dropped.
fn prompt_line(prompt: &str) -> std::io::Result<Option<Vec<u8>>> {
    printf!("{prompt}")?;
    let mut stdin = std::io::stdin().lock();
    let mut line = Vec::new();
    if stdin
        .by_ref()
        .take(MAXLINE as u64 - 1)
        .read_until(b'\n', &mut line)?
        == 0
    {
        return Ok(None);
    }
    if line.last() == Some(&b'\n') {
        line.pop();
    } else {
        skip_rest_of_line(&mut stdin)?;
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some(line))
}

/// Reads and drops input up to and including the next newline.
fn skip_rest_of_line(input: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(()); // end of input
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(i) => {
                input.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buf.len();
                input.consume(n);
            }
        }
    }
}
