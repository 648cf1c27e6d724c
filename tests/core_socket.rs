//! `<sys/socket.h>` over real sockets: TCP and UDP round trips on 127.0.0.1
//! and ::1, AF_UNIX stream and datagram sockets (path and abstract name),
//! socketpair, the addresses accept/getsockname/getpeername/recvfrom
//! report, send/recv flags, shutdown — and the course book's helpers
//! readn, writen and readline across partial reads.
//!
//! Every socket that waits (accept, read, recvfrom) gets an `SO_RCVTIMEO`,
//! so a bug makes a test fail with EAGAIN instead of hanging it.
mod common;

use std::thread;
use std::time::Duration;

use common::set_rcvtimeo;
use socklab::*;

type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

/// A listening TCP socket on `addr` (port 0: the kernel picks), and the
/// address it got.
fn tcp_listener(addr: &impl AsSockAddr) -> Result<(Fd, SockAddr)> {
    let family = addr.to_sockaddr().family();
    let listenfd = socket(family, SOCK_STREAM, 0)?;
    bind(&listenfd, addr)?;
    listen(&listenfd, LISTENQ)?;
    set_rcvtimeo(&listenfd, 5)?;
    let local = getsockname(&listenfd)?;
    Ok((listenfd, local))
}

/// An abstract AF_UNIX name no other test (or test run) uses.
fn unique_abstract(tag: &str) -> Result<sockaddr_un> {
    sockaddr_un::abstract_name(format!("socklab-test-{}-{tag}", getpid()))
}

/// The full TCP exchange a lecture server and client make, on `addr`:
/// connect, accept, request, reply, close, end of file. Checks every
/// address the calls report.
fn tcp_round_trip(addr: &impl AsSockAddr) -> TestResult {
    let (listenfd, servaddr) = tcp_listener(addr)?;
    assert_ne!(servaddr.port(), Some(0), "bind to port 0 picked no port");

    let sockfd = socket(servaddr.family(), SOCK_STREAM, 0)?;
    set_rcvtimeo(&sockfd, 5)?;
    connect(&sockfd, &servaddr)?;
    let (connfd, cliaddr) = accept(&listenfd)?;
    set_rcvtimeo(&connfd, 5)?;

    // accept's value-result address is the client's own address...
    assert_eq!(cliaddr, getsockname(&sockfd)?);
    // ...and each end's peer is the other end.
    assert_eq!(getpeername(&connfd)?, cliaddr);
    assert_eq!(getpeername(&sockfd)?, servaddr);
    assert_eq!(getsockname(&connfd)?, servaddr);

    assert_eq!(write(&sockfd, b"hello\n")?, 6);
    let mut buf = [0u8; MAXLINE];
    let n = readn(&connfd, &mut buf[..6])?;
    assert_eq!(&buf[..n], b"hello\n");

    writen(&connfd, b"HELLO\n")?;
    let n = readn(&sockfd, &mut buf[..6])?;
    assert_eq!(&buf[..n], b"HELLO\n");

    // The client closes: the server's next read is end of file.
    close(sockfd)?;
    assert_eq!(read(&connfd, &mut buf)?, 0);
    close(connfd)?;
    close(listenfd)?;
    Ok(())
}

#[test]
fn tcp_round_trip_ipv4() -> TestResult {
    tcp_round_trip(&sockaddr_in::new(INADDR_LOOPBACK, 0))
}

#[test]
fn tcp_round_trip_ipv6() -> TestResult {
    tcp_round_trip(&sockaddr_in6::new(in6addr_loopback, 0))
}

