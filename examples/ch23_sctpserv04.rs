//! `ch23_sctpserv04 [port] [seconds]` — UNP §23.2, Figure 23.1: the
//! one-to-many echo server of `ch23_sctpserv01` with `SCTP_AUTOCLOSE`: an
//! association that stays idle `seconds` (the book: 120) is shut down by
//! the server's kernel — the one-to-many socket's way to forget clients
//! that went quiet, since there is no descriptor per client to close.
//!
//! Run it in a kernel with SCTP (`scripts/sctp-vm`), with a short timeout,
//! and watch the association go (the `ch23_sctpclient04` client prints
//! association events):
//!
//! ```text
//! $ scripts/sctp-vm sh -c 'target/debug/examples/ch23_sctpserv04 9877 2 & sleep 1;
//!       (echo "[0]hi"; sleep 4; echo "[0]again") | target/debug/examples/ch23_sctpclient04'
//! listening on 0.0.0.0:9877
//! autoclose after 2 s
//! …
//! From str:1 seq:0 (assoc:0x1):[0]hi
//! From str:1 seq:0 (assoc:0x2):[0]again     <- a new association
//! ```
//!
//! The C twin is `docs/c/ch23_sctpserv04.c` (`cc … -lsctp`).
//!
//! Under strace, the one call it adds to `ch23_sctpserv01`:
//!
//! ```text
//! setsockopt(3, SOL_SCTP, SCTP_AUTOCLOSE, [2], 4) = 0
//! ```
//!
//! The lesson: a one-to-many server does not close associations; it asks
//! the kernel to close the idle ones. A client that comes back after the
//! timeout gets a new association (a new id) transparently.
use socklab::*;

fn main() {
    if let Err(e) = run() {
        sctp_perror(e.as_ref());
        exit(1);
    }
}

/// UNP §10.6's `sctp_get_no_strms` (`SCTP_STATUS` of the association).
fn sctp_get_no_strms(sock_fd: &Fd, assoc_id: sctp_assoc_t) -> Result<u16> {
    let mut status = sctp_status::default();
    sctp_opt_info(sock_fd, assoc_id, SCTP_STATUS, &mut status)?;
    Ok(status.sstat_outstrms)
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (port, close_time) = match args.as_slice() {
        [_] => (SERV_PORT, 120),
        [_, port] => (parse_port(port)?, 120),
        [_, port, secs] => (
            parse_port(port)?,
            secs.parse::<c_int>()
                .map_err(|_| format!("ch23_sctpserv04: bad seconds \"{secs}\""))?,
        ),
        _ => return Err("usage: ch23_sctpserv04 [port] [seconds]".into()),
    };
    let sock_fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)?;

    let mut servaddr = sockaddr_in::default();
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    bind(&sock_fd, &servaddr)?;

    let mut evnts = sctp_event_subscribe::default();
    evnts.sctp_data_io_event = 1;
    setsockopt(&sock_fd, IPPROTO_SCTP, SCTP_EVENTS, &evnts)?;
    setsockopt(&sock_fd, IPPROTO_SCTP, SCTP_AUTOCLOSE, &close_time)?;
    listen(&sock_fd, LISTENQ)?;
    getsockname_into(&sock_fd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;
    printf!("autoclose after {close_time} s\n")?;

    let mut readbuf = [0u8; BUFFSIZE];
    let mut cliaddr = sockaddr_in::default();
    let mut sri = sctp_sndrcvinfo::default();
    loop {
        let mut msg_flags: c_int = 0;
        let rd_sz = sctp_recvmsg(
            &sock_fd,
            &mut readbuf,
            &mut cliaddr,
            &mut sri,
            &mut msg_flags,
        )?;
        sri.sinfo_stream += 1;
        if sri.sinfo_stream >= sctp_get_no_strms(&sock_fd, sri.sinfo_assoc_id)? {
            sri.sinfo_stream = 0;
        }
        sctp_sendmsg(
            &sock_fd,
            &readbuf[..rd_sz],
            &cliaddr,
            sri.sinfo_ppid,
            u32::from(sri.sinfo_flags),
            sri.sinfo_stream,
            0,
            0,
        )?;
    }
}
