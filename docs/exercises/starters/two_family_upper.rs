//! Starter for exercise 15 (`docs/exercises/15-unix-and-inet-server.md`):
//! the lecture's upper-case TCP server. Make it serve an AF_UNIX stream
//! socket at PATH too, both with one select.
//!
//! ```text
//! socklab check upper -- target/debug/two_family_upper {port} /tmp/upper-{port}.sock
//! ```
use socklab::*;

/// The lecture reads one message of at most this many bytes.
const BUFSIZE: usize = 2048;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (port, path) = match args.as_slice() {
        [_, port, path] => (parse_port(port)?, path),
        _ => return Err("usage: two_family_upper port path".into()),
    };
    // TODO: an AF_UNIX stream socket bound to `path` (sockaddr_un::new;
    // remove a stale socket file first, and only a socket), listening.
    let _ = path;
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    setsockopt(&listenfd, SOL_SOCKET, SO_REUSEADDR, &1)?;
    let mut servaddr = sockaddr_in::new(INADDR_ANY, port);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;
    loop {
        // TODO: select over both listening sockets; accept on the ready one.
        let connfd = accept_null(&listenfd)?;
        if let Err(e) = upper_case_once(&connfd) {
            perror(&e);
        }
        close(connfd)?;
    }
}

/// Reads one message and writes it back upper-cased: the same for either
/// family.
fn upper_case_once(connfd: &Fd) -> Result<()> {
    let mut buf = [0u8; BUFSIZE];
    let n = read(connfd, &mut buf)?;
    if n > 0 {
        write(connfd, &buf[..n].to_ascii_uppercase())?;
    }
    Ok(())
}
