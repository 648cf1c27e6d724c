//! `ch13_daytimetcpsrv2 [host] [service]` — UNP vol. 1, chapter 13, §13.4
//! (Figure 13.5): the chapter 11 daytime server as a **daemon**. It calls
//! [`daemon_init`] first — fork (the parent ends at once), setsid, ignore
//! SIGHUP, fork again, chdir `/`, close every descriptor, 0/1/2 on
//! `/dev/null`, openlog — then [`tcp_listen`], and reports each client
//! through [`syslog`] instead of printing it. Default service: 1313
//! (`daytime`, port 13, needs root).
//!
//! ```text
//! $ cargo run --example ch13_daytimetcpsrv2 127.0.0.1 1313
//! $                                  <- the prompt is back at once: the daemon runs on
//! $ cargo run --example ch11_daytimetcpcli 127.0.0.1 1313
//! connected to 127.0.0.1
//! Sun Dec  6 03:10:02 2026
//! $ ps -o pid,ppid,pgid,sid,tty,cwd,cmd -C ch13_daytimetcpsrv2   # no tty, sid != pid
//! $ pkill -f ch13_daytimetcpsrv2          # a daemon runs until it is killed
//! ```
//!
//! Its messages go to the system logger's socket, `/dev/log`: with a
//! logger there, they read `ch13_daytimetcpsrv2[4242]: connection from
//! 127.0.0.1:51234`. Without one they are lost — run
//! `ch13_syslogd /dev/log` in a private mount namespace to see them
//! (`docs/unp/ch13.md` shows how). An error after `daemon_init` (the port
//! is in use, say) is a syslog message too: the terminal is gone.
//!
//! Under strace (`strace -f -e trace=clone,exit_group,setsid,rt_sigaction,chdir,close,openat,socket,connect,sendto,accept,write
//! target/debug/examples/ch13_daytimetcpsrv2 127.0.0.1 1313`), one client:
//!
//! ```text
//! clone(…)                = 4242                        the first fork
//! exit_group(0)           = ?                           the parent ends
//! [pid 4242] setsid()     = 4242
//! [pid 4242] rt_sigaction(SIGHUP, {sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTORER|SA_RESTART, …}, …) = 0
//! [pid 4242] clone(…)     = 4243                        the second fork
//! [pid 4242] exit_group(0) = ?
//! [pid 4243] chdir("/")   = 0
//! [pid 4243] close(0) = 0, close(1) = 0, close(2) = 0, close(3) = -1 EBADF … close(63)
//! [pid 4243] openat(AT_FDCWD, "/dev/null", O_RDONLY) = 0
//! [pid 4243] openat(AT_FDCWD, "/dev/null", O_RDWR) = 1
//! [pid 4243] openat(AT_FDCWD, "/dev/null", O_RDWR) = 2
//! [pid 4243] socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3     tcp_listen…
//! [pid 4243] accept(3, {sa_family=AF_INET, …}, [16]) = 4
//! [pid 4243] socket(AF_UNIX, SOCK_DGRAM|SOCK_CLOEXEC, 0) = 5   the first syslog
//! [pid 4243] connect(5, {sa_family=AF_UNIX, sun_path="/dev/log"}, 110) = 0
//! [pid 4243] sendto(5, "<6>Dec  6 03:10:02 target/debug/"..., 95, MSG_NOSIGNAL, NULL, 0) = 95
//! [pid 4243] write(4, "Sun Dec  6 03:10:02 2026\r\n", 26) = 26
//! ```
//!
//! The lesson: a daemon is an ordinary process that cut every tie to the
//! terminal and the directory it was started from; its voice is syslog.
//! The C twin is `docs/c/ch13_daytimetcpsrv2.c`.
use socklab::*;

/// Our default service: daytime's 13 needs root.
const DEFAULT_SERVICE: &str = "1313";
const USAGE: &str =
    "usage: ch13_daytimetcpsrv2 [host] [service]   (default: all IPv4 addresses, 1313)";

fn main() {
    let args = match args() {
        Ok(args) => args,
        Err(e) => {
            perror(&e);
            exit(1);
        }
    };
    let (host, service) = match args.as_slice() {
        [_] => (None, DEFAULT_SERVICE),
        [_, service] => (None, service.as_str()),
        [_, host, service] => (Some(host.as_str()), service.as_str()),
        _ => {
            perror(&USAGE);
            exit(1);
        }
    };

    // the book passes argv[0] and facility 0 (LOG_KERN's number: its
    // messages arrive as kern.info)
    if let Err(e) = daemon_init(&args[0], 0) {
        perror(&e); // stderr may be /dev/null already
        exit(1);
    }
    // from here on, errors go to syslog: there is no terminal any more
    if let Err(e) = serve(host, service) {
        let _ = syslog(LOG_ERR, &e.to_string());
        exit(1);
    }
}

fn serve(host: Option<&str>, service: &str) -> Result<()> {
    let (listenfd, _addrlen) = tcp_listen(host, service)?;
    let local = getsockname(&listenfd)?;
    syslog(LOG_INFO, &format!("listening on {}", sock_ntop(&local)))?;

    // cliaddr = Malloc(addrlen): a buffer of the listening family's size.
    match local {
        SockAddr::Inet6(_) => serve_with(&listenfd, &mut sockaddr_in6::default()),
        _ => serve_with(&listenfd, &mut sockaddr_in::default()),
    }
}

/// The accept loop, with `cliaddr` of the listening socket's family.
fn serve_with<A: SockAddrOut + AsSockAddr>(listenfd: &Fd, cliaddr: &mut A) -> Result<()> {
    loop {
        // len = addrlen; accept(listenfd, cliaddr, &len)
        let connfd = accept_into(listenfd, cliaddr)?;
        // err_msg("connection from %s", …): LOG_INFO, to syslog
        syslog(LOG_INFO, &format!("connection from {}", sock_ntop(cliaddr)))?;
        let ticks = time();
        let buff = format!("{:.24}\r\n", ctime(ticks)?);
        write(&connfd, buff.as_bytes())?;
        close(connfd)?;
    }
}
