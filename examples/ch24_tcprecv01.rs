//! `ch24_tcprecv01 [[host] port]` — UNP chapter 24, §24.2: receiving
//! out-of-band data with SIGURG. `fcntl(connfd, F_SETOWN, getpid())` makes
//! this process the socket's owner, the one the kernel signals when
//! urgent data arrives; the SIGURG handler reads the byte with
//! `recv(MSG_OOB)` while `main` reads the normal data. Default port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch24_tcprecv01
//! listening on 0.0.0.0:9877
//! terminal 2 $ cargo run --example ch24_tcpsend01
//! terminal 1:
//! read 3 bytes: 123
//! SIGURG received
//! read 1 OOB byte: 4
//! read 2 bytes: 56
//! SIGURG received
//! read 1 OOB byte: 7
//! read 2 bytes: 89
//! received EOF
//! ```
//!
//! The urgent bytes `4` and `7` never show in the normal reads: the
//! kernel takes each out of the stream for `recv(MSG_OOB)`.
//!
//! Under strace (`strace -e trace=read,recvfrom,fcntl,rt_sigaction target/debug/examples/ch24_tcprecv01`):
//!
//! ```text
//! rt_sigaction(SIGURG, {sa_handler=0x…, sa_mask=[], sa_flags=SA_RESTORER|SA_RESTART, …}, …, 8) = 0
//! fcntl(4, F_SETOWN, 5107)                = 0
//! read(4, "123", 99)                      = 3
//! read(4, 0x7ffd…, 99)                    = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
//! --- SIGURG {si_signo=SIGURG, si_code=SI_KERNEL} ---
//! recvfrom(4, "4", 99, MSG_OOB, NULL, NULL) = 1
//! rt_sigreturn({mask=[]})                 = 0
//! read(4, "56", 99)                       = 2
//! ```
//!
//! The handler is installed with `SA_RESTART` (the book's `Signal`), so
//! the `read` it interrupts starts again. `connfd` is the book's global,
//! which the handler needs: here a `static OnceLock<Fd>`, set once before
//! the handler is installed and only read after (`OnceLock::get` is one
//! atomic load: safe in a handler). The handler prints with one write(2)
//! of a line formatted on the stack; the book's `printf` there is not
//! async-signal-safe.
//!
//! C twin: `docs/c/ch24_tcprecv01.c`; the book's `Tcp_listen` is
//! socklab's [`tcp_listen`].

use std::io::Write as _;
use std::sync::OnceLock;

use socklab::*;

const USAGE: &str = "usage: ch24_tcprecv01 [[host] port]   (default port: 9877)";

/// The book's global `connfd`, for the handler.
static CONNFD: OnceLock<Fd> = OnceLock::new();

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

/// `[[host] port]`: tcp_listen, then the line that says where.
fn listen_from_args(args: &[String]) -> std::result::Result<Fd, Box<dyn std::error::Error>> {
    let (listenfd, _addrlen) = match args {
        [_] => tcp_listen(None, "9877")?,
        [_, port] => tcp_listen(None, port)?,
        [_, host, port] => tcp_listen(Some(host), port)?,
        _ => return Err(USAGE.into()),
    };
    printf!("listening on {}\n", sock_ntop(&getsockname(&listenfd)?))?;
    Ok(listenfd)
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let listenfd = listen_from_args(&args()?)?;
    let connfd = accept_null(&listenfd)?;
    let connfd = CONNFD.get_or_init(|| connfd);

    signal(SIGURG, SigHandler::Handler(sig_urg), SA_RESTART)?;
    fcntl(connfd, F_SETOWN, getpid())?;

    let mut buff = [0u8; 100];
    loop {
        let n = read(connfd, &mut buff[..99])?; // sizeof(buff) - 1
        if n == 0 {
            printf!("received EOF\n")?;
            exit(0);
        }
        printf!("read {n} bytes: {}\n", String::from_utf8_lossy(&buff[..n]))?;
    }
}

/// SIGURG: read the out-of-band byte.
extern "C" fn sig_urg(_signo: c_int) {
    handler_printf(format_args!("SIGURG received\n"));
    let Some(connfd) = CONNFD.get() else { return };
    let mut buff = [0u8; 100];
    match recv(connfd, &mut buff[..99], MSG_OOB) {
        Ok(n) => {
            let text = std::str::from_utf8(&buff[..n]).unwrap_or("?");
            handler_printf(format_args!("read {n} OOB byte: {text}\n"));
        }
        Err(e) => {
            perror(&e);
            exit(1);
        }
    }
}

/// The handler's `printf`, made safe to call there: the line is
/// formatted into a buffer on the stack (no allocation, no lock) and
/// written with one write(2); `stdout()` only lends descriptor 1.
fn handler_printf(args: std::fmt::Arguments<'_>) {
    let mut buf = [0u8; 128];
    let mut rest = &mut buf[..];
    if rest.write_fmt(args).is_ok() {
        let len = 128 - rest.len();
        let _ = write(std::io::stdout(), &buf[..len]);
    }
}
