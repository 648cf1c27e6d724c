//! `ch14_tcpserv02 [--flush] [port]` — UNP chapter 14, section 14.8 and
//! Figure 14.14: the echo server whose `str_echo` uses standard I/O on the
//! socket — and the trap in it. In Rust the standard-I/O stream is a
//! `BufReader` for reading lines and a `BufWriter` for writing them, both
//! over the connected socket.
//!
//! Run it, then talk to it with the chapter 5 client:
//!
//! ```text
//! terminal 1 $ cargo run --example ch14_tcpserv02
//! listening on 0.0.0.0:9877
//!
//! terminal 2 $ cargo run --example ch05_tcpcli01
//! hello, world          <- nothing comes back…
//! and hi                <- …still nothing: the client waits for the echo
//! ```
//!
//! Nothing is echoed: each line goes into the `BufWriter`'s buffer, which
//! is written to the socket only when it is full (8192 bytes) or when the
//! client ends and the server flushes it before exiting. That is the
//! book's trap: the C library fully buffers a stream on a socket (only a
//! terminal is line-buffered). Give the client its lines at once and
//! close its input (`printf 'one\ntwo\n' | … ch05_tcpcli01` waits for ever
//! on the first echo; use `nc`: `printf 'one\ntwo\n' | nc -N 127.0.0.1
//! 9877` prints both lines only after the end of input).
//!
//! **The fix**: `ch14_tcpserv02 --flush` flushes after each line (C's
//! `fflush`), and the echo comes back at once.
//!
//! Under strace (`cargo build --example ch14_tcpserv02` first;
//! `strace -f -e trace=read,write target/debug/examples/ch14_tcpserv02`),
//! two lines from one client: without `--flush`
//!
//! ```text
//! [pid N] read(4, "one\n", 4096)         = 4
//! [pid N] read(4, "two\n", 4096)         = 4
//! [pid N] read(4, "", 4096)              = 0
//! [pid N] write(4, "one\ntwo\n", 8)      = 8      <- one write, at the end
//! ```
//!
//! and with `--flush`: `read(4, "one\n", 4096)`, `write(4, "one\n", 4)`,
//! `read(4, "two\n", 4096)`, `write(4, "two\n", 4)`, `read(4, "", 4096)`.
//!
//! The lesson: know where your bytes are. Buffered output on a socket must
//! be flushed when the peer is waiting for it. C twin:
//! `docs/c/ch14_tcpserv02.c` (`fdopen`, `fgets`, `fputs`; `-` `--flush`
//! adds `fflush`).
use std::io::{BufReader, BufWriter, Read, Write};

use socklab::*;

const USAGE: &str = "usage: ch14_tcpserv02 [--flush] [port]   (default: 9877)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (flush, port) = match args.as_slice() {
        [_] => (false, SERV_PORT),
        [_, f] if f == "--flush" => (true, SERV_PORT),
        [_, f, port] if f == "--flush" => (true, parse_port(port)?),
        [_, port] => (false, parse_port(port)?),
        _ => return Err(USAGE.into()),
    };

    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;

    let mut cliaddr = sockaddr_in::default();
    loop {
        let connfd = accept_into(&listenfd, &mut cliaddr)?;
        match fork()? {
            ForkResult::Child => {
                close(listenfd)?; // the child serves one client, accepts none
                let status = match str_echo(&connfd, flush) {
                    Ok(()) => 0,
                    Err(e) => {
                        perror(&*e);
                        1
                    }
                };
                exit(status);
            }
            ForkResult::Parent { .. } => close(connfd)?,
        }
    }
}

/// The socket as a byte stream for std's buffers: each `read`/`write` of
/// the buffer is one socklab read/write (one system call).
struct Stream<'a>(&'a Fd);

impl Read for Stream<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        read(self.0, buf).map_err(io_error)
    }
}

impl Write for Stream<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        write(self.0, buf).map_err(io_error)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A socklab error as std's, keeping the errno.
fn io_error(e: Error) -> std::io::Error {
    match e.errno() {
        Some(errno) => std::io::Error::from_raw_os_error(errno as i32),
        None => std::io::Error::other(e.to_string()),
    }
}

/// Figure 14.14: str_echo with standard I/O. `fpin = fdopen(sockfd, "r")`
/// (a 4096-byte buffer, as the C library gives a socket), `fpout =
/// fdopen(sockfd, "w")` (fully buffered); `fgets`, `fputs`; with `flush`,
/// `fflush(fpout)` after each line.
fn str_echo(sockfd: &Fd, flush: bool) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut fpin = BufReader::with_capacity(4096, Stream(sockfd));
    let mut fpout = BufWriter::with_capacity(4096, Stream(sockfd));
    let mut line = Vec::with_capacity(MAXLINE);
    loop {
        // fgets(line, MAXLINE, fpin)
        if stdio::fgets(&mut line, &mut fpin)? == 0 {
            break; // the client closed
        }
        fpout.write_all(&line)?; // fputs(line, fpout): into the buffer only
        if flush {
            fpout.flush()?; // the fix: out now
        }
    }
    fpout.flush()?; // what exit's flush of the stream does in C
    Ok(())
}
