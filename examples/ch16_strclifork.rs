//! `ch16_strclifork [IPaddress] [port]` — UNP chapter 16, Figure 16.10:
//! the echo client's `str_cli` with **two processes** instead of
//! nonblocking I/O. The child copies socket → stdout (`readline`, then
//! the line to stdout); the parent copies stdin → socket (`fgets`,
//! `writen`), then half-closes (`shutdown(SHUT_WR)`) and waits in
//! `pause()`. When the server's FIN reaches the child, the child ends the
//! parent with `kill(getppid(), SIGTERM)` and exits.
//!
//! Run it against any echo server (127.0.0.1 port 9877 by default):
//!
//! ```text
//! terminal 1 $ cargo run --example ch05_tcpserv01
//! terminal 2 $ printf 'hello\nworld\n' | target/debug/examples/ch16_strclifork; echo "status $?"
//! hello
//! world
//! Terminated
//! status 143
//! ```
//!
//! The parent ends killed by SIGTERM — that is the design (a shell prints
//! `Terminated`, status 128 + 15). The child ends the parent on an error
//! too (`read: Connection reset by peer (ECONNRESET)`, a closed stdout):
//! the book's child exits without it, leaving the parent in `pause` for
//! ever.
//!
//! Under strace (`cargo build --example ch16_strclifork` first):
//!
//! ```text
//! $ echo hello | strace -f -e trace=clone,write,shutdown,pause,kill,read target/debug/examples/ch16_strclifork
//! clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, …) = 4243
//! [pid 4242] read(0, "hello\n", 8192)    = 6
//! [pid 4242] write(3, "hello\n", 6)      = 6
//! [pid 4243] read(3, "h", 1)             = 1
//! …
//! [pid 4242] shutdown(3, SHUT_WR)        = 0
//! [pid 4242] pause( <unfinished ...>
//! [pid 4243] read(3, "", 1)              = 0
//! [pid 4243] kill(4242, SIGTERM)         = 0
//! [pid 4242] <... pause resumed>)        = ?
//! [pid 4242] +++ killed by SIGTERM +++
//! ```
//!
//! With no server: `connect: Connection refused (ECONNREFUSED)`.
//!
//! The lesson: two processes, each blocking in its own direction, do what
//! Figure 16.3 does with buffers and `select` — in a page of code instead
//! of three, at the cost of a `fork` (the book times it between the two:
//! 8.7 s against 6.9 s). C twin: `docs/c/ch16_strclifork.c`.
use socklab::*;

const USAGE: &str = "usage: ch16_strclifork [IPaddress] [port]   (defaults: 127.0.0.1 9877)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

type Res<T> = std::result::Result<T, Box<dyn std::error::Error>>;

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> Res<()> {
    let args = args()?;
    let (host, port) = match args.as_slice() {
        [_] => ("127.0.0.1", SERV_PORT),
        [_, host] => (host.as_str(), SERV_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err(USAGE.into()),
    };

    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;
    connect(&sockfd, &servaddr)?;

    str_cli(&sockfd)?; // do it all
    exit(0);
}

/// Figure 16.10's str_cli.
fn str_cli(sockfd: &Fd) -> Res<()> {
    let mut sendline = Vec::with_capacity(MAXLINE);
    let mut recvline = [0u8; MAXLINE];

    if let ForkResult::Child = fork()? {
        // child: server -> stdout (C's readline stores at most MAXLINE - 1)
        let copied = (|| -> Result<()> {
            loop {
                let n = readline(sockfd, &mut recvline[..MAXLINE - 1])?;
                if n == 0 {
                    return Ok(());
                }
                writen(std::io::stdout(), &recvline[..n])?;
            }
        })();
        let status = match copied {
            Ok(()) => 0,
            Err(e) => {
                perror(&e);
                1
            }
        };
        kill(getppid(), SIGTERM)?; // in case parent still running (and on an error too)
        exit(status);
    }

    // parent: stdin -> server
    let mut stdin = std::io::stdin().lock();
    while stdio::fgets(&mut sendline, &mut stdin)? > 0 {
        writen(sockfd, &sendline)?;
    }

    shutdown(sockfd, SHUT_WR)?; // EOF on stdin, send FIN
    let _ = pause();
    Ok(())
}
