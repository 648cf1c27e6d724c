//! One printer per system call, as strace itself is organised: each takes
//! the call's arguments and its result and writes the line strace would,
//! if trace mode is on. The wrappers in `socket.rs`, `fd.rs`, `mux.rs`…
//! call exactly one of these after their C call, and format nothing
//! themselves.
//!
//! Where the C library makes another system call than its function's name,
//! the printer is named after the function and prints the system call:
//! `send` prints `sendto(…, NULL, 0)`, `wait` and `waitpid` print `wait4`,
//! `select` prints `pselect6`, `gethostname` prints `uname`, `fork` prints
//! `clone`.

use std::fmt::{self, Write as _};
use std::os::fd::{AsRawFd, BorrowedFd, RawFd};

use libc::{c_int, linger, pid_t, timeval};

use super::fmt_values::{
    DisplayFn, Quoted, fd_flags, level as level_name, map_flags, msg_flags, open_flags,
    poll_events, prot_flags, protocol, sa_flags, shut_how, signal_name, socktype, wait_options,
    wait_status,
};
use super::{emit_no_return, enabled, family_name, trace, trace_line};
use crate::addr::SockAddr;
use crate::error::Result;
use crate::sys::{OptValue, RawAddr};
use crate::types::{fd_set, pollfd};

// ---------------------------------------------------------------------
// <sys/socket.h>
// ---------------------------------------------------------------------

pub(crate) fn socket(domain: c_int, ty: c_int, proto: c_int, res: &Result<impl super::TraceRet>) {
    trace!(
        res,
        "socket({}, {}, {})",
        family_name(domain),
        socktype(ty),
        protocol(domain, proto)
    );
}

pub(crate) fn socketpair(domain: c_int, ty: c_int, proto: c_int, sv: Result<[RawFd; 2]>) {
    trace!(
        &sv.as_ref().map(|_| 0),
        "socketpair({}, {}, {}, {})",
        family_name(domain),
        socktype(ty),
        protocol(domain, proto),
        DisplayFn(|f| match &sv {
            Ok([a, b]) => write!(f, "[{a}, {b}]"),
            Err(_) => f.write_str("0x0"),
        })
    );
}

pub(crate) fn bind(fd: BorrowedFd, addr: &SockAddr, raw: &RawAddr, res: &Result<()>) {
    trace!(res, "bind({}, {addr:?}, {})", fd.as_raw_fd(), raw.len());
}

pub(crate) fn listen(fd: BorrowedFd, backlog: c_int, res: &Result<()>) {
    trace!(res, "listen({}, {backlog})", fd.as_raw_fd());
}

/// accept(2) with an address buffer the kernel was told holds `cap` bytes.
pub(crate) fn accept<T: super::TraceRet>(fd: BorrowedFd, cap: u32, res: &Result<(T, RawAddr)>) {
    trace!(
        res,
        "accept({}, {})",
        fd.as_raw_fd(),
        TracedAddr(res.as_ref().ok().map(|(_, raw)| raw), cap)
    );
}

/// `accept(fd, NULL, NULL)`.
pub(crate) fn accept_null(fd: BorrowedFd, res: &Result<impl super::TraceRet>) {
    trace!(res, "accept({}, NULL, NULL)", fd.as_raw_fd());
}

pub(crate) fn connect(fd: BorrowedFd, addr: &SockAddr, raw: &RawAddr, res: &Result<()>) {
    trace!(res, "connect({}, {addr:?}, {})", fd.as_raw_fd(), raw.len());
}

pub(crate) fn shutdown(fd: BorrowedFd, how: c_int, res: &Result<()>) {
    trace!(res, "shutdown({}, {})", fd.as_raw_fd(), shut_how(how));
}

/// getsockname(2) or getpeername(2), named by `call`.
pub(crate) fn sockname(call: &'static str, fd: BorrowedFd, cap: u32, res: &Result<RawAddr>) {
    trace!(
        &res.as_ref().map(|_| 0),
        "{call}({}, {})",
        fd.as_raw_fd(),
        TracedAddr(res.as_ref().ok(), cap)
    );
}

/// `send(fd, buf, len, flags)`: the C library's system call is
/// `sendto(fd, buf, len, flags, NULL, 0)`.
pub(crate) fn send(fd: BorrowedFd, buf: &[u8], flags: c_int, res: &Result<usize>) {
    trace!(
        res,
        "sendto({}, {}, {}, {}, NULL, 0)",
        fd.as_raw_fd(),
        Quoted::new(buf),
        buf.len(),
        msg_flags(flags)
    );
}

/// `recv(fd, buf, len, flags)`: the system call is
/// `recvfrom(fd, buf, len, flags, NULL, NULL)`.
pub(crate) fn recv(fd: BorrowedFd, buf: &[u8], flags: c_int, res: &Result<usize>) {
    trace!(
        res,
        "recvfrom({}, {}, {}, {}, NULL, NULL)",
        fd.as_raw_fd(),
        ReadBuf(buf, res),
        buf.len(),
        msg_flags(flags)
    );
}

pub(crate) fn sendto(
    fd: BorrowedFd,
    buf: &[u8],
    flags: c_int,
    (to, raw): (&SockAddr, &RawAddr),
    res: &Result<usize>,
) {
    trace!(
        res,
        "sendto({}, {}, {}, {}, {to:?}, {})",
        fd.as_raw_fd(),
        Quoted::new(buf),
        buf.len(),
        msg_flags(flags),
        raw.len()
    );
}

/// recvfrom(2) with an address buffer the kernel was told holds `cap` bytes.
pub(crate) fn recvfrom(
    fd: BorrowedFd,
    buf: &[u8],
    flags: c_int,
    cap: u32,
    res: &Result<(usize, RawAddr)>,
) {
    let count = res.as_ref().map(|(n, _)| *n).map_err(Clone::clone);
    trace!(
        &count,
        "recvfrom({}, {}, {}, {}, {})",
        fd.as_raw_fd(),
        ReadBuf(buf, &count),
        buf.len(),
        msg_flags(flags),
        TracedAddr(res.as_ref().ok().map(|(_, raw)| raw), cap)
    );
}

pub(crate) fn setsockopt<T: OptValue>(
    fd: BorrowedFd,
    level: c_int,
    name: &str,
    value: &T,
    res: &Result<()>,
) {
    trace!(
        res,
        "setsockopt({}, {}, {name}, {}, {})",
        fd.as_raw_fd(),
        level_name(level),
        OptTrace(value),
        size_of::<T>()
    );
}

