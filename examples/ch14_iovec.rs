//! `ch14_iovec` — UNP vol. 1, chapter 14, §§ 14.4–14.5: scatter/gather
//! I/O. `writev` sends several buffers with one call, `readv` fills
//! several buffers with one call, and `sendmsg`/`recvmsg` do the same and
//! carry an address (and ancillary data, chapter 15). The bytes are the
//! same bytes `write` and `read` move: the other side cannot tell.
//!
//! ```text
//! $ cargo run --example ch14_iovec
//! writev: 12 bytes from 3 buffers; read: "hello world\n"
//! write: 8 bytes; readv: "abc" then "defgh"
//! sendmsg: 5 bytes from 2 buffers; recvmsg: "hello" from 127.0.0.1
//! ```
//!
//! Under strace (`strace -e trace=writev,readv,read,write,sendmsg,recvmsg
//! target/debug/examples/ch14_iovec`), or with `SOCKLAB_TRACE=1`:
//!
//! ```text
//! writev(3, [{iov_base="hello", iov_len=5}, {iov_base=" ", iov_len=1}, {iov_base="world\n", iov_len=6}], 3) = 12
//! read(4, "hello world\n", 4096)          = 12
//! write(3, "abcdefgh", 8)                 = 8
//! readv(4, [{iov_base="abc", iov_len=3}, {iov_base="defgh", iov_len=16}], 2) = 8
//! sendmsg(6, {msg_name={sa_family=AF_INET, sin_port=htons(40123), sin_addr=inet_addr("127.0.0.1")}, msg_namelen=16, msg_iov=[{iov_base="hel", iov_len=3}, {iov_base="lo", iov_len=2}], msg_iovlen=2, msg_controllen=0, msg_flags=0}, 0) = 5
//! recvmsg(5, {msg_name={sa_family=AF_INET, sin_port=htons(51234), sin_addr=inet_addr("127.0.0.1")}, msg_namelen=16, msg_iov=[{iov_base="hello", iov_len=4096}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 5
//! ```
//!
//! The lesson: one system call for many buffers — a header and a body
//! need not be copied into one buffer first. C twin: `docs/c/ch14_iovec.c`.
use socklab::*;

const USAGE: &str = "usage: ch14_iovec   (no arguments)";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    if args()?.len() != 1 {
        return Err(USAGE.into());
    }
    // A stream: writev on one end, read on the other; write, then readv.
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    let n = writev(
        &a,
        &[
            IoSlice::new(b"hello"),
            IoSlice::new(b" "),
            IoSlice::new(b"world\n"),
        ],
    )?;
    let mut buf = [0u8; MAXLINE];
    let got = read(&b, &mut buf)?;
    printf!(
        "writev: {n} bytes from 3 buffers; read: {:?}\n",
        String::from_utf8_lossy(&buf[..got])
    )?;
    let n = write(&a, b"abcdefgh")?;
    let (mut first, mut second) = ([0u8; 3], [0u8; 16]);
    let got = readv(
        &b,
        &mut [IoSliceMut::new(&mut first), IoSliceMut::new(&mut second)],
    )?;
    printf!(
        "write: {n} bytes; readv: {:?} then {:?}\n",
        String::from_utf8_lossy(&first[..got.min(3)]),
        String::from_utf8_lossy(&second[..got.saturating_sub(3)])
    )?;

    // Datagrams: sendmsg to an address, recvmsg with the sender's.
    let servfd = socket(AF_INET, SOCK_DGRAM, 0)?;
    bind(&servfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    let mut servaddr = sockaddr_in::default();
    getsockname_into(&servfd, &mut servaddr)?;
    let clifd = socket(AF_INET, SOCK_DGRAM, 0)?;
    let iov = [IoSlice::new(b"hel"), IoSlice::new(b"lo")];
    let msg = msghdr {
        msg_name: Some(servaddr.into()),
        msg_iov: &iov[..],
        msg_control: vec![],
        msg_flags: 0,
    };
    let n = sendmsg(&clifd, &msg, 0)?;
    let mut riov = [IoSliceMut::new(&mut buf)];
    let mut rmsg = msghdr {
        msg_name: Some(sockaddr_in::default().into()),
        msg_iov: &mut riov[..],
        msg_control: vec![],
        msg_flags: 0,
    };
    let got = recvmsg(&servfd, &mut rmsg, 0)?;
    let from = rmsg
        .msg_name
        .as_ref()
        .map(sock_ntop_host)
        .unwrap_or_default();
    printf!(
        "sendmsg: {n} bytes from 2 buffers; recvmsg: {:?} from {from}\n",
        String::from_utf8_lossy(&buf[..got])
    )?;
    exit(0);
}
