//! `ch08_dgcliaddr [host] [port]` — UNP chapter 8, Figure 8.9: the UDP echo
//! client that checks **who** answered. `recvfrom` returns the sender's
//! address; a datagram from anyone but the server is reported as
//! `reply from X (ignored)` and the client goes on with the next line of
//! input (the book's `continue`).
//!
//! Run it like `ch08_udpcli01`, against `ch08_udpserv01`:
//!
//! ```text
//! terminal 1 $ cargo run --example ch08_udpserv01
//! terminal 2 $ cargo run --example ch08_dgcliaddr
//! hello
//! hello
//! ```
//!
//! To see a stranger ignored, answer from another socket. With
//! `nc -u -l 9877` as the "server", the client's datagram shows up in nc;
//! then from a third terminal send to the client's port (the `ss -uanp`
//! line for dgcliaddr shows it), e.g. `echo intruder | nc -u -p 5555
//! 127.0.0.1 <client port>`: the client prints
//! `reply from 127.0.0.1:5555 (ignored)`. The tests do exactly that.
//! Like `ch08_udpcli01` it waits for ever if no answer comes.
//!
//! The C twin is `docs/c/ch08_dgcliaddr.c` (`cc -o dgcliaddr
//! docs/c/ch08_dgcliaddr.c`): the same socket calls in the same order (it
//! compares with `memcmp`, this program with `==` on the `sockaddr_in`).
//!
//! Under strace (`cargo build --example ch08_dgcliaddr` first):
//!
//! ```text
//! $ strace -e trace=sendto,recvfrom,write target/debug/examples/ch08_dgcliaddr 127.0.0.1 55599
//! sendto(3, "hello\n", 6, 0, {sa_family=AF_INET, sin_port=htons(55599), sin_addr=inet_addr("127.0.0.1")}, 16) = 6
//! recvfrom(3, "intruder\n", 4096, 0, {sa_family=AF_INET, sin_port=htons(5555), sin_addr=inet_addr("127.0.0.1")}, [16]) = 9
//! write(1, "reply from 127.0.0.1:5555 (ignor"..., 36) = 36
//! ```
//!
//! The catch (UNP 8.8): the comparison is of whole addresses. A server on
//! a host with several addresses, bound to INADDR_ANY, may answer from
//! another address than the one the client sent to — a genuine reply that
//! this client ignores. Comparing host names, or `connect`ing the socket
//! (`ch08_dgcliconnect`), are the ways out.
//!
//! The lesson: an unconnected UDP socket accepts datagrams from anybody
//! who knows its port. A client that cares must compare `recvfrom`'s
//! address with the one it sent to.

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
        _ => return Err("usage: ch08_dgcliaddr [host] [port]".into()),
    };
    let mut servaddr = sockaddr_in::default(); // bzero, sin_family = AF_INET
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;

    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;

    dg_cli(&sockfd, &servaddr)?;

    exit(0);
}

/// Figure 8.9: sends each line of stdin to `servaddr`, prints the reply
/// only if it came from `servaddr`; a reply from anyone else is reported
/// and ignored, and the loop goes on with the next line.
fn dg_cli(
    sockfd: &Fd,
    servaddr: &sockaddr_in,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut input = std::io::stdin().lock();
    let mut sendline = Vec::new();
    let mut recvline = [0u8; MAXLINE];
    let mut reply_addr = sockaddr_in::default();
    loop {
        // fgets(sendline, MAXLINE, stdin): a line, at most MAXLINE-1 bytes
        if stdio::fgets(&mut sendline, &mut input)? == 0 {
            return Ok(());
        }
        sendto(sockfd, &sendline, 0, servaddr)?;

        let n = recvfrom_into(sockfd, &mut recvline, 0, &mut reply_addr)?;
        if reply_addr != *servaddr {
            // the book's memcmp of the two addresses
            printf!("reply from {} (ignored)\n", sock_ntop(&reply_addr))?;
            continue;
        }
        stdio::fputs(&recvline[..n], std::io::stdout())?; // one write(1, …)
    }
}
