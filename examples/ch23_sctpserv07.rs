//! `ch23_sctpserv07 port address...` — UNP §23.6, Figures 23.8–23.9: an
//! AF_INET6 one-to-many echo server bound to exactly the addresses given
//! on the command line, in one call: `sctp_bind_arg_list` looks each up
//! (`host_serv`) and hands the packed list to `sctp_bindx(…,
//! SCTP_BINDX_ADD_ADDR)`. An SCTP endpoint is *multihomed*: one port on
//! several addresses, and associations that survive one of them failing.
//!
//! Run it in a kernel with SCTP (`scripts/sctp-vm`); loopback has every
//! 127.x.y.z address, so two are enough to see it:
//!
//! ```text
//! $ target/debug/examples/ch23_sctpserv07 9877 127.0.0.1 127.0.0.2 &
//! bound to [::ffff:127.0.0.1]:9877 [::ffff:127.0.0.2]:9877
//! $ echo '[0]hi' | target/debug/examples/ch23_sctpclient01 127.0.0.2
//! From str:0 seq:0 (assoc:0x1):[0]hi
//! $ echo '[0]hi' | target/debug/examples/ch23_sctpclient01 127.0.0.3
//! recvmsg: Transport endpoint is not connected (ENOTCONN)   <- not one of its addresses: ABORT
//! ```
//!
//! (An AF_INET6 socket shows IPv4 addresses as IPv4-mapped IPv6 ones.)
//!
//! The C twin is `docs/c/ch23_sctpserv07.c` (`cc … -lsctp`). The book's
//! program has no port argument (it uses SERV_PORT); here the first
//! argument is the port. It prints what it is bound to
//! (`sctp_getladdrs(sock_fd, 0)`: the socket's own addresses).
//!
//! Under strace (in the VM), the packed list is two `sockaddr_in`s:
//!
//! ```text
//! socket(AF_INET6, SOCK_SEQPACKET, IPPROTO_SCTP) = 3
//! setsockopt(3, SOL_SCTP, SCTP_SOCKOPT_BINDX_ADD, "\2\0&\225\177\0\0\1\0\0\0\0\0\0\0\0\2\0&\225\177\0\0\2\0\0\0\0\0"..., 32) = 0
//! ```
//!
//! The lesson: `bind` gives a socket one address; `sctp_bindx` gives an
//! SCTP socket a chosen set of them.
use socklab::*;

fn main() {
    if let Err(e) = run() {
        sctp_perror(e.as_ref());
        exit(1);
    }
}

/// UNP Figure 23.8, `sctp_bind_arg_list`: each argument looked up with
/// `host_serv`, then one `sctp_bindx` for them all.
fn sctp_bind_arg_list(sock_fd: &Fd, argv: &[String], port: &str) -> Result<()> {
    let mut addrs = Vec::new();
    for arg in argv {
        let addr = host_serv(Some(arg), Some(port), AF_UNSPEC, SOCK_SEQPACKET)?;
        if let Some(sa) = addr.first().and_then(|a| a.ai_addr.clone()) {
            addrs.push(sa);
        }
    }
    sctp_bindx(sock_fd, &addrs, SCTP_BINDX_ADD_ADDR)
}

// The struct is filled the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    if args.len() < 3 {
        return Err("usage: ch23_sctpserv07 port address...".into());
    }
    parse_port(&args[1])?;
    let sock_fd = socket(AF_INET6, SOCK_SEQPACKET, IPPROTO_SCTP)?;
    sctp_bind_arg_list(&sock_fd, &args[2..], &args[1])?;

    let mut evnts = sctp_event_subscribe::default();
    evnts.sctp_data_io_event = 1;
    setsockopt(&sock_fd, IPPROTO_SCTP, SCTP_EVENTS, &evnts)?;
    listen(&sock_fd, LISTENQ)?;
    let bound: Vec<String> = sctp_getladdrs(&sock_fd, 0)?
        .iter()
        .map(|a| sock_ntop(a).to_string())
        .collect();
    printf!("bound to {}\n", bound.join(" "))?;

    let mut readbuf = [0u8; BUFFSIZE];
    let mut cliaddr = sockaddr_in6::default();
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
    }
}
