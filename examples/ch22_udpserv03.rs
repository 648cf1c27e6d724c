//! `ch22_udpserv03 [port]` — UNP chapter 22, § 22.6 (`advio/udpserv03.c`):
//! a UDP echo server that binds **every** IPv4 address of the host on
//! one port — each unicast address of each interface ([`get_ifi_info`]),
//! each broadcast address, and the wildcard last — and forks a child per
//! socket. Each child (the book's `mydg_echo`) echoes what it receives
//! and reports which of the addresses received it, so you see how the
//! kernel chooses among sockets bound to the same port: the most specific
//! address wins. Default port: 9877.
//!
//! Every socket sets `SO_REUSEADDR`, without which the second bind to the
//! port would fail. A broadcast address that cannot be bound
//! (`EADDRINUSE`, two interfaces on one subnet) is reported and skipped,
//! as the book does.
//!
//! On the lab's router `r` (`socklab lab up --router`: eth0 on
//! 198.51.100.0/24, eth1 on 203.0.113.0/24; `docs/virtual-lab.md`), a
//! client on h1 (first subnet) and one on h4 (second subnet):
//!
//! ```text
//! $ sudo socklab lab up --router
//! $ sudo socklab lab exec r -- target/debug/examples/ch22_udpserv03 &
//! bound 127.0.0.1:9877
//! bound 198.51.100.254:9877
//! bound 198.51.100.255:9877
//! bound 203.0.113.254:9877
//! bound 203.0.113.255:9877
//! bound 0.0.0.0:9877
//! $ echo hi | sudo socklab lab exec h1 -- target/debug/examples/ch08_udpcli01 198.51.100.254
//! child 10522, datagram from 198.51.100.1:39314, to 198.51.100.254:9877
//! hi
//! $ echo hi | sudo socklab lab exec h1 -- target/debug/examples/ch20_dgclibcast1 198.51.100.255 9877
//! child 10523, datagram from 198.51.100.1:38320, to 198.51.100.255:9877
//! child 10526, datagram from 198.51.100.1:38320, to 0.0.0.0:9877
//! from 198.51.100.254: hi
//! from 198.51.100.254: hi
//! $ echo hi | sudo socklab lab exec h4 -- target/debug/examples/ch08_udpcli01 198.51.100.254
//! child 10522, datagram from 203.0.113.4:32828, to 198.51.100.254:9877
//! hi
//! ```
//!
//! A broadcast reaches two sockets: the one bound to the broadcast
//! address and the wildcard one (every child's `sendto` answers it).
//! The last: a datagram for the router's *first-subnet* address, sent
//! from h4 on the second subnet, arrives on eth1 — and the socket bound
//! to 198.51.100.254 still gets it. A bound address says which destination
//! a socket accepts, not which interface (a host with the weak end
//! system model, as Linux is).
//!
//! The parent, unlike the book's, does not exit after the forks: it
//! waits for its children (`while (wait(NULL) > 0);`), so the server is
//! one job and Ctrl-C (SIGINT to the whole process group) stops the
//! parent and every child. The book's parent exits at once and leaves the
//! children running in the background. Like the C twin, it leaves
//! SIGPIPE at its default (`restore_sigpipe`): seven processes share one
//! standard output, and if that is gone a write kills the writer rather
//! than each of them printing an error line.
//!
//! Under strace (`-f`), per address: `socket`, `setsockopt(SO_REUSEADDR)`,
//! `bind`, `clone` (the fork); then each child's `recvfrom` and `sendto`:
//!
//! ```text
//! socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 4
//! setsockopt(4, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
//! bind(4, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("198.51.100.255")}, 16) = 0
//! ```
//!
//! The lesson: several sockets can share a port when each is bound to a
//! different address; unicast goes to the socket bound to that very
//! address (else the wildcard's), broadcast to the broadcast address's
//! socket and the wildcard's. C twin: `docs/c/ch22_udpserv03.c`.

