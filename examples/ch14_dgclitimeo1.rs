//! `ch14_dgclitimeo1 [IPaddress] [port]` — UNP chapter 14, Figures
//! 14.3–14.4: the UDP echo client with a timeout made by `select`:
//! `readable_timeo` waits at most 5 seconds for the reply before
//! `recvfrom` is called.
//!
//! Run it against the chapter 8 echo server (127.0.0.1 port 9877 by default):
//!
//! ```text
//! terminal 1 $ cargo run --example ch08_udpserv01
//! terminal 2 $ cargo run --example ch14_dgclitimeo1
//! hello
//! hello
//! ^D
//! ```
//!
//! With no server, each line ends, 5 seconds later, in one line on
//! stderr: `socket timeout`; the client goes on with the next line.
//!
//! Under strace (`cargo build --example ch14_dgclitimeo1` first; no server):
//!
//! ```text
//! $ echo hello | strace -e trace=sendto,pselect6,recvfrom target/debug/examples/ch14_dgclitimeo1
//! sendto(3, "hello\n", 6, 0, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, 16) = 6
//! pselect6(4, [3], NULL, NULL, {tv_sec=5, tv_nsec=0}, NULL) = 0 (Timeout)
//! ```
//!
//! The lesson: no signal, no race: `select` (unp's `readable_timeo`)
//! works with any descriptor and any number of them; the read itself
//! comes only when there is something to read. C twin:
//! `docs/c/ch14_dgclitimeo1.c`.

use socklab::*;

const USAGE: &str = "usage: ch14_dgclitimeo1 [IPaddress] [port]   (defaults: 127.0.0.1 9877)";

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
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;

    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
    dg_cli(&sockfd, &servaddr)?;
    exit(0);
}

/// Figure 14.4: dg_cli with readable_timeo.
fn dg_cli(
    sockfd: &Fd,
    servaddr: &sockaddr_in,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut input = std::io::stdin().lock();
    let mut sendline = Vec::new();
    let mut recvline = [0u8; MAXLINE];
    loop {
        // fgets(sendline, MAXLINE, stdin)
        if stdio::fgets(&mut sendline, &mut input)? == 0 {
            return Ok(());
        }
        sendto(sockfd, &sendline, 0, servaddr)?;
        if readable_timeo(sockfd, 5)? == 0 {
            eprintln!("socket timeout");
        } else {
            let n = recv(sockfd, &mut recvline, 0)?;
            stdio::fputs(&recvline[..n], std::io::stdout())?;
        }
    }
}
