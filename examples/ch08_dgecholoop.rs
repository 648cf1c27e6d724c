//! `ch08_dgecholoop [-r bytes] [port] [bind-address]` — UNP chapter 8,
//! Figures 8.20 and 8.22: the receiving end of the UDP flow-control
//! experiment. Its `dg_echo` counts the datagrams that arrive (it does not
//! echo them). After the first datagram of a burst it is **busy for a
//! second** (`sleep(1)`, as a server doing real work would be): meanwhile
//! only what fits in the socket's receive buffer (SO_RCVBUF) can wait, and
//! the kernel drops the rest. After 2 seconds without traffic it prints
//! `received N datagrams` and starts a new count. `-r bytes` first sets
//! SO_RCVBUF (Figure 8.22's cure).
//!
//! ```text
//! terminal 1 $ cargo run --example ch08_dgecholoop
//! bound to 0.0.0.0:9877
//! SO_RCVBUF = 212992
//! received 92 datagrams                         <- what fitted in 212992 bytes
//!
//! terminal 2 $ cargo run --example ch08_dgcliloop
//! sent 2000 datagrams of 1400 bytes to 127.0.0.1:9877
//! ```
//!
//! The count is the same in every build and on a busy machine or an idle
//! one: it is set by the buffer, not by speed (each 1400-byte datagram
//! costs the buffer about 2.3 kB, with the kernel's bookkeeping). With
//! `cargo run --example ch08_dgecholoop -- -r 4000000` more wait: Linux
//! doubles the value you set and caps it at twice `net.core.rmem_max`
//! (212992 by default: then about twice as many datagrams); where rmem_max allows
//! (`sysctl -w net.core.rmem_max=8000000`, as root) all 2000 arrive. The
//! `SO_RCVBUF = ` line shows what you got. (The book's receiver reads as
//! fast as it can and prints the count from a SIGINT handler; how much it
//! loses then depends on the machine — none at all on a fast one.)
//!
//! The C twin is `docs/c/ch08_dgecholoop.c` (`cc -o dgecholoop
//! docs/c/ch08_dgecholoop.c`): the same calls, the same pause, the same
//! count.
//!
//! Under strace (`cargo build --example ch08_dgecholoop` first):
//!
//! ```text
//! $ strace -e trace=socket,setsockopt,getsockopt,bind target/debug/examples/ch08_dgecholoop -r 4000000
//! socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3
//! setsockopt(3, SOL_SOCKET, SO_RCVBUF, [4000000], 4) = 0
//! bind(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! getsockopt(3, SOL_SOCKET, SO_RCVBUF, [8000000], [4]) = 0
//! setsockopt(3, SOL_SOCKET, SO_RCVTIMEO_OLD, "\2\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16) = 0
//! ```
//!
//! The lesson: the receive buffer is the only thing between a fast UDP
//! sender and loss. A bigger one absorbs a bigger burst; it cannot make a
//! slow receiver fast, and nothing ever tells the sender to slow down.
use socklab::*;

/// Seconds the receiver is busy after the first datagram of a burst.
const PAUSE: u32 = 1;
/// Seconds without a datagram that end a burst.
const IDLE: i64 = 2;

const USAGE: &str = "usage: ch08_dgecholoop [-r bytes] [port] [bind-address]";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = args()?.into_iter().skip(1).collect(); // not UTF-8: an error
    let (rcvbuf, rest) = match args.as_slice() {
        [flag, bytes, rest @ ..] if flag == "-r" => (Some(parse_bytes(bytes)?), rest),
        [flag, ..] if flag.starts_with('-') => return Err(USAGE.into()), // -r alone, or -x
        rest => (None, rest),
    };
    let (port, host) = match rest {
        [] => (SERV_PORT, None),
        [port] => (parse_port(port)?, None),
        [port, host] => (parse_port(port)?, Some(host.as_str())),
        _ => return Err(USAGE.into()),
    };
    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;

    let mut servaddr = sockaddr_in::default(); // bzero, sin_family = AF_INET
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if let Some(host) = host {
        inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;
    }

    if let Some(n) = rcvbuf {
        setsockopt(&sockfd, SOL_SOCKET, SO_RCVBUF, &n)?; // Figure 8.22's cure
    }
    bind(&sockfd, &servaddr)?;
    getsockname_into(&sockfd, &mut servaddr)?;
    printf!("bound to {}\n", sock_ntop(&servaddr))?;
    let n = getsockopt(&sockfd, SOL_SOCKET, SO_RCVBUF)?;
    printf!("SO_RCVBUF = {n}\n")?;

    // A receive timeout is how a burst ends.
    let idle = timeval {
        tv_sec: IDLE,
        tv_usec: 0,
    };
    setsockopt(&sockfd, SOL_SOCKET, SO_RCVTIMEO, &idle)?;

    let mut cliaddr = sockaddr_in::default();
    dg_echo(&sockfd, &mut cliaddr)?;
    Ok(())
}

/// Figure 8.20: counts the datagrams instead of echoing them. After the
/// first one of a burst the receiver is busy for PAUSE seconds; after IDLE
/// seconds of silence it prints the burst's count and starts again.
fn dg_echo(sockfd: &Fd, cliaddr: &mut sockaddr_in) -> Result<()> {
    let mut mesg = [0u8; MAXLINE];
    let mut count: u64 = 0;
    loop {
        match recvfrom_into(sockfd, &mut mesg, 0, cliaddr) {
            Ok(_) => {
                count += 1;
                if count == 1 {
                    sleep(PAUSE); // busy: meanwhile datagrams queue up, or are dropped
                }
            }
            Err(e) if e.errno() == Some(Errno::EAGAIN) => {
                // IDLE seconds of silence
                if count > 0 {
                    printf!("received {count} datagrams\n")?;
                    count = 0;
                }
            }
            Err(e) => return Err(e),
        }
    }
}

/// The `-r` argument: a positive number of bytes that fits an int.
fn parse_bytes(text: &str) -> std::result::Result<c_int, String> {
    match text.parse::<c_int>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "-r: {text:?} is not a buffer size in bytes (1-{})",
            c_int::MAX
        )),
    }
}
