//! `<netinet/sctp.h>` — SCTP sockets (UNP chapters 9, 10 and 23), over the
//! kernel's SCTP socket API, without libsctp: the `IPPROTO_SCTP`
//! protocol with `SOCK_SEQPACKET` (one-to-many) and `SOCK_STREAM`
//! (one-to-one), the chapter's socket options ([`SCTP_INITMSG`],
//! [`SCTP_EVENTS`], [`SCTP_AUTOCLOSE`], [`SCTP_NODELAY`],
//! [`SCTP_PEER_ADDR_PARAMS`], [`SCTP_STATUS`]), and the functions libsctp
//! provides in C, each making the system calls libsctp makes:
//!
//! | C (libsctp) | socklab | system call |
//! |---|---|---|
//! | `sctp_sendmsg` | [`sctp_sendmsg`] | `sendmsg` with an `SCTP_SNDRCV` cmsg |
//! | `sctp_recvmsg` | [`sctp_recvmsg`] | `recvmsg` with room for an `SCTP_SNDRCV` cmsg |
//! | `sctp_bindx` | [`sctp_bindx`] | `setsockopt(SCTP_SOCKOPT_BINDX_ADD/REM)` |
//! | `sctp_getpaddrs`, `sctp_freepaddrs` | [`sctp_getpaddrs`] (the list is owned, freed on drop) | `getsockopt(SCTP_GET_PEER_ADDRS)` |
//! | `sctp_getladdrs`, `sctp_freeladdrs` | [`sctp_getladdrs`] | `getsockopt(SCTP_GET_LOCAL_ADDRS)` |
//! | `sctp_peeloff` | [`sctp_peeloff`] | `getsockopt(SCTP_SOCKOPT_PEELOFF)` |
//! | `sctp_opt_info` | [`sctp_opt_info`] | `getsockopt` |
//! | `union sctp_notification` | [`sctp_notification`] → [`SctpNotification`] | — |
//!
//! Many kernels have no SCTP (containers, WSL, most CI machines): there
//! `socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)` fails with
//! `ESOCKTNOSUPPORT` (and a one-to-one `SOCK_STREAM` one with
//! `EPROTONOSUPPORT`): [`sctp_perror`] says so. `scripts/sctp-vm` runs a command in a small virtual
//! machine whose kernel has it (see `docs/unp/ch23.md`).
//!
//! Linux spells three of the book's flags differently: the book's
//! `MSG_UNORDERED`, `MSG_EOF` and `MSG_ABORT` are [`SCTP_UNORDERED`],
//! [`SCTP_EOF`] and [`SCTP_ABORT`], and "adaption" is "adaptation".
//! [chapter 23]

use std::os::fd::AsFd;

use libc::c_int;

use crate::addr::{AsSockAddr, SockAddr};
use crate::error::Result;
use crate::fd::Fd;
use crate::opt::SockOpt;
use crate::sys::{self, OptValue, RawAddr, SockAddrOut};
use crate::trace::calls;

/// The C types of `<netinet/sctp.h>`, here too (as a C program includes them).
pub use crate::sctp_types::{
    sctp_assoc_t, sctp_event_subscribe, sctp_initmsg, sctp_paddrinfo, sctp_paddrparams,
    sctp_sndrcvinfo, sctp_status, sockaddr_storage_bytes,
};

/// `IPPROTO_SCTP` (132)—the protocol argument of `socket` for SCTP, and
/// the option level of the SCTP options (strace calls that level `SOL_SCTP`).
pub const IPPROTO_SCTP: c_int = libc::IPPROTO_SCTP;
/// `SOL_SCTP`—Linux's name for the option level `IPPROTO_SCTP` (132).
pub const SOL_SCTP: c_int = libc::IPPROTO_SCTP;
/// `MSG_NOTIFICATION` (0x8000)—in [`sctp_recvmsg`]'s flags: the message is
/// a notification, not data: decode it with [`sctp_notification`].
pub const MSG_NOTIFICATION: c_int = 0x8000;
/// `MSG_EOR`—in [`sctp_recvmsg`]'s flags: this read ends a message (without
/// it, the message was longer than the buffer: read on, UNP §23.3).
pub const MSG_EOR: c_int = libc::MSG_EOR;

/// `SCTP_UNORDERED`—an `sctp_sendmsg` flag: deliver this message as soon
/// as it arrives, not in stream order (the book's `MSG_UNORDERED`).
pub const SCTP_UNORDERED: u32 = 1;
/// `SCTP_ADDR_OVER`—an `sctp_sendmsg` flag: send to the given address, not
/// the association's primary one.
pub const SCTP_ADDR_OVER: u32 = 2;
/// `SCTP_ABORT`—an `sctp_sendmsg` flag: abort the association (ABORT
/// chunk), with the message as the reason (the book's `MSG_ABORT`).
pub const SCTP_ABORT: u32 = 4;
/// `SCTP_EOF`—an `sctp_sendmsg` flag: shut the association down gracefully
/// after what was sent (the book's `MSG_EOF`; Linux wants no data with it).
pub const SCTP_EOF: u32 = 0x200;

/// `SCTP_BINDX_ADD_ADDR`—[`sctp_bindx`]: add these addresses.
pub const SCTP_BINDX_ADD_ADDR: c_int = 1;
/// `SCTP_BINDX_REM_ADDR`—[`sctp_bindx`]: remove these addresses.
pub const SCTP_BINDX_REM_ADDR: c_int = 2;

