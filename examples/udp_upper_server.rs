//! `udp_upper_server [port]` — the lecture's upper-case UDP server: it
//! waits for a datagram, sends it back in capitals to whoever sent it, and
//! waits for the next one. Forever.
//!
//! Run it with its client (`udp_upper_client`), two terminals:
//!
//! ```text
//! terminal 1 $ cargo run --example udp_upper_server          # port 12000
//! bound to 0.0.0.0:12000
//! The server is ready to receive
//!
//! terminal 2 $ cargo run --example udp_upper_client
//! Input lowercase sentence: hello datagrams
//! From Server: HELLO DATAGRAMS
//! ```
//!
//! Both take a port (`udp_upper_server 12001`, `udp_upper_client 127.0.0.1
//! 12001`). UDP port 12000 and TCP port 12000 are different ports, so this
//! server and `tcp_upper_server` can run side by side. The C twin is
//! `docs/c/udp_upper_server.c`. Stop the server with Ctrl-C.
//!
//! Under strace, one datagram's visit:
//!
//! ```text
//! $ strace -e trace=socket,bind,getsockname,recvfrom,sendto target/debug/examples/udp_upper_server
//! socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3
//! bind(3, {sa_family=AF_INET, sin_port=htons(12000), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! getsockname(3, {sa_family=AF_INET, sin_port=htons(12000), sin_addr=inet_addr("0.0.0.0")}, [16]) = 0
//! recvfrom(3, "hello datagrams", 2048, 0, {sa_family=AF_INET, sin_port=htons(41311), sin_addr=inet_addr("127.0.0.1")}, [16]) = 15
//! sendto(3, "HELLO DATAGRAMS", 15, 0, {sa_family=AF_INET, sin_port=htons(41311), sin_addr=inet_addr("127.0.0.1")}, 16) = 15
//! recvfrom(3, ...                         <- blocked until the next datagram
//! ```
//!
//! The lesson: no listen, no accept, no connection. One socket serves every
//! client; each datagram carries its sender's address (recvfrom fills it
//! in) and the reply goes to that address (sendto). A datagram longer than
//! the buffer is cut to 2048 bytes — the rest is lost, not kept for the next
//! recvfrom as a TCP stream would keep it.
use socklab::*;

/// The lecture's port.
const DEFAULT_PORT: u16 = 12000;
/// The lecture's buffer: longer datagrams are truncated to this.
const BUFSIZE: usize = 2048;

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let port = match args.as_slice() {
        [_] => DEFAULT_PORT,
        [_, port] => parse_port(port)?,
        _ => return Err("usage: udp_upper_server [port]".into()),
    };

    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
    let mut servaddr = sockaddr_in::new(INADDR_ANY, port);
    bind(&sockfd, &servaddr)?;
    getsockname_into(&sockfd, &mut servaddr)?;
    printf!("bound to {}\n", sock_ntop(&servaddr))?;
    printf!("The server is ready to receive\n")?;

    let mut buf = [0u8; BUFSIZE];
    let mut cliaddr = sockaddr_in::default();
    loop {
        // A failed datagram (EINTR, or an error the kernel reports for an
        // earlier one) is reported and the server waits for the next.
        if let Err(e) = upper_case_one_datagram(&sockfd, &mut buf, &mut cliaddr) {
            perror(&e);
        }
    }
}

/// Receives one datagram and sends it back upper-cased to its sender.
/// An empty datagram is a datagram too: it gets an empty reply.
fn upper_case_one_datagram(sockfd: &Fd, buf: &mut [u8], cliaddr: &mut sockaddr_in) -> Result<()> {
    let n = recvfrom_into(sockfd, buf, 0, cliaddr)?;
    // to_ascii_uppercase changes a-z only; other bytes go back unchanged.
    let reply = buf[..n].to_ascii_uppercase();
    sendto(sockfd, &reply, 0, cliaddr)?;
    Ok(())
}
