//! `ch13_daytimetcpsrv3` — UNP vol. 1, chapter 13, §13.6: the daytime
//! server **started by inetd**, one process per connection. It opens
//! nothing: inetd accepted the connection, forked, put the connected
//! socket on descriptors 0, 1 and 2 and exec'd this program. So it calls
//! [`daemon_inetd`] (only openlog), asks who the peer is with
//! `getpeername(0, …)`, logs it through [`syslog`], writes the time on
//! descriptor 0 and closes it.
//!
//! Run it under socklab's own superserver (`ch13_inetd`, no root needed):
//!
//! ```text
//! terminal 1 $ cargo build --example ch13_daytimetcpsrv3
//! terminal 1 $ cargo run --example ch13_inetd -- "1313 stream tcp nowait $PWD/target/debug/examples/ch13_daytimetcpsrv3 ch13_daytimetcpsrv3"
//! listening on 0.0.0.0:1313 for ch13_daytimetcpsrv3
//! terminal 2 $ cargo run --example ch11_daytimetcpcli 127.0.0.1 1313
//! connected to 127.0.0.1
//! Sun Dec  6 03:12:40 2026
//! ```
//!
//! Started from a shell instead, descriptor 0 is a terminal or a pipe, not
//! a socket: `getpeername: Socket operation on non-socket (ENOTSOCK)` and
//! status 1 (on stderr: the one error it cannot send to syslog's reader,
//! who is not there either).
//!
//! Under strace (`strace -f -o out ch13_inetd …`, the server's process):
//!
//! ```text
//! execve("…/ch13_daytimetcpsrv3", ["ch13_daytimetcpsrv3"], 0x… /* 20 vars */) = 0
//! getpeername(0, {sa_family=AF_INET, sin_port=htons(51234), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 0
//! socket(AF_UNIX, SOCK_DGRAM|SOCK_CLOEXEC, 0) = 3
//! connect(3, {sa_family=AF_UNIX, sun_path="/dev/log"}, 110) = 0
//! sendto(3, "<6>Dec  6 03:12:40 ch13_daytimet"..., 80, MSG_NOSIGNAL, NULL, 0) = 80
//! write(0, "Sun Dec  6 03:12:40 2026\r\n", 26) = 26
//! close(0)                                = 0
//! exit_group(0)                           = ?
//! ```
//!
//! The lesson: a server started by inetd is the body of a forking
//! server's child, as a program of its own. C twin:
//! `docs/c/ch13_daytimetcpsrv3.c`.
use socklab::*;

const USAGE: &str =
    "usage: ch13_daytimetcpsrv3   (started by inetd: descriptor 0 is the connection)";

fn main() {
    let args = match args() {
        Ok(args) => args,
        Err(e) => {
            perror(&e);
            exit(1);
        }
    };
    if args.len() != 1 {
        perror(&USAGE);
        exit(1);
    }
    if let Err(e) = daemon_inetd(&args[0], 0) {
        perror(&e);
        exit(1);
    }
    let connfd = match take_stdin() {
        Ok(fd) => fd,
        Err(e) => {
            perror(&e);
            exit(1);
        }
    };
    // len = sizeof(struct sockaddr_storage); getpeername(0, cliaddr, &len)
    let cliaddr = match getpeername(&connfd) {
        Ok(addr) => addr,
        Err(e) => {
            perror(&e); // not started by inetd: stderr is the terminal
            exit(1);
        }
    };
    if let Err(e) = serve(connfd, &cliaddr) {
        let _ = syslog(LOG_ERR, &e.to_string());
        exit(1);
    }
    exit(0);
}

fn serve(connfd: Fd, cliaddr: &SockAddr) -> Result<()> {
    syslog(LOG_INFO, &format!("connection from {}", sock_ntop(cliaddr)))?;
    let ticks = time();
    let buff = format!("{:.24}\r\n", ctime(ticks)?);
    write(&connfd, buff.as_bytes())?;
    close(connfd)
}
