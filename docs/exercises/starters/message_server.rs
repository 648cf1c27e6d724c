//! Starter for exercise 05 (`docs/exercises/05-forking-message-server.md`):
//! the tutorial's server.c. It serves one client and ends; make it serve
//! every client, several at once (the tutorial's server2.c).
//!
//! ```text
//! socklab check message --concurrent -- target/debug/message_server {port}
//! ```
use socklab::*;

/// The tutorial's buffer, less one byte for C's terminating zero.
const BUFSIZE: usize = 255;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let portno = match args.as_slice() {
        [_, port] => parse_port(port)?,
        _ => return Err("ERROR, no port provided".into()),
    };
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut serv_addr = sockaddr_in::new(INADDR_ANY, portno);
    bind(&sockfd, &serv_addr)?;
    listen(&sockfd, 5)?;
    getsockname_into(&sockfd, &mut serv_addr)?;
    printf!("listening on {}\n", sock_ntop(&serv_addr))?;
    let mut cli_addr = sockaddr_in::default();
    // TODO (checks `load`, `concurrency`, `zombies`, `descriptors`): loop
    // on accept; fork a child per client; see docs/forking-server.md.
    let newsockfd = accept_into(&sockfd, &mut cli_addr)?;
    dostuff(&newsockfd)?;
    Ok(())
}

/// Reads one message, prints it, answers "I got your message".
fn dostuff(sock: &Fd) -> Result<()> {
    let mut buffer = [0u8; BUFSIZE];
    let n = read(sock, &mut buffer)?;
    printf!(
        "Here is the message: {}\n",
        String::from_utf8_lossy(&buffer[..n])
    )?;
    write(sock, b"I got your message")?;
    Ok(())
}
