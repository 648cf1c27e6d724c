//! `message_server port` — the classic sockets tutorial's `server.c`: wait
//! for one client, print the message it sends, answer
//! `I got your message`, and end.
//!
//! Run it with its client (`message_client`), two terminals:
//!
//! ```text
//! terminal 1 $ cargo run --example message_server 51717
//!
//! terminal 2 $ cargo run --example message_client localhost 51717
//! Please enter the message: hi there
//! I got your message
//!
//! terminal 1, meanwhile:
//! Here is the message: hi there
//! ```
//!
//! Without a port: `ERROR, no port provided`, as in the tutorial. The C twin
//! is `docs/c/message_server.c`, the tutorial's `server.c`; this program
//! makes its calls with its arguments. (C's `atoi` takes any text as a
//! port, `"http"` as 0; here `parse_port` refuses it.)
//!
//! Under strace (start-up lines cut):
//!
//! ```text
//! $ strace -e trace=socket,bind,listen,getsockname,accept,read,write,close target/debug/examples/message_server 51717
//! socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3
//! bind(3, {sa_family=AF_INET, sin_port=htons(51717), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! listen(3, 5)                            = 0
//! getsockname(3, {sa_family=AF_INET, sin_port=htons(51717), sin_addr=inet_addr("0.0.0.0")}, [16]) = 0
//! write(1, "listening on 0.0.0.0:51717\n", 27) = 27
//! accept(3, {sa_family=AF_INET, sin_port=htons(40188), sin_addr=inet_addr("127.0.0.1")}, [16]) = 4
//! read(4, "hi there\n", 255)              = 9
//! write(1, "Here is the message: hi there\n\n", 31) = 31
//! write(4, "I got your message", 18)      = 18
//! close(4)                                = 0
//! close(3)                                = 0
//! ```
//!
//! `[16]`: `accept` is told the size of a `sockaddr_in` (`clilen =
//! sizeof(cli_addr)`), as in the tutorial; `accept_into` passes it.
//! The message is printed as the tutorial's `printf("%s\n", buffer)`
//! prints it: up to its first zero byte, with the newline the client
//! typed, then one more.
//!
//! The lesson: this server serves exactly one client, then exits. To serve
//! many at once, fork a child per connection: see `forking_server`.
use socklab::*;

/// The tutorial reads at most 255 bytes (its buffer is 256, one for the
/// terminating zero a C string needs).
const BUFSIZE: usize = 255;
const REPLY: &[u8] = b"I got your message";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?; // argv as text: a non-UTF-8 argument is an error, not a panic
    let portno = match args.as_slice() {
        [_] => return Err("ERROR, no port provided".into()),
        [_, port] => parse_port(port)?,
        _ => return Err("usage: message_server port".into()),
    };

    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    let mut serv_addr = sockaddr_in::new(INADDR_ANY, portno);
    bind(&sockfd, &serv_addr)?;
    listen(&sockfd, 5)?; // the tutorial's backlog
    getsockname_into(&sockfd, &mut serv_addr)?;
    printf!("listening on {}\n", sock_ntop(&serv_addr))?;

    let mut cli_addr = sockaddr_in::default();
    let newsockfd = accept_into(&sockfd, &mut cli_addr)?;
    let mut buffer = [0u8; BUFSIZE];
    let n = read(&newsockfd, &mut buffer)?;
    if n == 0 {
        return Err("read: the client closed the connection without a message".into());
    }
    // printf("%s\n", buffer): the bytes up to the first zero byte (any
    // that are not UTF-8 print as U+FFFD)
    let msg = buffer[..n].split(|b| *b == 0).next().unwrap_or_default();
    // formatted first, then written at once: one write(2), as C's printf
    let line = format!("Here is the message: {}\n", String::from_utf8_lossy(msg));
    printf!("{line}")?;
    write(&newsockfd, REPLY)?;
    close(newsockfd)?;
    close(sockfd)?;
    Ok(())
}
