//! `<pthread.h>` — threads (UNP chapter 26), with the pthread names over
//! Rust ownership.
//!
//! - [`pthread_create`] takes a closure (C: a function and a `void *`
//!   argument) and returns an **owned** handle, [`pthread_t`]: the thread's
//!   result comes back from [`pthread_join`], which consumes the handle;
//!   [`pthread_detach`] consumes it too; a handle dropped without either
//!   detaches the thread (it runs on, and nobody can join it). Anything
//!   the closure uses is moved into it — the book's bug of passing `&connfd`
//!   to a thread while `main` overwrites `connfd` (§ 26.4) does not compile.
//! - [`pthread_mutex_t`] holds the data it protects; [`pthread_mutex_lock`]
//!   returns a guard, and the data is reachable only through it; dropping
//!   the guard (or [`pthread_mutex_unlock`]) unlocks. (These two are
//!   `socklab::pthread::pthread_mutex_lock`/`unlock`: at the crate root
//!   those names are chapter 30's process-shared mutex, `SharedMutex`.)
//! - [`pthread_cond_t`] with [`pthread_cond_wait`], [`pthread_cond_signal`],
//!   [`pthread_cond_broadcast`], [`pthread_cond_timedwait`].
//! - [`pthread_once`] with a `static` [`pthread_once_t`] =
//!   [`PTHREAD_ONCE_INIT`] and a plain `extern "C" fn()`, as in C.
//! - Thread-specific data: [`pthread_key_create`], [`pthread_getspecific`],
//!   [`pthread_setspecific`].
//!
//! Under strace, [`pthread_create`] is glibc's own `pthread_create` with
//! default attributes — the calls C makes: `mmap` of the new stack,
//! `mprotect` of its guard page, `rt_sigprocmask`, `clone3`. The mutex
//! and the condition variable are glibc's `pthread_mutex_t` and
//! `pthread_cond_t` too, so their `futex` calls are C's, word for word:
//! a lock makes a system call only when a thread has to wait, and
//! [`pthread_cond_signal`]/[`pthread_cond_broadcast`] make none when
//! nobody waits. There is no poisoning (C has none): a thread that
//! panics while it holds a lock unlocks it. `fork` refuses in a process
//! with more than one thread (see [`fork`](crate::process::fork)).

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::{Errno, Error, Result};
use crate::sys;
use crate::trace::{self, calls};

/// What the thread left for its joiner: its value, or the panic.
type Slot<T> = Arc<Mutex<Option<std::thread::Result<T>>>>;

/// `pthread_t`—a thread made by [`pthread_create`], owned: join it
/// ([`pthread_join`], which returns the closure's value) or detach it
/// ([`pthread_detach`]); dropped without either, it is detached.
#[allow(non_camel_case_types)]
pub struct pthread_t<T> {
    tid: libc::pthread_t,
    slot: Slot<T>,
    owned: bool,
}

impl<T> pthread_t<T> {
    /// The thread's id, as [`pthread_self`] returns it in the thread.
    pub fn id(&self) -> libc::pthread_t {
        self.tid
    }
}

impl<T> std::fmt::Debug for pthread_t<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "pthread_t({:#x})", self.tid)
    }
}

impl<T> Drop for pthread_t<T> {
    fn drop(&mut self) {
        if self.owned {
            let _ = sys::pthread_detach(self.tid);
        }
    }
}

/// `pthread_create(&tid, NULL, start_routine, arg)`—starts a thread that
/// runs `start_routine` (a closure: C's function and its argument in one)
/// and returns its owned handle.
///
/// The thread gets the C library's default attributes (an 8 MiB stack),
/// exactly as C's `pthread_create(&tid, NULL, …)`; glibc's system call is
/// `clone3`, which trace mode prints as strace does. A panic in the thread
/// is caught at its end and reported by [`pthread_join`].
///
/// # Errors
/// `EAGAIN` (no resources for another thread: `ulimit -u`, memory).
///
/// ```
/// use socklab::*;
/// let tid = pthread_create(|| 6 * 7)?;
/// assert_eq!(pthread_join(tid)?, 42);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(pthread_create(3))]
pub fn pthread_create<F, T>(start_routine: F) -> Result<pthread_t<T>>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let slot: Slot<T> = Arc::new(Mutex::new(None));
    // Trace mode only: the new thread tells its kernel id (one gettid).
    let tracing = trace::enabled();
    let kernel_tid = Arc::new(AtomicI32::new(0));
    let (their_slot, their_tid) = (Arc::clone(&slot), Arc::clone(&kernel_tid));
    let res = sys::pthread_create(Box::new(move || {
        if tracing {
            their_tid.store(sys::gettid(), Ordering::SeqCst);
        }
        let value = std::panic::catch_unwind(std::panic::AssertUnwindSafe(start_routine));
        *their_slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(value);
    }));
    if tracing {
        let shown = match &res {
            Ok(_) => Ok(wait_for_tid(&kernel_tid)),
            Err(e) => Err(Error::sys(
                "pthread_create",
                e.errno().unwrap_or(Errno::UnknownErrno),
            )),
        };
        calls::pthread_create(&shown);
    }
    res.map(|tid| pthread_t {
        tid,
        slot,
        owned: true,
    })
}