use socklab::*;

const USAGE: &str = "usage: ch22_udpserv03 [port]   (default: 9877)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

/// An interface's address as a `sockaddr_in` with `port`
/// (`sa->sin_family = AF_INET; sa->sin_port = htons(port)`).
fn with_port(addr: &Option<SockAddr>, port: u16) -> Option<sockaddr_in> {
    match addr {
        Some(SockAddr::Inet(sa)) => Some(sockaddr_in {
            sin_port: htons(port),
            ..*sa
        }),
        _ => None,
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let port = match args.as_slice() {
        [_] => SERV_PORT,
        [_, port] => parse_port(port)?,
        _ => return Err(USAGE.into()),
    };
    // Seven processes share one standard output: as in C, a write to it
    // once its reader is gone kills the writer (SIGPIPE) instead of each
    // of them printing an error line.
    restore_sigpipe()?;
    let on: c_int = 1;
    // The parent keeps each socket open after the fork, as the book's does.
    let mut kept: Vec<Fd> = Vec::new();

    let ifihead = get_ifi_info(AF_INET, true)?;
    for ifi in &ifihead {
        // bind unicast address
        let Some(sa) = with_port(&ifi.ifi_addr, port) else {
            continue;
        };
        let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
        setsockopt(&sockfd, SOL_SOCKET, SO_REUSEADDR, &on)?;
        bind(&sockfd, &sa)?;
        printf!("bound {}\n", sock_ntop(&sa))?;
        if let ForkResult::Child = fork()? {
            mydg_echo(&sockfd, &sa)?;
            exit(0); // never executed
        }
        kept.push(sockfd);

        if ifi.ifi_flags & IFF_BROADCAST != 0 {
            // try to bind broadcast address
            let Some(sa) = with_port(&ifi.ifi_brdaddr, port) else {
                continue;
            };
            let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
            setsockopt(&sockfd, SOL_SOCKET, SO_REUSEADDR, &on)?;
            if let Err(e) = bind(&sockfd, &sa) {
                if e.errno() == Some(Errno::EADDRINUSE) {
                    printf!("EADDRINUSE: {}\n", sock_ntop(&sa))?;
                    close(sockfd)?;
                    continue;
                }
                return Err(format!("bind error for {}: {e}", sock_ntop(&sa)).into());
            }
            printf!("bound {}\n", sock_ntop(&sa))?;
            if let ForkResult::Child = fork()? {
                mydg_echo(&sockfd, &sa)?;
                exit(0); // never executed
            }
            kept.push(sockfd);
        }
    }

    // bind wildcard address
    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
    setsockopt(&sockfd, SOL_SOCKET, SO_REUSEADDR, &on)?;
    let wildaddr = sockaddr_in::new(INADDR_ANY, port); // bzero, AF_INET, htonl, htons
    bind(&sockfd, &wildaddr)?;
    printf!("bound {}\n", sock_ntop(&wildaddr))?;
    if let ForkResult::Child = fork()? {
        mydg_echo(&sockfd, &wildaddr)?;
        exit(0); // never executed
    }
    kept.push(sockfd);

    // socklab's: wait for the children instead of leaving them behind
    while wait_null().is_ok() {}
    exit(0);
}

/// mydg_echo: echo each datagram and say which address received it.
fn mydg_echo(
    sockfd: &Fd,
    myaddr: &sockaddr_in,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut mesg = [0u8; MAXLINE];
    let mut cliaddr = sockaddr_in::default();
    loop {
        let n = recvfrom_into(sockfd, &mut mesg, 0, &mut cliaddr)?;
        printf!(
            "child {}, datagram from {}, to {}\n",
            getpid(),
            sock_ntop(&cliaddr),
            sock_ntop(myaddr)
        )?;
        sendto(sockfd, &mesg[..n], 0, &cliaddr)?;
    }
}
