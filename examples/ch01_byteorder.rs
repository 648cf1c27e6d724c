//! `ch01_byteorder` — UNP vol. 1, section 3.4, Figure 3.10 (the byte-order
//! program; the book's chapter 1 relies on it): which byte order this host
//! uses, what `htons`/`ntohs` do to a port, and what a forgotten `htons`
//! does to port 13.
//!
//! ```text
//! $ cargo run --example ch01_byteorder
//! x86_64-linux: little-endian
//!   0x0102 as a u16 is stored as bytes [02, 01]
//! htons(13) = 0x0d00: stored as bytes [00, 0d], network byte order (big-endian)
//! ntohs(htons(13)) = 13
//! a forgotten htons: sin_port = 13 is stored as bytes [0d, 00]
//!   the kernel reads those bytes as port 3328
//!   strace shows: {sa_family=AF_INET, sin_port=htons(3328), sin_addr=inet_addr("127.0.0.1")}
//! ```
//!
//! On a big-endian machine (s390x, some MIPS, old SPARC) the same program
//! says `big-endian`, `htons` does nothing there, and the forgotten
//! `htons` goes unnoticed — until the code runs on a little-endian host.
//!
//! No system calls: under strace you see only the program starting and
//! writing its output. To see the bug for real, bind a socket with
//! `sin_port = 13` (no htons) and look at `ss -ltn`: it listens on 3328.
//!
//! The lesson: the network's byte order is big-endian, and every
//! multi-byte number in a socket address (port, IPv4 address) must be
//! stored that way. `htons`/`htonl` convert on the way in and
//! `ntohs`/`ntohl` on the way out; on a little-endian host they swap bytes.
//!
//! The C twin is `docs/c/ch01_byteorder.c`, written the way the book writes
//! it; `tests/fidelity_strace.rs` holds the two to the same system calls,
//! arguments included.
use socklab::*;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    if std::env::args().len() != 1 {
        return Err("usage: ch01_byteorder   (no arguments)".into());
    }

    // The book stores 0x0102 in a short and looks at its two bytes through
    // a union; to_ne_bytes ("native endian") shows the same two bytes.
    let bytes = 0x0102u16.to_ne_bytes();
    let order = match bytes {
        [0x01, 0x02] => "big-endian",
        [0x02, 0x01] => "little-endian",
        _ => "unknown",
    };
    printf!(
        "{}-{}: {order}\n",
        std::env::consts::ARCH,
        std::env::consts::OS
    )?;
    printf!("  0x0102 as a u16 is stored as bytes {}\n", hex(&bytes))?;

    let net = htons(13);
    printf!(
        "htons(13) = {net:#06x}: stored as bytes {}, network byte order (big-endian)\n",
        hex(&net.to_ne_bytes())
    )?;
    printf!("ntohs(htons(13)) = {}\n", ntohs(net))?;

    // The classic bug: the port stored in host byte order.
    let mut servaddr = sockaddr_in::new(INADDR_LOOPBACK, 0);
    servaddr.sin_port = 13; // should be htons(13)
    printf!(
        "a forgotten htons: sin_port = 13 is stored as bytes {}\n",
        hex(&servaddr.sin_port.to_ne_bytes())
    )?;
    printf!(
        "  the kernel reads those bytes as port {}\n",
        servaddr.port()
    )?;
    printf!("  strace shows: {servaddr:?}\n")?;
    Ok(())
}

/// Bytes as `[0d, 00]`: the order they have in memory.
fn hex(bytes: &[u8]) -> String {
    let parts: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("[{}]", parts.join(", "))
}
