//! `<sys/mman.h>` — [`mmap`] and [`munmap`]: memory shared between a
//! parent and the children it forks. Chapter 30 uses it twice: the meter
//! that counts the connections each preforked child served (§30.6), and
//! a mutex that the children of §30.8 lock around `accept`
//! ([`SharedMutex`]).
//!
//! After `fork` a child has a *copy* of its parent's memory, so a counter
//! it increments is its own. A `MAP_SHARED` mapping is the exception: the
//! same pages in every process that inherits it. socklab lets a program
//! use such memory only as atomic counters ([`Mapping::counters`]) or as
//! a process-shared mutex, because several processes may change it at
//! the same moment.

use std::os::fd::{AsRawFd, BorrowedFd};
use std::sync::atomic::AtomicI64;

use libc::{c_int, off_t};

use crate::error::{Error, Result};
use crate::sys::{self, RawMapping};
use crate::trace::calls;

/// `PROT_READ`—the mapping can be read.
pub const PROT_READ: c_int = libc::PROT_READ;
/// `PROT_WRITE`—the mapping can be written.
pub const PROT_WRITE: c_int = libc::PROT_WRITE;
/// `PROT_NONE`—no access at all.
pub const PROT_NONE: c_int = libc::PROT_NONE;
/// `MAP_SHARED`—changes are seen by every process that maps the same
/// pages, including children forked after the `mmap`.
pub const MAP_SHARED: c_int = libc::MAP_SHARED;
/// `MAP_PRIVATE`—changes are this process's own (copy on write).
pub const MAP_PRIVATE: c_int = libc::MAP_PRIVATE;
/// `MAP_ANONYMOUS`—memory that belongs to no file, zero-filled; `fd` is
/// `None` (C: -1). The book's `MAP_ANON` is the same flag.
pub const MAP_ANONYMOUS: c_int = libc::MAP_ANONYMOUS;
/// `MAP_ANON`—the BSD name of [`MAP_ANONYMOUS`], the one the book uses.
pub const MAP_ANON: c_int = libc::MAP_ANONYMOUS;

/// A mapping made by [`mmap`]; [`munmap`] or dropping it removes it.
#[derive(Debug)]
pub struct Mapping {
    raw: Option<RawMapping>,
}

/// `mmap(NULL, len, prot, flags, fd, offset)`—maps `len` bytes of a file
/// (`fd`) or, with [`MAP_ANONYMOUS`] and `fd` `None` (C's -1), of fresh
/// zero-filled memory, at an address the kernel chooses.
///
/// The book's meter (§30.6) is
/// `mmap(0, nchildren * sizeof(long), PROT_READ | PROT_WRITE, MAP_ANON | MAP_SHARED, -1, 0)`:
/// one counter per child, in memory the parent and all its children
/// share. strace shows `mmap(NULL, 40, PROT_READ|PROT_WRITE,
/// MAP_SHARED|MAP_ANONYMOUS, -1, 0) = 0x7f3d89d80000`.
///
/// # Errors
/// `EINVAL` (`len` 0, or neither `MAP_SHARED` nor `MAP_PRIVATE`), `ENOMEM`,
/// `EBADF`/`EACCES` (an `fd` that cannot be mapped that way).
///
/// ```
/// use socklab::*;
/// let meter = mmap(5 * 8, PROT_READ | PROT_WRITE, MAP_ANON | MAP_SHARED, None, 0)?;
/// let counters = meter.counters()?;
/// counters[2].fetch_add(1, std::sync::atomic::Ordering::Relaxed);
/// assert_eq!(counters.len(), 5);
/// munmap(meter)?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(mmap(2))]
pub fn mmap(
    len: usize,
    prot: c_int,
    flags: c_int,
    fd: Option<BorrowedFd<'_>>,
    offset: off_t,
) -> Result<Mapping> {
    let raw_fd = fd.map_or(-1, |fd| fd.as_raw_fd());
    let res = sys::mmap(len, prot, flags, raw_fd, offset);
    calls::mmap(
        len,
        prot,
        flags,
        raw_fd,
        offset,
        &res.as_ref().map(RawMapping::addr).map_err(Clone::clone),
    );
    res.map(|raw| Mapping { raw: Some(raw) })
}

/// `munmap(addr, len)`—removes the mapping, and returns what munmap
/// returned (dropping a [`Mapping`] does the same and ignores the result).
///
/// # Errors
/// `EINVAL` (not a mapping: cannot happen for a [`Mapping`]).
///
/// ```
/// use socklab::*;
/// let m = mmap(4096, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE, None, 0)?;
/// munmap(m)?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(munmap(2))]
pub fn munmap(mut map: Mapping) -> Result<()> {
    map.unmap()
}

impl Mapping {
    /// Its length in bytes, as passed to [`mmap`].
    pub fn len(&self) -> usize {
        self.raw.as_ref().map_or(0, RawMapping::len)
    }

    /// Whether it is empty (never, for a mapping [`mmap`] made).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The mapping as an array of `long` counters (`len / 8` of them),
    /// which this process and its children can change at the same time:
    /// `counters[i].fetch_add(1, Relaxed)` is the book's `cptr[i]++`, made
    /// safe to do from several processes at once.
    ///
    /// # Errors
    /// An argument error unless the mapping is `MAP_SHARED` and
    /// `PROT_READ | PROT_WRITE` (other memory would not be shared, or
    /// would fault), or if it holds a [`SharedMutex`].
    pub fn counters(&self) -> Result<&[AtomicI64]> {
        self.raw
            .as_ref()
            .and_then(RawMapping::atomics)
            .ok_or_else(|| {
                Error::invalid(
                    "mmap",
                    "counters need a MAP_SHARED, PROT_READ|PROT_WRITE mapping",
                )
            })
    }

