//! `ch26_example03` — UNP chapter 26 (`threads/example03.c`, the pattern
//! of § 26.8): **producer and consumer** with one mutex and **two
//! condition variables**. A producer thread puts the numbers 0 to 9,999
//! into a buffer of 8 slots; a consumer thread takes them out. The
//! producer waits (`pthread_cond_wait(&NOTFULL, …)`) while all 8 slots are
//! full, the consumer (`pthread_cond_wait(&NOTEMPTY, …)`) while none is;
//! each signals the other's condition after every item. The consumer
//! checks that it gets every number once, in order.
//!
//! ```text
//! $ cargo run --example ch26_example03
//! producer: put 10000 items through a buffer of 8
//! consumer: got 10000 items, 0 out of order
//! ```
//!
//! Each condition is tested in a `while` loop around the wait, as in C:
//! a wake-up only says "look again" (it may be spurious, or another
//! thread may have been first), and `pthread_cond_wait` gives the mutex
//! back locked, so the test and the change after it happen under the
//! lock. In Rust the mutex holds what it protects (the buffer and its
//! counts, `pthread_mutex_t<Shared>`); `pthread_cond_wait` takes the
//! guard (unlocks), and returns it (locked again).
//!
//! Under strace (`strace -f -e trace=clone3,futex target/debug/examples/ch26_example03 > /dev/null`)
//! the two `clone3`, then thousands of `futex` calls: a thread that must
//! wait (for the lock, or for its condition) sleeps in a `FUTEX_WAIT…`,
//! and the other wakes it with `FUTEX_WAKE_PRIVATE`. How many depends on
//! how the two threads happen to run. The words are the same in both
//! twins, since both use glibc's mutex and condition variable: a wait for
//! a condition is `FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME`, a wait
//! for the mutex `FUTEX_WAIT_PRIVATE`, and `pthread_cond_signal` makes no
//! call when nobody waits:
//!
//! ```text
//! futex(0x7fcf…0bc8, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, NULL, FUTEX_BITSET_MATCH_ANY) = 0
//! futex(0x7fcf…0b70, FUTEX_WAIT_PRIVATE, 2, NULL) = 0
//! futex(0x7fcf…0c08, FUTEX_WAKE_PRIVATE, 1) = 1
//! ```
//!
//! C twin: `docs/c/ch26_example03.c`.

use socklab::pthread::{pthread_mutex_lock, pthread_mutex_t, pthread_mutex_unlock};
use socklab::*;

/// Slots in the buffer.
const NBUFF: usize = 8;
/// Items the producer makes.
const NITEMS: i32 = 10000;

/// The buffer and its counts: what the mutex protects.
struct Shared {
    buff: [i32; NBUFF],
    /// Items put so far (the next slot is `nput % NBUFF`).
    nput: usize,
    /// Items taken so far.
    nget: usize,
    /// Items in the buffer now.
    nstored: usize,
}

static SHARED: pthread_mutex_t<Shared> = pthread_mutex_t::new(Shared {
    buff: [0; NBUFF],
    nput: 0,
    nget: 0,
    nstored: 0,
});
/// Signalled when a slot becomes free.
static NOTFULL: pthread_cond_t = pthread_cond_t::new();
/// Signalled when an item arrives.
static NOTEMPTY: pthread_cond_t = pthread_cond_t::new();

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    if std::env::args_os().len() != 1 {
        return Err("usage: ch26_example03   (no arguments)".into());
    }
    let tid_produce = pthread_create(produce)?;
    let tid_consume = pthread_create(consume)?;

    // wait for both threads to terminate
    pthread_join(tid_produce)??;
    let nbad = pthread_join(tid_consume)??;

    let shared = pthread_mutex_lock(&SHARED)?;
    printf!(
        "producer: put {} items through a buffer of {NBUFF}\n",
        shared.nput
    )?;
    printf!("consumer: got {} items, {nbad} out of order\n", shared.nget)?;
    pthread_mutex_unlock(shared);
    exit(0);
}

/// The producer: puts 0, 1, … NITEMS - 1, waiting while the buffer is full.
fn produce() -> Result<()> {
    for i in 0..NITEMS {
        let mut shared = pthread_mutex_lock(&SHARED)?;
        while shared.nstored == NBUFF {
            shared = pthread_cond_wait(&NOTFULL, shared)?;
        }
        let slot = shared.nput % NBUFF;
        shared.buff[slot] = i;
        shared.nput += 1;
        shared.nstored += 1;
        pthread_cond_signal(&NOTEMPTY);
        pthread_mutex_unlock(shared);
    }
    Ok(())
}

/// The consumer: takes NITEMS items, waiting while the buffer is empty;
/// returns how many were not the number expected next.
fn consume() -> Result<i32> {
    let mut nbad = 0;
    for i in 0..NITEMS {
        let mut shared = pthread_mutex_lock(&SHARED)?;
        while shared.nstored == 0 {
            shared = pthread_cond_wait(&NOTEMPTY, shared)?;
        }
        let slot = shared.nget % NBUFF;
        if shared.buff[slot] != i {
            nbad += 1;
        }
        shared.nget += 1;
        shared.nstored -= 1;
        pthread_cond_signal(&NOTFULL);
        pthread_mutex_unlock(shared);
    }
    Ok(nbad)
}
