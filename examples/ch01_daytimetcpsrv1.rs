//! `ch01_daytimetcpsrv1 [port]` — UNP vol. 1, chapter 4, Figure 4.11 (the
//! chapter-1 daytime server, grown in section 4.6): the daytime server
//! that also prints who connected, from the address `accept` fills in.
//! Default port 13 (needs root; use a high port).
//!
//! ```text
//! terminal 1 $ cargo run --example ch01_daytimetcpsrv1 1313
//! listening on 0.0.0.0:1313
//! connection from 127.0.0.1, port 52114
//! connection from 127.0.0.1, port 52116
//!
//! terminal 2 $ cargo run --example ch01_daytimetcpcli 127.0.0.1 1313
//! Fri Nov 21 10:15:02 2025
//! $ cargo run --example ch01_daytimetcpcli 127.0.0.1 1313
//! Fri Nov 21 10:15:04 2025
//! ```
//!
//! Each client comes from a new *ephemeral* port the client's kernel
//! picked at connect time. Under strace (`strace -s 64 -e trace=accept,write,close
//! target/debug/examples/ch01_daytimetcpsrv1 1313`; `-s 64` shows whole
//! strings) the port printed is the one accept returned:
//!
//! ```text
//! accept(3, {sa_family=AF_INET, sin_port=htons(52114), sin_addr=inet_addr("127.0.0.1")}, [16]) = 4
//! write(1, "connection from 127.0.0.1, port 52114\n", 38) = 38
//! close(5)                                = 0      <- ctime read /etc/localtime (first answer only)
//! write(4, "Fri Nov 21 10:15:02 2025\r\n", 26) = 26
//! close(4)                                = 0
//! ```
//!
//! The lesson: accept's second and third arguments are value-result: the
//! kernel writes the client's address into them (`[16]`: the program
//! passed `clilen = sizeof(cliaddr)`, 16 bytes, and the kernel used them
//! all; a `sockaddr_storage` would show `[128 => 16]`). The port is stored in
//! network byte order, so printing it needs `ntohs`, and the address needs
//! `inet_ntop`.
//!
//! The C twin is `docs/c/ch01_daytimetcpsrv1.c`, written the way the book
//! writes it; `tests/fidelity_strace.rs` holds the two to the same system
//! calls, arguments included.
use socklab::*;

/// The well-known daytime port (RFC 867).
const DAYTIME_PORT: u16 = 13;
const USAGE: &str = "usage: ch01_daytimetcpsrv1 [port]   (default: 13)";

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
    let port = match args.as_slice() {
        [_] => DAYTIME_PORT,
        [_, port] => parse_port(port)?,
        _ => return Err(USAGE.into()),
    };

    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    bind(&listenfd, &servaddr).map_err(|e| explain_bind(e, port))?;
    listen(&listenfd, LISTENQ)?;
    // Where it really listens: with port 0, the port the kernel chose.
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;

    let mut cliaddr = sockaddr_in::default();
    loop {
        // clilen = sizeof(cliaddr): the kernel is told 16 bytes.
        let connfd = accept_into(&listenfd, &mut cliaddr)?;
        // The fields as C has them: address and port in network byte order.
        printf!(
            "connection from {}, port {}\n",
            inet_ntop(AF_INET, &cliaddr.sin_addr)?,
            ntohs(cliaddr.sin_port)
        )?;
        let ticks = time();
        let buff = format!("{:.24}\r\n", ctime(ticks)?);
        write(&connfd, buff.as_bytes())?;
        close(connfd)?;
    }
}

/// bind's error, with the hint a student needs for EACCES on a low port.
fn explain_bind(e: Error, port: u16) -> Box<dyn std::error::Error> {
    if e.errno() == Some(Errno::EACCES) && port < 1024 {
        format!(
            "{e}: ports below 1024 need privileges (root or CAP_NET_BIND_SERVICE); \
             use a high port, e.g. `ch01_daytimetcpsrv1 1313`"
        )
        .into()
    } else {
        e.into()
    }
}
