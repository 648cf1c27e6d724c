//! The one home of `unsafe`: every call into the C library, and the
//! conversions between Rust address types and C's `struct sockaddr`.
//!
//! Each function here makes exactly one C library call — the one its name
//! says, with the arguments a C program would pass — and turns C's `-1`
//! into an [`Error`] with [`cvt`]. Nothing here retries, adds flags or
//! makes a second call: the modules above rely on that for C fidelity.
//! Tracing is not done here either; the public wrappers do it, so that this
//! file stays a plain list of C calls.
#![allow(unsafe_code)]

use std::ffi::{CStr, CString};
use std::mem::{size_of, zeroed};
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};

use libc::{c_int, c_void, pid_t, sockaddr, sockaddr_storage, socklen_t};

use crate::addr::{
    SUN_PATH_OFFSET, SockAddr, in_addr, in6_addr, sockaddr_in, sockaddr_in6, sockaddr_un,
};
use crate::error::{Errno, Error, Result};
use crate::types::{fd_set, pollfd};

pub(crate) mod bench;

use self::sealed::SealedAddr as _;

/// The one return-value converter: C's `-1` (with `errno`) becomes an
/// [`Error`] naming `call`; anything else is the call's result.
pub(crate) fn cvt<T: Default + PartialOrd>(call: &'static str, ret: T) -> Result<T> {
    if ret < T::default() {
        Err(Error::sys(call, Errno::last()))
    } else {
        Ok(ret)
    }
}

/// `strerror_r(errno, buf, len)`—the C library's text for `errno`
/// (`Resource temporarily unavailable`), the text perror(3) and strace
/// print. nix's own texts differ for several errnos ("Try again" for
/// EAGAIN), so socklab asks the C library. Writes into the caller's stack
/// buffer: no allocation, so trace lines can use it in a signal handler.
pub(crate) fn strerror(errno: Errno, buf: &mut [u8; 128]) -> &str {
    // SAFETY: buf is writable for the length we pass; the XSI strerror_r
    // (the one the libc crate binds) NUL-terminates it on success.
    let ret = unsafe { libc::strerror_r(errno as c_int, buf.as_mut_ptr().cast(), buf.len()) };
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    match std::str::from_utf8(&buf[..end]) {
        Ok(text) if ret == 0 && !text.is_empty() => text,
        _ => errno.desc(),
    }
}

/// Like [`cvt`] for the calls that return a byte count (`ssize_t`).
/// `#[inline]` (here and on `read`/`write`) lets the compiler build the
/// whole wrapper into the calling program, as it does the bare C call.
#[inline]
fn cvt_len(call: &'static str, ret: isize) -> Result<usize> {
    cvt(call, ret).map(|n| n as usize)
}

/// Takes ownership of a descriptor a successful C call just returned (or
/// that an `Fd` gave up with `into_raw_fd`, for `OwnedFd::from(fd)`).
pub(crate) fn owned(fd: RawFd) -> OwnedFd {
    // SAFETY: `fd` was just returned by a successful socket()/accept()/dup()
    // call (or received in SCM_RIGHTS data by a successful recvmsg, taken
    // once by socket::take_cmsgs), or given up by its one owner, so it is
    // open and nothing else in this process owns it.
    unsafe { OwnedFd::from_raw_fd(fd) }
}

// ---------------------------------------------------------------------
// Addresses: struct sockaddr_storage <-> SockAddr
// ---------------------------------------------------------------------

/// A C socket address as the kernel reads and writes it: a
/// `sockaddr_storage` big enough for any family, and the length in use.
pub struct RawAddr {
    storage: sockaddr_storage,
    len: socklen_t,
    /// What the call was told the buffer holds: the `16` of strace's
    /// `[16]`, the `128` of `[128 => 16]`.
    cap: socklen_t,
}

/// `sizeof(struct sockaddr_storage)`: what accept(), recvfrom() and
/// get*name() are told the buffer holds (strace shows `[128 => 16]`).
pub(crate) const STORAGE_LEN: socklen_t = size_of::<sockaddr_storage>() as socklen_t;

impl RawAddr {
    /// An empty buffer for the kernel to fill (value-result `addrlen`),
    /// as big as a `sockaddr_storage`.
    pub(crate) fn empty() -> RawAddr {
        RawAddr::with_cap(STORAGE_LEN)
    }

    /// An empty buffer the kernel is told holds `cap` bytes: C's
    /// `len = sizeof(cliaddr)` for the address type the caller chose.
    pub(crate) fn with_cap(cap: socklen_t) -> RawAddr {
        // SAFETY: sockaddr_storage is plain old data; all-zero is valid.
        let storage = unsafe { zeroed() };
        RawAddr {
            storage,
            len: cap.min(STORAGE_LEN),
            cap: cap.min(STORAGE_LEN),
        }
    }

    /// Copies a C address of type `T` into the storage.
    fn from_c<T>(addr: &T, len: socklen_t) -> RawAddr {
        let mut raw = RawAddr::empty();
        const { assert!(size_of::<T>() <= size_of::<sockaddr_storage>()) };
        // SAFETY: T is one of the libc sockaddr_* types, all no bigger than
        // sockaddr_storage, which is designed to hold any of them.
        unsafe { std::ptr::write((&raw mut raw.storage).cast::<T>(), std::ptr::read(addr)) };
        raw.len = len;
        raw
    }

    /// Builds the C form of any socklab address.
    pub(crate) fn new(addr: &SockAddr) -> RawAddr {
        match addr {
            SockAddr::Inet(a) => RawAddr::from_c(&to_c_in(a), size_of::<libc::sockaddr_in>() as _),
            SockAddr::Inet6(a) => {
                RawAddr::from_c(&to_c_in6(a), size_of::<libc::sockaddr_in6>() as _)
            }
            SockAddr::Unix(a) => {
                let (c, len) = to_c_un(a);
                RawAddr::from_c(&c, len)
            }
            SockAddr::Other { family } => {
                let mut raw = RawAddr::empty();
                raw.storage.ss_family = *family as libc::sa_family_t;
                raw.len = size_of::<libc::sa_family_t>() as socklen_t;
                raw
            }
        }
    }

    /// The pointer and length a C call takes.
    pub(crate) fn as_ptr(&self) -> (*const sockaddr, socklen_t) {
        ((&raw const self.storage).cast(), self.len)
    }

    /// The pointer and value-result length a C call fills in.
    fn as_mut_ptr(&mut self) -> (*mut sockaddr, *mut socklen_t) {
        ((&raw mut self.storage).cast(), &raw mut self.len)
    }

    /// The length the kernel reported (the `16` of `[128 => 16]`).
    pub(crate) fn len(&self) -> socklen_t {
        self.len
    }

    /// The length the call was told the buffer holds (the `128` of
    /// `[128 => 16]`).
    pub(crate) fn cap(&self) -> socklen_t {
        self.cap
    }

    /// The buffer read as the C struct `T`, whatever family the kernel
    /// wrote: what a C program sees in its `struct sockaddr_in cliaddr`.
    fn read_as<T>(&self) -> T {
        const { assert!(size_of::<T>() <= size_of::<sockaddr_storage>()) };
        // SAFETY: T is one of the libc sockaddr_* types (plain old data,
        // all-zero valid), no bigger than sockaddr_storage, which is aligned
        // for any of them; the storage is always fully initialised.
        unsafe { std::ptr::read((&raw const self.storage).cast::<T>()) }
    }

    /// Reads the filled-in storage back as a socklab address.
    pub(crate) fn to_sockaddr(&self) -> SockAddr {
        match c_int::from(self.storage.ss_family) {
            libc::AF_INET => SockAddr::Inet(sockaddr_in::from_raw(self)),
            libc::AF_INET6 => SockAddr::Inet6(sockaddr_in6::from_raw(self)),
            libc::AF_UNIX => SockAddr::Unix(sockaddr_un::from_raw(self)),
            family => SockAddr::Other { family },
        }
    }
}

/// The address types a call can fill in through C's value-result
/// `(struct sockaddr *) &addr, &addrlen` arguments: [`sockaddr_in`],
/// [`sockaddr_in6`], [`sockaddr_un`]. The call is told the size of that
/// type's C struct (`sizeof(struct sockaddr_in)`, 16), so strace shows
/// `[16]` as for the book's chapter 1–8 programs. Sealed: only these types.
///
/// ```
/// use socklab::*;
/// let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
/// bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
/// let mut servaddr = sockaddr_in::default();
/// getsockname_into(&listenfd, &mut servaddr)?; // getsockname(3, {…}, [16]) = 0
/// assert_ne!(servaddr.port(), 0);
/// # Ok::<(), socklab::Error>(())
/// ```
pub trait SockAddrOut: sealed::SealedAddr {}
impl SockAddrOut for sockaddr_in {}
impl SockAddrOut for sockaddr_in6 {}
impl SockAddrOut for sockaddr_un {}

impl sealed::SealedAddr for sockaddr_in {
    const C_LEN: socklen_t = size_of::<libc::sockaddr_in>() as socklen_t;
    fn from_raw(raw: &RawAddr) -> Self {
        from_c_in(&raw.read_as())
    }
}

impl sealed::SealedAddr for sockaddr_in6 {
    const C_LEN: socklen_t = size_of::<libc::sockaddr_in6>() as socklen_t;
    fn from_raw(raw: &RawAddr) -> Self {
        from_c_in6(&raw.read_as())
    }
}

impl sealed::SealedAddr for sockaddr_un {
    const C_LEN: socklen_t = size_of::<libc::sockaddr_un>() as socklen_t;
    fn from_raw(raw: &RawAddr) -> Self {
        from_c_un(&raw.read_as(), raw.len())
    }
}

fn to_c_in(a: &sockaddr_in) -> libc::sockaddr_in {
    // SAFETY: sockaddr_in is plain old data; zeroing it is C's memset/bzero.
    let mut c: libc::sockaddr_in = unsafe { zeroed() };
    c.sin_family = a.sin_family as libc::sa_family_t;
    c.sin_port = a.sin_port; // already in network byte order: see htons()
    c.sin_addr.s_addr = a.sin_addr.s_addr;
    c
}

fn from_c_in(c: &libc::sockaddr_in) -> sockaddr_in {
    sockaddr_in {
        sin_family: c_int::from(c.sin_family),
        sin_port: c.sin_port,
        sin_addr: in_addr {
            s_addr: c.sin_addr.s_addr,
        },
    }
}

fn to_c_in6(a: &sockaddr_in6) -> libc::sockaddr_in6 {
    // SAFETY: sockaddr_in6 is plain old data; zeroing it is C's memset.
    let mut c: libc::sockaddr_in6 = unsafe { zeroed() };
    c.sin6_family = a.sin6_family as libc::sa_family_t;
    c.sin6_port = a.sin6_port;
    c.sin6_flowinfo = a.sin6_flowinfo;
    c.sin6_addr.s6_addr = a.sin6_addr.s6_addr;
    c.sin6_scope_id = a.sin6_scope_id;
    c
}

fn from_c_in6(c: &libc::sockaddr_in6) -> sockaddr_in6 {
    sockaddr_in6 {
        sin6_family: c_int::from(c.sin6_family),
        sin6_port: c.sin6_port,
        sin6_flowinfo: c.sin6_flowinfo,
        sin6_addr: in6_addr {
            s6_addr: c.sin6_addr.s6_addr,
        },
        sin6_scope_id: c.sin6_scope_id,
    }
}

/// The C form of an AF_UNIX address and the length to pass with it.
///
/// A path name is passed with `sizeof(struct sockaddr_un)` (110 on Linux),
/// as C programs write `bind(fd, &addr, sizeof(addr))`. An abstract name must
/// be passed with its exact length, because every byte up to that length,
/// zeros included, is part of the name.
fn to_c_un(a: &sockaddr_un) -> (libc::sockaddr_un, socklen_t) {
    // SAFETY: sockaddr_un is plain old data; zeroing it is C's memset.
    let mut c: libc::sockaddr_un = unsafe { zeroed() };
    c.sun_family = libc::AF_UNIX as libc::sa_family_t;
    let (bytes, abstract_name) = a.raw_path();
    let start = usize::from(abstract_name); // abstract names start with a NUL byte
    // sockaddr_un::new already refused names that do not fit.
    for (dst, src) in c.sun_path[start..].iter_mut().zip(bytes) {
        *dst = *src as libc::c_char;
    }
    let len = if abstract_name {
        SUN_PATH_OFFSET + 1 + bytes.len()
    } else if bytes.is_empty() {
        SUN_PATH_OFFSET // unnamed: only the family
    } else {
        size_of::<libc::sockaddr_un>()
    };
    (c, len as socklen_t)
}

fn from_c_un(c: &libc::sockaddr_un, len: socklen_t) -> sockaddr_un {
    let len = (len as usize)
        .saturating_sub(SUN_PATH_OFFSET)
        .min(c.sun_path.len());
    let bytes: Vec<u8> = c.sun_path[..len].iter().map(|&b| b as u8).collect();
    sockaddr_un::from_kernel(&bytes)
}

// ---------------------------------------------------------------------
// <sys/socket.h>
// ---------------------------------------------------------------------

pub(crate) fn socket(domain: c_int, ty: c_int, protocol: c_int) -> Result<OwnedFd> {
    // SAFETY: socket() takes three integers and touches no memory of ours.
    let fd = cvt("socket", unsafe { libc::socket(domain, ty, protocol) })?;
    Ok(owned(fd))
}

