//! `ch30_serv01 [host] port` — UNP vol. 1, chapter 30, §30.5: the
//! traditional concurrent server, one `fork` per client. The child closes
//! the listening socket and runs [`web_child`]; the parent closes the
//! connected socket and goes back to `accept`; a SIGCHLD handler reaps the
//! children (waitpid with WNOHANG in a loop). SIGINT prints the CPU time of
//! the server and of its waited-for children ([`pr_cpu_time`]).
//!
//! ```text
//! terminal 1 $ cargo run --example ch30_serv01 9877
//! listening on 0.0.0.0:9877
//!
//! terminal 2 $ cargo run --example ch30_client 127.0.0.1 9877 5 200 4000
//! child 0 done
//! ...
//! 5 children, 0 failed, 1.042 s
//!
//! terminal 1: ^C
//! user time = 0.29, sys time = 1.91
//! ```
//!
//! The C twin is `docs/c/ch30_serv01.c`. Under strace (`strace -f -e
//! trace=accept,clone,close,wait4 target/debug/examples/ch30_serv01 9877`),
//! per client:
//!
//! ```text
//! accept(3, {sa_family=AF_INET, sin_port=htons(51234), sin_addr=inet_addr("127.0.0.1")}, [16]) = 4
//! clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, ...) = 5120
//! close(4)                                = 0
//! [pid  5120] close(3)                    = 0
//! ...
//! wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], WNOHANG, NULL) = 5120
//! ```
//!
//! The lesson: a fork per client is simple and robust, and it is the most
//! expensive design of Figure 30.1 — the CPU goes to making and reaping
//! processes, not to serving.
use socklab::*;

const USAGE: &str = "usage: ch30_serv01 [ <host> ] <port#>";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (host, port) = match args.as_slice() {
        [_, port] => (None, port.as_str()),
        [_, host, port] => (Some(host.as_str()), port.as_str()),
        _ => return Err(USAGE.into()),
    };
    let (listenfd, addrlen) = tcp_listen(host, port)?;
    printf!("listening on {}\n", sock_ntop(&getsockname(&listenfd)?))?;

    signal(SIGCHLD, SigHandler::Handler(sig_chld), SA_RESTART)?;
    signal(SIGINT, SigHandler::Handler(sig_int), SA_RESTART)?;

    loop {
        let connfd = match accept_len(&listenfd, addrlen) {
            Ok((connfd, _cliaddr)) => connfd,
            Err(e) if e.errno() == Some(Errno::EINTR) => continue, // back to loop
            Err(e) => return Err(e.into()),
        };
        match fork()? {
            ForkResult::Child => {
                close(listenfd)?; // close listening socket
                let status = match web_child(&connfd) {
                    Ok(()) => 0,
                    Err(e) => {
                        perror(&e);
                        1
                    }
                };
                exit(status);
            }
            ForkResult::Parent { .. } => close(connfd)?, // parent closes connected socket
        }
    }
}

/// The book's `sig_chld_waitpid.c`: reap every ended child, silently.
extern "C" fn sig_chld(_signo: c_int) {
    while let Ok((pid, _stat)) = waitpid(-1, WNOHANG) {
        if pid <= 0 {
            break;
        }
    }
}

/// SIGINT: print the CPU time used (with the reaped children's), and stop.
extern "C" fn sig_int(_signo: c_int) {
    let status = match pr_cpu_time() {
        Ok(()) => 0,
        Err(_) => 1,
    };
    exit(status);
}
