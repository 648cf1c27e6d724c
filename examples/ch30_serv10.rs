//! `ch30_serv10 [host] port` — UNP vol. 1, chapter 30, beyond the book:
//! the design most servers use today — one process, one thread, every
//! socket nonblocking ([`fcntl`] `O_NONBLOCK`, chapter 16) and [`epoll`]
//! (§14.9) saying which are ready. No process or thread is made per
//! client; the price is that [`web_child`]'s work is cut into steps that
//! never wait: read what has arrived, answer each complete line, and when
//! the socket buffer is full keep the rest of the reply until `EPOLLOUT`.
//!
//! ```text
//! terminal 1 $ cargo run --example ch30_serv10 9877
//! listening on 0.0.0.0:9877
//!
//! terminal 2 $ cargo run --example ch30_client 127.0.0.1 9877 5 200 4000
//! 5 children, 0 failed, 0.052 s
//!
//! terminal 1: ^C
//! user time = 0.0039, sys time = 0.0117
//! ```
//!
//! The C twin is `docs/c/ch30_serv10.c`. Under strace (`strace -e
//! trace=epoll_wait,accept,fcntl,epoll_ctl,read,write,close target/debug/examples/ch30_serv10 9877`),
//! one client:
//!
//! ```text
//! epoll_wait(4, [{events=EPOLLIN, data={u32=3, u64=3}}], 64, -1) = 1
//! accept(3, {sa_family=AF_INET, sin_port=htons(51234), sin_addr=inet_addr("127.0.0.1")}, [16]) = 5
//! fcntl(5, F_GETFL)                       = 0x2 (flags O_RDWR)
//! fcntl(5, F_SETFL, O_RDWR|O_NONBLOCK)    = 0
//! epoll_ctl(4, EPOLL_CTL_ADD, 5, {events=EPOLLIN, data={u32=5, u64=5}}) = 0
//! accept(3, 0x7ffd…, [16])                = -1 EAGAIN (Resource temporarily unavailable)
//! epoll_wait(4, [{events=EPOLLIN, data={u32=5, u64=5}}], 64, -1) = 1
//! read(5, "4000\n", 4095)                 = 5
//! write(5, "\0\0\0\0\0\0\0\0"..., 4000)    = 4000
//! ```
//!
//! The lesson: the CPU goes to serving, not to making processes — and the
//! code has to remember, per connection, where each request stands.
use std::os::fd::{AsRawFd, BorrowedFd};

use socklab::*;

const USAGE: &str = "usage: ch30_serv10 [ <host> ] <port#>";
const MAXEVENTS: usize = 64;
/// Descriptors at or above it are refused (the C twin's array size).
const MAXCONN: usize = 1024;

/// One connection: the socket, the request line read so far, and how much
/// of the reply is still to write (a nonblocking write may take a part).
/// As in the C twin, one for each possible descriptor, made once.
struct Conn {
    fd: Option<Fd>,
    nread: usize,
    line: [u8; MAXLINE],
    ntowrite: usize,
}

