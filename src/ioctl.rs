//! `<sys/ioctl.h>` — [`ioctl`]: device- and socket-specific requests.
//!
//! C's `ioctl(fd, request, arg)` takes a pointer whose type depends on the
//! request; socklab gives each kind of argument its own wrapper, all
//! making the one ioctl(2) system call (UNP chapter 17, and §14.7's
//! `FIONREAD`):
//!
//! | C | socklab | requests |
//! |---|---|---|
//! | `ioctl(fd, FIONREAD, &n)` | `n = ioctl(&fd, FIONREAD)?` | `FIONREAD`, `SIOCATMARK` |
//! | `ioctl(fd, FIONBIO, &on)` | `ioctl_int(&fd, FIONBIO, on)?` | `FIONBIO`, `FIOASYNC` |
//! | `ioctl(fd, SIOCGIFFLAGS, &ifr)` | `ioctl_ifreq(&fd, SIOCGIFFLAGS, &mut ifr)?` | `SIOCGIFFLAGS`, `SIOCGIFMTU`, `SIOCGIFADDR`, `SIOCGIFBRDADDR`, `SIOCGIFDSTADDR`, `SIOCGIFNETMASK`, `SIOCGIFHWADDR`, `SIOCGIFINDEX` |
//! | `ioctl(fd, SIOCGIFCONF, &ifc)` | `ioctl_ifconf(&fd, &mut ifc)?` | `SIOCGIFCONF` |
//! | `ioctl(fd, SIOCGARP, &arpreq)` | `ioctl_arpreq(&fd, SIOCGARP, &mut arpreq)?` | `SIOCGARP` |
//!
//! A request given to the wrong wrapper is an argument error, before any
//! system call: the kernel would read or write the wrong type of memory.

use std::os::fd::AsFd;

use libc::c_int;

use crate::error::{Error, Result};
use crate::sys;
use crate::trace::calls;
use crate::types::{arpreq, ifconf, ifreq};

/// `FIONREAD`—[`ioctl`]'s request "how many bytes are waiting to be read".
pub const FIONREAD: c_int = libc::FIONREAD as c_int;

// ---------------------------------------------------------------------
// Chapter 17 (ioctl) [ch17 block — keep together for merges]
// ---------------------------------------------------------------------

/// `SIOCATMARK`—[`ioctl`]'s request "is the read pointer at the
/// out-of-band mark?" (1 or 0; UNP §17.3, chapter 24's `sockatmark`).
pub use crate::types::SIOCATMARK;
/// `SIOCGIFCONF`—the list of interfaces with an IPv4 address
/// ([`ioctl_ifconf`]).
pub const SIOCGIFCONF: c_int = libc::SIOCGIFCONF as c_int;
/// `SIOCGIFFLAGS`—an interface's flags, [`ifreq::ifr_flags`].
pub const SIOCGIFFLAGS: c_int = libc::SIOCGIFFLAGS as c_int;
/// `SIOCGIFMTU`—an interface's MTU, [`ifreq::ifr_mtu`].
pub const SIOCGIFMTU: c_int = libc::SIOCGIFMTU as c_int;
/// `SIOCGIFADDR`—an interface's (first) IPv4 address, [`ifreq::ifr_addr`].
pub const SIOCGIFADDR: c_int = libc::SIOCGIFADDR as c_int;
/// `SIOCGIFBRDADDR`—the broadcast address, [`ifreq::ifr_broadaddr`].
pub const SIOCGIFBRDADDR: c_int = libc::SIOCGIFBRDADDR as c_int;
/// `SIOCGIFDSTADDR`—the point-to-point peer, [`ifreq::ifr_dstaddr`].
pub const SIOCGIFDSTADDR: c_int = libc::SIOCGIFDSTADDR as c_int;
/// `SIOCGIFNETMASK`—the netmask, [`ifreq::ifr_netmask`].
pub const SIOCGIFNETMASK: c_int = libc::SIOCGIFNETMASK as c_int;
/// `SIOCGIFHWADDR`—the hardware address (Linux; BSD has `AF_LINK`
/// entries in `SIOCGIFCONF` instead), [`ifreq::ifr_hwaddr`].
pub const SIOCGIFHWADDR: c_int = libc::SIOCGIFHWADDR as c_int;
/// `SIOCGIFINDEX`—the interface's index, [`ifreq::ifr_ifindex`].
pub const SIOCGIFINDEX: c_int = libc::SIOCGIFINDEX as c_int;
/// `SIOCGARP`—an ARP cache entry ([`ioctl_arpreq`]).
pub const SIOCGARP: c_int = libc::SIOCGARP as c_int;

