//! `ch23_sctpclient03 [host] [port]` — UNP §23.5, Figure 23.6: the client
//! of `ch23_sctpclient01` sending every message *unordered*: flag
//! `SCTP_UNORDERED` (the book's `MSG_UNORDERED`) in `sctp_sendmsg`. An
//! unordered message is delivered as soon as it arrives, ahead of ordered
//! messages stuck behind a lost one on its stream, and has no stream
//! sequence number (`seq:0` every time; ordered messages count up).
//!
//! Run it against `ch23_sctpserv01` in a kernel with SCTP
//! (`scripts/sctp-vm`):
//!
//! ```text
//! $ printf '[0]one\n[0]two\n[0]three\n' | target/debug/examples/ch23_sctpclient03
//! From str:1 seq:0 (assoc:0x1):[0]one
//! From str:1 seq:0 (assoc:0x1):[0]two
//! From str:1 seq:0 (assoc:0x1):[0]three
//! ```
//!
//! (The server echoes with the flags it received, so the echoes are
//! unordered too; `ch23_sctpclient01` shows `seq:0`, `seq:1`, `seq:2`.)
//! The C twin is `docs/c/ch23_sctpclient03.c` (`cc … -lsctp`).
//!
//! Under strace (in the VM; abridged: `…` stands for what is left out), the flag is inside the cmsg's
//! `sctp_sndrcvinfo` (`sinfo_flags`), which strace does not decode:
//!
//! ```text
//! sendmsg(3, {msg_name={…}, msg_namelen=16, msg_iov=[{iov_base="[0]one\n", iov_len=7}], msg_iovlen=1, msg_control=[{cmsg_len=48, cmsg_level=SOL_SCTP, cmsg_type=0x1}], msg_controllen=48, msg_flags=0}, 0) = 7
//! ```
//!
//! The lesson: SCTP lets each message choose: in order on its stream, or
//! as soon as it arrives.
use socklab::*;

fn main() {
    if let Err(e) = run() {
        sctp_perror(e.as_ref());
        exit(1);
    }
}

/// UNP §23.5, `sctpstr_cli` of `sctp_strcli_un.c`: Figure 10.6's loop,
/// each message sent with `SCTP_UNORDERED` (the book's `MSG_UNORDERED`).
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
        sctp_sendmsg(
            sock_fd,
            &sendline,
            to,
            0,
            SCTP_UNORDERED,
            sri.sinfo_stream,
            0,
            0,
        )?;
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
        _ => return Err("usage: ch23_sctpclient03 [host] [port]".into()),
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
