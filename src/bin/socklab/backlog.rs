//! `socklab backlog` — the course book's Appendix C.4 experiment
//! (`debug/backlog.c`): how many connections does the kernel complete for
//! a listening socket that never calls `accept`, for each `listen`
//! backlog from 0 to 14?
//!
//! For each backlog: `socket`, `bind` to 127.0.0.1 (a port the kernel
//! picks), `listen(fd, backlog)`; then clients one after another, each
//! `socket`, `fcntl(O_NONBLOCK)`, `connect` (EINPROGRESS) and `poll` for
//! the connection to complete. The first client whose connection does not
//! complete within the wait ends the row: the queue is full (Linux drops
//! the SYN, and the client would retry a second later). On Linux the
//! answer is backlog + 1; the book's table shows each system's own rule
//! (4.4BSD: 3 × backlog / 2 + 1).

use socklab::*;

/// The arguments of `socklab backlog`.
#[derive(clap::Args)]
pub struct BacklogArgs {
    /// The largest backlog to try (from 0).
    #[arg(long, default_value_t = 14, value_parser = clap::value_parser!(i32).range(0..=64))]
    pub max: i32,
    /// How long to wait for each connection to complete, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 200, value_parser = clap::value_parser!(i32).range(10..=5000))]
    pub wait_ms: i32,
}

/// Runs `socklab backlog`; the exit status.
pub fn run(args: &BacklogArgs) -> i32 {
    match table(args) {
        Ok(()) => 0,
        Err(e) => {
            perror(&e);
            1
        }
    }
}

fn table(args: &BacklogArgs) -> socklab::Result<()> {
    printf!("listen backlog experiment (UNP Appendix C.4): connections completed\n")?;
    printf!(
        "before any accept, on 127.0.0.1, waiting {} ms for each\n\n",
        args.wait_ms
    )?;
    printf!("backlog  completed\n")?;
    for backlog in 0..=args.max {
        let done = completed(backlog, args.wait_ms)?;
        printf!("{backlog:>7}  {done}\n")?;
    }
    Ok(())
}

/// How many connections complete for a listener with this backlog.
fn completed(backlog: c_int, wait_ms: c_int) -> socklab::Result<usize> {
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    listen(&listenfd, backlog)?;
    let servaddr = getsockname(&listenfd)?;
    let mut clients = Vec::new();
    // far more than any kernel queues for these backlogs
    for _ in 0..(3 * backlog as usize + 10) {
        let fd = socket(AF_INET, SOCK_STREAM, 0)?;
        let flags = fcntl(&fd, F_GETFL, 0)?;
        fcntl(&fd, F_SETFL, flags | O_NONBLOCK)?;
        match connect(&fd, &servaddr) {
            Ok(()) => {}
            Err(e) if e.errno() == Some(Errno::EINPROGRESS) => {}
            Err(e) => return Err(e),
        }
        let mut fds = [pollfd::new(&fd, POLLOUT)];
        if poll(&mut fds, wait_ms)? == 0 {
            break;
        }
        let err: c_int = getsockopt(&fd, SOL_SOCKET, SO_ERROR)?;
        if err != 0 {
            break;
        }
        clients.push(fd);
    }
    Ok(clients.len())
}
