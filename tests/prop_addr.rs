//! Property tests for the address code and `readline` (issue 6 §2).
//!
//! Instead of a handful of hand-picked inputs, proptest generates hundreds
//! and checks that a rule holds for every one:
//!
//! - `inet_pton` agrees with the C library's `inet_pton` on arbitrary
//!   strings (the C library, called directly, is the reference — not Rust's
//!   `Ipv4Addr` parser, which accepts a different language);
//! - `inet_ntop` and the `Display` of `in_addr`/`in6_addr` print what the C
//!   library's `inet_ntop` prints, and `inet_pton` reads it back;
//! - addresses round-trip through the kernel: `bind` then `getsockname`,
//!   `connect` then `getpeername`, for AF_INET (all of 127.0.0.0/8),
//!   AF_INET6 (`::1` and IPv4-mapped loopback), AF_UNIX paths and Linux
//!   abstract names of arbitrary bytes and lengths;
//! - `Display` → `parse` gives the address back;
//! - `readline` over arbitrary chunkings of arbitrary bytes returns pieces
//!   that concatenate back to the input, each ending at a newline, at the
//!   buffer's bound, or at end of file.
//!
//! Case counts are modest (64 for the kernel round trips) to keep the test
//! fast; proptest shrinks any failure to a minimal input and records it in
//! `tests/prop_addr.proptest-regressions`.
#![allow(unsafe_code)] // the C library reference calls; each block says why it is sound

mod common;

use std::ffi::{CStr, CString};
use std::os::unix::ffi::OsStrExt;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use socklab::*;

// ---------------------------------------------------------------------
// The reference: the C library's own inet_pton / inet_ntop
// ---------------------------------------------------------------------

mod c {
    use libc::{c_char, c_int, c_void, socklen_t};
    // The libc crate does not declare these two; the C library has them.
    unsafe extern "C" {
        pub fn inet_pton(af: c_int, src: *const c_char, dst: *mut c_void) -> c_int;
        pub fn inet_ntop(
            af: c_int,
            src: *const c_void,
            dst: *mut c_char,
            size: socklen_t,
        ) -> *const c_char;
    }
}

/// The address bytes C's `inet_pton` produces, or `None` when it returns 0
/// (not an address). Strings with a NUL byte cannot be passed to C at all.
fn c_inet_pton(af: i32, text: &str) -> Option<Vec<u8>> {
    let c_text = CString::new(text).ok()?;
    let mut buf = [0u8; 16];
    // SAFETY: c_text is NUL-terminated and lives across the call; buf is
    // writable for 16 bytes, enough for AF_INET (4) and AF_INET6 (16).
    let ret = unsafe { c::inet_pton(af, c_text.as_ptr(), buf.as_mut_ptr().cast()) };
    let len = if af == AF_INET { 4 } else { 16 };
    (ret == 1).then(|| buf[..len].to_vec())
}

