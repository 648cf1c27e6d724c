//! `ch16_strclinonb [-v] [IPaddress] [port]` — UNP chapter 16, Figures
//! 16.3–16.8: the echo client's `str_cli` with **nonblocking I/O**. Two
//! buffers, `to` (stdin → socket) and `fr` (socket → stdout), each with an
//! in and an out index; `select` watches a descriptor for reading only
//! where its buffer has room, and for writing only where a buffer holds
//! data; every read and write may be partial, or fail with `EWOULDBLOCK`,
//! which is not an error here. The FIN (`shutdown(SHUT_WR)`) goes only
//! when stdin has ended *and* the `to` buffer has drained.
//!
//! Run it against any echo server (127.0.0.1 port 9877 by default); `-v`
//! prints the book's progress lines on stderr:
//!
//! ```text
//! terminal 1 $ cargo run --example ch05_tcpserv01
//! terminal 2 $ printf 'hello\nworld\n' | cargo run --example ch16_strclinonb -- -v
//! 10:15:02.318745: read 12 bytes from stdin
//! 10:15:02.318801: wrote 12 bytes to socket
//! 10:15:02.318853: EOF on stdin
//! 10:15:02.318899: read 12 bytes from socket
//! hello
//! world
//! 10:15:02.318941: wrote 12 bytes to stdout
//! 10:15:02.319012: EOF on socket
//! ```
//!
//! Under strace (`cargo build --example ch16_strclinonb` first):
//!
//! ```text
//! $ echo hello | strace -e trace=fcntl,pselect6,read,write,shutdown target/debug/examples/ch16_strclinonb
//! fcntl(3, F_GETFL)                       = 0x2 (flags O_RDWR)
//! fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK)    = 0
//! fcntl(0, F_GETFL)                       = 0 (flags O_RDONLY)
//! fcntl(0, F_SETFL, O_RDONLY|O_NONBLOCK)  = 0
//! fcntl(1, F_GETFL)                       = 0x1 (flags O_WRONLY)
//! fcntl(1, F_SETFL, O_WRONLY|O_NONBLOCK)  = 0
//! pselect6(4, [0 3], [], NULL, NULL, NULL) = 1 (in [0])
//! read(0, "hello\n", 4096)                = 6
//! write(3, "hello\n", 6)                  = 6
//! pselect6(4, [0 3], [], NULL, NULL, NULL) = 1 (in [0])
//! read(0, "", 4096)                       = 0
//! shutdown(3, SHUT_WR)                    = 0
//! …
//! ```
//!
//! With no server: `connect: Connection refused (ECONNREFUSED)`; a server
//! that closes first: `str_cli: server terminated prematurely`.
//!
//! The lesson: nonblocking I/O never waits inside a read or a write, so
//! the program keeps both directions moving — at the price of the buffer
//! bookkeeping below (compare Figure 16.10's fork, `ch16_strclifork`).
//! One change from the book: it returns at the server's FIN even when
//! `fr` still holds bytes for a slow stdout; here the FIN is noted and the
//! function returns once `fr` has drained (docs/unp/ch16.md).
//! C twin: `docs/c/ch16_strclinonb.c`.
use socklab::*;

const USAGE: &str = "usage: ch16_strclinonb [-v] [IPaddress] [port]   (defaults: 127.0.0.1 9877)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

type Res<T> = std::result::Result<T, Box<dyn std::error::Error>>;

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> Res<()> {
    let args = args()?;
    let mut rest: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let verbose = rest.first() == Some(&"-v");
    if verbose {
        rest.remove(0);
    }
    let (host, port) = match rest.as_slice() {
        [] => ("127.0.0.1", SERV_PORT),
        [host] => (*host, SERV_PORT),
        [host, port] => (*host, parse_port(port)?),
        _ => return Err(USAGE.into()),
    };

    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;
    connect(&sockfd, &servaddr)?;

    str_cli(&sockfd, verbose)?; // do it all
    exit(0);
}

/// The time of day as `12:34:56.123456` (the book's `gf_time`, Figure
/// 16.9: `ctime`'s hours, minutes and seconds, then the microseconds).
fn gf_time() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let text = ctime(now.as_secs() as time_t).unwrap_or_default();
    // Fri Sep 13 00:00:00 1986\n
    // 0123456789012345678901234
    let hms = text.get(11..19).unwrap_or("??:??:??");
    format!("{hms}.{:06}", now.subsec_micros())
}

/// One progress line on stderr, with `-v` (the book's `fprintf(stderr, …)`).
fn progress(verbose: bool, what: std::fmt::Arguments) {
    if verbose {
        let _ = writen(
            std::io::stderr(),
            format!("{}: {what}\n", gf_time()).as_bytes(),
        );
    }
}

