//! `dgram_client host port` — the sockets tutorial's datagram client: send
//! one line to the server with `sendto`, wait for its answer with
//! `recvfrom`, print it.
//!
//! Run it (two terminals; the C twin is `docs/c/dgram_client.c`):
//! ```text
//! $ cargo run --example dgram_server -- 9877
//! Waiting for datagrams on port 9877
//! Received a datagram: hello
//!
//! $ cargo run --example dgram_client -- localhost 9877
//! Please enter the message: hello
//! Got an ack: Got your message
//! ```
//! `host` is a dotted address or a name (`localhost`). UDP promises
//! nothing: the datagram or its answer may be lost, and with no server at
//! all nothing comes back — no "connection refused" on an unconnected
//! socket. So the wait is bounded (`SO_RCVTIMEO`, 5 seconds) and ends with
//! a clear error instead of hanging forever.
//!
//! Watch it (start-up lines cut): `strace -e trace=%network,read,write,close target/debug/examples/dgram_client 127.0.0.1 9877`
//! ```text
//! socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3
//! setsockopt(3, SOL_SOCKET, SO_RCVTIMEO_OLD, "\5\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16) = 0
//! write(1, "Please enter the message: ", 26) = 26
//! read(0, "hello\n", 8192)                = 6
//! sendto(3, "hello\n", 6, 0, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, 16) = 6
//! recvfrom(3, "Got your message", 1024, 0, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, [16]) = 16
//! write(1, "Got an ack: Got your message\n", 29) = 29
//! close(3)                                = 0
//! ```
//! No `bind`, no `connect`: the first `sendto` gives the socket an
//! ephemeral port, and that is where the answer comes back.
use std::error::Error;
use std::io::BufRead;

use socklab::*;

/// How much of the answer the client keeps.
const BUFSIZE: usize = 1024;
/// How long to wait for the server's answer.
const TIMEOUT_SECS: i64 = 5;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let [_, host, port] = args.as_slice() else {
        return Err("usage: dgram_client host port".into());
    };
    let servaddr = resolve_ipv4(host, parse_port(port)?)?;

    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
    let timeout = timeval {
        tv_sec: TIMEOUT_SECS,
        tv_usec: 0,
    };
    setsockopt(&sockfd, SOL_SOCKET, SO_RCVTIMEO, &timeout)?;

    let line = prompt_line("Please enter the message: ")?;
    sendto(&sockfd, &line, 0, &servaddr)?;

    let mut buf = [0u8; BUFSIZE];
    let mut from = sockaddr_in::default();
    let n = match recvfrom_into(&sockfd, &mut buf, 0, &mut from) {
        Err(e) if e.errno() == Some(Errno::EAGAIN) => {
            return Err(format!(
                "dgram_client: no answer from {servaddr} within {TIMEOUT_SECS} seconds (is the server running?)"
            )
            .into());
        }
        other => other?,
    };
    printf!("Got an ack: {}\n", String::from_utf8_lossy(&buf[..n]))?;
    close(sockfd)?;
    Ok(())
}

/// Prints `prompt` and reads one line from standard input, newline
/// included. End of input (Ctrl-D, an empty pipe) is an error: there is
/// nothing to send.
fn prompt_line(prompt: &str) -> std::result::Result<Vec<u8>, Box<dyn Error>> {
    printf!("{prompt}")?;
    let mut line = Vec::new();
    if std::io::stdin().lock().read_until(b'\n', &mut line)? == 0 {
        return Err("dgram_client: no message to send (end of input)".into());
    }
    Ok(line)
}
