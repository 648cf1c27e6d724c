//! `ch30_client host port #children #loops/child #bytes/request` — UNP
//! vol. 1, chapter 30, §30.3: the client that loads every server design of
//! the chapter. It forks `#children` clients; each opens `#loops`
//! connections one after the other ([`tcp_connect`]), writes the byte
//! count as a line (`"4000\n"`), reads exactly that many bytes
//! ([`readn`]) and closes. The parent waits for them all, then prints how
//! many failed and how long it took.
//!
//! ```text
//! terminal 1 $ cargo run --example ch30_serv02 9877 5
//! listening on 0.0.0.0:9877
//!
//! terminal 2 $ cargo run --example ch30_client 127.0.0.1 9877 5 100 4000
//! child 0 done
//! child 2 done
//! child 1 done
//! child 4 done
//! child 3 done
//! 5 children, 0 failed, 0.094 s
//! ```
//!
//! The C twin is `docs/c/ch30_client.c`. Under strace (`strace -f -e
//! trace=connect,write,read,close target/debug/examples/ch30_client 127.0.0.1 9877 1 1 4000`):
//!
//! ```text
//! connect(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//! write(3, "4000\n", 5)                   = 5
//! read(3, "\0\0\0\0\0\0\0\0"..., 4000)     = 4000
//! close(3)                                = 0
//! ```
//!
//! (A read may return fewer bytes; readn reads again for the rest.) The
//! client closes first, so TIME_WAIT is on the client's side, not the
//! server's. The last line is ours, not the book's: the failed children
//! (an exit status other than 0) and the elapsed time.
use std::time::Instant;

use socklab::*;

const USAGE: &str = "usage: ch30_client <host> <port> <#children> <#loops/child> <#bytes/request>";

fn main() {
    if let Err(e) = run() {
        perror(&*e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let [_, host, port, nchildren, nloops, nbytes] = args.as_slice() else {
        return Err(USAGE.into());
    };
    let count = |what: &str, text: &str| {
        text.parse::<usize>()
            .map_err(|_| format!("ch30_client: {what} must be a number, not {text:?}"))
    };
    let (nchildren, nloops, nbytes) = (
        count("#children", nchildren)?,
        count("#loops/child", nloops)?,
        count("#bytes/request", nbytes)?,
    );
    if !(1..=MAXN).contains(&nbytes) {
        return Err(format!("ch30_client: #bytes/request must be 1 to {MAXN}").into());
    }
    let request = format!("{nbytes}\n"); // newline at end
    let start = Instant::now();

    for i in 0..nchildren {
        if let ForkResult::Child = fork()? {
            let status = match child(i, host, port, nloops, request.as_bytes(), nbytes) {
                Ok(()) => 0,
                Err(e) => {
                    perror(&*e);
                    1
                }
            };
            exit(status);
        }
        // parent loops around to fork() again
    }

    let mut failed = 0;
    loop {
        match wait() {
            Ok((_pid, stat)) if !WIFEXITED(stat) || WEXITSTATUS(stat) != 0 => failed += 1,
            Ok(_) => {} // now parent waits for all children
            Err(e) if e.errno() == Some(Errno::ECHILD) => break,
            Err(e) => return Err(e.into()),
        }
    }
    printf!(
        "{nchildren} children, {failed} failed, {:.3} s\n",
        start.elapsed().as_secs_f64()
    )?;
    exit(if failed == 0 { 0 } else { 1 });
}

/// One client: `nloops` connections in turn, each one request.
fn child(
    i: usize,
    host: &str,
    port: &str,
    nloops: usize,
    request: &[u8],
    nbytes: usize,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut reply = [0u8; MAXN];
    for _ in 0..nloops {
        let fd = tcp_connect(host, port)?;
        write(&fd, request)?;
        let n = readn(&fd, &mut reply[..nbytes])?;
        if n != nbytes {
            return Err(format!("server returned {n} bytes").into());
        }
        close(fd)?; // TIME_WAIT on client, not server
    }
    printf!("child {i} done\n")?;
    Ok(())
}