/// The new thread's kernel id, for trace mode: it stores it first thing.
/// A bounded spin (no system call); 0 if it has not run within a second.
fn wait_for_tid(cell: &AtomicI32) -> libc::pid_t {
    let start = Instant::now();
    loop {
        let tid = cell.load(Ordering::SeqCst);
        if tid != 0 || start.elapsed() > Duration::from_secs(1) {
            return tid;
        }
        std::hint::spin_loop();
    }
}

/// `pthread_join(tid, &status)`—waits for the thread to end and returns
/// what its closure returned (C's `status`), consuming the handle.
///
/// glibc waits with a `futex` on the thread's id while it still runs (no
/// system call if it has ended).
///
/// # Errors
/// `EDEADLK` (a thread joining itself); a thread that panicked is an
/// error naming `pthread_join`.
///
/// ```
/// use socklab::*;
/// let tids: Vec<_> = (1..=3).map(|i| pthread_create(move || i * 10)).collect::<Result<_>>()?;
/// let sum: i32 = tids.into_iter().map(pthread_join).sum::<Result<i32>>()?;
/// assert_eq!(sum, 60);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(pthread_join(3))]
pub fn pthread_join<T>(mut tid: pthread_t<T>) -> Result<T> {
    tid.owned = false;
    sys::pthread_join(tid.tid)?;
    let left = tid.slot.lock().unwrap_or_else(|e| e.into_inner()).take();
    match left {
        Some(Ok(value)) => Ok(value),
        Some(Err(_)) => Err(Error::invalid("pthread_join", "the thread panicked")),
        None => Err(Error::invalid("pthread_join", "the thread left no value")),
    }
}

/// `pthread_detach(tid)`—the thread will clean up after itself when it
/// ends; nobody can join it. Consumes the handle. No system call.
///
/// The book's threads detach themselves (`pthread_detach(pthread_self())`);
/// here the handle belongs to the creator, which detaches it — the same
/// call on the same thread.
///
/// # Errors
/// `EINVAL` (not a joinable thread).
///
/// ```
/// use socklab::*;
/// let tid = pthread_create(|| ())?;
/// pthread_detach(tid)?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(pthread_detach(3))]
pub fn pthread_detach<T>(mut tid: pthread_t<T>) -> Result<()> {
    tid.owned = false;
    sys::pthread_detach(tid.tid)
}

/// `pthread_self()`—the calling thread's id (no system call).
///
/// ```
/// use socklab::*;
/// let me = pthread_self();
/// let tid = pthread_create(move || pthread_self() != me)?;
/// assert!(pthread_join(tid)?);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(pthread_self(3))]
pub fn pthread_self() -> libc::pthread_t {
    sys::pthread_self()
}

