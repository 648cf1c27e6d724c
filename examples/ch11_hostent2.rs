//! `ch11_hostent2 name1 name2` — UNP vol. 1, chapter 11, §§ 11.4, 11.18:
//! the **re-entrancy trap** of `gethostbyname`. In C it returns a pointer
//! to ONE static `struct hostent` in the C library: a program that keeps
//! the pointer of a first call and makes a second one finds the first
//! answer gone — its pointer now shows the second. socklab's
//! [`gethostbyname`] copies the answer at once, so the trap cannot catch a
//! Rust program; [`static_hostent`] shows, safely, what the C program's
//! saved pointer reads.
//!
//! ```text
//! $ cargo run --example ch11_hostent2 localhost 127.0.0.1
//! h1->h_name: 127.0.0.1
//! h2->h_name: 127.0.0.1
//! a copy made at once: localhost
//! ```
//!
//! The first line is the trap: `h1` was `localhost`'s answer, and after
//! the second call it reads `127.0.0.1`'s. The third line is the cure the
//! book gives (copy what you need before the next call), which is what
//! socklab does for every field. (The book's hostent2 shows the same with
//! `gethostbyaddr` inside the loop over `h_addr_list`; glibc keeps a
//! separate static `hostent` for each of the two functions, so there it
//! takes two calls of one function.)
//!
//! No system call of its own: the C library reads `/etc/hosts` (strace
//! shows its `openat` and `read`). The lesson: a function that returns a
//! pointer to static data is not re-entrant — `getaddrinfo` is the
//! answer. C twin: `docs/c/ch11_hostent2.c`.
use socklab::*;

const USAGE: &str = "usage: ch11_hostent2 name1 name2";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let [_, name1, name2] = args.as_slice() else {
        return Err(USAGE.into());
    };
    let h1 = gethostbyname(name1)?; // C: hptr1 = gethostbyname(name1); saved = strdup(hptr1->h_name)
    let h2 = gethostbyname(name2)?; // C: hptr2 = gethostbyname(name2): the same static struct
    // what the C program's hptr1 points to now
    let c_h1 = static_hostent().ok_or("static_hostent: no gethostbyname yet")?;
    printf!("h1->h_name: {}\n", c_h1.h_name)?;
    printf!("h2->h_name: {}\n", h2.h_name)?;
    printf!("a copy made at once: {}\n", h1.h_name)?;
    exit(0);
}
