//! `ch21_udpcli01 [IPaddress] [port]` — UNP chapter 21, § 21.8: chapter
//! 20's broadcast client (`ch20_dgclibcast1`) sent to a **multicast**
//! group instead: one `sendto`, then every reply for 5 seconds (`alarm`),
//! each with its sender. No `SO_BROADCAST`: a multicast needs no
//! permission. Defaults: 224.0.0.1 — the all-hosts group, which every
//! multicast-capable interface joins by itself — and the chapter 8 echo
//! port, 9877.
//!
//! In the lab (`docs/virtual-lab.md`), with the chapter 8 echo server on
//! two hosts (bound to the wildcard, it gets what is sent to any group the
//! host belongs to):
//!
//! ```text
//! $ sudo socklab lab up
//! $ sudo socklab lab exec h2 -- target/debug/examples/ch08_udpserv01 &
//! $ sudo socklab lab exec h3 -- target/debug/examples/ch08_udpserv01 &
//! $ echo hello | sudo socklab lab exec h1 -- target/debug/examples/ch21_udpcli01
//! from 198.51.100.2: hello
//! from 198.51.100.3: hello
//! ```
//!
//! Under strace: the `sendto` goes to 224.0.0.1, the replies come from
//! each host's own address, by unicast:
//!
//! ```text
//! sendto(3, "hello\n", 6, 0, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("224.0.0.1")}, 16) = 6
//! alarm(5)                                = 0
//! recvfrom(3, "hello\n", 4096, 0, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("198.51.100.2")}, [16]) = 6
//! recvfrom(3, "hello\n", 4096, 0, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("198.51.100.3")}, [16]) = 6
//! ```
//!
//! The lesson: to a client, a multicast group is an address like any
//! other; the group decides who answers. It has chapter 20's race too
//! (`docs/unp/ch20.md`). C twin: `docs/c/ch21_udpcli01.c`.

use socklab::*;

const USAGE: &str = "usage: ch21_udpcli01 [IPaddress] [port]   (defaults: 224.0.0.1 9877)";

/// SIGALRM's handler: it only interrupts the recvfrom.
extern "C" fn recvfrom_alarm(_signo: c_int) {}

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
        [_] => ("224.0.0.1", SERV_PORT),
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

/// § 21.8: chapter 20's dg_cli (Figure 20.5) to a multicast group: every
/// reply for 5 seconds, and no SO_BROADCAST.
fn dg_cli(
    sockfd: &Fd,
    servaddr: &sockaddr_in,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut input = std::io::stdin().lock();
    let mut sendline = Vec::new();
    let mut recvline = [0u8; MAXLINE];
    let mut reply_addr = sockaddr_in::default();

    signal(SIGALRM, SigHandler::Handler(recvfrom_alarm), 0)?; // no SA_RESTART
    loop {
        if stdio::fgets(&mut sendline, &mut input)? == 0 {
            return Ok(());
        }
        sendto(sockfd, &sendline, 0, servaddr)?;
        alarm(5);
        loop {
            match recvfrom_into(sockfd, &mut recvline, 0, &mut reply_addr) {
                Ok(n) => {
                    let mut line = format!("from {}: ", sock_ntop_host(&reply_addr)).into_bytes();
                    line.extend_from_slice(&recvline[..n]);
                    stdio::fputs(&line, std::io::stdout())?; // printf("from %s: %s", …)
                }
                Err(e) if e.errno() == Some(Errno::EINTR) => break, // waited long enough
                Err(e) => return Err(e.into()),
            }
        }
    }
}