/// `pthread_mutex_t`—a mutex and the data it protects (C keeps them apart
/// and trusts you to lock before touching the data; here the data is
/// reachable only through the guard [`pthread_mutex_lock`] returns).
///
/// `pthread_mutex_t::new(value)` is C's `PTHREAD_MUTEX_INITIALIZER`
/// (usable in a `static`) with `value` inside. The mutex itself is
/// glibc's `pthread_mutex_t`, so under strace it behaves as C's: locking
/// and unlocking make no system call unless a thread has to wait, and
/// then it is glibc's `futex(…, FUTEX_WAIT_PRIVATE, 2, NULL)` and
/// `futex(…, FUTEX_WAKE_PRIVATE, 1)`.
///
/// How it is made: on the first lock, on the heap (a `Box`, so it never
/// moves once initialised, as POSIX requires, wherever the
/// `pthread_mutex_t<T>` itself is moved), with `pthread_mutex_init(&m,
/// NULL)` — POSIX allows the static initialiser only for statically
/// allocated mutexes, and with NULL attributes the call makes the same
/// default mutex (glibc: the same bytes, no system call). Dropping it is
/// `pthread_mutex_destroy` (a `static` is never dropped, as in C).
///
/// No poisoning: C has none. A thread that panics while it holds the
/// lock unlocks it as the guard is dropped during the unwinding, and the
/// data is handed on as the thread left it.
///
/// ```
/// use socklab::pthread::{pthread_mutex_lock, pthread_mutex_t};
/// static COUNTER: pthread_mutex_t<i32> = pthread_mutex_t::new(0);
/// *pthread_mutex_lock(&COUNTER)? += 1;
/// assert_eq!(*pthread_mutex_lock(&COUNTER)?, 1);
/// # Ok::<(), socklab::Error>(())
/// ```
#[allow(non_camel_case_types)]
pub struct pthread_mutex_t<T>(sys::Mutex<T>);

impl<T> pthread_mutex_t<T> {
    /// `PTHREAD_MUTEX_INITIALIZER`—an unlocked mutex holding `value`.
    pub const fn new(value: T) -> Self {
        pthread_mutex_t(sys::Mutex::new(value))
    }
}

impl<T: Default> Default for pthread_mutex_t<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> std::fmt::Debug for pthread_mutex_t<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("pthread_mutex_t { .. }")
    }
}

/// What [`pthread_mutex_lock`] returns: the data, locked until dropped
/// (`*guard` is the data). Not `Send`: the thread that locked a mutex is
/// the one that unlocks it, as pthreads require.
#[allow(non_camel_case_types)]
pub struct pthread_mutex_guard<'a, T>(sys::MutexGuard<'a, T>);

impl<T> std::ops::Deref for pthread_mutex_guard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.0.data()
    }
}

impl<T> std::ops::DerefMut for pthread_mutex_guard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.0.data_mut()
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for pthread_mutex_guard<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.0.data(), f)
    }
}

/// `pthread_mutex_lock(&mutex)`—waits until the mutex is free, takes it,
/// and returns the guard through which the data is reached; dropping the
/// guard is `pthread_mutex_unlock`.
///
/// glibc's call: no system call if the mutex is free; a thread that has
/// to wait sleeps in `futex(…, FUTEX_WAIT_PRIVATE, 2, NULL)`. Locking it
/// again in the thread that holds it waits for ever, as C's default
/// mutex does.
///
/// # Errors
/// None in practice (glibc's default mutex reports none; `EAGAIN`,
/// `EINVAL` are for other kinds of mutex).
///
/// ```
/// use socklab::pthread::{pthread_mutex_lock, pthread_mutex_t, pthread_mutex_unlock};
/// let m = pthread_mutex_t::new(vec![1, 2]);
/// let mut v = pthread_mutex_lock(&m)?;
/// v.push(3);
/// pthread_mutex_unlock(v);
/// assert_eq!(pthread_mutex_lock(&m)?.len(), 3);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(pthread_mutex_lock(3))]
pub fn pthread_mutex_lock<T>(mutex: &pthread_mutex_t<T>) -> Result<pthread_mutex_guard<'_, T>> {
    mutex.0.lock().map(pthread_mutex_guard)
}

/// `pthread_mutex_unlock(&mutex)`—unlocks: drops the guard (what going out
/// of scope does anyway), for code that reads like C's.
///
/// glibc's call: a `futex(…, FUTEX_WAKE_PRIVATE, 1)` only if a thread
/// waits for the lock.
///
/// ```
/// use socklab::pthread::{pthread_mutex_lock, pthread_mutex_t, pthread_mutex_unlock};
/// let m = pthread_mutex_t::new(0);
/// let guard = pthread_mutex_lock(&m)?;
/// pthread_mutex_unlock(guard);
/// let _again = pthread_mutex_lock(&m)?; // free again
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(pthread_mutex_unlock(3))]
pub fn pthread_mutex_unlock<T>(guard: pthread_mutex_guard<'_, T>) {
    drop(guard);
}

