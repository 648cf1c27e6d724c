//! Starter for exercise 06 (`docs/exercises/06-udp-upper-server.md`): the
//! lecture's upper-case server over UDP: no listen, no accept, one socket
//! for every client.
//!
//! ```text
//! socklab check upper --udp -- target/debug/udp_upper_server {port}
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
        _ => return Err("usage: udp_upper_server port".into()),
    };
    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
    let mut servaddr = sockaddr_in::new(INADDR_ANY, port);
    bind(&sockfd, &servaddr)?;
    getsockname_into(&sockfd, &mut servaddr)?;
    printf!("bound to {}\n", sock_ntop(&servaddr))?;
    let mut buf = [0u8; 2048];
    let mut cliaddr = sockaddr_in::default();
    // TODO (check `answer`): forever, receive a datagram and its sender
    // (recvfrom_into), and send it back in capitals to that sender (sendto).
    let _ = (&sockfd, &mut buf, &mut cliaddr);
    Ok(())
}
