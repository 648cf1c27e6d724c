//! `ch26_example01` — UNP chapter 26, § 26.7 (`threads/example01.c`): two
//! threads each add 1 to one counter 5,000 times **without a lock**.
//! Each step fetches the counter, prints the new value, stores it: when
//! the other thread stores in between, its updates are lost, and the
//! last value printed is less than 10,000.
//!
//! ```text
//! $ cargo run --example ch26_example01 | tail -2
//! 139871637083840: 9327
//! 139871645476544: 9328
//! ```
//!
//! (Each line is the thread's id and the value it stored. How many
//! updates are lost differs from run to run; on one core, often none.)
//!
//! Under strace (`strace -f -e trace=clone3 target/debug/examples/ch26_example01 > /dev/null`):
//!
//! ```text
//! clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, …} => {parent_tid=[5108]}, 88) = 5108
//! clone3({flags=CLONE_VM|…, …} => {parent_tid=[5109]}, 88) = 5109
//! ```
//!
//! **Safe Rust will not compile the book's program**: a plain `static mut
//! COUNTER` that two threads write is a data race, and reaching it needs
//! `unsafe`. To show the lost update anyway, the counter here is an
//! atomic integer read and written in two separate steps — `load`, then
//! `store` — exactly the book's `val = counter; … counter = val + 1;`:
//! every access is well defined, yet the read-modify-write as a whole is
//! not atomic, so updates are lost just the same. (`COUNTER.fetch_add(1)`
//! would be one atomic step, and `ch26_example02` uses a mutex.)
//!
//! C twin: `docs/c/ch26_example01.c`, where `counter` is a plain `int`.

use std::sync::atomic::{AtomicI32, Ordering};

use socklab::*;

/// How many times each thread adds 1.
const NLOOP: i32 = 5000;

/// Incremented by the threads — in two steps, load and store.
static COUNTER: AtomicI32 = AtomicI32::new(0);

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    if std::env::args_os().len() != 1 {
        return Err("usage: ch26_example01   (no arguments)".into());
    }
    let tid_a = pthread_create(doit)?;
    let tid_b = pthread_create(doit)?;

    // wait for both threads to terminate
    pthread_join(tid_a)??;
    pthread_join(tid_b)??;

    exit(0);
}

/// Each thread fetches, prints and increments the counter NLOOP times.
fn doit() -> Result<()> {
    for _ in 0..NLOOP {
        let val = COUNTER.load(Ordering::Relaxed);
        printf!("{}: {}\n", pthread_self(), val + 1)?;
        COUNTER.store(val + 1, Ordering::Relaxed);
    }
    Ok(())
}
