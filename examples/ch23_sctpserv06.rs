//! `ch23_sctpserv06 [port]` — UNP §23.4, Figures 23.4–23.5: the echo
//! server that subscribes to every notification and prints each one it
//! gets (`print_notification`, the book's `sctp_displayevents.c`). A
//! notification arrives like a message, with `MSG_NOTIFICATION` in the
//! flags; its bytes are a `union sctp_notification`, decoded here into
//! `SctpNotification`.
//!
//! Run it in a kernel with SCTP (`scripts/sctp-vm`) with a client:
//!
//! ```text
//! $ target/debug/examples/ch23_sctpserv06 &
//! listening on 0.0.0.0:9877
//! $ echo '[0]hello' | target/debug/examples/ch23_sctpclient01
//! SCTP_ASSOC_CHANGE: COMMUNICATION UP, assoc=0x1
//! From str:0 seq:0 (assoc:0x1):[0]hello
//! SCTP_SHUTDOWN_EVENT: assoc=0x1
//! SCTP_ASSOC_CHANGE: SHUTDOWN COMPLETE, assoc=0x1
//! ```
//!
//! (The notification lines are the server's, the `From` line the
//! client's; this server echoes on the stream it received on.) The C twin is `docs/c/ch23_sctpserv06.c` (`cc … -lsctp`).
//!
//! Under strace (in the VM; abridged: `…` stands for what is left out), a notification is a `recvmsg` with no cmsg
//! and `MSG_NOTIFICATION` (0x8000, which strace names `MSG_MORE`):
//!
//! ```text
//! setsockopt(3, SOL_SCTP, SCTP_EVENTS, "\1\1\1\1\1\1\1\1\0\0\0\0\0\0", 14) = 0
//! recvmsg(3, {msg_name={sa_family=AF_INET, …}, msg_namelen=16, msg_iov=[{iov_base="\1\200\0\0\24\0\0\0\0\0\0\0\n\0\n\0\1\0\0\0", iov_len=8192}], msg_iovlen=1, msg_controllen=0, msg_flags=MSG_EOR|MSG_MORE}, 0) = 20
//! ```
//!
//! The lesson: SCTP tells the application about its associations and
//! addresses in band, as messages it asked for with `SCTP_EVENTS`.
use socklab::*;

fn main() {
    if let Err(e) = run() {
        sctp_perror(e.as_ref());
        exit(1);
    }
}

/// UNP Figure 23.5, `print_notification`: one line per notification.
fn print_notification(notify_buf: &[u8]) -> Result<usize> {
    let Some(snp) = sctp_notification(notify_buf) else {
        return printf!("Short notification of {} bytes\n", notify_buf.len());
    };
    match snp {
        SctpNotification::AssocChange {
            state, assoc_id, ..
        } => {
            let str = match state {
                SCTP_COMM_UP => "COMMUNICATION UP",
                SCTP_COMM_LOST => "COMMUNICATION LOST",
                SCTP_RESTART => "RESTART",
                SCTP_SHUTDOWN_COMP => "SHUTDOWN COMPLETE",
                SCTP_CANT_STR_ASSOC => "CANT START ASSOC",
                _ => "UNKNOWN",
            };
            printf!("SCTP_ASSOC_CHANGE: {str}, assoc={assoc_id:#x}\n")
        }
        SctpNotification::PeerAddrChange { addr, state, .. } => {
            let str = match state {
                SCTP_ADDR_AVAILABLE => "ADDRESS AVAILABLE",
                SCTP_ADDR_UNREACHABLE => "ADDRESS UNREACHABLE",
                SCTP_ADDR_REMOVED => "ADDRESS REMOVED",
                SCTP_ADDR_ADDED => "ADDRESS ADDED",
                SCTP_ADDR_MADE_PRIM => "ADDRESS MADE PRIMARY",
                SCTP_ADDR_CONFIRMED => "ADDRESS CONFIRMED",
                _ => "UNKNOWN",
            };
            printf!("SCTP_PEER_ADDR_CHANGE: {str}, addr={}\n", sock_ntop(&addr))
        }
        SctpNotification::RemoteError { error, assoc_id } => {
            printf!("SCTP_REMOTE_ERROR: assoc={assoc_id:#x} error={error}\n")
        }
        SctpNotification::SendFailed {
            error, assoc_id, ..
        } => {
            printf!("SCTP_SEND_FAILED: assoc={assoc_id:#x} error={error}\n")
        }
        SctpNotification::Adaptation { adaptation_ind, .. } => {
            printf!("SCTP_ADAPTATION_INDICATION: {adaptation_ind:#x}\n")
        }
        SctpNotification::PartialDelivery { indication, .. } => {
            if indication == 0 {
                printf!("SCTP_PARTIAL_DELIVERY_ABORTED\n")
            } else {
                printf!("Unknown SCTP_PARTIAL_DELIVERY_EVENT {indication:#x}\n")
            }
        }
        SctpNotification::Shutdown { assoc_id } => {
            printf!("SCTP_SHUTDOWN_EVENT: assoc={assoc_id:#x}\n")
        }
        SctpNotification::SenderDry { .. } | SctpNotification::Other { .. } => printf!(
            "Unknown notification event type={:#x}\n",
            u16::from_ne_bytes([notify_buf[0], notify_buf[1]])
        ),
    }
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let port = match args.as_slice() {
        [_] => SERV_PORT,
        [_, port] => parse_port(port)?,
        _ => return Err("usage: ch23_sctpserv06 [port]".into()),
    };
    let sock_fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)?;

    let mut servaddr = sockaddr_in::default();
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    bind(&sock_fd, &servaddr)?;

    // the eight events of the book's struct (Linux has six more)
    let mut evnts = sctp_event_subscribe::default();
    evnts.sctp_data_io_event = 1;
    evnts.sctp_association_event = 1;
    evnts.sctp_address_event = 1;
    evnts.sctp_send_failure_event = 1;
    evnts.sctp_peer_error_event = 1;
    evnts.sctp_shutdown_event = 1;
    evnts.sctp_partial_delivery_event = 1;
    evnts.sctp_adaptation_layer_event = 1;
    setsockopt(&sock_fd, IPPROTO_SCTP, SCTP_EVENTS, &evnts)?;
    listen(&sock_fd, LISTENQ)?;
    getsockname_into(&sock_fd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;

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
        if msg_flags & MSG_NOTIFICATION != 0 {
            print_notification(&readbuf[..rd_sz])?;
            continue;
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
