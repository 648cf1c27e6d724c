//! `fd_basics` — the lecture notes' file descriptor walk-through, written
//! to be watched under strace. A descriptor is a small number that names
//! an open file, pipe or socket in this process; the kernel always hands
//! out **the lowest number not in use**. The program shows:
//!
//! 1. 0, 1 and 2 (stdin, stdout, stderr) are open before `main` starts;
//! 2. so a new file gets 3, and then a socket gets 4 — files and sockets
//!    share one table of numbers;
//! 3. after `close(3)` the next socket gets 3 again;
//! 4. `dup2(fd, 1)` makes descriptor 1 — stdout — name the file, so
//!    whatever the program prints goes there; a copy of the old stdout,
//!    made with `dup(1)` beforehand, puts it back.
//!
//! Run it (the C twin is `docs/c/fd_basics.c`):
//! ```text
//! $ cargo run --example fd_basics
//! Descriptors 0, 1 and 2 are open before main starts:
//!   0 (stdin)  -> /dev/pts/0
//!   1 (stdout) -> /dev/pts/0
//!   2 (stderr) -> /dev/pts/0
//! open /tmp/fd_basics.4242.txt -> descriptor 3
//! socket -> descriptor 4
//! close(3)
//! socket -> descriptor 3 (the lowest free number again)
//! dup(1) -> descriptor 5 (a copy of stdout, to restore it later)
//! open /tmp/fd_basics.4242.txt -> descriptor 6
//! dup2(6, 1): stdout now goes to /tmp/fd_basics.4242.txt     <- on stderr
//! dup2(5, 1): stdout is back
//! The file /tmp/fd_basics.4242.txt received:
//!   This line was printed to descriptor 1 while it was the file.
//! ```
//! The file (in `$TMPDIR`, or `/tmp`) is removed at the end. The numbers
//! are 3, 4, 3 when the program starts with only 0, 1, 2 open — which a
//! shell arranges; a program started with more open descriptors sees
//! higher numbers, by the same rule.
//!
//! Watch it: `strace -e trace=poll,readlink,openat,socket,close,dup,dup2,write,unlink target/debug/examples/fd_basics`
//! (here with all three standard descriptors on `/dev/null`; the runtime's
//! own start-up lines are left out):
//! ```text
//! poll([{fd=0, events=0}, {fd=1, events=0}, {fd=2, events=0}], 3, 0) = 0 (Timeout)
//! write(1, "Descriptors 0, 1 and 2 are open "..., 52) = 52
//! readlink("/proc/self/fd/0", "/dev/null", 256) = 9
//! write(1, "  0 (stdin)  -> /dev/null\n", 26) = 26
//! …
//! openat(AT_FDCWD, "/tmp/fd_basics.18596.txt", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = 3
//! write(1, "open /tmp/fd_basics.18596.txt ->"..., 46) = 46
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 4
//! write(1, "socket -> descriptor 4\n", 23) = 23
//! close(3)                                = 0
//! write(1, "close(3)\n", 9)               = 9
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! write(1, "socket -> descriptor 3 (the lowe"..., 54) = 54
//! dup(1)                                  = 5
//! write(1, "dup(1) -> descriptor 5 (a copy o"..., 63) = 63
//! openat(AT_FDCWD, "/tmp/fd_basics.18596.txt", O_WRONLY|O_CLOEXEC) = 6
//! write(1, "open /tmp/fd_basics.18596.txt ->"..., 46) = 46
//! dup2(6, 1)                              = 1
//! write(2, "dup2(6, 1): stdout now goes to /"..., 56) = 56
//! write(1, "  This line was printed to descr"..., 63) = 63   <- into the file
//! dup2(5, 1)                              = 1
//! write(1, "dup2(5, 1): stdout is back\n", 27) = 27
//! close(5)                                = 0
//! close(6)                                = 0
//! close(3)                                = 0
//! close(4)                                = 0
//! ```
//! Things to notice: the `poll` on 0, 1, 2 before `main` is Rust's runtime
//! checking they are open (it would open `/dev/null` on a closed one, so
//! they can never be handed out by accident); the same `write(1, …)` lands
//! in the file or on the terminal depending only on what 1 names at that
//! moment; and the message on stderr is formatted first and printed with
//! one `eprint!`, so it is one `write(2, …)` as in C — stderr is
//! unbuffered, and `eprintln!` with several pieces would write each piece
//! separately.
use std::error::Error;
use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::Path;

