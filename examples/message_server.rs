//! `message_server port` — the classic sockets tutorial's `server.c`: wait
//! for one client, print the message it sends, answer
//! `I got your message`, and end.
//!
//! Run it with its client (`message_client`), two terminals:
//!
//! ```text
//! terminal 1 $ cargo run --example message_server 51717
//!
//! terminal 2 $ cargo run --example message_client localhost 51717
//! Please enter the message: hi there
//! I got your message
//!
//! terminal 1, meanwhile:
//! Here is the message: hi there
//! ```
//!
//! Without a port: `ERROR, no port provided`, as in the tutorial. The C twin
//! is `docs/c/message_server.c`.
//!
//! Under strace (start-up lines cut):
//!
//! ```text
//! $ strace -e trace=socket,bind,listen,accept,read,write,close target/debug/examples/message_server 51717
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! bind(3, {sa_family=AF_INET, sin_port=htons(51717), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! listen(3, 5)                            = 0
//! accept(3, {sa_family=AF_INET, sin_port=htons(40188), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 4
//! read(4, "hi there\n", 255)              = 9
//! write(1, "Here is the message: hi there\n", 30) = 30
//! write(4, "I got your message", 18)      = 18
//! close(4)                                = 0
//! close(3)                                = 0
//! ```
//!
//! The lesson: this server serves exactly one client, then exits. To serve
//! many at once, fork a child per connection: see `forking_server`.
use socklab::*;

/// The tutorial reads at most 255 bytes (its buffer is 256, one for the
/// terminating zero a C string needs).
const BUFSIZE: usize = 255;
const REPLY: &[u8] = b"I got your message";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let port = match args.as_slice() {
        [_] => return Err("ERROR, no port provided".into()),
        [_, port] => parse_port(port)?,
        _ => return Err("usage: message_server port".into()),
    };

    // A client that resets the connection must cost an EPIPE error, not
    // the server's life. (The Rust runtime already ignores SIGPIPE before
    // main; saying so here makes it visible, and the same call as in C.)
    signal(SIGPIPE, SIG_IGN, 0)?;
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    bind(&listenfd, &sockaddr_in::new(INADDR_ANY, port))?;
    listen(&listenfd, 5)?; // the tutorial's backlog
    let (connfd, _cliaddr) = accept(&listenfd)?;

    let mut buf = [0u8; BUFSIZE];
    let n = read(&connfd, &mut buf)?;
    if n == 0 {
        return Err("read: the client closed the connection without a message".into());
    }
    let msg = without_line_ending(&buf[..n]);
    printf!("Here is the message: {}\n", String::from_utf8_lossy(msg))?;
    write(&connfd, REPLY)?;

    close(connfd)?;
    close(listenfd)?;
    Ok(())
}

/// The message without the newline the client typed (the tutorial prints
/// it, and a blank line after it).
fn without_line_ending(mut msg: &[u8]) -> &[u8] {
    while let [rest @ .., b'\n' | b'\r'] = msg {
        msg = rest;
    }
    msg
}