    fn unmap(&mut self) -> Result<()> {
        let Some(raw) = self.raw.take() else {
            return Ok(());
        };
        let (addr, len) = (raw.addr(), raw.len());
        let res = sys::munmap(raw);
        calls::munmap(addr, len, &res);
        res
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        let _ = self.unmap();
    }
}

/// A pthread mutex that several processes share: the book's
/// `lock_pthread.c` (§30.8) — a `pthread_mutex_t` in a `MAP_SHARED`
/// mapping, initialised with `PTHREAD_PROCESS_SHARED`, created before the
/// `fork`s so that every child locks the same one.
///
/// [`SharedMutex::new`] makes one mmap(2) call of anonymous memory;
/// [`SharedMutex::init`] takes a mapping you made, as the book's does (of
/// `/dev/zero`). Both then call
/// `pthread_mutexattr_init`, `pthread_mutexattr_setpshared`,
/// `pthread_mutex_init`, which make no system call. The mutex is of the
/// error-checking kind: unlocking one you do not hold is an error (EPERM),
/// not undefined behaviour as it is for C's default kind. Locking it makes
/// no system call unless another process holds it (then `futex`).
#[derive(Debug)]
pub struct SharedMutex {
    map: Mapping,
}

impl SharedMutex {
    /// Maps shared memory and initialises a process-shared mutex there.
    ///
    /// # Errors
    /// `mmap`'s (`ENOMEM`), or the pthread functions' (`ENOMEM`, `EAGAIN`).
    ///
    /// ```
    /// use socklab::*;
    /// let m = SharedMutex::new()?;
    /// pthread_mutex_lock(&m)?;
    /// pthread_mutex_unlock(&m)?;
    /// assert_eq!(pthread_mutex_unlock(&m).unwrap_err().errno(), Some(Errno::EPERM));
    /// # Ok::<(), socklab::Error>(())
    /// ```
    pub fn new() -> Result<SharedMutex> {
        let map = mmap(
            SharedMutex::SIZE,
            PROT_READ | PROT_WRITE,
            MAP_ANON | MAP_SHARED,
            None,
            0,
        )?;
        SharedMutex::init(map)
    }

    /// `sizeof(pthread_mutex_t)`: how much memory to map for one.
    pub const SIZE: usize = std::mem::size_of::<libc::pthread_mutex_t>();

    /// The book's `my_lock_init` after its mmap: `pthread_mutexattr_init`,
    /// `pthread_mutexattr_setpshared(PTHREAD_PROCESS_SHARED)`,
    /// `pthread_mutex_init` on the start of `map`, which then belongs to
    /// the mutex. No system call.
    ///
    /// # Errors
    /// An argument error unless `map` is `MAP_SHARED`, `PROT_READ |
    /// PROT_WRITE` and at least [`SharedMutex::SIZE`] long; the pthread
    /// functions' errors (`ENOMEM`, `EAGAIN`).
    ///
    /// ```
    /// use socklab::*;
    /// let fd = open("/dev/zero", O_RDWR, 0)?;
    /// let map = mmap(SharedMutex::SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, Some(fd.as_fd()), 0)?;
    /// close(fd)?; // the mapping stays
    /// let mutex = SharedMutex::init(map)?;
    /// pthread_mutex_lock(&mutex)?;
    /// pthread_mutex_unlock(&mutex)?;
    /// # Ok::<(), socklab::Error>(())
    /// ```
    pub fn init(mut map: Mapping) -> Result<SharedMutex> {
        match map.raw.as_mut() {
            Some(raw) => sys::pthread_mutex_init_pshared(raw)?,
            None => return Err(Error::invalid("pthread_mutex_init", "no mapping")),
        }
        Ok(SharedMutex { map })
    }
}

/// `pthread_mutex_lock(mptr)`—waits until no other process (or thread)
/// holds the mutex, then holds it. The book's `my_lock_wait`.
///
/// # Errors
/// `EDEADLK` (this thread holds it already).
///
/// See [`SharedMutex`] for an example.
#[doc = man_links!(pthread_mutex_lock(3))]
pub fn pthread_mutex_lock(mutex: &SharedMutex) -> Result<()> {
    match mutex.map.raw.as_ref() {
        Some(raw) => sys::pthread_mutex_lock(raw, true),
        None => Err(Error::invalid("pthread_mutex_lock", "no mapping")),
    }
}

/// `pthread_mutex_unlock(mptr)`—lets the mutex go. The book's
/// `my_lock_release`.
///
/// # Errors
/// `EPERM` (this thread does not hold it).
///
/// See [`SharedMutex`] for an example.
#[doc = man_links!(pthread_mutex_unlock(3))]
pub fn pthread_mutex_unlock(mutex: &SharedMutex) -> Result<()> {
    match mutex.map.raw.as_ref() {
        Some(raw) => sys::pthread_mutex_lock(raw, false),
        None => Err(Error::invalid("pthread_mutex_unlock", "no mapping")),
    }
}
