//! `ch22_dgechoaddr [port]` — UNP chapter 22, §§ 22.2–22.3
//! (`advio/dgechoaddr.c` with `udpserv01.c`): the UDP echo server that
//! prints, for each datagram, its size, its sender, the address it was
//! sent **to** (this host's own, a broadcast or a multicast address) and
//! the interface it came in on — from [`recvfrom_flags`] — and whether it
//! was truncated: the buffer is only 20 bytes (the book's `MAXLINE` 20),
//! so a longer datagram shows `MSG_TRUNC`. Default port: 9877.
//!
//! Linux has no `IP_RECVDSTADDR`/`IP_RECVIF` (the book's options): the
//! server sets `IP_PKTINFO`, which brings both in one control message.
//! In the lab (`docs/virtual-lab.md`), the server on h2 and clients on h1:
//!
//! ```text
//! $ sudo socklab lab exec h2 -- target/debug/examples/ch22_dgechoaddr &
//! bound to 0.0.0.0:9877
//! $ echo hello | sudo socklab lab exec h1 -- target/debug/examples/ch08_udpcli01 198.51.100.2
//! 6-byte datagram from 198.51.100.1:51034, to 198.51.100.2, recv i/f = eth0
//! $ echo 'a line of thirty characters..' | sudo socklab lab exec h1 -- target/debug/examples/ch08_udpcli01 198.51.100.2
//! 20-byte datagram from 198.51.100.1:40213, to 198.51.100.2, recv i/f = eth0 (datagram truncated)
//! $ echo | sudo socklab lab exec h1 -- target/debug/examples/ch20_dgclibcast1 198.51.100.255 9877
//! 1-byte datagram from 198.51.100.1:38830, to 198.51.100.255, recv i/f = eth0
//! $ echo | sudo socklab lab exec h1 -- target/debug/examples/ch21_udpcli01
//! 1-byte datagram from 198.51.100.1:55103, to 224.0.0.1, recv i/f = eth0
//! ```
//!
//! Under strace, the option and one `recvmsg` per datagram, its control
//! message decoded:
//!
//! ```text
//! setsockopt(3, SOL_IP, IP_PKTINFO, [1], 4) = 0
//! recvmsg(3, {msg_name={sa_family=AF_INET, sin_port=htons(51034), sin_addr=inet_addr("198.51.100.1")}, msg_namelen=16, msg_iov=[{iov_base="hello\n", iov_len=20}], msg_iovlen=1, msg_control=[{cmsg_len=28, cmsg_level=SOL_IP, cmsg_type=IP_PKTINFO, cmsg_data={ipi_ifindex=if_nametoindex("eth0"), ipi_spec_dst=inet_addr("198.51.100.2"), ipi_addr=inet_addr("198.51.100.2")}}], msg_controllen=32, msg_flags=0}, 0) = 6
//! ```
//!
//! The lesson: a UDP server bound to the wildcard address can still learn
//! which of its addresses — or which broadcast or group — a datagram was
//! for, and a datagram longer than the buffer is cut, silently unless
//! you look at the flags. Library: [`recvfrom_flags`], [`IP_PKTINFO`],
//! [`if_indextoname`]. C twin: `docs/c/ch22_dgechoaddr.c`.

use socklab::*;

/// The book's `#define MAXLINE 20`: to see datagram truncation.
const MAXLINE: usize = 20;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let port = match args.as_slice() {
        [_] => SERV_PORT,
        [_, port] => parse_port(port)?,
        _ => return Err("usage: ch22_dgechoaddr [port]   (default: 9877)".into()),
    };
    // udpserv01.c: the chapter 8 server's main
    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
    let servaddr = sockaddr_in::new(INADDR_ANY, port); // bzero, AF_INET, htonl, htons
    bind(&sockfd, &servaddr)?;
    let mut bound = sockaddr_in::default();
    getsockname_into(&sockfd, &mut bound)?;
    printf!("bound to {}\n", sock_ntop(&bound))?;

    dg_echo(&sockfd, &mut sockaddr_in::default())?;
    exit(0);
}

/// dgechoaddr.c: dg_echo that prints where each datagram was sent to.
fn dg_echo(
    sockfd: &Fd,
    cliaddr: &mut sockaddr_in,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let on: c_int = 1;
    let mut mesg = [0u8; MAXLINE];
    let mut pktinfo = unp_in_pktinfo::default();

    // the book: IP_RECVDSTADDR and IP_RECVIF; Linux: IP_PKTINFO
    setsockopt(sockfd, IPPROTO_IP, IP_PKTINFO, &on)?;
    loop {
        let mut flags: c_int = 0;
        let n = recvfrom_flags(sockfd, &mut mesg, &mut flags, cliaddr, &mut pktinfo)?;
        let mut line = format!("{n}-byte datagram from {}", sock_ntop(cliaddr));
        if pktinfo.ipi_addr.s_addr != 0 {
            line += &format!(", to {}", inet_ntop(AF_INET, &pktinfo.ipi_addr)?);
        }
        if pktinfo.ipi_ifindex > 0 {
            line += &format!(
                ", recv i/f = {}",
                if_indextoname(pktinfo.ipi_ifindex as u32)?
            );
        }
        if flags & MSG_TRUNC != 0 {
            line += " (datagram truncated)";
        }
        if flags & MSG_CTRUNC != 0 {
            line += " (control info truncated)";
        }
        printf!("{line}\n")?;
        sendto(sockfd, &mesg[..n], 0, cliaddr)?;
    }
}
