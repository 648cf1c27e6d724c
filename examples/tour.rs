//! `tour [--no-trace]` — the whole course in one command: an upper-case
//! TCP server and a client, in two processes, with every system call shown.
//!
//! ```text
//! $ cargo run --example tour
//! $ cargo run --example tour -- --no-trace     # the same, without the trace
//! ```
//!
//! The program is its own server and its own client. The first process
//! creates the listening socket (on 127.0.0.1, port 0: the kernel picks a
//! free port), then `fork()`s a second process that connects, sends one
//! sentence and prints the reply; the server waits for the connection
//! (`poll`, at most 10 seconds), accepts it, reads the sentence, writes it
//! back in upper case and closes. Trace mode is on
//! (`socklab::trace::enable()`), so each call prints one line in strace's
//! syntax on standard error, after its `[pid N]`:
//!
//! ```text
//! [pid  4100] socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! [pid  4100] bind(3, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! [pid  4100] listen(3, 1024) = 0
//! [pid  4100] getsockname(3, {sa_family=AF_INET, sin_port=htons(38907), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 0
//! [pid  4100] clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD) = 4101
//! [pid  4101] close(3) = 0
//! [pid  4101] socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! [pid  4101] connect(3, {sa_family=AF_INET, sin_port=htons(38907), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! [pid  4101] write(3, "hello from the client\n", 22) = 22
//! [pid  4100] poll([{fd=3, events=POLLIN}], 1, 10000) = 1 ([{fd=3, revents=POLLIN}])
//! [pid  4100] accept(3, {sa_family=AF_INET, sin_port=htons(59464), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 4
//! [pid  4100] read(4, "hello from the client\n", 4096) = 22
//! [pid  4100] write(4, "HELLO FROM THE CLIENT\n", 22) = 22
//! [pid  4100] close(4) = 0
//! [pid  4100] close(3) = 0
//! [pid  4101] read(3, "HELLO FROM THE CLIENT\n", 4096) = 22
//! [pid  4101] read(3, "", 4096) = 0
//! [pid  4101] close(3) = 0
//! [pid  4101] exit_group(0) = ?
//! [pid  4100] wait4(4101, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 4101
//! ```
//!
//! On standard output each side says what it did (`server (pid 4100):
//! socket, bind to 127.0.0.1 port 0, listen`, `client: the server
//! answered: HELLO FROM THE CLIENT`…); the server, which waits for its
//! client, has the last line, and a short "What you just saw" summary ends
//! the run. The order of the trace lines of the two processes varies from
//! run to run: they run at the same time. The program ends by itself.
//!
//! **The real strace.** To see the same calls as the kernel sees them, run
//! the binary under strace (after `cargo build --example tour`) with
//! `--no-trace`, or `SOCKLAB_TRACE=0`: the tour's own trace lines are then
//! off, and each call shows once (with its own trace on, strace would show
//! each call twice: the call, then the `write(2, …)` of its trace line):
//!
//! ```text
//! $ strace -f -e trace=socket,bind,listen,poll,accept,connect,read,write,close,clone,wait4 target/debug/examples/tour --no-trace
//! ```
//!
//! **When something fails.** Every failure is one line on standard error
//! and exit status 1, in whichever process it happens:
//! `cargo run --example tour | head -c1` prints `write: Broken pipe (EPIPE)`
//! (the reader left after one byte). The client connects before it prints
//! anything, so the server's accept is not left waiting; should the client
//! die before connecting all the same, the server's `poll` gives up after
//! 10 seconds. When the client fails, the server stays silent (the
//! client's line says why) and exits 1 too.
//!
//! The lesson: a TCP conversation is a handful of calls on each side —
//! socket, bind, listen, accept on the server; socket, connect on the
//! client; then read, write and close on both — and a descriptor is a
//! small number local to its process: after closing its copy of the
//! listening socket, the client's new socket is 3 again, while 3 is still
//! the server's listening socket.
use socklab::*;

/// What the client sends; the server answers with the same in upper case.
const SENTENCE: &[u8] = b"hello from the client\n";

/// How long the server waits for its client to connect, in milliseconds
/// (see `server`).
const ACCEPT_TIMEOUT_MS: c_int = 10_000;

