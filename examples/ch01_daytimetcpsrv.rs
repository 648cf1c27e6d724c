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
//! listening on port 1313
//!
//! terminal 2 $ cargo run --example ch01_daytimetcpcli 127.0.0.1 1313
//! Fri Nov 21 10:15:02 2025
//! ```
//!
//! The C twin is `docs/c/ch01_daytimetcpsrv.c`. Stop the server with Ctrl-C.
//! The time is local time, from the C library's `ctime` (see
//! [`socklab::ctime`]); set `TZ=UTC` to see UTC.
//!
//! Under strace (`strace -e trace=socket,bind,listen,accept,write,close
//! target/debug/examples/ch01_daytimetcpsrv 1313`), one client's visit:
//!
//! ```text
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! bind(3, {sa_family=AF_INET, sin_port=htons(1313), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! listen(3, 1024)                         = 0
//! write(1, "listening on port 1313\n", 23) = 23
//! accept(3, {sa_family=AF_INET, sin_port=htons(52110), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 4
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

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let port = match args.as_slice() {
        [_] => DAYTIME_PORT,
        [_, port] => parse_port(port)?,
        _ => return Err(USAGE.into()),
    };

    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let servaddr = sockaddr_in::new(INADDR_ANY, port);
    bind(&listenfd, &servaddr).map_err(|e| explain_bind(e, port))?;
    listen(&listenfd, LISTENQ)?;
    println!("listening on port {port}");

    loop {
        let (connfd, _cliaddr) = match accept(&listenfd) {
            Ok(conn) => conn,
            Err(e) if listener_broken(&e) => return Err(e.into()),
            Err(e) => {
                // ECONNABORTED and friends: one failed attempt, not the server's end.
                perror(&e);
                continue;
            }
        };
        let ticks = time();
        // C's snprintf(buff, sizeof(buff), "%.24s\r\n", ctime(&ticks)):
        // the 24 characters of the date, without ctime's own '\n'.
        let buff = format!("{:.24}\r\n", ctime(ticks)?);
        if let Err(e) = write(&connfd, buff.as_bytes()) {
            // The client reset the connection already: its loss, not ours.
            perror(&e);
        }
        if let Err(e) = close(connfd) {
            perror(&e);
        }
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

/// accept() errors that mean the listening socket itself is unusable;
/// retrying would spin forever. Every other error belongs to one
/// connection attempt, and the server goes on.
fn listener_broken(e: &Error) -> bool {
    matches!(
        e.errno(),
        Some(Errno::EBADF | Errno::ENOTSOCK | Errno::EINVAL | Errno::EOPNOTSUPP | Errno::EFAULT)
    )
}
