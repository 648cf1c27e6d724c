//! `ch05_tcpserv03 [port]` — UNP vol. 1, chapter 5, section 5.9
//! ("Handling Interrupted System Calls"): `ch05_tcpserv02` with its
//! SIGCHLD handler installed **without** SA_RESTART. Now a child that
//! ends while the parent is blocked in `accept` makes accept fail with
//! EINTR; this server copes by saying so and calling accept again.
//! Default port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch05_tcpserv03
//! listening on 0.0.0.0:9877
//!
//! terminal 2 $ cargo run --example ch05_tcpcli04
//! hello
//! hello
//! ^D
//!
//! terminal 1:
//! child 5121 terminated
//! accept: Interrupted system call (EINTR): a signal handler ran; calling accept again
//! ```
//!
//! (The EINTR line is on stderr.) The server goes on serving; the
//! handler still calls `wait()` once per signal, so zombies can remain
//! exactly as with `ch05_tcpserv02`. Had the loop treated every accept
//! error as fatal — as the book's `Accept` wrapper does — the first child
//! to end would have ended the server with
//! `accept: Interrupted system call (EINTR)`.
//!
//! Under strace (`strace -f -e trace=accept,wait4,rt_sigaction,rt_sigreturn,write
//! target/debug/examples/ch05_tcpserv03`):
//!
//! ```text
//! rt_sigaction(SIGCHLD, {sa_handler=0x55…, sa_mask=[], sa_flags=SA_RESTORER, …}, {sa_handler=SIG_DFL, …}, 8) = 0
//! …
//! accept(3, 0x7ffd…, [16])                = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
//! --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=5121, …} ---
//! wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 5121
//! write(1, "child 5121 terminated\n", 22) = 22
//! rt_sigreturn({mask=[]})                 = -1 EINTR (Interrupted system call)
//! write(2, "accept: Interrupted system call "..., 84) = 84
//! accept(3,                                    <- called again by the loop
//! ```
//!
//! The lesson: a "slow" system call (one that can block forever, like
//! accept or read on a socket) that a signal handler interrupts either is
//! restarted by the kernel (SA_RESTART) or fails with EINTR — and then
//! the program must call it again. Portable servers do both: ask for
//! SA_RESTART and still treat EINTR as "try again".
//!
//! The C twin is `docs/c/ch05_tcpserv03.c`, written the way the book writes
//! it; `tests/fidelity_strace.rs` holds the two to the same system calls,
//! arguments included. Its children echo with socklab's [`str_echo`]
//! (Figure 5.3).
use std::io::Write as _;

use socklab::*;

const USAGE: &str = "usage: ch05_tcpserv03 [port]   (default: 9877)";

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
    // The ready line comes first: it also sets up Rust's stdout, so that
    // the handler's `stdout()` below finds it ready (no allocation there).
    printf!("listening on {}\n", sock_ntop(&servaddr))?;
    // Flags 0: no SA_RESTART. An accept the handler interrupts fails.
    signal(SIGCHLD, SigHandler::Handler(sig_chld), 0)?;

    let mut cliaddr = sockaddr_in::default();
    loop {
        let connfd = match accept_into(&listenfd, &mut cliaddr) {
            Ok(connfd) => connfd,
            Err(e) if e.errno() == Some(Errno::EINTR) => {
                // The SIGCHLD handler ran while accept was waiting. Not an
                // error of the server's: say so, and wait again.
                perror(&format!("{e}: a signal handler ran; calling accept again"));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
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

/// The SIGCHLD handler of Figure 5.7, as in `ch05_tcpserv02`: reap **one** child.
///
/// It runs in the middle of whatever the server was doing, so it makes
/// only async-signal-safe calls: wait(2) and one write(2). The line is
/// formatted into a buffer on the stack (no allocation, no lock), and
/// `stdout()` here only lends descriptor 1 — it does not lock or buffer.
extern "C" fn sig_chld(_signo: c_int) {
    if let Ok((pid, _stat)) = wait() {
        let mut buf = [0u8; 64];
        let mut rest = &mut buf[..];
        if writeln!(rest, "child {pid} terminated").is_ok() {
            let len = 64 - rest.len();
            let _ = write(std::io::stdout(), &buf[..len]);
        }
    }
}
