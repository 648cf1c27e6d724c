//! Starter for exercise 04 (`docs/exercises/04-sum-server.md`): the text
//! sum server of UNP section 5.18. The server loop is done (it forks and
//! reaps); reading the lines and answering them is yours.
//!
//! ```text
//! socklab check sum -- target/debug/sum_server {port}
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
        _ => return Err("usage: sum_server port".into()),
    };
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    setsockopt(&listenfd, SOL_SOCKET, SO_REUSEADDR, &1)?;
    let mut servaddr = sockaddr_in::new(INADDR_ANY, port);
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    getsockname_into(&listenfd, &mut servaddr)?;
    printf!("listening on {}\n", sock_ntop(&servaddr))?;
    signal(SIGCHLD, SigHandler::Handler(sig_chld), SA_RESTART)?;
    let mut cliaddr = sockaddr_in::default();
    loop {
        let connfd = match accept_into(&listenfd, &mut cliaddr) {
            Ok(connfd) => connfd,
            Err(e) if e.errno() == Some(Errno::EINTR) => continue,
            Err(e) => return Err(e.into()),
        };
        match fork()? {
            ForkResult::Child => {
                close(listenfd)?;
                let status = match sum_lines(&connfd) {
                    Ok(()) => 0,
                    Err(e) => {
                        perror(&e);
                        1
                    }
                };
                exit(status);
            }
            ForkResult::Parent { .. } => close(connfd)?,
        }
    }
}

/// Answers each line "a b" with "a+b\n" until the client closes.
fn sum_lines(connfd: &Fd) -> Result<()> {
    let mut line = [0u8; MAXLINE];
    // TODO (checks `answer`, `byte-stream`): a line may arrive in several
    // reads, and one read may hold several lines: read whole lines
    // (readline), parse two integers, answer with their sum, until
    // readline returns 0. A bad line gets "input error\n".
    let _ = (connfd, &mut line);
    Ok(())
}

extern "C" fn sig_chld(_signo: c_int) {
    while let Ok((pid, _stat)) = waitpid(-1, WNOHANG) {
        if pid <= 0 {
            break;
        }
    }
}
