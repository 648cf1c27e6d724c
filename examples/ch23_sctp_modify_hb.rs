//! `ch23_sctp_modify_hb [host] [port] [milliseconds]` — UNP §23.9, Figure
//! 23.14: heartbeat control. SCTP checks that each peer address is alive
//! with HEARTBEAT chunks (every 30 s by default on Linux); the book's
//! `heartbeat_action` changes the interval of one peer address with
//! `SCTP_PEER_ADDR_PARAMS` (`spp_hbinterval`). This client starts an
//! association with the server (one echoed message), sets the interval
//! (default 5000 ms), and reads it back with `sctp_opt_info`.
//!
//! Run it against `ch23_sctpserv01` in a kernel with SCTP
//! (`scripts/sctp-vm`):
//!
//! ```text
//! $ target/debug/examples/ch23_sctp_modify_hb 127.0.0.1 9877 5000
//! heartbeat interval of 127.0.0.1:9877 was 30000 ms
//! heartbeat interval of 127.0.0.1:9877 is 5000 ms
//! ```
//!
//! The C twin is `docs/c/ch23_sctp_modify_hb.c` (`cc … -lsctp`). The book's
//! file has only `heartbeat_action`; the `main` around it is socklab's.
//! Linux differs from the book here: it reads `spp_hbinterval` only when
//! `spp_flags` has `SPP_HB_ENABLE` — the book's `heartbeat_action`, which
//! sets only the interval, succeeds and changes nothing (the reading back
//! shows it: try it without the flag).
//!
//! Under strace (in the VM):
//!
//! ```text
//! getsockopt(3, SOL_SCTP, SCTP_PEER_ADDR_PARAMS, "\1\0\0\0\2\0&\225\177\0\0\1\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"..., [156]) = 0
//! setsockopt(3, SOL_SCTP, SCTP_PEER_ADDR_PARAMS, "\0\0\0\0\2\0&\225\177\0\0\1\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"..., 156) = 0
//! ```
//!
//! The lesson: failure detection in SCTP is per address, and tunable per
//! address.
use socklab::*;

fn main() {
    if let Err(e) = run() {
        sctp_perror(e.as_ref());
        exit(1);
    }
}

/// UNP Figure 23.14, `heartbeat_action`: set the heartbeat interval of
/// peer address `sa` (milliseconds). Linux reads `spp_hbinterval` only
/// with `SPP_HB_ENABLE` in `spp_flags`; the book's version, without it,
/// succeeds and changes nothing.
// The struct is filled the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn heartbeat_action(sock_fd: &Fd, sa: &sockaddr_in, value: u32) -> Result<()> {
    let mut paddr = sctp_paddrparams::default(); // bzero(&paddr, sizeof(paddr))
    paddr.spp_hbinterval = value;
    paddr.spp_flags = SPP_HB_ENABLE; // Linux: the interval counts only with this flag
    paddr.set_address(sa); // memcpy(&paddr.spp_address, sa, salen)
    setsockopt(sock_fd, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, &paddr)
}

/// The interval now: `sctp_opt_info(SCTP_PEER_ADDR_PARAMS)` for `sa`.
fn heartbeat_interval(sock_fd: &Fd, assoc_id: sctp_assoc_t, sa: &sockaddr_in) -> Result<u32> {
    let mut paddr = sctp_paddrparams::default();
    paddr.set_address(sa);
    sctp_opt_info(sock_fd, assoc_id, SCTP_PEER_ADDR_PARAMS, &mut paddr)?;
    Ok(paddr.spp_hbinterval)
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (host, port, value) = match args.as_slice() {
        [_] => ("127.0.0.1", SERV_PORT, 5000),
        [_, host] => (host.as_str(), SERV_PORT, 5000),
        [_, host, port] => (host.as_str(), parse_port(port)?, 5000),
        [_, host, port, ms] => (
            host.as_str(),
            parse_port(port)?,
            ms.parse::<u32>()
                .map_err(|_| format!("ch23_sctp_modify_hb: bad milliseconds \"{ms}\""))?,
        ),
        _ => return Err("usage: ch23_sctp_modify_hb [host] [port] [milliseconds]".into()),
    };
    let sock_fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;

    let mut evnts = sctp_event_subscribe::default();
    evnts.sctp_data_io_event = 1;
    setsockopt(&sock_fd, IPPROTO_SCTP, SCTP_EVENTS, &evnts)?;

    // one message and its echo: the association is up
    sctp_sendmsg(&sock_fd, b"[0]heartbeat\n", &servaddr, 0, 0, 0, 0, 0)?;
    let mut recvline = [0u8; MAXLINE];
    let mut peeraddr = sockaddr_in::default();
    let mut sri = sctp_sndrcvinfo::default();
    let mut msg_flags: c_int = 0;
    sctp_recvmsg(
        &sock_fd,
        &mut recvline,
        &mut peeraddr,
        &mut sri,
        &mut msg_flags,
    )?;

    let was = heartbeat_interval(&sock_fd, sri.sinfo_assoc_id, &servaddr)?;
    printf!(
        "heartbeat interval of {} was {was} ms\n",
        sock_ntop(&servaddr)
    )?;
    heartbeat_action(&sock_fd, &servaddr, value)?;
    let is = heartbeat_interval(&sock_fd, sri.sinfo_assoc_id, &servaddr)?;
    printf!(
        "heartbeat interval of {} is {is} ms\n",
        sock_ntop(&servaddr)
    )?;
    close(sock_fd)?;
    exit(0);
}