pub(crate) fn socketpair(domain: c_int, ty: c_int, protocol: c_int) -> Result<(OwnedFd, OwnedFd)> {
    let mut sv: [c_int; 2] = [-1, -1];
    // SAFETY: sv is a writable array of two ints, as socketpair() requires.
    cvt("socketpair", unsafe {
        libc::socketpair(domain, ty, protocol, sv.as_mut_ptr())
    })?;
    Ok((owned(sv[0]), owned(sv[1])))
}

pub(crate) fn bind(fd: BorrowedFd, addr: &RawAddr) -> Result<()> {
    let (ptr, len) = addr.as_ptr();
    // SAFETY: ptr/len describe a live, initialised sockaddr_storage.
    cvt("bind", unsafe { libc::bind(fd.as_raw_fd(), ptr, len) }).map(drop)
}

pub(crate) fn listen(fd: BorrowedFd, backlog: c_int) -> Result<()> {
    // SAFETY: listen() takes two integers.
    cvt("listen", unsafe { libc::listen(fd.as_raw_fd(), backlog) }).map(drop)
}

pub(crate) fn accept(fd: BorrowedFd, mut addr: RawAddr) -> Result<(OwnedFd, RawAddr)> {
    let (ptr, len) = addr.as_mut_ptr();
    // SAFETY: ptr/len point into `addr`, which outlives the call; len holds
    // the storage's size, as accept()'s value-result argument requires.
    let new = cvt("accept", unsafe { libc::accept(fd.as_raw_fd(), ptr, len) })?;
    Ok((owned(new), addr))
}

/// `accept(fd, NULL, NULL)`: the caller does not want the address.
pub(crate) fn accept_null(fd: BorrowedFd) -> Result<OwnedFd> {
    // SAFETY: NULL address and length are allowed: the kernel then writes none.
    let new = cvt("accept", unsafe {
        libc::accept(fd.as_raw_fd(), std::ptr::null_mut(), std::ptr::null_mut())
    })?;
    Ok(owned(new))
}

pub(crate) fn connect(fd: BorrowedFd, addr: &RawAddr) -> Result<()> {
    let (ptr, len) = addr.as_ptr();
    // SAFETY: ptr/len describe a live, initialised sockaddr_storage.
    cvt("connect", unsafe {
        libc::connect(fd.as_raw_fd(), ptr, len)
    })
    .map(drop)
}

pub(crate) fn shutdown(fd: BorrowedFd, how: c_int) -> Result<()> {
    // SAFETY: shutdown() takes two integers.
    cvt("shutdown", unsafe { libc::shutdown(fd.as_raw_fd(), how) }).map(drop)
}

pub(crate) fn getsockname(fd: BorrowedFd, mut addr: RawAddr) -> Result<RawAddr> {
    let (ptr, len) = addr.as_mut_ptr();
    // SAFETY: ptr/len point into `addr`, which outlives the call.
    cvt("getsockname", unsafe {
        libc::getsockname(fd.as_raw_fd(), ptr, len)
    })?;
    Ok(addr)
}

pub(crate) fn getpeername(fd: BorrowedFd, mut addr: RawAddr) -> Result<RawAddr> {
    let (ptr, len) = addr.as_mut_ptr();
    // SAFETY: ptr/len point into `addr`, which outlives the call.
    cvt("getpeername", unsafe {
        libc::getpeername(fd.as_raw_fd(), ptr, len)
    })?;
    Ok(addr)
}

pub(crate) fn send(fd: BorrowedFd, buf: &[u8], flags: c_int) -> Result<usize> {
    // SAFETY: buf is a live slice; send() reads at most buf.len() bytes.
    cvt_len("send", unsafe {
        libc::send(fd.as_raw_fd(), buf.as_ptr().cast(), buf.len(), flags)
    })
}

pub(crate) fn recv(fd: BorrowedFd, buf: &mut [u8], flags: c_int) -> Result<usize> {
    // SAFETY: buf is a live, writable slice of buf.len() bytes.
    cvt_len("recv", unsafe {
        libc::recv(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), flags)
    })
}

pub(crate) fn sendto(fd: BorrowedFd, buf: &[u8], flags: c_int, to: &RawAddr) -> Result<usize> {
    let (ptr, len) = to.as_ptr();
    // SAFETY: buf is a live slice; ptr/len describe a live sockaddr_storage.
    cvt_len("sendto", unsafe {
        libc::sendto(
            fd.as_raw_fd(),
            buf.as_ptr().cast(),
            buf.len(),
            flags,
            ptr,
            len,
        )
    })
}

pub(crate) fn recvfrom(
    fd: BorrowedFd,
    buf: &mut [u8],
    flags: c_int,
    mut from: RawAddr,
) -> Result<(usize, RawAddr)> {
    let (ptr, len) = from.as_mut_ptr();
    // SAFETY: buf is a live, writable slice; ptr/len point into `from`.
    let n = cvt_len("recvfrom", unsafe {
        libc::recvfrom(
            fd.as_raw_fd(),
            buf.as_mut_ptr().cast(),
            buf.len(),
            flags,
            ptr,
            len,
        )
    })?;
    Ok((n, from))
}

/// Values a socket option can hold: C's `int`, `struct linger` and
/// `struct timeval`. Sealed: only plain-old-data C types implement it.
pub trait OptValue: Copy + std::fmt::Debug + 'static + sealed::Sealed {}
impl OptValue for c_int {}
impl OptValue for libc::linger {}
impl OptValue for libc::timeval {}
// [ch21] the multicast options' values
impl OptValue for u8 {}
impl OptValue for libc::c_uint {}
impl OptValue for crate::addr::in_addr {}
impl OptValue for crate::types::ip_mreq {}
impl OptValue for crate::types::ipv6_mreq {}
impl OptValue for crate::types::group_req {}
impl OptValue for crate::types::group_source_req {}
// [ch15] SO_PEERCRED's value
impl OptValue for libc::ucred {}
mod sealed {
    /// What [`super::SockAddrOut`] needs, hidden from users.
    pub trait SealedAddr: Sized {
        /// `sizeof` the C struct: 16, 28 or 110 on Linux.
        const C_LEN: libc::socklen_t;
        /// The buffer read as this type, as C reads it: the bytes the
        /// kernel wrote, whatever their family (the caller chose the type).
        fn from_raw(raw: &super::RawAddr) -> Self;
    }
    pub trait Sealed {}
    impl Sealed for libc::c_int {}
    impl Sealed for libc::linger {}
    impl Sealed for libc::timeval {}
    // [ch21]
    impl Sealed for u8 {}
    impl Sealed for libc::c_uint {}
    impl Sealed for crate::addr::in_addr {}
    impl Sealed for crate::types::ip_mreq {}
    impl Sealed for crate::types::ipv6_mreq {}
    impl Sealed for crate::types::group_req {}
    impl Sealed for crate::types::group_source_req {}
    // [ch15]
    impl Sealed for libc::ucred {}
}

pub(crate) fn setsockopt<T: OptValue>(
    fd: BorrowedFd,
    level: c_int,
    name: c_int,
    value: &T,
) -> Result<()> {
    let ptr: *const T = value;
    // SAFETY: value is a live T and we pass exactly sizeof(T).
    cvt("setsockopt", unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            level,
            name,
            ptr.cast(),
            size_of::<T>() as socklen_t,
        )
    })
    .map(drop)
}

pub(crate) fn getsockopt<T: OptValue>(fd: BorrowedFd, level: c_int, name: c_int) -> Result<T> {
    // SAFETY: every OptValue is a plain C type for which all-zero is valid.
    let mut value: T = unsafe { zeroed() };
    let mut len = size_of::<T>() as socklen_t;
    let ptr: *mut T = &mut value;
    // SAFETY: ptr points to a live T of `len` bytes; the kernel writes at most len.
    cvt("getsockopt", unsafe {
        libc::getsockopt(fd.as_raw_fd(), level, name, ptr.cast(), &mut len)
    })?;
    Ok(value)
}

// ---------------------------------------------------------------------
// <unistd.h>
// ---------------------------------------------------------------------

#[inline]
pub(crate) fn read(fd: BorrowedFd, buf: &mut [u8]) -> Result<usize> {
    // SAFETY: buf is a live, writable slice of buf.len() bytes.
    cvt_len("read", unsafe {
        libc::read(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len())
    })
}

#[inline]
pub(crate) fn write(fd: BorrowedFd, buf: &[u8]) -> Result<usize> {
    // SAFETY: buf is a live slice; write() reads at most buf.len() bytes.
    cvt_len("write", unsafe {
        libc::write(fd.as_raw_fd(), buf.as_ptr().cast(), buf.len())
    })
}

/// write(2) to descriptor 2, ignoring failure: the trace's one output call.
pub(crate) fn write_stderr(buf: &[u8]) {
    // SAFETY: buf is a live slice; fd 2 is only written to, never closed here.
    unsafe { libc::write(2, buf.as_ptr().cast(), buf.len()) };
}

/// close(2) on a number the caller owned and gives up: it is gone
/// afterwards whatever close returns (Linux releases the number even when
/// close reports an error). Called only by `Fd`'s drop and `close`, each
/// once per descriptor.
pub(crate) fn close(fd: RawFd) -> Result<()> {
    // SAFETY: close() takes an integer and touches no memory of ours; the
    // callers own `fd` and never use it again (an Fd being dropped or
    // consumed), so no other owner can be closed by mistake.
    cvt("close", unsafe { libc::close(fd) }).map(drop)
}

pub(crate) fn dup(fd: BorrowedFd) -> Result<OwnedFd> {
    // SAFETY: dup() takes an integer.
    let new = cvt("dup", unsafe { libc::dup(fd.as_raw_fd()) })?;
    Ok(owned(new))
}

pub(crate) fn dup2(fd: BorrowedFd, newfd: RawFd) -> Result<RawFd> {
    // SAFETY: dup2() takes two integers. If newfd was open it is closed, as
    // in C; the caller chose that number on purpose (see fd::dup2).
    cvt("dup2", unsafe { libc::dup2(fd.as_raw_fd(), newfd) })
}

/// glibc's `__libc_single_threaded` (`<sys/single_threaded.h>`, glibc
/// 2.32 and later): non-zero while the process has never had a second
/// thread. Looked up by name once, with dlsym, so that socklab still links
/// against an older C library; `None` where the C library has no such flag.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub(crate) fn libc_single_threaded() -> Option<bool> {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicU8, Ordering::Relaxed};
    static FLAG: OnceLock<usize> = OnceLock::new(); // its address; 0: no flag
    let addr = *FLAG.get_or_init(|| {
        // SAFETY: a lookup of a NUL-terminated name in the loaded libraries.
        unsafe { libc::dlsym(libc::RTLD_DEFAULT, c"__libc_single_threaded".as_ptr()) as usize }
    });
    if addr == 0 {
        return None;
    }
    // SAFETY: `addr` is glibc's one-byte flag, alive as long as the process.
    // glibc clears it before it creates a second thread, so every thread
    // that can read it was created after that store: the read cannot race it.
    let flag = unsafe { AtomicU8::from_ptr(addr as *mut u8) };
    Some(flag.load(Relaxed) != 0)
}

/// Other C libraries keep no such flag (musl does not).
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub(crate) fn libc_single_threaded() -> Option<bool> {
    None
}

pub(crate) fn fork() -> Result<pid_t> {
    // SAFETY: process::fork checked that this process has one thread, so
    // the child's copy of memory holds no lock owned by a vanished thread.
    cvt("fork", unsafe { libc::fork() })
}

/// `_exit(status)`: ends the process at once with the one system call
/// `exit_group(status)`. No C-library exit handlers, no stdio flush: the
/// caller (`process::exit`) flushes Rust's stdout buffer first.
pub(crate) fn exit(status: c_int) -> ! {
    // SAFETY: _exit has no preconditions and never returns; it touches no
    // memory of this process (the kernel tears the process down).
    unsafe { libc::_exit(status) }
}

pub(crate) fn getpid() -> pid_t {
    // SAFETY: getpid() takes nothing and cannot fail.
    unsafe { libc::getpid() }
}

pub(crate) fn getppid() -> pid_t {
    // SAFETY: getppid() takes nothing and cannot fail.
    unsafe { libc::getppid() }
}

pub(crate) fn gethostname() -> Result<String> {
    let mut buf = [0u8; 256]; // HOST_NAME_MAX is 64 on Linux, 255 by POSIX
    // SAFETY: buf is writable for its whole length, which we pass.
    cvt("gethostname", unsafe {
        libc::gethostname(buf.as_mut_ptr().cast(), buf.len())
    })?;
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    Ok(String::from_utf8_lossy(&buf[..end]).into_owned())
}

pub(crate) fn unlink(path: &CStr) -> Result<()> {
    // SAFETY: path is a NUL-terminated string that outlives the call.
    cvt("unlink", unsafe { libc::unlink(path.as_ptr()) }).map(drop)
}

pub(crate) fn sleep(seconds: libc::c_uint) -> libc::c_uint {
    // SAFETY: sleep() takes an integer.
    unsafe { libc::sleep(seconds) }
}

// ---------------------------------------------------------------------
// <time.h>
// ---------------------------------------------------------------------

// The libc crate does not declare ctime_r; the C library has it.
mod c_time {
    use libc::{c_char, time_t};
    unsafe extern "C" {
        pub fn ctime_r(timep: *const time_t, buf: *mut c_char) -> *mut c_char;
    }
}

pub(crate) fn time() -> libc::time_t {
    // SAFETY: time(NULL) only returns the time; the NULL pointer is allowed.
    unsafe { libc::time(std::ptr::null_mut()) }
}

