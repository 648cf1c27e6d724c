//! Starter for exercise 14 (`docs/exercises/14-preforked-web-child-server.md`):
//! chapter 30's `web_child` protocol served one client at a time. Make it
//! the book's preforked server (UNP Figures 30.9–30.11).
//!
//! ```text
//! socklab check web_child -- target/debug/prefork_server {port} 5
//! ```
use socklab::*;

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
    // the accept loop below (child_main); the parent waits (`pause`), and
    // on SIGINT/SIGTERM kills them (`kill`) and exits.
    let _ = nchildren;
    loop {
        let connfd = accept_null(&listenfd)?;
        // socklab's web_child: Figure 30.7 (line N, N bytes, until EOF)
        if let Err(e) = web_child(&connfd) {
            perror(&e);
        }
        close(connfd)?;
    }
}