/// The text C's `inet_ntop` produces for `bytes` (4 or 16 of them).
fn c_inet_ntop(af: i32, bytes: &[u8]) -> String {
    assert_eq!(bytes.len(), if af == AF_INET { 4 } else { 16 });
    let mut buf = [0 as libc::c_char; 64];
    // SAFETY: bytes holds the 4 or 16 address bytes for `af` (checked
    // above); buf is writable for the 64 bytes we say it has.
    let ret = unsafe { c::inet_ntop(af, bytes.as_ptr().cast(), buf.as_mut_ptr(), 64) };
    assert!(!ret.is_null(), "C inet_ntop failed");
    // SAFETY: on success inet_ntop wrote a NUL-terminated string into buf.
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

/// socklab's answer for the same question as [`c_inet_pton`].
fn socklab_inet_pton(af: i32, text: &str) -> Option<Vec<u8>> {
    if af == AF_INET {
        let mut a = in_addr::default();
        inet_pton(AF_INET, text, &mut a).ok()?;
        Some(a.s_addr.to_ne_bytes().to_vec())
    } else {
        let mut a = in6_addr::default();
        inet_pton(AF_INET6, text, &mut a).ok()?;
        Some(a.s6_addr.to_vec())
    }
}

// ---------------------------------------------------------------------
// Strategies: strings and addresses worth trying
// ---------------------------------------------------------------------

/// Characters that appear in addresses, plus the usual suspects around them.
const ADDR_CHARS: &[char] = &[
    '0', '1', '2', '5', '7', '9', 'a', 'b', 'f', 'A', 'F', 'g', 'x', '.', ':', ':', '.', ' ', '\t',
    '%', '-', '+', '[', ']', '/', 'é', '１',
];

/// Text that looks like an IPv4 address: 1-6 numbers (some too big, some
/// with leading zeros) joined by dots.
fn dotted_like() -> impl Strategy<Value = String> {
    vec((0u32..1100, 0usize..3), 1..7).prop_map(|parts| {
        let parts: Vec<String> = parts
            .into_iter()
            .map(|(n, zeros)| format!("{}{n}", "0".repeat(zeros)))
            .collect();
        parts.join(".")
    })
}

/// Text that looks like an IPv6 address: hex groups (some with five
/// digits), maybe a `::`, maybe a dotted IPv4 tail.
fn colon_like() -> impl Strategy<Value = String> {
    (
        vec(0u32..0x1_0008, 0..10),
        proptest::option::of(0usize..10),
        proptest::option::of(dotted_like()),
    )
        .prop_map(|(groups, gap, tail)| {
            let mut parts: Vec<String> = groups.iter().map(|g| format!("{g:x}")).collect();
            if let Some(at) = gap {
                parts.insert(at.min(parts.len()), String::new()); // becomes "::"
            }
            let mut text = parts.join(":");
            if let Some(tail) = tail {
                text.push(':');
                text.push_str(&tail);
            }
            text
        })
}

/// Any of: random address characters, IPv4-like, IPv6-like, or any string.
fn address_like() -> impl Strategy<Value = String> {
    prop_oneof![
        vec(select(ADDR_CHARS), 0..48).prop_map(|cs| cs.into_iter().collect()),
        dotted_like(),
        colon_like(),
        any::<String>(),
    ]
}

/// IPv6 addresses with the shapes that make inet_ntop interesting: runs of
/// zero groups (where `::` goes), IPv4-mapped and IPv4-compatible ones.
fn in6_bytes() -> impl Strategy<Value = [u8; 16]> {
    let sparse = vec(prop_oneof![Just(0u16), Just(0u16), any::<u16>()], 8).prop_map(|groups| {
        let mut b = [0u8; 16];
        for (i, g) in groups.iter().enumerate() {
            b[2 * i..2 * i + 2].copy_from_slice(&g.to_be_bytes());
        }
        b
    });
    let v4_tail = |prefix: [u8; 12]| {
        any::<[u8; 4]>().prop_map(move |v4| {
            let mut b = [0u8; 16];
            b[..12].copy_from_slice(&prefix);
            b[12..].copy_from_slice(&v4);
            b
        })
    };
    let mapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];
    prop_oneof![any::<[u8; 16]>(), sparse, v4_tail(mapped), v4_tail([0; 12])]
}