// [ch21 sntp] gettimeofday, for the SNTP client and server
pub(crate) fn gettimeofday() -> Result<libc::timeval> {
    let mut tv = libc::timeval {
        tv_sec: 0,
        tv_usec: 0,
    };
    // SAFETY: tv is a live, writable struct timeval; the time zone
    // argument is NULL, which POSIX allows (and asks for).
    cvt("gettimeofday", unsafe {
        libc::gettimeofday(&mut tv, std::ptr::null_mut())
    })?;
    Ok(tv)
}

/// ctime_r(3) into the 26-byte buffer it requires.
pub(crate) fn ctime(t: libc::time_t) -> Result<String> {
    let mut buf = [0 as libc::c_char; 26];
    // SAFETY: `t` is a live time_t; buf is writable for the 26 bytes
    // ctime_r writes at most (it fails with EOVERFLOW rather than write more).
    let ret = unsafe { c_time::ctime_r(&t, buf.as_mut_ptr()) };
    if ret.is_null() {
        return Err(Error::sys("ctime", Errno::last()));
    }
    // SAFETY: on success ctime_r wrote a NUL-terminated string into buf.
    let text = unsafe { CStr::from_ptr(buf.as_ptr()) };
    Ok(text.to_string_lossy().into_owned())
}

// ---------------------------------------------------------------------
// <sys/wait.h>, <signal.h>
// ---------------------------------------------------------------------

pub(crate) fn wait() -> Result<(pid_t, c_int)> {
    let mut status: c_int = 0;
    // SAFETY: status is a writable int.
    let pid = cvt("wait", unsafe { libc::wait(&mut status) })?;
    Ok((pid, status))
}

/// `wait(NULL)`: no status wanted.
pub(crate) fn wait_null() -> Result<pid_t> {
    // SAFETY: a NULL status pointer is allowed: the kernel writes nothing.
    cvt("wait", unsafe { libc::wait(std::ptr::null_mut()) })
}

pub(crate) fn waitpid(pid: pid_t, options: c_int) -> Result<(pid_t, c_int)> {
    let mut status: c_int = 0;
    // SAFETY: status is a writable int.
    let pid = cvt("waitpid", unsafe {
        libc::waitpid(pid, &mut status, options)
    })?;
    Ok((pid, status))
}

/// sigaction(2) with an empty `sa_mask`: installs `handler` (a function
/// address, `SIG_DFL` or `SIG_IGN`) and returns the previous handler and flags.
pub(crate) fn sigaction(
    signo: c_int,
    handler: libc::sighandler_t,
    flags: c_int,
) -> Result<(libc::sighandler_t, c_int)> {
    // SAFETY: struct sigaction is plain old data; zero is "no flags, empty mask".
    let mut act: libc::sigaction = unsafe { zeroed() };
    act.sa_sigaction = handler;
    act.sa_flags = flags;
    // SAFETY: sa_mask is a valid sigset_t to initialise.
    unsafe { libc::sigemptyset(&mut act.sa_mask) };
    // SAFETY: struct sigaction is plain old data, filled in by the kernel.
    let mut old: libc::sigaction = unsafe { zeroed() };
    // SAFETY: both pointers are to live structs. `handler` is SIG_DFL,
    // SIG_IGN or an `extern "C" fn(c_int)` (see process::SigHandler), the
    // only kinds of value process::signal lets through.
    cvt("sigaction", unsafe {
        libc::sigaction(signo, &act, &mut old)
    })?;
    Ok((old.sa_sigaction, old.sa_flags))
}

// ---------------------------------------------------------------------
// <arpa/inet.h>, <netdb.h>
// ---------------------------------------------------------------------

// The C library has these two; the libc crate does not declare them.
mod c {
    use libc::{c_char, c_int, c_void, socklen_t};
    unsafe extern "C" {
        pub fn inet_pton(af: c_int, src: *const c_char, dst: *mut c_void) -> c_int;
        pub fn inet_ntop(
            af: c_int,
            src: *const c_void,
            dst: *mut c_char,
            size: socklen_t,
        ) -> *const c_char;
    }
}

/// inet_pton(3): 1 on success, 0 if `src` is not an address of `af`.
pub(crate) fn inet_pton(af: c_int, src: &CStr, dst: &mut [u8]) -> Result<c_int> {
    let need = if af == libc::AF_INET6 { 16 } else { 4 };
    if dst.len() < need {
        return Err(Error::invalid("inet_pton", "destination too small"));
    }
    // SAFETY: src is NUL-terminated; dst is writable for 4 (AF_INET) or 16
    // (AF_INET6) bytes, checked above; other families write nothing.
    cvt("inet_pton", unsafe {
        c::inet_pton(af, src.as_ptr(), dst.as_mut_ptr().cast::<c_void>())
    })
}

/// inet_ntop(3) into a buffer of INET6_ADDRSTRLEN bytes.
pub(crate) fn inet_ntop(af: c_int, src: &[u8]) -> Result<String> {
    let mut buf = [0 as libc::c_char; 46]; // INET6_ADDRSTRLEN
    // SAFETY: src holds the 4 or 16 address bytes for `af` (the callers pass
    // in_addr/in6_addr bytes); buf is writable for the length we pass.
    let ret = unsafe {
        c::inet_ntop(
            af,
            src.as_ptr().cast(),
            buf.as_mut_ptr(),
            buf.len() as socklen_t,
        )
    };
    if ret.is_null() {
        return Err(Error::sys("inet_ntop", Errno::last()));
    }
    // SAFETY: on success inet_ntop wrote a NUL-terminated string into buf.
    let text = unsafe { CStr::from_ptr(buf.as_ptr()) };
    Ok(text.to_string_lossy().into_owned())
}

/// One answer of getaddrinfo(3), copied out of the C list.
pub(crate) struct RawAddrInfo {
    pub flags: c_int,
    pub family: c_int,
    pub socktype: c_int,
    pub protocol: c_int,
    pub addr: Option<SockAddr>,
    pub canonname: Option<String>,
}

/// The list getaddrinfo(3) returned, owned: freeaddrinfo(3) when dropped.
pub(crate) struct AddrInfoList {
    head: *mut libc::addrinfo,
}

// SAFETY: the list is memory the C library allocated for this owner alone;
// nothing else points into it, and freeaddrinfo may run on any thread.
unsafe impl Send for AddrInfoList {}
// SAFETY: the list is only read through `&self` (entries copies it out).
unsafe impl Sync for AddrInfoList {}

impl AddrInfoList {
    /// Copies each node (following `ai_next`) out of the C list.
    pub(crate) fn entries(&self) -> Vec<RawAddrInfo> {
        let mut out = Vec::new();
        let mut cur = self.head;
        while !cur.is_null() {
            // SAFETY: cur is a node of the list getaddrinfo returned, freed
            // only when self drops.
            let ai = unsafe { &*cur };
            let addr = (!ai.ai_addr.is_null()).then(|| {
                let mut raw = RawAddr::empty();
                let len = (ai.ai_addrlen as usize).min(size_of::<sockaddr_storage>());
                // SAFETY: ai_addr points to ai_addrlen bytes; we copy at most
                // the storage's size into our own storage.
                unsafe {
                    std::ptr::copy_nonoverlapping(
                        ai.ai_addr.cast::<u8>(),
                        (&raw mut raw.storage).cast::<u8>(),
                        len,
                    )
                };
                raw.len = len as socklen_t;
                raw.to_sockaddr()
            });
            let canonname = (!ai.ai_canonname.is_null()).then(|| {
                // SAFETY: ai_canonname is a NUL-terminated string in the list.
                unsafe { CStr::from_ptr(ai.ai_canonname) }
                    .to_string_lossy()
                    .into_owned()
            });
            out.push(RawAddrInfo {
                flags: ai.ai_flags,
                family: ai.ai_family,
                socktype: ai.ai_socktype,
                protocol: ai.ai_protocol,
                addr,
                canonname,
            });
            cur = ai.ai_next;
        }
        out
    }
}

impl Drop for AddrInfoList {
    fn drop(&mut self) {
        if !self.head.is_null() {
            // SAFETY: head came from a successful getaddrinfo and is freed
            // once, here.
            unsafe { libc::freeaddrinfo(self.head) };
        }
    }
}

/// getaddrinfo(3); the list is freed (freeaddrinfo) when the result drops.
pub(crate) fn getaddrinfo(
    host: Option<&CStr>,
    service: Option<&CStr>,
    hints: &RawAddrInfo,
) -> std::result::Result<AddrInfoList, (c_int, Errno, String)> {
    // SAFETY: addrinfo is plain old data; zero means "no hint".
    let mut c_hints: libc::addrinfo = unsafe { zeroed() };
    c_hints.ai_flags = hints.flags;
    c_hints.ai_family = hints.family;
    c_hints.ai_socktype = hints.socktype;
    c_hints.ai_protocol = hints.protocol;
    let mut res: *mut libc::addrinfo = std::ptr::null_mut();
    let node = host.map_or(std::ptr::null(), CStr::as_ptr);
    let serv = service.map_or(std::ptr::null(), CStr::as_ptr);
    // SAFETY: node/serv are NULL or NUL-terminated; hints and res are live.
    let code = unsafe { libc::getaddrinfo(node, serv, &c_hints, &mut res) };
    if code != 0 {
        let errno = Errno::last();
        return Err((code, errno, gai_strerror(code)));
    }
    Ok(AddrInfoList { head: res })
}

/// gai_strerror(3): the text of a getaddrinfo/getnameinfo error code.
pub(crate) fn gai_strerror(code: c_int) -> String {
    // SAFETY: gai_strerror returns a static NUL-terminated string.
    let msg = unsafe { CStr::from_ptr(libc::gai_strerror(code)) };
    msg.to_string_lossy().into_owned()
}

// ---- ch11 (issue 11): gethostbyname, gethostbyaddr, getserv*, getnameinfo ----

// The libc crate does not declare these; the C library has them.
mod c_netdb {
    use libc::{c_char, c_int, c_void, hostent, socklen_t};
    unsafe extern "C" {
        pub fn gethostbyname(name: *const c_char) -> *mut hostent;
        pub fn gethostbyaddr(addr: *const c_void, len: socklen_t, af: c_int) -> *mut hostent;
        pub fn __h_errno_location() -> *mut c_int;
    }
}

/// A `struct hostent` copied out of the C library's static buffer.
pub(crate) struct RawHostent {
    pub name: String,
    pub aliases: Vec<String>,
    pub addrtype: c_int,
    pub length: c_int,
    pub addrs: Vec<Vec<u8>>,
}

/// A NULL-terminated array of C strings, copied.
///
/// # Safety
/// `list` is NULL or a NULL-terminated array of NUL-terminated strings.
unsafe fn copy_strings(list: *mut *mut libc::c_char) -> Vec<String> {
    let mut out = Vec::new();
    if list.is_null() {
        return out;
    }
    let mut i = 0;
    loop {
        // SAFETY: the caller promises a NULL-terminated array; we stop at NULL.
        let p = unsafe { *list.add(i) };
        if p.is_null() {
            break;
        }
        // SAFETY: each entry is a NUL-terminated string.
        out.push(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned());
        i += 1;
    }
    out
}

/// Copies the static hostent at `h` (not NULL) before any other resolver
/// call can overwrite it.
///
/// # Safety
/// `h` is the non-NULL result of gethostbyname/gethostbyaddr, just returned.
unsafe fn copy_hostent(h: *mut libc::hostent) -> RawHostent {
    // SAFETY: the caller passes a live hostent.
    let h = unsafe { &*h };
    let length = h.h_length;
    let mut addrs = Vec::new();
    if !h.h_addr_list.is_null() {
        let mut i = 0;
        loop {
            // SAFETY: h_addr_list is a NULL-terminated array of pointers.
            let p = unsafe { *h.h_addr_list.add(i) };
            if p.is_null() {
                break;
            }
            // SAFETY: each address is h_length bytes long.
            let bytes = unsafe { std::slice::from_raw_parts(p.cast::<u8>(), length as usize) };
            addrs.push(bytes.to_vec());
            i += 1;
        }
    }
    RawHostent {
        name: if h.h_name.is_null() {
            String::new()
        } else {
            // SAFETY: h_name is a NUL-terminated string.
            unsafe { CStr::from_ptr(h.h_name) }
                .to_string_lossy()
                .into_owned()
        },
        // SAFETY: h_aliases is a NULL-terminated array of strings.
        aliases: unsafe { copy_strings(h.h_aliases) },
        addrtype: h.h_addrtype,
        length,
        addrs,
    }
}

fn h_errno() -> c_int {
    // SAFETY: __h_errno_location returns this thread's h_errno.
    unsafe { *c_netdb::__h_errno_location() }
}

/// gethostbyname(3), copied at once; `Err(h_errno)` when it returns NULL.
pub(crate) fn gethostbyname(name: &CStr) -> std::result::Result<RawHostent, c_int> {
    // [ch13 block, issue 11] the pointer is kept for static_hostent
    let mut last = LAST_HOSTENT.lock().unwrap_or_else(|p| p.into_inner());
    // SAFETY: name is NUL-terminated.
    let h = unsafe { c_netdb::gethostbyname(name.as_ptr()) };
    if h.is_null() {
        return Err(h_errno());
    }
    *last = h as usize;
    // SAFETY: h is the hostent just returned, not yet overwritten.
    Ok(unsafe { copy_hostent(h) })
}

/// gethostbyaddr(3), copied at once; `Err(h_errno)` when it returns NULL.
pub(crate) fn gethostbyaddr(addr: &[u8], af: c_int) -> std::result::Result<RawHostent, c_int> {
    // SAFETY: addr is live for addr.len() bytes.
    let h = unsafe { c_netdb::gethostbyaddr(addr.as_ptr().cast(), addr.len() as socklen_t, af) };
    if h.is_null() {
        return Err(h_errno());
    }
    // SAFETY: h is the hostent just returned, not yet overwritten.
    Ok(unsafe { copy_hostent(h) })
}

