//! The protocols the checker speaks, each as a client of it would.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::thread;
use std::time::{Duration, Instant};

use clap::ValueEnum;

/// How long one exchange may take before it counts as "no answer".
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(5);

/// The lecture and book servers' protocols.
#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum Protocol {
    /// Echo every byte back (UNP Figs. 5.2-5.3, 8.3-8.4): ch05_tcpserv04, ch08_udpserv01.
    Echo,
    /// One line of the time of day, then close (UNP Fig. 1.9): ch01_daytimetcpsrv.
    Daytime,
    /// Read one message, answer it in capitals, close (the lecture): tcp_upper_server.
    Upper,
    /// Read one message, answer "I got your message" (the tutorial's server.c).
    Message,
    /// Lines "a b" answered "a+b" as text (UNP section 5.18): ch05_tcpserv08.
    Sum,
    /// UNP chapter 30's web_child: each line "N" (N up to 16384) answered
    /// with N bytes, until the client closes.
    #[value(name = "web_child")]
    WebChild,
}

impl Protocol {
    /// The protocol's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Echo => "echo",
            Protocol::Daytime => "daytime",
            Protocol::Upper => "upper",
            Protocol::Message => "message",
            Protocol::Sum => "sum",
            Protocol::WebChild => "web_child",
        }
    }

    /// Whether the protocol's servers should serve clients concurrently
    /// (the book's forking servers) unless told otherwise.
    pub fn concurrent_by_default(self) -> bool {
        matches!(self, Protocol::Echo | Protocol::Sum | Protocol::WebChild)
    }

    /// The page that teaches the protocol.
    pub fn doc(self, udp: bool) -> &'static str {
        match (self, udp) {
            (Protocol::Echo, false) | (Protocol::Sum, _) => "docs/unp/ch05.md",
            (Protocol::Echo, true) => "docs/unp/ch08.md",
            (Protocol::Daytime, _) => "docs/unp/ch01.md",
            (Protocol::Upper, true) => "docs/udp.md",
            (Protocol::Upper, false) | (Protocol::Message, _) => "docs/tcp.md",
            (Protocol::WebChild, _) => "docs/forking-server.md",
        }
    }

    /// Whether the protocol runs over UDP as well.
    pub fn has_udp(self) -> bool {
        matches!(self, Protocol::Echo | Protocol::Daytime | Protocol::Upper)
    }

    /// Whether a request may be sent in pieces, and several at once: the
    /// protocols with a stream of requests (echo, sum). upper and message
    /// are defined by the lecture as "one read is one message".
    pub fn is_stream(self) -> bool {
        matches!(self, Protocol::Echo | Protocol::Sum | Protocol::WebChild)
    }

    /// A request and the answer it must get.
    pub fn sample(self) -> (Vec<u8>, Vec<u8>) {
        match self {
            Protocol::Echo => (b"hello, socklab\n".to_vec(), b"hello, socklab\n".to_vec()),
            Protocol::Daytime => (Vec::new(), Vec::new()),
            Protocol::Upper => (b"hello sockets".to_vec(), b"HELLO SOCKETS".to_vec()),
            Protocol::Message => (
                b"hello from socklab\n".to_vec(),
                b"I got your message".to_vec(),
            ),
            Protocol::Sum => (b"11 22\n".to_vec(), b"33\n".to_vec()),
            // web_child's bytes are any bytes: only their number counts
            Protocol::WebChild => (b"4000\n".to_vec(), vec![0; 4000]),
        }
    }
}

/// A connected TCP client with the checker's timeouts.
pub fn connect(addr: SocketAddr) -> Result<TcpStream, String> {
    let s = TcpStream::connect_timeout(&addr, ANSWER_TIMEOUT)
        .map_err(|e| format!("connect to {addr}: {e}"))?;
    s.set_read_timeout(Some(ANSWER_TIMEOUT)).ok();
    s.set_write_timeout(Some(ANSWER_TIMEOUT)).ok();
    Ok(s)
}

/// Reads until `want` bytes arrived, end of file, or the deadline.
/// Returns the bytes and whether end of file was seen.
pub fn read_upto(
    s: &mut TcpStream,
    want: usize,
    within: Duration,
) -> (Vec<u8>, bool, Option<String>) {
    let deadline = Instant::now() + within;
    let mut got = Vec::new();
    let mut buf = vec![0u8; 65536];
    while got.len() < want {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return (got, false, Some("timed out".into()));
        }
        s.set_read_timeout(Some(left)).ok();
        match s.read(&mut buf) {
            Ok(0) => return (got, true, None),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return (got, false, Some("timed out".into()));
            }
            Err(e) => return (got, false, Some(e.to_string())),
        }
    }
    (got, false, None)
}

