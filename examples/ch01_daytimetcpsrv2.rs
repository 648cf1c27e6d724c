//! `ch01_daytimetcpsrv2 [port]` — UNP vol. 1, chapter 1 (section 1.2's
//! remark on TCP and record boundaries, and the chapter's exercise that
//! tests it): the daytime server, but it sends its 26-byte answer with 26
//! separate `write` calls of one byte each. Default port 13 (needs root;
//! use a high port). Its client is `ch01_daytimetcpcli1`, which counts
//! its reads.
//!
//! ```text
//! terminal 1 $ cargo run --example ch01_daytimetcpsrv2 1313
//! listening on port 1313
//!
//! terminal 2 $ cargo run --example ch01_daytimetcpcli1 127.0.0.1 1313
//! Fri Nov 21 10:15:02 2025
//! counter = 4                      <- anything from 1 to 26
//! ```
//!
//! Under strace (`strace -e trace=accept,write,close
//! target/debug/examples/ch01_daytimetcpsrv2 1313`) the server always
//! makes 26 writes:
//!
//! ```text
//! accept(3, {sa_family=AF_INET, sin_port=htons(52118), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 4
//! close(5)                                = 0      <- ctime read /etc/localtime (first client only)
//! write(4, "F", 1)                        = 1
//! write(4, "r", 1)                        = 1
//! …                                       (24 more)
//! write(4, "\n", 1)                       = 1
//! close(4)                                = 0
//! ```
//!
//! The lesson: TCP carries a stream of bytes, not the writes that produced
//! them. How many reads the client needs depends on timing (how far the
//! server got before the client's read ran), never on how many writes the
//! server made — so a reader must loop until it has what it needs.
use socklab::*;

/// The well-known daytime port (RFC 867).
const DAYTIME_PORT: u16 = 13;
const USAGE: &str = "usage: ch01_daytimetcpsrv2 [port]   (default: 13)";

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
    bind(&listenfd, &sockaddr_in::new(INADDR_ANY, port)).map_err(|e| explain_bind(e, port))?;
    listen(&listenfd, LISTENQ)?;
    println!("listening on port {port}");

    loop {
        let (connfd, _cliaddr) = match accept(&listenfd) {
            Ok(conn) => conn,
            Err(e) if listener_broken(&e) => return Err(e.into()),
            Err(e) => {
                perror(&e);
                continue;
            }
        };
        let buff = format!("{:.24}\r\n", ctime(time())?);
        if let Err(e) = write_bytewise(&connfd, buff.as_bytes()) {
            perror(&e);
        }
        if let Err(e) = close(connfd) {
            perror(&e);
        }
    }
}

/// One write(2) per byte: the most writes a 26-byte answer can take.
fn write_bytewise(connfd: &Fd, buff: &[u8]) -> Result<()> {
    for byte in buff {
        write(connfd, std::slice::from_ref(byte))?;
    }
    Ok(())
}

/// bind's error, with the hint a student needs for EACCES on a low port.
fn explain_bind(e: Error, port: u16) -> Box<dyn std::error::Error> {
    if e.errno() == Some(Errno::EACCES) && port < 1024 {
        format!(
            "{e}: ports below 1024 need privileges (root or CAP_NET_BIND_SERVICE); \
             use a high port, e.g. `ch01_daytimetcpsrv2 1313`"
        )
        .into()
    } else {
        e.into()
    }
}

/// accept() errors that mean the listening socket itself is unusable.
fn listener_broken(e: &Error) -> bool {
    matches!(
        e.errno(),
        Some(Errno::EBADF | Errno::ENOTSOCK | Errno::EINVAL | Errno::EOPNOTSUPP | Errno::EFAULT)
    )
}
