//! `ch23_sctpserv_fork [port]` — UNP §23.10, Figure 23.15: a server that is
//! iterative and concurrent at once. Every association starts on the
//! one-to-many socket; after echoing its first message, the server *peels
//! it off* (`sctp_peeloff`) onto a one-to-one socket of its own and forks a
//! child that serves it with the plain `str_echo` of chapter 5 (`read`,
//! `write`), while the parent goes back to the one-to-many socket.
//!
//! Run it in a kernel with SCTP (`scripts/sctp-vm`) with a client:
//!
//! ```text
//! $ target/debug/examples/ch23_sctpserv_fork &
//! listening on 0.0.0.0:9877
//! $ printf '[0]first\n[0]second\n' | target/debug/examples/ch23_sctpclient01
//! From str:0 seq:0 (assoc:0x1):[0]first
//! From str:0 seq:1 (assoc:0x1):[0]second     <- echoed by the child
//! peeled off assoc 0x2 onto descriptor 4, child 1234
//! read: Transport endpoint is not connected (ENOTCONN)
//! ```
//!
//! (Each end numbers its associations: the server's 0x2 is the client's
//! 0x1.) The last line is the child's: when the client closes, Linux
//! fails `read` on a peeled-off socket with ENOTCONN instead of returning
//! 0, so `str_echo` ends with the book's "read error", and the child with
//! exit status 1.
//!
//! The C twin is `docs/c/ch23_sctpserv_fork.c` (`cc … -lsctp`). Linux
//! differs from the book in one place: `sctp_address_to_associd` (the
//! book's `SCTP_PEER_ADDR_PARAMS` trick) returns association 0 on Linux,
//! so both twins peel off the id `sctp_recvmsg` reported
//! (`sri.sinfo_assoc_id`).
//!
//! Under strace (`strace -f`, in the VM; abridged: `…` stands for what is left out):
//!
//! ```text
//! getsockopt(3, SOL_SCTP, SCTP_SOCKOPT_PEELOFF, "\1\0\0\0\4\0\0\0", [8]) = 4
//! clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, …) = 1234
//! [pid 1234] close(3)                    = 0
//! [pid 1234] read(4, "[0]second\n", 4096) = 10
//! [pid 1234] write(4, "[0]second\n", 10) = 10
//! [pid 1233] close(4)                    = 0
//! ```
//!
//! The lesson: `sctp_peeloff` turns an association of a one-to-many socket
//! into an ordinary descriptor — the bridge between the two styles.
use socklab::*;

fn main() {
    if let Err(e) = run() {
        sctp_perror(e.as_ref());
        exit(1);
    }
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let port = match args.as_slice() {
        [_] => SERV_PORT,
        [_, port] => parse_port(port)?,
        _ => return Err("usage: ch23_sctpserv_fork [port]".into()),
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
        let assoc = sri.sinfo_assoc_id;
        let connfd = match sctp_peeloff(&sock_fd, assoc) {
            Ok(fd) => fd,
            Err(e) => {
                perror(&e); // the book's err_ret: say so, serve the next message
                continue;
            }
        };
        match fork()? {
            ForkResult::Child => {
                close(sock_fd)?;
                str_echo(&connfd)?;
                exit(0);
            }
            ForkResult::Parent { child } => {
                printf!("peeled off assoc {assoc:#x} onto descriptor {connfd}, child {child}\n")?;
                close(connfd)?;
            }
        }
    }
}