/// hstrerror(3): the text of an h_errno value.
pub(crate) fn hstrerror(code: c_int) -> String {
    // SAFETY: hstrerror returns a static NUL-terminated string.
    unsafe { CStr::from_ptr(libc::hstrerror(code)) }
        .to_string_lossy()
        .into_owned()
}

/// A `struct servent` copied; `port` stays in network byte order, as in C.
pub(crate) struct RawServent {
    pub name: String,
    pub aliases: Vec<String>,
    pub port: c_int,
    pub proto: String,
}

/// # Safety
/// `s` is the non-NULL result of getservbyname/getservbyport, just returned.
unsafe fn copy_servent(s: *mut libc::servent) -> RawServent {
    // SAFETY: the caller passes a live servent.
    let s = unsafe { &*s };
    RawServent {
        // SAFETY: s_name and s_proto are NUL-terminated strings.
        name: unsafe { CStr::from_ptr(s.s_name) }
            .to_string_lossy()
            .into_owned(),
        // SAFETY: s_aliases is a NULL-terminated array of strings.
        aliases: unsafe { copy_strings(s.s_aliases) },
        port: s.s_port,
        // SAFETY: as above.
        proto: unsafe { CStr::from_ptr(s.s_proto) }
            .to_string_lossy()
            .into_owned(),
    }
}

fn opt_ptr(s: Option<&CStr>) -> *const libc::c_char {
    s.map_or(std::ptr::null(), CStr::as_ptr)
}

/// getservbyname(3), copied; `None` when it returns NULL.
pub(crate) fn getservbyname(name: &CStr, proto: Option<&CStr>) -> Option<RawServent> {
    // SAFETY: name is NUL-terminated; proto is NULL or NUL-terminated.
    let s = unsafe { libc::getservbyname(name.as_ptr(), opt_ptr(proto)) };
    // SAFETY: s is the servent just returned.
    (!s.is_null()).then(|| unsafe { copy_servent(s) })
}

/// getservbyport(3) (`port` in network byte order), copied; `None` when it
/// returns NULL.
pub(crate) fn getservbyport(port: c_int, proto: Option<&CStr>) -> Option<RawServent> {
    // SAFETY: proto is NULL or NUL-terminated.
    let s = unsafe { libc::getservbyport(port, opt_ptr(proto)) };
    // SAFETY: s is the servent just returned.
    (!s.is_null()).then(|| unsafe { copy_servent(s) })
}

/// getnameinfo(3) into NI_MAXHOST and NI_MAXSERV buffers; `Err((code,
/// errno))` on failure.
pub(crate) fn getnameinfo(
    addr: &RawAddr,
    flags: c_int,
) -> std::result::Result<(String, String), (c_int, Errno)> {
    let mut host = [0 as libc::c_char; 1025]; // NI_MAXHOST
    let mut serv = [0 as libc::c_char; 32]; // NI_MAXSERV
    let (ptr, len) = addr.as_ptr();
    // SAFETY: ptr/len describe a live sockaddr; both buffers are writable
    // for the lengths passed.
    let code = unsafe {
        libc::getnameinfo(
            ptr,
            len,
            host.as_mut_ptr(),
            host.len() as socklen_t,
            serv.as_mut_ptr(),
            serv.len() as socklen_t,
            flags,
        )
    };
    if code != 0 {
        return Err((code, Errno::last()));
    }
    let text = |b: &[libc::c_char]| {
        // SAFETY: on success both buffers hold NUL-terminated strings.
        unsafe { CStr::from_ptr(b.as_ptr()) }
            .to_string_lossy()
            .into_owned()
    };
    Ok((text(&host), text(&serv)))
}

// ---- end ch11 ----

// ---------------------------------------------------------------------
// <sys/select.h>, <poll.h>
// ---------------------------------------------------------------------

pub(crate) fn select(
    nfds: c_int,
    read: Option<&mut fd_set>,
    write: Option<&mut fd_set>,
    except: Option<&mut fd_set>,
    timeout: Option<&mut libc::timeval>,
) -> Result<c_int> {
    fn ptr<T>(x: Option<&mut T>) -> *mut T {
        x.map_or(std::ptr::null_mut(), |r| r)
    }
    // The bits are the C library's fd_set (types.rs checks the size), at
    // the start of our #[repr(C)] fd_set.
    let set = |s: Option<&mut fd_set>| ptr(s.map(|s| &mut s.bits)).cast::<libc::fd_set>();
    // SAFETY: each pointer is NULL or a live, exclusive fd_set/timeval.
    cvt("select", unsafe {
        libc::select(nfds, set(read), set(write), set(except), ptr(timeout))
    })
}

/// poll(2) over `fds`, whose element type has `struct pollfd`'s layout.
pub(crate) fn poll(fds: &mut [pollfd], timeout: c_int) -> Result<c_int> {
    // SAFETY: types::pollfd is #[repr(C)] with struct pollfd's fields in its
    // order, and the slice is live and exclusive for fds.len() elements.
    cvt("poll", unsafe {
        libc::poll(fds.as_mut_ptr().cast(), fds.len() as libc::nfds_t, timeout)
    })
}

/// A Rust string as a C string; an interior NUL byte is an argument error.
pub(crate) fn cstring(call: &'static str, s: &str) -> Result<CString> {
    CString::new(s).map_err(|_| Error::invalid(call, format!("{s:?} contains a NUL byte")))
}

// ---------------------------------------------------------------------
// Chapter 14 (advanced I/O): alarm, readv/writev, sendmsg/recvmsg,
// ioctl(FIONREAD), epoll. [ch14 block — keep together for merges]
// ---------------------------------------------------------------------

pub(crate) fn alarm(seconds: libc::c_uint) -> libc::c_uint {
    // SAFETY: alarm() takes an integer.
    unsafe { libc::alarm(seconds) }
}

