//! `ch06_tcpservpoll01 [port] [bind-address]` — UNP chapter 6, Figures
//! 6.25–6.26: the single-process echo server of `ch06_tcpservselect01`,
//! with `poll` instead of `select`.
//!
//! Run it exactly like the select version (port 9877, address 0.0.0.0 by
//! default); any echo client works:
//!
//! ```text
//! terminal 1 $ cargo run --example ch06_tcpservpoll01
//! listening on 0.0.0.0:9877
//! new client 127.0.0.1:54184 in slot 1 (descriptor 4)
//!
//! terminal 2 $ cargo run --example ch06_strcliselect02
//! ```
//!
//! The C twin is `docs/c/ch06_tcpservpoll01.c` (Figures 6.25–6.26; `cc -o tcpservpoll01
//! docs/c/ch06_tcpservpoll01.c`): the same system calls, with the same arguments, in the
//! same order — `tests/fidelity_strace.rs` holds the two to it.
//!
//! Under strace (`cargo build --example ch06_tcpservpoll01` first):
//!
//! ```text
//! $ strace -e trace=accept,poll,read,write,close target/debug/examples/ch06_tcpservpoll01
//! poll([{fd=3, events=POLLRDNORM}], 1, -1) = 1 ([{fd=3, revents=POLLRDNORM}])
//! accept(3, {sa_family=AF_INET, sin_port=htons(54184), sin_addr=inet_addr("127.0.0.1")}, [16]) = 4
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
//! POLLRDNORM (normal data, or end of file) and act on POLLERR as the book
//! does. A client whose read (ECONNRESET) or write (EPIPE) fails costs one
//! line on stderr, `client … in slot 1: write: Broken pipe (EPIPE);
//! dropped`, and its slot; the book drops a client on ECONNRESET and exits
//! on any other error. Besides the book, both twins print the address they
//! listen on (getsockname) and each client's arrival and departure.
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
/// and up to 255 clients.
const OPEN_MAX: usize = 256;

/// One connected client: its descriptor (owned: closed when the slot is
/// emptied) and its address, for the lines printed.
struct Client {
    fd: Fd,
    addr: sockaddr_in,
}

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let (port, host) = match args.as_slice() {
        [_] => (SERV_PORT, None),
        [_, port] => (parse_port(port)?, None),
        [_, port, host] => (parse_port(port)?, Some(host.as_str())),
        _ => return Err("usage: ch06_tcpservpoll01 [port] [bind-address]".into()),
    };
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;

    let mut servaddr = sockaddr_in::default(); // bzero, sin_family = AF_INET
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if let Some(host) = host {
        inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;
    }

    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;

    // client[0] is the listening socket; fd -1 indicates an available entry
    let mut client = [pollfd::unused(); OPEN_MAX];
    let mut conn: Vec<Option<Client>> = (0..OPEN_MAX).map(|_| None).collect();
    client[0] = pollfd::new(&listenfd, POLLRDNORM);
    let mut maxi = 0; // max index into client[] array
    let mut buf = [0u8; MAXLINE];

    loop {
        let mut nready = poll(&mut client[..=maxi], INFTIM)?;

        if client[0].revents & POLLRDNORM != 0 {
            // new client connection
            let mut cliaddr = sockaddr_in::default();
            let connfd = match accept_into(&listenfd, &mut cliaddr) {
                Ok(connfd) => connfd,
                // The client gave up between poll and accept: its loss only.
                Err(e) if e.errno() == Some(Errno::ECONNABORTED) => {
                    perror(&e);
                    continue;
                }
                Err(e) => return Err(e.into()),
            };

            let Some(i) = (1..OPEN_MAX).find(|&i| client[i].fd < 0) else {
                return Err("too many clients".into());
            };
            printf!(
                "new client {} in slot {i} (descriptor {connfd})\n",
                sock_ntop(&cliaddr)
            )?;
            client[i] = pollfd::new(&connfd, POLLRDNORM); // save descriptor
            conn[i] = Some(Client {
                fd: connfd,
                addr: cliaddr,
            });
            maxi = maxi.max(i); // max index in client[] array

            nready -= 1;
            if nready <= 0 {
                continue; // no more readable descriptors
            }
        }

        // check all clients for data: slots 1..=maxi
        let slots = client.iter_mut().zip(conn.iter_mut()).enumerate();
        for (i, (pfd, slot)) in slots.take(maxi + 1).skip(1) {
            let Some(c) = slot.as_ref() else { continue };
            if pfd.revents & (POLLRDNORM | POLLERR) == 0 {
                continue;
            }
            let done = match read(&c.fd, &mut buf) {
                Ok(0) => {
                    // connection closed by client
                    printf!(
                        "client {} in slot {i} closed the connection\n",
                        sock_ntop(&c.addr)
                    )?;
                    true
                }
                Ok(n) => match writen(&c.fd, &buf[..n]) {
                    Ok(()) => false,
                    Err(e) => dropped(i, c, &e),
                },
                Err(e) => dropped(i, c, &e), // ECONNRESET
            };
            if done && let Some(c) = slot.take() {
                close(c.fd)?;
                pfd.fd = -1;
            }

            nready -= 1;
            if nready <= 0 {
                break; // no more readable descriptors
            }
        }
    }
}

/// Our own read or write on this client failed (ECONNRESET, EPIPE): one
/// line on stderr, and the client is dropped. Returns true (done).
fn dropped(i: usize, c: &Client, e: &Error) -> bool {
    let line = format!("client {} in slot {i}: {e}; dropped\n", sock_ntop(&c.addr));
    eprint!("{line}");
    true
}
