//! `ch08_udpservselect01 [port] [bind-address]` — UNP chapter 8, Figures
//! 8.24–8.25: one server for **TCP and UDP echo on the same port**. A
//! `select` waits on the listening TCP socket and the UDP socket at once.
//! Each TCP connection is served by a **forked child** (as in chapter 5),
//! each UDP datagram is answered by the parent itself, in line.
//!
//! Run it, then a client of each kind (port 9877 and address 0.0.0.0 by
//! default):
//!
//! ```text
//! terminal 1 $ cargo run --example ch08_udpservselect01
//! listening on 0.0.0.0:9877
//! bound to 0.0.0.0:9877
//!
//! terminal 2 $ cargo run --example ch06_strcliselect02     # TCP
//! terminal 3 $ cargo run --example ch08_udpcli01           # UDP
//! ```
//!
//! A TCP port and a UDP port with the same number are different ports:
//! both binds succeed. SO_REUSEADDR is set on the TCP socket so the
//! server can be restarted while old connections are in TIME_WAIT. Ended
//! children are reaped by a SIGCHLD handler (`waitpid(-1, WNOHANG)` in a
//! loop), so none stays a zombie. The handler is installed with
//! SA_RESTART, but Linux never restarts `select`: it fails with EINTR
//! whenever a child ends, and the loop simply calls it again. The child
//! runs socklab's `str_echo` (Figure 5.3), as the book's does.
//!
//! The C twin is `docs/c/ch08_udpservselect01.c` (`cc -o udpservselect01
//! docs/c/ch08_udpservselect01.c`): the same system calls, with the same
//! arguments, in the same order, in the parent and in each child. Both
//! print the addresses bind really gave (getsockname; with port 0 the TCP
//! and UDP ports differ).
//!
//! Under strace (`cargo build --example ch08_udpservselect01` first):
//!
//! ```text
//! $ strace -f -e trace=socket,bind,pselect6,accept,clone,recvfrom,sendto,read,write,close,wait4 target/debug/examples/ch08_udpservselect01
//! 27350 socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! 27350 bind(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! 27350 socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 4
//! 27350 bind(4, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! 27350 write(1, "bound to 0.0.0.0:9877\n", 22) = 22
//! 27350 pselect6(5, [3 4], NULL, NULL, NULL, NULL) = 1 (in [4])
//! 27350 recvfrom(4, "hello\n", 4096, 0, {sa_family=AF_INET, sin_port=htons(57422), sin_addr=inet_addr("127.0.0.1")}, [16]) = 6
//! 27350 sendto(4, "hello\n", 6, 0, {sa_family=AF_INET, sin_port=htons(57422), sin_addr=inet_addr("127.0.0.1")}, 16) = 6
//! 27350 pselect6(5, [3 4], NULL, NULL, NULL, NULL) = 1 (in [3])
//! 27350 accept(3, {sa_family=AF_INET, sin_port=htons(44166), sin_addr=inet_addr("127.0.0.1")}, [16]) = 5
//! 27350 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f2219d12a50) = 27360
//! 27350 close(5)                          = 0
//! 27350 pselect6(5, [3 4], NULL, NULL, NULL, NULL <unfinished ...>
//! 27360 close(3)                          = 0        <- the child closes the listener
//! 27360 read(5, "tcp\n", 4096)            = 4
//! 27360 write(5, "tcp\n", 4)              = 4
//! 27360 read(5, "", 4096)                 = 0        <- the client closed: exit(0)
//! 27360 +++ exited with 0 +++
//! 27350 <... pselect6 resumed>)           = ? ERESTARTNOHAND (To be restarted if no handler)
//! 27350 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=27360, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---
//! 27350 wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], WNOHANG, NULL) = 27360
//! 27350 wait4(-1, 0x7ffdf1b48a64, WNOHANG, NULL) = -1 ECHILD (No child processes)
//! 27350 pselect6(5, [3 4], NULL, NULL, NULL, NULL    <- EINTR, and select again
//! ```
//!
//! The lesson: select is not only for many clients of one kind: one
//! process can wait on sockets of different protocols and serve whichever
//! is ready. It combines naturally with fork — the child gets one TCP
//! connection, the parent keeps waiting on everything else.
use socklab::*;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

/// SIGCHLD (Figure 5.11): reap every child that has ended (several may end
/// before the handler runs, and signals do not queue).
extern "C" fn sig_chld(_signo: c_int) {
    while let Ok((pid, _stat)) = waitpid(-1, WNOHANG) {
        if pid <= 0 {
            break;
        }
    }
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let (port, host) = match args.as_slice() {
        [_] => (SERV_PORT, None),
        [_, port] => (parse_port(port)?, None),
        [_, port, host] => (parse_port(port)?, Some(host.as_str())),
        _ => return Err("usage: ch08_udpservselect01 [port] [bind-address]".into()),
    };

    // create listening TCP socket
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;

    let mut servaddr = sockaddr_in::default(); // bzero, sin_family = AF_INET
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if let Some(host) = host {
        inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;
    }

    setsockopt(&listenfd, SOL_SOCKET, SO_REUSEADDR, &1)?;
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, LISTENQ)?;
    print_addr("listening on", &listenfd)?;

    // create UDP socket
    let udpfd = socket(AF_INET, SOCK_DGRAM, 0)?;
    bind(&udpfd, &servaddr)?;
    print_addr("bound to", &udpfd)?;

    signal(SIGCHLD, SigHandler::Handler(sig_chld), SA_RESTART)?; // must call waitpid()

    let mut rset = fd_set::default();
    FD_ZERO(&mut rset);
    let maxfdp1 = listenfd.as_raw_fd().max(udpfd.as_raw_fd()) + 1;
    let mut mesg = [0u8; MAXLINE];
    let mut cliaddr = sockaddr_in::default();
    loop {
        FD_SET(&listenfd, &mut rset);
        FD_SET(&udpfd, &mut rset);
        match select(maxfdp1, Some(&mut rset), None, None, None) {
            Ok(_) => {}
            Err(e) if e.errno() == Some(Errno::EINTR) => continue, // back to for()
            Err(e) => return Err(e.into()),
        }

        if FD_ISSET(&listenfd, &rset) {
            let connfd = match accept_into(&listenfd, &mut cliaddr) {
                Ok(connfd) => connfd,
                // A child ended, or the client gave up before we got to it.
                Err(e) if matches!(e.errno(), Some(Errno::EINTR | Errno::ECONNABORTED)) => continue,
                Err(e) => return Err(e.into()),
            };

            if let ForkResult::Child = fork()? {
                // child process
                close(listenfd)?; // close listening socket
                if let Err(e) = str_echo(&connfd) {
                    // process the request (socklab's, Figure 5.3)
                    perror(&e);
                    exit(1);
                }
                exit(0);
            }
            close(connfd)?; // parent closes connected socket
        }

        if FD_ISSET(&udpfd, &rset) {
            let n = recvfrom_into(&udpfd, &mut mesg, 0, &mut cliaddr)?;
            sendto(&udpfd, &mesg[..n], 0, &cliaddr)?;
        }
    }
}

/// The address a socket is bound to (getsockname), on one line.
fn print_addr(what: &str, fd: &Fd) -> Result<()> {
    let mut addr = sockaddr_in::default();
    getsockname_into(fd, &mut addr)?;
    printf!("{what} {}\n", sock_ntop(&addr))?;
    Ok(())
}
