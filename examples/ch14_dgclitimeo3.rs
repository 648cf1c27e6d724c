//! `ch14_dgclitimeo3 [IPaddress] [port]` — UNP chapter 14, Figure 14.2:
//! the UDP echo client with a timeout made by `alarm`: SIGALRM interrupts
//! a `recvfrom` that waits more than 5 seconds.
//!
//! Run it against the chapter 8 echo server (127.0.0.1 port 9877 by default):
//!
//! ```text
//! terminal 1 $ cargo run --example ch08_udpserv01
//! terminal 2 $ cargo run --example ch14_dgclitimeo3
//! hello
//! hello
//! ^D
//! ```
//!
//! With no server, each line ends, 5 seconds later, in one line on
//! stderr: `socket timeout` — and the client goes on with the next line
//! (exit status 0 at end of input, as the book's).
//!
//! Under strace (`cargo build --example ch14_dgclitimeo3` first; no server):
//!
//! ```text
//! $ echo hello | strace -e trace=rt_sigaction,alarm,sendto,recvfrom target/debug/examples/ch14_dgclitimeo3
//! rt_sigaction(SIGALRM, {sa_handler=0x…, sa_mask=[], sa_flags=SA_RESTORER, …}, …, 8) = 0
//! sendto(3, "hello\n", 6, 0, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, 16) = 6
//! alarm(5)                                = 0
//! recvfrom(3, 0x…, 4096, 0, NULL, NULL)   = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
//! --- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---
//! rt_sigreturn({mask=[]})                 = -1 EINTR (Interrupted system call)
//! ```
//!
//! The handler is installed *without* `SA_RESTART`: with it, the kernel
//! would restart the `recvfrom` and the alarm would change nothing.
//!
//! The lesson: `alarm` puts a timeout on any blocking call, at the price
//! of a signal handler, a race (the reply may come just as the alarm
//! fires) and one alarm per process. C twin: `docs/c/ch14_dgclitimeo3.c`.

use socklab::*;

const USAGE: &str = "usage: ch14_dgclitimeo3 [IPaddress] [port]   (defaults: 127.0.0.1 9877)";

/// SIGALRM's handler: it only interrupts the recvfrom.
extern "C" fn sig_alrm(_signo: c_int) {}

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (host, port) = match args.as_slice() {
        [_] => ("127.0.0.1", SERV_PORT),
        [_, host] => (host.as_str(), SERV_PORT),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err(USAGE.into()),
    };
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;

    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
    dg_cli(&sockfd, &servaddr)?;
    exit(0);
}

/// Figure 14.2: dg_cli with alarm.
fn dg_cli(
    sockfd: &Fd,
    servaddr: &sockaddr_in,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut input = std::io::stdin().lock();
    let mut sendline = Vec::new();
    let mut recvline = [0u8; MAXLINE];

    signal(SIGALRM, SigHandler::Handler(sig_alrm), 0)?; // no SA_RESTART
    loop {
        // fgets(sendline, MAXLINE, stdin)
        if stdio::fgets(&mut sendline, &mut input)? == 0 {
            return Ok(());
        }
        sendto(sockfd, &sendline, 0, servaddr)?;
        alarm(5);
        match recv(sockfd, &mut recvline, 0) {
            Ok(n) => {
                alarm(0);
                stdio::fputs(&recvline[..n], std::io::stdout())?;
            }
            Err(e) if e.errno() == Some(Errno::EINTR) => eprintln!("socket timeout"),
            Err(e) => return Err(e.into()),
        }
    }
}