use socklab::*;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn Error>> {
    if std::env::args().len() != 1 {
        return Err("usage: fd_basics".into());
    }

    printf!("Descriptors 0, 1 and 2 are open before main starts:\n")?;
    for (fd, name) in [(0, "stdin) "), (1, "stdout)"), (2, "stderr)")] {
        // /proc/self/fd/N is a symbolic link to what descriptor N names.
        let target = match std::fs::read_link(format!("/proc/self/fd/{fd}")) {
            Ok(path) => path.display().to_string(),
            Err(e) => format!("(cannot tell: {e})"),
        };
        printf!("  {fd} ({name} -> {target}\n")?;
    }

    let path = std::env::temp_dir().join(format!("fd_basics.{}.txt", getpid()));
    let file = File::create(&path).map_err(os_error("open"))?;
    // From here on the file exists: remove it whatever happens.
    let shown = lowest_free_numbers(file, &path);
    let removed = unlink(&path);
    shown?;
    removed?;
    Ok(())
}

/// Steps 2 to 4: the file `file` (just opened at `path`), sockets, dup2.
fn lowest_free_numbers(file: File, path: &Path) -> std::result::Result<(), Box<dyn Error>> {
    let shown = path.display();
    printf!("open {shown} -> descriptor {}\n", file.as_raw_fd())?;
    let sock = socket(AF_INET, SOCK_STREAM, 0)?;
    printf!("socket -> descriptor {sock}\n")?;

    let filefd = file.as_raw_fd();
    drop(file); // close(3): std's File closes on drop, like socklab's Fd
    printf!("close({filefd})\n")?;
    let sock2 = socket(AF_INET, SOCK_STREAM, 0)?;
    printf!("socket -> descriptor {sock2} (the lowest free number again)\n")?;

    let saved = dup(std::io::stdout())?;
    printf!("dup(1) -> descriptor {saved} (a copy of stdout, to restore it later)\n")?;
    let out = OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(os_error("open"))?;
    printf!("open {shown} -> descriptor {}\n", out.as_raw_fd())?;
    dup2(&out, STDOUT_FILENO)?;
    // One string, one write(2) — like the C twin's fprintf. (eprintln! with
    // several pieces makes one write per piece: stderr is unbuffered.)
    let note = format!("dup2({}, 1): stdout now goes to {shown}\n", out.as_raw_fd());
    eprint!("{note}");
    printf!("  This line was printed to descriptor 1 while it was the file.\n")?;
    dup2(&saved, STDOUT_FILENO)?;
    printf!("dup2({saved}, 1): stdout is back\n")?;

    close(saved)?;
    drop(out);
    close(sock2)?;
    close(sock)?;

    printf!("The file {shown} received:\n")?;
    copy_to_stdout(path)
}

/// Shows a file: open, then read and write until read returns 0 — the
/// same loop as the C twin's.
fn copy_to_stdout(path: &Path) -> std::result::Result<(), Box<dyn Error>> {
    let mut file = File::open(path).map_err(os_error("open"))?;
    let mut buf = [0u8; 4096];
    loop {
        let n = file.read(&mut buf).map_err(os_error("read"))?;
        if n == 0 {
            break; // end of file
        }
        stdio::fputs(&buf[..n], std::io::stdout())?;
    }
    Ok(())
}

/// Turns a failed std call into socklab's perror-style error for `call`.
fn os_error(call: &'static str) -> impl Fn(std::io::Error) -> socklab::Error {
    move |e| socklab::Error::sys(call, Errno::from_raw(e.raw_os_error().unwrap_or(0)))
}
