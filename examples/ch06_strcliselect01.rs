//! `ch06_strcliselect01 [host] [port]` — UNP chapter 6, Figure 6.9: the
//! echo client's `str_cli` rewritten around `select`, so it waits for the
//! terminal **and** the socket at the same time.
//!
//! Run it against any echo server on port 9877 (SERV_PORT), two terminals:
//!
//! ```text
//! terminal 1 $ cargo run --example ch06_tcpservselect01
//! listening on 0.0.0.0:9877
//!
//! terminal 2 $ cargo run --example ch06_strcliselect01          # 127.0.0.1 9877
//! hello
//! hello
//! ^D
//! ```
//!
//! Now stop the server (Ctrl-C in terminal 1) while the client waits for a
//! line: the client does not wait for you to type — it prints
//! `str_cli: server terminated prematurely` at once and exits with status 1.
//! The chapter-5 client, blocked in `fgets`, only noticed at the next line.
//!
//! The C twin is `docs/c/ch06_strcliselect01.c` (Figure 6.9, with Figure 5.4's main; `cc -o strcliselect01
//! docs/c/ch06_strcliselect01.c`): the same system calls, with the same arguments, in the
//! same order — `tests/fidelity_strace.rs` holds the two to it.
//!
//! Under strace (`cargo build --example ch06_strcliselect01` first):
//!
//! ```text
//! $ (echo hello; sleep 1) | strace -e trace=connect,pselect6,read,write,close target/debug/examples/ch06_strcliselect01
//! connect(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! pselect6(4, [0 3], NULL, NULL, NULL, NULL) = 1 (in [0])
//! read(0, "hello\n", 8192)                = 6        <- stdin, through Rust's stdin buffer
//! write(3, "hello\n", 6)                  = 6
//! pselect6(4, [0 3], NULL, NULL, NULL, NULL) = 1 (in [3])
//! read(3, "h", 1)                         = 1        <- readline: one byte per read
//! …
//! read(3, "\n", 1)                        = 1
//! write(1, "hello\n", 6)                  = 6
//! pselect6(4, [0 3], NULL, NULL, NULL, NULL) = 1 (in [0])
//! read(0, "", 8192)                       = 0        <- end of input: return, exit(0)
//! ```
//!
//! (The `sleep 1` keeps the input open until the echo is back. With a bare
//! `echo hello |` the end of input often comes first, and the client
//! closes before the echo arrives and prints nothing: the trap below.)
//!
//! **The trap this version keeps (on purpose — `ch06_strcliselect02` fixes
//! it).** Standard input is read through Rust's buffered `stdin()`, the
//! equivalent of C's `fgets`: one `read(0, …, 8192)` may pull in several
//! lines, but `read_line` hands back only the first. The others sit in the
//! buffer, where `select` cannot see them: select watches the *descriptor*,
//! and the descriptor has nothing more to read. Paste two lines at once and
//! only the first is echoed; the second is sent when you type a third.
//! And at end of file it returns at once, closing the socket while echoes
//! may still be on their way back: with batch input (`< file`) the last
//! replies are lost.
//!
//! The lesson: `select` lets one process wait for whichever of several
//! descriptors is ready first, so the client reacts to the server's FIN
//! immediately. But select knows only descriptors: data already read into a
//! user-space buffer (stdio, `BufReader`) is invisible to it.

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
    let (host, port) = match args.as_slice() {
        [_] => ("127.0.0.1", SERV_PORT),
        [_, host] => (host.as_str(), SERV_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err("usage: ch06_strcliselect01 [host] [port]".into()),
    };
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;

    let mut servaddr = sockaddr_in::default(); // bzero, sin_family = AF_INET
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;

    connect(&sockfd, &servaddr)?;

    str_cli(&sockfd)?; // do it all

    exit(0);
}

/// Copies lines from stdin to the server and the server's lines to stdout,
/// waiting in `select` for whichever comes first (Figure 6.9).
fn str_cli(sockfd: &Fd) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock(); // buffered, like C's stdin: this is the trap
    let mut sendline = Vec::new();
    let mut recvline = [0u8; MAXLINE];

    let mut rset = fd_set::default();
    FD_ZERO(&mut rset);
    loop {
        FD_SET(&stdin, &mut rset);
        FD_SET(sockfd, &mut rset);
        // select wants the highest descriptor plus one; stdin is 0.
        let maxfdp1 = STDIN_FILENO.max(sockfd.as_raw_fd()) + 1;
        select(maxfdp1, Some(&mut rset), None, None, None)?;

        if FD_ISSET(sockfd, &rset) {
            // The socket is readable: an echoed line, or the server's FIN.
            let n = readline(sockfd, &mut recvline[..MAXLINE - 1])?;
            if n == 0 {
                return Err("str_cli: server terminated prematurely".into());
            }
            stdio::fputs(&recvline[..n], std::io::stdout())?; // one write(1, …)
        }

        if FD_ISSET(&stdin, &rset) {
            // stdin is readable: fgets, like C's, may read *more*
            // than one line into its buffer, and returns only the first.
            if stdio::fgets(&mut sendline, &mut input)? == 0 {
                return Ok(()); // all done (replies still in flight are lost)
            }
            writen(sockfd, &sendline)?;
        }
    }
}
