//! `ch14_str_cli_epoll [IPaddress] [port]` — UNP chapter 14, section 14.9
//! on Linux: the echo client's `str_cli` of Figure 6.13 (select and
//! shutdown) with epoll in place of select — Linux's answer to the
//! section's `/dev/poll` and `kqueue`. The descriptors are registered once
//! (`epoll_ctl`); each `epoll_wait` returns only the ready ones.
//!
//! Run it against any echo server (127.0.0.1 port 9877 by default):
//!
//! ```text
//! terminal 1 $ cargo run --example ch05_tcpserv01
//! terminal 2 $ cargo run --example ch14_str_cli_epoll
//! hello
//! hello
//! ^D
//! ```
//!
//! Under strace (`cargo build --example ch14_str_cli_epoll` first):
//!
//! ```text
//! $ echo hello | strace -e trace=epoll_create1,epoll_ctl,epoll_wait,read,write,shutdown target/debug/examples/ch14_str_cli_epoll
//! epoll_create1(0)                        = 4
//! epoll_ctl(4, EPOLL_CTL_ADD, 0, {events=EPOLLIN, data={u32=0, u64=0}}) = 0
//! epoll_ctl(4, EPOLL_CTL_ADD, 3, {events=EPOLLIN, data={u32=3, u64=3}}) = 0
//! epoll_wait(4, [{events=EPOLLIN, data={u32=0, u64=0}}], 2, -1) = 1
//! read(0, "hello\n", 4096)                = 6
//! write(3, "hello\n", 6)                  = 6
//! …
//! shutdown(3, SHUT_WR)                    = 0
//! ```
//!
//! At end of input stdin is taken off the list (`EPOLL_CTL_DEL`, event
//! `NULL`) and the socket half-closed; the client ends when the server's
//! FIN arrives. With no server: `connect: Connection refused (ECONNREFUSED)`.
//!
//! The lesson: select and poll hand the kernel the whole list on every
//! call; epoll keeps the list in the kernel, so a wait costs what is ready,
//! not what is watched. C twin: `docs/c/ch14_str_cli_epoll.c`.
use socklab::*;

const USAGE: &str = "usage: ch14_str_cli_epoll [IPaddress] [port]   (defaults: 127.0.0.1 9877)";

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
    let (host, port) = match args.as_slice() {
        [_] => ("127.0.0.1", SERV_PORT),
        [_, host] => (host.as_str(), SERV_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err(USAGE.into()),
    };

    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;
    connect(&sockfd, &servaddr)?;

    str_cli(&sockfd)?;
    exit(0);
}

/// Figure 6.13's str_cli over epoll.
fn str_cli(sockfd: &Fd) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let stdin = std::io::stdin(); // used only as descriptor 0, never buffered
    let stdout = std::io::stdout();
    let mut buf = [0u8; MAXLINE];
    let mut stdineof = false;

    let epfd = epoll_create1(0)?;
    let ev = epoll_event::new(EPOLLIN, STDIN_FILENO as u64);
    epoll_ctl(&epfd, EPOLL_CTL_ADD, &stdin, &ev)?;
    let ev = epoll_event::new(EPOLLIN, sockfd.as_raw_fd() as u64);
    epoll_ctl(&epfd, EPOLL_CTL_ADD, sockfd, &ev)?;

    let mut events = [epoll_event::default(); 2];
    loop {
        let nready = epoll_wait(&epfd, &mut events, -1)?;
        for ev in &events[..nready] {
            if ev.data() == sockfd.as_raw_fd() as u64 {
                // socket is readable: echoed bytes, or the server's FIN
                let n = read(sockfd, &mut buf)?;
                if n == 0 {
                    if stdineof {
                        return Ok(()); // normal termination
                    }
                    return Err("str_cli: server terminated prematurely".into());
                }
                writen(&stdout, &buf[..n])?;
            } else {
                // input is readable
                let n = read(&stdin, &mut buf)?;
                if n == 0 {
                    stdineof = true;
                    shutdown(sockfd, SHUT_WR)?; // send FIN
                    epoll_ctl(&epfd, EPOLL_CTL_DEL, &stdin, &epoll_event::default())?;
                    continue;
                }
                writen(sockfd, &buf[..n])?;
            }
        }
    }
}