/// What `run` returns: any error, printed by `main` in one line.
type Outcome<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> Outcome<()> {
    // argv as the OS gives it: anything but `--no-trace` (a word that is
    // not UTF-8 included) is a usage error.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let traced = match args.as_slice() {
        // SOCKLAB_TRACE=0 turns the tour's own trace off too.
        [_] => std::env::var_os("SOCKLAB_TRACE").is_none_or(|v| v != "0"),
        [_, flag] if flag == "--no-trace" => false,
        _ => return Err("usage: tour [--no-trace]".into()),
    };
    if traced {
        // Every socklab call from here on prints its strace line on
        // stderr, each one marked with the process that made it.
        trace::enable();
        trace::show_pids();
    } else {
        trace::disable();
    }

    printf!("socklab tour: an upper-case TCP server and its client, in two processes.\n")?;
    if traced {
        printf!("Each system call is printed as strace prints it, after the pid that made it.\n")?;
    }
    printf!("\n")?;
    printf!(
        "server (pid {}): socket, bind to 127.0.0.1 port 0, listen\n",
        getpid()
    )?;

    // The server's side, part 1: a listening socket on a free port.
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    listen(&listenfd, LISTENQ)?;
    // Port 0 asked the kernel to choose; getsockname tells which it chose.
    let servaddr = getsockname(&listenfd)?;
    printf!("server: listening on {servaddr}; fork() a client process\n")?;

    match fork()? {
        ForkResult::Child => {
            // The child gets copies of the parent's descriptors, the
            // listening socket included; the client does not need it.
            drop(listenfd);
            let status = match client(&servaddr) {
                Ok(()) => 0,
                Err(e) => {
                    perror(&e); // the tour's one error line
                    1
                }
            };
            // exit, not return: the rest of run() is the server's.
            exit(status);
        }
        ForkResult::Parent { child } => {
            let served = server(&listenfd);
            close(listenfd)?;
            // Wait for the client to finish, so its lines come before ours.
            let (_, status) = waitpid(child, 0)?;
            if WIFSIGNALED(status) {
                let signo = WTERMSIG(status);
                return Err(format!("tour: the client was killed by signal {signo}").into());
            }
            if !(WIFEXITED(status) && WEXITSTATUS(status) == 0) {
                // The client has printed why, in one line; a second line
                // would only repeat it.
                exit(1);
            }
            let (cliaddr, connfd) = served?;
            printf!("server: answered the connection from {cliaddr} (descriptor {connfd})\n")?;
        }
    }
    what_you_just_saw(traced)?;
    Ok(())
}

/// The server's side, part 2: one connection, one request, one answer.
/// Returns who connected, and the descriptor the connection had.
fn server(listenfd: &Fd) -> Outcome<(SockAddr, RawFd)> {
    // Wait for the connection at most ACCEPT_TIMEOUT_MS: a client that
    // failed before connecting must end the tour, not leave the server
    // in accept for ever. poll says when accept will not block.
    let mut fds = [pollfd::new(listenfd, POLLIN)];
    if poll(&mut fds, ACCEPT_TIMEOUT_MS)? == 0 {
        return Err("tour: no client connected within 10 s".into());
    }
    let (connfd, cliaddr) = accept(listenfd)?;
    let number = connfd.as_raw_fd();
    let mut buf = [0u8; MAXLINE];
    let n = read(&connfd, &mut buf)?;
    let reply = buf[..n].to_ascii_uppercase();
    write(&connfd, &reply)?;
    // Closing the connection is what makes the client's next read return 0.
    close(connfd)?;
    Ok((cliaddr, number))
}

/// The client: connect, send the sentence, print the reply until the
/// server closes.
fn client(servaddr: &SockAddr) -> socklab::Result<()> {
    // Connect before printing anything: whatever happens to the client
    // afterwards, the server's accept has its connection.
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    connect(&sockfd, servaddr)?;
    printf!(
        "client (pid {}): socket, connect (descriptor {sockfd}), send a sentence\n",
        getpid()
    )?;
    write(&sockfd, SENTENCE)?;
    let mut buf = [0u8; MAXLINE];
    loop {
        let n = read(&sockfd, &mut buf)?;
        if n == 0 {
            break; // end of file: the server closed its side
        }
        printf!(
            "client: the server answered: {}",
            String::from_utf8_lossy(&buf[..n])
        )?;
    }
    close(sockfd)?;
    Ok(())
}

fn what_you_just_saw(traced: bool) -> socklab::Result<()> {
    printf!("\n")?;
    printf!("What you just saw\n")?;
    printf!("-----------------\n")?;
    printf!("Two processes, one conversation. The server made socket, bind, listen, poll,\n")?;
    printf!("accept, read, write and close; the client made socket, connect, write, read\n")?;
    printf!("and close.\n")?;
    if traced {
        printf!("Each line is a system call with its arguments and its result (after `=`): new\n")?;
        printf!(
            "descriptors are small numbers, read returns a byte count, and 0 at end of file.\n"
        )?;
        printf!("clone(...) is how the C library's fork() reaches the kernel.\n")?;
    } else {
        printf!("(Run it without --no-trace, or unset SOCKLAB_TRACE, to see each call.)\n")?;
    }
    printf!("\n")?;
    printf!("Next: docs/ has a page per lecture, examples/ a program for each (with its C\n")?;
    printf!("twin in docs/c/; docs/programs.md lists them all). Run any of them with\n")?;
    printf!("SOCKLAB_TRACE=1 to see these lines, or under the real tracer (--no-trace: the\n")?;
    printf!("tour's own lines off, so each call shows once): cargo build --examples, then\n")?;
    printf!(
        "  strace -f -e trace=socket,bind,listen,poll,accept,connect,read,write,close,clone,wait4 \\\n"
    )?;
    printf!("      target/debug/examples/tour --no-trace\n")?;
    printf!("docs/strace.md explains how to read it.\n")?;
    Ok(())
}