pub(crate) fn getsockopt<T: OptValue>(fd: BorrowedFd, level: c_int, name: &str, res: &Result<T>) {
    trace!(
        &res.as_ref().map(|_| 0),
        "getsockopt({}, {}, {name}, {}, [{}])",
        fd.as_raw_fd(),
        level_name(level),
        DisplayFn(|f| match res {
            Ok(v) => write!(f, "{}", OptTrace(v)),
            Err(_) => f.write_str("0x..."),
        }),
        size_of::<T>()
    );
}

/// The value of an option as strace prints it: `[1]` for an int,
/// `{l_onoff=1, l_linger=0}`, and a timeval as the bytes strace 6 shows
/// for the old-style `SO_RCVTIMEO_OLD`.
struct OptTrace<'a, T>(&'a T);

impl<T: OptValue> fmt::Display for OptTrace<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let any: &dyn std::any::Any = self.0;
        if let Some(v) = any.downcast_ref::<c_int>() {
            write!(f, "[{v}]")
        } else if let Some(c) = any.downcast_ref::<libc::ucred>() {
            // [ch15] SO_PEERCRED
            write!(f, "{{pid={}, uid={}, gid={}}}", c.pid, c.uid, c.gid)
        } else if let Some(l) = any.downcast_ref::<linger>() {
            write!(f, "{{l_onoff={}, l_linger={}}}", l.l_onoff, l.l_linger)
        } else if let Some(t) = any.downcast_ref::<timeval>() {
            // the fields are 64-bit on 64-bit systems, which is what strace shows
            #[allow(clippy::unnecessary_cast)]
            let (sec, usec) = (t.tv_sec as i64, t.tv_usec as i64);
            let mut bytes = [0u8; 16];
            bytes[..8].copy_from_slice(&sec.to_ne_bytes());
            bytes[8..].copy_from_slice(&usec.to_ne_bytes());
            write!(f, "{}", Quoted::new(&bytes[..size_of::<timeval>().min(16)]))
        } else {
            match mcast_opt(f, any) {
                // [ch21] the multicast options' values
                Some(done) => done,
                // chapter 23: a struct value (SCTP_EVENTS, SCTP_INITMSG…) is its bytes
                None => write!(f, "{}", Quoted::new(crate::sys::opt_bytes(self.0))),
            }
        }
    }
}

/// The multicast options' values as strace prints them (chapter 21):
/// `"\0"` for a `u_char`, `[0]` for an `u_int` or an `in_addr`,
/// `{imr_multiaddr=inet_addr("239.255.1.2"), imr_interface=…}`,
/// `{gr_interface=0, gr_group={sa_family=AF_INET, …}}`, and the raw bytes
/// of a `group_source_req` (strace does not decode it).
fn mcast_opt(f: &mut fmt::Formatter<'_>, any: &dyn std::any::Any) -> Option<fmt::Result> {
    use crate::addr::in_addr;
    use crate::types::{group_req, group_source_req, ip_mreq, ipv6_mreq};
    let v4 = |a: &in_addr| std::net::Ipv4Addr::from(u32::from_be(a.s_addr));
    let done = if let Some(v) = any.downcast_ref::<u8>() {
        write!(f, "{}", Quoted::new(&[*v]))
    } else if let Some(v) = any.downcast_ref::<libc::c_uint>() {
        write!(f, "[{v}]")
    } else if let Some(a) = any.downcast_ref::<in_addr>() {
        write!(f, "[{}]", a.s_addr)
    } else if let Some(m) = any.downcast_ref::<ip_mreq>() {
        write!(
            f,
            "{{imr_multiaddr=inet_addr(\"{}\"), imr_interface=inet_addr(\"{}\")}}",
            v4(&m.imr_multiaddr),
            v4(&m.imr_interface)
        )
    } else if let Some(m) = any.downcast_ref::<ipv6_mreq>() {
        write!(
            f,
            "{{inet_pton(AF_INET6, \"{}\", &ipv6mr_multiaddr), ipv6mr_interface={}}}",
            std::net::Ipv6Addr::from(m.ipv6mr_multiaddr.s6_addr),
            IfIndex(m.ipv6mr_interface)
        )
    } else if let Some(r) = any.downcast_ref::<group_req>() {
        write!(
            f,
            "{{gr_interface={}, gr_group={:?}}}",
            IfIndex(r.gr_interface),
            crate::sys::sockaddr_from_bytes(&r.gr_group)
        )
    } else if let Some(r) = any.downcast_ref::<group_source_req>() {
        let mut bytes = [0u8; 264];
        bytes[..4].copy_from_slice(&r.gsr_interface.to_ne_bytes());
        bytes[8..136].copy_from_slice(&r.gsr_group);
        bytes[136..].copy_from_slice(&r.gsr_source);
        write!(f, "{}", Quoted::new(&bytes))
    } else {
        return None; // not a multicast option's value
    };
    Some(done)
}

/// An interface index as strace prints it: `0`, or
/// `if_nametoindex("eth0")` when it names an interface here.
struct IfIndex(u32);

impl fmt::Display for IfIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => f.write_str("0"),
            i => match crate::sys::if_indextoname(i) {
                Ok(name) => write!(f, "if_nametoindex(\"{name}\")"),
                Err(_) => write!(f, "{i}"),
            },
        }
    }
}

// ---------------------------------------------------------------------
// <unistd.h>
// ---------------------------------------------------------------------

/// read(2): the line of [`traced`](super::traced), written only when trace
/// mode is on.
pub(crate) fn read_line(fd: BorrowedFd, buf: &[u8], res: &Result<usize>) {
    trace_line!(
        res,
        "read({}, {}, {})",
        fd.as_raw_fd(),
        ReadBuf(buf, res),
        buf.len()
    );
}

/// write(2): the line of [`traced`](super::traced).
pub(crate) fn write_line(fd: BorrowedFd, buf: &[u8], res: &Result<usize>) {
    trace_line!(
        res,
        "write({}, {}, {})",
        fd.as_raw_fd(),
        Quoted::new(buf),
        buf.len()
    );
}

pub(crate) fn close(fd: RawFd, res: &Result<()>) {
    trace!(res, "close({fd})");
}

pub(crate) fn dup(old: BorrowedFd, res: &Result<impl super::TraceRet>) {
    trace!(res, "dup({})", old.as_raw_fd());
}

pub(crate) fn dup2(old: BorrowedFd, newfd: RawFd, res: &Result<RawFd>) {
    trace!(res, "dup2({}, {newfd})", old.as_raw_fd());
}

pub(crate) fn unlink(path: &[u8], res: &Result<()>) {
    trace!(res, "unlink({})", Quoted::all(path));
}

/// `gethostname`: on Linux the C library calls uname(2).
pub(crate) fn gethostname(res: &Result<String>) {
    trace!(
        &res.as_ref().map(|_| 0),
        "uname({{sysname=\"Linux\", nodename={}, ...}})",
        Quoted::all(res.as_deref().unwrap_or("").as_bytes())
    );
}

