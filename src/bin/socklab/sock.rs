//! `socklab sock` — the course book's Appendix C.3 test tool, Stevens'
//! `sock`, on socklab's calls: a client or a server (`-s`), TCP or UDP
//! (`-u`), that copies standard input to the socket and the socket to
//! standard output, or sources (client) and sinks (server) data (`-i`) in
//! counted, sized writes and reads (`-n`, `-w`, `-r`) with pauses (`-p`),
//! and sets the socket options an experiment needs (`-R`, `-S`, `-L`,
//! `-N`, `-K`, `-A`). `-h` half-closes (`shutdown(SHUT_WR)`) instead of
//! closing when its input ends, and reads on to the peer's end; `-v`
//! prints every call, as strace would (socklab's trace mode).
//!
//! The calls, in order: `socket`; the options; then `connect` (client) or
//! `bind`, `listen`, `accept` of one connection (TCP server) or `bind`
//! (UDP server); then reads and writes; `shutdown` (`-h`) or `close`.

use std::error::Error;
use std::os::fd::{AsFd, AsRawFd};
use std::time::Duration;

use socklab::*;

/// The arguments of `socklab sock`.
#[derive(clap::Args)]
#[command(
    disable_help_flag = true,
    after_help = "Examples:\n  \
    socklab sock -s 9999                       a TCP server: socket to stdout, stdin to socket\n  \
    socklab sock 127.0.0.1 9999                its client\n  \
    socklab sock -s -i -r 100 9999             a sink: reads of 100 bytes, counted\n  \
    socklab sock -i -n 10 -w 4096 -p 0.5 127.0.0.1 9999   ten writes of 4096, half a second apart\n  \
    socklab sock -h 127.0.0.1 9999 < file      send a file, half-close, print the answer\n  \
    socklab sock -u -s 9999 / socklab sock -u 127.0.0.1 9999   the same over UDP\n  \
    socklab sock -v -R 8192 -N 127.0.0.1 9999  set SO_RCVBUF and TCP_NODELAY, print every call"
)]
pub struct SockArgs {
    /// Be a server: bind HOST (default any) and PORT, serve one client (TCP).
    #[arg(short = 's')]
    pub server: bool,
    /// UDP instead of TCP.
    #[arg(short = 'u')]
    pub udp: bool,
    /// Source data (client: -n writes of -w bytes) or sink it (server:
    /// reads of -r bytes, counted) instead of copying stdin and stdout.
    #[arg(short = 'i')]
    pub source_sink: bool,
    /// How many buffers to write (source), or datagrams to read (UDP sink).
    #[arg(short = 'n', value_name = "COUNT", default_value_t = 1024)]
    pub count: usize,
    /// The size of each write.
    #[arg(short = 'w', value_name = "BYTES", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=16_777_216))]
    pub write_size: u32,
    /// The size of each read.
    #[arg(short = 'r', value_name = "BYTES", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=16_777_216))]
    pub read_size: u32,
    /// Pause this many seconds before each write (client) or read (sink).
    #[arg(short = 'p', value_name = "SECONDS", allow_negative_numbers = true)]
    pub pause: Option<f64>,
    /// Half-close: when the input (or the source) ends, shutdown(SHUT_WR)
    /// and read on until the peer closes.
    #[arg(short = 'h')]
    pub half_close: bool,
    /// SO_RCVBUF: the receive buffer's size.
    #[arg(short = 'R', value_name = "BYTES")]
    pub rcvbuf: Option<c_int>,
    /// SO_SNDBUF: the send buffer's size.
    #[arg(short = 'S', value_name = "BYTES")]
    pub sndbuf: Option<c_int>,
    /// SO_LINGER on, with this many seconds (0: close sends a RST).
    #[arg(short = 'L', value_name = "SECONDS")]
    pub linger: Option<c_int>,
    /// TCP_NODELAY: no Nagle algorithm.
    #[arg(short = 'N')]
    pub nodelay: bool,
    /// SO_KEEPALIVE.
    #[arg(short = 'K')]
    pub keepalive: bool,
    /// SO_REUSEADDR (a server restarted at once).
    #[arg(short = 'A')]
    pub reuseaddr: bool,
    /// Print every call (socklab's trace mode, on standard error).
    #[arg(short = 'v')]
    pub verbose: bool,
    /// Print help.
    #[arg(long, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    /// [HOST] PORT: the server's address (a server's HOST defaults to any).
    #[arg(value_name = "HOST PORT", num_args = 1..=2, required = true)]
    pub address: Vec<String>,
}

