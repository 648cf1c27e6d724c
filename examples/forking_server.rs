//! `forking_server port` — the classic sockets tutorial's `server2.c`: the
//! message server of `message_server`, but it runs forever and serves many
//! clients at once by `fork()`ing a child process for each connection.
//!
//! Run it, then as many clients as you like (each from its own terminal,
//! or several at once: a slow one does not hold up the others):
//!
//! ```text
//! terminal 1 $ cargo run --example forking_server 51717
//! listening on 0.0.0.0:51717
//! Here is the message: first
//!
//! Here is the message: second
//!
//!
//! terminal 2 $ cargo run --example message_client localhost 51717
//! Please enter the message: first
//! I got your message
//!
//! terminal 3 $ cargo run --example message_client localhost 51717
//! Please enter the message: second
//! I got your message
//! ```
//!
//! Stop it with Ctrl-C (the children of finished clients are already
//! gone). The C twin is `docs/c/forking_server.c`, the tutorial's
//! `server2.c`; this program makes its calls with its arguments (but for
//! the backlog, below, and the `listening on` line). `message_client` and
//! its C twin both talk to either.
//!
//! Under strace — `-f` follows the children; note which process closes
//! which descriptor (a real run, two clients, start-up lines cut):
//!
//! ```text
//! $ strace -f -o trace.txt -e trace=socket,bind,listen,getsockname,accept,read,write,close,clone,wait4 \
//!       target/debug/examples/forking_server 51720
//! $ cat trace.txt
//! 13890 socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! 13890 bind(3, {sa_family=AF_INET, sin_port=htons(51720), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! 13890 listen(3, 1024)                   = 0
//! 13890 getsockname(3, {sa_family=AF_INET, sin_port=htons(51720), sin_addr=inet_addr("0.0.0.0")}, [16]) = 0
//! 13890 write(1, "listening on 0.0.0.0:51720\n", 27) = 27
//! 13890 accept(3, {sa_family=AF_INET, sin_port=htons(33964), sin_addr=inet_addr("127.0.0.1")}, [16]) = 4
//! 13890 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f0a21a4fa50) = 13925
//! 13890 close(4)                          = 0      <- the parent: not its client
//! 13890 accept(3,  <unfinished ...>                <- the parent waits for the next
//! 13925 close(3)                          = 0      <- the child: no more accepting
//! 13925 read(4, "first\n", 255)           = 6
//! 13925 write(1, "Here is the message: first\n\n", 28) = 28
//! 13925 write(4, "I got your message", 18) = 18
//! 13925 +++ exited with 0 +++                      <- exit closes 4
//! 13890 <... accept resumed>{sa_family=AF_INET, sin_port=htons(33972), sin_addr=inet_addr("127.0.0.1")}, [16]) = 4
//! ```
//!
//! No `wait4` anywhere: see below.
//!
//! **Zombies, and why SIG_IGN.** A child that has exited stays in the
//! process table as a *zombie* (`ps` state `Z`, `<defunct>`) until its
//! parent collects its exit status with wait/waitpid — and this parent is
//! busy in accept(). There are two cures:
//!
//! 1. `signal(SIGCHLD, SIG_IGN)` — what this program does. POSIX says
//!    that when SIGCHLD is ignored, children do not become zombies at all:
//!    the kernel discards them when they exit. One call, nothing else.
//! 2. A SIGCHLD handler that reaps with a loop,
//!    `while waitpid(-1, WNOHANG) > 0 {}`, installed with `SA_RESTART`
//!    (Stevens' figure 5.11; `docs/forking-server.md` shows it). The loop
//!    matters: signals are not queued, so one SIGCHLD may stand for
//!    several dead children. `SA_RESTART` matters: without it the signal
//!    interrupts the parent's accept(), which fails with EINTR.
//!
//! This server has no use for its children's exit statuses, so it takes
//! the simpler cure: no handler means no code running in the middle of
//! accept(), no async-signal-safety rules to keep, no errno to save, no
//! EINTR to handle. Choose the handler when the parent must know how each
//! child ended (to log it, or to count them).
//!
//! A failed accept() (a client that gave up, ECONNABORTED) or fork() (too
//! many processes, EAGAIN) costs that one connection and a line on stderr;
//! the server goes on.
use socklab::*;

/// The tutorial reads at most 255 bytes.
const BUFSIZE: usize = 255;
const REPLY: &[u8] = b"I got your message";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let portno = match args.as_slice() {
        [_] => return Err("ERROR, no port provided".into()),
        [_, port] => parse_port(port)?,
        _ => return Err("usage: forking_server port".into()),
    };

    // Ended children are discarded by the kernel: no zombies (see above).
    signal(SIGCHLD, SIG_IGN, 0)?;
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut serv_addr = sockaddr_in::new(INADDR_ANY, portno);
    bind(&sockfd, &serv_addr)?;
    // The tutorial passes 5; a server meant for many clients at once lets
    // a burst of them queue (LISTENQ, 1024, as in Stevens).
    listen(&sockfd, LISTENQ)?;
    getsockname_into(&sockfd, &mut serv_addr)?;
    printf!("listening on {}\n", sock_ntop(&serv_addr))?;

    let mut cli_addr = sockaddr_in::default();
    loop {
        let newsockfd = accept_into(&sockfd, &mut cli_addr)?;
        match fork()? {
            ForkResult::Child => child(sockfd, newsockfd), // returns `!`: never comes back
            ForkResult::Parent { .. } => close(newsockfd)?, // the parent's copy
        }
    }
}

/// The child: `close(sockfd); dostuff(newsockfd); exit(0);` — serve this
/// one client, then exit, never back into the parent's accept loop. The
/// connection is closed by the exit, as in the tutorial. A failure is one
/// perror line and exit status 1 (the tutorial's `error()`).
fn child(sockfd: Fd, newsockfd: Fd) -> ! {
    let served = close(sockfd)
        .map_err(Into::into)
        .and_then(|()| dostuff(&newsockfd));
    match served {
        Ok(()) => exit(0),
        Err(e) => {
            perror(&e);
            exit(1)
        }
    }
}

/// The tutorial's `dostuff`: one message in, one fixed answer out. A
/// separate instance runs for each connection, in its own process.
fn dostuff(sock: &Fd) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut buffer = [0u8; BUFSIZE];
    let n = read(sock, &mut buffer)?;
    if n == 0 {
        return Err("read: the client closed the connection without a message".into());
    }
    // printf("%s\n", buffer): the bytes up to the first zero byte (any
    // that are not UTF-8 print as U+FFFD)
    let msg = buffer[..n].split(|b| *b == 0).next().unwrap_or_default();
    // formatted first, then written at once: one write(2), as C's
    // printf + fflush makes
    let line = format!("Here is the message: {}\n", String::from_utf8_lossy(msg));
    printf!("{line}")?;
    write(sock, REPLY)?;
    Ok(())
}
