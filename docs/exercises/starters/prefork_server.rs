//! Starter for exercise 14 (`docs/exercises/14-preforked-web-child-server.md`):
//! chapter 30's `web_child` protocol served one client at a time. Make it
//! the book's preforked server (UNP Figures 30.9–30.11).
//!
//! ```text
//! socklab check web_child -- target/debug/prefork_server {port} 5
//! ```
use socklab::*;

/// The largest answer a client may ask for (the book's MAXN).
const MAXN: usize = 16384;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (port, nchildren) = match args.as_slice() {
        [_, port] => (parse_port(port)?, 5),
        [_, port, n] => (parse_port(port)?, n.parse::<usize>()?),
        _ => return Err("usage: prefork_server port [nchildren]".into()),
    };
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    setsockopt(&listenfd, SOL_SOCKET, SO_REUSEADDR, &1)?;
    let mut servaddr = sockaddr_in::new(INADDR_ANY, port);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;
    // TODO (check `concurrency`): fork `nchildren` children, each running
    // the accept loop below (child_main); the parent waits for signals.
    let _ = nchildren;
    loop {
        let connfd = accept_null(&listenfd)?;
        if let Err(e) = web_child(&connfd) {
            perror(&e);
        }
        close(connfd)?;
    }
}

/// Figure 30.7: each line holds N; answer with N bytes, until the client
/// closes.
fn web_child(sockfd: &Fd) -> Result<()> {
    let result = [b'x'; MAXN];
    let mut line = [0u8; MAXLINE];
    loop {
        let n = readline(sockfd, &mut line)?;
        if n == 0 {
            return Ok(()); // the client closed
        }
        let text = String::from_utf8_lossy(&line[..n]);
        match text.trim().parse::<usize>() {
            Ok(ntowrite) if (1..=MAXN).contains(&ntowrite) => {
                writen(sockfd, &result[..ntowrite])?;
            }
            _ => {
                printf!("client request for {} bytes\n", text.trim())?;
                return Ok(());
            }
        }
    }
}
