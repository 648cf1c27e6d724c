//! `ch05_tcpserv02 [port]` — UNP vol. 1, chapter 5, section 5.9 and Figure
//! 5.7: the forking echo server with a SIGCHLD handler that calls `wait()`
//! **once**. It cures the zombies of `ch05_tcpserv01` — for one client at a
//! time. Default port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch05_tcpserv02
//! listening on 0.0.0.0:9877
//!
//! terminal 2 $ cargo run --example ch05_tcpcli01       <- one client: fine
//! hello
//! hello
//! ^D
//! terminal 1: child 5107 terminated
//!
//! terminal 2 $ cargo run --example ch05_tcpcli04       <- five at once: not fine
//! hello
//! hello
//! ^D
//! terminal 1: child 5121 terminated                    <- one or two lines, not five
//! ```
//!
//! `ps -o pid,stat,cmd --ppid <server pid>` now shows the children the
//! handler missed, state `Z`. The handler is installed *with* SA_RESTART,
//! so the `accept` it interrupts is restarted by the kernel (without it,
//! accept would fail with EINTR and this server would exit: see
//! `ch05_tcpserv03`).
//!
//! Under strace (`strace -f -e trace=accept,clone,wait4,rt_sigaction,rt_sigreturn,write
//! target/debug/examples/ch05_tcpserv02`), after `ch05_tcpcli04` ends:
//!
//! ```text
//! rt_sigaction(SIGCHLD, {sa_handler=0x55…, sa_mask=[], sa_flags=SA_RESTORER|SA_RESTART, …}, {sa_handler=SIG_DFL, …}, 8) = 0
//! …
//! [pid 5121] +++ exited with 0 +++
//! [pid 5122] +++ exited with 0 +++
//! …                                            (all five children exit)
//! --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=5121, …} ---
//! wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 5121
//! write(1, "child 5121 terminated\n", 22) = 22
//! rt_sigreturn({mask=[]})                 = 43
//! accept(3,                                    <- restarted; four zombies left
//! ```
//!
//! The lesson: one SIGCHLD may stand for several ended children, because
//! signals of one kind are not queued; a handler that reaps one child per
//! signal leaves the others as zombies. (`ch05_tcpserv04` loops over
//! `waitpid(-1, WNOHANG)` instead.)
//!
//! The C twin is `docs/c/ch05_tcpserv02.c`, written the way the book writes
//! it; `tests/fidelity_strace.rs` holds the two to the same system calls,
//! arguments included. Its children echo with socklab's [`str_echo`]
//! (Figure 5.3).
use std::io::Write as _;

use socklab::*;

const USAGE: &str = "usage: ch05_tcpserv02 [port]   (default: 9877)";

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
    signal(SIGCHLD, SigHandler::Handler(sig_chld), SA_RESTART)?;

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

/// The SIGCHLD handler of Figure 5.7: reap **one** child.
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
