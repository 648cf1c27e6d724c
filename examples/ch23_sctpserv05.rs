//! `ch23_sctpserv05 [port]` — UNP §23.3, Figures 23.2–23.3: the echo server
//! with the partial delivery API. A message bigger than the buffer is not
//! cut (as a UDP datagram would be): `sctp_recvmsg` returns its first part
//! without `MSG_EOR`, and `pdapi_recvmsg` grows its buffer (by
//! `SCTP_PDAPI_INCR_SZ`, 65535 bytes) and reads on until `MSG_EOR` — then
//! the whole message is echoed in one `sctp_sendmsg`.
//!
//! Run it in a kernel with SCTP (`scripts/sctp-vm`); it prints the size of
//! each message it echoes:
//!
//! ```text
//! $ target/debug/examples/ch23_sctpserv05
//! listening on 0.0.0.0:9877
//! 100000 bytes in 2 reads from 127.0.0.1:39711 on stream 0
//! ```
//!
//! The C twin is `docs/c/ch23_sctpserv05.c` (`cc … -lsctp`; its buffer is
//! `malloc`ed and `realloc`ed, the Rust one a `Vec` that grows).
//!
//! Under strace (in the VM; abridged: `…` stands for what is left out), a 100000-byte message:
//!
//! ```text
//! recvmsg(3, {msg_name={sa_family=AF_INET, …}, msg_namelen=16, msg_iov=[{iov_base="xxxx"..., iov_len=65535}], msg_iovlen=1, msg_control=[{cmsg_len=48, cmsg_level=SOL_SCTP, cmsg_type=0x1}], msg_controllen=48, msg_flags=0}, 0) = 65535
//! recvmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="xxxx"..., iov_len=65535}], msg_iovlen=1, msg_control=[{cmsg_len=48, cmsg_level=SOL_SCTP, cmsg_type=0x1}], msg_controllen=48, msg_flags=MSG_EOR}, 0) = 34465
//! sendmsg(3, {msg_name={sa_family=AF_INET, …}, msg_namelen=16, msg_iov=[{iov_base="xxxx"..., iov_len=100000}], …}, 0) = 100000
//! ```
//!
//! The lesson: SCTP keeps message boundaries even for messages larger than
//! any buffer: `MSG_EOR` says where one ends.
use socklab::*;

fn main() {
    if let Err(e) = run() {
        sctp_perror(e.as_ref());
        exit(1);
    }
}

/// The book's `SCTP_PDAPI_NEED_MORE_THRESHOLD`: grow the buffer when less
/// than this is left.
const SCTP_PDAPI_NEED_MORE_THRESHOLD: usize = 1024;

/// UNP Figure 23.2, `pdapi_recvmsg`: one whole message, however long,
/// into `readbuf` (grown as needed); returns its length and how many
/// reads it took.
fn pdapi_recvmsg(
    sock_fd: &Fd,
    readbuf: &mut Vec<u8>,
    from: &mut sockaddr_in,
    sri: &mut sctp_sndrcvinfo,
    msg_flags: &mut c_int,
) -> Result<(usize, usize)> {
    if readbuf.is_empty() {
        readbuf.resize(SCTP_PDAPI_INCR_SZ, 0); // malloc(SCTP_PDAPI_INCR_SZ)
    }
    let mut at_in_buf = sctp_recvmsg(sock_fd, readbuf, from, sri, msg_flags)?;
    let mut reads = 1;
    if at_in_buf < 1 {
        return Ok((at_in_buf, reads));
    }
    while *msg_flags & MSG_EOR == 0 {
        if readbuf.len() - at_in_buf < SCTP_PDAPI_NEED_MORE_THRESHOLD {
            readbuf.resize(readbuf.len() + SCTP_PDAPI_INCR_SZ, 0); // realloc
        }
        let rdsz = sctp_recvmsg_null(sock_fd, &mut readbuf[at_in_buf..], msg_flags)?;
        at_in_buf += rdsz;
        reads += 1;
    }
    Ok((at_in_buf, reads))
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let port = match args.as_slice() {
        [_] => SERV_PORT,
        [_, port] => parse_port(port)?,
        _ => return Err("usage: ch23_sctpserv05 [port]".into()),
    };
    let sock_fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)?;

    let mut servaddr = sockaddr_in::default();
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    bind(&sock_fd, &servaddr)?;

    let mut evnts = sctp_event_subscribe::default();
    evnts.sctp_data_io_event = 1;
    setsockopt(&sock_fd, IPPROTO_SCTP, SCTP_EVENTS, &evnts)?;
    listen(&sock_fd, LISTENQ)?;
    getsockname_into(&sock_fd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;

    let mut readbuf = Vec::new();
    let mut cliaddr = sockaddr_in::default();
    let mut sri = sctp_sndrcvinfo::default();
    loop {
        let mut msg_flags: c_int = 0;
        let (rd_sz, reads) = pdapi_recvmsg(
            &sock_fd,
            &mut readbuf,
            &mut cliaddr,
            &mut sri,
            &mut msg_flags,
        )?;
        printf!(
            "{rd_sz} bytes in {reads} reads from {} on stream {}\n",
            sock_ntop(&cliaddr),
            sri.sinfo_stream
        )?;
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