type Res<T> = std::result::Result<T, Box<dyn Error>>;

/// Runs `socklab sock`; the exit status.
pub fn run(args: &SockArgs) -> i32 {
    if args.verbose {
        socklab::trace::enable();
    }
    match sock(args) {
        Ok(()) => 0,
        Err(e) => {
            perror(&e);
            1
        }
    }
}

fn sock(a: &SockArgs) -> Res<()> {
    if a.half_close && a.udp {
        return Err("sock: -h (half-close) is for TCP: UDP has no end of stream".into());
    }
    if let Some(p) = a.pause
        && !(0.0..=3600.0).contains(&p)
    {
        return Err(format!("sock: -p {p}: a pause is 0 to 3600 seconds").into());
    }
    let (host, port) = match a.address.as_slice() {
        [port] if a.server => ("0.0.0.0", parse_port(port)?),
        [host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err("sock: a client needs HOST PORT".into()),
    };
    let addr = resolve_ipv4(host, port)?;
    let ty = if a.udp { SOCK_DGRAM } else { SOCK_STREAM };
    let fd = socket(AF_INET, ty, 0)?;
    options(a, &fd)?;
    if !a.server {
        connect(&fd, &addr)?;
        status(&format!("connected to {}", sock_ntop(&getpeername(&fd)?)))?;
        return if a.source_sink {
            source(a, &fd)
        } else {
            copy(a, &fd, None)
        };
    }
    bind(&fd, &addr)?;
    if a.udp {
        status(&format!("bound to {}", sock_ntop(&getsockname(&fd)?)))?;
        return if a.source_sink {
            sink_datagrams(a, &fd)
        } else {
            copy(a, &fd, Some(()))
        };
    }
    listen(&fd, LISTENQ)?;
    status(&format!("listening on {}", sock_ntop(&getsockname(&fd)?)))?;
    let (conn, peer) = accept(&fd)?;
    close(fd)?;
    status(&format!("connection from {}", sock_ntop(&peer)))?;
    if a.source_sink {
        sink(a, &conn)
    } else {
        copy(a, &conn, None)
    }
}

/// A status line, on standard error (standard output carries the data).
fn status(line: &str) -> Res<()> {
    write(std::io::stderr(), format!("sock: {line}\n").as_bytes())?;
    Ok(())
}

/// The socket options asked for, before connect or bind (a buffer size
/// after connect is too late to change the window TCP offered).
fn options(a: &SockArgs, fd: &Fd) -> Res<()> {
    let on: c_int = 1;
    if a.reuseaddr {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on)?;
    }
    if let Some(n) = a.rcvbuf {
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &n)?;
    }
    if let Some(n) = a.sndbuf {
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &n)?;
    }
    if let Some(secs) = a.linger {
        let l = libc::linger {
            l_onoff: 1,
            l_linger: secs,
        };
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &l)?;
    }
    if a.keepalive {
        setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on)?;
    }
    if a.nodelay {
        if a.udp {
            return Err("sock: -N (TCP_NODELAY) is for TCP".into());
        }
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on)?;
    }
    Ok(())
}

fn pause(a: &SockArgs) {
    if let Some(p) = a.pause {
        std::thread::sleep(Duration::from_secs_f64(p));
    }
}

