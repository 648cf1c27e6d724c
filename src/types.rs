//! The plain C types of `<sys/select.h>` and `<poll.h>`: [`fd_set`] and
//! [`pollfd`]. Data only, below the C calls that take them (`sys`), so
//! that every layer can name them; the calls are in `mux.rs`.
#![allow(non_camel_case_types)] // the C names are the point

use std::fmt::{self, Write as _};
use std::os::fd::{AsFd, AsRawFd, RawFd};

use libc::{c_int, c_short};

/// `fd_set`—a set of descriptor numbers for [`select`](crate::select), one bit each.
///
/// Use it with [`FD_ZERO`](crate::FD_ZERO), [`FD_SET`](crate::FD_SET), [`FD_CLR`](crate::FD_CLR) and [`FD_ISSET`](crate::FD_ISSET), as in
/// C. `select` overwrites the sets it is given with the ready ones, so
/// rebuild (or copy) the set before every call. `Default` is an empty
/// set, so the C declaration plus `FD_ZERO(&rset)` is one line.
///
/// ```
/// use socklab::*;
/// let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// let mut rset = fd_set::default();    // fd_set rset; FD_ZERO(&rset);
/// FD_SET(std::io::stdin(), &mut rset); // FD_SET(fileno(stdin), &rset);
/// FD_SET(&sockfd, &mut rset);          // FD_SET(sockfd, &rset);
/// assert!(FD_ISSET(&sockfd, &rset));
/// println!("{rset:?}");                // strace's form, e.g. [0 3]
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [select(2)](https://man7.org/linux/man-pages/man2/select.2.html),
/// [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/FD_CLR.html)
#[derive(Clone, Copy)]
#[repr(C)]
pub struct fd_set {
    /// One bit per descriptor, laid out as the C library's `fd_set`
    /// (`long fds_bits[FD_SETSIZE / 64]`): the kernel reads and writes it.
    pub(crate) bits: [libc::c_ulong; WORDS],
    /// A descriptor FD_SET could not store (≥ FD_SETSIZE); select refuses it.
    pub(crate) too_big: Option<RawFd>,
}

/// `FD_SETSIZE`—the number of descriptors an [`fd_set`] can hold (1024):
/// `select` cannot watch descriptor 1024 or above.
pub const FD_SETSIZE: c_int = libc::FD_SETSIZE as c_int;

const WORD_BITS: usize = libc::c_ulong::BITS as usize;
const WORDS: usize = libc::FD_SETSIZE / WORD_BITS;
const _: () = assert!(size_of::<[libc::c_ulong; WORDS]>() == size_of::<libc::fd_set>());

impl Default for fd_set {
    /// An empty set (as after `FD_ZERO`).
    fn default() -> fd_set {
        fd_set {
            bits: [0; WORDS],
            too_big: None,
        }
    }
}

// The C library's FD_SET, FD_CLR and FD_ISSET are macros — bit arithmetic
// on the array, no call — and so are these (for 0 <= fd < FD_SETSIZE).
impl fd_set {
    /// The word and the bit of `fd` (C's `__FD_ELT` and `__FD_MASK`).
    fn slot(fd: RawFd) -> (usize, libc::c_ulong) {
        let fd = fd as usize;
        (fd / WORD_BITS, 1 << (fd % WORD_BITS))
    }

    /// FD_SET's bit operation.
    pub(crate) fn set(&mut self, fd: RawFd) {
        let (word, bit) = fd_set::slot(fd);
        self.bits[word] |= bit;
    }

    /// FD_CLR's bit operation.
    pub(crate) fn clear(&mut self, fd: RawFd) {
        let (word, bit) = fd_set::slot(fd);
        self.bits[word] &= !bit;
    }

    /// FD_ISSET's bit test.
    pub(crate) fn is_set(&self, fd: RawFd) -> bool {
        let (word, bit) = fd_set::slot(fd);
        self.bits[word] & bit != 0
    }

    /// The descriptors in the set, below `nfds`.
    pub(crate) fn members(&self, nfds: c_int) -> impl Iterator<Item = RawFd> + '_ {
        (0..nfds.clamp(0, FD_SETSIZE)).filter(move |&fd| self.is_set(fd))
    }
}

