//! `ch30_serv06 [host] port` — UNP vol. 1, chapter 30, §30.10: the
//! concurrent server with a *thread* per client instead of a process: the
//! main thread accepts, and [`pthread_create`] starts a thread that runs
//! [`web_child`] on the connection and closes it. The thread is detached:
//! nobody joins it, its resources go when it ends.
//!
//! ```text
//! terminal 1 $ cargo run --example ch30_serv06 9877
//! listening on 0.0.0.0:9877
//!
//! terminal 2 $ cargo run --example ch30_client 127.0.0.1 9877 5 100 4000
//! 5 children, 0 failed, 0.029 s
//!
//! terminal 1: ^C
//! user time = 0.00057, sys time = 0.015
//! ```
//!
//! The C twin is `docs/c/ch30_serv06.c`. Under strace (`strace -f -e
//! trace=accept,clone3,close target/debug/examples/ch30_serv06 9877`), per client:
//!
//! ```text
//! accept(3, {sa_family=AF_INET, sin_port=htons(51234), sin_addr=inet_addr("127.0.0.1")}, [16]) = 4
//! clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|…, …}, 88) = 5121
//! [pid 5121] close(4)                     = 0
//! ```
//!
//! The connection is *moved* into the thread's closure: the book's
//! warning (§26.4) about passing `&connfd` to a thread while `main`
//! accepts the next one cannot happen here. The lesson: a thread is
//! cheaper to make than a process (no address space to copy), but still
//! made per client.
use socklab::*;

const USAGE: &str = "usage: ch30_serv06 [ <host> ] <port#>";

fn main() {
    if let Err(e) = run() {
        perror(&*e);
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

    signal(SIGINT, SigHandler::Handler(sig_int), SA_RESTART)?;

    loop {
        let (connfd, _cliaddr) = accept_len(&listenfd, addrlen)?;
        let tid = pthread_create(move || doit(connfd))?;
        pthread_detach(tid)?;
    }
}

/// The thread: serve the client, close the connection. An error ends the
/// whole server, as the book's err_quit does.
fn doit(connfd: Fd) {
    let res = web_child(&connfd).and_then(|()| close(connfd));
    if let Err(e) = res {
        perror(&e);
        exit(1);
    }
}

/// SIGINT: print the CPU time used, and stop.
extern "C" fn sig_int(_signo: c_int) {
    let status = if pr_cpu_time().is_ok() { 0 } else { 1 };
    exit(status);
}