pub(crate) fn readv(fd: BorrowedFd, iov: &mut [std::io::IoSliceMut<'_>]) -> Result<usize> {
    // SAFETY: std guarantees IoSliceMut has struct iovec's layout on Unix;
    // each points into a live, writable buffer of its length.
    cvt_len("readv", unsafe {
        libc::readv(fd.as_raw_fd(), iov.as_ptr().cast(), iov.len() as c_int)
    })
}

pub(crate) fn writev(fd: BorrowedFd, iov: &[std::io::IoSlice<'_>]) -> Result<usize> {
    // SAFETY: std guarantees IoSlice has struct iovec's layout on Unix;
    // each points into a live buffer of its length, only read.
    cvt_len("writev", unsafe {
        libc::writev(fd.as_raw_fd(), iov.as_ptr().cast(), iov.len() as c_int)
    })
}

/// sendmsg(2): `name` (NULL when None), the iovecs, the control bytes.
pub(crate) fn sendmsg(
    fd: BorrowedFd,
    name: Option<&RawAddr>,
    iov: &[std::io::IoSlice<'_>],
    control: &[u8],
    flags: c_int,
) -> Result<usize> {
    // SAFETY: struct msghdr is plain old data; all-zero is "nothing".
    let mut msg: libc::msghdr = unsafe { zeroed() };
    if let Some(raw) = name {
        let (ptr, len) = raw.as_ptr();
        msg.msg_name = ptr as *mut c_void;
        msg.msg_namelen = len;
    }
    msg.msg_iov = iov.as_ptr() as *mut libc::iovec;
    msg.msg_iovlen = iov.len() as _;
    if !control.is_empty() {
        msg.msg_control = control.as_ptr() as *mut c_void;
        msg.msg_controllen = control.len() as _;
    }
    // SAFETY: every pointer in msg is NULL or points into a live buffer of
    // the length given next to it; sendmsg only reads them.
    cvt_len("sendmsg", unsafe {
        libc::sendmsg(fd.as_raw_fd(), &msg, flags)
    })
}

/// recvmsg(2): fills `name` (when given), the iovecs and `control`;
/// returns the byte count, the control bytes used and msg_flags.
pub(crate) fn recvmsg(
    fd: BorrowedFd,
    name: Option<&mut RawAddr>,
    iov: &mut [std::io::IoSliceMut<'_>],
    control: &mut [u8],
    flags: c_int,
) -> Result<(usize, usize, c_int)> {
    // SAFETY: struct msghdr is plain old data; all-zero is "nothing".
    let mut msg: libc::msghdr = unsafe { zeroed() };
    let mut namelen_slot: Option<*mut socklen_t> = None;
    if let Some(raw) = name {
        let (ptr, len) = raw.as_mut_ptr();
        msg.msg_name = ptr.cast();
        // SAFETY: len points to the RawAddr's length, live for the call.
        msg.msg_namelen = unsafe { *len };
        namelen_slot = Some(len);
    }
    msg.msg_iov = iov.as_mut_ptr().cast();
    msg.msg_iovlen = iov.len() as _;
    if !control.is_empty() {
        msg.msg_control = control.as_mut_ptr().cast();
        msg.msg_controllen = control.len() as _;
    }
    // SAFETY: every pointer in msg is NULL or points into a live, writable
    // buffer of the length given next to it.
    let res = cvt_len("recvmsg", unsafe {
        libc::recvmsg(fd.as_raw_fd(), &mut msg, flags)
    });
    if let (Some(len), Ok(_)) = (namelen_slot, &res) {
        // SAFETY: the RawAddr is still live and borrowed mutably by us.
        unsafe { *len = msg.msg_namelen };
    }
    res.map(|n| (n, msg.msg_controllen as usize, msg.msg_flags))
}

/// `ioctl(fd, request, &n)` for the requests that write one int
/// (`FIONREAD`: the bytes waiting to be read; `SIOCATMARK`, chapter 17).
pub(crate) fn ioctl_int_out(fd: BorrowedFd, request: c_int) -> Result<c_int> {
    let mut n: c_int = 0;
    // SAFETY: the caller passes only requests that write one int through
    // the pointer, which is live.
    cvt("ioctl", unsafe {
        libc::ioctl(fd.as_raw_fd(), request as libc::Ioctl, &mut n)
    })?;
    Ok(n)
}

pub(crate) fn epoll_create1(flags: c_int) -> Result<OwnedFd> {
    // SAFETY: epoll_create1() takes an integer.
    let fd = cvt("epoll_create1", unsafe { libc::epoll_create1(flags) })?;
    Ok(owned(fd))
}

pub(crate) fn epoll_ctl(
    epfd: BorrowedFd,
    op: c_int,
    fd: RawFd,
    event: Option<&mut crate::types::epoll_event>,
) -> Result<()> {
    let ptr = event.map_or(std::ptr::null_mut(), |e| &raw mut e.0);
    // SAFETY: ptr is NULL (EPOLL_CTL_DEL) or a live epoll_event.
    cvt("epoll_ctl", unsafe {
        libc::epoll_ctl(epfd.as_raw_fd(), op, fd, ptr)
    })
    .map(drop)
}

pub(crate) fn epoll_wait(
    epfd: BorrowedFd,
    events: &mut [crate::types::epoll_event],
    timeout: c_int,
) -> Result<usize> {
    let max = events.len().min(c_int::MAX as usize) as c_int;
    // SAFETY: types::epoll_event is #[repr(transparent)] over struct
    // epoll_event; the array is live and writable for at least `max` entries.
    cvt("epoll_wait", unsafe {
        libc::epoll_wait(epfd.as_raw_fd(), events.as_mut_ptr().cast(), max, timeout)
    })
    .map(|n| n as usize)
}

// ---------------------------------------------------------------------
// <fcntl.h>: open, fcntl (chapters 13, 15, 16, 24, 25, 30)
// ---------------------------------------------------------------------

pub(crate) fn open(path: &CStr, flags: c_int, mode: libc::mode_t) -> Result<OwnedFd> {
    // SAFETY: path is a NUL-terminated string that outlives the call; the
    // mode is read by the C library only when flags has O_CREAT.
    let fd = cvt("open", unsafe {
        libc::open(path.as_ptr(), flags, libc::c_uint::from(mode))
    })?;
    Ok(owned(fd))
}

/// `fcntl(fd, cmd, arg)` for the commands whose argument is an integer.
pub(crate) fn fcntl(fd: BorrowedFd, cmd: c_int, arg: c_int) -> Result<c_int> {
    // SAFETY: the caller passes only commands whose third argument is an
    // int (or ignored), so the C library reads no memory of ours.
    cvt("fcntl", unsafe { libc::fcntl(fd.as_raw_fd(), cmd, arg) })
}

/// `fcntl(fd, cmd, &lock)` for F_GETLK, F_SETLK and F_SETLKW.
pub(crate) fn fcntl_lock(fd: BorrowedFd, cmd: c_int, lock: &mut libc::flock) -> Result<c_int> {
    // SAFETY: lock is a valid, writable struct flock for the whole call,
    // which is what these three commands read (and F_GETLK writes).
    cvt("fcntl", unsafe {
        libc::fcntl(fd.as_raw_fd(), cmd, lock as *mut libc::flock)
    })
}

// ---------------------------------------------------------------------
// Chapters 24-25 (out-of-band data, signal-driven I/O) [ch24 block —
// keep together for merges]: sockatmark, sigprocmask, sigsuspend,
// sigemptyset/sigaddset/sigismember, ioctl(FIOASYNC/FIONBIO).
// ---------------------------------------------------------------------

// The C library has these; the libc crate does not declare them for Linux.
mod c_ch24 {
    use libc::{c_int, sigset_t};
    unsafe extern "C" {
        pub fn sockatmark(fd: c_int) -> c_int;
        pub fn sigsuspend(mask: *const sigset_t) -> c_int;
    }
}

/// sockatmark(3): glibc's is `ioctl(fd, SIOCATMARK, &atmark)`.
pub(crate) fn sockatmark(fd: BorrowedFd) -> Result<c_int> {
    // SAFETY: sockatmark() takes a descriptor and writes only its own local.
    cvt("sockatmark", unsafe { c_ch24::sockatmark(fd.as_raw_fd()) })
}

/// sigemptyset(3) on a set of ours.
pub(crate) fn sigemptyset(set: &mut libc::sigset_t) {
    // SAFETY: set is a live, writable sigset_t.
    unsafe { libc::sigemptyset(set) };
}

/// sigaddset(3): fails with EINVAL for a number that is not a signal.
pub(crate) fn sigaddset(set: &mut libc::sigset_t, signo: c_int) -> Result<()> {
    // SAFETY: set is a live, writable sigset_t.
    cvt("sigaddset", unsafe { libc::sigaddset(set, signo) }).map(drop)
}

/// sigdelset(3).
pub(crate) fn sigdelset(set: &mut libc::sigset_t, signo: c_int) -> Result<()> {
    // SAFETY: set is a live, writable sigset_t.
    cvt("sigdelset", unsafe { libc::sigdelset(set, signo) }).map(drop)
}

/// sigismember(3): 1 or 0.
pub(crate) fn sigismember(set: &libc::sigset_t, signo: c_int) -> Result<c_int> {
    // SAFETY: set is a live sigset_t, only read.
    cvt("sigismember", unsafe { libc::sigismember(set, signo) })
}

/// sigprocmask(2) (rt_sigprocmask): `set` and `oset` NULL or live sets.
pub(crate) fn sigprocmask(
    how: c_int,
    set: Option<&libc::sigset_t>,
    oset: Option<&mut libc::sigset_t>,
) -> Result<()> {
    let set = set.map_or(std::ptr::null(), |s| s as *const libc::sigset_t);
    let oset = oset.map_or(std::ptr::null_mut(), |s| s as *mut libc::sigset_t);
    // SAFETY: each pointer is NULL or points to a live sigset_t (oset writable).
    cvt("sigprocmask", unsafe { libc::sigprocmask(how, set, oset) }).map(drop)
}

/// sigsuspend(2): returns only after a handler ran, with -1/EINTR.
pub(crate) fn sigsuspend(mask: &libc::sigset_t) -> Result<c_int> {
    // SAFETY: mask is a live sigset_t, only read.
    cvt("sigsuspend", unsafe { c_ch24::sigsuspend(mask) })
}

/// `ioctl(fd, request, &arg)` for the requests whose argument is an
/// `int *` read by the kernel (FIOASYNC, FIONBIO).
pub(crate) fn ioctl_int(fd: BorrowedFd, request: libc::Ioctl, arg: &c_int) -> Result<c_int> {
    // SAFETY: the caller passes only requests that read one int through
    // the pointer, which is live for the call.
    cvt("ioctl", unsafe {
        libc::ioctl(fd.as_raw_fd(), request, arg as *const c_int)
    })
}

/// A `sigset_t` made empty by sigemptyset(3), for a new variable.
pub(crate) fn sigset_empty() -> libc::sigset_t {
    // SAFETY: sigset_t is plain old data; sigemptyset then sets it as the
    // C library wants an empty set to be.
    let mut set: libc::sigset_t = unsafe { zeroed() };
    sigemptyset(&mut set);
    set
}

// ---------------------------------------------------------------------
// Chapter 30 (server designs): kill, pause, getrusage, mmap/munmap,
// a process-shared pthread mutex, mkstemp
// ---------------------------------------------------------------------

pub(crate) fn kill(pid: pid_t, signo: c_int) -> Result<()> {
    // SAFETY: kill() takes two integers and touches no memory of ours.
    cvt("kill", unsafe { libc::kill(pid, signo) }).map(drop)
}

/// `pause()`: returns only after a signal handler ran, always with EINTR.
pub(crate) fn pause() -> Result<()> {
    // SAFETY: pause() takes nothing.
    cvt("pause", unsafe { libc::pause() }).map(drop)
}

pub(crate) fn getrusage(who: c_int) -> Result<libc::rusage> {
    // SAFETY: struct rusage is plain old data; the kernel fills it in.
    let mut usage: libc::rusage = unsafe { zeroed() };
    // SAFETY: usage is a valid, writable struct rusage.
    cvt("getrusage", unsafe { libc::getrusage(who, &mut usage) })?;
    Ok(usage)
}

/// A mapping made by [`mmap`], owned by exactly one `mman::Mapping`: not
/// `Clone`, and [`munmap`] consumes it, so no borrow of its memory can
/// outlive it. `atomics` and the mutex functions check what they need.
#[derive(Debug)]
pub(crate) struct RawMapping {
    addr: std::ptr::NonNull<c_void>,
    len: usize,
    /// PROT_READ|PROT_WRITE and MAP_SHARED: readable and writable, shared.
    shared_rw: bool,
    /// It holds a pthread mutex that [`pthread_mutex_init_pshared`] set up.
    mutex: bool,
}

// SAFETY: the mapping is plain memory; every access through a RawMapping
// is an atomic operation or a pthread mutex call, both made for sharing.
unsafe impl Send for RawMapping {}
// SAFETY: as for Send: &RawMapping only gives atomics and mutex calls.
unsafe impl Sync for RawMapping {}

impl RawMapping {
    /// The address the kernel chose, as strace prints it.
    pub(crate) fn addr(&self) -> usize {
        self.addr.as_ptr() as usize
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The mapping as counters that several processes may change at once;
    /// `None` unless it is a shared, readable and writable mapping.
    pub(crate) fn atomics(&self) -> Option<&[std::sync::atomic::AtomicI64]> {
        use std::sync::atomic::AtomicI64;
        if !self.shared_rw || self.mutex {
            return None;
        }
        // SAFETY: the mapping is live while &self is (munmap consumes it),
        // page-aligned (so aligned for i64), and readable and writable for
        // len bytes (checked above). Other processes sharing it change it
        // only through atomics of the same size, which makes this sound.
        Some(unsafe {
            std::slice::from_raw_parts(self.addr.as_ptr().cast(), self.len / size_of::<AtomicI64>())
        })
    }
}

/// `mmap(NULL, len, prot, flags, fd, offset)`: a new mapping.
pub(crate) fn mmap(
    len: usize,
    prot: c_int,
    flags: c_int,
    fd: RawFd,
    offset: libc::off_t,
) -> Result<RawMapping> {
    // SAFETY: with a NULL address the kernel picks a range no other
    // mapping uses, so no memory this process uses is touched.
    let p = unsafe { libc::mmap(std::ptr::null_mut(), len, prot, flags, fd, offset) };
    if p == libc::MAP_FAILED {
        return Err(Error::sys("mmap", Errno::last()));
    }
    let addr = std::ptr::NonNull::new(p).ok_or_else(|| Error::sys("mmap", Errno::EINVAL))?;
    let rw = libc::PROT_READ | libc::PROT_WRITE;
    Ok(RawMapping {
        addr,
        len,
        shared_rw: prot & rw == rw && flags & libc::MAP_SHARED != 0,
        mutex: false,
    })
}

/// `munmap(addr, len)` of a whole mapping, which is gone afterwards.
pub(crate) fn munmap(map: RawMapping) -> Result<()> {
    // SAFETY: map is the whole mapping mmap returned, and consuming it
    // here means no borrow of its memory is left.
    cvt("munmap", unsafe {
        libc::munmap(map.addr.as_ptr(), map.len)
    })
    .map(drop)
}

/// The pthread functions return an error number instead of setting errno.
fn pthread_check(call: &'static str, rc: c_int) -> Result<()> {
    match rc {
        0 => Ok(()),
        e => Err(Error::sys(call, Errno::from_raw(e))),
    }
}

/// `pthread_mutexattr_init`, `pthread_mutexattr_setpshared(PTHREAD_PROCESS_SHARED)`,
/// `pthread_mutex_init` on a mutex placed at the start of `map`.
pub(crate) fn pthread_mutex_init_pshared(map: &mut RawMapping) -> Result<()> {
    if !map.shared_rw || map.mutex || map.len < size_of::<libc::pthread_mutex_t>() {
        return Err(Error::invalid(
            "pthread_mutex_init",
            "needs a new shared read-write mapping with room for the mutex",
        ));
    }
    let mutex = map.addr.as_ptr().cast::<libc::pthread_mutex_t>();
    // SAFETY: the attribute object is plain data, initialised by the call.
    let mut attr: libc::pthread_mutexattr_t = unsafe { zeroed() };
    // SAFETY: attr is a valid attribute object for the three calls, and
    // the mutex is writable memory of this mapping that nobody uses yet
    // (&mut: no other reference to the mapping exists).
    let (init, shared, checked, done) = unsafe {
        let init = libc::pthread_mutexattr_init(&mut attr);
        let shared = libc::pthread_mutexattr_setpshared(&mut attr, libc::PTHREAD_PROCESS_SHARED);
        // Error-checking: unlocking a mutex this thread does not hold is
        // EPERM instead of undefined behaviour, so the safe API stays safe.
        let checked = libc::pthread_mutexattr_settype(&mut attr, libc::PTHREAD_MUTEX_ERRORCHECK);
        let done = libc::pthread_mutex_init(mutex, &attr);
        libc::pthread_mutexattr_destroy(&mut attr);
        (init, shared, checked, done)
    };
    pthread_check("pthread_mutexattr_init", init)?;
    pthread_check("pthread_mutexattr_setpshared", shared)?;
    pthread_check("pthread_mutexattr_settype", checked)?;
    pthread_check("pthread_mutex_init", done)?;
    map.mutex = true;
    Ok(())
}

/// `pthread_mutex_lock` (`lock`) or `pthread_mutex_unlock` of the mutex
/// [`pthread_mutex_init_pshared`] placed in `map`.
pub(crate) fn pthread_mutex_lock(map: &RawMapping, lock: bool) -> Result<()> {
    let call = if lock {
        "pthread_mutex_lock"
    } else {
        "pthread_mutex_unlock"
    };
    if !map.mutex {
        return Err(Error::invalid(
            call,
            "the mapping holds no initialised mutex",
        ));
    }
    let mutex = map.addr.as_ptr().cast::<libc::pthread_mutex_t>();
    // SAFETY: an initialised process-shared mutex in live memory (checked
    // above; the mapping lives as long as the borrow).
    let rc = unsafe {
        if lock {
            libc::pthread_mutex_lock(mutex)
        } else {
            libc::pthread_mutex_unlock(mutex)
        }
    };
    pthread_check(call, rc)
}

/// `mkstemp(template)`: the template's `XXXXXX` are replaced in place.
pub(crate) fn mkstemp(template: &mut CString) -> Result<OwnedFd> {
    let mut bytes = std::mem::take(template).into_bytes_with_nul();
    // SAFETY: bytes is a writable NUL-terminated string; mkstemp only
    // overwrites its last six characters before the NUL.
    let fd = cvt("mkstemp", unsafe {
        libc::mkstemp(bytes.as_mut_ptr().cast())
    });
    bytes.pop(); // the NUL
    *template = CString::new(bytes).unwrap_or_default();
    fd.map(owned)
}

// ---------------------------------------------------------------------
// Chapter 26 (threads) [ch26 block — keep together for merges]:
// pthread_create, pthread_join, pthread_detach, pthread_self, gettid;
// further down, thread-specific data and pthread_once.
// ---------------------------------------------------------------------

/// What a new thread runs: the closure `pthread::pthread_create` built.
pub(crate) type ThreadStart = Box<dyn FnOnce() + Send + 'static>;

/// The `void *(*)(void *)` every thread starts in: takes back the boxed
/// closure and runs it. A panic is caught here: it must not unwind into
/// the C library's thread start (the closure records it for the joiner).
extern "C" fn thread_start(arg: *mut c_void) -> *mut c_void {
    // SAFETY: `arg` is the Box<ThreadStart> that pthread_create below
    // leaked for exactly this thread, which is its only owner now.
    let start = unsafe { Box::from_raw(arg.cast::<ThreadStart>()) };
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(*start));
    std::ptr::null_mut()
}

/// `pthread_create(&tid, NULL, start, arg)`: a thread with the default
/// attributes, as C's `Pthread_create(&tid, NULL, …)` makes it. pthread
/// calls return an error number instead of setting errno.
pub(crate) fn pthread_create(start: ThreadStart) -> Result<libc::pthread_t> {
    let arg = Box::into_raw(Box::new(start)).cast::<c_void>();
    let mut tid = std::mem::MaybeUninit::<libc::pthread_t>::uninit();
    // SAFETY: tid is writable; NULL attributes are the defaults;
    // thread_start has the signature pthread_create expects and owns
    // `arg` from here on (on failure we take it back below).
    let rc = unsafe { libc::pthread_create(tid.as_mut_ptr(), std::ptr::null(), thread_start, arg) };
    if rc != 0 {
        // SAFETY: no thread was created, so `arg` is still ours alone.
        drop(unsafe { Box::from_raw(arg.cast::<ThreadStart>()) });
        return Err(Error::sys("pthread_create", Errno::from_raw(rc)));
    }
    // SAFETY: pthread_create succeeded and wrote the id.
    Ok(unsafe { tid.assume_init() })
}

/// `pthread_join(tid, NULL)`.
pub(crate) fn pthread_join(tid: libc::pthread_t) -> Result<()> {
    // SAFETY: tid is a joinable thread of ours (pthread::pthread_t owns it
    // and joins or detaches it exactly once); NULL: no value wanted.
    let rc = unsafe { libc::pthread_join(tid, std::ptr::null_mut()) };
    match rc {
        0 => Ok(()),
        e => Err(Error::sys("pthread_join", Errno::from_raw(e))),
    }
}

/// `pthread_detach(tid)`.
pub(crate) fn pthread_detach(tid: libc::pthread_t) -> Result<()> {
    // SAFETY: tid is a joinable thread of ours, detached once.
    let rc = unsafe { libc::pthread_detach(tid) };
    match rc {
        0 => Ok(()),
        e => Err(Error::sys("pthread_detach", Errno::from_raw(e))),
    }
}

/// `pthread_self()`.
pub(crate) fn pthread_self() -> libc::pthread_t {
    // SAFETY: no argument; always succeeds.
    unsafe { libc::pthread_self() }
}

/// `gettid()`: the kernel's id of the calling thread (strace's pid column).
pub(crate) fn gettid() -> pid_t {
    // SAFETY: no argument; always succeeds.
    unsafe { libc::gettid() }
}

// [ch26 block, continued] the C library's mutex and condition variable
// (what pthread::pthread_mutex_t and pthread::pthread_cond_t are built on)

/// C's `pthread_mutex_t` or `pthread_cond_t`, on the heap, made on first
/// use: a `const` constructor (for a `static`, like C's
/// `PTHREAD_MUTEX_INITIALIZER`) cannot allocate, and a pthread object
/// must never move once initialised (POSIX: only the object itself may be
/// used, never a copy) — the box never moves, whatever happens to its
/// owner. Initialised with `pthread_mutex_init(&m, NULL)` /
/// `pthread_cond_init(&c, NULL)`: POSIX allows the static initialisers
/// only for statically allocated objects, and with NULL attributes the
/// init call makes the same default object (glibc writes the same bytes;
/// no system call).
struct LazyPthread<O: PthreadObject> {
    ptr: std::sync::atomic::AtomicPtr<O>,
}

/// The two C objects [`LazyPthread`] holds: their init and destroy calls.
trait PthreadObject: Sized {
    /// The C call that initialises one, for error messages.
    const INIT: &'static str;
    /// `pthread_X_init(obj, NULL)`.
    ///
    /// # Safety
    /// `obj` is writable memory for one object, not in use.
    unsafe fn init(obj: *mut Self) -> c_int;
    /// `pthread_X_destroy(obj)`.
    ///
    /// # Safety
    /// `obj` is initialised, and no thread uses it (nor ever will).
    unsafe fn destroy(obj: *mut Self) -> c_int;
}

impl PthreadObject for libc::pthread_mutex_t {
    const INIT: &'static str = "pthread_mutex_init";
    unsafe fn init(obj: *mut Self) -> c_int {
        // SAFETY: the caller's promise; NULL attributes are the defaults.
        unsafe { libc::pthread_mutex_init(obj, std::ptr::null()) }
    }
    unsafe fn destroy(obj: *mut Self) -> c_int {
        // SAFETY: the caller's promise.
        unsafe { libc::pthread_mutex_destroy(obj) }
    }
}

impl PthreadObject for libc::pthread_cond_t {
    const INIT: &'static str = "pthread_cond_init";
    unsafe fn init(obj: *mut Self) -> c_int {
        // SAFETY: the caller's promise; NULL attributes are the defaults
        // (CLOCK_REALTIME for timed waits, not process-shared).
        unsafe { libc::pthread_cond_init(obj, std::ptr::null()) }
    }
    unsafe fn destroy(obj: *mut Self) -> c_int {
        // SAFETY: the caller's promise.
        unsafe { libc::pthread_cond_destroy(obj) }
    }
}

// With NULL attributes glibc's mutex is PTHREAD_MUTEX_DEFAULT, which is
// PTHREAD_MUTEX_NORMAL: locking it twice in one thread waits for ever
// (what POSIX defines for NORMAL) rather than being undefined.
const _: () = assert!(libc::PTHREAD_MUTEX_DEFAULT == libc::PTHREAD_MUTEX_NORMAL);

impl<O: PthreadObject> LazyPthread<O> {
    const fn new() -> Self {
        LazyPthread {
            ptr: std::sync::atomic::AtomicPtr::new(std::ptr::null_mut()),
        }
    }

    /// The object, allocated and initialised by the first caller. Two
    /// first callers at once each make one; the one that loses the race
    /// destroys and frees its own, which nobody else has seen.
    fn get(&self) -> Result<*mut O> {
        use std::sync::atomic::Ordering::{AcqRel, Acquire};
        let current = self.ptr.load(Acquire);
        if !current.is_null() {
            return Ok(current);
        }
        let new = Box::into_raw(Box::new(std::mem::MaybeUninit::<O>::uninit())).cast::<O>();
        // SAFETY: new is fresh, writable memory for one O that only this
        // thread knows of.
        let rc = unsafe { O::init(new) };
        if rc != 0 {
            // SAFETY: the box made above, still ours alone.
            drop(unsafe { Box::from_raw(new.cast::<std::mem::MaybeUninit<O>>()) });
            return Err(Error::sys(O::INIT, Errno::from_raw(rc)));
        }
        match self
            .ptr
            .compare_exchange(std::ptr::null_mut(), new, AcqRel, Acquire)
        {
            Ok(_) => Ok(new),
            Err(theirs) => {
                // SAFETY: ours lost the race before anyone else saw it:
                // initialised, unused, ours alone.
                unsafe {
                    O::destroy(new);
                    drop(Box::from_raw(new.cast::<std::mem::MaybeUninit<O>>()));
                }
                Ok(theirs)
            }
        }
    }
}

/// The mutex under `pthread::pthread_mutex_t<T>`: glibc's
/// `pthread_mutex_t` (boxed, see [`LazyPthread`]) and the data it guards,
/// reachable only through a [`MutexGuard`].
pub(crate) struct Mutex<T> {
    raw: LazyPthread<libc::pthread_mutex_t>,
    data: std::cell::UnsafeCell<T>,
}

// SAFETY: as std's Mutex: the data moves between threads with the mutex
// (T: Send); the C mutex has no tie to the thread that made it.
unsafe impl<T: Send> Send for Mutex<T> {}
// SAFETY: as std's Mutex: &Mutex gives the data (&mut T) to one thread at
// a time, the one whose pthread_mutex_lock returned, so T: Send suffices.
unsafe impl<T: Send> Sync for Mutex<T> {}

impl<T> Mutex<T> {
    pub(crate) const fn new(value: T) -> Self {
        Mutex {
            raw: LazyPthread::new(),
            data: std::cell::UnsafeCell::new(value),
        }
    }

    /// `pthread_mutex_lock(&m)`: the guard is the proof that this thread
    /// holds the lock.
    pub(crate) fn lock(&self) -> Result<MutexGuard<'_, T>> {
        let raw = self.raw.get()?;
        // SAFETY: raw is an initialised mutex that lives (and stays where
        // it is) as long as &self.
        let rc = unsafe { libc::pthread_mutex_lock(raw) };
        pthread_check("pthread_mutex_lock", rc)?;
        Ok(MutexGuard { mutex: self, raw })
    }
}

impl<T> Drop for Mutex<T> {
    fn drop(&mut self) {
        let raw = *self.raw.ptr.get_mut();
        if raw.is_null() {
            return; // never locked: nothing was made
        }
        // &mut self: no guard is alive and nobody waits. It can still be
        // locked if a guard was forgotten (std::mem::forget); destroying a
        // locked mutex is undefined, so that one is leaked instead.
        // SAFETY: an initialised mutex that only this thread can reach.
        unsafe {
            if libc::pthread_mutex_trylock(raw) == 0 {
                libc::pthread_mutex_unlock(raw);
                libc::pthread_mutex_destroy(raw);
                drop(Box::from_raw(
                    raw.cast::<std::mem::MaybeUninit<libc::pthread_mutex_t>>(),
                ));
            }
        }
    }
}

/// A locked [`Mutex`]; unlocks (`pthread_mutex_unlock`) when dropped, also
/// while a panic unwinds. Not `Send`: a pthread mutex must be unlocked by
/// the thread that locked it (the raw pointer makes the type `!Send`).
pub(crate) struct MutexGuard<'a, T> {
    mutex: &'a Mutex<T>,
    raw: *mut libc::pthread_mutex_t,
}

// SAFETY: as std's MutexGuard: sharing the guard between threads only
// shares &T (T: Sync); unlocking still happens in the locking thread.
unsafe impl<T: Sync> Sync for MutexGuard<'_, T> {}

impl<T> MutexGuard<'_, T> {
    pub(crate) fn data(&self) -> &T {
        // SAFETY: this thread holds the lock (the guard exists), so nobody
        // else reaches the data; &self ties the borrow to the guard.
        unsafe { &*self.mutex.data.get() }
    }

    pub(crate) fn data_mut(&mut self) -> &mut T {
        // SAFETY: as in data(); &mut self makes the borrow unique.
        unsafe { &mut *self.mutex.data.get() }
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        // SAFETY: this thread locked raw (guards are not Send), and it is
        // unlocked once, here. A NORMAL mutex's unlock by its owner cannot
        // fail.
        unsafe { libc::pthread_mutex_unlock(self.raw) };
    }
}

/// The condition variable under `pthread::pthread_cond_t`: glibc's
/// `pthread_cond_t`, boxed (see [`LazyPthread`]), and the mutex it was
/// first used with.
pub(crate) struct Cond {
    raw: LazyPthread<libc::pthread_cond_t>,
    /// POSIX leaves waits on one condition variable with two different
    /// mutexes undefined: the first wait binds it to its mutex (std's
    /// pthread condvar did the same), later waits with another are
    /// refused.
    mutex: std::sync::atomic::AtomicPtr<libc::pthread_mutex_t>,
}

// SAFETY: the C condition variable is made for use by many threads at
// once (that is what it is for); every access is a pthread_cond_* call.
unsafe impl Send for Cond {}
// SAFETY: as for Send.
unsafe impl Sync for Cond {}

impl Cond {
    pub(crate) const fn new() -> Self {
        Cond {
            raw: LazyPthread::new(),
            mutex: std::sync::atomic::AtomicPtr::new(std::ptr::null_mut()),
        }
    }

    /// The cond and the guard's mutex, once checked to belong together.
    fn pair<T>(
        &self,
        call: &'static str,
        guard: &MutexGuard<'_, T>,
    ) -> Result<*mut libc::pthread_cond_t> {
        use std::sync::atomic::Ordering::Relaxed;
        let cond = self.raw.get()?;
        match self
            .mutex
            .compare_exchange(std::ptr::null_mut(), guard.raw, Relaxed, Relaxed)
        {
            Ok(_) => Ok(cond),
            Err(m) if m == guard.raw => Ok(cond),
            Err(_) => Err(Error::invalid(
                call,
                "this condition variable is used with another mutex (POSIX leaves that undefined)",
            )),
        }
    }

    /// `pthread_cond_wait(&c, &m)`: unlocks the guard's mutex, waits,
    /// locks it again before returning (also on error: POSIX checks
    /// before it unlocks).
    pub(crate) fn wait<T>(&self, guard: &mut MutexGuard<'_, T>) -> Result<()> {
        let cond = self.pair("pthread_cond_wait", guard)?;
        // SAFETY: both objects are initialised and stay put while borrowed;
        // this thread holds the mutex (the guard), which the call unlocks
        // and locks again before it returns, so the guard is still true
        // afterwards; the cond is only ever used with this mutex.
        let rc = unsafe { libc::pthread_cond_wait(cond, guard.raw) };
        pthread_check("pthread_cond_wait", rc)
    }

    /// `pthread_cond_timedwait(&c, &m, &abstime)`, `abstime` on
    /// CLOCK_REALTIME (the default clock). `Ok(true)`: ETIMEDOUT.
    pub(crate) fn timedwait<T>(
        &self,
        guard: &mut MutexGuard<'_, T>,
        abstime: &libc::timespec,
    ) -> Result<bool> {
        let cond = self.pair("pthread_cond_timedwait", guard)?;
        // SAFETY: as in wait(); abstime is a valid timespec that lives
        // through the call. On ETIMEDOUT the mutex is locked again too.
        let rc = unsafe { libc::pthread_cond_timedwait(cond, guard.raw, abstime) };
        match rc {
            libc::ETIMEDOUT => Ok(true),
            rc => pthread_check("pthread_cond_timedwait", rc).map(|()| false),
        }
    }

    /// `pthread_cond_signal(&c)`: no system call when nobody waits.
    pub(crate) fn signal(&self) -> Result<()> {
        let cond = self.raw.get()?;
        // SAFETY: an initialised cond that stays put while &self lives.
        pthread_check("pthread_cond_signal", unsafe {
            libc::pthread_cond_signal(cond)
        })
    }

    /// `pthread_cond_broadcast(&c)`: no system call when nobody waits.
    pub(crate) fn broadcast(&self) -> Result<()> {
        let cond = self.raw.get()?;
        // SAFETY: an initialised cond that stays put while &self lives.
        pthread_check("pthread_cond_broadcast", unsafe {
            libc::pthread_cond_broadcast(cond)
        })
    }
}

impl Drop for Cond {
    fn drop(&mut self) {
        let raw = *self.raw.ptr.get_mut();
        if raw.is_null() {
            return;
        }
        // SAFETY: &mut self: no thread waits on it or signals it (a wait
        // borrows it until it has returned); initialised, destroyed once.
        unsafe {
            libc::pthread_cond_destroy(raw);
            drop(Box::from_raw(
                raw.cast::<std::mem::MaybeUninit<libc::pthread_cond_t>>(),
            ));
        }
    }
}

/// `clock_gettime(CLOCK_REALTIME, &ts)`: now, as a timed wait's absolute
/// time is given (glibc answers from the vDSO: no system call).
pub(crate) fn clock_gettime_realtime() -> Result<libc::timespec> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: ts is a writable struct timespec.
    cvt("clock_gettime", unsafe {
        libc::clock_gettime(libc::CLOCK_REALTIME, &mut ts)
    })?;
    Ok(ts)
}

