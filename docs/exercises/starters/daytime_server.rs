//! Starter for exercise 01 (`docs/exercises/01-daytime-server.md`): the
//! daytime server of UNP Figure 1.9, as the book writes it. It already
//! answers; make it pass every check:
//!
//! ```text
//! socklab check daytime -- target/debug/daytime_server {port}
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
        _ => return Err("usage: daytime_server port".into()),
    };
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    // TODO (check `restart`): let the server bind its port again at once,
    // while old connections are in TIME_WAIT (UNP section 7.5).
    let mut servaddr = sockaddr_in::new(INADDR_ANY, port);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;
    loop {
        let connfd = accept_null(&listenfd)?;
        let buff = format!("{:.24}\r\n", ctime(time())?);
        // TODO (check `reset`): a client that resets the connection makes
        // this write fail, and `?` ends the whole server. A failed write
        // costs this one client: print the error and go on.
        write(&connfd, buff.as_bytes())?;
        close(connfd)?;
    }
}
