//! `ch07_rcvbuf [host [port]]` — UNP chapter 7, section 7.9 (and exercises
//! 7.2–7.3): a TCP socket's receive buffer (`SO_RCVBUF`) and maximum
//! segment size (`TCP_MAXSEG`), read before and after `connect`.
//!
//! Run it alone: with no arguments it first opens its own listening socket
//! on 127.0.0.1 and a free port (the kernel completes the handshake; nobody
//! needs to accept). Or name a server (port 9877 by default), e.g. one of
//! the chapter-6 echo servers:
//!
//! ```text
//! $ cargo run --example ch07_rcvbuf
//! listening in this process on 127.0.0.1:43813 (no server named)
//! before connect: SO_RCVBUF = 131072, TCP_MAXSEG = 536
//! connected to 127.0.0.1:43813
//! after connect:  SO_RCVBUF = 131072, TCP_MAXSEG = 32741
//!
//! terminal 1 $ cargo run --example ch06_tcpservselect01
//! terminal 2 $ cargo run --example ch07_rcvbuf 127.0.0.1 9877
//! ```
//!
//! 536 is the MSS TCP must assume before it knows better. After the
//! handshake Linux reports the segment size it will actually use: what
//! the peer announced in its SYN minus options — on loopback (MTU 65536)
//! 65536 − 20 (IP) − 20 (TCP) − 12 (timestamps) = 65483, across an Ethernet
//! typically 1448 — but never more than half the largest window the peer
//! has offered so far. Right after connect on loopback that cap wins
//! (32741); once data has flowed and the window has grown, the same call
//! reads 65483.
//!
//! The C twin is `docs/c/ch07_rcvbuf.c` (section 7.9; `cc -o rcvbuf
//! docs/c/ch07_rcvbuf.c`): the same system calls, with the same arguments, in the
//! same order — `tests/fidelity_strace.rs` holds the two to it.
//!
//! Under strace (`cargo build --example ch07_rcvbuf` first):
//!
//! ```text
//! $ strace -e trace=socket,connect,getsockopt target/debug/examples/ch07_rcvbuf
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3          <- the in-process listener
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 4
//! getsockopt(4, SOL_SOCKET, SO_RCVBUF, [131072], [4]) = 0
//! getsockopt(4, SOL_TCP, TCP_MAXSEG, [536], [4]) = 0
//! connect(4, {sa_family=AF_INET, sin_port=htons(43813), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! getsockopt(4, SOL_SOCKET, SO_RCVBUF, [131072], [4]) = 0
//! getsockopt(4, SOL_TCP, TCP_MAXSEG, [32741], [4]) = 0
//! ```
//!
//! The lesson: the receive buffer is what TCP advertises as its window, so
//! a program that wants a bigger one must set SO_RCVBUF *before* connect
//! (or, for a server, before listen): the window scale is agreed in the
//! SYNs. The MSS is only known once the connection exists.
use socklab::*;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let named = match args.as_slice() {
        [_] => None,
        [_, host] => Some((host.as_str(), SERV_PORT)),
        [_, host, port] => Some((host.as_str(), parse_port(port)?)),
        _ => return Err("usage: ch07_rcvbuf [host [port]]".into()),
    };

    let mut servaddr = sockaddr_in::default(); // bzero, sin_family = AF_INET
    // No server named: listen ourselves, on loopback and a free port (the
    // kernel completes the handshake; nobody needs to accept). The
    // listening socket stays open until the end.
    let _listenfd = match named {
        None => {
            servaddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            servaddr.sin_port = htons(0);
            let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
            bind(&listenfd, &servaddr)?;
            listen(&listenfd, LISTENQ)?;
            getsockname_into(&listenfd, &mut servaddr)?;
            printf!(
                "listening in this process on {} (no server named)\n",
                sock_ntop(&servaddr)
            )?;
            Some(listenfd)
        }
        Some((host, port)) => {
            servaddr.sin_port = htons(port);
            inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;
            None
        }
    };

    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    show("before connect:", &sockfd)?;
    connect(&sockfd, &servaddr)?;
    printf!("connected to {}\n", sock_ntop(&servaddr))?;
    show("after connect: ", &sockfd)?;
    exit(0);
}

/// Prints the two options' current values.
fn show(when: &str, sockfd: &Fd) -> Result<()> {
    let rcvbuf = getsockopt(sockfd, SOL_SOCKET, SO_RCVBUF)?;
    let mss = getsockopt(sockfd, IPPROTO_TCP, TCP_MAXSEG)?;
    printf!("{when} SO_RCVBUF = {rcvbuf}, TCP_MAXSEG = {mss}\n")?;
    Ok(())
}