impl fmt::Debug for fd_set {
    /// strace's form: `[0 3]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('[')?;
        for (i, fd) in self.members(FD_SETSIZE).enumerate() {
            if i > 0 {
                f.write_char(' ')?;
            }
            write!(f, "{fd}")?;
        }
        f.write_char(']')
    }
}

pub(crate) fn in_range(fd: RawFd) -> bool {
    (0..FD_SETSIZE).contains(&fd)
}

/// `struct pollfd`—one descriptor for [`poll`](crate::poll): what to watch (`events`)
/// and, afterwards, what happened (`revents`).
///
/// `fd` is a plain number as in C, so that a slot can be marked unused
/// with `-1` (poll then skips it), as UNP's poll server does. Built the C
/// way with a struct literal, or with [`pollfd::new`] / [`pollfd::unused`].
/// The number is not owned: keep the [`Fd`](crate::Fd) it came from open
/// while its entry is in use.
///
/// ```
/// use socklab::*;
/// let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// let mut client = [pollfd::unused(); 4];                     // client[i].fd = -1
/// client[0] = pollfd { fd: listenfd.as_raw_fd(), events: POLLRDNORM, revents: 0 };
/// assert_eq!(client[0], pollfd::new(&listenfd, POLLRDNORM));  // the short way
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [poll(2)](https://man7.org/linux/man-pages/man2/poll.2.html),
/// [POSIX `<poll.h>`](https://pubs.opengroup.org/onlinepubs/9799919799/basedefs/poll.h.html)
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct pollfd {
    /// The descriptor to watch; negative means "skip this entry".
    pub fd: RawFd,
    /// The events to watch for: `POLLIN`, `POLLRDNORM`, `POLLOUT`…
    pub events: c_short,
    /// Filled in by poll: the events that occurred.
    pub revents: c_short,
}

impl pollfd {
    /// An entry watching `fd` for `events` (`revents` 0). No C call: C
    /// sets `fd`, `events` and `revents` one by one.
    ///
    /// ```
    /// use socklab::*;
    /// let fds = [pollfd::new(std::io::stdin(), POLLIN)];
    /// assert_eq!(fds[0].fd, STDIN_FILENO);
    /// ```
    pub fn new(fd: impl AsFd, events: c_short) -> pollfd {
        pollfd {
            fd: fd.as_fd().as_raw_fd(),
            events,
            revents: 0,
        }
    }

    /// An unused entry (`fd = -1`), skipped by poll: a free slot in a
    /// poll server's client array.
    ///
    /// ```
    /// use socklab::*;
    /// let mut client = [pollfd::unused(); 8];
    /// assert_eq!(poll(&mut client, 0)?, 0); // nothing to watch: timeout
    /// # Ok::<(), socklab::Error>(())
    /// ```
    pub fn unused() -> pollfd {
        pollfd {
            fd: -1,
            events: 0,
            revents: 0,
        }
    }
}

// [ch14 block] struct epoll_event

/// `struct epoll_event`—what to watch for (`events`) and a number of
/// your choosing (`data`, C's `epoll_data_t`: usually the descriptor,
/// `ev.data.fd = sockfd`) that [`epoll_wait`](crate::epoll::epoll_wait) hands back with the events.
///
/// ```
/// use socklab::*;
/// let ev = epoll_event::new(EPOLLIN, 0);  // stdin readable → data 0
/// assert_eq!(ev.events(), EPOLLIN);
/// assert_eq!(ev.data(), 0);
/// ```
#[derive(Clone, Copy)]
#[repr(transparent)]
#[allow(non_camel_case_types)] // the C name
pub struct epoll_event(pub(crate) libc::epoll_event);

impl epoll_event {
    /// `{ .events = events, .data.u64 = data }`.
    pub fn new(events: u32, data: u64) -> epoll_event {
        epoll_event(libc::epoll_event { events, u64: data })
    }
    /// The events asked for or, after [`epoll_wait`](crate::epoll::epoll_wait), those that happened.
    pub fn events(&self) -> u32 {
        self.0.events
    }
    /// The `data` given to [`epoll_ctl`](crate::epoll::epoll_ctl) (`ev.data.fd`, `ev.data.u64`).
    pub fn data(&self) -> u64 {
        self.0.u64
    }
}

impl Default for epoll_event {
    /// All zero, as `struct epoll_event evs[N]` before `epoll_wait` fills it.
    fn default() -> epoll_event {
        epoll_event::new(0, 0)
    }
}

impl std::fmt::Debug for epoll_event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (events, data) = (self.0.events, self.0.u64);
        f.debug_struct("epoll_event")
            .field("events", &format_args!("{events:#x}"))
            .field("data", &data)
            .finish()
    }
}