/// Client `-i`: `-n` writes of `-w` bytes (lines of letters), then close,
/// or with `-h` shutdown and the peer's answer to standard output.
fn source(a: &SockArgs, fd: &Fd) -> Res<()> {
    let size = a.write_size as usize;
    let buf: Vec<u8> = (0..size)
        .map(|k| {
            if k + 1 == size {
                b'\n'
            } else {
                b'a' + (k % 26) as u8
            }
        })
        .collect();
    for _ in 0..a.count {
        pause(a);
        writen(fd, &buf)?;
    }
    if a.half_close {
        shutdown(fd, SHUT_WR)?;
        drain(a, fd)?;
    }
    Ok(())
}

/// Reads to the end of the stream, copying to standard output.
fn drain(a: &SockArgs, fd: &Fd) -> Res<()> {
    let mut buf = vec![0u8; a.read_size as usize];
    loop {
        let n = read(fd, &mut buf)?;
        if n == 0 {
            return Ok(());
        }
        writen(std::io::stdout(), &buf[..n])?;
    }
}

/// TCP server `-i`: reads of `-r` bytes until the client's end of stream;
/// prints their count.
fn sink(a: &SockArgs, fd: &Fd) -> Res<()> {
    let mut buf = vec![0u8; a.read_size as usize];
    let (mut bytes, mut reads) = (0usize, 0usize);
    loop {
        pause(a);
        let n = read(fd, &mut buf)?;
        if n == 0 {
            break;
        }
        bytes += n;
        reads += 1;
    }
    status(&format!("received {bytes} bytes in {reads} reads"))
}

/// UDP server `-i`: `-n` datagrams, counted.
fn sink_datagrams(a: &SockArgs, fd: &Fd) -> Res<()> {
    let mut buf = vec![0u8; a.read_size as usize];
    let mut bytes = 0usize;
    for _ in 0..a.count {
        pause(a);
        let (n, _from) = recvfrom(fd, &mut buf, 0)?;
        bytes += n;
    }
    status(&format!("received {bytes} bytes in {} datagrams", a.count))
}

/// Standard input to the socket, the socket to standard output, with
/// select; a UDP server (`udp_server`) answers whoever wrote last. The
/// peer's end of stream ends the copy, unless `-h`: then standard input
/// is still sent (the connection is half-closed, not closed) until it ends.
fn copy(a: &SockArgs, fd: &Fd, udp_server: Option<()>) -> Res<()> {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut inbuf = vec![0u8; a.write_size as usize];
    let mut sockbuf = vec![0u8; a.read_size as usize];
    let (mut stdin_open, mut sock_open) = (true, true);
    let mut peer: Option<SockAddr> = None;
    let maxfd = fd.as_raw_fd();
    while stdin_open || sock_open {
        let mut rset = fd_set::default();
        FD_ZERO(&mut rset);
        if stdin_open {
            FD_SET(stdin.as_fd(), &mut rset);
        }
        if sock_open {
            FD_SET(fd, &mut rset);
        }
        select(maxfd + 1, Some(&mut rset), None, None, None)?;
        if sock_open && FD_ISSET(fd, &rset) {
            let n = if udp_server.is_some() {
                let (n, from) = recvfrom(fd, &mut sockbuf, 0)?;
                peer = Some(from);
                n
            } else {
                read(fd, &mut sockbuf)?
            };
            if n == 0 && !a.udp {
                sock_open = false;
                if stdin_open && !a.half_close {
                    status("the peer closed the connection")?;
                    return Ok(());
                }
                continue;
            }
            writen(&stdout, &sockbuf[..n])?;
        }
        if stdin_open && FD_ISSET(stdin.as_fd(), &rset) {
            let n = read(&stdin, &mut inbuf)?;
            if n == 0 {
                stdin_open = false;
                if a.half_close {
                    shutdown(fd, SHUT_WR)?;
                    continue;
                }
                return Ok(());
            }
            pause(a);
            match (&udp_server, &peer) {
                (Some(()), Some(to)) => {
                    sendto(fd, &inbuf[..n], 0, to)?;
                }
                (Some(()), None) => status("no client yet: nobody to send to")?,
                (None, _) => writen(fd, &inbuf[..n])?,
            }
        }
    }
    Ok(())
}
