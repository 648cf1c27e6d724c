//! `dgram_server port` — the sockets tutorial's datagram server: UDP, no
//! connection, one socket for every client. Each datagram is printed and
//! answered with `Got your message`, to the address it came from.
//!
//! Run it (two terminals; the C twin is `docs/c/dgram_server.c`, the
//! tutorial's `server_udp.c`, whose calls this program makes):
//! ```text
//! $ cargo run --example dgram_server -- 9877
//! bound to 0.0.0.0:9877
//! Waiting for datagrams on port 9877
//! Received a datagram: hello
//!
//! $ cargo run --example dgram_client -- 127.0.0.1 9877
//! Please enter the message: hello
//! Got an ack: Got your message
//! ```
//! The server runs until you stop it (Ctrl-C). A datagram longer than its
//! 1024-byte buffer is cut to fit (the rest is lost: UDP keeps message
//! boundaries, and a datagram is read whole or cut).
//!
//! Watch it (start-up lines cut): `strace -e trace=%network,read,write,close target/debug/examples/dgram_server 9877`
//! ```text
//! socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3
//! bind(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! getsockname(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("0.0.0.0")}, [16]) = 0
//! write(1, "bound to 0.0.0.0:9877\n", 22) = 22
//! write(1, "Waiting for datagrams on port 98"..., 35) = 35
//! recvfrom(3, "hello\n", 1024, 0, {sa_family=AF_INET, sin_port=htons(60515), sin_addr=inet_addr("127.0.0.1")}, [16]) = 6
//! write(1, "Received a datagram: hello\n", 27) = 27
//! sendto(3, "Got your message", 16, 0, {sa_family=AF_INET, sin_port=htons(60515), sin_addr=inet_addr("127.0.0.1")}, 16) = 16
//! ```
//! No `listen`, no `accept`: `recvfrom` says who sent each datagram (here
//! the client's ephemeral port 60515) and `sendto` answers that address.
use std::error::Error;

use socklab::*;

/// How much of a datagram the server keeps, as in the tutorial.
const BUFSIZE: usize = 1024;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let [_, port] = args.as_slice() else {
        return Err("usage: dgram_server port".into());
    };
    let port = parse_port(port)?;

    let sock = socket(AF_INET, SOCK_DGRAM, 0)?;
    let mut server = sockaddr_in::new(INADDR_ANY, port);
    bind(&sock, &server)?;
    getsockname_into(&sock, &mut server)?;
    printf!("bound to {}\n", sock_ntop(&server))?;
    printf!("Waiting for datagrams on port {}\n", server.port())?;

    let mut buf = [0u8; BUFSIZE];
    let mut from = sockaddr_in::default();
    loop {
        let n = recvfrom_into(&sock, &mut buf, 0, &mut from)?;
        printf!("Received a datagram: {}\n", as_text(&buf[..n]))?;
        // One client's trouble is reported and the server goes on.
        if let Err(e) = sendto(&sock, b"Got your message", 0, &from) {
            perror(&e);
        }
    }
}

/// A message as printable text: bytes that are not UTF-8 show as U+FFFD,
/// and the line's own newline is dropped (println! adds one).
fn as_text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .trim_end_matches(['\n', '\r'])
        .to_string()
}
