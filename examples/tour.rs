//! `tour` — the whole course in one command: an upper-case TCP server and
//! a client, in two processes, with every system call shown.
//!
//! ```text
//! $ cargo run --example tour
//! ```
//!
//! The program is its own server and its own client. The first process
//! creates the listening socket (on 127.0.0.1, port 0: the kernel picks a
//! free port), then `fork()`s a second process that connects, sends one
//! sentence and prints the reply; the server accepts the connection, reads
//! the sentence, writes it back in upper case and closes. Trace mode is on
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
//! [pid  4100] accept(3, {sa_family=AF_INET, sin_port=htons(59464), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 4
//! [pid  4100] read(4, "hello from the client\n", 4096) = 22
//! [pid  4100] write(4, "HELLO FROM THE CLIENT\n", 22) = 22
//! [pid  4100] close(4) = 0
//! [pid  4101] read(3, "HELLO FROM THE CLIENT\n", 4096) = 22
//! [pid  4101] read(3, "", 4096) = 0
//! [pid  4101] close(3) = 0
//! [pid  4101] exit_group(0) = ?
//! [pid  4100] wait4(4101, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 4101
//! [pid  4100] close(3) = 0
//! ```
//!
//! Between these lines, on standard output, each side says what it is
//! doing (`server (pid 4100): socket, bind to 127.0.0.1 port 0, listen`,
//! `client: the server answered: HELLO FROM THE CLIENT`…), and a short
//! "What you just saw" summary ends the run. The order of the lines of the
//! two processes varies from run to run: they run at the same time. The
//! program ends by itself.
//!
//! To see the same calls made by the kernel's side of the story, run it
//! under strace (after `cargo build --example tour`):
//!
//! ```text
//! $ strace -f -e trace=socket,bind,listen,accept,connect,read,write,close,clone,wait4 target/debug/examples/tour
//! ```
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

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    if std::env::args().len() != 1 {
        return Err("usage: tour".into());
    }
    // Every socklab call from here on prints its strace line on stderr,
    // each one marked with the process that made it.
    trace::enable();
    trace::show_pids();

    printf!("socklab tour: an upper-case TCP server and its client, in two processes.\n")?;
    printf!("Each system call is printed as strace prints it, after the pid that made it.\n")?;
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
                    perror(&e);
                    1
                }
            };
            // exit, not return: the rest of run() is the server's.
            exit(status);
        }
        ForkResult::Parent { child } => {
            server(&listenfd)?;
            // Wait for the client to finish, so its lines come before ours.
            let (_, status) = waitpid(child, 0)?;
            close(listenfd)?;
            if !(WIFEXITED(status) && WEXITSTATUS(status) == 0) {
                return Err("tour: the client failed".into());
            }
        }
    }
    what_you_just_saw()?;
    Ok(())
}

/// The server's side, part 2: one connection, one request, one answer.
fn server(listenfd: &Fd) -> socklab::Result<()> {
    let (connfd, cliaddr) = accept(listenfd)?;
    printf!("server: connection from {cliaddr} on descriptor {connfd}\n")?;
    let mut buf = [0u8; MAXLINE];
    let n = read(&connfd, &mut buf)?;
    let reply = buf[..n].to_ascii_uppercase();
    write(&connfd, &reply)?;
    // Closing the connection is what makes the client's next read return 0.
    close(connfd)?;
    Ok(())
}

/// The client: connect, send the sentence, print the reply until the
/// server closes.
fn client(servaddr: &SockAddr) -> socklab::Result<()> {
    printf!(
        "client (pid {}): socket, connect, send a sentence\n",
        getpid()
    )?;
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    connect(&sockfd, servaddr)?;
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

fn what_you_just_saw() -> socklab::Result<()> {
    printf!("\n")?;
    printf!("What you just saw\n")?;
    printf!("-----------------\n")?;
    printf!("Two processes, one conversation. The server made socket, bind, listen, accept,\n")?;
    printf!("read, write and close; the client made socket, connect, write, read and close.\n")?;
    printf!("Each line is a system call with its arguments and its result (after `=`): new\n")?;
    printf!("descriptors are small numbers, read returns a byte count, and 0 at end of file.\n")?;
    printf!("clone(...) is how the C library's fork() reaches the kernel.\n")?;
    printf!("\n")?;
    printf!("Next: docs/ has a page per lecture, examples/ a program for each (with its C\n")?;
    printf!("twin in docs/c/). Run any of them with SOCKLAB_TRACE=1 to see these lines, or\n")?;
    printf!("under the real tracer: cargo build --examples, then\n")?;
    printf!(
        "  strace -f -e trace=socket,bind,listen,accept,connect,read,write,close,clone,wait4 \\\n"
    )?;
    printf!("      target/debug/examples/tour\n")?;
    printf!("docs/strace.md explains how to read it.\n")?;
    Ok(())
}
