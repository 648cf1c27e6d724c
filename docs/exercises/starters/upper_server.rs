//! Starter for exercise 02 (`docs/exercises/02-upper-server.md`): the
//! lecture's upper-case TCP server. It accepts clients and closes them;
//! the reading and the answer are yours.
//!
//! ```text
//! socklab check upper -- target/debug/upper_server {port}
//! ```
use socklab::*;

/// The lecture reads one message of at most this many bytes.
const BUFSIZE: usize = 2048;

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
        _ => return Err("usage: upper_server port".into()),
    };
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::new(INADDR_ANY, port);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;
    let mut cliaddr = sockaddr_in::default();
    loop {
        let connfd = accept_into(&listenfd, &mut cliaddr)?;
        if let Err(e) = serve(&connfd) {
            perror(&e); // one client's error is not the server's
        }
        close(connfd)?;
    }
}

/// Serves one client: one message in, the same in capitals out.
fn serve(connfd: &Fd) -> Result<()> {
    let mut buf = [0u8; BUFSIZE];
    // TODO (check `answer`): read one message into buf, turn its bytes to
    // capitals (u8::to_ascii_uppercase), and write them back.
    let _ = (connfd, &mut buf);
    Ok(())
}