fn main() {
    if let Err(e) = run() {
        perror(&*e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (host, port) = match args.as_slice() {
        [_, port] => (None, port.as_str()),
        [_, host, port] => (Some(host.as_str()), port.as_str()),
        _ => return Err(USAGE.into()),
    };
    let (listenfd, addrlen) = tcp_listen(host, port)?;
    printf!("listening on {}\n", sock_ntop(&getsockname(&listenfd)?))?;
    setnonblock(&listenfd)?;

    let epfd = epoll_create1(0)?;
    watch(&epfd, EPOLL_CTL_ADD, listenfd.as_fd(), EPOLLIN)?;

    signal(SIGINT, SigHandler::Handler(sig_int), SA_RESTART)?;

    let mut conns: Vec<Conn> = (0..MAXCONN)
        .map(|_| Conn {
            fd: None,
            nread: 0,
            line: [0; MAXLINE],
            ntowrite: 0,
        })
        .collect();
    let mut events = [epoll_event::default(); MAXEVENTS];
    loop {
        let n = match epoll_wait(&epfd, &mut events, -1) {
            Ok(n) => n,
            Err(e) if e.errno() == Some(Errno::EINTR) => continue,
            Err(e) => return Err(e.into()),
        };
        for ev in &events[..n] {
            let fd = ev.data() as usize;
            if fd != listenfd.as_raw() as usize {
                serve(&epfd, &mut conns[fd], ev.events())?;
                continue;
            }
            // every connection that is waiting
            loop {
                let connfd = match accept_len(&listenfd, addrlen) {
                    Ok((connfd, _cliaddr)) => connfd,
                    Err(e) if would_block(&e) => break, // no more for now
                    Err(e)
                        if [Some(Errno::EINTR), Some(Errno::ECONNABORTED)].contains(&e.errno()) =>
                    {
                        continue;
                    }
                    Err(e) => return Err(e.into()),
                };
                let slot = connfd.as_raw() as usize;
                if slot >= MAXCONN {
                    close(connfd)?;
                    continue;
                }
                setnonblock(&connfd)?;
                watch(&epfd, EPOLL_CTL_ADD, connfd.as_fd(), EPOLLIN)?;
                let conn = &mut conns[slot];
                (conn.nread, conn.ntowrite) = (0, 0);
                conn.fd = Some(connfd);
            }
        }
    }
}

fn would_block(e: &Error) -> bool {
    e.errno() == Some(Errno::EAGAIN) || e.errno() == Some(Errno::EWOULDBLOCK)
}

/// `fcntl(F_GETFL)`, then `fcntl(F_SETFL, flags | O_NONBLOCK)`.
fn setnonblock(fd: &Fd) -> Result<()> {
    let flags = fcntl(fd, F_GETFL, 0)?;
    fcntl(fd, F_SETFL, flags | O_NONBLOCK).map(drop)
}

/// `epoll_ctl(epfd, op, fd, {events, data.fd = fd})`.
fn watch(epfd: &Fd, op: c_int, fd: BorrowedFd<'_>, events: u32) -> Result<()> {
    epoll_ctl(
        epfd,
        op,
        fd,
        &epoll_event::new(events, fd.as_raw_fd() as u64),
    )
}

/// Writes what is left of the reply: `Ok(true)` once all of it is written,
/// `Ok(false)` when the socket buffer is full (the rest waits for EPOLLOUT).
fn write_more(fd: &Fd, ntowrite: &mut usize) -> Result<bool> {
    static RESULT: [u8; MAXN] = [0; MAXN];
    while *ntowrite > 0 {
        match write(fd, &RESULT[..*ntowrite]) {
            Ok(n) => *ntowrite -= n,
            Err(e) if would_block(&e) => return Ok(false),
            Err(e) if e.errno() == Some(Errno::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

/// The socket is readable (or writable again): web_child's work, one
/// step at a time, never waiting. A connection that ends or fails is
/// closed (which also takes it out of the epoll set).
fn serve(
    epfd: &Fd,
    conn: &mut Conn,
    events: u32,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let Some(fd) = conn.fd.as_ref() else {
        return Ok(());
    };
    if conn.ntowrite > 0 {
        // a reply was waiting for EPOLLOUT
        match write_more(fd, &mut conn.ntowrite) {
            Ok(true) => watch(epfd, EPOLL_CTL_MOD, fd.as_fd(), EPOLLIN)?,
            Ok(false) => return Ok(()),
            Err(_) => return end(conn),
        }
    }
    if events & (EPOLLIN | EPOLLHUP | EPOLLERR) == 0 {
        return Ok(());
    }
    let n = match read(fd, &mut conn.line[conn.nread..MAXLINE - 1]) {
        Ok(0) => return end(conn), // connection closed by other end
        Ok(n) => n,
        Err(e) if would_block(&e) || e.errno() == Some(Errno::EINTR) => return Ok(()),
        Err(_) => return end(conn), // ECONNRESET: the client is gone
    };
    conn.nread += n;
    while let Some(nl) = conn.line[..conn.nread].iter().position(|&b| b == b'\n') {
        // line from client specifies #bytes to write back
        let ntowrite = atol(&conn.line[..nl]);
        if ntowrite <= 0 || ntowrite > MAXN as i64 {
            return Err(format!("web_child: client request for {ntowrite} bytes").into());
        }
        conn.line.copy_within(nl + 1..conn.nread, 0);
        conn.nread -= nl + 1;
        conn.ntowrite = ntowrite as usize;
        match write_more(fd, &mut conn.ntowrite) {
            Ok(true) => {}
            Ok(false) => {
                // the rest when the socket is writable again
                return Ok(watch(epfd, EPOLL_CTL_MOD, fd.as_fd(), EPOLLIN | EPOLLOUT)?);
            }
            Err(_) => return end(conn),
        }
    }
    if conn.nread == MAXLINE - 1 {
        return Err("web_child: request line too long".into());
    }
    Ok(())
}

/// Closes the connection and frees its slot.
fn end(conn: &mut Conn) -> std::result::Result<(), Box<dyn std::error::Error>> {
    match conn.fd.take() {
        Some(fd) => Ok(close(fd)?),
        None => Ok(()),
    }
}

/// SIGINT: print the CPU time used, and stop.
extern "C" fn sig_int(_signo: c_int) {
    let status = if pr_cpu_time().is_ok() { 0 } else { 1 };
    exit(status);
}
