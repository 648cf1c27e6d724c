//! `ch08_udpcli09 [host] [port]` — UNP chapter 8, Figure 8.23: `connect` a
//! UDP socket, then ask `getsockname` which local address and port the
//! kernel chose. Nothing is sent and no server is needed.
//!
//! Run it (one terminal):
//!
//! ```text
//! $ cargo run --example ch08_udpcli09
//! local address 127.0.0.1:43827
//! $ cargo run --example ch08_udpcli09 -- 192.0.2.1       # any host, none needs to answer
//! local address 10.0.2.15:48810                          # the interface toward that host
//! ```
//!
//! The C twin is `docs/c/ch08_udpcli09.c` (`cc -o udpcli09
//! docs/c/ch08_udpcli09.c`): the same system calls, with the same
//! arguments, in the same order.
//!
//! Under strace (`cargo build --example ch08_udpcli09` first):
//!
//! ```text
//! $ strace -e trace=socket,connect,getsockname target/debug/examples/ch08_udpcli09
//! socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3
//! connect(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! getsockname(3, {sa_family=AF_INET, sin_port=htons(43827), sin_addr=inet_addr("127.0.0.1")}, [16]) = 0
//! ```
//!
//! The lesson: connecting a UDP socket makes the kernel do two things at
//! once, without a packet: bind an ephemeral port, and pick the source
//! address from the route to the destination. It is the cheap way to ask
//! "which of my addresses would talk to that host?".
use socklab::*;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let (host, port) = match args.as_slice() {
        [_] => ("127.0.0.1", SERV_PORT),
        [_, host] => (host.as_str(), SERV_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err("usage: ch08_udpcli09 [host] [port]".into()),
    };
    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;

    let mut servaddr = sockaddr_in::default(); // bzero, sin_family = AF_INET
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;

    connect(&sockfd, &servaddr)?;

    let mut cliaddr = sockaddr_in::default();
    getsockname_into(&sockfd, &mut cliaddr)?;
    printf!("local address {}\n", sock_ntop(&cliaddr))?;

    exit(0);
}
