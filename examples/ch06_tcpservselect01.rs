//! `ch06_tcpservselect01 [port] [bind-address]` — UNP chapter 6, Figures
//! 6.21–6.22: a TCP echo server in **one process, no fork**: an array of
//! clients and one `select` over the listening socket and every client.
//!
//! Run it, then several clients at once (port 9877, address 0.0.0.0 by
//! default):
//!
//! ```text
//! terminal 1 $ cargo run --example ch06_tcpservselect01
//! listening on 0.0.0.0:9877
//! new client 127.0.0.1:37818 in slot 0 (descriptor 4)
//! new client 127.0.0.1:37824 in slot 1 (descriptor 5)
//! client 127.0.0.1:37818 in slot 0 closed the connection
//!
//! terminal 2 $ cargo run --example ch06_strcliselect02
//! terminal 3 $ seq 1 100 | cargo run --example ch06_strcliselect02
//! ```
//!
//! `ps` shows one process however many clients are connected.
//!
//! The C twin is `docs/c/ch06_tcpservselect01.c` (Figures 6.21–6.22; `cc -o tcpservselect01
//! docs/c/ch06_tcpservselect01.c`): the same system calls, with the same arguments, in the
//! same order — `tests/fidelity_strace.rs` holds the two to it.
//!
//! Under strace (`cargo build --example ch06_tcpservselect01` first):
//!
//! ```text
//! $ strace -e trace=accept,pselect6,read,write,close target/debug/examples/ch06_tcpservselect01
//! pselect6(4, [3], NULL, NULL, NULL, NULL) = 1 (in [3])
//! accept(3, {sa_family=AF_INET, sin_port=htons(37818), sin_addr=inet_addr("127.0.0.1")}, [16]) = 4
//! write(1, "new client 127.0.0.1:37818 in sl"..., 52) = 52
//! pselect6(5, [3 4], NULL, NULL, NULL, NULL) = 1 (in [4])
//! read(4, "hello\n", 4096)                = 6
//! write(4, "hello\n", 6)                  = 6
//! pselect6(5, [3 4], NULL, NULL, NULL, NULL) = 1 (in [4])
//! read(4, "", 4096)                       = 0        <- the client's FIN
//! write(1, "client 127.0.0.1:37818 in slot 0"..., 55) = 55
//! close(4)                                = 0
//! pselect6(5, [3], NULL, NULL, NULL, NULL …          <- only the listener left
//! ```
//!
//! **Design.** `client` has FD_SETSIZE slots, each empty or holding one
//! connection (the C version's `int client[FD_SETSIZE]` with -1 for empty;
//! here the slot owns its descriptor, so it is closed exactly once).
//! `allset` is the set of descriptors to watch; each pass copies it, because
//! select overwrites its argument. When no slot is free, or a descriptor is
//! too big for an fd_set, the server says `too many clients` and exits, as
//! the book's does. A client whose read or write fails costs one line on
//! stderr and its slot, never the server (the book's Read and Writen would
//! exit): `client 127.0.0.1:37818 in slot 0: write: Broken pipe (EPIPE);
//! dropped` — its own call failed; the client did not close. SIGPIPE stays
//! ignored (the Rust default), so writing to a vanished client fails with
//! EPIPE instead of killing the process that serves everyone; the C twin
//! keeps the book's default, and SIGPIPE kills it there.
//!
//! Besides the book, both twins print the address they listen on
//! (getsockname: port 0 shows the kernel's choice) and each client's
//! arrival and departure.
//!
//! **Denial of service — what can still block.** Each client is read with
//! `read()`, not `readline()`: a client that sends one byte without a
//! newline does not stall anybody (read returns that byte and the server
//! echoes it). But the echo is written with a *blocking* `writen()`. A
//! client that keeps sending and never reads fills its receive window, the
//! server's write blocks, and while it blocks no other client is served —
//! until that client reads or goes away (then the write fails, the client
//! is dropped and service resumes). The cure is non-blocking sockets
//! (UNP chapter 16) or a process or thread per client.
//!
//! The lesson: select turns one process into a server for many clients,
//! each served as its data arrives. The price is that any call that can
//! block — here a write to a client that does not read — blocks everyone.
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
    let (port, host) = match args.as_slice() {
        [_] => (SERV_PORT, None),
        [_, port] => (parse_port(port)?, None),
        [_, port, host] => (parse_port(port)?, Some(host.as_str())),
        _ => return Err("usage: ch06_tcpservselect01 [port] [bind-address]".into()),
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
            let mut cliaddr = sockaddr_in::default();
            let connfd = match accept_into(&listenfd, &mut cliaddr) {
                Ok(connfd) => connfd,
                // The client gave up between select and accept: its loss only.
                Err(e) if e.errno() == Some(Errno::ECONNABORTED) => {
                    perror(&e);
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
