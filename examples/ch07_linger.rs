//! `ch07_linger [--normal]` — UNP chapter 7, section 7.5 (SO_LINGER,
//! Figure 7.10's abortive close): with `SO_LINGER {l_onoff = 1, l_linger = 0}`
//! `close` does not send a FIN but an RST, and the peer's next `read` fails
//! with ECONNRESET. Self-contained: one process plays client and server on
//! 127.0.0.1 and a port the kernel picks.
//!
//! Run it (one terminal), then again with `--normal` for the ordinary close:
//!
//! ```text
//! $ cargo run --example ch07_linger
//! server on 127.0.0.1:49981, client 127.0.0.1:54604 connected
//! client: SO_LINGER {l_onoff=1, l_linger=0}, then close(): an RST, not a FIN
//! server: read: Connection reset by peer (ECONNRESET)
//!
//! $ cargo run --example ch07_linger -- --normal
//! server on 127.0.0.1:41703, client 127.0.0.1:57278 connected
//! client: close() with the default SO_LINGER {0, 0}: a FIN
//! server: read returned 0 (end of file)
//! ```
//!
//! Watch the wire with `sudo tcpdump -i lo -n tcp` in another terminal: the
//! first run ends with `[R.]`, the second with `[F.]` segments. After the
//! first run `ss -tan state time-wait` shows no TIME_WAIT for that
//! connection: an aborted connection skips it.
//!
//! The C twin is `docs/c/ch07_linger.c` (section 7.5, Figure 7.10; `cc -o linger
//! docs/c/ch07_linger.c`): the same system calls, with the same arguments, in the
//! same order — `tests/fidelity_strace.rs` holds the two to it.
//!
//! Under strace (`cargo build --example ch07_linger` first):
//!
//! ```text
//! $ strace -e trace=setsockopt,close,read target/debug/examples/ch07_linger
//! setsockopt(4, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0
//! close(4)                                = 0
//! read(5, 0x7ffc5cd5af90, 4096)           = -1 ECONNRESET (Connection reset by peer)
//! ```
//!
//! The lesson: SO_LINGER with a zero timeout turns close into an abort:
//! unsent data is discarded, an RST is sent, and the peer learns of it as
//! ECONNRESET instead of an end of file. Use it knowingly — the peer cannot
//! tell a deliberate abort from a crash.
use socklab::*;

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
    let abort = match args.as_slice() {
        [_] => true,
        [_, flag] if flag == "--normal" => false,
        _ => return Err("usage: ch07_linger [--normal]".into()),
    };

    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::default(); // bzero, sin_family = AF_INET
    servaddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    servaddr.sin_port = htons(0);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;

    let clifd = socket(AF_INET, SOCK_STREAM, 0)?;
    connect(&clifd, &servaddr)?;
    let mut cliaddr = sockaddr_in::default();
    let connfd = accept_into(&listenfd, &mut cliaddr)?;
    printf!(
        "server on {}, client {} connected\n",
        sock_ntop(&servaddr),
        sock_ntop(&cliaddr)
    )?;

    if abort {
        let ling = linger {
            l_onoff: 1, // cause RST to be sent on close()
            l_linger: 0,
        };
        setsockopt(&clifd, SOL_SOCKET, SO_LINGER, &ling)?;
        printf!("client: SO_LINGER {{l_onoff=1, l_linger=0}}, then close(): an RST, not a FIN\n")?;
    } else {
        printf!("client: close() with the default SO_LINGER {{0, 0}}: a FIN\n")?;
    }
    close(clifd)?;

    // The server reads: the RST (or the FIN) has already arrived on
    // loopback, and read would wait for it otherwise.
    let mut buf = [0u8; MAXLINE];
    let outcome = read(&connfd, &mut buf);
    match &outcome {
        Ok(0) => {
            printf!("server: read returned 0 (end of file)\n")?;
        }
        Ok(n) => {
            printf!("server: read returned {n} bytes\n")?;
        }
        Err(e) => {
            printf!("server: {e}\n")?;
        }
    }
    close(connfd)?;
    close(listenfd)?;

    // Check that the kernel did what the lesson says.
    match (abort, outcome) {
        (true, Err(e)) if e.errno() == Some(Errno::ECONNRESET) => exit(0),
        (false, Ok(0)) => exit(0),
        _ => Err(
            "unexpected: expected ECONNRESET after SO_LINGER {1, 0}, end of file otherwise".into(),
        ),
    }
}