// ---------------------------------------------------------------------
// Processes and signals
// ---------------------------------------------------------------------

/// fork(): the C library's system call is clone(2). In the child the call
/// returns 0 and strace prints nothing there; neither does this.
pub(crate) fn fork(res: &Result<pid_t>) {
    if matches!(res, Ok(0)) {
        return;
    }
    trace!(
        res,
        "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD)"
    );
}

/// exit(status): `exit_group(status) = ?`, a call that does not return.
pub(crate) fn exit_group(status: c_int) {
    if enabled() {
        emit_no_return(format_args!("exit_group({status})"));
    }
}

/// wait and waitpid: the system call is wait4(pid, &status, options, NULL).
/// `wait(NULL)` is `wait4(-1, NULL, 0, NULL)`.
pub(crate) fn wait4_null(res: &Result<pid_t>) {
    trace!(res, "wait4(-1, NULL, 0, NULL)");
}

pub(crate) fn wait4(pid: pid_t, options: c_int, res: &Result<(pid_t, c_int)>) {
    trace!(
        &res.as_ref().map(|(p, _)| i64::from(*p)),
        "wait4({pid}, {}, {}, NULL)",
        DisplayFn(|f| match res {
            Ok((p, status)) if *p > 0 => write!(f, "{}", wait_status(*status)),
            _ => f.write_str("0x..."),
        }),
        wait_options(options)
    );
}

/// `SA_RESTORER`: on Linux the C library adds it to every sigaction (it
/// supplies the code that returns from a handler), and strace shows it.
#[cfg(target_os = "linux")]
pub(crate) const SA_RESTORER: c_int = 0x0400_0000;
#[cfg(not(target_os = "linux"))]
pub(crate) const SA_RESTORER: c_int = 0;

/// `signal`/sigaction: `rt_sigaction(signo, &act, &oact, 8)`; `res` holds
/// the old handler and flags.
pub(crate) fn sigaction(
    signo: c_int,
    handler: libc::sighandler_t,
    flags: c_int,
    res: &Result<(libc::sighandler_t, c_int)>,
) {
    trace!(
        &res.as_ref().map(|_| 0),
        "rt_sigaction({}, {{sa_handler={}, sa_mask=[], sa_flags={}}}, {}, 8)",
        signal_name(signo),
        HandlerName(handler),
        sa_flags(flags | SA_RESTORER),
        DisplayFn(|f| match res {
            Ok((old, old_flags)) => write!(
                f,
                "{{sa_handler={}, sa_mask=[], sa_flags={}}}",
                HandlerName(*old),
                sa_flags(*old_flags)
            ),
            Err(_) => f.write_str("0x..."),
        })
    );
}

/// A handler as strace prints it: `SIG_DFL`, `SIG_IGN` or its address.
struct HandlerName(libc::sighandler_t);

impl fmt::Display for HandlerName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            libc::SIG_DFL => f.write_str("SIG_DFL"),
            libc::SIG_IGN => f.write_str("SIG_IGN"),
            addr => write!(f, "{addr:#x}"),
        }
    }
}

// ---------------------------------------------------------------------
// <sys/select.h>, <poll.h>
// ---------------------------------------------------------------------

/// What select was asked (`asked`, copied before the call overwrote the
/// sets) and what it answered (`ready`, the sets after it; `left`, the time
/// left that Linux writes back).
pub(crate) struct SelectCall {
    pub(crate) nfds: c_int,
    pub(crate) asked: [Option<fd_set>; 3],
    pub(crate) timeout: Option<timeval>,
    pub(crate) ready: [Option<fd_set>; 3],
    pub(crate) left: Option<timeval>,
}

/// select(): today's C library makes the system call pselect6.
pub(crate) fn select(call: &SelectCall, res: &Result<c_int>) {
    trace!(
        res,
        "pselect6({}, {}, {}, {}, {}, NULL)",
        call.nfds,
        SetArg(call.asked[0]),
        SetArg(call.asked[1]),
        SetArg(call.asked[2]),
        DisplayFn(|f| match call.timeout {
            None => f.write_str("NULL"),
            Some(t) => write!(f, "{{tv_sec={}, tv_nsec={}}}", t.tv_sec, t.tv_usec * 1000),
        });
        "{}",
        DisplayFn(|f| select_outcome(f, res, call))
    );
}

struct SetArg(Option<fd_set>);

impl fmt::Display for SetArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            None => f.write_str("NULL"),
            Some(set) => write!(f, "{set:?}"),
        }
    }
}

/// strace's comment after select's result: ` (in [4], left {…})` or
/// ` (Timeout)`.
fn select_outcome(
    f: &mut fmt::Formatter<'_>,
    res: &Result<c_int>,
    call: &SelectCall,
) -> fmt::Result {
    match res {
        Ok(0) => f.write_str(" (Timeout)"),
        Ok(_) => {
            let mut first = true;
            for (name, set) in ["in", "out", "except"].iter().zip(&call.ready) {
                let Some(set) = set else { continue };
                if set.members(call.nfds).next().is_none() {
                    continue;
                }
                f.write_str(if first { " (" } else { ", " })?;
                first = false;
                write!(f, "{name} [")?;
                for (i, fd) in set.members(call.nfds).enumerate() {
                    if i > 0 {
                        f.write_char(' ')?;
                    }
                    write!(f, "{fd}")?;
                }
                f.write_char(']')?;
            }
            if let Some(t) = call.left {
                let sep = if first { " (" } else { ", " };
                first = false;
                write!(
                    f,
                    "{sep}left {{tv_sec={}, tv_nsec={}}}",
                    t.tv_sec,
                    t.tv_usec * 1000
                )?;
            }
            if !first {
                f.write_char(')')?;
            }
            Ok(())
        }
        Err(_) => Ok(()),
    }
}

pub(crate) fn poll(fds: &[pollfd], timeout: c_int, res: &Result<c_int>) {
    trace!(
        res,
        "poll({}, {}, {timeout})",
        DisplayFn(|f| poll_list(f, fds, false)),
        fds.len();
        "{}",
        DisplayFn(|f| match res {
            Ok(0) => f.write_str(" (Timeout)"),
            Ok(_) => {
                f.write_str(" (")?;
                poll_list(f, fds, true)?;
                f.write_char(')')
            }
            Err(_) => Ok(()),
        })
    );
}

fn poll_list(f: &mut fmt::Formatter<'_>, fds: &[pollfd], revents: bool) -> fmt::Result {
    f.write_char('[')?;
    let mut first = true;
    for p in fds {
        if revents && p.revents == 0 {
            continue;
        }
        if !first {
            f.write_str(", ")?;
        }
        first = false;
        if revents {
            write!(f, "{{fd={}, revents={}}}", p.fd, poll_events(p.revents))?;
        } else if p.fd < 0 {
            write!(f, "{{fd={}}}", p.fd)?;
        } else {
            write!(f, "{{fd={}, events={}}}", p.fd, poll_events(p.events))?;
        }
    }
    f.write_char(']')
}

