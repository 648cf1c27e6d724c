//! `<net/if.h>`, `<ifaddrs.h>` — interface names, indexes and addresses
//! (UNP §17.6–17.7): [`if_nametoindex`], [`if_indextoname`],
//! [`if_nameindex()`] and [`getifaddrs`].
//!
//! These are C library functions, not system calls: they talk to the
//! kernel themselves (`if_nametoindex` opens a socket and makes
//! `ioctl(SIOCGIFINDEX)`; `getifaddrs` asks over netlink), so trace mode
//! prints nothing for them; strace shows the calls they make.
//!
//! Why [`getifaddrs`] as well as `SIOCGIFCONF`: on Linux `SIOCGIFCONF`
//! lists IPv4 addresses only (one entry per address, none for an
//! interface without one), and has no hardware addresses; `getifaddrs`
//! returns every family, IPv6 included. The book's `get_ifi_info`
//! ([`crate::unp::get_ifi_info`]) uses the ioctls for IPv4, as the book
//! does, and `getifaddrs` for IPv6.

use libc::c_uint;

use crate::error::Result;
use crate::sys;
pub use crate::types::{IFNAMSIZ, if_nameindex, ifaddrs};

/// `if_nametoindex(name)`—the index of the interface `name` (`lo` is 1).
///
/// # Errors
/// `ENODEV` when there is no such interface (C returns 0 and sets errno;
/// here it is an error); a name with a NUL byte is an argument error.
///
/// ```
/// use socklab::*;
/// let i = if_nametoindex("lo")?;
/// assert_eq!(if_indextoname(i)?, "lo");
/// assert_eq!(if_nametoindex("nosuch0").unwrap_err().errno(), Some(Errno::ENODEV));
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(if_nametoindex(3))]
pub fn if_nametoindex(name: &str) -> Result<c_uint> {
    let c = sys::cstring("if_nametoindex", name)?;
    sys::if_nametoindex(&c)
}

/// `if_indextoname(index, buf)`—the name of the interface with this
/// index.
///
/// # Errors
/// `ENXIO` when no interface has this index.
///
#[doc = man_links!(if_indextoname(3))]
pub fn if_indextoname(index: c_uint) -> Result<String> {
    sys::if_indextoname(index)
}

/// `if_nameindex()`—every interface, index and name, in index order. The
/// C array is copied out and freed (`if_freenameindex`) before this
/// returns: the `Vec` owns everything.
///
/// ```
/// use socklab::*;
/// let all = if_nameindex()?;
/// assert!(all.iter().any(|i| i.if_name == "lo"));
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(if_nameindex(3))]
pub fn if_nameindex() -> Result<Vec<if_nameindex>> {
    sys::if_nameindex()
}

/// `getifaddrs(&ifap)`—every address of every interface: IPv4, IPv6, and
/// one `AF_PACKET` entry per interface (its link level). The C list is
/// copied out and freed (`freeifaddrs`) before this returns, on every
/// path: the `Vec` owns everything.
///
/// # Errors
/// `ENOMEM`, or the errors of the netlink socket it uses.
///
/// ```
/// use socklab::*;
/// let all = getifaddrs()?;
/// assert!(all.iter().any(|a| a.ifa_name == "lo"
///     && a.ifa_addr.as_ref().is_some_and(|s| s.family() == AF_INET)));
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(getifaddrs(3))]
pub fn getifaddrs() -> Result<Vec<ifaddrs>> {
    sys::getifaddrs()
}
