//! `ch06_tcpservpoll01 [port] [bind-address]` — UNP chapter 6, Figures
//! 6.25–6.26: the single-process echo server of `ch06_tcpservselect01`,
//! with `poll` instead of `select`.
//!
//! Run it exactly like the select version (port 9877, address 0.0.0.0 by
//! default); any echo client works:
//!
//! ```text
//! terminal 1 $ cargo run --example ch06_tcpservpoll01
//! tcpservpoll01: echo server on 0.0.0.0:9877 (one process, poll)
//! new client 127.0.0.1:54184 in slot 1 (descriptor 4)
//!
//! terminal 2 $ cargo run --example ch06_strcliselect02
//! ```
//!
//! Under strace (`cargo build --example ch06_tcpservpoll01` first):
//!
//! ```text
//! $ strace -e trace=accept,poll,read,write,close target/debug/examples/ch06_tcpservpoll01
//! poll([{fd=3, events=POLLRDNORM}], 1, -1) = 1 ([{fd=3, revents=POLLRDNORM}])
//! accept(3, {sa_family=AF_INET, sin_port=htons(54184), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 4
//! write(1, "new client 127.0.0.1:54184 in sl"..., 52) = 52
//! poll([{fd=3, events=POLLRDNORM}, {fd=4, events=POLLRDNORM}], 2, -1) = 1 ([{fd=4, revents=POLLRDNORM}])
//! read(4, "hello\n", 4096)                = 6
//! write(4, "hello\n", 6)                  = 6
//! poll([{fd=3, events=POLLRDNORM}, {fd=4, events=POLLRDNORM}], 2, -1) = 1 ([{fd=4, revents=POLLRDNORM}])
//! read(4, "", 4096)                       = 0
//! write(1, "client 127.0.0.1:54184 in slot 1"..., 55) = 55
//! close(4)                                = 0
//! poll([{fd=3, events=POLLRDNORM}, {fd=-1}], 2, -1 …  <- slot 1 unused: fd -1
//! ```
//!
//! **Design.** `client` is an array of OPEN_MAX `pollfd`s: slot 0 is the
//! listening socket, an unused slot has `fd = -1` (poll skips it), and only
//! `client[..=maxi]` is passed to poll. Unlike select, poll does not
//! overwrite what we asked for (`events`), only what happened (`revents`),
//! so nothing is rebuilt between calls, and there is no FD_SETSIZE limit
//! on descriptor numbers. A `pollfd` holds a plain number, so a parallel
//! array `conn` owns each descriptor (and remembers the address). We watch
//! POLLRDNORM (normal data, or end of file) as the book does, and also act
//! on POLLERR and POLLHUP, which poll reports even unasked: ignoring them
//! would make poll return at once forever.
//!
//! **Denial of service.** The same as the select server: data is read with
//! `read()`, so a client that sends a byte without a newline blocks nobody,
//! but the echo is a blocking `writen()`, so a client that sends and never
//! reads can stall everyone until it goes away.
//!
//! The lesson: poll is select with a better interface: one array of
//! (descriptor, events, revents) instead of three bit sets rebuilt each
//! time. The server's shape, and its weak spot, do not change.
use socklab::*;

/// Slots in the pollfd array (the book's OPEN_MAX): the listening socket
/// plus up to 255 clients.
const OPEN_MAX: usize = 256;

/// One connected client: its descriptor (owned) and address.
struct Client {
    fd: Fd,
    addr: SockAddr,
}

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let (port, host) = match args.as_slice() {
        [_] => (SERV_PORT, "0.0.0.0"),
        [_, port] => (parse_port(port)?, "0.0.0.0"),
        [_, port, host] => (parse_port(port)?, host.as_str()),
        _ => return Err("usage: ch06_tcpservpoll01 [port] [bind-address]".into()),
    };
    let servaddr = resolve_ipv4(host, port)?;

    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    println!("tcpservpoll01: echo server on {servaddr} (one process, poll)");
    serve(&listenfd)
}

/// The poll loop: slot 0 accepts, slots 1.. echo.
fn serve(listenfd: &Fd) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut client = [pollfd::unused(); OPEN_MAX];
    let mut conn: Vec<Option<Client>> = (0..OPEN_MAX).map(|_| None).collect();
    client[0] = pollfd::new(listenfd, POLLRDNORM);
    let mut maxi = 0; // highest slot in use
    let mut buf = [0u8; MAXLINE];

    loop {
        let mut nready = poll(&mut client[..=maxi], INFTIM)?;

        if client[0].revents & POLLRDNORM != 0 {
            let (connfd, cliaddr) = match accept(listenfd) {
                Ok(conn) => conn,
                // The client gave up between select and accept: its loss only.
                Err(e) if e.errno() == Some(Errno::ECONNABORTED) => {
                    perror(&e);
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            // Slot 0 is the listener; look for a free client slot.
            match client.iter().skip(1).position(|p| p.fd < 0) {
                Some(free) => {
                    let i = free + 1;
                    println!("new client {cliaddr} in slot {i} (descriptor {connfd})");
                    client[i] = pollfd::new(&connfd, POLLRDNORM);
                    conn[i] = Some(Client {
                        fd: connfd,
                        addr: cliaddr,
                    });
                    maxi = maxi.max(i);
                }
                None => {
                    let line = format!("too many clients: closing the connection from {cliaddr}\n");
                    eprint!("{line}");
                    close(connfd)?;
                }
            }
            nready -= 1;
            if nready <= 0 {
                continue; // no readable client descriptors
            }
        }

        let slots = client.iter_mut().zip(conn.iter_mut()).enumerate();
        for (i, (pfd, slot)) in slots.take(maxi + 1).skip(1) {
            let Some(c) = slot else { continue };
            if pfd.revents & (POLLRDNORM | POLLERR | POLLHUP) == 0 {
                continue;
            }
            if !echo_once(c, &mut buf)
                && let Some(c) = slot.take()
            {
                println!("client {} in slot {i} closed the connection", c.addr);
                *pfd = pollfd::unused(); // fd = -1: poll skips the slot
                close(c.fd)?;
            }
            nready -= 1;
            if nready <= 0 {
                break; // no more readable descriptors
            }
        }
    }
}

/// One read from a readable client and the echo of what it sent. Returns
/// false when the client is finished: end of file, or a failed call
/// (reported on stderr: ECONNRESET, EPIPE…).
fn echo_once(c: &Client, buf: &mut [u8]) -> bool {
    match read(&c.fd, buf) {
        Ok(0) => false,
        Ok(n) => match writen(&c.fd, &buf[..n]) {
            Ok(()) => true,
            Err(e) => {
                let line = format!("client {}: {e}\n", c.addr);
                eprint!("{line}");
                false
            }
        },
        Err(e) => {
            let line = format!("client {}: {e}\n", c.addr);
            eprint!("{line}");
            false
        }
    }
}
