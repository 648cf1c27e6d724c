//! `ch05_tcpserv04 [port]` — UNP vol. 1, chapter 5, Figures 5.11–5.12:
//! the forking echo server done right. Its SIGCHLD handler reaps **every**
//! ended child with `while waitpid(-1, WNOHANG) > 0`, and its accept loop
//! treats EINTR as "call accept again". Default port 9877.
//!
//! ```text
//! terminal 1 $ cargo run --example ch05_tcpserv04
//! listening on 0.0.0.0:9877
//!
//! terminal 2 $ cargo run --example ch05_tcpcli04
//! hello
//! hello
//! ^D
//!
//! terminal 1:
//! child 5121 terminated
//! child 5122 terminated
//! child 5123 terminated
//! child 5124 terminated
//! child 5125 terminated
//! ```
//!
//! Five clients' children end at once, and `ps --ppid <server pid>` shows
//! no zombie afterwards: however many SIGCHLDs were merged into one, the
//! loop collects every child that has ended. `WNOHANG` keeps it from
//! blocking when none is left (waitpid returns 0, or fails with ECHILD
//! when the server has no children at all).
//!
//! Under strace (`strace -f -e trace=accept,wait4,rt_sigreturn,write
//! target/debug/examples/ch05_tcpserv04`), after `ch05_tcpcli04` ends:
//!
//! ```text
//! --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=5121, …} ---
//! wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], WNOHANG, NULL) = 5121
//! write(1, "child 5121 terminated\n", 22) = 22
//! wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], WNOHANG, NULL) = 5122
//! write(1, "child 5122 terminated\n", 22) = 22
//! …
//! wait4(-1, 0x7ffd…, WNOHANG, NULL)       = -1 ECHILD (No child processes)
//! rt_sigreturn({mask=[]})                 = 43
//! accept(3,                                    <- restarted (SA_RESTART)
//! ```
//!
//! The lesson: the three rules of a forking server — catch SIGCHLD, reap
//! with `waitpid(-1, WNOHANG)` in a loop (not `wait()` once: signals are
//! not queued), and be ready for a slow call to fail with EINTR. This
//! server asks for SA_RESTART *and* handles EINTR, because not every
//! system (nor every call) restarts.
//!
//! The C twin is `docs/c/ch05_tcpserv04.c`, written the way the book writes
//! it; `tests/fidelity_strace.rs` holds the two to the same system calls,
//! arguments included. Its children echo with socklab's [`str_echo`]
//! (Figure 5.3).
use std::io::Write as _;

use socklab::*;

const USAGE: &str = "usage: ch05_tcpserv04 [port]   (default: 9877)";

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
        let connfd = match accept_into(&listenfd, &mut cliaddr) {
            Ok(connfd) => connfd,
            // SA_RESTART should make this impossible; where it does not
            // (other systems, other calls), EINTR just means "again".
            Err(e) if e.errno() == Some(Errno::EINTR) => continue,
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

/// The SIGCHLD handler of Figure 5.11: reap **every** child that has
/// ended, one waitpid per child, until there is none (0) or no child at
/// all (ECHILD, an error: the loop ends there too).
///
/// It runs in the middle of whatever the server was doing, so it makes
/// only async-signal-safe calls: waitpid(2) and write(2). Each line is
/// formatted into a buffer on the stack (no allocation, no lock), and
/// `stdout()` here only lends descriptor 1 — it does not lock or buffer.
extern "C" fn sig_chld(_signo: c_int) {
    while let Ok((pid, _stat)) = waitpid(-1, WNOHANG) {
        if pid <= 0 {
            break; // children remain, but none has ended
        }
        let mut buf = [0u8; 64];
        let mut rest = &mut buf[..];
        if writeln!(rest, "child {pid} terminated").is_ok() {
            let len = 64 - rest.len();
            let _ = write(std::io::stdout(), &buf[..len]);
        }
    }
}