// ---------------------------------------------------------------------
// Chapter 13 (daemons, inetd, syslog) [ch13 block — keep together for
// merges]: setsid, chdir, umask, execv, the descriptors a daemon closes,
// descriptor 0 as inetd hands it over, and syslog(3).
// ---------------------------------------------------------------------

pub(crate) fn setsid() -> Result<pid_t> {
    // SAFETY: setsid() takes nothing and touches no memory of ours.
    cvt("setsid", unsafe { libc::setsid() })
}

pub(crate) fn chdir(path: &CStr) -> Result<()> {
    // SAFETY: path is a NUL-terminated string that outlives the call.
    cvt("chdir", unsafe { libc::chdir(path.as_ptr()) }).map(drop)
}

pub(crate) fn umask(mask: libc::mode_t) -> libc::mode_t {
    // SAFETY: umask() takes an integer and cannot fail.
    unsafe { libc::umask(mask) }
}

/// execv(3): `execve(path, argv, environ)`; returns only on failure.
pub(crate) fn execv(path: &CStr, argv: &[CString]) -> Error {
    let mut ptrs: Vec<*const libc::c_char> = argv.iter().map(|a| a.as_ptr()).collect();
    ptrs.push(std::ptr::null());
    // SAFETY: path is NUL-terminated; ptrs is a NULL-terminated array of
    // NUL-terminated strings, all alive for the call. On success the
    // process image is replaced and nothing of ours is used again.
    unsafe { libc::execv(path.as_ptr(), ptrs.as_ptr()) };
    Error::sys("execv", Errno::last())
}