/// `pthread_cond_t`—a condition variable: threads wait on it, with a
/// mutex held, until another signals it. `pthread_cond_t::new()` is C's
/// `PTHREAD_COND_INITIALIZER` (usable in a `static`).
///
/// It is glibc's `pthread_cond_t`: a wait sleeps in
/// `futex(…, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, …)`, and
/// [`pthread_cond_signal`]/[`pthread_cond_broadcast`] make a system call
/// (`FUTEX_WAKE_PRIVATE`) only when a thread waits. Made as the mutex is
/// (see [`pthread_mutex_t`]): on first use, boxed, with
/// `pthread_cond_init(&c, NULL)`; dropping it is `pthread_cond_destroy`.
///
/// One condition variable goes with one mutex: the first wait ties it to
/// that wait's mutex, and a wait with another mutex is refused (POSIX
/// leaves that undefined).
///
/// ```
/// use socklab::*;
/// use socklab::pthread::pthread_mutex_lock;
/// use std::sync::Arc;
/// let pair = Arc::new((pthread_mutex_t::new(false), pthread_cond_t::new()));
/// let other = Arc::clone(&pair);
/// let tid = pthread_create(move || -> Result<()> {
///     let (ready, cond) = &*other;
///     *pthread_mutex_lock(ready)? = true;
///     pthread_cond_signal(cond);
///     Ok(())
/// })?;
/// let (ready, cond) = &*pair;
/// let mut guard = pthread_mutex_lock(ready)?;
/// while !*guard {
///     guard = pthread_cond_wait(cond, guard)?; // unlocks, waits, locks again
/// }
/// drop(guard);
/// pthread_join(tid)??;
/// # Ok::<(), socklab::Error>(())
/// ```
#[allow(non_camel_case_types)]
pub struct pthread_cond_t(sys::Cond);

impl pthread_cond_t {
    /// `PTHREAD_COND_INITIALIZER`.
    pub const fn new() -> Self {
        pthread_cond_t(sys::Cond::new())
    }
}

impl Default for pthread_cond_t {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for pthread_cond_t {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("pthread_cond_t")
    }
}

/// `pthread_cond_wait(&cond, &mutex)`—unlocks the mutex (given as its
/// guard), waits until the condition is signalled, locks it again and
/// returns the guard. Wake-ups can be spurious: wait in a loop that tests
/// the condition, as in C.
///
/// glibc's call: `futex(…, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME,
/// …)` while it sleeps.
///
/// # Errors
/// None from glibc in practice. socklab refuses (an error with no errno)
/// a wait with a mutex other than the one this condition variable was
/// first used with; the guard is then dropped (unlocked).
///
/// See [`pthread_cond_t`] for an example.
///
#[doc = man_links!(pthread_cond_wait(3))]
pub fn pthread_cond_wait<'a, T>(
    cond: &pthread_cond_t,
    mut guard: pthread_mutex_guard<'a, T>,
) -> Result<pthread_mutex_guard<'a, T>> {
    cond.0.wait(&mut guard.0)?;
    Ok(guard)
}

/// `pthread_cond_timedwait(&cond, &mutex, &abstime)`—as
/// [`pthread_cond_wait`], but for at most `timeout`. C takes an absolute
/// time on CLOCK_REALTIME; this computes it as the book does (now, from
/// `clock_gettime(CLOCK_REALTIME)`, plus `timeout`) and passes it on.
/// Returns the guard (locked again, also when the time ran out) and
/// whether the time ran out (C's `ETIMEDOUT`).
///
/// # Errors
/// As [`pthread_cond_wait`].
///
/// ```
/// use socklab::*;
/// use socklab::pthread::pthread_mutex_lock;
/// use std::time::Duration;
/// let (m, cond) = (pthread_mutex_t::new(()), pthread_cond_t::new());
/// let guard = pthread_mutex_lock(&m)?;
/// let (_guard, timed_out) = pthread_cond_timedwait(&cond, guard, Duration::from_millis(10))?;
/// assert!(timed_out, "nobody signals");
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(pthread_cond_timedwait(3))]
pub fn pthread_cond_timedwait<'a, T>(
    cond: &pthread_cond_t,
    mut guard: pthread_mutex_guard<'a, T>,
    timeout: Duration,
) -> Result<(pthread_mutex_guard<'a, T>, bool)> {
    let now = sys::clock_gettime_realtime()?;
    let nsec = now.tv_nsec as u64 + u64::from(timeout.subsec_nanos());
    let secs = i64::try_from(timeout.as_secs())
        .ok()
        .and_then(|s| s.checked_add(now.tv_sec))
        .and_then(|s| s.checked_add((nsec / 1_000_000_000) as i64))
        .unwrap_or(libc::time_t::MAX);
    let abstime = libc::timespec {
        tv_sec: secs,
        tv_nsec: (nsec % 1_000_000_000) as libc::c_long,
    };
    let timed_out = cond.0.timedwait(&mut guard.0, &abstime)?;
    Ok((guard, timed_out))
}