/// `IFF_UP`—the interface is up.
pub const IFF_UP: libc::c_short = libc::IFF_UP as libc::c_short;
/// `IFF_BROADCAST`—it has a broadcast address.
pub const IFF_BROADCAST: libc::c_short = libc::IFF_BROADCAST as libc::c_short;
/// `IFF_LOOPBACK`—it is the loopback interface.
pub const IFF_LOOPBACK: libc::c_short = libc::IFF_LOOPBACK as libc::c_short;
/// `IFF_POINTOPOINT`—a point-to-point link (it has a destination address).
pub const IFF_POINTOPOINT: libc::c_short = libc::IFF_POINTOPOINT as libc::c_short;
/// `IFF_RUNNING`—resources allocated (the link is operational).
pub const IFF_RUNNING: libc::c_short = libc::IFF_RUNNING as libc::c_short;
/// `IFF_MULTICAST`—it supports multicast.
pub const IFF_MULTICAST: libc::c_short = libc::IFF_MULTICAST as libc::c_short;
/// `ATF_COM`—[`arpreq::arp_flags`]: the entry is complete (has a
/// hardware address).
pub const ATF_COM: c_int = libc::ATF_COM;

/// `ioctl(fd, FIONREAD, &n)`—the requests that hand back one `int`:
/// `FIONREAD` returns the number of bytes waiting in the receive buffer of
/// `fd` (on a UDP socket: the size of the first queued datagram) without
/// reading them (UNP §14.7); [`SIOCATMARK`] returns 1 when the read
/// pointer is at the out-of-band mark, else 0 (§17.3). The value C writes
/// through its third argument is returned.
///
/// One ioctl(2) system call; strace shows `ioctl(3, FIONREAD, [5]) = 0`.
///
/// # Errors
/// `ENOTTY` (a descriptor without this request, such as `SIOCATMARK` on a
/// UDP socket or a pipe), `EBADF`; any other `request` is an argument
/// error (no system call).
///
/// ```
/// use socklab::*;
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// write(&a, b"hello")?;
/// assert_eq!(ioctl(&b, FIONREAD)?, 5);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(ioctl(2))]
pub fn ioctl(fd: impl AsFd, request: c_int) -> Result<c_int> {
    if request != FIONREAD && request != SIOCATMARK {
        return Err(Error::invalid(
            "ioctl",
            format!("request {request:#x} does not hand back an int (FIONREAD, SIOCATMARK)"),
        ));
    }
    let fd = fd.as_fd();
    let res = sys::ioctl_int_out(fd, request);
    calls::ioctl_int_out(fd, request, &res);
    res
}

/// The requests [`ioctl_ifreq`] takes.
const IFREQ_REQUESTS: [c_int; 8] = [
    SIOCGIFFLAGS,
    SIOCGIFMTU,
    SIOCGIFADDR,
    SIOCGIFBRDADDR,
    SIOCGIFDSTADDR,
    SIOCGIFNETMASK,
    SIOCGIFHWADDR,
    SIOCGIFINDEX,
];