/// The number of entries of the C library's `environ`: strace's
/// `/* 23 vars */` after execve's third argument.
pub(crate) fn environ_len() -> usize {
    unsafe extern "C" {
        static environ: *const *const libc::c_char;
    }
    // SAFETY: environ is the C library's NULL-terminated array of strings
    // (or NULL); this single-threaded read happens before exec, and no one
    // changes the environment meanwhile in the programs that call it.
    unsafe {
        let mut n = 0;
        if !environ.is_null() {
            while !(*environ.add(n)).is_null() {
                n += 1;
            }
        }
        n
    }
}

/// close(2) on a number nobody in this process owns: a descriptor the
/// process inherited (the daemon's "close all descriptors" step). EBADF
/// for a number that is not open, as in C.
pub(crate) fn close_inherited(fd: RawFd) -> Result<()> {
    // SAFETY: close() takes an integer and touches no memory of ours. The
    // callers (unp::daemon_init) document that they run before the program
    // owns any descriptor, so no owner's number is closed under it.
    cvt("close", unsafe { libc::close(fd) }).map(drop)
}

/// Descriptor 0 as an owned descriptor, for a server inetd started (the
/// connected socket is 0, 1 and 2). Once per process: `unistd::take_stdin`
/// keeps the flag that refuses a second owner.
pub(crate) fn own_stdin() -> OwnedFd {
    owned(0)
}

/// The ident openlog(3) was given: the C library keeps the pointer, not a
/// copy, so the string must live as long as the process may log. The lock
/// also keeps two openlog calls from racing.
static LOG_IDENT: std::sync::Mutex<Option<CString>> = std::sync::Mutex::new(None);

/// openlog(3). No system call (unless `LOG_NDELAY`): the C library
/// connects to /dev/log at the first syslog.
pub(crate) fn openlog(ident: Option<CString>, option: c_int, facility: c_int) {
    let mut slot = LOG_IDENT.lock().unwrap_or_else(|p| p.into_inner());
    let ptr = ident.as_ref().map_or(std::ptr::null(), |s| s.as_ptr());
    // SAFETY: ptr is NULL or a NUL-terminated string we keep alive in
    // LOG_IDENT (replaced only after the C library has the new one).
    unsafe { libc::openlog(ptr, option, facility) };
    *slot = ident;
}

/// syslog(3) with the format `"%s"`: the message is text, never a format.
pub(crate) fn syslog(priority: c_int, message: &CStr) {
    // SAFETY: "%s" takes one NUL-terminated string, which message is.
    unsafe { libc::syslog(priority, c"%s".as_ptr(), message.as_ptr()) }
}

/// closelog(3): closes the descriptor to /dev/log, if it was opened.
pub(crate) fn closelog() {
    // SAFETY: closelog() takes nothing; the ident string stays alive.
    unsafe { libc::closelog() }
}

// [ch13 block, issue 11] the static-hostent trap, shown safely

/// The pointer the last gethostbyname returned (0: none yet), and the lock
/// every socklab gethostbyname and [`static_hostent`] take: the struct it
/// points to is the C library's one static `struct hostent`.
static LAST_HOSTENT: std::sync::Mutex<usize> = std::sync::Mutex::new(0);

/// A copy of the static `struct hostent` the last gethostbyname returned,
/// as it is now (what a C program reads through the pointer it saved).
pub(crate) fn static_hostent() -> Option<RawHostent> {
    let last = LAST_HOSTENT.lock().unwrap_or_else(|p| p.into_inner());
    if *last == 0 {
        return None;
    }
    // SAFETY: the pointer is the C library's static hostent, which lives as
    // long as the process; its fields point into the C library's buffer,
    // valid until the next gethostbyname — which socklab makes only under
    // this lock, held here. (A gethostbyname of other code in another
    // thread would race here as it races with any C reader of the struct.)
    Some(unsafe { copy_hostent(*last as *mut libc::hostent) })
}

// [ch26 block, continued] thread-specific data

/// `pthread_key_create(&key, destructor)`; the destructor gets each
/// thread's non-NULL value when the thread exits.
pub(crate) fn pthread_key_create(
    destructor: unsafe extern "C" fn(*mut c_void),
) -> Result<libc::pthread_key_t> {
    let mut key: libc::pthread_key_t = 0;
    // SAFETY: key is writable; the destructor has the signature
    // pthread_key_create expects.
    let rc = unsafe { libc::pthread_key_create(&mut key, Some(destructor)) };
    match rc {
        0 => Ok(key),
        e => Err(Error::sys("pthread_key_create", Errno::from_raw(e))),
    }
}

/// `pthread_key_delete(key)`.
pub(crate) fn pthread_key_delete(key: libc::pthread_key_t) {
    // SAFETY: key came from pthread_key_create and is deleted once.
    unsafe { libc::pthread_key_delete(key) };
}

/// `pthread_getspecific(key)`: this thread's pointer (NULL: none).
pub(crate) fn pthread_getspecific(key: libc::pthread_key_t) -> *mut c_void {
    // SAFETY: key is a live key of ours; the call only reads this thread's slot.
    unsafe { libc::pthread_getspecific(key) }
}

/// `pthread_setspecific(key, ptr)`.
pub(crate) fn pthread_setspecific(key: libc::pthread_key_t, ptr: *mut c_void) -> Result<()> {
    // SAFETY: key is a live key of ours; the pointer is only stored.
    let rc = unsafe { libc::pthread_setspecific(key, ptr) };
    match rc {
        0 => Ok(()),
        e => Err(Error::sys("pthread_setspecific", Errno::from_raw(e))),
    }
}

/// The destructor of a key holding `Box<T>`s: takes the box back, drops it.
///
/// # Safety
/// `ptr` must be a `Box<T>` turned into a raw pointer, owned by no one
/// else (what `pthread::pthread_setspecific` stores).
pub(crate) unsafe extern "C" fn drop_box<T>(ptr: *mut c_void) {
    if !ptr.is_null() {
        // SAFETY: the caller's promise: a Box<T> of ours, owned by the key.
        let value = unsafe { Box::from_raw(ptr.cast::<T>()) };
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(value)));
    }
}

/// Puts a `Box<T>` into this thread's slot of `key` (which must hold
/// `Box<T>`s), returning the one that was there.
pub(crate) fn tsd_replace<T>(
    key: libc::pthread_key_t,
    value: Option<Box<T>>,
) -> Result<Option<Box<T>>> {
    let old = pthread_getspecific(key);
    let new = value.map_or(std::ptr::null_mut(), |b| Box::into_raw(b).cast::<c_void>());
    if let Err(e) = pthread_setspecific(key, new) {
        if !new.is_null() {
            // SAFETY: the slot did not take it: still ours alone.
            drop(unsafe { Box::from_raw(new.cast::<T>()) });
        }
        return Err(e);
    }
    if old.is_null() {
        Ok(None)
    } else {
        // SAFETY: every non-NULL value of this key is a Box<T> stored by
        // this function, and the slot no longer holds it: ours now.
        Ok(Some(unsafe { Box::from_raw(old.cast::<T>()) }))
    }
}

// [ch26 block, continued] pthread_once

/// C's `pthread_once_t`, in a cell the C library may write through a
/// shared reference: glibc's is one `int` (0: not run yet), which
/// `pthread_once` changes with atomic operations and futexes.
pub(crate) struct OnceControl(std::cell::UnsafeCell<libc::pthread_once_t>);

// SAFETY: the only access to the cell is pthread_once below, which the C
// library makes safe to call from any number of threads at once (that is
// what it is for); nothing else reads or writes the int.
unsafe impl Sync for OnceControl {}
// SAFETY: an int with no tie to the thread that made it.
unsafe impl Send for OnceControl {}

impl OnceControl {
    /// `PTHREAD_ONCE_INIT`.
    pub(crate) const fn new() -> Self {
        OnceControl(std::cell::UnsafeCell::new(libc::PTHREAD_ONCE_INIT))
    }
}

/// `pthread_once(&once_control, init_routine)`. The control is `'static`:
/// it never moves or goes away while a thread is in (or waits in) the
/// call, or after it, when later calls read it again.
pub(crate) fn pthread_once(once: &'static OnceControl, init: extern "C" fn()) -> Result<()> {
    // SAFETY: the pointer is to a live, never-moving pthread_once_t that
    // started as PTHREAD_ONCE_INIT and that only pthread_once touches;
    // `init` is a plain C-ABI function with the signature pthread_once
    // expects (a panic in it aborts rather than unwinding into C).
    let rc = unsafe { libc::pthread_once(once.0.get(), init) };
    match rc {
        0 => Ok(()),
        e => Err(Error::sys("pthread_once", Errno::from_raw(e))),
    }
}

// ---------------------------------------------------------------------
// Chapter 17 (ioctl) [ch17 block — keep together for merges]: the ioctls
// that take an int, a struct ifreq, a struct ifconf or a struct arpreq;
// <net/if.h>'s if_nametoindex, if_indextoname, if_nameindex; getifaddrs.
// ---------------------------------------------------------------------

/// `ioctl(fd, request, &ifr)` for the `SIOCGIF*` requests.
pub(crate) fn ioctl_ifreq(
    fd: BorrowedFd,
    request: c_int,
    ifr: &mut crate::types::ifreq,
) -> Result<()> {
    // SAFETY: types::ifreq is #[repr(C)] with struct ifreq's size (checked
    // at compile time); the SIOCGIF* requests read the name and write the
    // union, inside the live struct.
    cvt("ioctl", unsafe {
        libc::ioctl(
            fd.as_raw_fd(),
            request as libc::Ioctl,
            std::ptr::from_mut(ifr),
        )
    })
    .map(drop)
}

/// `ioctl(fd, SIOCGIFCONF, &ifc)`.
pub(crate) fn ioctl_ifconf(fd: BorrowedFd, ifc: &mut crate::types::ifconf) -> Result<()> {
    let room = ifc.ifc_buf.len() * size_of::<crate::types::ifreq>();
    // SAFETY: struct ifconf is plain old data.
    let mut c_ifc: libc::ifconf = unsafe { zeroed() };
    // never more than the buffer really holds
    c_ifc.ifc_len = ifc.ifc_len.clamp(0, room.min(c_int::MAX as usize) as c_int);
    c_ifc.ifc_ifcu.ifcu_req = ifc.ifc_buf.as_mut_ptr().cast();
    // SAFETY: ifc_buf points to ifc_len writable bytes of ifreq-sized
    // entries (types::ifreq has struct ifreq's layout).
    let res = cvt("ioctl", unsafe {
        libc::ioctl(fd.as_raw_fd(), libc::SIOCGIFCONF, &mut c_ifc)
    });
    if res.is_ok() {
        ifc.ifc_len = c_ifc.ifc_len;
    }
    res.map(drop)
}

/// `ioctl(fd, request, &arpreq)` (`SIOCGARP`).
pub(crate) fn ioctl_arpreq(
    fd: BorrowedFd,
    request: c_int,
    req: &mut crate::types::arpreq,
) -> Result<()> {
    // SAFETY: types::arpreq is #[repr(C)] with struct arpreq's size
    // (checked at compile time); the request reads and writes inside it.
    cvt("ioctl", unsafe {
        libc::ioctl(
            fd.as_raw_fd(),
            request as libc::Ioctl,
            std::ptr::from_mut(req),
        )
    })
    .map(drop)
}

/// if_nametoindex(3): 0 (with errno) when there is no such interface.
pub(crate) fn if_nametoindex(name: &CStr) -> Result<libc::c_uint> {
    // SAFETY: name is NUL-terminated.
    let index = unsafe { libc::if_nametoindex(name.as_ptr()) };
    if index == 0 {
        return Err(Error::sys("if_nametoindex", Errno::last()));
    }
    Ok(index)
}