// ---------------------------------------------------------------------
// Arguments several calls share
// ---------------------------------------------------------------------

/// The address a call returned and its length, as strace prints them:
/// decoded; or the buffer's address (trace mode shows `0x...`) when the
/// call failed, or when the kernel returned length 0 (a datagram from an
/// unnamed AF_UNIX socket). `cap` is the size the call was told the buffer
/// holds: strace prints `[16]` when the kernel's length equals it,
/// `[128 => 16]` when not.
struct TracedAddr<'a>(Option<&'a RawAddr>, u32);

impl fmt::Display for TracedAddr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cap = self.1;
        match self.0 {
            None => write!(f, "0x..., [{cap}]"),
            Some(raw) if raw.len() == 0 => write!(f, "0x..., [{cap} => 0]"),
            Some(raw) if raw.len() == cap => write!(f, "{:?}, [{cap}]", raw.to_sockaddr()),
            Some(raw) => write!(f, "{:?}, [{cap} => {}]", raw.to_sockaddr(), raw.len()),
        }
    }
}

/// A buffer a call read into, as strace prints it: the bytes the call
/// returned, quoted; the buffer's address if it failed.
struct ReadBuf<'a>(&'a [u8], &'a Result<usize>);

impl fmt::Display for ReadBuf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.1 {
            Ok(n) => write!(f, "{}", Quoted::new(&self.0[..*n])),
            Err(_) => write!(f, "{:p}", self.0.as_ptr()),
        }
    }
}

// ---------------------------------------------------------------------
// Chapter 14 (advanced I/O) [ch14 block — keep together for merges]:
// alarm, readv/writev, sendmsg/recvmsg, ioctl(FIONREAD), epoll.
// ---------------------------------------------------------------------

pub(crate) fn alarm(seconds: libc::c_uint, left: libc::c_uint) {
    trace!(
        &Ok::<c_int, crate::error::Error>(left as c_int),
        "alarm({seconds})"
    );
}

/// An iovec array as strace prints it: `[{iov_base="hel", iov_len=3}, …]`.
/// `filled` is None for what was written (each buffer whole), or the
/// count a read returned (spread over the buffers in order), or an error
/// (the array's address).
struct IovArg<'a> {
    bufs: &'a [&'a [u8]],
    filled: Option<&'a Result<usize>>,
}

impl fmt::Display for IovArg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut left = match self.filled {
            None => usize::MAX,
            Some(Ok(n)) => *n,
            Some(Err(_)) => return write!(f, "{:p}", self.bufs.as_ptr()),
        };
        f.write_char('[')?;
        for (i, buf) in self.bufs.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            let shown = buf.len().min(left);
            left -= shown;
            write!(
                f,
                "{{iov_base={}, iov_len={}}}",
                Quoted::new(&buf[..shown]),
                buf.len()
            )?;
        }
        f.write_char(']')
    }
}

/// At most this many buffers are shown (trace mode formats on the stack).
const IOV_SHOWN: usize = 16;

fn iov_bufs<'a, B: std::ops::Deref<Target = [u8]>>(
    iov: &'a [B],
    out: &mut [&'a [u8]; IOV_SHOWN],
) -> usize {
    let n = iov.len().min(IOV_SHOWN);
    for (slot, b) in out.iter_mut().zip(iov) {
        *slot = b;
    }
    n
}

pub(crate) fn readv(fd: BorrowedFd, iov: &[std::io::IoSliceMut<'_>], res: &Result<usize>) {
    let mut bufs: [&[u8]; IOV_SHOWN] = [&[]; IOV_SHOWN];
    let n = iov_bufs(iov, &mut bufs);
    trace!(
        res,
        "readv({}, {}, {})",
        fd.as_raw_fd(),
        IovArg {
            bufs: &bufs[..n],
            filled: Some(res)
        },
        iov.len()
    );
}

pub(crate) fn writev(fd: BorrowedFd, iov: &[std::io::IoSlice<'_>], res: &Result<usize>) {
    let mut bufs: [&[u8]; IOV_SHOWN] = [&[]; IOV_SHOWN];
    let n = iov_bufs(iov, &mut bufs);
    trace!(
        res,
        "writev({}, {}, {})",
        fd.as_raw_fd(),
        IovArg {
            bufs: &bufs[..n],
            filled: None
        },
        iov.len()
    );
}

/// sendmsg(2): `{msg_name=…, msg_namelen=…, msg_iov=[…], msg_iovlen=…,
/// msg_control=[…], msg_controllen=…, msg_flags=0}` (`msg_control` only
/// when there is some: [`CmsgArg`], chapter 15).
pub(crate) fn sendmsg(
    fd: BorrowedFd,
    name: Option<(&SockAddr, &RawAddr)>,
    iov: &[std::io::IoSlice<'_>],
    control: &[u8],
    flags: c_int,
    res: &Result<usize>,
) {
    let mut bufs: [&[u8]; IOV_SHOWN] = [&[]; IOV_SHOWN];
    let n = iov_bufs(iov, &mut bufs);
    trace!(
        res,
        "sendmsg({}, {{msg_name={}, msg_namelen={}, msg_iov={}, msg_iovlen={}, {}msg_controllen={}, msg_flags=0}}, {})",
        fd.as_raw_fd(),
        DisplayFn(|f| match name {
            Some((addr, _)) => write!(f, "{addr:?}"),
            None => f.write_str("NULL"),
        }),
        name.map_or(0, |(_, raw)| raw.len()),
        IovArg {
            bufs: &bufs[..n],
            filled: None
        },
        iov.len(),
        CmsgArg(control),
        control.len(),
        msg_flags(flags)
    );
}

/// What recvmsg(2) came back with, for its printer.
pub(crate) struct RecvmsgCall<'a> {
    /// The address buffer (None: msg_name NULL).
    pub(crate) name: Option<&'a RawAddr>,
    /// The buffers, after the call.
    pub(crate) iov: &'a [std::io::IoSliceMut<'a>],
    /// msg_control after the call: the bytes the kernel wrote (their
    /// length is msg_controllen).
    pub(crate) control: &'a [u8],
    /// msg_flags after the call.
    pub(crate) msg_flags: c_int,
    /// The call's flags argument.
    pub(crate) flags: c_int,
}

/// recvmsg(2): strace prints the message as the kernel left it; when the
/// call failed, only `{msg_namelen=N}`.
pub(crate) fn recvmsg(fd: BorrowedFd, call: &RecvmsgCall<'_>, res: &Result<usize>) {
    let mut bufs: [&[u8]; IOV_SHOWN] = [&[]; IOV_SHOWN];
    let n = iov_bufs(call.iov, &mut bufs);
    let namelen = call.name.map_or(0, |raw| raw.cap());
    trace!(
        res,
        "recvmsg({}, {}, {})",
        fd.as_raw_fd(),
        DisplayFn(|f| {
            if res.is_err() {
                return write!(f, "{{msg_namelen={namelen}}}");
            }
            f.write_str("{msg_name=")?;
            match call.name {
                None => f.write_str("NULL, msg_namelen=0")?,
                Some(raw) if raw.len() == 0 => write!(f, "0x..., msg_namelen={namelen} => 0")?,
                Some(raw) if raw.len() == raw.cap() => {
                    write!(f, "{:?}, msg_namelen={namelen}", raw.to_sockaddr())?
                }
                Some(raw) => write!(
                    f,
                    "{:?}, msg_namelen={namelen} => {}",
                    raw.to_sockaddr(),
                    raw.len()
                )?,
            }
            write!(
                f,
                ", msg_iov={}, msg_iovlen={}, {}msg_controllen={}, msg_flags={}}}",
                IovArg {
                    bufs: &bufs[..n],
                    filled: Some(res)
                },
                call.iov.len(),
                CmsgArg(call.control),
                call.control.len(),
                msg_flags(call.msg_flags)
            )
        }),
        msg_flags(call.flags)
    );
}

/// `ioctl(fd, FIONREAD, [n])`.
pub(crate) fn ioctl_fionread(fd: BorrowedFd, res: &Result<c_int>) {
    trace!(
        &res.as_ref().map(|_| 0),
        "ioctl({}, FIONREAD, {})",
        fd.as_raw_fd(),
        DisplayFn(|f| match res {
            Ok(n) => write!(f, "[{n}]"),
            Err(_) => f.write_str("0x..."),
        })
    );
}

pub(crate) fn epoll_create1(flags: c_int, res: &Result<impl super::TraceRet>) {
    trace!(
        res,
        "epoll_create1({})",
        DisplayFn(|f| if flags == libc::EPOLL_CLOEXEC {
            f.write_str("EPOLL_CLOEXEC")
        } else {
            write!(f, "{flags}")
        })
    );
}

/// One `struct epoll_event` as strace prints it.
struct EpollEvent<'a>(&'a crate::types::epoll_event);

