//! `hello_server [port]` — the lecture's AF_INET "hello" server: it waits
//! for one client, prints what the client says, answers
//! `Hello from server`, and ends.
//!
//! Run it with its client (`hello_client`), two terminals:
//!
//! ```text
//! terminal 1 $ cargo run --example hello_server              # port 8080
//!
//! terminal 2 $ cargo run --example hello_client
//! Hello message sent
//! Hello from server
//!
//! terminal 1, meanwhile:
//! Hello from client
//! Hello message sent
//! ```
//!
//! Both take a port (`hello_server 8081`, `hello_client 127.0.0.1 8081`).
//! The C twin is `docs/c/hello_server.c`.
//!
//! Under strace (start-up lines cut):
//!
//! ```text
//! $ strace -e trace=socket,setsockopt,bind,listen,accept,read,sendto,close target/debug/examples/hello_server
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
//! bind(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! listen(3, 3)                            = 0
//! accept(3, {sa_family=AF_INET, sin_port=htons(52814), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 4
//! read(4, "Hello from client", 1024)      = 17
//! sendto(4, "Hello from server", 17, 0, NULL, 0) = 17
//! close(4)                                = 0
//! close(3)                                = 0
//! ```
//!
//! `send()` shows as `sendto(…, NULL, 0)`: the C library's send() is
//! sendto() without an address.
//!
//! The lesson: the four steps of every TCP server — socket, bind, listen,
//! accept — and why the lecture sets `SO_REUSEADDR` first: the side that
//! closes first keeps the port in TIME_WAIT for a minute, and without the
//! option a restarted server's bind() fails with EADDRINUSE. (The lecture's
//! version also sets `SO_REUSEPORT`; we leave it out, because it would let
//! a second server bind the same port without any error.)
use socklab::*;

/// The lecture's port.
const DEFAULT_PORT: u16 = 8080;
/// The lecture's buffer size.
const BUFSIZE: usize = 1024;
const HELLO: &[u8] = b"Hello from server";

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
        _ => return Err("usage: hello_server [port]".into()),
    };

    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let on: c_int = 1;
    setsockopt(&listenfd, SOL_SOCKET, SO_REUSEADDR, &on)?;
    bind(&listenfd, &sockaddr_in::new(INADDR_ANY, port))?;
    listen(&listenfd, 3)?; // the lecture's backlog: it serves one client
    let (connfd, _cliaddr) = accept(&listenfd)?;

    let mut buf = [0u8; BUFSIZE];
    let n = read(&connfd, &mut buf)?;
    if n == 0 {
        return Err("read: the client closed the connection without a message".into());
    }
    // Whatever bytes arrived; any that are not UTF-8 print as U+FFFD.
    printf!("{}\n", String::from_utf8_lossy(&buf[..n]))?;
    send(&connfd, HELLO, 0)?;
    printf!("Hello message sent\n")?;

    close(connfd)?;
    close(listenfd)?;
    Ok(())
}
