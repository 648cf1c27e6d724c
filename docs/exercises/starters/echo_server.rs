//! Starter for exercise 03 (`docs/exercises/03-forking-echo-server.md`):
//! an echo server that serves one client at a time, and echoes a little
//! carelessly. Make it the book's forking server (UNP Figures 5.2, 5.12).
//!
//! ```text
//! socklab check echo -- target/debug/echo_server {port}
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
    let port = match args.as_slice() {
        [_, port] => parse_port(port)?,
        _ => return Err("usage: echo_server port".into()),
    };
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::new(INADDR_ANY, port);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;
    // TODO (check `zombies`): catch SIGCHLD and reap every ended child.
    let mut cliaddr = sockaddr_in::default();
    loop {
        let connfd = accept_into(&listenfd, &mut cliaddr)?;
        // TODO (check `concurrency`): fork; the child serves the client
        // and exits, the parent goes back to accept.
        // TODO (check `descriptors`): the child closes listenfd, the
        // parent closes connfd.
        if let Err(e) = echo(&connfd) {
            perror(&e);
        }
        close(connfd)?;
    }
}

/// Echoes until the client closes.
fn echo(connfd: &Fd) -> Result<()> {
    let mut buf = [0u8; MAXLINE];
    loop {
        let n = read(connfd, &mut buf)?;
        if n == 0 {
            return Ok(());
        }
        // TODO (check `large`): write may write fewer bytes than asked.
        write(connfd, &buf[..n])?;
    }
}