fn is_ewouldblock(e: &Error) -> bool {
    e.errno() == Some(Errno::EWOULDBLOCK)
}

/// Figures 16.3–16.8's str_cli.
fn str_cli(sockfd: &Fd, verbose: bool) -> Res<()> {
    let stdin = std::io::stdin(); // used only as descriptor 0, never buffered
    let stdout = std::io::stdout(); // used only as descriptor 1, never buffered

    let val = fcntl(sockfd, F_GETFL, 0)?;
    fcntl(sockfd, F_SETFL, val | O_NONBLOCK)?;

    let val = fcntl(&stdin, F_GETFL, 0)?;
    fcntl(&stdin, F_SETFL, val | O_NONBLOCK)?;

    let val = fcntl(&stdout, F_GETFL, 0)?;
    fcntl(&stdout, F_SETFL, val | O_NONBLOCK)?;

    let mut to = [0u8; MAXLINE];
    let mut fr = [0u8; MAXLINE];
    // the book's pointers, as indexes into the buffers
    let (mut toiptr, mut tooptr) = (0, 0); // initialize buffer pointers
    let (mut friptr, mut froptr) = (0, 0);
    let mut stdineof = false;
    let mut sockeof = false;

    let maxfdp1 = STDIN_FILENO.max(STDOUT_FILENO).max(sockfd.as_raw_fd()) + 1;
    loop {
        if sockeof && froptr == friptr {
            return Ok(()); // normal termination: fr has drained
        }
        let mut rset = fd_set::default();
        let mut wset = fd_set::default();
        if !stdineof && toiptr < MAXLINE {
            FD_SET(&stdin, &mut rset); // read from stdin
        }
        if !sockeof && friptr < MAXLINE {
            FD_SET(sockfd, &mut rset); // read from socket
        }
        if tooptr != toiptr {
            FD_SET(sockfd, &mut wset); // data to write to socket
        }
        if froptr != friptr {
            FD_SET(&stdout, &mut wset); // data to write to stdout
        }

        select(maxfdp1, Some(&mut rset), Some(&mut wset), None, None)?;

        if FD_ISSET(&stdin, &rset) {
            match read(&stdin, &mut to[toiptr..]) {
                Err(e) if is_ewouldblock(&e) => {}
                Err(e) => return Err(e.into()),
                Ok(0) => {
                    progress(verbose, format_args!("EOF on stdin"));
                    stdineof = true; // all done with stdin
                    if tooptr == toiptr {
                        shutdown(sockfd, SHUT_WR)?; // send FIN
                    }
                }
                Ok(n) => {
                    progress(verbose, format_args!("read {n} bytes from stdin"));
                    toiptr += n; // # just read
                    FD_SET(sockfd, &mut wset); // try and write to socket below
                }
            }
        }

        if FD_ISSET(sockfd, &rset) {
            match read(sockfd, &mut fr[friptr..]) {
                Err(e) if is_ewouldblock(&e) => {}
                Err(e) => return Err(e.into()),
                Ok(0) => {
                    progress(verbose, format_args!("EOF on socket"));
                    if !stdineof {
                        return Err("str_cli: server terminated prematurely".into());
                    }
                    sockeof = true; // the book returns here; fr may still hold data
                }
                Ok(n) => {
                    progress(verbose, format_args!("read {n} bytes from socket"));
                    friptr += n; // # just read
                    FD_SET(&stdout, &mut wset); // try and write below
                }
            }
        }

        if FD_ISSET(&stdout, &wset) && friptr > froptr {
            match write(&stdout, &fr[froptr..friptr]) {
                Err(e) if is_ewouldblock(&e) => {}
                Err(e) => return Err(e.into()),
                Ok(nwritten) => {
                    progress(verbose, format_args!("wrote {nwritten} bytes to stdout"));
                    froptr += nwritten; // # just written
                    if froptr == friptr {
                        (froptr, friptr) = (0, 0); // back to beginning of buffer
                    }
                }
            }
        }

        if FD_ISSET(sockfd, &wset) && toiptr > tooptr {
            match write(sockfd, &to[tooptr..toiptr]) {
                Err(e) if is_ewouldblock(&e) => {}
                Err(e) => return Err(e.into()),
                Ok(nwritten) => {
                    progress(verbose, format_args!("wrote {nwritten} bytes to socket"));
                    tooptr += nwritten; // # just written
                    if tooptr == toiptr {
                        (toiptr, tooptr) = (0, 0); // back to beginning of buffer
                        if stdineof {
                            shutdown(sockfd, SHUT_WR)?; // send FIN
                        }
                    }
                }
            }
        }
    }
}
