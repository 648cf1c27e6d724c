//! `ch01_daytimetcpsrv [port]` — UNP vol. 1, chapter 1, Figure 1.9: the
//! simple daytime server. Forever: accept a connection, write the time of
//! day as one line (`%.24s\r\n` of `ctime`), close the connection.
//! Default port 13, the daytime port.
//!
//! Port 13 is below 1024, so binding it needs privileges (root, or the
//! CAP_NET_BIND_SERVICE capability); as a normal user you get
//! `bind: Permission denied (EACCES): ports below 1024 need privileges…`.
//! Use a high port instead, two terminals:
//!
//! ```text
//! terminal 1 $ cargo run --example ch01_daytimetcpsrv 1313
//! listening on 0.0.0.0:1313
//!
//! terminal 2 $ cargo run --example ch01_daytimetcpcli 127.0.0.1 1313
//! Fri Nov 21 10:15:02 2025
//! ```
//!
//! The C twin is `docs/c/ch01_daytimetcpsrv.c`. Stop the server with Ctrl-C.
//! The time is local time, from the C library's `ctime` (see
//! [`socklab::ctime`]); set `TZ=UTC` to see UTC.
//!
//! Under strace (`strace -e trace=socket,bind,listen,getsockname,accept,write,close
//! target/debug/examples/ch01_daytimetcpsrv 1313`), one client's visit:
//!
//! ```text
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! bind(3, {sa_family=AF_INET, sin_port=htons(1313), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! listen(3, 1024)                         = 0
//! getsockname(3, {sa_family=AF_INET, sin_port=htons(1313), sin_addr=inet_addr("0.0.0.0")}, [16]) = 0
//! write(1, "listening on 0.0.0.0:1313\n", 26) = 26
//! accept(3, NULL, NULL)                   = 4      <- the client's address is not asked for
//! close(5)                                = 0      <- ctime read /etc/localtime (first answer only)
//! write(4, "Fri Nov 21 10:15:02 2025\r\n", 26) = 26
//! close(4)                                = 0
//! accept(3,                               <- blocked until the next client
//! ```
//!
//! The lesson: a server is socket, bind (its well-known port), listen,
//! then a loop of accept, which hands back a *new* descriptor per client.
//! Closing that descriptor is what the client's read sees as end of file:
//! the daytime protocol needs no other end-of-answer marker.
use socklab::*;

/// The well-known daytime port (RFC 867).
const DAYTIME_PORT: u16 = 13;
const USAGE: &str = "usage: ch01_daytimetcpsrv [port]   (default: 13)";

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

    loop {
        // accept(listenfd, NULL, NULL): the client's address is not asked for.
        let connfd = accept_null(&listenfd)?;
        let ticks = time();
        // C's snprintf(buff, sizeof(buff), "%.24s\r\n", ctime(&ticks)):
        // the 24 characters of the date, without ctime's own '\n'.
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
             use a high port, e.g. `ch01_daytimetcpsrv 1313` and `ch01_daytimetcpcli 127.0.0.1 1313`"
        )
        .into()
    } else {
        e.into()
    }
}
