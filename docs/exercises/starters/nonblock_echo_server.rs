//! Starter for exercise 11 (`docs/exercises/11-nonblocking-echo-server.md`):
//! an echo server for many clients in one process (`poll`), whose sockets
//! still block. Make them nonblocking (UNP chapter 16).
//!
//! ```text
//! socklab check echo -- target/debug/nonblock_echo_server {port}
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
        _ => return Err("usage: nonblock_echo_server port".into()),
    };
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    setsockopt(&listenfd, SOL_SOCKET, SO_REUSEADDR, &1)?;
    let mut servaddr = sockaddr_in::new(INADDR_ANY, port);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;
    // TODO: O_NONBLOCK on listenfd: fcntl(&listenfd, F_GETFL, 0), then
    // fcntl(&listenfd, F_SETFL, flags | O_NONBLOCK).

    // fds[0] is the listening socket; clients[i] owns fds[i]'s socket.
    let mut fds = vec![pollfd::new(&listenfd, POLLRDNORM)];
    let mut clients: Vec<Option<Fd>> = vec![None];
    // TODO: per client, the bytes read but not yet written back.
    let mut buf = [0u8; MAXLINE];
    loop {
        poll(&mut fds, INFTIM)?;
        if fds[0].revents & POLLRDNORM != 0 {
            // TODO: a nonblocking accept may fail with EAGAIN (or
            // ECONNABORTED): that is no error, just no client.
            let connfd = accept_null(&listenfd)?;
            // TODO: O_NONBLOCK on connfd too.
            fds.push(pollfd::new(&connfd, POLLRDNORM));
            clients.push(Some(connfd));
        }
        for i in 1..fds.len() {
            let Some(fd) = clients[i].as_ref() else {
                continue;
            };
            if fds[i].revents & (POLLRDNORM | POLLERR | POLLHUP) == 0 {
                continue;
            }
            let done = match read(fd, &mut buf) {
                Ok(0) | Err(_) => true,
                // TODO: write what the socket takes now; keep the rest and
                // ask for POLLOUT (fds[i].events |= POLLOUT).
                Ok(n) => writen(fd, &buf[..n]).is_err(),
            };
            if done && let Some(fd) = clients[i].take() {
                close(fd)?;
                fds[i].fd = -1;
            }
        }
    }
}