/// `SCTP_SNDRCV` (1)—the cmsg type of a [`sctp_sndrcvinfo`] beside a message.
pub const SCTP_SNDRCV: c_int = 1;
/// `SCTP_SNDINFO` (2)—the cmsg type of the newer `struct sctp_sndinfo`
/// (RFC 6458); libsctp's `sctp_sendmsg`, and socklab's, send `SCTP_SNDRCV`.
pub const SCTP_SNDINFO: c_int = 2;

/// `SPP_HB_ENABLE`—`spp_flags`: turn heartbeats on.
pub const SPP_HB_ENABLE: u32 = 1;
/// `SPP_HB_DISABLE`—`spp_flags`: turn heartbeats off.
pub const SPP_HB_DISABLE: u32 = 2;
/// `SPP_HB_DEMAND`—`spp_flags`: send a heartbeat now.
pub const SPP_HB_DEMAND: u32 = 4;

/// `SCTP_PDAPI_INCR_SZ` (65535)—the book's `sctp/unp.h`: how much
/// `pdapi_recvmsg` grows its buffer by (UNP §23.3).
pub const SCTP_PDAPI_INCR_SZ: usize = 65535;
/// `SERV_MAX_SCTP_STRM` (10)—the book's `sctp/unp.h`: the streams its
/// servers assume.
pub const SERV_MAX_SCTP_STRM: u16 = 10;
/// `SERV_MORE_STRMS_SCTP` (20)—the book's `sctp/unp.h`: the streams
/// sctpserv02 asks for with `SCTP_INITMSG`.
pub const SERV_MORE_STRMS_SCTP: u16 = 20;

