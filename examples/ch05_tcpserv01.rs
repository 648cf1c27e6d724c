//! `ch05_tcpserv01 [port]` — UNP vol. 1, chapter 5, Figures 5.2–5.3: the
//! TCP echo server, one child process per client. The parent only
//! accepts and forks; each child closes the listening socket, echoes its
//! client's bytes back (`str_echo`) until the client closes, and exits.
//! Default port 9877 (SERV_PORT).
//!
//! Run it with its client, two terminals:
//!
//! ```text
//! terminal 1 $ cargo run --example ch05_tcpserv01
//! listening on port 9877
//!
//! terminal 2 $ cargo run --example ch05_tcpcli01
//! hello, world
//! hello, world
//! ^D
//! ```
//!
//! Then, in a third terminal, `ps -o pid,ppid,stat,cmd --ppid $(pgrep -o -x
//! ch05_tcpserv01)` (`-x`: the program, not the `cargo run` that started
//! it; `-o`: the oldest, the parent): the child that served the client is still
//! there, state `Z` (`<defunct>`), because nobody waited for it — the
//! lesson of section 5.8, fixed by `ch05_tcpserv02`…`04`. The C twin is
//! `docs/c/ch05_tcpserv01.c`. Stop the server with Ctrl-C.
//!
//! Under strace (`strace -f -e trace=socket,bind,listen,accept,clone,read,write,close
//! target/debug/examples/ch05_tcpserv01`), one client typing one line:
//!
//! ```text
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! bind(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! listen(3, 1024)                         = 0
//! write(1, "listening on port 9877\n", 23) = 23
//! accept(3, {sa_family=AF_INET, sin_port=htons(41006), …}, [128 => 16]) = 4
//! clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, …) = 4242
//! close(4)                                = 0                 <- parent
//! accept(3,  <unfinished ...>                                  <- parent waits again
//! [pid 4242] close(3)                     = 0                 <- child
//! [pid 4242] read(4, "hello, world\n", 4096) = 13
//! [pid 4242] write(4, "hello, world\n", 13) = 13
//! [pid 4242] read(4, "", 4096)            = 0                 <- client closed
//! [pid 4242] +++ exited with 0 +++
//! <... accept resumed>0x7ffd…, [128])     = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
//! --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=4242, …} ---
//! ```
//!
//! The lesson: after fork both processes hold both sockets, so each closes
//! the one it does not use — the parent the connected socket (or the
//! client would never see the server's FIN), the child the listening one.
//! The parent never waits for its children, so each ended child stays a
//! zombie until the server exits.
use socklab::*;

const USAGE: &str = "usage: ch05_tcpserv01 [port]   (default: 9877)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let port = match args.as_slice() {
        [_] => SERV_PORT,
        [_, port] => parse_port(port)?,
        _ => return Err(USAGE.into()),
    };

    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    bind(&listenfd, &sockaddr_in::new(INADDR_ANY, port))?;
    listen(&listenfd, LISTENQ)?;
    println!("listening on port {port}");

    loop {
        let (connfd, _cliaddr) = match accept(&listenfd) {
            Ok(conn) => conn,
            Err(e) if listener_broken(&e) => return Err(e.into()),
            Err(e) => {
                // ECONNABORTED: one failed attempt, not the server's end.
                perror(&e);
                continue;
            }
        };
        match fork()? {
            ForkResult::Child => {
                close(listenfd)?; // the child serves one client, accepts none
                let status = match str_echo(&connfd) {
                    Ok(()) => 0,
                    Err(e) => {
                        perror(&e);
                        1
                    }
                };
                // exit closes connfd: the client sees end of file.
                exit(status);
            }
            ForkResult::Parent { .. } => close(connfd)?, // the child has it now
        }
    }
}

/// The book's `str_echo`: read whatever arrived and write it all back,
/// until the client closes (read returns 0). `writen` loops until every
/// byte is written. EINTR is retried: a signal is not an error here.
fn str_echo(sockfd: &Fd) -> Result<()> {
    let mut buf = [0u8; MAXLINE];
    loop {
        match read(sockfd, &mut buf) {
            Ok(0) => return Ok(()), // the client closed: done
            Ok(n) => writen(sockfd, &buf[..n])?,
            Err(e) if e.errno() == Some(Errno::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
}

/// accept() errors that mean the listening socket itself is unusable;
/// retrying would spin forever.
fn listener_broken(e: &Error) -> bool {
    matches!(
        e.errno(),
        Some(Errno::EBADF | Errno::ENOTSOCK | Errno::EINVAL | Errno::EOPNOTSUPP | Errno::EFAULT)
    )
}
