//! `ch23_sctpserv01 [port]` — UNP chapter 10, Figures 10.3–10.4, the
//! program chapter 23 builds on: the one-to-many SCTP echo server. One
//! `SOCK_SEQPACKET` socket serves every client (every *association*):
//! `sctp_recvmsg` returns the next message from any of them with its
//! sender and its stream; the echo goes back to that sender on the next
//! stream up (the book's stream increment: stream 0 comes back on 1, the
//! last stream wraps to 0).
//!
//! This needs a kernel with SCTP. Most containers and CI machines have
//! none (the program then stops with `socket: Socket type not supported
//! (ESOCKTNOSUPPORT) — this kernel has no SCTP; …`); `scripts/sctp-vm`
//! runs it in a small VM that has it:
//!
//! ```text
//! $ cargo build --examples
//! $ scripts/sctp-vm sh -c 'target/debug/examples/ch23_sctpserv01 & sleep 1;
//!       printf "[0]hello\n[4]four\n" | target/debug/examples/ch23_sctpclient01'
//! listening on 0.0.0.0:9877
//! From str:1 seq:0 (assoc:0x1):[0]hello
//! From str:5 seq:0 (assoc:0x1):[4]four
//! ```
//!
//! The C twin is `docs/c/ch23_sctpserv01.c` (`cc -o sctpserv01
//! docs/c/ch23_sctpserv01.c -lsctp`; `<netinet/sctp.h>` and libsctp come
//! with Debian's `libsctp-dev`). socklab needs no libsctp: its
//! `sctp_recvmsg`/`sctp_sendmsg` make the same `recvmsg`/`sendmsg` calls.
//!
//! Under strace (in the VM):
//!
//! ```text
//! socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP) = 3
//! bind(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! setsockopt(3, SOL_SCTP, SCTP_EVENTS, "\1\0\0\0\0\0\0\0\0\0\0\0\0\0", 14) = 0
//! listen(3, 1024)                         = 0
//! recvmsg(3, {msg_name={sa_family=AF_INET, sin_port=htons(41012), sin_addr=inet_addr("127.0.0.1")}, msg_namelen=16, msg_iov=[{iov_base="[0]hello\n", iov_len=8192}], msg_iovlen=1, msg_control=[{cmsg_len=48, cmsg_level=SOL_SCTP, cmsg_type=0x1}], msg_controllen=48, msg_flags=MSG_EOR}, 0) = 9
//! getsockopt(3, SOL_SCTP, SCTP_STATUS, "\1\0\0\0\4\0\0\0\0\240\1\0\0\0\0\0\n\0\n\0\314\377\0\0\1\0\0\0\2\0\341n"..., [176]) = 0
//! sendmsg(3, {msg_name={sa_family=AF_INET, sin_port=htons(41012), sin_addr=inet_addr("127.0.0.1")}, msg_namelen=16, msg_iov=[{iov_base="[0]hello\n", iov_len=9}], msg_iovlen=1, msg_control=[{cmsg_len=48, cmsg_level=SOL_SCTP, cmsg_type=0x1}], msg_controllen=48, msg_flags=0}, 0) = 9
//! ```
//!
//! No `accept`: `listen` only lets associations in. The cmsg is the
//! `struct sctp_sndrcvinfo` (type `SCTP_SNDRCV`, which strace does not
//! name) that carries the stream. Linux differs from the book in one place:
//! its `sctp_address_to_associd` (`SCTP_PEER_ADDR_PARAMS`) returns
//! association 0, so `sctp_get_no_strms` asks `SCTP_STATUS` about the
//! association id `sctp_recvmsg` reported (`sri.sinfo_assoc_id`).
//!
//! The lesson: one socket, many associations, each with several streams —
//! no accept, no fork, no connection per client.
use socklab::*;

fn main() {
    if let Err(e) = run() {
        sctp_perror(e.as_ref());
        exit(1);
    }
}

/// UNP §10.6's `sctp_get_no_strms`: the association's outbound streams
/// (`SCTP_STATUS`, read with `sctp_opt_info`).
fn sctp_get_no_strms(sock_fd: &Fd, assoc_id: sctp_assoc_t) -> Result<u16> {
    let mut status = sctp_status::default();
    sctp_opt_info(sock_fd, assoc_id, SCTP_STATUS, &mut status)?;
    Ok(status.sstat_outstrms)
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let port = match args.as_slice() {
        [_] => SERV_PORT,
        [_, port] => parse_port(port)?,
        _ => return Err("usage: ch23_sctpserv01 [port]".into()),
    };
    let sock_fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)?;

    let mut servaddr = sockaddr_in::default(); // bzero, sin_family = AF_INET
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    bind(&sock_fd, &servaddr)?;

    let mut evnts = sctp_event_subscribe::default(); // bzero
    evnts.sctp_data_io_event = 1;
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
