//! `ch22_udpcli01 [-v] [-m ms] [-n count] [host] [port]` — UNP chapter 22,
//! § 22.5 (`rtt/udpcli01.c` with `rtt/dg_cli.c`): the UDP echo client made
//! reliable. Each line goes out through [`dg_send_recv`]: an 8-byte header
//! (sequence number, timestamp) before it, one `sendmsg` with a 2-entry
//! iovec; the reply comes back by `recvmsg` into a 2-entry iovec, and a
//! reply with another sequence number (the late answer to an earlier
//! line) is discarded. No reply within the retransmission timeout (RTO,
//! from the RTT estimator `rtt_*`): send again, with the RTO doubled;
//! after 3 retransmissions, give up (`dg_send_recv: Connection timed
//! out`). Defaults: 127.0.0.1, port 9877 (the book's client talks to the
//! echo service, port 7; ours to the chapter 8 echo server, which sends
//! each datagram back unchanged, header included).
//!
//! Options (socklab's; the book's values are compiled in):
//! - `-v`: print each retransmission on stderr;
//! - `-m ms`: the smallest RTO, in milliseconds (the book's `RTT_RXTMIN`,
//!   2000) — a lossy test sets 100 to run hundreds of lines in seconds;
//! - `-n count`: retransmissions before giving up (`RTT_MAXNREXMT`, 3).
//!
//! Across the lab's lossy link (`docs/virtual-lab.md`): the server on h2,
//! whose link drops 30 % of the datagrams delivered to it:
//!
//! ```text
//! $ sudo socklab lab up --loss 30 --link h2
//! $ sudo socklab lab exec h2 -- target/debug/examples/ch08_udpserv01 &
//! $ seq 1 10 | sudo socklab lab exec h1 -- target/debug/examples/ch22_udpcli01 -v -m 100 -n 12 198.51.100.2
//! 1
//! 2
//! dg_send_recv: timeout, retransmitting seq 3, rto 3.375
//! 3
//! dg_send_recv: timeout, retransmitting seq 4, rto 2.531
//! 4
//! dg_send_recv: timeout, retransmitting seq 5, rto 1.898
//! 5
//! 6
//! …
//! 10
//! ```
//!
//! (The first RTOs are seconds: the estimator starts at 3 s and needs a
//! few measurements to learn that the lab answers in a fraction of a
//! millisecond.) Under strace, one line:
//!
//! ```text
//! $ echo hello | sudo socklab lab exec h1 -- strace -e trace=sendmsg,pselect6,recvmsg target/debug/examples/ch22_udpcli01 198.51.100.2
//! sendmsg(3, {msg_name={sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("198.51.100.2")}, msg_namelen=16, msg_iov=[{iov_base="\1\0\0\0\275\3\0\0", iov_len=8}, {iov_base="hello\n", iov_len=6}], msg_iovlen=2, msg_controllen=0, msg_flags=0}, 0) = 14
//! pselect6(4, [3], NULL, NULL, {tv_sec=3, tv_nsec=0}, NULL) = 1 (in [3], left {tv_sec=2, tv_nsec=999944175})
//! recvmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="\1\0\0\0\275\3\0\0", iov_len=8}, {iov_base="hello\n", iov_len=4096}], msg_iovlen=2, msg_controllen=0, msg_flags=0}, 0) = 14
//! ```
//!
//! The header is seq 1 and a timestamp of 957 ms (`\275\3` is 0x3bd,
//! little-endian), in the host's byte order;
//! the reply carries both back. The book's timer is `alarm()` and a
//! `siglongjmp` out of the SIGALRM handler (the C twin,
//! `docs/c/ch22_udpcli01.c`, keeps it: `alarm(3)` where this shows
//! `pselect6`); Rust cannot jump out of a signal handler soundly, so
//! socklab's `dg_send_recv` waits with `select` (see `docs/unp/ch22.md`).
//!
//! The lesson: reliability over UDP is the application's work: number
//! the requests, time them, retransmit with back-off, and throw away
//! replies to requests you have given up on.

use socklab::*;

const USAGE: &str =
    "usage: ch22_udpcli01 [-v] [-m ms] [-n count] [host] [port]   (defaults: 127.0.0.1 9877)";

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
    let mut state = DgSendRecv::default();
    // the options, before the host and port (getopt's "vm:n:")
    let mut rest = &args[1..];
    while let [opt, more @ ..] = rest {
        match opt.as_str() {
            "-v" => state.rtt_d_flag = true,
            "-m" | "-n" => {
                let [value, more @ ..] = more else {
                    return Err(format!("option {opt} needs a value; {USAGE}").into());
                };
                let n: u32 = value
                    .parse()
                    .map_err(|_| format!("{opt} {value:?}: not a number; {USAGE}"))?;
                if opt == "-m" {
                    state.rttinfo.rtt_rxtmin = n as f32 / 1000.0;
                } else {
                    state.rttinfo.rtt_maxnrexmt = n as c_int;
                }
                rest = more;
                continue;
            }
            o if o.starts_with('-') => {
                return Err(format!("unknown option {o}; {USAGE}").into());
            }
            _ => break,
        }
        rest = more;
    }
    let (host, port) = match rest {
        [] => ("127.0.0.1", SERV_PORT),
        [host] => (host.as_str(), SERV_PORT),
        [host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err(USAGE.into()),
    };
    let mut servaddr = sockaddr_in::default(); // bzero, sin_family = AF_INET
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;

    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;

    dg_cli(&sockfd, &servaddr, &mut state)?;

    exit(0);
}

/// rtt/dg_cli.c: dg_cli over dg_send_recv.
fn dg_cli(
    sockfd: &Fd,
    servaddr: &sockaddr_in,
    state: &mut DgSendRecv,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut input = std::io::stdin().lock();
    let mut sendline = Vec::new();
    let mut recvline = [0u8; MAXLINE];
    // while (Fgets(sendline, MAXLINE, fp) != NULL)
    while stdio::fgets(&mut sendline, &mut input)? > 0 {
        let n = dg_send_recv(sockfd, state, &sendline, &mut recvline, servaddr)?;
        stdio::fputs(&recvline[..n], std::io::stdout())?;
    }
    Ok(())
}
