//! Starter for exercise 10 (`docs/exercises/10-stdio-echo-server.md`): the
//! forking echo server whose children use buffered I/O on the socket (UNP
//! Figure 14.14). It echoes nothing while the client waits: fix it.
//!
//! ```text
//! socklab check echo --skip binary,large -- target/debug/stdio_echo_server {port}
//! ```
use std::io::{BufReader, BufWriter, Read, Write};

use socklab::*;

fn main() {
    if let Err(e) = run() {
        perror(&*e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let port = match args.as_slice() {
        [_, port] => parse_port(port)?,
        _ => return Err("usage: stdio_echo_server port".into()),
    };
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    setsockopt(&listenfd, SOL_SOCKET, SO_REUSEADDR, &1)?;
    let mut servaddr = sockaddr_in::new(INADDR_ANY, port);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;
    signal(SIGCHLD, SigHandler::Handler(sig_chld), SA_RESTART)?;
    let mut cliaddr = sockaddr_in::default();
    loop {
        let connfd = match accept_into(&listenfd, &mut cliaddr) {
            Ok(fd) => fd,
            Err(e) if e.errno() == Some(Errno::EINTR) => continue,
            Err(e) => return Err(e.into()),
        };
        match fork()? {
            ForkResult::Child => {
                close(listenfd)?;
                let status = match str_echo(&connfd) {
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

/// Reaps every ended child.
extern "C" fn sig_chld(_signo: c_int) {
    while let Ok((pid, _)) = waitpid(-1, WNOHANG) {
        if pid <= 0 {
            break;
        }
    }
}

/// Figure 14.14's str_echo: lines in through a buffered reader, out
/// through a buffered writer (C's `fdopen` twice).
fn str_echo(sockfd: &Fd) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut fpin = BufReader::with_capacity(4096, Stream(sockfd));
    let mut fpout = BufWriter::with_capacity(4096, Stream(sockfd));
    let mut line = Vec::with_capacity(MAXLINE);
    while stdio::fgets(&mut line, &mut fpin)? > 0 {
        fpout.write_all(&line)?;
        // TODO (check `answer`): where is this line now?
    }
    fpout.flush()?;
    Ok(())
}

/// The socket as a byte stream for std's buffers: each `read`/`write` of
/// a buffer is one socklab read/write (one system call).
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
