//! `ch11_daytimetcpsrv1 [service]` — UNP vol. 1, chapter 11, §11.13: the
//! daytime server on [`tcp_listen`] (`getaddrinfo` with `AI_PASSIVE`,
//! socket, `SO_REUSEADDR`, bind, listen), accepting into a
//! `sockaddr_storage` and printing each client. Default service: 1313;
//! `daytime` (port 13) needs root.
//!
//! ```text
//! terminal 1 $ cargo run --example ch11_daytimetcpsrv1 1313
//! listening on 0.0.0.0:1313
//! connection from 127.0.0.1:51234
//!
//! terminal 2 $ cargo run --example ch11_daytimetcpcli 127.0.0.1 1313
//! connected to 127.0.0.1
//! Fri Nov 21 10:15:02 2025
//! ```
//!
//! With no host, glibc's getaddrinfo answers `0.0.0.0` before `::`, so
//! this server is IPv4 only (`ch11_daytimetcpsrv2 :: 1313` is the IPv6 one).
//!
//! The C twin is `docs/c/ch11_daytimetcpsrv1.c`. Under strace (`strace -e
//! trace=socket,setsockopt,bind,listen,accept,write,close
//! target/debug/examples/ch11_daytimetcpsrv1 1313`), one client:
//!
//! ```text
//! socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3
//! setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
//! bind(3, {sa_family=AF_INET, sin_port=htons(1313), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! listen(3, 1024)                         = 0
//! accept(3, {sa_family=AF_INET, sin_port=htons(51234), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 4
//! write(4, "Fri Nov 21 10:15:02 2025\r\n", 26) = 26
//! close(4)                                = 0
//! ```
//!
//! `[128 => 16]`: the buffer is a `sockaddr_storage` (128 bytes), big
//! enough for any family; the kernel says it used 16.
//!
//! The lesson: `tcp_listen` hides the family; `sockaddr_storage` holds
//! whatever client comes.
use socklab::*;

/// Our default service: daytime's 13 needs root.
const DEFAULT_SERVICE: &str = "1313";
const USAGE: &str = "usage: ch11_daytimetcpsrv1 [service]   (default: 1313)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let service = match args.as_slice() {
        [_] => DEFAULT_SERVICE,
        [_, service] => service.as_str(),
        _ => return Err(USAGE.into()),
    };

    let (listenfd, _addrlen) = tcp_listen(None, service).map_err(explain_bind)?;
    printf!("listening on {}\n", sock_ntop(&getsockname(&listenfd)?))?;

    loop {
        // len = sizeof(cliaddr); accept(listenfd, (SA *) &cliaddr, &len)
        let (connfd, cliaddr) = accept(&listenfd)?;
        printf!("connection from {}\n", sock_ntop(&cliaddr))?;
        let ticks = time();
        let buff = format!("{:.24}\r\n", ctime(ticks)?);
        write(&connfd, buff.as_bytes())?;
        close(connfd)?;
    }
}

/// bind's EACCES, with the hint a student needs for a port below 1024.
fn explain_bind(e: Error) -> Box<dyn std::error::Error> {
    if e.errno() == Some(Errno::EACCES) {
        format!(
            "{e}: ports below 1024 need privileges (root or CAP_NET_BIND_SERVICE); \
             use a high port, e.g. `ch11_daytimetcpsrv1 1313`"
        )
        .into()
    } else {
        e.into()
    }
}
