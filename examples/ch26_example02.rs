//! `ch26_example02` — UNP chapter 26, § 26.7 (`threads/example02.c`): the
//! counter of `ch26_example01`, now protected by a mutex. Each thread
//! locks it, fetches, prints, stores, unlocks, 5,000 times: no update is
//! lost, and the last value printed is always 10,000.
//!
//! ```text
//! $ cargo run --example ch26_example02 | tail -1
//! 139871645476544: 10000
//! ```
//!
//! In Rust the mutex *holds* the counter: `pthread_mutex_t::new(0)` is
//! C's `PTHREAD_MUTEX_INITIALIZER` with the `int` inside it, and the only
//! way to the counter is the guard `pthread_mutex_lock` returns — the
//! forgotten lock of C (touching `counter` without locking) does not
//! compile. Dropping the guard (`pthread_mutex_unlock`) unlocks.
//!
//! Under strace (`strace -f -e trace=clone3,futex target/debug/examples/ch26_example02 > /dev/null`)
//! the two `clone3` of `ch26_example01`, and a `futex` wait and wake each
//! time one thread finds the lock taken by the other:
//!
//! ```text
//! futex(0x7f…, FUTEX_WAIT_PRIVATE, 2, NULL) = 0
//! futex(0x7f…, FUTEX_WAKE_PRIVATE, 1)     = 1
//! ```
//!
//! C twin: `docs/c/ch26_example02.c`.

use socklab::pthread::{pthread_mutex_lock, pthread_mutex_t, pthread_mutex_unlock};
use socklab::*;

/// How many times each thread adds 1.
const NLOOP: i32 = 5000;

/// The counter, inside its mutex.
static COUNTER: pthread_mutex_t<i32> = pthread_mutex_t::new(0);

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    if std::env::args_os().len() != 1 {
        return Err("usage: ch26_example02   (no arguments)".into());
    }
    let tid_a = pthread_create(doit)?;
    let tid_b = pthread_create(doit)?;

    // wait for both threads to terminate
    pthread_join(tid_a)??;
    pthread_join(tid_b)??;

    exit(0);
}

/// Each thread locks, fetches, prints, increments and unlocks NLOOP times.
fn doit() -> Result<()> {
    for _ in 0..NLOOP {
        let mut counter = pthread_mutex_lock(&COUNTER)?;
        let val = *counter;
        printf!("{}: {}\n", pthread_self(), val + 1)?;
        *counter = val + 1;
        pthread_mutex_unlock(counter);
    }
    Ok(())
}
