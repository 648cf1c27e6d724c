//! Starter for exercise 08 (`docs/exercises/08-daytime-any-family.md`):
//! Figure 1.9's daytime server, IPv4 only and a port number only. Make it
//! protocol-independent with `tcp_listen` (UNP Figure 11.13).
//!
//! ```text
//! socklab check daytime -- target/debug/daytime_any :: {port}
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
    let (host, port) = match args.as_slice() {
        // TODO: a service name too (tcp_listen takes text)
        [_, port] => (None, parse_port(port)?),
        [_, host, port] => (Some(host.as_str()), parse_port(port)?),
        _ => return Err("usage: daytime_any [host] port|service".into()),
    };
    // TODO: listen on `host` (`::`: IPv6, and IPv4-mapped clients)
    let _ = host;
    // TODO: replace these four calls by tcp_listen (any family, and
    // SO_REUSEADDR: check `restart`).
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::new(INADDR_ANY, port);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;
    loop {
        // TODO: accept(&listenfd) gives the client's address, whatever its
        // family: print "connection from …" with sock_ntop.
        let connfd = accept_null(&listenfd)?;
        let buff = format!("{:.24}\r\n", ctime(time())?);
        // TODO (check `reset`): a failed write costs this client only.
        write(&connfd, buff.as_bytes())?;
        close(connfd)?;
    }
}
