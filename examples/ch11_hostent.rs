//! `ch11_hostent name…` — UNP vol. 1, chapter 11, Figure 11.3: for each
//! name on the command line, `gethostbyname` and print its official name,
//! its aliases and its IPv4 addresses.
//!
//! ```text
//! $ cargo run --example ch11_hostent localhost 127.0.0.1
//! official hostname: localhost
//!         address: 127.0.0.1
//! official hostname: 127.0.0.1
//!         address: 127.0.0.1
//! ```
//!
//! (What `localhost` prints depends on your `/etc/hosts`: an alias line
//! `\talias: …` per other name on its line.) A name that does not resolve
//! prints `gethostbyname: NAME: Unknown host` on stderr, the next name is
//! still looked up, and the program exits 1 at the end.
//!
//! The C twin is `docs/c/ch11_hostent.c`. `gethostbyname` is not a system
//! call: under strace (`strace -e trace=openat,read,socket,connect
//! target/debug/examples/ch11_hostent localhost`) it shows as the C
//! library's own work:
//!
//! ```text
//! socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0) = 3   <- the nscd cache, if any
//! connect(3, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT
//! openat(AT_FDCWD, "/etc/nsswitch.conf", O_RDONLY|O_CLOEXEC) = 3
//! openat(AT_FDCWD, "/etc/hosts", O_RDONLY|O_CLOEXEC) = 3
//! read(3, "127.0.0.1\tlocalhost\n…", 4096) = …
//! ```
//!
//! A name not in `/etc/hosts` goes on to DNS (a `socket(AF_INET,
//! SOCK_DGRAM…)` and a `sendto` to port 53).
//!
//! The lesson: C's `gethostbyname` returns a pointer to ONE static
//! `struct hostent`; the next lookup overwrites it (the book's §11.18).
//! socklab's [`gethostbyname`] returns an owned copy, so the value printed
//! here cannot change under the loop — see `socklab::hostent`.
use socklab::*;

const USAGE: &str = "usage: ch11_hostent name…";

fn main() {
    match run() {
        Ok(0) => exit(0),
        Ok(_) => exit(1), // some name did not resolve; its line is printed
        Err(e) => {
            perror(&e);
            exit(1);
        }
    }
}

/// Looks up every argument; returns how many failed.
fn run() -> std::result::Result<usize, Box<dyn std::error::Error>> {
    let args = args()?;
    if args.len() < 2 {
        return Err(USAGE.into());
    }
    let mut failed = 0;
    for ptr in &args[1..] {
        let hptr = match gethostbyname(ptr) {
            Ok(h) => h,
            Err(e) => {
                // err_msg("gethostbyname error for host: %s: %s", ptr, hstrerror(h_errno))
                perror(&e);
                failed += 1;
                continue;
            }
        };
        printf!("official hostname: {}\n", hptr.h_name)?;
        for alias in &hptr.h_aliases {
            printf!("\talias: {alias}\n")?;
        }
        match hptr.h_addrtype {
            AF_INET => {
                for addr in hptr.addrs() {
                    printf!("\taddress: {addr}\n")?;
                }
            }
            _ => {
                perror(&"unknown address type");
                failed += 1;
            }
        }
    }
    Ok(failed)
}
