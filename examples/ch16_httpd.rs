//! `ch16_httpd <directory> [port]` — a small HTTP/1.0 server for UNP
//! section 16.5's web client (`ch16_web`): it serves the files of one
//! directory on loopback (127.0.0.1, port 8080 by default), a child per
//! connection, as the chapter 5 echo server does. Not a book program: the
//! book's client needs a web server on port 80, which a lab machine may
//! not have.
//!
//! ```text
//! terminal 1 $ mkdir -p /tmp/www && echo '<html>home</html>' > /tmp/www/index.html
//! terminal 1 $ seq 1 20000 > /tmp/www/a.txt; seq 1 30000 > /tmp/www/b.txt
//! terminal 1 $ cargo run --example ch16_httpd /tmp/www
//! listening on 127.0.0.1:8080
//!
//! terminal 2 $ cargo run --example ch16_web -- -p 8080 2 127.0.0.1 / /a.txt /b.txt
//! ```
//!
//! For each connection: the request line (`readline`, one byte per read,
//! Figure 3.17), the header lines after it skipped up to the empty line,
//! then `HTTP/1.0 200 OK` and the file (`open`, `read`, `writen`) — or
//! `HTTP/1.0 404 Not Found`; the child's exit closes the connection, which
//! marks the end of the reply (HTTP/1.0). Only `GET`; a path must start
//! with `/` and may not contain `..`; `/` is `/index.html`. `SIGCHLD` is
//! ignored: the kernel reaps the children, no zombies, no handler.
//!
//! Under strace (`cargo build --example ch16_httpd` first):
//!
//! ```text
//! $ strace -f -e trace=accept,clone,openat,read,write target/debug/examples/ch16_httpd /tmp/www
//! accept(3, NULL, NULL)                   = 4
//! clone(…)                                = 4321
//! [pid 4321] read(4, "G", 1)              = 1
//! …
//! [pid 4321] openat(AT_FDCWD, "/tmp/www/a.txt", O_RDONLY) = 3
//! [pid 4321] write(4, "HTTP/1.0 200 OK\r\n\r\n", 19) = 19
//! [pid 4321] read(3, "1\n2\n3\n…", 4096) = 4096
//! [pid 4321] write(4, "1\n2\n3\n…", 4096) = 4096
//! ```
//!
//! Bad input: `usage: ch16_httpd <directory> [port]   (default: 8080)`;
//! a port in use: `bind: Address already in use (EADDRINUSE)`.
//! C twin: `docs/c/ch16_httpd.c`.
use socklab::*;

const USAGE: &str = "usage: ch16_httpd <directory> [port]   (default: 8080)";
const NOT_FOUND: &[u8] = b"HTTP/1.0 404 Not Found\r\n\r\nnot found\n";
const OK: &[u8] = b"HTTP/1.0 200 OK\r\n\r\n";

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
    let (dir, port) = match args.as_slice() {
        [_, dir] => (dir.as_str(), 8080),
        [_, dir, port] => (dir.as_str(), parse_port(port)?),
        _ => return Err(USAGE.into()),
    };

    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK); // loopback only
    servaddr.sin_port = htons(port);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;

    signal(SIGCHLD, SIG_IGN, SA_RESTART)?; // children are reaped by the kernel

    loop {
        let connfd = accept_null(&listenfd)?;
        match fork()? {
            ForkResult::Child => {
                close(listenfd)?;
                serve(&connfd, dir);
                exit(0); // closes connfd: the end of the reply
            }
            ForkResult::Parent { .. } => close(connfd)?, // parent closes connected socket
        }
    }
}

/// One request on `connfd`: the file of `dir` it names, or 404. Errors
/// end the reply early, as in the C twin (the client sees the close).
fn serve(connfd: &Fd, dir: &str) {
    let mut line = [0u8; MAXLINE];
    // the request line (C's readline stores at most MAXLINE - 1 bytes)
    let n = match readline(connfd, &mut line[..MAXLINE - 1]) {
        Ok(n) if n > 0 => n,
        _ => return,
    };
    let request = String::from_utf8_lossy(&line[..n]).into_owned();
    let mut words = request.split_whitespace();
    let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    if method != "GET" || !path.starts_with('/') || path.contains("..") {
        let _ = writen(connfd, NOT_FOUND);
        return;
    }
    loop {
        // skip the header lines, up to the empty one
        match readline(connfd, &mut line[..MAXLINE - 1]) {
            Err(_) => return,
            Ok(0) => break,
            Ok(n) if &line[..n] == b"\r\n" || &line[..n] == b"\n" => break,
            Ok(_) => {}
        }
    }

    let file = format!("{dir}{}", if path == "/" { "/index.html" } else { path });
    let Ok(fd) = open(&file, O_RDONLY, 0) else {
        let _ = writen(connfd, NOT_FOUND);
        return;
    };
    if writen(connfd, OK).is_err() {
        return;
    }
    let mut buf = [0u8; MAXLINE];
    while let Ok(n) = read(&fd, &mut buf) {
        if n == 0 || writen(connfd, &buf[..n]).is_err() {
            break;
        }
    }
    let _ = close(fd);
}
