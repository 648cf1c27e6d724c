//! `ch16_tcpcli03 [IPaddress] [port]` — UNP chapter 16, section 16.6: the
//! client that connects and at once **aborts** the connection:
//! `SO_LINGER` with `l_onoff` 1 and `l_linger` 0 makes `close` send an RST
//! instead of a FIN. The book uses it against `ch16_tcpservselect03` to
//! make a connection vanish between the server's `select` and its
//! `accept` (on Linux it does not vanish: see that program).
//!
//! ```text
//! terminal 1 $ cargo run --example ch16_tcpservselect03
//! listening on 0.0.0.0:9877
//! listening socket readable
//! new client 127.0.0.1:40000 in slot 0 (descriptor 4)
//! client 127.0.0.1:40000 in slot 0: read: Connection reset by peer (ECONNRESET); dropped
//!
//! terminal 2 $ cargo run --example ch16_tcpcli03
//! ```
//!
//! Under strace (`cargo build --example ch16_tcpcli03` first):
//!
//! ```text
//! $ strace -e trace=connect,setsockopt,close target/debug/examples/ch16_tcpcli03
//! connect(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0
//! close(3)                                = 0
//! ```
//!
//! With no server: `connect: Connection refused (ECONNREFUSED)`.
//!
//! The lesson: a linger time of 0 turns `close` into an abort — no
//! TIME_WAIT, an RST to the peer. C twin: `docs/c/ch16_tcpcli03.c`.
use socklab::*;

const USAGE: &str = "usage: ch16_tcpcli03 [IPaddress] [port]   (defaults: 127.0.0.1 9877)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (host, port) = match args.as_slice() {
        [_] => ("127.0.0.1", SERV_PORT),
        [_, host] => (host.as_str(), SERV_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err(USAGE.into()),
    };

    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;
    connect(&sockfd, &servaddr)?;

    let ling = linger {
        l_onoff: 1, // cause RST to be sent on close()
        l_linger: 0,
    };
    setsockopt(&sockfd, SOL_SOCKET, SO_LINGER, &ling)?;
    close(sockfd)?;
    exit(0);
}
