//! `ch20_dgclibcast1 [IPaddress] [port]` — UNP chapter 20, Figure 20.5:
//! the broadcast daytime client. It turns on `SO_BROADCAST`, sends one
//! datagram per line of input to the subnet's broadcast address, and for
//! 5 seconds (`alarm(5)`) prints every reply with its sender, until
//! SIGALRM interrupts `recvfrom` with `EINTR`. Defaults: 198.51.100.255
//! (the lab's subnet, see `docs/virtual-lab.md`) and port 13 (daytime).
//!
//! Broadcasting needs other hosts on a real link, so it runs in the lab:
//!
//! ```text
//! $ sudo socklab lab up
//! $ for h in h2 h3; do sudo socklab lab exec $h -- target/debug/examples/ch11_daytimeudpsrv2 13 & done
//! $ echo | sudo socklab lab exec h1 -- target/debug/examples/ch20_dgclibcast1
//! from 198.51.100.2: Sun Dec  6 03:10:11 2026
//! from 198.51.100.3: Sun Dec  6 03:10:11 2026
//! ```
//!
//! (every host running the daytime server answers; the order varies).
//! Without the `setsockopt` the `sendto` fails: `sendto: Permission
//! denied (EACCES)` — the kernel wants a program to say that it means to
//! broadcast.
//!
//! Under strace (`cargo build --example ch20_dgclibcast1` first):
//!
//! ```text
//! setsockopt(3, SOL_SOCKET, SO_BROADCAST, [1], 4) = 0
//! rt_sigaction(SIGALRM, {sa_handler=0x…, sa_mask=[], sa_flags=SA_RESTORER, …}, …, 8) = 0
//! sendto(3, "\n", 1, 0, {sa_family=AF_INET, sin_port=htons(13), sin_addr=inet_addr("198.51.100.255")}, 16) = 1
//! alarm(5)                                = 0
//! recvfrom(3, "Sun Dec  6 03:10:11 2026\r\n", 4096, 0, {sa_family=AF_INET, sin_port=htons(13), sin_addr=inet_addr("198.51.100.2")}, [16]) = 26
//! recvfrom(3, "Sun Dec  6 03:10:11 2026\r\n", 4096, 0, {sa_family=AF_INET, sin_port=htons(13), sin_addr=inet_addr("198.51.100.3")}, [16]) = 26
//! recvfrom(3, 0x…, 4096, 0, 0x…, [16])    = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
//! --- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---
//! ```
//!
//! **The race** (UNP §20.5): if SIGALRM arrives while the program is
//! *between* two `recvfrom`s (printing a reply), the handler runs, the
//! next `recvfrom` blocks, and no alarm is left to wake it: the program
//! hangs for ever. `ch20_dgclibcast3`, `4` and `6` are the attempts to
//! fix it; `docs/unp/ch20.md` provokes it on purpose.
//!
//! The lesson: a broadcast reaches every host of the subnet, and each
//! answers by unicast; a client that broadcasts must be ready for any
//! number of replies, and so needs a timeout. C twin:
//! `docs/c/ch20_dgclibcast1.c`.

use socklab::*;

const USAGE: &str = "usage: ch20_dgclibcast1 [IPaddress] [port]   (defaults: 198.51.100.255 13)";

/// SIGALRM's handler: it only interrupts the recvfrom.
extern "C" fn recvfrom_alarm(_signo: c_int) {}

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let (host, port) = match args.as_slice() {
        [_] => ("198.51.100.255", 13),
        [_, host] => (host.as_str(), 13),
        [_, host, port] => (host.as_str(), parse_port(port)?),
        _ => return Err(USAGE.into()),
    };
    let mut servaddr = sockaddr_in::default();
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    inet_pton(AF_INET, host, &mut servaddr.sin_addr)?;

    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
    dg_cli(&sockfd, &servaddr)?;
    exit(0);
}

/// Figure 20.5: dg_cli that broadcasts, and collects replies for 5 seconds.
fn dg_cli(
    sockfd: &Fd,
    servaddr: &sockaddr_in,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let on: c_int = 1;
    let mut input = std::io::stdin().lock();
    let mut sendline = Vec::new();
    let mut recvline = [0u8; MAXLINE];
    let mut reply_addr = sockaddr_in::default();

    setsockopt(sockfd, SOL_SOCKET, SO_BROADCAST, &on)?;
    signal(SIGALRM, SigHandler::Handler(recvfrom_alarm), 0)?; // no SA_RESTART
    loop {
        if stdio::fgets(&mut sendline, &mut input)? == 0 {
            return Ok(());
        }
        sendto(sockfd, &sendline, 0, servaddr)?;
        alarm(5);
        loop {
            match recvfrom_into(sockfd, &mut recvline, 0, &mut reply_addr) {
                Ok(n) => {
                    let mut line = format!("from {}: ", sock_ntop_host(&reply_addr)).into_bytes();
                    line.extend_from_slice(&recvline[..n]);
                    stdio::fputs(&line, std::io::stdout())?; // printf("from %s: %s", …)
                }
                Err(e) if e.errno() == Some(Errno::EINTR) => break, // waited long enough
                Err(e) => return Err(e.into()),
            }
        }
    }
}
