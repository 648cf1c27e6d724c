//! `chat_server [port=8190]` — the lecture notes' turn-taking chat, server
//! side: wait for one client, then take turns — print the client's line,
//! answer with a line typed at the ` ? ` prompt — until either side types
//! `bye` or ends its input (Ctrl-D).
//!
//! Run it (two terminals; the C twin is `docs/c/chat_server.c`):
//! ```text
//! $ cargo run --example chat_server
//! listening on 0.0.0.0:8190
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
//! **The protocol** is lines: each turn is one line ending in `\n`, read
//! with `readline` (one byte per `read`, so nothing past the newline is
//! taken). A line is at most MAXLINE (4096) bytes with its newline; the
//! rest of a longer line is dropped, so the turns stay in step.
//!
//! **The end.** Whoever types `bye` sends it and closes; the other side
//! prints it and closes too. Whoever reaches end of input closes without a
//! word; the other side's `read` returns 0 (end of file) and it closes.
//! Both exit with status 0. The server has one conversation, like the
//! notes' program: it closes its listening socket after `accept`, so a
//! second client is refused.
//!
//! Watch it (the client says `hello`, the server `hi`, the client `bye`;
//! start-up lines cut):
//! `strace -e trace=%network,read,write,close target/debug/examples/chat_server`
//! ```text
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! bind(3, {sa_family=AF_INET, sin_port=htons(8190), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! listen(3, 1)                            = 0
//! getsockname(3, {sa_family=AF_INET, sin_port=htons(8190), sin_addr=inet_addr("0.0.0.0")}, [16]) = 0
//! write(1, "listening on 0.0.0.0:8190\n", 26) = 26
//! write(1, "Waiting for a client on port 819"..., 34) = 34
//! accept(3, {sa_family=AF_INET, sin_port=htons(54960), sin_addr=inet_addr("127.0.0.1")}, [16]) = 4
//! close(3)                                = 0
//! write(1, "Connection from 127.0.0.1:54960:"..., 79) = 79
//! read(4, "h", 1)                         = 1
//! read(4, "e", 1)                         = 1
//! read(4, "l", 1)                         = 1
//! read(4, "l", 1)                         = 1
//! read(4, "o", 1)                         = 1
//! read(4, "\n", 1)                        = 1
//! write(1, "client: hello\n", 14)         = 14
//! write(1, " ? ", 3)                      = 3
//! read(0, "hi\n", 8192)                   = 3
//! write(4, "hi\n", 3)                     = 3
//! read(4, "b", 1)                         = 1
//! read(4, "y", 1)                         = 1
//! read(4, "e", 1)                         = 1
//! read(4, "\n", 1)                        = 1
//! write(1, "client: bye\n", 12)           = 12
//! write(1, "The client said bye: closing the"..., 44) = 44
//! close(4)                                = 0
//! ```
//! `readline` reads one byte per system call: slow, but it never takes a
//! byte past the newline, so there is no hidden buffer to lose.
//!
//! If you restart the server at once after *it* closed first (you typed
//! `bye`), `bind` may fail with EADDRINUSE for about a minute: the side
//! that closes first keeps the connection in TIME_WAIT. (`SO_REUSEADDR`
//! would allow the bind; this program, like the notes', does not set it.)
use std::error::Error;
use std::io::{BufRead, Read};

use socklab::*;

const DEFAULT_PORT: u16 = 8190;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let port = match args.as_slice() {
        [_] => DEFAULT_PORT,
        [_, port] => parse_port(port)?,
        _ => return Err("usage: chat_server [port]".into()),
    };

    // A client that is gone must cost an EPIPE error, reported, not a
    // silent death (UNP section 5.13). The Rust runtime already ignores
    // SIGPIPE before main; saying so here makes it visible.
    signal(SIGPIPE, SIG_IGN, 0)?;
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::new(INADDR_ANY, port);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, 1)?; // one conversation: no queue needed
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;
    printf!("Waiting for a client on port {}\n", servaddr.port())?;

    let mut cliaddr = sockaddr_in::default();
    let connfd = accept_into(&listenfd, &mut cliaddr)?;
    close(listenfd)?; // no more clients
    printf!("Connection from {cliaddr}: type a line at the ` ? ` prompt, `bye` to end\n")?;
    let ending = chat(&connfd)?;
    printf!("{ending}\n")?;
    close(connfd)?;
    Ok(())
}

/// Takes turns with the client (it speaks first) until one side ends the
/// chat; returns how it ended.
fn chat(connfd: &Fd) -> std::result::Result<&'static str, Box<dyn Error>> {
    loop {
        let Some(line) = recv_line(connfd)? else {
            return Ok("The client closed the connection");
        };
        printf!("client: {}\n", String::from_utf8_lossy(&line))?;
        if line == b"bye" {
            return Ok("The client said bye: closing the connection");
        }
        let Some(reply) = prompt_line(" ? ")? else {
            return Ok("\nEnd of input: closing the connection");
        };
        send_line(connfd, &reply)?;
        if reply == b"bye" {
            return Ok("You said bye: closing the connection");
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
