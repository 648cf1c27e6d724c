//! `hello_server [port]` — the lecture's AF_INET "hello" server: it waits
//! for one client, prints what the client says, answers
//! `Hello from server`, and ends.
//!
//! Run it with its client (`hello_client`), two terminals:
//!
//! ```text
//! terminal 1 $ cargo run --example hello_server              # port 8080
//! listening on 0.0.0.0:8080
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
//! $ strace -e trace=socket,setsockopt,bind,listen,getsockname,accept,read,sendto,close target/debug/examples/hello_server
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
//! bind(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! listen(3, 3)                            = 0
//! getsockname(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("0.0.0.0")}, [16]) = 0
//! accept(3, {sa_family=AF_INET, sin_port=htons(52814), sin_addr=inet_addr("127.0.0.1")}, [16]) = 4
//! read(4, "Hello from client", 1023)      = 17
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
/// The lecture's buffer is 1024 bytes; it reads one less.
const BUFSIZE: usize = 1024 - 1; // minus one for the C string's terminating zero
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

    let server_fd = socket(AF_INET, SOCK_STREAM, 0)?;
    // a restarted server may bind while the old port is in TIME_WAIT
    let opt: c_int = 1;
    setsockopt(&server_fd, SOL_SOCKET, SO_REUSEADDR, &opt)?;
    let mut address = sockaddr_in::new(INADDR_ANY, port);
    bind(&server_fd, &address)?;
    listen(&server_fd, 3)?; // the lecture's backlog: it serves one client
    getsockname_into(&server_fd, &mut address)?;
    printf!("listening on {}\n", sock_ntop(&address))?;
    let new_socket = accept_into(&server_fd, &mut address)?;

    let mut buffer = [0u8; BUFSIZE];
    let valread = read(&new_socket, &mut buffer)?;
    if valread == 0 {
        return Err("read: the client closed the connection without a message".into());
    }
    // printf("%s\n", buffer): up to the first zero byte; any bytes that
    // are not UTF-8 print as U+FFFD
    let msg = buffer[..valread]
        .split(|b| *b == 0)
        .next()
        .unwrap_or_default();
    printf!("{}\n", String::from_utf8_lossy(msg))?;
    send(&new_socket, HELLO, 0)?;
    printf!("Hello message sent\n")?;

    close(new_socket)?; // closing the connected socket
    close(server_fd)?; // closing the listening socket
    Ok(())
}