/// Shows bytes the way a student can compare them: text escaped, cut at 60.
pub fn show(bytes: &[u8]) -> String {
    let mut s: String = bytes.escape_ascii().to_string();
    if s.len() > 60 {
        s.truncate(57);
        s.push_str("...");
    }
    format!("\"{s}\"")
}

/// Sends `request` (in `pieces`, with `pause` between them) and checks the
/// answer is `expect`. For daytime (`expect` empty) the answer must be one
/// line of ctime's format.
pub fn exchange_pieces(
    proto: Protocol,
    addr: SocketAddr,
    pieces: &[&[u8]],
    pause: Duration,
    expect: &[u8],
) -> Result<(), String> {
    let mut s = connect(addr)?;
    for (i, p) in pieces.iter().enumerate() {
        if i > 0 {
            thread::sleep(pause);
        }
        s.write_all(p)
            .map_err(|e| format!("write to the server: {e}"))?;
    }
    if proto == Protocol::Daytime {
        let (got, _eof, err) = read_upto(&mut s, 1 << 16, ANSWER_TIMEOUT);
        if let Some(e) = err {
            return Err(format!(
                "no end of file within {} s ({e}); a daytime server closes the connection after its line",
                ANSWER_TIMEOUT.as_secs()
            ));
        }
        return check_daytime(&got);
    }
    let (got, eof, err) = read_upto(&mut s, expect.len(), ANSWER_TIMEOUT);
    if got == expect || (proto == Protocol::WebChild && got.len() == expect.len()) {
        return Ok(());
    }
    if proto == Protocol::WebChild {
        let why = err.unwrap_or_else(|| "end of file".into());
        return Err(format!(
            "sent {}, expected {} bytes, got {} ({why})",
            show(&pieces.concat()),
            expect.len(),
            got.len()
        ));
    }
    let why = match (err, eof) {
        (Some(e), _) => format!(" ({e})"),
        (None, true) => " (then end of file)".to_string(),
        _ => String::new(),
    };
    Err(format!(
        "sent {}, expected {}, got {}{why}",
        show(&pieces.concat()),
        show(expect),
        show(&got)
    ))
}

/// The protocol's sample request, in one write.
pub fn exchange(proto: Protocol, addr: SocketAddr) -> Result<(), String> {
    let (req, expect) = proto.sample();
    exchange_pieces(proto, addr, &[&req], Duration::ZERO, &expect)
}

/// One datagram exchange: send `req` (retried twice: UDP may lose it),
/// expect `expect` (daytime: a ctime line).
pub fn exchange_udp(
    proto: Protocol,
    addr: SocketAddr,
    req: &[u8],
    expect: &[u8],
) -> Result<(), String> {
    let s = UdpSocket::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(1))).ok();
    let mut buf = vec![0u8; 65536];
    let mut last = String::from("no answer");
    for _ in 0..3 {
        s.send_to(req, addr)
            .map_err(|e| format!("sendto {addr}: {e}"))?;
        match s.recv_from(&mut buf) {
            Ok((n, from)) => {
                let got = &buf[..n];
                if from != addr {
                    last = format!("an answer from {from}, not from {addr}");
                    continue;
                }
                if proto == Protocol::Daytime {
                    return check_daytime(got);
                }
                if got == expect {
                    return Ok(());
                }
                return Err(format!(
                    "sent the datagram {}, expected {}, got {}",
                    show(req),
                    show(expect),
                    show(got)
                ));
            }
            Err(e) => last = format!("no answer within 1 s ({e})"),
        }
    }
    Err(format!(
        "sent the datagram {} three times: {last}",
        show(req)
    ))
}

/// A daytime answer: one line, `ctime`'s 24 characters (`Fri Nov 21
/// 10:15:02 2025`), ending in `\r\n` or `\n`.
fn check_daytime(got: &[u8]) -> Result<(), String> {
    let line = got
        .strip_suffix(b"\r\n")
        .or_else(|| got.strip_suffix(b"\n"))
        .ok_or_else(|| format!("expected one line ending in \\r\\n, got {}", show(got)))?;
    let ok = line.len() == 24
        && line[3] == b' '
        && line[7] == b' '
        && line[13] == b':'
        && line[16] == b':'
        && line[20..].iter().all(u8::is_ascii_digit);
    if ok {
        Ok(())
    } else {
        Err(format!(
            "expected ctime's format (\"Fri Nov 21 10:15:02 2025\\r\\n\"), got {}",
            show(got)
        ))
    }
}