impl fmt::Display for EpollEvent<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (events, data) = (self.0.events(), self.0.data());
        write!(
            f,
            "{{events={}, data={{u32={}, u64={}}}}}",
            super::fmt_values::epoll_events(events),
            data as u32,
            data
        )
    }
}

pub(crate) fn epoll_ctl(
    epfd: BorrowedFd,
    op: c_int,
    fd: RawFd,
    event: Option<&crate::types::epoll_event>,
    res: &Result<()>,
) {
    trace!(
        res,
        "epoll_ctl({}, {}, {fd}, {})",
        epfd.as_raw_fd(),
        DisplayFn(|f| match op {
            libc::EPOLL_CTL_ADD => f.write_str("EPOLL_CTL_ADD"),
            libc::EPOLL_CTL_DEL => f.write_str("EPOLL_CTL_DEL"),
            libc::EPOLL_CTL_MOD => f.write_str("EPOLL_CTL_MOD"),
            _ => write!(f, "{op}"),
        }),
        DisplayFn(|f| match event {
            Some(e) => write!(f, "{}", EpollEvent(e)),
            None => f.write_str("NULL"),
        })
    );
}

pub(crate) fn epoll_wait(
    epfd: BorrowedFd,
    events: &[crate::types::epoll_event],
    timeout: c_int,
    res: &Result<usize>,
) {
    trace!(
        res,
        "epoll_wait({}, {}, {}, {timeout})",
        epfd.as_raw_fd(),
        DisplayFn(|f| match res {
            Ok(n) => {
                f.write_char('[')?;
                for (i, e) in events[..*n].iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}", EpollEvent(e))?;
                }
                f.write_char(']')
            }
            Err(_) => f.write_str("0x..."),
        }),
        events.len()
    );
}

// ---------------------------------------------------------------------
// Chapter 20 (broadcasting) [ch20 block — keep together for merges]:
// pselect, pipe (signal sets print with the ch24 block's SigSet).
// ---------------------------------------------------------------------

/// pselect(): the system call pselect6, whose last argument carries the
/// signal mask and its size.
pub(crate) fn pselect(
    call: &SelectCall,
    timeout: Option<&libc::timespec>,
    sigmask: Option<&libc::sigset_t>,
    res: &Result<c_int>,
) {
    trace!(
        res,
        "pselect6({}, {}, {}, {}, {}, {{sigmask={}, sigsetsize=8}})",
        call.nfds,
        SetArg(call.asked[0]),
        SetArg(call.asked[1]),
        SetArg(call.asked[2]),
        DisplayFn(|f| match timeout {
            None => f.write_str("NULL"),
            Some(t) => write!(f, "{{tv_sec={}, tv_nsec={}}}", t.tv_sec, t.tv_nsec),
        }),
        DisplayFn(|f| match sigmask {
            Some(s) => write!(f, "{}", SigSet(s)),
            None => f.write_str("NULL"),
        });
        "{}",
        DisplayFn(|f| select_outcome(f, res, call))
    );
}

/// pipe(): today's C library makes the system call pipe2 with no flags.
pub(crate) fn pipe(res: &Result<[RawFd; 2]>) {
    trace!(
        &res.as_ref().map(|_| 0),
        "pipe2({}, 0)",
        DisplayFn(|f| match res {
            Ok([r, w]) => write!(f, "[{r}, {w}]"),
            Err(_) => f.write_str("0x0"),
        })
    );
}

// ---------------------------------------------------------------------
// <fcntl.h>
// ---------------------------------------------------------------------

/// `open` is openat(2) under glibc: `openat(AT_FDCWD, "f", O_WRONLY|O_CREAT,
/// 0644)`; the mode appears only with O_CREAT (or O_TMPFILE).
pub(crate) fn open(
    path: &[u8],
    flags: c_int,
    mode: libc::mode_t,
    res: &Result<impl super::TraceRet>,
) {
    if flags & libc::O_CREAT != 0 || flags & libc::O_TMPFILE == libc::O_TMPFILE {
        trace!(
            res,
            "openat(AT_FDCWD, {}, {}, 0{:02o})",
            Quoted::all(path),
            open_flags(flags),
            mode
        );
    } else {
        trace!(
            res,
            "openat(AT_FDCWD, {}, {})",
            Quoted::all(path),
            open_flags(flags)
        );
    }
}

