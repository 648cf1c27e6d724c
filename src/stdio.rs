//! `<stdio.h>`: [`printf!`](crate::printf!) — C's `printf`, with Rust's
//! format syntax, that returns an error instead of panicking — and
//! [`fputs`] for bytes that are not text.
//!
//! Rust's `println!` **panics** when standard output is gone
//! (`cargo run --example hostname | head -c1`: the reader has closed the
//! pipe, write(2) fails with `EPIPE`, and `println!` prints
//! `failed printing to stdout` and exits with status 101). C's `printf`
//! returns a negative number and sets `errno`; a careful C program checks
//! it. socklab's `printf!` does the same in Rust's way: it returns a
//! [`Result`], so `printf!(…)?` hands a failed write to `main`, which
//! prints it in one line like every other error:
//!
//! ```text
//! write: Broken pipe (EPIPE)
//! ```
//!
//! It is also why the name is C's: a program that starts with
//! `use socklab::*;` cannot replace `println!` (the compiler would not know
//! which of the two you mean, error E0659), and `printf` is what the C
//! twins call anyway.

use std::fmt;
use std::os::fd::AsFd;

use crate::consts::MAXLINE;
use crate::error::{Errno, Error, Result};
use crate::sys;

/// `printf(format, ...)`—formats its arguments and writes the text to
/// standard output (descriptor 1) at once; returns the number of bytes
/// written.
///
/// The format is Rust's (`{}`, `{:>5}`, `{name}`…, as in `format!`), and,
/// as in C, the newline is yours to write: `printf!("listening on {}\n",
/// addr)?`. A prompt without a newline (`printf!("> ")?`) is written
/// straight away too: there is no buffer to flush.
///
/// Each `printf!` is **one `write(1, …)`** of the whole text, the way C's
/// stdio writes a line to a terminal (C's stdio, writing to a pipe or a
/// file, keeps the text in a buffer and writes it later in bigger pieces;
/// socklab never buffers). Only if the kernel takes part of the text (a
/// *short write*, e.g. a full pipe interrupted by a signal) does it write
/// the rest, as stdio does. Nothing is written for an empty text. The
/// write is not printed by trace mode: it is the program's output, not one
/// of the calls being studied (strace shows it, as it shows C's).
///
/// # Errors
/// The error of write(2), called `"write"` — the ones you will meet:
/// - `EPIPE`: the reader of the pipe has gone (`| head -c1`). In C the
///   signal SIGPIPE kills the program before it sees `EPIPE`; in Rust the
///   runtime ignores SIGPIPE, so the write fails instead (see
///   [`restore_sigpipe`](crate::restore_sigpipe)).
/// - `EBADF`: standard output was closed (`program >&-`).
/// - `EINTR`: a signal handler ran while the write was blocked (stdio does
///   not retry either).
/// - `ENOSPC`/`EIO`: the file being written to could not take it.
///
/// # Examples
/// ```
/// use socklab::*;
///
/// fn run() -> Result<()> {
///     let port = 9877;
///     let n = printf!("listening on port {port}\n")?;
///     assert_eq!(n, "listening on port 9877\n".len());
///     printf!("> ")?; // a prompt: written at once, no newline, no flush
///     printf!("\n")?;
///     Ok(())
/// }
///
/// fn main() {
///     if let Err(e) = run() {
///         perror(&e); // e.g. "write: Broken pipe (EPIPE)"
///         exit(1);
///     }
/// }
/// ```
///
/// # References
/// [printf(3)](https://man7.org/linux/man-pages/man3/printf.3.html),
/// [write(2)](https://man7.org/linux/man-pages/man2/write.2.html),
/// [POSIX `printf`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/printf.html),
/// [POSIX `<stdio.h>`](https://pubs.opengroup.org/onlinepubs/9799919799/basedefs/stdio.h.html)
#[macro_export]
macro_rules! printf {
    ($($arg:tt)*) => {
        $crate::stdio::vprintf(::std::format_args!($($arg)*))
    };
}

