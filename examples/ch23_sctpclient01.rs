//! `ch23_sctpclient01 [host] [port]` — UNP chapter 10, Figures 10.5–10.6,
//! the client chapter 23 builds on: each input line `[N]text` is sent with
//! `sctp_sendmsg` on stream N of one association with the server (a
//! one-to-many socket: the first message starts the association, no
//! `connect`), and the echo is printed with the stream it came back on.
//!
//! Run it against `ch23_sctpserv01` (127.0.0.1 port 9877 by default), in a
//! kernel with SCTP (`scripts/sctp-vm`, see `ch23_sctpserv01`):
//!
//! ```text
//! $ printf '[0]hello\n[4]four\nno brackets\n' | target/debug/examples/ch23_sctpclient01
//! From str:1 seq:0 (assoc:0x1):[0]hello
//! From str:5 seq:0 (assoc:0x1):[4]four
//! Error, line must be of the form '[streamnum]text'
//! ```
//!
//! `seq` is the message's stream sequence number: each stream counts on
//! its own. A stream the association does not have (`[12]`: Linux gives
//! 10 each way) fails: `sendmsg: Invalid argument (EINVAL)`.
//!
//! The C twin is `docs/c/ch23_sctpclient01.c` (`cc -o sctpclient01
//! docs/c/ch23_sctpclient01.c -lsctp`).
//!
//! Under strace (in the VM):
//!
//! ```text
//! socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP) = 3
//! setsockopt(3, SOL_SCTP, SCTP_EVENTS, "\1\0\0\0\0\0\0\0\0\0\0\0\0\0", 14) = 0
//! sendmsg(3, {msg_name={sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, msg_namelen=16, msg_iov=[{iov_base="[0]hello\n", iov_len=9}], msg_iovlen=1, msg_control=[{cmsg_len=48, cmsg_level=SOL_SCTP, cmsg_type=0x1}], msg_controllen=48, msg_flags=0}, 0) = 9
//! recvmsg(3, {msg_name={sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, msg_namelen=16, msg_iov=[{iov_base="[0]hello\n", iov_len=4096}], msg_iovlen=1, msg_control=[{cmsg_len=48, cmsg_level=SOL_SCTP, cmsg_type=0x1}], msg_controllen=48, msg_flags=MSG_EOR}, 0) = 9
//! ```
//!
//! The lesson: an SCTP message keeps its boundaries (one `sendmsg`, one
//! `recvmsg`), and streams let independent messages travel side by side.
use socklab::*;

fn main() {
    if let Err(e) = run() {
        sctp_perror(e.as_ref());
        exit(1);
    }
}

/// UNP Figure 10.6, `sctpstr_cli`: `[N]text` lines to stream N, echoes
/// printed with the stream they came back on.
fn sctpstr_cli(
    sock_fd: &Fd,
    to: &sockaddr_in,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut input = std::io::stdin().lock();
    let mut sendline = Vec::new();
    let mut recvline = [0u8; MAXLINE];
    let mut peeraddr = sockaddr_in::default();
    let mut sri;
    while stdio::fgets(&mut sendline, &mut input)? > 0 {
        if sendline.first() != Some(&b'[') {
            printf!("Error, line must be of the form '[streamnum]text'\n")?;
            continue;
        }
        sri = sctp_sndrcvinfo::default(); // bzero(&sri, sizeof(sri))
        sri.sinfo_stream = strtol_stream(&sendline[1..]);
        sctp_sendmsg(sock_fd, &sendline, to, 0, 0, sri.sinfo_stream, 0, 0)?;
        let mut msg_flags: c_int = 0;
        let rd_sz = sctp_recvmsg(
            sock_fd,
            &mut recvline,
            &mut peeraddr,
            &mut sri,
            &mut msg_flags,
        )?;
        printf!(
            "From str:{} seq:{} (assoc:{:#x}):",
            sri.sinfo_stream,
            sri.sinfo_ssn,
            sri.sinfo_assoc_id
        )?;
        printf!("{}", String::from_utf8_lossy(&recvline[..rd_sz]))?;
    }
    Ok(())
}

/// C's `strtol(&sendline[1], NULL, 0)` for the stream number: the
/// leading digits (none: 0).
fn strtol_stream(s: &[u8]) -> u16 {
    s.iter()
        .take_while(|b| b.is_ascii_digit())
        .fold(0u16, |n, d| {
            n.wrapping_mul(10).wrapping_add(u16::from(d - b'0'))
        })
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (host, port) = match args.as_slice() {
        [_] => ("127.0.0.1", SERV_PORT),
        [_, host] => (host.as_str(), SERV_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err("usage: ch23_sctpclient01 [host] [port]".into()),
    };
    let sock_fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;

    let mut evnts = sctp_event_subscribe::default();
    evnts.sctp_data_io_event = 1;
    setsockopt(&sock_fd, IPPROTO_SCTP, SCTP_EVENTS, &evnts)?;
    sctpstr_cli(&sock_fd, &servaddr)?;
    close(sock_fd)?;
    exit(0);
}