/// `fcntl(fd, cmd, arg)` with an integer argument, as strace prints each
/// command: `F_GETFL` returns flags (`= 0x802 (flags O_RDWR|O_NONBLOCK)`),
/// `F_SETFL` takes them, and glibc asks for `F_GETOWN` with `F_GETOWN_EX`.
pub(crate) fn fcntl(fd: BorrowedFd, cmd: c_int, arg: c_int, res: &Result<c_int>) {
    if !enabled() {
        return;
    }
    let fd = fd.as_raw_fd();
    match cmd {
        libc::F_GETFL => super::emit_flags(
            res,
            format_args!("fcntl({fd}, F_GETFL)"),
            |v| open_flags(v).to_string(),
            true,
        ),
        libc::F_GETFD => super::emit_flags(
            res,
            format_args!("fcntl({fd}, F_GETFD)"),
            |v| fd_flags(v).to_string(),
            false,
        ),
        libc::F_SETFL => trace_line!(res, "fcntl({fd}, F_SETFL, {})", open_flags(arg)),
        libc::F_SETFD => trace_line!(res, "fcntl({fd}, F_SETFD, {})", fd_flags(arg)),
        libc::F_SETOWN => trace_line!(res, "fcntl({fd}, F_SETOWN, {arg})"),
        libc::F_GETOWN => {
            // glibc's F_GETOWN is F_GETOWN_EX, which returns 0 and fills a
            // struct f_owner_ex; C gets the owner back (a process group as
            // a negative number), from which the struct is rebuilt here.
            let owner = DisplayFn(|f| match res {
                Ok(v) if *v < 0 => write!(f, "{{type=F_OWNER_PGRP, pid={}}}", -v),
                Ok(v) if *v > 0 => write!(f, "{{type=F_OWNER_PID, pid={v}}}"),
                Ok(_) => f.write_str("{type=F_OWNER_TID, pid=0}"),
                Err(_) => f.write_str("0x7ffc00000000"),
            });
            trace_line!(
                &res.as_ref().map(|_| 0),
                "fcntl({fd}, F_GETOWN_EX, {owner})"
            )
        }
        _ => trace_line!(res, "fcntl({fd}, {cmd:#x}, {arg})"),
    }
}

/// `fcntl(fd, F_SETLKW, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0,
/// l_len=0})`; F_GETLK shows the struct the kernel filled, with `l_pid`.
pub(crate) fn fcntl_lock(fd: BorrowedFd, cmd: c_int, lock: &libc::flock, res: &Result<c_int>) {
    let name = match cmd {
        libc::F_GETLK => "F_GETLK",
        libc::F_SETLK => "F_SETLK",
        _ => "F_SETLKW",
    };
    let l_type = match c_int::from(lock.l_type) {
        libc::F_RDLCK => "F_RDLCK",
        libc::F_WRLCK => "F_WRLCK",
        _ => "F_UNLCK",
    };
    let whence = match c_int::from(lock.l_whence) {
        libc::SEEK_CUR => "SEEK_CUR",
        libc::SEEK_END => "SEEK_END",
        _ => "SEEK_SET",
    };
    let pid = DisplayFn(|f| match cmd {
        libc::F_GETLK => write!(f, ", l_pid={}", lock.l_pid),
        _ => Ok(()),
    });
    trace!(
        res,
        "fcntl({}, {name}, {{l_type={l_type}, l_whence={whence}, l_start={}, l_len={}{pid}}})",
        fd.as_raw_fd(),
        lock.l_start,
        lock.l_len
    );
}

// ---------------------------------------------------------------------
// Chapters 24-25 (out-of-band data, signal-driven I/O) [ch24 block —
// keep together for merges]: sockatmark, rt_sigprocmask,
// rt_sigsuspend, ioctl(FIOASYNC/FIONBIO).
// ---------------------------------------------------------------------

/// `sockatmark(fd)`: glibc asks with `ioctl(fd, SIOCATMARK, [1]) = 0`.
pub(crate) fn sockatmark(fd: BorrowedFd, res: &Result<c_int>) {
    trace!(
        &res.as_ref().map(|_| 0),
        "ioctl({}, SIOCATMARK, {})",
        fd.as_raw_fd(),
        DisplayFn(|f| match res {
            Ok(n) => write!(f, "[{n}]"),
            Err(_) => f.write_str("0x..."),
        })
    );
}

/// A signal set as strace prints it: `[]`, `[HUP IO]`, or (more than half
/// of the signals in it) `~[KILL STOP]`, the ones missing.
struct SigSet<'a>(&'a libc::sigset_t);

impl fmt::Display for SigSet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        /// Forwards what is written after its first three bytes ("SIG").
        struct NoSig<'a, 'b> {
            f: &'a mut fmt::Formatter<'b>,
            skip: usize,
        }
        impl fmt::Write for NoSig<'_, '_> {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                let cut = self.skip.min(s.len());
                self.skip -= cut;
                self.f.write_str(&s[cut..])
            }
        }
        let member = |n: c_int| crate::sys::sigismember(self.0, n).is_ok_and(|m| m == 1);
        let count = (1..=64).filter(|&n| member(n)).count();
        let inverted = count > 32;
        f.write_str(if inverted { "~[" } else { "[" })?;
        let mut first = true;
        for n in (1..=64).filter(|&n| member(n) != inverted) {
            if !first {
                f.write_str(" ")?;
            }
            first = false;
            let name = signal_name(n);
            if name.is_named() {
                write!(NoSig { f, skip: 3 }, "{name}")?;
            } else {
                write!(f, "{n}")?;
            }
        }
        f.write_str("]")
    }
}

/// `sigprocmask(how, &set, &oset)`: strace's `rt_sigprocmask(SIG_BLOCK,
/// [IO], [], 8) = 0`.
pub(crate) fn sigprocmask(
    how: c_int,
    set: Option<&libc::sigset_t>,
    oset: Option<&libc::sigset_t>,
    res: &Result<()>,
) {
    let how = match how {
        libc::SIG_BLOCK => "SIG_BLOCK",
        libc::SIG_UNBLOCK => "SIG_UNBLOCK",
        libc::SIG_SETMASK => "SIG_SETMASK",
        _ => "?",
    };
    let set = DisplayFn(|f| match set {
        Some(s) => write!(f, "{}", SigSet(s)),
        None => f.write_str("NULL"),
    });
    let oset = DisplayFn(|f| match (oset, res) {
        (None, _) => f.write_str("NULL"),
        (Some(s), Ok(())) => write!(f, "{}", SigSet(s)),
        (Some(_), Err(_)) => f.write_str("0x..."),
    });
    trace!(
        &res.as_ref().map(|_| 0),
        "rt_sigprocmask({how}, {set}, {oset}, 8)"
    );
}