// ---------------------------------------------------------------------
// Chapter 21 (multicasting): the values of the membership options.
// [ch21 block]
// ---------------------------------------------------------------------

use crate::addr::{in_addr, in6_addr};

/// `struct ip_mreq`—the value of `IP_ADD_MEMBERSHIP` and
/// `IP_DROP_MEMBERSHIP`: the IPv4 group, and the local address of the
/// interface to join it on (`INADDR_ANY`: the kernel picks, by the route).
///
/// ```
/// use socklab::*;
/// let mut mreq = ip_mreq::default();
/// inet_pton(AF_INET, "239.255.1.2", &mut mreq.imr_multiaddr)?;
/// mreq.imr_interface.s_addr = htonl(INADDR_ANY);
/// assert_eq!(mreq.imr_interface, in_addr::default()); // 0.0.0.0
/// // then: setsockopt(&recvfd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq)?
/// # Ok::<(), socklab::Error>(())
/// ```
#[allow(non_camel_case_types)] // the C name
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub struct ip_mreq {
    /// The group's address.
    pub imr_multiaddr: in_addr,
    /// The local interface's address.
    pub imr_interface: in_addr,
}

/// `struct ipv6_mreq`—the value of `IPV6_JOIN_GROUP` and
/// `IPV6_LEAVE_GROUP`: the IPv6 group and an interface index (0: the
/// kernel picks).
#[allow(non_camel_case_types)] // the C name
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub struct ipv6_mreq {
    /// The group's address.
    pub ipv6mr_multiaddr: in6_addr,
    /// The interface's index (`if_nametoindex`), or 0.
    pub ipv6mr_interface: libc::c_uint,
}

/// `struct group_req`—the value of `MCAST_JOIN_GROUP` and
/// `MCAST_LEAVE_GROUP`, the protocol-independent options (RFC 3678) that
/// the book's `mcast_join` uses: an interface index and the group as a
/// socket address of either family (`struct sockaddr_storage`). 136 bytes,
/// as in C. Built with [`group_req::new`].
#[allow(non_camel_case_types)] // the C name
#[derive(Clone, Copy)]
#[repr(C, align(8))]
pub struct group_req {
    /// The interface's index, or 0 (the kernel picks).
    pub gr_interface: u32,
    _pad: u32,
    /// `struct sockaddr_storage gr_group`, as bytes.
    pub(crate) gr_group: [u8; 128],
}

/// `struct group_source_req`—the value of the source-specific options
/// `MCAST_JOIN_SOURCE_GROUP`, `MCAST_LEAVE_SOURCE_GROUP`,
/// `MCAST_BLOCK_SOURCE`, `MCAST_UNBLOCK_SOURCE`: an interface index, the
/// group and the source. 264 bytes, as in C. Built with
/// [`group_source_req::new`].
#[allow(non_camel_case_types)] // the C name
#[derive(Clone, Copy)]
#[repr(C, align(8))]
pub struct group_source_req {
    /// The interface's index, or 0 (the kernel picks).
    pub gsr_interface: u32,
    _pad: u32,
    /// `struct sockaddr_storage gsr_group`, as bytes.
    pub(crate) gsr_group: [u8; 128],
    /// `struct sockaddr_storage gsr_source`, as bytes.
    pub(crate) gsr_source: [u8; 128],
}