// ---------------------------------------------------------------------
// inet_pton / inet_ntop
// ---------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// On any string, socklab's inet_pton accepts exactly what C's accepts,
    /// with the same bytes, for both families.
    #[test]
    fn inet_pton_agrees_with_c(text in address_like()) {
        for af in [AF_INET, AF_INET6] {
            prop_assert_eq!(socklab_inet_pton(af, &text), c_inet_pton(af, &text),
                "family {} on {:?}", af, text);
        }
    }

    /// IPv4: bytes -> inet_ntop -> text equal to C's -> inet_pton -> same bytes;
    /// and `Display` of in_addr prints the same text.
    #[test]
    fn ipv4_round_trip(bytes in any::<[u8; 4]>()) {
        let a = in_addr { s_addr: u32::from_ne_bytes(bytes) };
        let text = inet_ntop(AF_INET, &a).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&text, &c_inet_ntop(AF_INET, &bytes));
        prop_assert_eq!(&a.to_string(), &text);
        let mut back = in_addr::default();
        inet_pton(AF_INET, &text, &mut back).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, a);
    }

    /// IPv6: the same round trip, on the address shapes in `in6_bytes`.
    #[test]
    fn ipv6_round_trip(bytes in in6_bytes()) {
        let a = in6_addr { s6_addr: bytes };
        let text = inet_ntop(AF_INET6, &a).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&text, &c_inet_ntop(AF_INET6, &bytes));
        prop_assert_eq!(&a.to_string(), &text, "in6_addr's Display differs from inet_ntop");
        let mut back = in6_addr::default();
        inet_pton(AF_INET6, &text, &mut back).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, a);
    }

    /// `Display` -> `parse` gives the same sockaddr_in / sockaddr_in6 /
    /// SockAddr back. (sockaddr_in6's text has no flow label or scope id,
    /// so those stay 0 here.)
    #[test]
    fn display_parse_round_trip(v4 in any::<[u8; 4]>(), v6 in in6_bytes(), port in any::<u16>()) {
        let mut sin = sockaddr_in::new(0, port);
        sin.sin_addr.s_addr = u32::from_ne_bytes(v4);
        let parsed: sockaddr_in = sin.to_string().parse().map_err(|e: Error| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(parsed, sin);

        let sin6 = sockaddr_in6::new(in6_addr { s6_addr: v6 }, port);
        let parsed: sockaddr_in6 = sin6.to_string().parse().map_err(|e: Error| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(parsed, sin6);

        for any_family in [SockAddr::from(sin), SockAddr::from(sin6)] {
            let parsed: SockAddr = any_family.to_string().parse().map_err(|e: Error| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(parsed, any_family);
        }
    }
}

// ---------------------------------------------------------------------
// Round trips through the kernel
// ---------------------------------------------------------------------

/// Turns a socklab error into a proptest failure that prints it.
fn ok<T>(r: socklab::Result<T>) -> std::result::Result<T, TestCaseError> {
    r.map_err(|e| TestCaseError::fail(e.to_string()))
}

/// The kernel round trip for a stream address `want` (whose port may be 0):
/// bind + getsockname gives `want` back (with the kernel's port filled in),
/// and a client's connect + getpeername gives that same address; accept
/// reports the client as the client's getsockname does.
fn kernel_round_trip(family: i32, want: SockAddr) -> std::result::Result<SockAddr, TestCaseError> {
    let listenfd = ok(socket(family, SOCK_STREAM, 0))?;
    ok(bind(&listenfd, &want))?;
    let bound = ok(getsockname(&listenfd))?;
    match (&want, &bound) {
        (SockAddr::Inet(w), SockAddr::Inet(b)) => {
            prop_assert_eq!(w.sin_addr, b.sin_addr);
            prop_assert!(b.port() != 0, "the kernel picked no port");
        }
        (SockAddr::Inet6(w), SockAddr::Inet6(b)) => {
            prop_assert_eq!(w.sin6_addr, b.sin6_addr);
            prop_assert!(b.port() != 0, "the kernel picked no port");
        }
        _ => prop_assert_eq!(&bound, &want),
    }
    ok(listen(&listenfd, 8))?;

    let client = ok(socket(family, SOCK_STREAM, 0))?;
    ok(connect(&client, &bound))?;
    prop_assert_eq!(ok(getpeername(&client))?, bound.clone());
    let (connfd, peer) = ok(accept(&listenfd))?;
    prop_assert_eq!(&peer, &ok(getsockname(&client))?);
    prop_assert_eq!(ok(getsockname(&connfd))?, bound.clone());
    prop_assert_eq!(ok(getpeername(&connfd))?, peer.clone());
    Ok(peer)
}

/// Distinct abstract names across cases and test threads.
static NAME_COUNTER: AtomicUsize = AtomicUsize::new(0);

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// AF_INET on any address of 127.0.0.0/8 (all of it is loopback on Linux), port 0.
    #[test]
    fn kernel_round_trip_inet(b in any::<u8>(), c in any::<u8>(), d in 1u8..=254) {
        let mut addr = sockaddr_in::new(0, 0);
        addr.sin_addr.s_addr = u32::from_ne_bytes([127, b, c, d]);
        kernel_round_trip(AF_INET, addr.into())?;
    }

    /// AF_INET6 on ::1, and on IPv4-mapped loopback addresses
    /// (`::ffff:127.b.c.d`, which an AF_INET6 socket accepts by default).
    #[test]
    fn kernel_round_trip_inet6(mapped in any::<bool>(), b in any::<u8>(), c in any::<u8>(), d in 1u8..=254) {
        let mut addr = sockaddr_in6::new(in6addr_loopback, 0);
        if mapped {
            addr.sin6_addr.s6_addr = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, b, c, d];
        }
        let peer = kernel_round_trip(AF_INET6, addr.into())?;
        prop_assert_eq!(peer.family(), AF_INET6);
    }

    /// AF_UNIX file system paths: any file name of any allowed bytes (no NUL,
    /// no '/') and any length that fits sun_path, in a temporary directory.
    #[test]
    fn kernel_round_trip_unix_path(name in vec(1u8..=255, 1..=107)) {
        prop_assume!(!name.contains(&b'/') && name != b"." && name != b"..");
        let dir = common::temp_dir();
        let mut path = dir.path().as_os_str().as_bytes().to_vec();
        path.push(b'/');
        path.extend_from_slice(&name);
        path.truncate(sockaddr_un::MAX_PATH);
        prop_assume!(path.last() != Some(&b'/') && !path.ends_with(b"/.") && !path.ends_with(b"/.."));
        let path = std::path::PathBuf::from(std::ffi::OsStr::from_bytes(&path));

        let addr = ok(sockaddr_un::new(&path))?;
        let peer = kernel_round_trip(AF_UNIX, addr.clone().into())?;
        match peer {
            SockAddr::Unix(p) => prop_assert!(p.is_unnamed(), "an unbound client has no name"),
            other => prop_assert!(false, "peer of family {}", other.family()),
        }
        prop_assert_eq!(addr.path(), Some(path.clone()));
        ok(unlink(&path))?;
    }

    /// Linux abstract names: any bytes (NUL included), any length that fits.
    #[test]
    fn kernel_round_trip_unix_abstract(tail in vec(any::<u8>(), 0..=80)) {
        let n = NAME_COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut name = format!("socklab-prop-{}-{n}-", std::process::id()).into_bytes();
        name.extend_from_slice(&tail);
        name.truncate(sockaddr_un::MAX_PATH);
        let addr = ok(sockaddr_un::abstract_name(&name))?;
        prop_assert_eq!(addr.as_abstract(), Some(&name[..]));
        kernel_round_trip(AF_UNIX, addr.into())?;
    }

    /// A path one byte or more too long for sun_path is refused with a
    /// message, before any system call — never silently cut.
    #[test]
    fn unix_path_too_long_is_refused(extra in 1usize..200) {
        let path = "/".to_string() + &"p".repeat(sockaddr_un::MAX_PATH - 1 + extra);
        let err = sockaddr_un::new(&path).err();
        prop_assert!(err.as_ref().is_some_and(|e| e.to_string().contains("too long")), "{:?}", err);
    }
}