/// `pthread_cond_signal(&cond)`—wakes one thread waiting on `cond` (if
/// any).
///
/// glibc's call: one `futex(…, FUTEX_WAKE_PRIVATE, 1)` if a thread waits;
/// no system call at all if none does.
///
/// ```
/// use socklab::*;
/// static READY: pthread_cond_t = pthread_cond_t::new();
/// pthread_cond_signal(&READY); // nobody waits: nothing happens
/// ```
///
#[doc = man_links!(pthread_cond_signal(3))]
pub fn pthread_cond_signal(cond: &pthread_cond_t) {
    // glibc's signal reports no error (POSIX: EINVAL for an uninitialised
    // cond, which the type rules out).
    let _ = cond.0.signal();
}

/// `pthread_cond_broadcast(&cond)`—wakes every thread waiting on `cond`.
///
/// glibc's call: one `futex(…, FUTEX_WAKE_PRIVATE, 2147483647)` if
/// threads wait; no system call if none does.
///
/// ```
/// use socklab::*;
/// let cond = pthread_cond_t::new();
/// pthread_cond_broadcast(&cond); // nobody waits: nothing happens
/// ```
///
#[doc = man_links!(pthread_cond_broadcast(3))]
pub fn pthread_cond_broadcast(cond: &pthread_cond_t) {
    let _ = cond.0.broadcast();
}

// ---------------------------------------------------------------------
// Thread-specific data (UNP § 26.5)
// ---------------------------------------------------------------------

/// `pthread_key_t`—a key to thread-specific data: each thread has its own
/// value (`Box<T>`) under it, or none. Made by [`pthread_key_create`];
/// when a thread ends, its value is dropped (C: the key's destructor,
/// here `free`'s equivalent). Dropping the key is `pthread_key_delete`
/// (values still held by running threads are then never dropped).
#[allow(non_camel_case_types)]
pub struct pthread_key_t<T> {
    key: libc::pthread_key_t,
    _values: std::marker::PhantomData<fn(T) -> T>,
}

impl<T> std::fmt::Debug for pthread_key_t<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "pthread_key_t({})", self.key)
    }
}

impl<T> Drop for pthread_key_t<T> {
    fn drop(&mut self) {
        sys::pthread_key_delete(self.key);
    }
}

/// `pthread_key_create(&key, destructor)`—a new key; each thread's value
/// is dropped when that thread ends. No system call.
///
/// # Errors
/// `EAGAIN`: the process has used up its keys (`PTHREAD_KEYS_MAX`, 1024).
///
/// ```
/// use socklab::*;
/// use std::sync::OnceLock;
/// static KEY: OnceLock<pthread_key_t<u32>> = OnceLock::new(); // made once (see pthread_once)
/// let key = match KEY.get() {
///     Some(k) => k,
///     None => { let k = pthread_key_create()?; KEY.get_or_init(|| k) }
/// };
/// assert!(pthread_getspecific(key).is_none());
/// pthread_setspecific(key, Box::new(7))?;
/// let tid = pthread_create(move || pthread_getspecific(KEY.get().unwrap()).is_none())?;
/// assert!(pthread_join(tid)?, "another thread has its own (empty) slot");
/// assert_eq!(pthread_getspecific(key).as_deref(), Some(&7));
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(pthread_key_create(3))]
pub fn pthread_key_create<T: Send + 'static>() -> Result<pthread_key_t<T>> {
    let key = sys::pthread_key_create(sys::drop_box::<T>)?;
    Ok(pthread_key_t {
        key,
        _values: std::marker::PhantomData,
    })
}

/// `pthread_getspecific(key)`—this thread's value under `key`, **taken
/// out** of its slot (which is then empty): `None` if it has none.
///
/// C returns the pointer and leaves it in the slot, so two callers can
/// hold it at once; Rust gives the one `Box` to one owner. Put it back
/// with [`pthread_setspecific`] when done — the book's `readline` reads
/// its buffer at the start and writes it back at the end. No system
/// call.
///
#[doc = man_links!(pthread_getspecific(3))]
pub fn pthread_getspecific<T>(key: &pthread_key_t<T>) -> Option<Box<T>> {
    sys::tsd_replace::<T>(key.key, None).ok().flatten()
}