/// `ioctl(fd, SIOCGIFFLAGS, &ifr)`—asks about the interface named in
/// `ifr.ifr_name`; the kernel fills the member the request names (UNP
/// §17.5): flags, MTU, address, broadcast address, destination address,
/// netmask, hardware address or index. Any socket will do as `fd` (the
/// book uses a UDP socket).
///
/// One ioctl(2) system call; strace shows
/// `ioctl(3, SIOCGIFFLAGS, {ifr_name="lo", ifr_flags=IFF_UP|IFF_LOOPBACK|IFF_RUNNING}) = 0`.
///
/// # Errors
/// `ENODEV` (no interface of that name), `EADDRNOTAVAIL` (it has no IPv4
/// address, for `SIOCGIFADDR`…); a request that takes no `ifreq` is an
/// argument error.
///
/// ```
/// use socklab::*;
/// let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
/// let mut ifr = ifreq::new("lo")?;
/// ioctl_ifreq(&sockfd, SIOCGIFFLAGS, &mut ifr)?;
/// assert!(ifr.ifr_flags() & IFF_LOOPBACK != 0);
/// ioctl_ifreq(&sockfd, SIOCGIFINDEX, &mut ifr)?;
/// assert_eq!(ifr.ifr_ifindex() as u32, if_nametoindex("lo")?);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc(alias = "ioctl")]
#[doc = man_links!(ioctl(2))]
pub fn ioctl_ifreq(fd: impl AsFd, request: c_int, ifr: &mut ifreq) -> Result<()> {
    if !IFREQ_REQUESTS.contains(&request) {
        return Err(Error::invalid(
            "ioctl",
            format!("request {request:#x} takes no struct ifreq (SIOCGIF*)"),
        ));
    }
    let fd = fd.as_fd();
    let res = sys::ioctl_ifreq(fd, request, ifr);
    calls::ioctl_ifreq(fd, request, ifr, &res);
    res
}

/// `ioctl(fd, SIOCGIFCONF, &ifc)`—fills `ifc`'s buffer with one
/// [`ifreq`] (name and address) per IPv4 address of the host's
/// interfaces and lowers `ifc.ifc_len` to the bytes it filled (UNP
/// §17.6). A buffer too small is *not* an error on Linux: the list is cut,
/// which is why the book's `get_ifi_info` calls it again with a bigger
/// buffer until the length stops changing. Linux lists IPv4 addresses
/// only; [`getifaddrs`](crate::net_if::getifaddrs) has the others.
///
/// One ioctl(2) system call; strace shows
/// `ioctl(3, SIOCGIFCONF, {ifc_len=4000 /* 100 * sizeof(struct ifreq) */ => 40 /* 1 * sizeof(struct ifreq) */, ifc_buf=[{ifr_name="lo", ifr_addr={…}}]}) = 0`.
///
/// # Errors
/// `EBADF`, `EFAULT`.
///
/// ```
/// use socklab::*;
/// let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
/// let mut ifc = ifconf::with_capacity(100);
/// ioctl_ifconf(&sockfd, &mut ifc)?;
/// for ifr in ifc.ifc_req() {
///     println!("{} {}", ifr.name(), sock_ntop_host(&ifr.ifr_addr()));
/// }
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc(alias = "ioctl")]
#[doc(alias = "SIOCGIFCONF")]
#[doc = man_links!(ioctl(2))]
pub fn ioctl_ifconf(fd: impl AsFd, ifc: &mut ifconf) -> Result<()> {
    let fd = fd.as_fd();
    let len_in = ifc.ifc_len;
    let res = sys::ioctl_ifconf(fd, ifc);
    calls::ioctl_ifconf(fd, len_in, ifc, &res);
    res
}