/// `vprintf(format, ap)`—what [`printf!`](crate::printf!) calls: writes
/// already captured format arguments (`format_args!(…)`, Rust's `va_list`)
/// to standard output in one write(2). Use `printf!`; this is the function
/// behind it.
///
/// # Errors
/// As [`printf!`](crate::printf!): `write: Broken pipe (EPIPE)` and the
/// other errors of write(2).
///
/// ```
/// use socklab::stdio::vprintf;
/// vprintf(format_args!("{} + {} = {}\n", 1, 2, 1 + 2))?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [vprintf(3)](https://man7.org/linux/man-pages/man3/vprintf.3.html),
/// [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/vprintf.html)
pub fn vprintf(args: fmt::Arguments<'_>) -> Result<usize> {
    // A constant format (`printf!("> ")`) needs no copy.
    let owned;
    let text = match args.as_str() {
        Some(s) => s,
        None => {
            owned = fmt::format(args);
            owned.as_str()
        }
    };
    write_all_stdout(text.as_bytes())
}

/// `fputs(s, stdout)`—writes the bytes `s` as they are (text or not) to
/// standard output, in one write(2); returns the number of bytes written.
///
/// What the book's clients do with what the server sent
/// (`Fputs(recvline, stdout)`): the bytes may not be UTF-8 text, so they
/// cannot go through [`printf!`](crate::printf!). Like `printf!` it writes
/// at once (no buffer, no flush), writes again only after a short write,
/// is not printed by trace mode, and returns an error instead of
/// panicking. Only `stdout` is accepted: writes to sockets go through
/// [`write`](crate::write), which trace mode shows.
///
/// # Errors
/// As [`printf!`](crate::printf!): `write: Broken pipe (EPIPE)` when the
/// reader has gone, `write: Bad file descriptor (EBADF)` when stdout is
/// closed.
///
/// ```
/// use std::io::stdout;
/// use socklab::stdio::fputs;
/// let recvline = b"Sat Dec  5 23:57:08 2026\r\n";
/// assert_eq!(fputs(recvline, stdout())?, recvline.len());
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [fputs(3)](https://man7.org/linux/man-pages/man3/fputs.3.html),
/// [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/fputs.html)
pub fn fputs(s: impl AsRef<[u8]>, stream: std::io::Stdout) -> Result<usize> {
    let _ = stream; // descriptor 1, whichever handle names it
    write_all_stdout(s.as_ref())
}

/// write(1, …) until all of `buf` is written: one call unless the kernel
/// takes only part of it (a short write), as C's stdio does when it flushes.
/// Untraced: this is the program's output, not a call under study.
fn write_all_stdout(buf: &[u8]) -> Result<usize> {
    let stdout = std::io::stdout();
    let fd = stdout.as_fd(); // descriptor 1; takes no lock, makes no call
    let mut done = 0;
    while done < buf.len() {
        match sys::write(fd, &buf[done..])? {
            0 => break, // never for a pipe, a file or a terminal; no spinning
            n => done += n,
        }
    }
    Ok(done)
}

/// `fgets(s, MAXLINE, stream)`—the next line of `stream` (standard input,
/// locked: `&mut std::io::stdin().lock()`) into `line`, with its newline:
/// at most `MAXLINE - 1` bytes, so a longer line comes in pieces, as C's
/// `fgets` with the book's `MAXLINE` gives it. Returns the bytes read, 0 at
/// end of file (C's NULL). `line` is cleared first.
///
/// Like the C library, it reads through a buffer: `read(0, …)` only when
/// the buffer is empty (strace shows those reads, not one per line).
///
/// # Errors
/// A failed `read` of the stream, named as perror would name it
/// (`read: Input/output error (EIO)`).
///
/// ```no_run
/// use socklab::*;
/// let mut input = std::io::stdin().lock();
/// let mut sendline = Vec::new();
/// while stdio::fgets(&mut sendline, &mut input)? > 0 {
///     printf!("you typed {} bytes\n", sendline.len())?;
/// }
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(fgets(3))]
pub fn fgets(line: &mut Vec<u8>, stream: &mut impl std::io::BufRead) -> Result<usize> {
    use std::io::{BufRead as _, Read as _};
    line.clear();
    stream
        .take(MAXLINE as u64 - 1)
        .read_until(b'\n', line)
        .map_err(|e| match e.raw_os_error() {
            Some(errno) => Error::sys("read", Errno::from_raw(errno)),
            None => Error::invalid("fgets", e.to_string()),
        })
}