/// `sigsuspend(&mask)`: strace's `rt_sigsuspend([], 8)`.
pub(crate) fn sigsuspend(mask: &libc::sigset_t, res: &Result<c_int>) {
    trace!(res, "rt_sigsuspend({}, 8)", SigSet(mask));
}

/// `ioctl(fd, FIOASYNC, [1]) = 0`, `ioctl(fd, FIONBIO, [1]) = 0`.
pub(crate) fn ioctl_int(fd: BorrowedFd, name: &str, arg: c_int, res: &Result<c_int>) {
    trace!(res, "ioctl({}, {name}, [{arg}])", fd.as_raw_fd());
}

// ---------------------------------------------------------------------
// Chapter 30: kill, pause, getrusage, mmap/munmap, mkstemp
// ---------------------------------------------------------------------

pub(crate) fn kill(pid: pid_t, signo: c_int, res: &Result<()>) {
    trace!(res, "kill({pid}, {})", signal_name(signo));
}

pub(crate) fn pause(res: &Result<()>) {
    trace!(res, "pause()");
}

/// `getrusage(RUSAGE_SELF, {ru_utime={tv_sec=0, tv_usec=395},
/// ru_stime={…}, ...})`: strace shows the two times and elides the rest.
pub(crate) fn getrusage(who: c_int, res: &Result<libc::rusage>) {
    let name = match who {
        libc::RUSAGE_SELF => "RUSAGE_SELF",
        libc::RUSAGE_CHILDREN => "RUSAGE_CHILDREN",
        _ => "RUSAGE_THREAD",
    };
    let usage = DisplayFn(|f| match res {
        Ok(u) => write!(
            f,
            "{{ru_utime={{tv_sec={}, tv_usec={}}}, ru_stime={{tv_sec={}, tv_usec={}}}, ...}}",
            u.ru_utime.tv_sec, u.ru_utime.tv_usec, u.ru_stime.tv_sec, u.ru_stime.tv_usec
        ),
        Err(_) => f.write_str("0x7ffc00000000"),
    });
    trace!(&res.as_ref().map(|_| 0), "getrusage({name}, {usage})");
}

/// `mmap(NULL, 40, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0)
/// = 0x7f3d89d80000`: the return value is an address, printed in hex.
pub(crate) fn mmap(
    len: usize,
    prot: c_int,
    flags: c_int,
    fd: RawFd,
    offset: libc::off_t,
    res: &Result<usize>,
) {
    if !enabled() {
        return;
    }
    // strace writes the offset as C's %#lx: `0`, or `0x1000`
    let offset = DisplayFn(|f| match offset {
        0 => f.write_str("0"),
        n => write!(f, "{n:#x}"),
    });
    let call = format_args!(
        "mmap(NULL, {len}, {}, {}, {fd}, {offset})",
        prot_flags(prot),
        map_flags(flags)
    );
    match res {
        Ok(addr) => super::emit_hex(*addr, call),
        Err(_) => super::emit(res, call, format_args!("")),
    }
}

pub(crate) fn munmap(addr: usize, len: usize, res: &Result<()>) {
    trace!(res, "munmap({addr:#x}, {len})");
}

/// glibc's mkstemp is one openat(2) of the name it made up:
/// `openat(AT_FDCWD, "/tmp/lock.KlRCFq", O_RDWR|O_CREAT|O_EXCL, 0600)`.
pub(crate) fn mkstemp(path: &[u8], res: &Result<impl super::TraceRet>) {
    open(
        path,
        libc::O_RDWR | libc::O_CREAT | libc::O_EXCL,
        0o600,
        res,
    );
}

// ---------------------------------------------------------------------
// Chapter 26 (threads) [ch26 block — keep together for merges]
// ---------------------------------------------------------------------

/// `pthread_create`: glibc makes the thread with clone3, as strace shows
/// (the addresses of the new stack and thread block elided as `0x...`);
/// `tid` is the new thread's kernel id, strace's `= 12345`.
pub(crate) fn pthread_create(res: &Result<pid_t>) {
    trace!(
        res,
        "clone3({{flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x..., parent_tid=0x..., exit_signal=0, stack=0x..., stack_size=0x..., tls=0x...}} => {{parent_tid=[{}]}}, 88)",
        DisplayFn(|f| match res {
            Ok(tid) => write!(f, "{tid}"),
            Err(_) => f.write_str("?"),
        })
    );
}

// ---------------------------------------------------------------------
// Chapter 13 (daemons, inetd) [ch13 block — keep together for merges]:
// setsid, chdir, umask, execve. syslog(3) has no printer: like
// getaddrinfo's, its system calls (socket, connect to /dev/log, sendto)
// are the C library's own, on a descriptor socklab never sees.
// ---------------------------------------------------------------------

pub(crate) fn setsid(res: &Result<pid_t>) {
    trace!(res, "setsid()");
}

pub(crate) fn chdir(path: &[u8], res: &Result<()>) {
    trace!(res, "chdir({})", Quoted::all(path));
}

/// umask(2): strace prints the mask and the old mask in octal.
pub(crate) fn umask(mask: libc::mode_t, old: libc::mode_t) {
    if enabled() {
        super::emit_raw(format_args!("umask(0{mask:02o}) = 0{old:02o}"));
    }
}

/// execv(3) is execve(2) with the C library's `environ`. Printed only when
/// it fails: on success the process is another program and prints nothing
/// more of ours (strace shows the line with `= 0` in the new program).
pub(crate) fn execve(path: &[u8], argv: &[&[u8]], envc: usize, err: &crate::error::Error) {
    let res: std::result::Result<i64, &crate::error::Error> = Err(err);
    trace!(
        &res,
        "execve({}, [{}], 0x... /* {envc} vars */)",
        Quoted::all(path),
        DisplayFn(|f| {
            for (i, a) in argv.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{}", Quoted::all(a))?;
            }
            Ok(())
        })
    );
}

// ---------------------------------------------------------------------
// Chapter 15 (Unix domain protocols) [ch15 block — keep together for
// merges]: msg_control as strace prints it.
// ---------------------------------------------------------------------

/// `msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS,
/// cmsg_data=[5]}], ` — strace's rendering of the control messages of a
/// sendmsg/recvmsg (nothing when there are none): descriptors as a list,
/// `SCM_CREDENTIALS` as `{pid=…, uid=…, gid=…}`, other data as a string.
pub(crate) struct CmsgArg<'a>(pub(crate) &'a [u8]);

