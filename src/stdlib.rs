//! `<stdlib.h>` — [`mkstemp`]: a new, unique temporary file (chapter 30's
//! fcntl lock, §30.7, locks such a file, unlinked at once so that nothing
//! is left behind); and [`atol`], how chapter 30's `web_child` reads the
//! byte count a client asks for.

use std::ffi::CString;

use crate::error::{Error, Result};
use crate::fd::Fd;
use crate::sys;
use crate::trace::calls;

/// `mkstemp(template)`—creates and opens a file whose name is `template`
/// with its last six characters, which must be `XXXXXX`, replaced to make
/// it unique; returns the descriptor and the name it made.
///
/// The file is created with mode 0600 and opened for reading and writing
/// with `O_EXCL`, so no other process can have made it first. glibc makes
/// one openat(2) call: `openat(AT_FDCWD, "/tmp/lock.KlRCFq",
/// O_RDWR|O_CREAT|O_EXCL, 0600) = 3` (after tries that found the name
/// taken, which strace shows as EEXIST). The book's `my_lock_init` unlinks
/// the name at once: the open descriptor keeps the file alive.
///
/// # Errors
/// `EINVAL` (the template does not end in `XXXXXX`), `EEXIST` (no unique
/// name found), and open's (`EACCES`, `ENOENT`…).
///
/// ```
/// use socklab::*;
/// let template = std::env::temp_dir().join("socklab-doc.XXXXXX");
/// let (fd, path) = mkstemp(template.to_str().unwrap_or("/tmp/x.XXXXXX"))?;
/// assert!(!path.ends_with("XXXXXX"));
/// unlink(&path)?;
/// assert_eq!(write(&fd, b"still open")?, 10);
/// # Ok::<(), socklab::Error>(())
/// ```
///
#[doc = man_links!(mkstemp(3))]
pub fn mkstemp(template: &str) -> Result<(Fd, String)> {
    let mut c_template = CString::new(template)
        .map_err(|_| Error::invalid("mkstemp", "template contains a NUL byte"))?;
    let res = sys::mkstemp(&mut c_template).map(Fd::from);
    calls::mkstemp(c_template.as_bytes(), &res);
    let path = String::from_utf8_lossy(c_template.as_bytes()).into_owned();
    res.map(|fd| (fd, path))
}

/// `atol(text)`—the number at the start of `text`, as C reads it: leading
/// blanks, an optional sign, then digits up to the first other byte
/// (`"4000\n"` → 4000, `"abc"` → 0). No system call.
///
/// C's result is undefined when the number does not fit in a `long`; here
/// it saturates. There is no error: a text that is not a number is 0, as
/// in C (the book's `web_child` then refuses "a request for 0 bytes").
///
/// ```
/// use socklab::atol;
/// assert_eq!(atol(b"4000\n"), 4000);
/// assert_eq!(atol(b"  -7x"), -7);
/// assert_eq!(atol(b"hello"), 0);
/// ```
///
#[doc = man_links!(atol(3), posix: atol)]
pub fn atol(text: &[u8]) -> i64 {
    let text = text.trim_ascii_start();
    let (sign, digits) = match text.first() {
        Some(b'-') => (-1, &text[1..]),
        Some(b'+') => (1, &text[1..]),
        _ => (1, text),
    };
    let n = digits
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .fold(0i64, |n, c| {
            n.saturating_mul(10).saturating_add(i64::from(c - b'0'))
        });
    sign * n
}