impl group_req {
    /// `req.gr_interface = ifindex; memcpy(&req.gr_group, grp, grplen)`:
    /// `group` is the socket address's bytes (`sockaddr_bytes`).
    pub(crate) fn from_bytes(ifindex: u32, group: [u8; 128]) -> group_req {
        group_req {
            gr_interface: ifindex,
            _pad: 0,
            gr_group: group,
        }
    }
}

impl group_source_req {
    /// The C struct from its interface index and the two addresses' bytes.
    pub(crate) fn from_bytes(
        ifindex: u32,
        group: [u8; 128],
        source: [u8; 128],
    ) -> group_source_req {
        group_source_req {
            gsr_interface: ifindex,
            _pad: 0,
            gsr_group: group,
            gsr_source: source,
        }
    }
}

impl fmt::Debug for group_req {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "group_req {{ gr_interface: {}, .. }}", self.gr_interface)
    }
}

impl fmt::Debug for group_source_req {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "group_source_req {{ gsr_interface: {}, .. }}",
            self.gsr_interface
        )
    }
}

const _: () = assert!(std::mem::size_of::<ip_mreq>() == std::mem::size_of::<libc::ip_mreq>());
const _: () = assert!(std::mem::size_of::<ipv6_mreq>() == std::mem::size_of::<libc::ipv6_mreq>());
const _: () = assert!(std::mem::size_of::<group_req>() == std::mem::size_of::<libc::group_req>());
const _: () = assert!(
    std::mem::size_of::<group_source_req>() == std::mem::size_of::<libc::group_source_req>()
);
// Chapter 15: ancillary data, `struct cmsghdr` and the CMSG_* macros
// [ch15 block — keep together for merges]
// ---------------------------------------------------------------------

/// `struct ucred`—a process's credentials as Linux passes them: its
/// process id, user id and group id (`SO_PEERCRED`, `SCM_CREDENTIALS`).
///
/// The book's `struct cmcred` (`SCM_CREDS`) is FreeBSD's, with the
/// effective user id and the groups besides; Linux has this one.
///
/// ```
/// use socklab::*;
/// let me = ucred { pid: getpid(), uid: 0, gid: 0 };
/// assert!(me.pid > 0);
/// ```
///
/// # References
/// [unix(7)](https://man7.org/linux/man-pages/man7/unix.7.html)
pub use libc::ucred;

/// The size of `struct cmsghdr`'s fields before the data (16 on 64-bit
/// Linux: `size_t cmsg_len; int cmsg_level; int cmsg_type;`).
const CMSG_HDR: usize = size_of::<libc::cmsghdr>();

/// `CMSG_ALIGN(len)`—`len` rounded up to the alignment of control
/// messages (`sizeof(size_t)`: 8 on 64-bit Linux).
///
/// ```
/// use socklab::*;
/// assert_eq!(CMSG_ALIGN(4), size_of::<usize>());
/// ```
#[allow(non_snake_case)] // the C macro's name
pub const fn CMSG_ALIGN(len: usize) -> usize {
    let a = size_of::<usize>();
    (len + a - 1) & !(a - 1)
}

/// `CMSG_LEN(len)`—the `cmsg_len` of a control message carrying `len`
/// bytes of data: the header plus the data, without the trailing padding
/// (20 for one descriptor on 64-bit Linux).
///
/// ```
/// use socklab::*;
/// assert_eq!(CMSG_LEN(size_of::<c_int>()), CMSG_ALIGN(16) + 4); // 20 on 64-bit Linux
/// ```
#[allow(non_snake_case)]
pub const fn CMSG_LEN(len: usize) -> usize {
    CMSG_ALIGN(CMSG_HDR) + len
}

/// `CMSG_SPACE(len)`—the room a control message with `len` bytes of data
/// takes in `msg_control`, padding included: what to allocate (24 for
/// one descriptor on 64-bit Linux, 32 for a [`ucred`]).
///
/// ```
/// use socklab::*;
/// let room = vec![0u8; CMSG_SPACE(size_of::<c_int>())]; // one descriptor
/// assert_eq!(room.len(), CMSG_ALIGN(CMSG_LEN(4)));
/// ```
#[allow(non_snake_case)]
pub const fn CMSG_SPACE(len: usize) -> usize {
    CMSG_ALIGN(CMSG_HDR) + CMSG_ALIGN(len)
}