// ---------------------------------------------------------------------
// readline over arbitrary chunkings
// ---------------------------------------------------------------------

/// What readline must return for `input` with a buffer of `bound` bytes:
/// pieces that end at a newline (included), at `bound` bytes, or at the end.
fn expected_lines(input: &[u8], bound: usize) -> Vec<Vec<u8>> {
    let mut pieces = Vec::new();
    let mut piece = Vec::new();
    for &byte in input {
        piece.push(byte);
        if byte == b'\n' || piece.len() == bound {
            pieces.push(std::mem::take(&mut piece));
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// A thread writes `input` to a socketpair in chunks of the given sizes
    /// (so lines arrive split anywhere), then closes; readline's pieces are
    /// exactly the expected ones, and then it returns 0 (end of file).
    #[test]
    fn readline_any_chunking(
        input in vec(prop_oneof![1 => Just(b'\n'), 4 => any::<u8>()], 0..400),
        chunks in vec(1usize..50, 1..16),
        bound in 1usize..=80,
    ) {
        let (writer_end, reader_end) = ok(socketpair(AF_UNIX, SOCK_STREAM, 0))?;
        let data = input.clone();
        let writer = std::thread::spawn(move || -> socklab::Result<()> {
            let mut rest = &data[..];
            for size in chunks.iter().cycle() {
                if rest.is_empty() {
                    break;
                }
                let (now, later) = rest.split_at((*size).min(rest.len()));
                writen(&writer_end, now)?;
                rest = later;
            }
            close(writer_end) // end of file for the reader
        });

        let mut pieces = Vec::new();
        let mut buf = vec![0u8; bound];
        // At most one piece per input byte, plus the final 0.
        for _ in 0..=input.len() {
            let n = ok(readline(&reader_end, &mut buf))?;
            if n == 0 {
                break;
            }
            pieces.push(buf[..n].to_vec());
        }
        prop_assert!(writer.join().is_ok_and(|r| r.is_ok()), "writer thread failed");
        prop_assert_eq!(ok(readline(&reader_end, &mut buf))?, 0, "no end of file after the input");
        prop_assert_eq!(pieces.concat(), input.clone());
        prop_assert_eq!(pieces, expected_lines(&input, bound));
    }
}
