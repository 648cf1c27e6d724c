//! `ch21_sendrecv [-t TTL] [IP-multicast-address] [port#]` — UNP chapter 21, § 21.10
//! (`mcast/main.c`, `send.c`, `recv.c`): every 5 seconds send
//! "hostname, pid" to a multicast group, and print every datagram that
//! arrives from the group, with its sender. Two sockets: `sendfd` from
//! `udp_client`, with loopback of its own multicasts turned **off**; and
//! `recvfd`, bound to the group's address and port (`SO_REUSEADDR`, so
//! several programs on a host can bind it) and joined to the group. A
//! child receives, the parent sends. Defaults: 239.255.1.2 and 8888.
//! `-t TTL` (ours, not the book's: its program keeps the default TTL, 1)
//! sets the sending socket's TTL with `mcast_set_ttl`, so that the
//! datagrams cross that many routers less one: in the lab with
//! `--router`, `-t 2` reaches the hosts behind the router, which the
//! default does not (`docs/unp/ch21.md`, "Leaving, and TTL").
//!
//! With loopback off a host hears only the others, so it runs in the lab
//! (`docs/virtual-lab.md`); stop each with Ctrl-C:
//!
//! ```text
//! $ sudo socklab lab up
//! $ sudo socklab lab exec h2 -- target/debug/examples/ch21_sendrecv &
//! $ sudo socklab lab exec h3 -- target/debug/examples/ch21_sendrecv &
//! $ sudo socklab lab exec h1 -- target/debug/examples/ch21_sendrecv
//! from 198.51.100.2:44297: debian, 3317
//! from 198.51.100.3:36651: debian, 3320
//! ```
//!
//! (The lab's hosts share the machine's host name: the address and the
//! process id tell them apart.) `ch21_sendrecv ff15::1:2 8888` is the
//! same over IPv6. `-t 2` adds, after the loop option:
//!
//! ```text
//! getsockname(3, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("0.0.0.0")}, [128 => 16]) = 0
//! setsockopt(3, SOL_IP, IP_MULTICAST_TTL, "\2", 1) = 0
//! ```
//!
//! Under strace (`-f`, both processes):
//!
//! ```text
//! socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP) = 3
//! socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 4
//! setsockopt(4, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
//! bind(4, {sa_family=AF_INET, sin_port=htons(8888), sin_addr=inet_addr("239.255.1.2")}, 16) = 0
//! setsockopt(4, SOL_IP, MCAST_JOIN_GROUP, {gr_interface=0, gr_group={sa_family=AF_INET, sin_port=htons(8888), sin_addr=inet_addr("239.255.1.2")}}, 136) = 0
//! getsockname(3, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("0.0.0.0")}, [128 => 16]) = 0
//! setsockopt(3, SOL_IP, IP_MULTICAST_LOOP, "\0", 1) = 0
//! sendto(3, "debian, 3317\n", 13, 0, {sa_family=AF_INET, sin_port=htons(8888), sin_addr=inet_addr("239.255.1.2")}, 16) = 13
//! [child] recvfrom(4, "debian, 3320\n", 4096, 0, {sa_family=AF_INET, sin_port=htons(36651), sin_addr=inet_addr("198.51.100.3")}, [16]) = 13
//! ```
//!
//! The lesson: a multicast reaches only the hosts that joined the group
//! (unlike a broadcast), a socket receives it only if bound to its port,
//! and whether the sender's own host hears it is a socket option. Library:
//! [`udp_client`], [`mcast_join`], [`mcast_set_loop`], [`mcast_set_ttl`]. C twin:
//! `docs/c/ch21_sendrecv.c`.

use socklab::*;

const USAGE: &str =
    "usage: ch21_sendrecv [-t TTL] [IP-multicast-address] [port#]   (defaults: 239.255.1.2 8888)";

/// send.c: one datagram every SENDRATE seconds.
const SENDRATE: u32 = 5;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = args()?.into_iter().skip(1).collect(); // not UTF-8: an error
    let (ttl, rest) = match args.as_slice() {
        [flag, ttl, rest @ ..] if flag == "-t" => (Some(parse_ttl(ttl)?), rest),
        [flag, ..] if flag.starts_with('-') => return Err(USAGE.into()), // -t alone, or -x
        rest => (None, rest),
    };
    let (group, port) = match rest {
        [] => ("239.255.1.2", "8888"),
        [group] => (group.as_str(), "8888"),
        [group, port] => (group.as_str(), port.as_str()),
        _ => return Err(USAGE.into()),
    };
    let on: c_int = 1;

    let (sendfd, sasend) = udp_client(group, port)?;
    let recvfd = socket(sasend.family(), SOCK_DGRAM, 0)?;
    setsockopt(&recvfd, SOL_SOCKET, SO_REUSEADDR, &on)?;
    bind(&recvfd, &sasend)?; // sarecv: a copy of sasend
    mcast_join(&recvfd, &sasend, None, 0)?;
    mcast_set_loop(&sendfd, 0)?;
    if let Some(ttl) = ttl {
        mcast_set_ttl(&sendfd, ttl)?; // -t: how many routers it may cross, plus one
    }

    if let ForkResult::Child = fork()? {
        // child -> receives, into an address of the group's own size
        match sasend {
            SockAddr::Inet6(_) => recv_all(&recvfd, &mut sockaddr_in6::default())?,
            _ => recv_all(&recvfd, &mut sockaddr_in::default())?,
        }
    }
    send_all(&sendfd, &sasend)?; // parent -> sends
    exit(0);
}

/// `-t TTL`: 0 to 255 (a TTL is one byte; 0 never leaves the host).
fn parse_ttl(text: &str) -> std::result::Result<c_int, String> {
    match text.parse::<u8>() {
        Ok(n) => Ok(c_int::from(n)),
        Err(_) => Err(format!("-t: {text:?} is not a TTL (0-255)")),
    }
}

/// send.c: "hostname, pid" to the group, every SENDRATE seconds, for ever.
fn send_all(sendfd: &Fd, sadest: &SockAddr) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let line = format!("{}, {}\n", gethostname()?, getpid()); // uname, snprintf
    loop {
        sendto(sendfd, line.as_bytes(), 0, sadest)?;
        sleep(SENDRATE);
    }
}

/// recv.c: print each datagram from the group with its sender, for ever.
fn recv_all<A: SockAddrOut + AsSockAddr>(
    recvfd: &Fd,
    safrom: &mut A,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut line = [0u8; MAXLINE];
    loop {
        let n = recvfrom_into(recvfd, &mut line, 0, safrom)?;
        let mut out = format!("from {}: ", sock_ntop(safrom)).into_bytes();
        out.extend_from_slice(&line[..n]);
        stdio::fputs(&out, std::io::stdout())?; // printf("from %s: %s", …)
    }
}