/// if_indextoname(3): NULL (with errno, ENXIO) when there is none.
pub(crate) fn if_indextoname(index: libc::c_uint) -> Result<String> {
    let mut buf = [0 as libc::c_char; libc::IF_NAMESIZE];
    // SAFETY: buf has IF_NAMESIZE bytes, as the call requires.
    let p = unsafe { libc::if_indextoname(index, buf.as_mut_ptr()) };
    if p.is_null() {
        return Err(Error::sys("if_indextoname", Errno::last()));
    }
    // SAFETY: on success buf holds a NUL-terminated name.
    Ok(unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned())
}

/// A list the C library allocated, freed by `free` when dropped: so the
/// C list is freed on every path, the error paths included.
struct CList<T> {
    head: *mut T,
    free: unsafe extern "C" fn(*mut T),
}

impl<T> Drop for CList<T> {
    fn drop(&mut self) {
        if !self.head.is_null() {
            // SAFETY: head came from the matching allocating call and is
            // freed once, here.
            unsafe { (self.free)(self.head) };
        }
    }
}

/// if_nameindex(3), copied out; the C array is freed (if_freenameindex).
pub(crate) fn if_nameindex() -> Result<Vec<crate::types::if_nameindex>> {
    // SAFETY: no arguments; NULL (with errno) on failure.
    let head = unsafe { libc::if_nameindex() };
    if head.is_null() {
        return Err(Error::sys("if_nameindex", Errno::last()));
    }
    let list = CList {
        head,
        free: libc::if_freenameindex,
    };
    let mut out = Vec::new();
    let mut cur = list.head;
    loop {
        // SAFETY: cur is inside the array, which ends with a {0, NULL} entry.
        let e = unsafe { &*cur };
        if e.if_index == 0 && e.if_name.is_null() {
            break;
        }
        out.push(crate::types::if_nameindex {
            if_index: e.if_index,
            // SAFETY: if_name is a NUL-terminated string in the array.
            if_name: unsafe { CStr::from_ptr(e.if_name) }
                .to_string_lossy()
                .into_owned(),
        });
        // SAFETY: not past the terminating entry (checked above).
        cur = unsafe { cur.add(1) };
    }
    Ok(out)
}

/// A C `struct sockaddr *` of a getifaddrs entry, copied by its family's
/// size (the entry has no length); NULL is None.
fn copy_ifa_addr(sa: *const sockaddr) -> Option<SockAddr> {
    if sa.is_null() {
        return None;
    }
    // SAFETY: sa points to a sockaddr of at least sa_family's size.
    let family = c_int::from(unsafe { (*sa).sa_family });
    let len = match family {
        libc::AF_INET => size_of::<libc::sockaddr_in>(),
        libc::AF_INET6 => size_of::<libc::sockaddr_in6>(),
        _ => return Some(SockAddr::Other { family }),
    };
    let mut raw = RawAddr::empty();
    // SAFETY: an AF_INET/AF_INET6 sockaddr holds `len` bytes; the storage
    // holds more.
    unsafe {
        std::ptr::copy_nonoverlapping(sa.cast::<u8>(), (&raw mut raw.storage).cast::<u8>(), len)
    };
    raw.len = len as socklen_t;
    Some(raw.to_sockaddr())
}

/// getifaddrs(3), copied out; the C list is freed (freeifaddrs).
pub(crate) fn getifaddrs() -> Result<Vec<crate::types::ifaddrs>> {
    let mut head: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: head is a live out-pointer.
    cvt("getifaddrs", unsafe { libc::getifaddrs(&mut head) })?;
    let list = CList {
        head,
        free: libc::freeifaddrs,
    };
    let mut out = Vec::new();
    let mut cur = list.head;
    while !cur.is_null() {
        // SAFETY: cur is a node of the list, freed only when `list` drops.
        let ifa = unsafe { &*cur };
        out.push(crate::types::ifaddrs {
            // SAFETY: ifa_name is a NUL-terminated string in the list.
            ifa_name: unsafe { CStr::from_ptr(ifa.ifa_name) }
                .to_string_lossy()
                .into_owned(),
            ifa_flags: ifa.ifa_flags,
            ifa_addr: copy_ifa_addr(ifa.ifa_addr),
            ifa_netmask: copy_ifa_addr(ifa.ifa_netmask),
            ifa_ifu: copy_ifa_addr(ifa.ifa_ifu),
        });
        cur = ifa.ifa_next;
    }
    Ok(out)
}

// ---------------------------------------------------------------------
// Chapter 15 (Unix domain protocols): execve with an environment (trace
// mode's execv), a descriptor number inherited across exec. [ch15 block — keep together
// for merges]
// ---------------------------------------------------------------------

/// execve(2) with the environment given (trace mode's execv).
pub(crate) fn execve(path: &CStr, argv: &[CString], envp: &[CString]) -> Error {
    let mut args: Vec<*const libc::c_char> = argv.iter().map(|a| a.as_ptr()).collect();
    args.push(std::ptr::null());
    let mut env: Vec<*const libc::c_char> = envp.iter().map(|e| e.as_ptr()).collect();
    env.push(std::ptr::null());
    // SAFETY: every string is live and NUL-terminated; both pointer
    // arrays end with NULL, as execve requires.
    unsafe { libc::execve(path.as_ptr(), args.as_ptr(), env.as_ptr()) };
    Error::sys("execve", Errno::last())
}

/// Takes ownership of a descriptor number this process inherited (a
/// program's argument, as the book's `openfile` gets its socket).
pub(crate) fn inherited(fd: RawFd) -> OwnedFd {
    // SAFETY: the caller (Fd::inherited) refuses 0, 1, 2 and negative
    // numbers; the number was handed to this program to own (it was open
    // across exec and nothing in the program has claimed it).
    unsafe { OwnedFd::from_raw_fd(fd) }
}

impl RawAddr {
    /// [ch15] The same address passed with a shorter length (C's
    /// `SUN_LEN`), never longer than the address's own C size.
    pub(crate) fn shortened(mut self, len: socklen_t) -> Option<RawAddr> {
        (len <= self.len).then(|| {
            self.len = len;
            self
        })
    }
}

// ---------------------------------------------------------------------
// Chapter 20 (broadcasting): pselect, pipe (the signal sets are the
// ch24 block's). [ch20 block — keep together for merges]
// ---------------------------------------------------------------------

pub(crate) fn pselect(
    nfds: c_int,
    read: Option<&mut fd_set>,
    write: Option<&mut fd_set>,
    except: Option<&mut fd_set>,
    timeout: Option<&libc::timespec>,
    sigmask: Option<&libc::sigset_t>,
) -> Result<c_int> {
    fn ptr<T>(x: Option<&mut T>) -> *mut T {
        x.map_or(std::ptr::null_mut(), |r| r)
    }
    let set = |s: Option<&mut fd_set>| ptr(s.map(|s| &mut s.bits)).cast::<libc::fd_set>();
    let timeout = timeout.map_or(std::ptr::null(), |t| t as *const libc::timespec);
    let sigmask = sigmask.map_or(std::ptr::null(), |s| s as *const libc::sigset_t);
    // SAFETY: each pointer is NULL or a live fd_set/timespec/sigset_t; the
    // sets are exclusive (pselect writes them back).
    cvt("pselect", unsafe {
        libc::pselect(nfds, set(read), set(write), set(except), timeout, sigmask)
    })
}

pub(crate) fn pipe() -> Result<(OwnedFd, OwnedFd)> {
    let mut fds: [c_int; 2] = [-1, -1];
    // SAFETY: fds is a live array of two ints for the kernel to fill in.
    cvt("pipe", unsafe { libc::pipe(fds.as_mut_ptr()) })?;
    Ok((owned(fds[0]), owned(fds[1])))
}

// ---------------------------------------------------------------------
// Chapter 21 (multicasting): socket addresses as the bytes of a
// sockaddr_storage (inside group_req), and <net/if.h>'s names and
// indexes. [ch21 block — keep together for merges]
// ---------------------------------------------------------------------

// (The address bytes: `sockaddr_bytes`/`sockaddr_from_bytes`, in the
// chapter 23 block, which SCTP's address lists share.)

// (<net/if.h>'s if_nametoindex/if_indextoname: in the chapter 17 block,
// shared with chapter 21.)

// ---------------------------------------------------------------------
// Chapter 22: recvfrom_flags hands the sender back in the caller's own
// address type. [ch22 block — keep together for merges]
// ---------------------------------------------------------------------

/// An address read as the C struct `A` (the bytes `recvmsg` wrote into
/// `msg_name`, as a C program's `struct sockaddr_in` sees them).
pub(crate) fn sockaddr_as<A: SockAddrOut>(addr: &SockAddr) -> A {
    A::from_raw(&RawAddr::new(addr))
}

// ---------------------------------------------------------------------
// chapter 23 (SCTP, <netinet/sctp.h>): the SCTP option values, and the
// byte-level getsockopt/setsockopt that sctp_bindx, sctp_getpaddrs,
// sctp_peeloff and sctp_opt_info make. [chapter 23 block — keep together
// for merges]
// ---------------------------------------------------------------------

impl OptValue for crate::sctp_types::sctp_initmsg {}
impl OptValue for crate::sctp_types::sctp_event_subscribe {}
impl OptValue for crate::sctp_types::sctp_paddrparams {}
impl OptValue for crate::sctp_types::sctp_status {}
impl sealed::Sealed for crate::sctp_types::sctp_initmsg {}
impl sealed::Sealed for crate::sctp_types::sctp_event_subscribe {}
impl sealed::Sealed for crate::sctp_types::sctp_paddrparams {}
impl sealed::Sealed for crate::sctp_types::sctp_status {}

/// An option value's bytes, as the kernel receives them (trace mode prints
/// struct values as strace does: a quoted string).
pub(crate) fn opt_bytes<T: OptValue>(value: &T) -> &[u8] {
    let ptr: *const T = value;
    // SAFETY: every OptValue is a plain C type whose bytes are all
    // initialised (the structs have no padding, or are packed); the slice
    // borrows `value` for its whole life.
    unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), size_of::<T>()) }
}

/// `getsockopt(fd, level, name, value, &len)` with `value` read by the
/// kernel first (sctp_opt_info: the association id, an address) and
/// written back; returns the length the kernel reported.
pub(crate) fn getsockopt_inout<T: OptValue>(
    fd: BorrowedFd,
    level: c_int,
    name: c_int,
    value: &mut T,
) -> Result<socklen_t> {
    let mut len = size_of::<T>() as socklen_t;
    let ptr: *mut T = value;
    // SAFETY: ptr points to a live, writable T of `len` bytes, plain C
    // data; the kernel writes at most len bytes.
    cvt("getsockopt", unsafe {
        libc::getsockopt(fd.as_raw_fd(), level, name, ptr.cast(), &mut len)
    })?;
    Ok(len)
}

/// `setsockopt(fd, level, name, buf, len)` with a byte buffer (sctp_bindx's
/// packed address list).
pub(crate) fn setsockopt_bytes(
    fd: BorrowedFd,
    level: c_int,
    name: c_int,
    buf: &[u8],
) -> Result<()> {
    // SAFETY: buf is a live slice of exactly the length we pass.
    cvt("setsockopt", unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            level,
            name,
            buf.as_ptr().cast(),
            buf.len() as socklen_t,
        )
    })
    .map(drop)
}

/// `getsockopt(fd, level, name, buf, &len)` with a byte buffer the kernel
/// reads and writes (SCTP_GET_PEER_ADDRS, SCTP_SOCKOPT_PEELOFF); returns
/// the call's return value and the length the kernel reported.
pub(crate) fn getsockopt_bytes(
    fd: BorrowedFd,
    level: c_int,
    name: c_int,
    buf: &mut [u8],
) -> Result<(c_int, socklen_t)> {
    let mut len = buf.len() as socklen_t;
    // SAFETY: buf is a live, writable slice of `len` bytes; the kernel
    // writes at most len.
    let ret = cvt("getsockopt", unsafe {
        libc::getsockopt(
            fd.as_raw_fd(),
            level,
            name,
            buf.as_mut_ptr().cast(),
            &mut len,
        )
    })?;
    Ok((ret, len))
}

/// A socklab address as C's bytes: the `sockaddr_in`/`sockaddr_in6` at
/// the start of a 128-byte `sockaddr_storage`, and its length.
pub(crate) fn sockaddr_bytes(addr: &SockAddr) -> ([u8; 128], usize) {
    let raw = RawAddr::new(addr);
    let mut out = [0u8; 128];
    let (ptr, len) = raw.as_ptr();
    let len = (len as usize).min(out.len());
    // SAFETY: ptr points to raw's sockaddr_storage (128 bytes, fully
    // initialised), of which we copy the first len ≤ 128 bytes.
    out[..len].copy_from_slice(unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) });
    (out, len)
}

/// C's address bytes (a `sockaddr_in` or `sockaddr_in6`, as packed in
/// SCTP's address lists and notifications) read as a socklab address.
pub(crate) fn sockaddr_from_bytes(bytes: &[u8]) -> SockAddr {
    let mut raw = RawAddr::empty();
    let len = bytes.len().min(STORAGE_LEN as usize);
    let (ptr, lenp) = raw.as_mut_ptr();
    // SAFETY: ptr points to raw's 128-byte storage, lenp to its length;
    // we copy at most 128 bytes into it.
    unsafe {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), ptr.cast::<u8>(), len);
        *lenp = len as socklen_t;
    }
    raw.to_sockaddr()
}
// ---- end chapter 23 ----