/// `pthread_setspecific(key, value)`—makes `value` this thread's value
/// under `key`; returns the value that was there (C would leave it to
/// you to free, or leak it). No system call.
///
/// # Errors
/// `ENOMEM` (no memory for the slot); `value` is dropped.
///
#[doc = man_links!(pthread_setspecific(3))]
pub fn pthread_setspecific<T>(key: &pthread_key_t<T>, value: Box<T>) -> Result<Option<Box<T>>> {
    sys::tsd_replace::<T>(key.key, Some(value))
}

// ---------------------------------------------------------------------
// pthread_once (UNP § 26.5)
// ---------------------------------------------------------------------

/// `pthread_once_t`—remembers whether [`pthread_once`] has run its
/// function. Declare it as C does, a `static` initialised with
/// [`PTHREAD_ONCE_INIT`]: [`pthread_once`] takes only a `&'static`
/// one, so the C library's state never moves or goes away under it.
///
/// ```
/// use socklab::*;
/// static RL_ONCE: pthread_once_t = PTHREAD_ONCE_INIT;
/// # extern "C" fn readline_once() {}
/// pthread_once(&RL_ONCE, readline_once)?;
/// # Ok::<(), socklab::Error>(())
/// ```
#[allow(non_camel_case_types)]
pub struct pthread_once_t(sys::OnceControl);

impl pthread_once_t {
    /// `PTHREAD_ONCE_INIT`: the function has not run yet.
    pub const fn new() -> Self {
        pthread_once_t(sys::OnceControl::new())
    }
}

impl Default for pthread_once_t {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for pthread_once_t {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("pthread_once_t")
    }
}

/// `PTHREAD_ONCE_INIT`—the initial value of a [`pthread_once_t`]:
/// `static ONCE: pthread_once_t = PTHREAD_ONCE_INIT;`.
// A `const` holding a cell, like C's initializer macro: each use is a new,
// separate control (which is what a `static` initialised with it wants).
#[allow(clippy::declare_interior_mutable_const)]
pub const PTHREAD_ONCE_INIT: pthread_once_t = pthread_once_t::new();

/// `pthread_once(&once_control, init_routine)`—runs `init_routine`
/// exactly once in the process, however many threads call this with the
/// same `once_control`, and however often: the first caller runs it,
/// callers that arrive meanwhile wait until it has returned, later
/// callers return at once. The book's thread-safe `readline` (§ 26.5)
/// creates its key this way.
///
/// As in C, `init_routine` is a plain function with no argument and no
/// result (`extern "C" fn()`, since the C library calls it); what it
/// makes goes into a `static` (a `OnceLock` holds a value made once).
/// A panic in it aborts the process: it cannot unwind through the C
/// library. Calling `pthread_once` on the same control from inside
/// `init_routine` waits for ever, as in C.
///
/// No system call once the function has run; a thread that must wait for
/// another one's `init_routine` waits in `futex`, as glibc's does. (So
/// trace mode prints nothing for it.)
///
/// # Errors
/// None with glibc (POSIX allows `EINVAL` for a control that was not
/// initialised with `PTHREAD_ONCE_INIT`, which the type rules out).
///
/// ```
/// use socklab::*;
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// static ONCE: pthread_once_t = PTHREAD_ONCE_INIT;
/// static RUNS: AtomicUsize = AtomicUsize::new(0);
/// extern "C" fn init() {
///     RUNS.fetch_add(1, Ordering::SeqCst);
/// }
/// let tids = (0..4)
///     .map(|_| pthread_create(|| pthread_once(&ONCE, init)))
///     .collect::<Result<Vec<_>>>()?;
/// for tid in tids {
///     pthread_join(tid)??;
/// }
/// pthread_once(&ONCE, init)?;
/// assert_eq!(RUNS.load(Ordering::SeqCst), 1, "four threads and main: one run");
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(pthread_once(3))]
pub fn pthread_once(
    once_control: &'static pthread_once_t,
    init_routine: extern "C" fn(),
) -> Result<()> {
    sys::pthread_once(&once_control.0, init_routine)
}