/// One control message of a `msg_control` buffer, as the bytes say:
/// `cmsg_len`, `cmsg_level`, `cmsg_type` and the data (cut to the bytes
/// the buffer holds).
pub(crate) struct CmsgRecord<'a> {
    pub(crate) cmsg_len: usize,
    pub(crate) cmsg_level: c_int,
    pub(crate) cmsg_type: c_int,
    pub(crate) data: &'a [u8],
}

/// The control messages of a `msg_control` buffer in order: C's
/// `CMSG_FIRSTHDR` / `CMSG_NXTHDR` loop, on bytes (no pointers). Stops at
/// the first header that does not fit or whose `cmsg_len` is shorter
/// than a header, as `CMSG_NXTHDR` does.
pub(crate) fn cmsg_records(buf: &[u8]) -> impl Iterator<Item = CmsgRecord<'_>> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let rest = buf.get(at..)?;
        if rest.len() < CMSG_HDR {
            return None;
        }
        let word = size_of::<usize>();
        let int = size_of::<c_int>();
        let cmsg_len = usize::from_ne_bytes(rest[..word].try_into().ok()?);
        let cmsg_level = c_int::from_ne_bytes(rest[word..word + int].try_into().ok()?);
        let cmsg_type = c_int::from_ne_bytes(rest[word + int..word + 2 * int].try_into().ok()?);
        if cmsg_len < CMSG_HDR {
            return None;
        }
        let end = cmsg_len.min(rest.len());
        let data = &rest[CMSG_ALIGN(CMSG_HDR).min(end)..end];
        // (a cmsg_len past the buffer ends the walk: no overflow to fear)
        at = at.saturating_add(CMSG_ALIGN(end));
        Some(CmsgRecord {
            cmsg_len,
            cmsg_level,
            cmsg_type,
            data,
        })
    })
}

/// Appends one control message to `buf`: the header (`cmsg_len =
/// CMSG_LEN(data.len())`), the data, zero padding up to
/// `CMSG_SPACE(data.len())` — what C does with `CMSG_FIRSTHDR`,
/// `CMSG_DATA` and `memcpy`.
pub(crate) fn cmsg_push(buf: &mut Vec<u8>, cmsg_level: c_int, cmsg_type: c_int, data: &[u8]) {
    let start = buf.len();
    buf.extend_from_slice(&CMSG_LEN(data.len()).to_ne_bytes());
    buf.extend_from_slice(&cmsg_level.to_ne_bytes());
    buf.extend_from_slice(&cmsg_type.to_ne_bytes());
    buf.resize(start + CMSG_ALIGN(CMSG_HDR), 0);
    buf.extend_from_slice(data);
    buf.resize(start + CMSG_SPACE(data.len()), 0);
}

/// A [`ucred`] as the bytes of `SCM_CREDENTIALS` data (pid, uid, gid).
pub(crate) fn ucred_bytes(cred: &ucred) -> [u8; 12] {
    let mut out = [0u8; 12];
    out[..4].copy_from_slice(&cred.pid.to_ne_bytes());
    out[4..8].copy_from_slice(&cred.uid.to_ne_bytes());
    out[8..].copy_from_slice(&cred.gid.to_ne_bytes());
    out
}

/// The bytes of `SCM_CREDENTIALS` data as a [`ucred`] (None: too short).
pub(crate) fn ucred_from(data: &[u8]) -> Option<ucred> {
    Some(ucred {
        pid: i32::from_ne_bytes(data.get(..4)?.try_into().ok()?),
        uid: u32::from_ne_bytes(data.get(4..8)?.try_into().ok()?),
        gid: u32::from_ne_bytes(data.get(8..12)?.try_into().ok()?),
    })
}

/// The descriptor numbers of `SCM_RIGHTS` data (whole ints only).
pub(crate) fn fds_from(data: &[u8]) -> impl Iterator<Item = RawFd> + '_ {
    data.chunks_exact(size_of::<c_int>())
        .filter_map(|c| Some(c_int::from_ne_bytes(c.try_into().ok()?)))
}
