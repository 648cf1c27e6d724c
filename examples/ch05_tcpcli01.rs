//! `ch05_tcpcli01 [IPaddress] [port]` — UNP vol. 1, chapter 5, Figures 5.4–5.5:
//! the TCP echo client, built on socklab's [`str_cli`] (`unp.rs`, the
//! book's Figure 5.5). `str_cli` reads a line from standard input, sends
//! it (`writen`), reads the echoed line back (`readline`) and prints it,
//! until end of file on standard input (Ctrl-D). Defaults: 127.0.0.1,
//! port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch05_tcpserv01
//! terminal 2 $ cargo run --example ch05_tcpcli01
//! hello, world
//! hello, world
//! ^D
//! ```
//!
//! Now the lesson of section 5.12: start a client, type a line, then kill
//! the server's *child* (`kill <pid>`; find it with `ps --ppid`). Type
//! another line: the write succeeds (the server's TCP answers it with
//! RST), and `readline` returns 0 because the child's FIN arrived long
//! ago — the client prints `str_cli: server terminated prematurely` and
//! exits with status 1. The C twin is `docs/c/ch05_tcpcli01.c`.
//!
//! Under strace (`strace -e trace=socket,connect,read,write,close,exit_group
//! target/debug/examples/ch05_tcpcli01`), one line:
//!
//! ```text
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! connect(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! read(0, "hi\n", 8192)                   = 3      <- the terminal
//! write(3, "hi\n", 3)                     = 3
//! read(3, "h", 1)                         = 1      <- readline: one byte per read
//! read(3, "i", 1)                         = 1
//! read(3, "\n", 1)                        = 1
//! write(1, "hi\n", 3)                     = 3
//! read(0, "", 8192)                       = 0      <- Ctrl-D
//! exit_group(0)                           = ?      <- exit closes 3
//! ```
//!
//! The lesson: the client is blocked in one input at a time. While it
//! waits for the terminal it cannot notice that the server went away; it
//! learns only when it next uses the socket (chapter 6's `select` fixes
//! that).
use socklab::*;

const USAGE: &str = "usage: ch05_tcpcli01 [IPaddress] [port]   (defaults: 127.0.0.1 9877)";

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

    str_cli(&sockfd)?; // do it all: socklab's unp::str_cli (Figure 5.5)
    exit(0); // as the book's program: exit closes sockfd
}
