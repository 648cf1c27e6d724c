//! Starter for exercise 13 (`docs/exercises/13-threaded-echo-server.md`):
//! an iterative echo server. Serve each client in its own thread (UNP
//! Figure 26.3).
//!
//! ```text
//! socklab check echo -- target/debug/threaded_echo_server {port}
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
        _ => return Err("usage: threaded_echo_server port".into()),
    };
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    setsockopt(&listenfd, SOL_SOCKET, SO_REUSEADDR, &1)?;
    let mut servaddr = sockaddr_in::new(INADDR_ANY, port);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;
    loop {
        let connfd = accept_null(&listenfd)?;
        // TODO (check `concurrency`): std::thread::spawn(move || …) with
        // connfd moved into the thread; the thread echoes, then closes it.
        doit(connfd);
    }
}

/// Serves one client, then closes its socket (Figure 26.3's `doit`).
fn doit(connfd: Fd) {
    if let Err(e) = str_echo(&connfd) {
        perror(&e);
    }
    if let Err(e) = close(connfd) {
        perror(&e);
    }
}
