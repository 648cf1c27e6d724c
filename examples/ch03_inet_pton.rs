//! `ch03_inet_pton [address]` — UNP vol. 1, sections 3.6–3.8: the address
//! conversion functions `inet_pton` ("presentation to numeric"),
//! `inet_ntop` (back again) and the book's `sock_ntop`, on IPv4 and IPv6
//! addresses — including the text they refuse.
//!
//! With no argument it runs a table of good and bad examples; with one
//! argument it converts that address (IPv6 if it contains a `:`):
//!
//! ```text
//! $ cargo run --example ch03_inet_pton
//! inet_pton(AF_INET, "192.168.1.20") -> bytes c0 a8 01 14 -> inet_ntop "192.168.1.20" -> sock_ntop 192.168.1.20:9877
//! …
//! inet_pton(AF_INET6, "2001:DB8:0:0:8:800:200C:417A") -> bytes 20 01 0d b8 … -> inet_ntop "2001:db8::8:800:200c:417a" -> sock_ntop [2001:db8::8:800:200c:417a]:9877
//! …
//! inet_pton(AF_INET, "1.2.3") -> inet_pton: "1.2.3" is not a valid AF_INET address
//!     (inet_aton would take it as 1.2.0.3: inet_pton wants exactly four numbers)
//!
//! $ cargo run --example ch03_inet_pton ::1
//! inet_pton(AF_INET6, "::1") -> bytes 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 -> inet_ntop "::1" -> sock_ntop [::1]:9877
//!
//! $ cargo run --example ch03_inet_pton 10.1.1.256
//! inet_pton: "10.1.1.256" is not a valid AF_INET address      (exit status 1)
//! ```
//!
//! No system calls: these are pure C library functions, so strace shows
//! nothing between the program's start and its output. That is the
//! point: converting an address is not networking, and never does a DNS
//! lookup (`"localhost"` is refused; `getaddrinfo` resolves names).
//!
//! The lesson: inet_pton stores the address in network byte order, ready
//! for `sin_addr`/`sin6_addr`, and refuses anything that is not exactly an
//! address of the family you asked for. The round trip text → binary →
//! text gives the *canonical* text (lower case, `::` for the longest run
//! of zeros), which need not be what you typed.
//!
//! The C twin is `docs/c/ch03_inet_pton.c`, written the way the book writes
//! it (it prints exactly what this program prints);
//! `tests/fidelity_strace.rs` holds the two to the same system calls,
//! arguments included.
use socklab::*;

/// The port the examples print with `sock_ntop` (the book's SERV_PORT).
const PORT: u16 = SERV_PORT;

/// The built-in table: (text, why it is interesting).
const EXAMPLES: &[(&str, &str)] = &[
    ("127.0.0.1", "the IPv4 loopback address"),
    (
        "192.168.1.20",
        "a private address: bytes in network order, c0 first",
    ),
    ("0.0.0.0", "INADDR_ANY"),
    ("::1", "the IPv6 loopback address"),
    (
        "2001:DB8:0:0:8:800:200C:417A",
        "comes back lower case, zeros shortened to ::",
    ),
    ("::ffff:192.0.2.1", "an IPv4-mapped IPv6 address"),
    (
        "1.2.3",
        "inet_aton would take it as 1.2.0.3: inet_pton wants exactly four numbers",
    ),
    ("256.1.1.1", "each number must fit in a byte"),
    (
        "01.2.3.4",
        "no leading zeros: inet_aton would read 01 as octal",
    ),
    (
        "localhost",
        "a name, not an address: that is getaddrinfo's job",
    ),
    ("2001:db8::1::2", "'::' may appear only once"),
    (" 10.0.0.1", "no spaces allowed"),
];

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    match args.as_slice() {
        [_] => {
            for (text, why) in EXAMPLES {
                match round_trip(text) {
                    Ok(line) => {
                        printf!("{line}\n")?;
                    }
                    Err(e) => {
                        printf!("inet_pton({}, {text:?}) -> {e}\n", family_name(text))?;
                    }
                }
                printf!("    ({why})\n")?;
            }
            Ok(())
        }
        [_, text] => {
            printf!("{}\n", round_trip(text)?)?;
            Ok(())
        }
        _ => {
            Err("usage: ch03_inet_pton [address]   (no address: run the built-in examples)".into())
        }
    }
}

/// The family an address text is meant for: IPv6 text always has a ':'.
fn family_of(text: &str) -> c_int {
    if text.contains(':') {
        AF_INET6
    } else {
        AF_INET
    }
}

fn family_name(text: &str) -> &'static str {
    if family_of(text) == AF_INET6 {
        "AF_INET6"
    } else {
        "AF_INET"
    }
}

/// text -> inet_pton -> bytes -> inet_ntop -> text, and the socket address
/// sock_ntop prints; one line describing every step.
fn round_trip(text: &str) -> Result<String> {
    let (bytes, back, sa) = if family_of(text) == AF_INET6 {
        let mut sin6 = sockaddr_in6::new(in6addr_any, PORT);
        inet_pton(AF_INET6, text, &mut sin6.sin6_addr)?;
        let back = inet_ntop(AF_INET6, &sin6.sin6_addr)?;
        (sin6.sin6_addr.s6_addr.to_vec(), back, SockAddr::from(sin6))
    } else {
        let mut sin = sockaddr_in::new(INADDR_ANY, PORT);
        inet_pton(AF_INET, text, &mut sin.sin_addr)?;
        let back = inet_ntop(AF_INET, &sin.sin_addr)?;
        // s_addr holds the bytes in network order: look at them in memory.
        (
            sin.sin_addr.s_addr.to_ne_bytes().to_vec(),
            back,
            SockAddr::from(sin),
        )
    };
    Ok(format!(
        "inet_pton({}, {text:?}) -> bytes {} -> inet_ntop {back:?} -> sock_ntop {}",
        family_name(text),
        hex(&bytes),
        sock_ntop(&sa)
    ))
}

/// Bytes in memory order, as `c0 a8 01 14`.
fn hex(bytes: &[u8]) -> String {
    let parts: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
    parts.join(" ")
}