impl fmt::Display for CmsgArg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::types::{cmsg_records, fds_from, ucred_from};
        if self.0.is_empty() {
            return Ok(());
        }
        f.write_str("msg_control=[")?;
        for (i, r) in cmsg_records(self.0).enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(
                f,
                "{{cmsg_len={}, cmsg_level={}, cmsg_type=",
                r.cmsg_len,
                level_name(r.cmsg_level)
            )?;
            match (r.cmsg_level, r.cmsg_type) {
                (libc::SOL_SOCKET, libc::SCM_RIGHTS) => {
                    f.write_str("SCM_RIGHTS, cmsg_data=[")?;
                    for (k, fd) in fds_from(r.data).enumerate() {
                        if k > 0 {
                            f.write_str(", ")?;
                        }
                        write!(f, "{fd}")?;
                    }
                    f.write_str("]}")?;
                }
                (libc::SOL_SOCKET, libc::SCM_CREDENTIALS) => match ucred_from(r.data) {
                    Some(c) => write!(
                        f,
                        "SCM_CREDENTIALS, cmsg_data={{pid={}, uid={}, gid={}}}}}",
                        c.pid, c.uid, c.gid
                    )?,
                    None => f.write_str("SCM_CREDENTIALS}")?,
                },
                (_, t) => write!(f, "{t:#x}, cmsg_data={}}}", Quoted::new(r.data))?,
            }
        }
        f.write_str("], ")
    }
}

// ---------------------------------------------------------------------
// chapter 23 (SCTP): libsctp's functions print the system calls they
// make. [chapter 23 block — keep together for merges]
// ---------------------------------------------------------------------

/// `msg_control=[{cmsg_len=48, cmsg_level=SOL_SCTP, cmsg_type=0x1}]`:
/// strace names the level but not SCTP's cmsg types.
struct SctpCmsg(usize);

impl fmt::Display for SctpCmsg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            return Ok(());
        }
        write!(
            f,
            "msg_control=[{{cmsg_len={}, cmsg_level=SOL_SCTP, cmsg_type=0x1}}], ",
            self.0
        )
    }
}

/// `sctp_sendmsg`: the system call is `sendmsg` with one SCTP_SNDRCV cmsg.
pub(crate) fn sctp_sendmsg(
    fd: BorrowedFd,
    (to, raw): (&SockAddr, &RawAddr),
    buf: &[u8],
    res: &Result<usize>,
) {
    let cmsg = size_of::<libc::cmsghdr>() + 32;
    trace!(
        res,
        "sendmsg({}, {{msg_name={to:?}, msg_namelen={}, msg_iov={}, msg_iovlen=1, {}msg_controllen={cmsg}, msg_flags=0}}, 0)",
        fd.as_raw_fd(),
        raw.len(),
        IovArg {
            bufs: &[buf],
            filled: None
        },
        SctpCmsg(cmsg)
    );
}

/// What `sctp_recvmsg`'s recvmsg came back with, for its printer.
pub(crate) struct SctpRecvCall<'a> {
    /// The sender's address buffer.
    pub(crate) name: &'a RawAddr,
    /// The one buffer.
    pub(crate) buf: &'a [u8],
    /// msg_controllen after the call.
    pub(crate) controllen: usize,
    /// msg_flags after the call.
    pub(crate) msg_flags: c_int,
    /// The call's flags argument.
    pub(crate) flags: c_int,
}

/// `sctp_recvmsg`: the system call is `recvmsg` with room for one
/// SCTP_SNDRCV cmsg.
pub(crate) fn sctp_recvmsg(fd: BorrowedFd, call: &SctpRecvCall<'_>, res: &Result<usize>) {
    let raw = call.name;
    let cap = raw.cap();
    trace!(
        res,
        "recvmsg({}, {}, {})",
        fd.as_raw_fd(),
        DisplayFn(|f| {
            if res.is_err() {
                return write!(f, "{{msg_namelen={cap}}}");
            }
            if raw.len() == cap {
                write!(f, "{{msg_name={:?}, msg_namelen={cap}", raw.to_sockaddr())?;
            } else {
                write!(
                    f,
                    "{{msg_name={:?}, msg_namelen={cap} => {}",
                    raw.to_sockaddr(),
                    raw.len()
                )?;
            }
            write!(
                f,
                ", msg_iov={}, msg_iovlen=1, {}msg_controllen={}, msg_flags={}}}",
                IovArg {
                    bufs: &[call.buf],
                    filled: Some(res)
                },
                SctpCmsg(call.controllen),
                call.controllen,
                msg_flags(call.msg_flags)
            )
        }),
        msg_flags(call.flags)
    );
}

/// `sctp_recvmsg(s, msg, len, NULL, &frmlen, NULL, msg_flags)`: recvmsg
/// without an address buffer.
pub(crate) fn sctp_recvmsg_null(
    fd: BorrowedFd,
    buf: &[u8],
    controllen: usize,
    out_flags: c_int,
    flags: c_int,
    res: &Result<usize>,
) {
    trace!(
        res,
        "recvmsg({}, {}, {})",
        fd.as_raw_fd(),
        DisplayFn(|f| {
            if res.is_err() {
                return f.write_str("{msg_namelen=0}");
            }
            write!(
                f,
                "{{msg_name=NULL, msg_namelen=0, msg_iov={}, msg_iovlen=1, {}msg_controllen={controllen}, msg_flags={}}}",
                IovArg {
                    bufs: &[buf],
                    filled: Some(res)
                },
                SctpCmsg(controllen),
                msg_flags(out_flags)
            )
        }),
        msg_flags(flags)
    );
}

/// `setsockopt(fd, SOL_SCTP, NAME, "bytes", len)` (sctp_bindx).
pub(crate) fn sctp_setsockopt_bytes(fd: BorrowedFd, name: &str, buf: &[u8], res: &Result<()>) {
    trace!(
        res,
        "setsockopt({}, SOL_SCTP, {name}, {}, {})",
        fd.as_raw_fd(),
        Quoted::new(buf),
        buf.len()
    );
}

/// `getsockopt(fd, SOL_SCTP, NAME, "bytes", [cap => len])`
/// (sctp_getpaddrs, sctp_peeloff, sctp_opt_info); `res` is the call's
/// return value and the length the kernel reported.
pub(crate) fn sctp_getsockopt_bytes(
    fd: BorrowedFd,
    name: &str,
    buf: &[u8],
    cap: usize,
    res: &Result<(c_int, libc::socklen_t)>,
) {
    let ret = res.as_ref().map(|(r, _)| *r).map_err(Clone::clone);
    trace!(
        &ret,
        "getsockopt({}, SOL_SCTP, {name}, {}, {})",
        fd.as_raw_fd(),
        DisplayFn(|f| match res {
            Ok((_, len)) => write!(f, "{}", Quoted::new(&buf[..(*len as usize).min(buf.len())])),
            Err(_) => write!(f, "{:p}", buf.as_ptr()),
        }),
        DisplayFn(|f| match res {
            Ok((_, len)) if *len as usize != cap => write!(f, "[{cap} => {len}]"),
            _ => write!(f, "[{cap}]"),
        })
    );
}
// ---- end chapter 23 ----
