//! `ch06_strcliselect02 [host] [port]` — UNP chapter 6, Figure 6.13: the
//! `select` echo client done right for batch input: on end of file it sends
//! a FIN with `shutdown(SHUT_WR)` and keeps reading until the server's FIN.
//!
//! Run it against any echo server on port 9877, two terminals:
//!
//! ```text
//! terminal 1 $ cargo run --example ch06_tcpservselect01
//! terminal 2 $ seq 1 1000 | cargo run --example ch06_strcliselect02 | wc -l
//! 1000
//! ```
//!
//! Every line comes back: the client stops *sending* at end of file, not
//! *receiving*. (`ch06_strcliselect01` with the same input loses the tail.)
//! If the server goes away before the client's input ends, it prints
//! `str_cli: server terminated prematurely` and exits with status 1.
//!
//! The C twin is `docs/c/ch06_strcliselect02.c` (Figure 6.13, with Figure 5.4's main; `cc -o strcliselect02
//! docs/c/ch06_strcliselect02.c`): the same system calls, with the same arguments, in the
//! same order — `tests/fidelity_strace.rs` holds the two to it.
//!
//! Under strace (`cargo build --example ch06_strcliselect02` first):
//!
//! ```text
//! $ printf 'a\nb\n' | strace -e trace=pselect6,read,write,shutdown,close target/debug/examples/ch06_strcliselect02
//! pselect6(4, [0 3], NULL, NULL, NULL, NULL) = 1 (in [0])
//! read(0, "a\nb\n", 4096)                 = 4        <- whatever is there, lines or not
//! write(3, "a\nb\n", 4)                   = 4
//! pselect6(4, [0 3], NULL, NULL, NULL, NULL) = 2 (in [0 3])
//! read(3, "a\nb\n", 4096)                 = 4        <- the echo
//! write(1, "a\nb\n", 4)                   = 4
//! read(0, "", 4096)                       = 0        <- end of file on stdin…
//! shutdown(3, SHUT_WR)                    = 0        <- …becomes a FIN: half-close
//! pselect6(4, [3], NULL, NULL, NULL, NULL) = 1 (in [3])
//! read(3, "", 4096)                       = 0        <- the server's FIN: done, exit(0)
//! ```
//!
//! **Why `read()` on stdin, not `stdin().read_line()`.** Rust's `stdin()`
//! (like C's stdio `fgets`) reads a big block into a hidden buffer and hands
//! out one line. Lines left in that buffer are invisible to `select`, which
//! only sees the descriptor: the client would sit in select while input it
//! has already read waits. So this version never buffers: it `read`s
//! descriptor 0 directly and sends whatever bytes it got, whole lines or
//! not — the echo server does not care about lines either. Output goes
//! out with a plain `write(1, …)` for the same reason.
//!
//! The lesson: `close()` would end both directions; `shutdown(SHUT_WR)`
//! ends only ours, so the replies still in flight arrive. And mixing
//! user-space buffering with select hides data from select: read the raw
//! descriptor, or drain the buffer before calling select again.
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
        _ => return Err("usage: ch06_strcliselect02 [host] [port]".into()),
    };
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;

    let mut servaddr = sockaddr_in::default(); // bzero, sin_family = AF_INET
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;

    connect(&sockfd, &servaddr)?;

    str_cli(&sockfd)?; // do it all

    exit(0);
}

/// Sends stdin to the server and the server's bytes to stdout until the
/// server closes; at end of input, half-closes instead of returning
/// (Figure 6.13).
fn str_cli(sockfd: &Fd) -> std::result::Result<(), Box<dyn std::error::Error>> {
    // Used only as descriptors 0 and 1, never through Rust's buffers.
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut buf = [0u8; MAXLINE];

    let mut stdineof = false;
    let mut rset = fd_set::default();
    FD_ZERO(&mut rset);
    loop {
        if !stdineof {
            FD_SET(&stdin, &mut rset);
        }
        FD_SET(sockfd, &mut rset);
        let maxfdp1 = STDIN_FILENO.max(sockfd.as_raw_fd()) + 1;
        select(maxfdp1, Some(&mut rset), None, None, None)?;

        if FD_ISSET(sockfd, &rset) {
            // socket is readable
            let n = read(sockfd, &mut buf)?;
            if n == 0 {
                if stdineof {
                    return Ok(()); // normal termination: the server's FIN after ours
                }
                return Err("str_cli: server terminated prematurely".into());
            }
            write(&stdout, &buf[..n])?;
        }

        if FD_ISSET(&stdin, &rset) {
            // input is readable
            let n = read(&stdin, &mut buf)?;
            if n == 0 {
                // End of input: send our FIN but keep reading the replies.
                stdineof = true;
                shutdown(sockfd, SHUT_WR)?;
                FD_CLR(&stdin, &mut rset);
                continue;
            }
            writen(sockfd, &buf[..n])?;
        }
    }
}
