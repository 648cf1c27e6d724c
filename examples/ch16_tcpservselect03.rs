//! `ch16_tcpservselect03 [--nonb] [port] [bind-address]` — UNP chapter
//! 16, section 16.6, **the nonblocking accept problem**: the select server
//! of Figures 6.21–6.22 (`ch06_tcpservselect01`) with a pause between
//! "the listening socket is readable" and `accept` — it prints `listening
//! socket readable`, sleeps 5 seconds, then accepts. If the connection is
//! gone from the queue by then, `accept` **blocks**, and the one process
//! that serves every client serves none until another connection arrives.
//!
//! `--nonb` is the section's fix: the listening socket is nonblocking
//! (`fcntl(F_SETFL, O_NONBLOCK)`) and `accept`'s `EWOULDBLOCK`,
//! `ECONNABORTED`, `EPROTO` and `EINTR` are ignored — one perror line,
//! then back to `select`.
//!
//! ```text
//! terminal 1 $ cargo run --example ch16_tcpservselect03 -- --nonb
//! listening on 0.0.0.0:9877
//! listening socket readable
//! accept: Resource temporarily unavailable (EAGAIN)      <- the queue was empty
//!
//! terminal 2 $ cargo run --example ch16_tcpcli03         <- connect, then RST
//! ```
//!
//! **On Linux the book's way of emptying the queue does not.** The book's
//! client (`ch16_tcpcli03`) connects and at once aborts with an RST; a
//! Berkeley kernel then removes the connection from the queue. Linux keeps
//! it: `accept` returns it, and the first `read` fails with `ECONNRESET`
//! (`client 127.0.0.1:40000 in slot 0: read: Connection reset by peer
//! (ECONNRESET); dropped`). What empties the queue on Linux is another
//! `accept` on the same listening socket — a sibling process that shares
//! it, or the test (`tests/unp_ch16.rs`), which takes the connection with
//! `pidfd_getfd` during the sleep: the server then blocks in `accept`
//! (without `--nonb`), or prints `accept: Resource temporarily unavailable
//! (EAGAIN)` and goes on serving (with it). See docs/unp/ch16.md.
//!
//! Under strace (`cargo build --example ch16_tcpservselect03` first):
//!
//! ```text
//! $ strace -e trace=fcntl,pselect6,accept,read target/debug/examples/ch16_tcpservselect03 --nonb
//! fcntl(3, F_GETFL)                       = 0x2 (flags O_RDWR)
//! fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK)    = 0
//! pselect6(4, [3], NULL, NULL, NULL, NULL) = 1 (in [3])
//! accept(3, 0x7ffc…, [16])                = -1 EAGAIN (Resource temporarily unavailable)
//! pselect6(4, [3], NULL, NULL, NULL, NULL …
//! ```
//!
//! Besides the book, as `ch06_tcpservselect01`: the address really used is
//! printed, each client's arrival and departure too, and a client whose
//! read or write fails costs one line on stderr and its slot.
//!
//! The lesson: "readable" from select is a hint about the past, not a
//! promise about the next call; a listening socket watched by select must
//! be nonblocking. C twin: `docs/c/ch16_tcpservselect03.c`.
use socklab::*;

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
    let mut rest: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let nonb = rest.first() == Some(&"--nonb");
    if nonb {
        rest.remove(0);
    }
    let (port, host) = match rest.as_slice() {
        [] => (SERV_PORT, None),
        [port] => (parse_port(port)?, None),
        [port, host] => (parse_port(port)?, Some(*host)),
        _ => return Err("usage: ch16_tcpservselect03 [--nonb] [port] [bind-address]".into()),
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
    if nonb {
        // the fix: a nonblocking listening socket
        let val = fcntl(&listenfd, F_GETFL, 0)?;
        fcntl(&listenfd, F_SETFL, val | O_NONBLOCK)?;
    }
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;

    let mut maxfd = listenfd.as_raw_fd(); // initialize
    let mut maxi: isize = -1; // index into client[] array
    // None indicates an available entry
    let mut client: Vec<Option<Client>> = (0..FD_SETSIZE).map(|_| None).collect();
    let mut allset = fd_set::default();
    FD_ZERO(&mut allset);
    FD_SET(&listenfd, &mut allset);
    let mut buf = [0u8; MAXLINE];

    loop {
        let mut rset = allset; // structure assignment: select overwrites rset
        let mut nready = select(maxfd + 1, Some(&mut rset), None, None, None)?;

        if FD_ISSET(&listenfd, &rset) {
            // new client connection
            printf!("listening socket readable\n")?;
            sleep(5);
            let mut cliaddr = sockaddr_in::default();
            let connfd = match accept_into(&listenfd, &mut cliaddr) {
                Ok(connfd) => connfd,
                // The connection went away between select and accept.
                Err(e)
                    if [
                        Errno::EWOULDBLOCK,
                        Errno::ECONNABORTED,
                        Errno::EPROTO,
                        Errno::EINTR,
                    ]
                    .map(Some)
                    .contains(&e.errno()) =>
                {
                    perror(&e); // back to select
                    continue;
                }
                Err(e) => return Err(e.into()),
            };

            let i = match client.iter().position(Option::is_none) {
                Some(i) if connfd.as_raw_fd() < FD_SETSIZE => i,
                _ => return Err("too many clients".into()),
            };
            printf!(
                "new client {} in slot {i} (descriptor {connfd})\n",
                sock_ntop(&cliaddr)
            )?;

            FD_SET(&connfd, &mut allset); // add new descriptor to set
            maxfd = maxfd.max(connfd.as_raw_fd()); // for select
            maxi = maxi.max(i as isize); // max index in client[] array
            client[i] = Some(Client {
                fd: connfd,
                addr: cliaddr,
            }); // save descriptor

            nready -= 1;
            if nready <= 0 {
                continue; // no more readable descriptors
            }
        }

        // check all clients for data: slots 0..=maxi
        for (i, slot) in client.iter_mut().enumerate().take((maxi + 1) as usize) {
            let Some(c) = slot.as_ref() else { continue };
            if !FD_ISSET(&c.fd, &rset) {
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
                Err(e) => dropped(i, c, &e),
            };
            if done && let Some(c) = slot.take() {
                FD_CLR(&c.fd, &mut allset);
                close(c.fd)?;
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
