//! `ch23_sctpclient04 [host] [port]` — UNP §23.7, Figures 23.11–23.13:
//! the client of `ch23_sctpclient01` that also subscribes to association
//! events. When its association comes up (`SCTP_COMM_UP`), it lists the
//! peer's addresses (`sctp_getpaddrs`) and its own (`sctp_getladdrs`) —
//! all of them: an SCTP association joins two *sets* of addresses.
//!
//! Run it against `ch23_sctpserv01` in a kernel with SCTP
//! (`scripts/sctp-vm`):
//!
//! ```text
//! $ echo '[0]hello' | target/debug/examples/ch23_sctpclient04
//! There are 1 remote addresses and they are:
//! 127.0.0.1:9877
//! There are 1 local addresses and they are:
//! 127.0.0.1:45211
//! From str:1 seq:0 (assoc:0x1):[0]hello
//! ```
//!
//! The C twin is `docs/c/ch23_sctpclient04.c` (`cc … -lsctp`), calling
//! libsctp's `sctp_getpaddrs`/`sctp_freepaddrs`; socklab's lists are owned
//! `Vec`s, freed when dropped.
//!
//! Under strace (in the VM; abridged: `…` stands for what is left out):
//!
//! ```text
//! recvmsg(3, {…, msg_iov=[{iov_base="\1\200\0\0\24\0\0\0\0\0\0\0\n\0\n\0\1\0\0\0", iov_len=4096}], msg_iovlen=1, msg_controllen=0, msg_flags=MSG_EOR|MSG_MORE}, 0) = 20
//! getsockopt(3, SOL_SCTP, SCTP_GET_PEER_ADDRS, "\1\0\0\0\1\0\0\0\2\0&\225\177\0\0\1\0\0\0\0\0\0\0\0", [4096 => 24]) = 0
//! getsockopt(3, SOL_SCTP, SCTP_GET_LOCAL_ADDRS, "\1\0\0\0\1\0\0\0\2\0\243\355\177\0\0\1", [4096 => 16]) = 0
//! ```
//!
//! The lesson: an association is between address sets, and the
//! application can ask for both.
use socklab::*;

fn main() {
    if let Err(e) = run() {
        sctp_perror(e.as_ref());
        exit(1);
    }
}

/// UNP Figure 10.6's `sctpstr_cli` as §23.7's `sctp_strcli1.c` changes
/// it: before each echo, any notifications are read and checked.
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
        let mut msg_flags: c_int;
        let mut rd_sz;
        loop {
            msg_flags = 0;
            rd_sz = sctp_recvmsg(
                sock_fd,
                &mut recvline,
                &mut peeraddr,
                &mut sri,
                &mut msg_flags,
            )?;
            if msg_flags & MSG_NOTIFICATION == 0 {
                break;
            }
            check_notification(sock_fd, &recvline[..rd_sz])?;
        }
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

/// UNP Figure 23.12, `check_notification`: when an association comes up
/// (or restarts), list the peer's addresses and ours.
fn check_notification(sock_fd: &Fd, recvline: &[u8]) -> Result<()> {
    let Some(SctpNotification::AssocChange {
        state, assoc_id, ..
    }) = sctp_notification(recvline)
    else {
        return Ok(());
    };
    if state == SCTP_COMM_UP || state == SCTP_RESTART {
        let addrs = sctp_getpaddrs(sock_fd, assoc_id)?;
        printf!("There are {} remote addresses and they are:\n", addrs.len())?;
        sctp_print_addresses(&addrs)?;
        drop(addrs); // sctp_freepaddrs
        let addrs = sctp_getladdrs(sock_fd, assoc_id)?;
        printf!("There are {} local addresses and they are:\n", addrs.len())?;
        sctp_print_addresses(&addrs)?;
    }
    Ok(())
}

/// UNP Figure 23.13, `sctp_print_addresses`: one address a line.
fn sctp_print_addresses(addrs: &[SockAddr]) -> Result<()> {
    for a in addrs {
        printf!("{}\n", sock_ntop(a))?;
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
        _ => return Err("usage: ch23_sctpclient04 [host] [port]".into()),
    };
    let sock_fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;

    let mut evnts = sctp_event_subscribe::default();
    evnts.sctp_data_io_event = 1;
    evnts.sctp_association_event = 1;
    setsockopt(&sock_fd, IPPROTO_SCTP, SCTP_EVENTS, &evnts)?;
    sctpstr_cli(&sock_fd, &servaddr)?;
    close(sock_fd)?;
    exit(0);
}
