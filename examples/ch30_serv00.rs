//! `ch30_serv00 [host] port` — UNP vol. 1, chapter 30, §30.4: the
//! iterative server, the baseline of Figure 30.1. It serves one client at
//! a time with [`web_child`] (each request line is a byte count; it
//! answers that many bytes) and makes no process at all. Stopped with
//! SIGINT, it prints the CPU time it used ([`pr_cpu_time`]): the other
//! designs' process-control cost is their time minus this one's.
//!
//! ```text
//! terminal 1 $ cargo run --example ch30_serv00 9877
//! listening on 0.0.0.0:9877
//!
//! terminal 2 $ cargo run --example ch30_client 127.0.0.1 9877 1 1000 4000
//! child 0 done
//! 1 children, 0 failed, 0.371 s
//!
//! terminal 1: ^C
//! user time = 0.061, sys time = 0.233
//! ```
//!
//! The C twin is `docs/c/ch30_serv00.c`. Under strace (`strace -e
//! trace=accept,read,write,close,getrusage target/debug/examples/ch30_serv00 9877`),
//! one request for 4000 bytes:
//!
//! ```text
//! accept(3, {sa_family=AF_INET, sin_port=htons(51234), sin_addr=inet_addr("127.0.0.1")}, [16]) = 4
//! read(4, "4", 1)                         = 1
//! read(4, "0", 1)                         = 1
//! read(4, "0", 1)                         = 1
//! read(4, "0", 1)                         = 1
//! read(4, "\n", 1)                        = 1
//! write(4, "\0\0\0\0\0\0\0\0"..., 4000)    = 4000
//! read(4, "", 1)                          = 0
//! close(4)                                = 0
//! ```
//!
//! `[16]`: the address buffer is `addrlen` bytes, the size tcp_listen
//! reported ([`accept_len`]). The lesson: with no process control there
//! is nothing to pay for it — but a second client waits for the first.
use socklab::*;

const USAGE: &str = "usage: ch30_serv00 [ <host> ] <port#>";

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

    signal(SIGINT, SigHandler::Handler(sig_int), SA_RESTART)?;

    loop {
        // clilen = addrlen; connfd = Accept(listenfd, cliaddr, &clilen);
        let (connfd, _cliaddr) = accept_len(&listenfd, addrlen)?;
        web_child(&connfd)?; // process the request
        close(connfd)?;
    }
}

/// SIGINT: print the CPU time used, and stop.
extern "C" fn sig_int(_signo: c_int) {
    let status = match pr_cpu_time() {
        Ok(()) => 0,
        Err(_) => 1,
    };
    exit(status);
}
