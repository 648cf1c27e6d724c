//! `ch05_tcpserv01 [port]` — UNP vol. 1, chapter 5, Figures 5.2–5.3: the
//! TCP echo server, one child process per client. The parent only
//! accepts (into a `sockaddr_in`: `accept_into`, strace shows `[16]`) and
//! forks; each child closes the listening socket, echoes its client's
//! bytes back (socklab's [`str_echo`], the book's Figure 5.3) until the
//! client closes, and exits.
//! Default port 9877 (SERV_PORT).
//!
//! Run it with its client, two terminals:
//!
//! ```text
//! terminal 1 $ cargo run --example ch05_tcpserv01
//! listening on 0.0.0.0:9877
//!
//! terminal 2 $ cargo run --example ch05_tcpcli01
//! hello, world
//! hello, world
//! ^D
//! ```
//!
//! Then, in a third terminal, `ps -o pid,ppid,stat,cmd --ppid $(pgrep -o -x
//! ch05_tcpserv01)` (`-x`: the program, not the `cargo run` that started
//! it; `-o`: the oldest, the parent): the child that served the client is still
//! there, state `Z` (`<defunct>`), because nobody waited for it — the
//! lesson of section 5.8, fixed by `ch05_tcpserv02`…`04`. The C twin is
//! `docs/c/ch05_tcpserv01.c`. Stop the server with Ctrl-C.
//!
//! Under strace (`strace -f -e trace=socket,bind,listen,getsockname,accept,clone,read,write,close
//! target/debug/examples/ch05_tcpserv01`), one client typing one line:
//!
//! ```text
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! bind(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! listen(3, 1024)                         = 0
//! getsockname(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("0.0.0.0")}, [16]) = 0
//! write(1, "listening on 0.0.0.0:9877\n", 26) = 26
//! accept(3, {sa_family=AF_INET, sin_port=htons(41006), …}, [16]) = 4
//! clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, …) = 4242
//! close(4)                                = 0                 <- parent
//! accept(3,  <unfinished ...>                                  <- parent waits again
//! [pid 4242] close(3)                     = 0                 <- child
//! [pid 4242] read(4, "hello, world\n", 4096) = 13
//! [pid 4242] write(4, "hello, world\n", 13) = 13
//! [pid 4242] read(4, "", 4096)            = 0                 <- client closed
//! [pid 4242] +++ exited with 0 +++
//! <... accept resumed>0x7ffd…, [16])      = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
//! --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=4242, …} ---
//! ```
//!
//! The lesson: after fork both processes hold both sockets, so each closes
//! the one it does not use — the parent the connected socket (or the
//! client would never see the server's FIN), the child the listening one.
//! The parent never waits for its children, so each ended child stays a
//! zombie until the server exits.
use socklab::*;

const USAGE: &str = "usage: ch05_tcpserv01 [port]   (default: 9877)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let port = match args.as_slice() {
        [_] => SERV_PORT,
        [_, port] => parse_port(port)?,
        _ => return Err(USAGE.into()),
    };

    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    // Where it really listens: with port 0, the port the kernel chose.
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;

    let mut cliaddr = sockaddr_in::default();
    loop {
        // clilen = sizeof(cliaddr): the kernel is told 16 bytes ([16]).
        let connfd = accept_into(&listenfd, &mut cliaddr)?;
        match fork()? {
            ForkResult::Child => {
                close(listenfd)?; // the child serves one client, accepts none
                let status = match str_echo(&connfd) {
                    Ok(()) => 0,
                    Err(e) => {
                        perror(&e);
                        1
                    }
                };
                // exit closes connfd: the client sees end of file.
                exit(status);
            }
            ForkResult::Parent { .. } => close(connfd)?, // the child has it now
        }
    }
}
