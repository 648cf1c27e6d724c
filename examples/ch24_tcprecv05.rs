//! `ch24_tcprecv05 [[host] port]` — UNP chapter 24, §24.3: the receiver
//! whose buffer is full. It sets `SO_RCVBUF` to 4096 on the listening
//! socket (before the connection exists, so the window is small from the
//! start), never reads normal data, and waits in `pause()` for SIGURG;
//! the handler tries `recv(MSG_OOB)`. Default port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch24_tcprecv05
//! listening on 0.0.0.0:9877
//! terminal 2 $ cargo run --example ch24_tcpsend05
//! terminal 1, about six seconds later:
//! SIGURG received
//! recv: Resource temporarily unavailable (EAGAIN)
//! ```
//!
//! Under strace (`strace -e trace=setsockopt,fcntl,pause,recvfrom target/debug/examples/ch24_tcprecv05`):
//!
//! ```text
//! setsockopt(3, SOL_SOCKET, SO_RCVBUF, [4096], 4) = 0
//! fcntl(4, F_SETOWN, 5107)                = 0
//! pause()                                 = ? ERESTARTNOHAND (To be restarted if no handler)
//! --- SIGURG {si_signo=SIGURG, si_code=SI_KERNEL} ---
//! recvfrom(4, 0x7ffd…, 2047, MSG_OOB, NULL, NULL) = -1 EAGAIN (Resource temporarily unavailable)
//! ```
//!
//! The lesson: SIGURG says urgent data is *coming*, not that it is here.
//! The sender's TCP announces the urgent pointer in its window probes
//! while the byte waits behind the full window, so `recv(MSG_OOB)` fails
//! with EWOULDBLOCK; the book's receiver ends there ("recv error"), and
//! so does this one (exit status 1). A real program would read normal
//! data to open the window and try again. On Linux the probes back off
//! (0.2 s, 0.4 s, 0.8 s…), so the signal comes up to a few seconds after
//! the OOB byte was sent.
//!
//! The book's global `connfd` is a `static OnceLock<Fd>`, set once before
//! the handler is installed (`OnceLock::get` is one atomic load: safe in
//! a handler); the handler prints with one write(2) of a line formatted
//! on the stack. C twin: `docs/c/ch24_tcprecv05.c`.

use std::io::Write as _;
use std::sync::OnceLock;

use socklab::*;

const USAGE: &str = "usage: ch24_tcprecv05 [[host] port]   (default port: 9877)";

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
    let size: c_int = 4096;
    setsockopt(&listenfd, SOL_SOCKET, SO_RCVBUF, &size)?;

    let connfd = accept_null(&listenfd)?;
    let connfd = CONNFD.get_or_init(|| connfd);

    signal(SIGURG, SigHandler::Handler(sig_urg), SA_RESTART)?;
    fcntl(connfd, F_SETOWN, getpid())?;

    loop {
        let _ = pause(); // always EINTR: the handler ran
    }
}

/// SIGURG: try to read the out-of-band byte.
extern "C" fn sig_urg(_signo: c_int) {
    handler_printf(format_args!("SIGURG received\n"));
    let Some(connfd) = CONNFD.get() else { return };
    let mut buff = [0u8; 2048];
    match recv(connfd, &mut buff[..2047], MSG_OOB) {
        Ok(n) => handler_printf(format_args!("read {n} OOB byte\n")),
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