/// Builds the SCTP option constants (SockOpt has no public constructor).
macro_rules! sctp_opts {
    ($( $(#[$doc:meta])* $name:ident: $ty:ty = $value:expr; )*) => {$(
        $(#[$doc])*
        pub const $name: SockOpt<$ty> = SockOpt::new($value, stringify!($name));
    )*};
}

sctp_opts! {
    /// `IPPROTO_SCTP, SCTP_INITMSG` ([`sctp_initmsg`])—the
    /// streams to ask for when associations start (set before they do).
    SCTP_INITMSG: crate::sctp_types::sctp_initmsg = 2;
    /// `IPPROTO_SCTP, SCTP_NODELAY` (int, boolean)—send at once, without
    /// Nagle's bundling delay.
    SCTP_NODELAY: c_int = 3;
    /// `IPPROTO_SCTP, SCTP_AUTOCLOSE` (int, seconds)—a one-to-many socket
    /// closes an association idle this long (0: never; UNP §23.2).
    SCTP_AUTOCLOSE: c_int = 4;
    /// `IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS` ([`sctp_paddrparams`])—a
    /// peer address's heartbeat interval and flags (UNP §23.9).
    SCTP_PEER_ADDR_PARAMS: crate::sctp_types::sctp_paddrparams = 9;
    /// `IPPROTO_SCTP, SCTP_EVENTS` ([`sctp_event_subscribe`])—which
    /// notifications to receive (UNP §23.4).
    SCTP_EVENTS: crate::sctp_types::sctp_event_subscribe = 11;
    /// `IPPROTO_SCTP, SCTP_STATUS` ([`sctp_status`])—an
    /// association's state and stream counts; read it with [`sctp_opt_info`].
    SCTP_STATUS: crate::sctp_types::sctp_status = 14;
}

/// The kernel's option numbers behind libsctp's functions.
const SCTP_SOCKOPT_BINDX_ADD: c_int = 100;
const SCTP_SOCKOPT_BINDX_REM: c_int = 101;
const SCTP_SOCKOPT_PEELOFF: c_int = 102;
const SCTP_GET_PEER_ADDRS: c_int = 108;
const SCTP_GET_LOCAL_ADDRS: c_int = 109;

/// `CMSG_SPACE(sizeof(struct sctp_sndrcvinfo))`: a cmsghdr (16 bytes on
/// 64-bit Linux) and the 32-byte struct.
const CMSG_HDR: usize = size_of::<libc::cmsghdr>();
const SNDRCV_CMSG: usize = CMSG_HDR + size_of::<sctp_sndrcvinfo>();

/// The [`sctp_sndrcvinfo`]'s bytes, as C lays them out (2 bytes of padding
/// after `sinfo_flags`).
fn sndrcv_bytes(s: &sctp_sndrcvinfo) -> [u8; 32] {
    let mut b = [0u8; 32];
    b[0..2].copy_from_slice(&s.sinfo_stream.to_ne_bytes());
    b[2..4].copy_from_slice(&s.sinfo_ssn.to_ne_bytes());
    b[4..6].copy_from_slice(&s.sinfo_flags.to_ne_bytes());
    b[8..12].copy_from_slice(&s.sinfo_ppid.to_ne_bytes());
    b[12..16].copy_from_slice(&s.sinfo_context.to_ne_bytes());
    b[16..20].copy_from_slice(&s.sinfo_timetolive.to_ne_bytes());
    b[20..24].copy_from_slice(&s.sinfo_tsn.to_ne_bytes());
    b[24..28].copy_from_slice(&s.sinfo_cumtsn.to_ne_bytes());
    b[28..32].copy_from_slice(&s.sinfo_assoc_id.to_ne_bytes());
    b
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .map_or(0, |s| u16::from_ne_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_ne_bytes([s[0], s[1], s[2], s[3]]))
}

fn i32_at(b: &[u8], at: usize) -> i32 {
    u32_at(b, at) as i32
}

fn sndrcv_from(b: &[u8]) -> sctp_sndrcvinfo {
    sctp_sndrcvinfo {
        sinfo_stream: u16_at(b, 0),
        sinfo_ssn: u16_at(b, 2),
        sinfo_flags: u16_at(b, 4),
        sinfo_ppid: u32_at(b, 8),
        sinfo_context: u32_at(b, 12),
        sinfo_timetolive: u32_at(b, 16),
        sinfo_tsn: u32_at(b, 20),
        sinfo_cumtsn: u32_at(b, 24),
        sinfo_assoc_id: i32_at(b, 28),
    }
}

/// `sctp_sendmsg(s, msg, len, to, tolen, ppid, flags, stream_no,
/// timetolive, context)`—sends one message on stream `stream_no` of the
/// association with `to` (on a one-to-many socket, the first message to a
/// new address starts an association: no `connect` needed).
///
/// The calls (libsctp's): one `sendmsg(s, {msg_name=to, msg_iov=[msg],
/// msg_control=[{cmsg_level=SOL_SCTP, cmsg_type=SCTP_SNDRCV,
/// sctp_sndrcvinfo{stream, flags, ppid, timetolive, context}}]}, 0)`.
/// `flags` are [`SCTP_UNORDERED`], [`SCTP_EOF`], [`SCTP_ABORT`]…
///
/// # Errors
/// - `EINVAL`: a stream number the association does not have, or data
///   with `SCTP_EOF`.
/// - `EPIPE`: the association is shut down.
///
/// ```no_run
/// use socklab::*;
/// let sock_fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)?;
/// let servaddr = sockaddr_in::new(INADDR_LOOPBACK, SERV_PORT);
/// sctp_sendmsg(&sock_fd, b"hello\n", &servaddr, 0, 0, 1, 0, 0)?; // stream 1
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [sctp_sendmsg(3)](https://man7.org/linux/man-pages/man3/sctp_sendmsg.3.html),
/// [sctp(7)](https://man7.org/linux/man-pages/man7/sctp.7.html),
/// [RFC 6458 §9.7](https://www.rfc-editor.org/rfc/rfc6458#section-9.7)
#[allow(clippy::too_many_arguments)] // C's ten arguments, in C's order
pub fn sctp_sendmsg(
    s: impl AsFd,
    msg: &[u8],
    to: &impl AsSockAddr,
    ppid: u32,
    flags: u32,
    stream_no: u16,
    timetolive: u32,
    context: u32,
) -> Result<usize> {
    let fd = s.as_fd();
    let sa = to.to_sockaddr();
    let raw = RawAddr::new(&sa);
    let info = sctp_sndrcvinfo {
        sinfo_stream: stream_no,
        sinfo_flags: flags as u16,
        sinfo_ppid: ppid,
        sinfo_context: context,
        sinfo_timetolive: timetolive,
        ..sctp_sndrcvinfo::default()
    };
    let mut control = [0u8; SNDRCV_CMSG];
    control[..8].copy_from_slice(&(SNDRCV_CMSG as u64).to_ne_bytes());
    control[8..12].copy_from_slice(&IPPROTO_SCTP.to_ne_bytes());
    control[12..16].copy_from_slice(&SCTP_SNDRCV.to_ne_bytes());
    control[CMSG_HDR..].copy_from_slice(&sndrcv_bytes(&info));
    let iov = [std::io::IoSlice::new(msg)];
    let res = sys::sendmsg(fd, Some(&raw), &iov, &control, 0);
    calls::sctp_sendmsg(fd, (&sa, &raw), msg, &res);
    res
}

/// `sctp_recvmsg(s, msg, len, from, &fromlen, &sinfo, &msg_flags)`—receives
/// one message (or the next piece of one), who sent it, and on which
/// stream.
///
/// `from` is filled in as C's `(SA *) &cliaddr, &len` with
/// `len = sizeof(cliaddr)`; `sinfo` is filled in when `SCTP_EVENTS` has
/// `sctp_data_io_event` on (otherwise it is left as it was). `msg_flags`
/// is passed as the call's flags and replaced by what the kernel returned:
/// [`MSG_NOTIFICATION`] (the bytes are a notification:
/// [`sctp_notification`]), [`MSG_EOR`] (the message ends here).
///
/// The calls (libsctp's): one `recvmsg(s, {msg_name=from,
/// msg_namelen=sizeof(from), msg_iov=[msg], msg_controllen=48}, msg_flags)`.
///
/// # Errors
/// `EINTR`, `EAGAIN` (`SO_RCVTIMEO`), `ENOTCONN`.
///
/// ```no_run
/// use socklab::*;
/// let sock_fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)?;
/// let mut readbuf = [0u8; BUFFSIZE];
/// let mut cliaddr = sockaddr_in::default();
/// let mut sri = sctp_sndrcvinfo::default();
/// let mut msg_flags: c_int = 0;
/// let n = sctp_recvmsg(&sock_fd, &mut readbuf, &mut cliaddr, &mut sri, &mut msg_flags)?;
/// println!("{n} bytes on stream {} from {cliaddr}", sri.sinfo_stream);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [sctp_recvmsg(3)](https://man7.org/linux/man-pages/man3/sctp_recvmsg.3.html),
/// [RFC 6458 §9.8](https://www.rfc-editor.org/rfc/rfc6458#section-9.8)
pub fn sctp_recvmsg<A: SockAddrOut>(
    s: impl AsFd,
    msg: &mut [u8],
    from: &mut A,
    sinfo: &mut sctp_sndrcvinfo,
    msg_flags: &mut c_int,
) -> Result<usize> {
    let fd = s.as_fd();
    let mut raw = RawAddr::with_cap(A::C_LEN);
    let mut control = [0u8; SNDRCV_CMSG];
    let flags = *msg_flags;
    let mut iov = [std::io::IoSliceMut::new(msg)];
    let res = sys::recvmsg(fd, Some(&mut raw), &mut iov, &mut control, flags);
    let n = res.as_ref().map(|(n, _, _)| *n).map_err(Clone::clone);
    let (controllen, out_flags) = res.as_ref().map_or((0, 0), |(_, c, f)| (*c, *f));
    calls::sctp_recvmsg(
        fd,
        &calls::SctpRecvCall {
            name: &raw,
            buf: &iov[0],
            controllen,
            msg_flags: out_flags,
            flags,
        },
        &n,
    );
    let n = n?;
    *from = A::from_raw(&raw);
    *msg_flags = out_flags;
    // the first SOL_SCTP / SCTP_SNDRCV record, as libsctp looks for it
    let control = &control[..controllen.min(SNDRCV_CMSG)];
    if control.len() >= SNDRCV_CMSG
        && i32_at(control, 8) == IPPROTO_SCTP
        && i32_at(control, 12) == SCTP_SNDRCV
    {
        *sinfo = sndrcv_from(&control[CMSG_HDR..]);
    }
    Ok(n)
}

/// `sctp_recvmsg(s, msg, len, NULL, &frmlen, NULL, msg_flags)` with
/// `frmlen = 0`—[`sctp_recvmsg`] for a caller that wants neither the
/// sender nor the `sctp_sndrcvinfo`: the rest of a message already begun
/// (UNP §23.3's `pdapi_recvmsg` reads on this way until `MSG_EOR`).
///
/// The calls (libsctp's): one `recvmsg(s, {msg_name=NULL, msg_namelen=0,
/// msg_iov=[msg], msg_controllen=48}, msg_flags)`; `msg_flags` is passed
/// as the flags and replaced by what the kernel returned.
///
/// # Errors
/// As [`sctp_recvmsg`]: `EINTR`, `EAGAIN`, `ENOTCONN`.
///
/// ```no_run
/// use socklab::*;
/// let sock_fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)?;
/// let mut rest = vec![0u8; SCTP_PDAPI_INCR_SZ];
/// let mut msg_flags: c_int = 0;
/// let n = sctp_recvmsg_null(&sock_fd, &mut rest, &mut msg_flags)?;
/// println!("{n} more bytes; end of message: {}", msg_flags & MSG_EOR != 0);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [sctp_recvmsg(3)](https://man7.org/linux/man-pages/man3/sctp_recvmsg.3.html)
#[doc(alias = "sctp_recvmsg")]
pub fn sctp_recvmsg_null(s: impl AsFd, msg: &mut [u8], msg_flags: &mut c_int) -> Result<usize> {
    let fd = s.as_fd();
    let mut control = [0u8; SNDRCV_CMSG];
    let flags = *msg_flags;
    let mut iov = [std::io::IoSliceMut::new(msg)];
    let res = sys::recvmsg(fd, None, &mut iov, &mut control, flags);
    let n = res.as_ref().map(|(n, _, _)| *n).map_err(Clone::clone);
    let (controllen, out_flags) = res.as_ref().map_or((0, 0), |(_, c, f)| (*c, *f));
    calls::sctp_recvmsg_null(fd, &iov[0], controllen, out_flags, flags, &n);
    let n = n?;
    *msg_flags = out_flags;
    Ok(n)
}

/// `sctp_bindx(sd, addrs, addrcnt, flags)`—binds a one-to-many or
/// one-to-one socket to several addresses at once
/// ([`SCTP_BINDX_ADD_ADDR`]), or removes some ([`SCTP_BINDX_REM_ADDR`]):
/// SCTP's multihoming (UNP §23.6). Every address must have the same port
/// (0 on the first call: the kernel picks one).
///
/// The calls (libsctp's): one `setsockopt(sd, SOL_SCTP,
/// SCTP_SOCKOPT_BINDX_ADD, addrs, total_size)` with the addresses packed
/// back to back (16 bytes per `sockaddr_in`, 28 per `sockaddr_in6`).
///
/// # Errors
/// `EADDRINUSE`, `EADDRNOTAVAIL` (not this machine's address), `EINVAL`
/// (`flags` neither ADD nor REM, or ports that differ).
///
/// ```no_run
/// use socklab::*;
/// let sock_fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)?;
/// let addrs = [
///     sockaddr_in::new(INADDR_LOOPBACK, SERV_PORT),
///     sockaddr_in::new(0x7f00_0002, SERV_PORT), // 127.0.0.2
/// ];
/// sctp_bindx(&sock_fd, &addrs, SCTP_BINDX_ADD_ADDR)?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [sctp_bindx(3)](https://man7.org/linux/man-pages/man3/sctp_bindx.3.html),
/// [RFC 6458 §9.1](https://www.rfc-editor.org/rfc/rfc6458#section-9.1)
pub fn sctp_bindx(sd: impl AsFd, addrs: &[impl AsSockAddr], flags: c_int) -> Result<()> {
    let fd = sd.as_fd();
    let mut packed = Vec::new();
    for a in addrs {
        let (bytes, len) = sys::sockaddr_bytes(&a.to_sockaddr());
        packed.extend_from_slice(&bytes[..len]);
    }
    let (name, c_name) = match flags {
        SCTP_BINDX_ADD_ADDR => (SCTP_SOCKOPT_BINDX_ADD, "SCTP_SOCKOPT_BINDX_ADD"),
        SCTP_BINDX_REM_ADDR => (SCTP_SOCKOPT_BINDX_REM, "SCTP_SOCKOPT_BINDX_REM"),
        _ => {
            // libsctp refuses other flags itself, without a system call
            return Err(crate::error::Error::sys(
                "sctp_bindx",
                crate::error::Errno::EINVAL,
            ));
        }
    };
    let res = sys::setsockopt_bytes(fd, IPPROTO_SCTP, name, &packed);
    calls::sctp_setsockopt_bytes(fd, c_name, &packed, &res);
    res
}

/// Room libsctp offers `SCTP_GET_PEER_ADDRS`/`SCTP_GET_LOCAL_ADDRS`.
const GETADDRS_BUF: usize = 4096;

/// The one getsockopt behind sctp_getpaddrs and sctp_getladdrs.
fn getaddrs(
    fd: std::os::fd::BorrowedFd,
    id: sctp_assoc_t,
    name: c_int,
    c_name: &'static str,
) -> Result<Vec<SockAddr>> {
    let mut buf = vec![0u8; GETADDRS_BUF];
    buf[..4].copy_from_slice(&id.to_ne_bytes());
    let res = sys::getsockopt_bytes(fd, IPPROTO_SCTP, name, &mut buf);
    calls::sctp_getsockopt_bytes(fd, c_name, &buf, GETADDRS_BUF, &res);
    res?;
    let count = u32_at(&buf, 4) as usize;
    let mut addrs = Vec::with_capacity(count);
    let mut at = 8;
    for _ in 0..count {
        let family = c_int::from(u16_at(&buf, at));
        let len = if family == libc::AF_INET6 {
            size_of::<libc::sockaddr_in6>()
        } else {
            size_of::<libc::sockaddr_in>()
        };
        let Some(bytes) = buf.get(at..at + len) else {
            break;
        };
        addrs.push(sys::sockaddr_from_bytes(bytes));
        at += len;
    }
    Ok(addrs)
}

/// `n = sctp_getpaddrs(sd, id, &addrs); …; sctp_freepaddrs(addrs)`—the
/// peer's addresses in association `id` (on a one-to-one socket, `id` is
/// ignored): all of a multihomed peer's addresses (UNP §23.7).
///
/// C gets a count and a packed array the library allocated, to be freed
/// with `sctp_freepaddrs`; here the list is an owned `Vec`, freed when it
/// is dropped. The calls (libsctp's): one `getsockopt(sd, SOL_SCTP,
/// SCTP_GET_PEER_ADDRS, {assoc_id=id, …}, [4096])`.
///
/// # Errors
/// `EINVAL`: no such association (or it is gone).
///
/// ```no_run
/// use socklab::*;
/// let sock_fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)?;
/// let assoc_id = 1;
/// for addr in sctp_getpaddrs(&sock_fd, assoc_id)? {
///     println!("peer {addr}");
/// }
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [sctp_getpaddrs(3)](https://man7.org/linux/man-pages/man3/sctp_getpaddrs.3.html)
pub fn sctp_getpaddrs(sd: impl AsFd, id: sctp_assoc_t) -> Result<Vec<SockAddr>> {
    getaddrs(sd.as_fd(), id, SCTP_GET_PEER_ADDRS, "SCTP_GET_PEER_ADDRS")
}

/// `n = sctp_getladdrs(sd, id, &addrs); …; sctp_freeladdrs(addrs)`—this
/// end's addresses in association `id` (UNP §23.7); as
/// [`sctp_getpaddrs`], the list is owned and freed on drop.
///
/// The calls (libsctp's): one `getsockopt(sd, SOL_SCTP,
/// SCTP_GET_LOCAL_ADDRS, {assoc_id=id, …}, [4096])`.
///
/// # Errors
/// `EINVAL`: no such association.
///
/// ```no_run
/// use socklab::*;
/// let sock_fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)?;
/// println!("{} local addresses", sctp_getladdrs(&sock_fd, 0)?.len());
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [sctp_getladdrs(3)](https://man7.org/linux/man-pages/man3/sctp_getladdrs.3.html)
pub fn sctp_getladdrs(sd: impl AsFd, id: sctp_assoc_t) -> Result<Vec<SockAddr>> {
    getaddrs(sd.as_fd(), id, SCTP_GET_LOCAL_ADDRS, "SCTP_GET_LOCAL_ADDRS")
}

/// `sctp_peeloff(sd, assoc_id)`—moves association `assoc_id` off a
/// one-to-many socket onto a new one-to-one socket of its own (UNP
/// §23.10): a server can then fork a child for it and talk to it with
/// plain `read`/`write`.
///
/// The calls (libsctp's): one `getsockopt(sd, SOL_SCTP,
/// SCTP_SOCKOPT_PEELOFF, {associd, sd}, [8])`; the new descriptor is the
/// `sd` the kernel wrote back (no `SOCK_CLOEXEC`).
///
/// # Errors
/// `EINVAL`: no such association (or `sd` is not one-to-many); `EMFILE`.
///
/// ```no_run
/// use socklab::*;
/// let sock_fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)?;
/// let connfd = sctp_peeloff(&sock_fd, 1)?;
/// write(&connfd, b"just you and me\n")?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [sctp_peeloff(3)](https://man7.org/linux/man-pages/man3/sctp_peeloff.3.html),
/// [RFC 6458 §9.2](https://www.rfc-editor.org/rfc/rfc6458#section-9.2)
pub fn sctp_peeloff(sd: impl AsFd, assoc_id: sctp_assoc_t) -> Result<Fd> {
    let fd = sd.as_fd();
    let mut arg = [0u8; 8];
    arg[..4].copy_from_slice(&assoc_id.to_ne_bytes());
    let res = sys::getsockopt_bytes(fd, IPPROTO_SCTP, SCTP_SOCKOPT_PEELOFF, &mut arg);
    calls::sctp_getsockopt_bytes(fd, "SCTP_SOCKOPT_PEELOFF", &arg, arg.len(), &res);
    res?;
    Ok(Fd::from(sys::owned(i32_at(&arg, 4))))
}

/// The option values [`sctp_opt_info`] takes: structs that start with an
/// association id.
pub trait SctpOptArg: OptValue {
    /// Writes `id` into the struct's first field (`sstat_assoc_id`,
    /// `spp_assoc_id`), as libsctp does before its getsockopt.
    fn set_assoc_id(&mut self, id: sctp_assoc_t);
}
impl SctpOptArg for sctp_status {
    fn set_assoc_id(&mut self, id: sctp_assoc_t) {
        self.sstat_assoc_id = id;
    }
}
impl SctpOptArg for sctp_paddrparams {
    fn set_assoc_id(&mut self, id: sctp_assoc_t) {
        self.spp_assoc_id = id;
    }
}

/// `sctp_opt_info(sd, id, opt, arg, &size)`—reads an SCTP option of
/// association `id` into `arg` (which the kernel also reads: the address
/// in a [`sctp_paddrparams`]): UNP §10.6's `sctp_get_no_strms` reads
/// [`SCTP_STATUS`] this way.
///
/// The calls (libsctp's): `arg`'s association id is set to `id`, then one
/// `getsockopt(sd, SOL_SCTP, opt, arg, [sizeof(*arg)])`.
///
/// # Errors
/// `EINVAL`: no such association (or address).
///
/// ```no_run
/// use socklab::*;
/// let sock_fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)?;
/// let mut status = sctp_status::default();
/// sctp_opt_info(&sock_fd, 1, SCTP_STATUS, &mut status)?;
/// println!("{} outbound streams", status.sstat_outstrms);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [sctp_opt_info(3)](https://man7.org/linux/man-pages/man3/sctp_opt_info.3.html)
pub fn sctp_opt_info<T: SctpOptArg>(
    sd: impl AsFd,
    id: sctp_assoc_t,
    opt: SockOpt<T>,
    arg: &mut T,
) -> Result<()> {
    let fd = sd.as_fd();
    arg.set_assoc_id(id);
    let res = sys::getsockopt_inout(fd, IPPROTO_SCTP, opt.number(), arg);
    calls::sctp_getsockopt_bytes(
        fd,
        opt.c_name(),
        sys::opt_bytes(arg),
        size_of::<T>(),
        &res.as_ref().map(|len| (0, *len)).map_err(Clone::clone),
    );
    res.map(drop)
}

impl sctp_paddrparams {
    /// `memcpy(&paddr.spp_address, sa, salen)`—sets the peer address the
    /// parameters are about.
    ///
    /// ```
    /// use socklab::*;
    /// let mut paddr = sctp_paddrparams::default();
    /// paddr.set_address(&sockaddr_in::new(INADDR_LOOPBACK, SERV_PORT));
    /// paddr.spp_hbinterval = 5000; // a heartbeat every 5 s
    /// paddr.spp_flags = SPP_HB_ENABLE; // Linux reads the interval only with this
    /// assert_eq!({ paddr.spp_hbinterval }, 5000);
    /// ```
    pub fn set_address(&mut self, addr: &impl AsSockAddr) {
        self.spp_address = sys::sockaddr_bytes(&addr.to_sockaddr()).0;
    }
}

impl sctp_paddrinfo {
    /// The address (`spinfo_address`) as a socklab address.
    ///
    /// ```
    /// use socklab::*;
    /// let status = sctp_status::default();
    /// assert!(matches!(status.sstat_primary.address(), SockAddr::Other { family: 0 }));
    /// ```
    pub fn address(&self) -> SockAddr {
        let bytes = self.spinfo_address;
        sys::sockaddr_from_bytes(&bytes)
    }
}

// ---------------------------------------------------------------------
// Notifications: union sctp_notification
// ---------------------------------------------------------------------

/// `sn_type` of `SCTP_ASSOC_CHANGE` (0x8001).
pub const SCTP_ASSOC_CHANGE: u16 = 0x8001;
/// `sn_type` of `SCTP_PEER_ADDR_CHANGE` (0x8002).
pub const SCTP_PEER_ADDR_CHANGE: u16 = 0x8002;
/// `sn_type` of `SCTP_SEND_FAILED` (0x8003).
pub const SCTP_SEND_FAILED: u16 = 0x8003;
/// `sn_type` of `SCTP_REMOTE_ERROR` (0x8004).
pub const SCTP_REMOTE_ERROR: u16 = 0x8004;
/// `sn_type` of `SCTP_SHUTDOWN_EVENT` (0x8005).
pub const SCTP_SHUTDOWN_EVENT: u16 = 0x8005;
/// `sn_type` of `SCTP_PARTIAL_DELIVERY_EVENT` (0x8006).
pub const SCTP_PARTIAL_DELIVERY_EVENT: u16 = 0x8006;
/// `sn_type` of `SCTP_ADAPTATION_INDICATION` (0x8007; the book's
/// `SCTP_ADAPTION_INDICATION`).
pub const SCTP_ADAPTATION_INDICATION: u16 = 0x8007;
/// `sn_type` of `SCTP_SENDER_DRY_EVENT` (0x8009).
pub const SCTP_SENDER_DRY_EVENT: u16 = 0x8009;

/// `sac_state` `SCTP_COMM_UP`: the association is up.
pub const SCTP_COMM_UP: u16 = 0;
/// `sac_state` `SCTP_COMM_LOST`: the association failed.
pub const SCTP_COMM_LOST: u16 = 1;
/// `sac_state` `SCTP_RESTART`: the peer restarted.
pub const SCTP_RESTART: u16 = 2;
/// `sac_state` `SCTP_SHUTDOWN_COMP`: the association shut down.
pub const SCTP_SHUTDOWN_COMP: u16 = 3;
/// `sac_state` `SCTP_CANT_STR_ASSOC`: the association could not start.
pub const SCTP_CANT_STR_ASSOC: u16 = 4;

/// `spc_state` `SCTP_ADDR_AVAILABLE`.
pub const SCTP_ADDR_AVAILABLE: i32 = 0;
/// `spc_state` `SCTP_ADDR_UNREACHABLE`.
pub const SCTP_ADDR_UNREACHABLE: i32 = 1;
/// `spc_state` `SCTP_ADDR_REMOVED`.
pub const SCTP_ADDR_REMOVED: i32 = 2;
/// `spc_state` `SCTP_ADDR_ADDED`.
pub const SCTP_ADDR_ADDED: i32 = 3;
/// `spc_state` `SCTP_ADDR_MADE_PRIM`.
pub const SCTP_ADDR_MADE_PRIM: i32 = 4;
/// `spc_state` `SCTP_ADDR_CONFIRMED`.
pub const SCTP_ADDR_CONFIRMED: i32 = 5;

/// `union sctp_notification`, decoded: what a message with
/// [`MSG_NOTIFICATION`] says (UNP §23.4's `print_notification` switches
/// on `sn_header.sn_type`; here each kind is a variant with its fields).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SctpNotification {
    /// `struct sctp_assoc_change` (`SCTP_ASSOC_CHANGE`): an association
    /// came up ([`SCTP_COMM_UP`]), was lost, restarted, shut down…
    AssocChange {
        /// `sac_state`: [`SCTP_COMM_UP`], [`SCTP_COMM_LOST`],
        /// [`SCTP_RESTART`], [`SCTP_SHUTDOWN_COMP`], [`SCTP_CANT_STR_ASSOC`].
        state: u16,
        /// `sac_error`.
        error: u16,
        /// `sac_outbound_streams`.
        outbound_streams: u16,
        /// `sac_inbound_streams`.
        inbound_streams: u16,
        /// `sac_assoc_id`.
        assoc_id: sctp_assoc_t,
    },
    /// `struct sctp_paddr_change` (`SCTP_PEER_ADDR_CHANGE`): a peer address
    /// changed state.
    PeerAddrChange {
        /// `spc_aaddr`.
        addr: SockAddr,
        /// `spc_state`: [`SCTP_ADDR_AVAILABLE`], [`SCTP_ADDR_UNREACHABLE`]…
        state: i32,
        /// `spc_error`.
        error: i32,
        /// `spc_assoc_id`.
        assoc_id: sctp_assoc_t,
    },
    /// `struct sctp_remote_error` (`SCTP_REMOTE_ERROR`).
    RemoteError {
        /// `sre_error` (network byte order in C; host order here).
        error: u16,
        /// `sre_assoc_id`.
        assoc_id: sctp_assoc_t,
    },
    /// `struct sctp_send_failed` (`SCTP_SEND_FAILED`): a message was not
    /// delivered.
    SendFailed {
        /// `ssf_flags`: `SCTP_DATA_UNSENT` (0) or `SCTP_DATA_SENT` (1).
        flags: u16,
        /// `ssf_error`.
        error: u32,
        /// `ssf_info`: how the message was sent.
        info: sctp_sndrcvinfo,
        /// `ssf_assoc_id`.
        assoc_id: sctp_assoc_t,
    },
    /// `struct sctp_shutdown_event` (`SCTP_SHUTDOWN_EVENT`): the peer sent
    /// SHUTDOWN.
    Shutdown {
        /// `sse_assoc_id`.
        assoc_id: sctp_assoc_t,
    },
    /// `struct sctp_adaptation_event` (`SCTP_ADAPTATION_INDICATION`, the
    /// book's "adaption").
    Adaptation {
        /// `sai_adaptation_ind`.
        adaptation_ind: u32,
        /// `sai_assoc_id`.
        assoc_id: sctp_assoc_t,
    },
    /// `struct sctp_pdapi_event` (`SCTP_PARTIAL_DELIVERY_EVENT`).
    PartialDelivery {
        /// `pdapi_indication` (`SCTP_PARTIAL_DELIVERY_ABORTED`, 0).
        indication: u32,
        /// `pdapi_assoc_id`.
        assoc_id: sctp_assoc_t,
    },
    /// `struct sctp_sender_dry_event` (`SCTP_SENDER_DRY_EVENT`).
    SenderDry {
        /// `sender_dry_assoc_id`.
        assoc_id: sctp_assoc_t,
    },
    /// Any other `sn_type` (authentication, stream reset…).
    Other {
        /// `sn_header.sn_type`.
        sn_type: u16,
        /// `sn_header.sn_length`.
        length: u32,
    },
}

/// `union sctp_notification *snp = (union sctp_notification *) buf`—decodes
/// the bytes of a message that came with [`MSG_NOTIFICATION`]. `None` if
/// they are too short to be one (fewer than the 8 bytes of `sn_header`).
///
/// ```
/// use socklab::*;
/// // the 20 bytes of an SCTP_ASSOC_CHANGE: COMM_UP, 10 streams each way, assoc 4
/// let mut buf = [0u8; 20];
/// buf[0..2].copy_from_slice(&SCTP_ASSOC_CHANGE.to_ne_bytes());
/// buf[4..8].copy_from_slice(&20u32.to_ne_bytes());
/// buf[12..14].copy_from_slice(&10u16.to_ne_bytes());
/// buf[14..16].copy_from_slice(&10u16.to_ne_bytes());
/// buf[16..20].copy_from_slice(&4i32.to_ne_bytes());
/// assert_eq!(
///     sctp_notification(&buf),
///     Some(SctpNotification::AssocChange {
///         state: SCTP_COMM_UP, error: 0, outbound_streams: 10, inbound_streams: 10, assoc_id: 4,
///     })
/// );
/// ```
///
/// # References
/// [RFC 6458 §6.1](https://www.rfc-editor.org/rfc/rfc6458#section-6.1)
pub fn sctp_notification(buf: &[u8]) -> Option<SctpNotification> {
    if buf.len() < 8 {
        return None;
    }
    let sn_type = u16_at(buf, 0);
    let flags = u16_at(buf, 2);
    let length = u32_at(buf, 4);
    Some(match sn_type {
        SCTP_ASSOC_CHANGE => SctpNotification::AssocChange {
            state: u16_at(buf, 8),
            error: u16_at(buf, 10),
            outbound_streams: u16_at(buf, 12),
            inbound_streams: u16_at(buf, 14),
            assoc_id: i32_at(buf, 16),
        },
        SCTP_PEER_ADDR_CHANGE => SctpNotification::PeerAddrChange {
            addr: sys::sockaddr_from_bytes(buf.get(8..136).unwrap_or(&[])),
            state: i32_at(buf, 136),
            error: i32_at(buf, 140),
            assoc_id: i32_at(buf, 144),
        },
        SCTP_REMOTE_ERROR => SctpNotification::RemoteError {
            error: u16::from_be(u16_at(buf, 8)),
            assoc_id: i32_at(buf, 12),
        },
        SCTP_SEND_FAILED => SctpNotification::SendFailed {
            flags,
            error: u32_at(buf, 8),
            info: sndrcv_from(buf.get(12..44).unwrap_or(&[])),
            assoc_id: i32_at(buf, 44),
        },
        SCTP_SHUTDOWN_EVENT => SctpNotification::Shutdown {
            assoc_id: i32_at(buf, 8),
        },
        SCTP_ADAPTATION_INDICATION => SctpNotification::Adaptation {
            adaptation_ind: u32_at(buf, 8),
            assoc_id: i32_at(buf, 12),
        },
        SCTP_PARTIAL_DELIVERY_EVENT => SctpNotification::PartialDelivery {
            indication: u32_at(buf, 8),
            assoc_id: i32_at(buf, 12),
        },
        SCTP_SENDER_DRY_EVENT => SctpNotification::SenderDry {
            assoc_id: i32_at(buf, 8),
        },
        _ => SctpNotification::Other { sn_type, length },
    })
}

/// What an SCTP program adds to [`perror`](crate::perror)'s line when the
/// kernel has no SCTP.
pub const NO_SCTP_HINT: &str =
    "this kernel has no SCTP; run it in scripts/sctp-vm (docs/unp/ch23.md)";

/// `perror` for the chapter 23 programs: prints `err` as one line on
/// standard error, as [`perror`](crate::perror) does; when it is the
/// `socket` error of a kernel without SCTP (many containers, WSL, CI
/// machines) the line goes on with [`NO_SCTP_HINT`]. Such a kernel knows
/// no `SOCK_SEQPACKET` protocol at all for AF_INET, so a one-to-many
/// socket fails with `ESOCKTNOSUPPORT`; a one-to-one socket
/// (`SOCK_STREAM`, `IPPROTO_SCTP`) with `EPROTONOSUPPORT`:
///
/// ```text
/// socket: Socket type not supported (ESOCKTNOSUPPORT) — this kernel has no SCTP; run it in scripts/sctp-vm (docs/unp/ch23.md)
/// socket: Protocol not supported (EPROTONOSUPPORT) — this kernel has no SCTP; run it in scripts/sctp-vm (docs/unp/ch23.md)
/// ```
///
/// ```no_run
/// fn run() -> Result<(), Box<dyn std::error::Error>> {
///     let fd = socklab::socket(socklab::AF_INET, socklab::SOCK_SEQPACKET, socklab::IPPROTO_SCTP)?;
///     # drop(fd);
///     Ok(())
/// }
///
/// fn main() {
///     if let Err(e) = run() {
///         socklab::sctp_perror(e.as_ref());
///         socklab::exit(1);
///     }
/// }
/// ```
pub fn sctp_perror(err: &(dyn std::error::Error + 'static)) {
    match err.downcast_ref::<crate::error::Error>() {
        Some(e)
            if e.call() == "socket"
                && matches!(
                    e.errno(),
                    Some(
                        crate::error::Errno::ESOCKTNOSUPPORT | crate::error::Errno::EPROTONOSUPPORT
                    )
                ) =>
        {
            crate::error::perror(&format_args!("{e} — {NO_SCTP_HINT}"));
        }
        _ => crate::error::perror(&err),
    }
}
