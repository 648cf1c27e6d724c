//! Starter for exercise 09 (`docs/exercises/09-forking-server-under-strace.md`):
//! a forking echo server that echoes correctly but breaks the forking
//! server's rules. Trace it with `strace -f`, then fix it.
//!
//! ```text
//! socklab check echo --strace -- target/debug/forking_echo_server {port}
//! ```
use socklab::*;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let port = match args.as_slice() {
        [_, port] => parse_port(port)?,
        _ => return Err("usage: forking_echo_server port".into()),
    };
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    setsockopt(&listenfd, SOL_SOCKET, SO_REUSEADDR, &1)?;
    let mut servaddr = sockaddr_in::new(INADDR_ANY, port);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;
    // TODO (rules 3 and 4: `strace-sigchld`, `strace-wait`, `zombies`):
    // signal(SIGCHLD, SigHandler::Handler(sig_chld), SA_RESTART), with a
    // handler that reaps every ended child.
    let mut cliaddr = sockaddr_in::default();
    loop {
        let connfd = match accept_into(&listenfd, &mut cliaddr) {
            Ok(fd) => fd,
            Err(e) if e.errno() == Some(Errno::EINTR) => continue,
            Err(e) => return Err(e.into()),
        };
        match fork()? {
            ForkResult::Child => {
                // TODO (rule 1: `strace-listenfd`, `descriptors`): this
                // child serves one client and accepts none.
                let status = match str_echo(&connfd) {
                    Ok(()) => 0,
                    Err(e) => {
                        perror(&e);
                        1
                    }
                };
                exit(status);
            }
            // Rule 2: connfd is dropped here, at the end of the loop's
            // turn: find that close in the trace.
            ForkResult::Parent { .. } => {}
        }
    }
}