/// `ioctl(fd, SIOCGARP, &arpreq)`—looks the IPv4 address in
/// `arpreq.arp_pa` up in the ARP cache; the hardware address comes back in
/// [`arpreq::arp_ha`] (UNP §17.8).
///
/// One ioctl(2) system call; strace shows `ioctl(3, SIOCGARP, 0x7ffe…)`
/// (it does not decode the struct).
///
/// # Errors
/// `ENXIO` (no entry for that address), `ENODEV` (no interface leads
/// there — on Linux, also the host's own addresses, which are never in
/// its ARP cache); a request other than `SIOCGARP` is an argument error.
///
/// ```
/// use socklab::*;
/// let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
/// let mut req = arpreq::new(&sockaddr_in::new(INADDR_LOOPBACK, 0));
/// let err = ioctl_arpreq(&sockfd, SIOCGARP, &mut req).unwrap_err();
/// assert!(err.errno().is_some());  // loopback has no ARP
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc(alias = "ioctl")]
#[doc = man_links!(ioctl(2))]
pub fn ioctl_arpreq(fd: impl AsFd, request: c_int, req: &mut arpreq) -> Result<()> {
    if request != SIOCGARP {
        return Err(Error::invalid(
            "ioctl",
            format!("request {request:#x} takes no struct arpreq (SIOCGARP)"),
        ));
    }
    let fd = fd.as_fd();
    let res = sys::ioctl_arpreq(fd, request, req);
    calls::ioctl_arpreq(fd, request, req, &res);
    res
}

// ---------------------------------------------------------------------
// Chapters 24-25 [ch24/ch25 block — keep together for merges]:
// FIOASYNC and FIONBIO, the two requests whose argument the kernel reads.
// ---------------------------------------------------------------------

/// `FIOASYNC`—[`ioctl_int`]'s request "signal-driven I/O on (1) or off
/// (0)": the kernel sends SIGIO to the socket's owner (`fcntl(F_SETOWN)`)
/// when I/O becomes possible. The same flag as `fcntl`'s `O_ASYNC`
/// (POSIX's way, `fcntl(fd, F_SETFL, flags | O_ASYNC)`); UNP §25.3 uses
/// this ioctl.
pub const FIOASYNC: c_int = libc::FIOASYNC as c_int;
/// `FIONBIO`—[`ioctl_int`]'s request "nonblocking I/O on (1) or off (0)":
/// the same flag as `fcntl`'s `O_NONBLOCK`, set in one call instead of
/// F_GETFL + F_SETFL.
pub const FIONBIO: c_int = libc::FIONBIO as c_int;

/// `ioctl(fd, request, &arg)`—the requests whose third argument is a
/// pointer to an `int` the kernel *reads*: [`FIOASYNC`] and [`FIONBIO`]
/// (`arg` 1: on, 0: off). UNP §25.3 turns on signal-driven and
/// nonblocking I/O for its UDP socket this way:
///
/// ```
/// use socklab::*;
/// let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
/// let on: c_int = 1;
/// fcntl(&sockfd, F_SETOWN, getpid())?;   // SIGIO comes to this process
/// ioctl_int(&sockfd, FIOASYNC, on)?;     // ioctl(3, FIOASYNC, [1]) = 0
/// ioctl_int(&sockfd, FIONBIO, on)?;      // ioctl(3, FIONBIO, [1]) = 0
/// assert!(fcntl(&sockfd, F_GETFL, 0)? & (O_ASYNC | O_NONBLOCK) == O_ASYNC | O_NONBLOCK);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// One ioctl(2) system call; strace shows `ioctl(3, FIOASYNC, [1]) = 0`.
///
/// # Errors
/// `EBADF`, `ENOTTY` (a descriptor without this request); any other
/// `request` is an argument error (no system call).
///
#[doc = man_links!(ioctl(2))]
pub fn ioctl_int(fd: impl AsFd, request: c_int, arg: c_int) -> Result<()> {
    let name = match request {
        FIOASYNC => "FIOASYNC",
        FIONBIO => "FIONBIO",
        _ => {
            return Err(Error::invalid(
                "ioctl",
                format!("request {request:#x} takes no int argument here (FIOASYNC, FIONBIO)"),
            ));
        }
    };
    let fd = fd.as_fd();
    let res = sys::ioctl_int(fd, request as libc::Ioctl, &arg);
    calls::ioctl_int(fd, name, arg, &res);
    res.map(drop)
}