#[test]
fn tcp_addresses_print_as_loopback() -> TestResult {
    let (listenfd, servaddr) = tcp_listener(&sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    connect(&sockfd, &servaddr)?;
    let (_connfd, cliaddr) = accept(&listenfd)?;
    let port = cliaddr.port().ok_or("no port")?;
    assert_eq!(cliaddr.to_string(), format!("127.0.0.1:{port}"));
    assert_eq!(
        format!("{cliaddr:?}"),
        format!(
            r#"{{sa_family=AF_INET, sin_port=htons({port}), sin_addr=inet_addr("127.0.0.1")}}"#
        )
    );
    Ok(())
}

/// UDP: sendto/recvfrom both ways between two bound sockets on `loopback`;
/// each recvfrom reports exactly the sender's getsockname.
fn udp_round_trip(loopback: &impl AsSockAddr) -> TestResult {
    let family = loopback.to_sockaddr().family();
    let server = socket(family, SOCK_DGRAM, 0)?;
    bind(&server, loopback)?;
    set_rcvtimeo(&server, 5)?;
    let servaddr = getsockname(&server)?;

    let client = socket(family, SOCK_DGRAM, 0)?;
    bind(&client, loopback)?;
    set_rcvtimeo(&client, 5)?;
    let cliaddr = getsockname(&client)?;

    assert_eq!(sendto(&client, b"ping", 0, &servaddr)?, 4);
    let mut buf = [0u8; MAXLINE];
    let (n, from) = recvfrom(&server, &mut buf, 0)?;
    assert_eq!(&buf[..n], b"ping");
    assert_eq!(from, cliaddr);

    assert_eq!(sendto(&server, b"pong", 0, &from)?, 4);
    let (n, from) = recvfrom(&client, &mut buf, 0)?;
    assert_eq!(&buf[..n], b"pong");
    assert_eq!(from, servaddr);
    Ok(())
}

#[test]
fn udp_round_trip_ipv4() -> TestResult {
    udp_round_trip(&sockaddr_in::new(INADDR_LOOPBACK, 0))
}

#[test]
fn udp_round_trip_ipv6() -> TestResult {
    udp_round_trip(&sockaddr_in6::new(in6addr_loopback, 0))
}

#[test]
fn udp_keeps_datagram_boundaries_and_truncates() -> TestResult {
    let server = socket(AF_INET, SOCK_DGRAM, 0)?;
    bind(&server, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    set_rcvtimeo(&server, 5)?;
    let servaddr = getsockname(&server)?;
    let client = socket(AF_INET, SOCK_DGRAM, 0)?;

    sendto(&client, b"first", 0, &servaddr)?;
    sendto(&client, b"", 0, &servaddr)?;
    sendto(&client, b"0123456789", 0, &servaddr)?;

    let mut buf = [0u8; 64];
    let (n, _) = recvfrom(&server, &mut buf, 0)?;
    assert_eq!(&buf[..n], b"first", "datagrams must not be merged");
    let (n, _) = recvfrom(&server, &mut buf, 0)?;
    assert_eq!(n, 0, "a zero-length datagram reads as 0 bytes");
    let mut small = [0u8; 4];
    let (n, _) = recvfrom(&server, &mut small, 0)?;
    assert_eq!(&small[..n], b"0123", "a long datagram is cut to the buffer");
    // ...and the rest of it is gone: nothing left to read.
    let err = recv(&server, &mut buf, MSG_DONTWAIT).unwrap_err();
    assert_eq!(err.errno(), Some(Errno::EAGAIN));
    Ok(())
}

#[test]
fn udp_connected_send_and_recv() -> TestResult {
    let server = socket(AF_INET, SOCK_DGRAM, 0)?;
    bind(&server, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    set_rcvtimeo(&server, 5)?;
    let servaddr = getsockname(&server)?;

    let client = socket(AF_INET, SOCK_DGRAM, 0)?;
    set_rcvtimeo(&client, 5)?;
    connect(&client, &servaddr)?;
    assert_eq!(getpeername(&client)?, servaddr);
    // connect chose the local address: the loopback, an ephemeral port
    let local = getsockname(&client)?;
    assert_eq!(
        local.to_string(),
        format!("127.0.0.1:{}", local.port().ok_or("port")?)
    );

    send(&client, b"via send", 0)?;
    let mut buf = [0u8; 64];
    let (n, from) = recvfrom(&server, &mut buf, 0)?;
    assert_eq!(&buf[..n], b"via send");
    assert_eq!(from, local);
    sendto(&server, b"back", 0, &from)?;
    let n = recv(&client, &mut buf, 0)?;
    assert_eq!(&buf[..n], b"back");
    Ok(())
}

/// AF_UNIX stream: bind/listen/connect/accept on `addr`, one exchange, EOF.
/// The client never binds, so accept reports an unnamed peer.
fn unix_stream_round_trip(addr: &sockaddr_un) -> TestResult {
    let listenfd = socket(AF_UNIX, SOCK_STREAM, 0)?;
    bind(&listenfd, addr)?;
    listen(&listenfd, LISTENQ)?;
    set_rcvtimeo(&listenfd, 5)?;
    assert_eq!(getsockname(&listenfd)?, SockAddr::Unix(addr.clone()));

    let sockfd = socket(AF_LOCAL, SOCK_STREAM, 0)?;
    set_rcvtimeo(&sockfd, 5)?;
    connect(&sockfd, addr)?;
    let (connfd, cliaddr) = accept(&listenfd)?;
    set_rcvtimeo(&connfd, 5)?;
    assert!(
        matches!(&cliaddr, SockAddr::Unix(u) if u.is_unnamed()),
        "an unbound client is unnamed, got {cliaddr:?}"
    );
    assert_eq!(cliaddr, getsockname(&sockfd)?);
    assert_eq!(getpeername(&sockfd)?, SockAddr::Unix(addr.clone()));

    writen(&sockfd, b"over AF_UNIX\n")?;
    let mut line = [0u8; MAXLINE];
    let n = readline(&connfd, &mut line)?;
    assert_eq!(&line[..n], b"over AF_UNIX\n");
    close(sockfd)?;
    assert_eq!(read(&connfd, &mut line)?, 0);
    Ok(())
}

#[test]
fn unix_stream_with_a_path() -> TestResult {
    use std::os::unix::fs::FileTypeExt;
    let dir = common::temp_dir();
    let path = dir.path().join("unix.str");
    let addr = sockaddr_un::new(&path)?;
    unix_stream_round_trip(&addr)?;
    // bind created a socket file, which stays until unlinked
    assert!(std::fs::metadata(&path)?.file_type().is_socket());
    unlink(&path)?;
    assert!(!path.exists(), "unlink left {}", path.display());
    Ok(())
}

#[test]
fn unix_stream_with_an_abstract_name() -> TestResult {
    let addr = unique_abstract("stream")?;
    unix_stream_round_trip(&addr)
}

#[test]
fn unix_stream_client_with_its_own_path() -> TestResult {
    let dir = common::temp_dir();
    let servaddr = sockaddr_un::new(dir.path().join("server"))?;
    let myaddr = sockaddr_un::new(dir.path().join("client"))?;
    let listenfd = socket(AF_UNIX, SOCK_STREAM, 0)?;
    bind(&listenfd, &servaddr)?;
    listen(&listenfd, 5)?;
    set_rcvtimeo(&listenfd, 5)?;
    let sockfd = socket(AF_UNIX, SOCK_STREAM, 0)?;
    bind(&sockfd, &myaddr)?;
    connect(&sockfd, &servaddr)?;
    let (connfd, cliaddr) = accept(&listenfd)?;
    assert_eq!(cliaddr, SockAddr::Unix(myaddr.clone()));
    assert_eq!(getpeername(&connfd)?, SockAddr::Unix(myaddr));
    Ok(())
}

/// AF_UNIX datagrams between two bound addresses (a datagram client must
/// bind to get a reply).
fn unix_dgram_round_trip(servaddr: &sockaddr_un, cliaddr: &sockaddr_un) -> TestResult {
    let server = socket(AF_UNIX, SOCK_DGRAM, 0)?;
    bind(&server, servaddr)?;
    set_rcvtimeo(&server, 5)?;
    let client = socket(AF_UNIX, SOCK_DGRAM, 0)?;
    bind(&client, cliaddr)?;
    set_rcvtimeo(&client, 5)?;

    sendto(&client, b"question", 0, servaddr)?;
    let mut buf = [0u8; 64];
    let (n, from) = recvfrom(&server, &mut buf, 0)?;
    assert_eq!(&buf[..n], b"question");
    assert_eq!(from, SockAddr::Unix(cliaddr.clone()));

    sendto(&server, b"answer", 0, &from)?;
    let (n, from) = recvfrom(&client, &mut buf, 0)?;
    assert_eq!(&buf[..n], b"answer");
    assert_eq!(from, SockAddr::Unix(servaddr.clone()));
    Ok(())
}

#[test]
fn unix_dgram_with_paths() -> TestResult {
    let dir = common::temp_dir();
    unix_dgram_round_trip(
        &sockaddr_un::new(dir.path().join("unix.dg"))?,
        &sockaddr_un::new(dir.path().join("client.dg"))?,
    )
}

#[test]
fn unix_dgram_with_abstract_names() -> TestResult {
    unix_dgram_round_trip(&unique_abstract("dg-srv")?, &unique_abstract("dg-cli")?)
}

#[test]
fn unix_dgram_from_an_unbound_client_is_unnamed() -> TestResult {
    let servaddr = unique_abstract("dg-unnamed")?;
    let server = socket(AF_UNIX, SOCK_DGRAM, 0)?;
    bind(&server, &servaddr)?;
    set_rcvtimeo(&server, 5)?;
    let client = socket(AF_UNIX, SOCK_DGRAM, 0)?;
    sendto(&client, b"x", 0, &servaddr)?;
    let (n, from) = recvfrom(&server, &mut [0u8; 8], 0)?;
    assert_eq!(n, 1);
    // Linux reports no address at all (addrlen 0; strace: `[128 => 0]`).
    assert_eq!(from, SockAddr::Other { family: AF_UNSPEC });
    assert_eq!(from.to_string(), "(no address)");
    assert_eq!(format!("{from:?}"), "{sa_family=AF_UNSPEC}");
    Ok(())
}

#[test]
fn unix_bind_of_an_unnamed_address_autobinds_an_abstract_name() -> TestResult {
    // bind with only the family (addrlen 2): Linux picks an abstract name
    // of five hex digits ("autobind").
    let fd = socket(AF_UNIX, SOCK_DGRAM, 0)?;
    bind(&fd, &sockaddr_un::default())?;
    let SockAddr::Unix(name) = getsockname(&fd)? else {
        return Err("not an AF_UNIX address".into());
    };
    let bytes = name.as_abstract().ok_or("autobind gave no abstract name")?;
    assert_eq!(bytes.len(), 5, "{name:?}");
    assert!(bytes.iter().all(u8::is_ascii_hexdigit), "{name:?}");
    assert_eq!(
        name.to_string(),
        format!("@{}", String::from_utf8_lossy(bytes))
    );
    Ok(())
}

#[test]
fn unix_path_of_maximum_length_binds_exactly() -> TestResult {
    let dir = common::temp_dir();
    let prefix = dir.path().join("");
    let prefix_len = prefix.as_os_str().len();
    if prefix_len >= sockaddr_un::MAX_PATH {
        eprintln!(
            "SKIPPED: temp dir path too long for this test: {}",
            prefix.display()
        );
        return Ok(());
    }
    let name = "p".repeat(sockaddr_un::MAX_PATH - prefix_len);
    let path = dir.path().join(name);
    assert_eq!(path.as_os_str().len(), sockaddr_un::MAX_PATH);
    let addr = sockaddr_un::new(&path)?;
    let fd = socket(AF_UNIX, SOCK_STREAM, 0)?;
    bind(&fd, &addr)?;
    // Not cut: the kernel reports the whole name back.
    assert_eq!(getsockname(&fd)?, SockAddr::Unix(addr));
    assert!(path.exists());
    Ok(())
}

#[test]
fn socketpair_stream_both_ways() -> TestResult {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    set_rcvtimeo(&a, 5)?;
    set_rcvtimeo(&b, 5)?;
    assert_ne!(a.as_raw_fd(), b.as_raw_fd());
    let mut buf = [0u8; 16];
    write(&a, b"a to b")?;
    let n = read(&b, &mut buf)?;
    assert_eq!(&buf[..n], b"a to b");
    write(&b, b"b to a")?;
    let n = read(&a, &mut buf)?;
    assert_eq!(&buf[..n], b"b to a");
    assert!(matches!(getpeername(&a)?, SockAddr::Unix(u) if u.is_unnamed()));
    assert_eq!(getsockopt(&a, SOL_SOCKET, SO_TYPE)?, SOCK_STREAM);
    close(a)?;
    assert_eq!(read(&b, &mut buf)?, 0);
    Ok(())
}

#[test]
fn socketpair_dgram_keeps_boundaries() -> TestResult {
    let (a, b) = socketpair(AF_UNIX, SOCK_DGRAM, 0)?;
    set_rcvtimeo(&b, 5)?;
    write(&a, b"one")?;
    write(&a, b"two")?;
    let mut buf = [0u8; 16];
    let n = read(&b, &mut buf)?;
    assert_eq!(&buf[..n], b"one");
    let n = read(&b, &mut buf)?;
    assert_eq!(&buf[..n], b"two");
    assert_eq!(getsockopt(&a, SOL_SOCKET, SO_TYPE)?, SOCK_DGRAM);
    Ok(())
}

#[test]
fn send_and_recv_flags() -> TestResult {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    set_rcvtimeo(&b, 5)?;
    let mut buf = [0u8; 16];
    // MSG_DONTWAIT: nothing there, so EAGAIN instead of blocking
    let err = recv(&b, &mut buf, MSG_DONTWAIT).unwrap_err();
    assert_eq!(err.errno(), Some(Errno::EAGAIN));
    assert_eq!(send(&a, b"peek", 0)?, 4);
    // MSG_PEEK: look without taking, twice, then take
    assert_eq!(recv(&b, &mut buf, MSG_PEEK)?, 4);
    assert_eq!(recv(&b, &mut buf, MSG_PEEK)?, 4);
    assert_eq!(recv(&b, &mut buf, 0)?, 4);
    assert_eq!(&buf[..4], b"peek");
    assert!(
        recv(&b, &mut buf, MSG_DONTWAIT).is_err(),
        "peeked data was not taken"
    );

    // MSG_WAITALL: one recv collects what arrives one byte at a time
    let writer = slow_writer(a, b"waitall!".to_vec(), false);
    let n = recv(&b, &mut buf[..8], MSG_WAITALL)?;
    assert_eq!(&buf[..n], b"waitall!");
    writer.join().map_err(|_| "writer thread panicked")??;
    Ok(())
}

#[test]
fn shutdown_wr_sends_end_of_file_but_keeps_reading() -> TestResult {
    let (listenfd, servaddr) = tcp_listener(&sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    set_rcvtimeo(&sockfd, 5)?;
    connect(&sockfd, &servaddr)?;
    let (connfd, _) = accept(&listenfd)?;
    set_rcvtimeo(&connfd, 5)?;

    writen(&sockfd, b"last request")?;
    shutdown(&sockfd, SHUT_WR)?;
    let mut buf = [0u8; 64];
    let n = readn(&connfd, &mut buf)?; // everything, then end of file
    assert_eq!(&buf[..n], b"last request");
    // the client can still read the answer
    writen(&connfd, b"answer")?;
    close(connfd)?;
    let n = readn(&sockfd, &mut buf)?;
    assert_eq!(&buf[..n], b"answer");
    Ok(())
}

// ---------------------------------------------------------------------
// readn, writen, readline across partial reads
// ---------------------------------------------------------------------

/// A peer that writes `data` one byte per write(2), with a short pause
/// between bytes, so the reader's read(2) calls see partial data; then
/// closes its end (end of file) unless `keep_open`.
fn slow_writer(fd: Fd, data: Vec<u8>, keep_open: bool) -> thread::JoinHandle<Result<()>> {
    thread::spawn(move || {
        for byte in &data {
            write(&fd, std::slice::from_ref(byte))?;
            thread::sleep(Duration::from_millis(2));
        }
        if keep_open {
            thread::sleep(Duration::from_millis(200));
        }
        close(fd)
    })
}

fn join(writer: thread::JoinHandle<Result<()>>) -> TestResult {
    writer.join().map_err(|_| "writer thread panicked")??;
    Ok(())
}

#[test]
fn readn_collects_bytes_that_arrive_one_at_a_time() -> TestResult {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    set_rcvtimeo(&b, 5)?;
    let message = b"twenty bytes exactly".to_vec();
    let writer = slow_writer(a, message.clone(), false);
    let mut buf = [0u8; 20];
    assert_eq!(readn(&b, &mut buf)?, 20);
    assert_eq!(buf.as_slice(), message.as_slice());
    // the peer closed: end of file
    assert_eq!(readn(&b, &mut buf)?, 0);
    join(writer)
}

#[test]
fn readn_returns_short_at_end_of_file() -> TestResult {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    set_rcvtimeo(&b, 5)?;
    let writer = slow_writer(a, b"short".to_vec(), false);
    let mut buf = [0u8; 100];
    assert_eq!(readn(&b, &mut buf)?, 5);
    assert_eq!(&buf[..5], b"short");
    join(writer)
}

#[test]
fn readn_over_tcp_across_partial_reads() -> TestResult {
    let (listenfd, servaddr) = tcp_listener(&sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
    connect(&sockfd, &servaddr)?;
    let (connfd, _) = accept(&listenfd)?;
    set_rcvtimeo(&connfd, 5)?;
    let writer = slow_writer(sockfd, b"0123456789".to_vec(), true);
    let mut buf = [0u8; 10];
    // The writer keeps the connection open after the last byte: readn
    // must return as soon as it has its 10 bytes, not wait for EOF.
    assert_eq!(readn(&connfd, &mut buf)?, 10);
    assert_eq!(&buf, b"0123456789");
    join(writer)
}

#[test]
fn readline_splits_lines_pieces_and_a_last_line_without_newline() -> TestResult {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    set_rcvtimeo(&b, 5)?;
    let writer = slow_writer(a, b"first\n0123456789\nlast".to_vec(), false);
    let mut line = [0u8; MAXLINE];
    let n = readline(&b, &mut line)?;
    assert_eq!(&line[..n], b"first\n");

    // A line longer than the buffer comes back in buffer-sized pieces.
    let mut small = [0u8; 4];
    let mut pieces = Vec::new();
    for _ in 0..3 {
        let n = readline(&b, &mut small)?;
        pieces.push(String::from_utf8_lossy(&small[..n]).into_owned());
    }
    assert_eq!(pieces, ["0123", "4567", "89\n"]);

    // The last line has no newline: returned as it is at end of file.
    let n = readline(&b, &mut line)?;
    assert_eq!(&line[..n], b"last");
    // End of file before any byte: 0, every time.
    assert_eq!(readline(&b, &mut line)?, 0);
    assert_eq!(readline(&b, &mut line)?, 0);
    join(writer)
}

#[test]
fn readline_reads_nothing_past_the_newline() -> TestResult {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    set_rcvtimeo(&b, 5)?;
    write(&a, b"one\ntwo\n")?;
    let mut line = [0u8; MAXLINE];
    let n = readline(&b, &mut line)?;
    assert_eq!(&line[..n], b"one\n");
    // The rest is still in the socket, not in a hidden buffer.
    let n = read(&b, &mut line)?;
    assert_eq!(&line[..n], b"two\n");
    Ok(())
}

#[test]
fn readline_with_an_empty_buffer_reads_nothing() -> TestResult {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    write(&a, b"x\n")?;
    assert_eq!(readline(&b, &mut [])?, 0);
    let mut buf = [0u8; 4];
    assert_eq!(
        recv(&b, &mut buf, MSG_DONTWAIT)?,
        2,
        "readline consumed data"
    );
    Ok(())
}

#[test]
fn writen_writes_a_buffer_larger_than_the_socket_buffer() -> TestResult {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    set_rcvtimeo(&b, 5)?;
    // 1 MiB is far more than a socket buffer holds: write(2) blocks and
    // the reader drains concurrently.
    let data: Vec<u8> = (0..1 << 20).map(|i: u32| (i % 251) as u8).collect();
    let expected = data.clone();
    let reader = thread::spawn(move || -> Result<Vec<u8>> {
        let mut got = vec![0u8; expected.len() + 1];
        let n = readn(&b, &mut got)?;
        got.truncate(n);
        Ok(got)
    });
    writen(&a, &data)?;
    close(a)?;
    let got = reader.join().map_err(|_| "reader panicked")??;
    assert_eq!(got.len(), data.len());
    assert!(got == data, "bytes differ");
    Ok(())
}
