//! `tcp_upper_server [port]` — the lecture's upper-case TCP server: it
//! accepts a connection, reads one message, sends it back in capitals,
//! closes the connection, and waits for the next client. Forever.
//!
//! Run it with its client (`tcp_upper_client`), two terminals:
//!
//! ```text
//! terminal 1 $ cargo run --example tcp_upper_server          # port 12000
//! listening on 0.0.0.0:12000
//! The server is ready to receive
//!
//! terminal 2 $ cargo run --example tcp_upper_client
//! Input lowercase sentence: hello sockets
//! From Server: HELLO SOCKETS
//! ```
//!
//! Both take a port (`tcp_upper_server 12001`, `tcp_upper_client 127.0.0.1
//! 12001`). The C twin is `docs/c/tcp_upper_server.c`; any mix of Rust and C
//! client and server talks. Stop the server with Ctrl-C.
//!
//! Under strace, one client's visit (start-up lines cut):
//!
//! ```text
//! $ strace -e trace=socket,bind,listen,getsockname,accept,read,write,close target/debug/examples/tcp_upper_server
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! bind(3, {sa_family=AF_INET, sin_port=htons(12000), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! listen(3, 1024)                         = 0
//! getsockname(3, {sa_family=AF_INET, sin_port=htons(12000), sin_addr=inet_addr("0.0.0.0")}, [16]) = 0
//! write(1, "listening on 0.0.0.0:12000\n", 27) = 27
//! write(1, "The server is ready to receive\n", 31) = 31
//! accept(3, {sa_family=AF_INET, sin_port=htons(48920), sin_addr=inet_addr("127.0.0.1")}, [16]) = 4
//! read(4, "hello sockets", 2048)          = 13
//! write(4, "HELLO SOCKETS", 13)           = 13
//! close(4)                                = 0
//! accept(3, ...                           <- blocked until the next client
//! ```
//!
//! The lesson: a TCP server has two kinds of socket. The *listening* socket
//! (3) only accepts; each `accept()` returns a new *connected* socket (4)
//! for one client, which the server closes when it is done with that client.
//!
//! It serves one client at a time: a client that connects and then says
//! nothing keeps the next ones waiting in the listen queue until it sends or
//! closes (that is the lecture's design; `forking_server` fixes it). A client
//! that vanishes, resets the connection or sends bytes that are not text
//! costs one line on stderr, never the server.
use socklab::*;

/// The lecture's port.
const DEFAULT_PORT: u16 = 12000;
/// The lecture reads one message of at most this many bytes.
const BUFSIZE: usize = 2048;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let port = match args.as_slice() {
        [_] => DEFAULT_PORT,
        [_, port] => parse_port(port)?,
        _ => return Err("usage: tcp_upper_server [port]".into()),
    };

    // A client that resets the connection must cost an EPIPE error, not
    // the server's life (UNP section 5.13). The Rust runtime already
    // ignores SIGPIPE before main; saying so here makes it visible.
    signal(SIGPIPE, SIG_IGN, 0)?;
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::new(INADDR_ANY, port);
    bind(&listenfd, &servaddr)?;
    // The lecture's Python passes 1; LISTENQ lets a burst of clients queue.
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;
    printf!("The server is ready to receive\n")?;

    let mut cliaddr = sockaddr_in::default();
    loop {
        let connfd = accept_into(&listenfd, &mut cliaddr)?;
        if let Err(e) = upper_case_once(&connfd) {
            // ECONNRESET, EPIPE…: this client's problem, not the server's.
            perror(&e);
        }
        close(connfd)?;
    }
}

/// Reads one message (one read(2), as the lecture does) and writes it back
/// upper-cased. A client that closed without sending gets nothing.
fn upper_case_once(connfd: &Fd) -> Result<()> {
    let mut buf = [0u8; BUFSIZE];
    let n = read(connfd, &mut buf)?;
    if n > 0 {
        // to_ascii_uppercase changes a-z only: any other byte, text or
        // not, goes back as it came.
        let reply = buf[..n].to_ascii_uppercase();
        write(connfd, &reply)?;
    }
    Ok(())
}
