//! `ch24_tcprecv02 [[host] port]` — UNP chapter 24, §24.2: receiving
//! out-of-band data with select's *exception* set — the book's
//! **incorrect** version. select reports an exception condition while
//! urgent data is pending; on the book's BSD systems that lasts until the
//! read pointer passes the mark, so after the OOB byte is read select
//! reports it again and the second `recv(MSG_OOB)` fails with EINVAL
//! (`ch24_tcprecv03` is the fix). Default port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch24_tcprecv02
//! listening on 0.0.0.0:9877
//! terminal 2 $ cargo run --example ch24_tcpsend01
//! terminal 1:
//! read 3 bytes: 123
//! read 1 OOB byte: 4
//! read 2 bytes: 56
//! read 1 OOB byte: 7
//! read 2 bytes: 89
//! received EOF
//! ```
//!
//! **On Linux this version works**: the kernel clears the exception
//! condition as soon as `recv(MSG_OOB)` has taken the byte (and a read
//! cannot start at the mark without data behind it), so the output above
//! is the correct sequence, the same as `ch24_tcprecv03`'s — not the
//! book's `recv error: Invalid argument`. The bug is real on BSD and is
//! still a bug in portable code: the fix is `ch24_tcprecv03`'s.
//!
//! Under strace (`strace -e trace=pselect6,read,recvfrom target/debug/examples/ch24_tcprecv02`):
//!
//! ```text
//! pselect6(5, [4], NULL, [4], NULL, NULL) = 1 (in [4])
//! read(4, "123", 99)                      = 3
//! pselect6(5, [4], NULL, [4], NULL, NULL) = 1 (except [4])
//! recvfrom(4, "4", 99, MSG_OOB, NULL, NULL) = 1
//! pselect6(5, [4], NULL, [4], NULL, NULL) = 1 (in [4])
//! read(4, "56", 99)                       = 2
//! ```
//!
//! C twin: `docs/c/ch24_tcprecv02.c`; the book's `Tcp_listen` is socklab's
//! [`tcp_listen`].

use socklab::*;

const USAGE: &str = "usage: ch24_tcprecv02 [[host] port]   (default port: 9877)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

/// `[[host] port]`: tcp_listen, then the line that says where.
fn listen_from_args(args: &[String]) -> std::result::Result<Fd, Box<dyn std::error::Error>> {
    let (listenfd, _addrlen) = match args {
        [_] => tcp_listen(None, "9877")?,
        [_, port] => tcp_listen(None, port)?,
        [_, host, port] => tcp_listen(Some(host), port)?,
        _ => return Err(USAGE.into()),
    };
    printf!("listening on {}\n", sock_ntop(&getsockname(&listenfd)?))?;
    Ok(listenfd)
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let listenfd = listen_from_args(&args()?)?;
    let connfd = accept_null(&listenfd)?;
    let connfd = &connfd;
    let mut buff = [0u8; 100];
    let mut rset = fd_set::default();
    let mut xset = fd_set::default();

    FD_ZERO(&mut rset);
    FD_ZERO(&mut xset);
    loop {
        FD_SET(connfd, &mut rset);
        FD_SET(connfd, &mut xset);

        select(
            connfd.as_raw_fd() + 1,
            Some(&mut rset),
            None,
            Some(&mut xset),
            None,
        )?;

        if FD_ISSET(connfd, &xset) {
            let n = recv(connfd, &mut buff[..99], MSG_OOB)?;
            printf!(
                "read {n} OOB byte: {}\n",
                String::from_utf8_lossy(&buff[..n])
            )?;
        }

        if FD_ISSET(connfd, &rset) {
            let n = read(connfd, &mut buff[..99])?;
            if n == 0 {
                printf!("received EOF\n")?;
                exit(0);
            }
            printf!("read {n} bytes: {}\n", String::from_utf8_lossy(&buff[..n]))?;
        }
    }
}
