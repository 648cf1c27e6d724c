//! `hello_client [host] [port]` — the lecture's AF_INET "hello" client: it
//! connects to `hello_server`, sends `Hello from client`, and prints the
//! answer.
//!
//! Run it with its server, two terminals:
//!
//! ```text
//! terminal 1 $ cargo run --example hello_server
//!
//! terminal 2 $ cargo run --example hello_client             # 127.0.0.1 8080
//! Hello message sent
//! Hello from server
//! ```
//!
//! `host` may be a dotted address or a name (`localhost`). With no server:
//! `connect: Connection refused (ECONNREFUSED)`, exit status 1. The C twin
//! is `docs/c/hello_client.c`.
//!
//! Under strace (start-up lines cut):
//!
//! ```text
//! $ strace -e trace=socket,connect,sendto,read,close target/debug/examples/hello_client
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! connect(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! sendto(3, "Hello from client", 17, 0, NULL, 0) = 17
//! read(3, "Hello from server", 1023)      = 17
//! close(3)                                = 0
//! ```
//!
//! The lesson: `inet_pton` turns the text `127.0.0.1` into the four bytes
//! `connect()` needs, in network byte order, as `htons` does for the port.
use socklab::*;

const DEFAULT_HOST: &str = "127.0.0.1";
const DEFAULT_PORT: u16 = 8080;
const BUFSIZE: usize = 1024 - 1; // minus one for the C string's terminating zero
const HELLO: &[u8] = b"Hello from client";

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
        _ => return Err("usage: hello_client [host] [port]".into()),
    };
    // inet_pton for a dotted address, getaddrinfo for a name.
    let servaddr = resolve_ipv4(host, port)?;

    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    connect(&sockfd, &servaddr)?;
    send(&sockfd, HELLO, 0)?;
    printf!("Hello message sent\n")?;

    let mut buffer = [0u8; BUFSIZE];
    let valread = read(&sockfd, &mut buffer)?;
    if valread == 0 {
        return Err("read: the server closed the connection without replying".into());
    }
    // printf("%s\n", buffer): up to the first zero byte
    let reply = buffer[..valread]
        .split(|b| *b == 0)
        .next()
        .unwrap_or_default();
    printf!("{}\n", String::from_utf8_lossy(reply))?;
    close(sockfd)?;
    Ok(())
}
