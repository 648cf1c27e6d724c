//! UNP chapter 14, advanced I/O: the three UDP timeouts and
//! `connect_timeo` fire within their bound against a peer that never
//! answers; the standard-I/O trap of `ch14_tcpserv02` (no echo before the
//! client's end of input) and its `--flush` fix; readv/writev and
//! sendmsg/recvmsg move the same bytes as read/write; FIONREAD, MSG_PEEK
//! and epoll behave as the chapter says.
mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream, UdpSocket};
use std::time::{Duration, Instant};

use common::*;
use socklab::*;

/// A UDP port with a socket bound to it that never replies.
fn silent_udp() -> (UdpSocket, String) {
    let s = UdpSocket::bind("127.0.0.1:0").expect("bind");
    let port = s.local_addr().expect("addr").port().to_string();
    (s, port)
}

fn timeout_fires(name: &str) {
    let (_silent, port) = silent_udp();
    let start = Instant::now();
    let out = run(example(name), &["127.0.0.1", &port], "hello\n");
    let took = start.elapsed();
    assert!(!out.timed_out, "{name} did not end:\n{}", out.stderr);
    assert!(
        out.status.success(),
        "{name}: {:?}\n{}",
        out.status,
        out.stderr
    );
    assert_eq!(out.stderr, "socket timeout\n", "{name}'s one line");
    assert_eq!(out.stdout, "");
    assert!(
        took >= Duration::from_millis(4900) && took < Duration::from_secs(8),
        "{name}: the 5 s timeout took {took:?}"
    );
}

#[test]
fn dgclitimeo3_alarm_fires_within_its_bound() {
    timeout_fires("ch14_dgclitimeo3");
}

#[test]
fn dgclitimeo1_select_fires_within_its_bound() {
    timeout_fires("ch14_dgclitimeo1");
}

#[test]
fn dgclitimeo2_so_rcvtimeo_fires_within_its_bound() {
    timeout_fires("ch14_dgclitimeo2");
}

/// With an echo server, each of the three echoes every line.
#[test]
fn dgclitimeo_clients_echo_with_a_server() {
    let server = UdpSocket::bind("127.0.0.1:0").expect("bind");
    let port = server.local_addr().expect("addr").port().to_string();
    let echo = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        for _ in 0..6 {
            let (n, from) = server.recv_from(&mut buf).expect("recv");
            server.send_to(&buf[..n], from).expect("send");
        }
    });
    for name in ["ch14_dgclitimeo1", "ch14_dgclitimeo2", "ch14_dgclitimeo3"] {
        let out = run(example(name), &["127.0.0.1", &port], "one\ntwo two\n");
        out.assert_success();
        assert_eq!(out.stdout, "one\ntwo two\n", "{name}");
    }
    echo.join().expect("echo thread");
}

/// A listening socket whose accept queue is full (backlog 0, one
/// connection never accepted): Linux drops further SYNs, so a connect to it
/// never completes — a peer that never answers, on loopback.
#[test]
fn connect_timeo_times_out_against_a_full_backlog() {
    let listenfd = socket(AF_INET, SOCK_STREAM, 0).expect("socket");
    bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0)).expect("bind");
    listen(&listenfd, 0).expect("listen");
    let addr = getsockname(&listenfd).expect("getsockname");
    let port = match &addr {
        SockAddr::Inet(a) => ntohs(a.sin_port).to_string(),
        _ => unreachable!(),
    };
    // fill the queue: these complete the handshake and are never accepted
    let mut fillers = Vec::new();
    for _ in 0..2 {
        let fd = socket(AF_INET, SOCK_STREAM | libc::SOCK_NONBLOCK, 0).expect("socket");
        let _ = connect(&fd, &addr);
        fillers.push(fd);
    }
    std::thread::sleep(Duration::from_millis(200));
    let start = Instant::now();
    let out = run(example("ch14_tcpcli01"), &["127.0.0.1", &port], "");
    let took = start.elapsed();
    assert!(!out.timed_out, "ch14_tcpcli01 did not end");
    assert_eq!(out.status.code(), Some(1), "{}", out.stderr);
    assert_eq!(out.stderr, "connect: Connection timed out (ETIMEDOUT)\n");
    assert!(
        took >= Duration::from_millis(4900) && took < Duration::from_secs(8),
        "connect_timeo's 5 s took {took:?}"
    );
}

/// In time: connect_timeo gives the socket back connected and restores
/// SIGALRM's default; an error other than the timeout passes through.
#[test]
fn connect_timeo_connects_and_refuses() {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    let fd = socket(AF_INET, SOCK_STREAM, 0).expect("socket");
    let fd = connect_timeo(fd, &sockaddr_in::new(INADDR_LOOPBACK, port), 5).expect("connect");
    assert_eq!(alarm(0), 0, "the alarm was cancelled");
    write(&fd, b"x").expect("write");
    drop(l);
    let fd = socket(AF_INET, SOCK_STREAM, 0).expect("socket");
    let err = connect_timeo(fd, &sockaddr_in::new(INADDR_LOOPBACK, port), 5).unwrap_err();
    assert_eq!(err.errno(), Some(Errno::ECONNREFUSED));
}

#[test]
fn readable_and_writable_timeo() {
    let (a, b) = socketpair(AF_UNIX, SOCK_DGRAM, 0).expect("socketpair");
    let start = Instant::now();
    assert_eq!(readable_timeo(&b, 1).expect("select"), 0);
    assert!(start.elapsed() >= Duration::from_millis(950));
    write(&a, b"x").expect("write");
    assert_eq!(readable_timeo(&b, 1).expect("select"), 1);
    assert_eq!(writable_timeo(&a, 1).expect("select"), 1);
}

/// Starts ch14_tcpserv02 (with `flags`) on port 0 and returns its port.
fn start_serv02(flags: &[&str]) -> (std::process::Child, u16) {
    use std::io::BufRead;
    let mut args: Vec<&str> = flags.to_vec();
    args.push("0");
    let mut child = std::process::Command::new(example("ch14_tcpserv02"))
        .args(&args)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("ready line");
    let port = line.trim().rsplit(':').next().and_then(|p| p.parse().ok());
    (child, port.unwrap_or_else(|| panic!("no port in {line:?}")))
}

/// Sends two lines; returns what came back before and after the end of input.
fn talk(port: u16) -> (Vec<u8>, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.write_all(b"one\ntwo\n").expect("write");
    s.set_read_timeout(Some(Duration::from_millis(1000)))
        .expect("timeout");
    let mut before = vec![0u8; 64];
    let n = s.read(&mut before).unwrap_or(0);
    before.truncate(n);
    s.shutdown(Shutdown::Write).expect("shutdown");
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let mut after = Vec::new();
    s.read_to_end(&mut after).expect("read");
    (before, after)
}

#[test]
fn tcpserv02_stdio_trap_echoes_nothing_before_eof() {
    let (mut child, port) = start_serv02(&[]);
    let (before, after) = talk(port);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(before, b"", "the buffered writer must hold the echo");
    assert_eq!(after, b"one\ntwo\n", "flushed when the client ends");
}

#[test]
fn tcpserv02_flush_echoes_at_once() {
    let (mut child, port) = start_serv02(&["--flush"]);
    let (mut before, after) = talk(port);
    let _ = child.kill();
    let _ = child.wait();
    before.extend_from_slice(&after);
    assert!(!before.is_empty(), "--flush: the echo before end of input");
    assert_eq!(before, b"one\ntwo\n");
}

#[test]
fn readv_writev_move_the_same_bytes_as_read_write() {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0).expect("socketpair");
    assert_eq!(
        writev(&a, &[IoSlice::new(b"hello"), IoSlice::new(b" world")]).unwrap(),
        11
    );
    let mut buf = [0u8; 64];
    let n = read(&b, &mut buf).unwrap();
    assert_eq!(&buf[..n], b"hello world");
    write(&a, b"abcdefgh").unwrap();
    let (mut x, mut y) = ([0u8; 3], [0u8; 16]);
    let n = readv(&b, &mut [IoSliceMut::new(&mut x), IoSliceMut::new(&mut y)]).unwrap();
    assert_eq!((n, &x, &y[..5]), (8, b"abc", &b"defgh"[..]));
}

#[test]
fn sendmsg_recvmsg_move_the_same_bytes_and_name_the_sender() {
    let s = socket(AF_INET, SOCK_DGRAM, 0).unwrap();
    bind(&s, &sockaddr_in::new(INADDR_LOOPBACK, 0)).unwrap();
    let to = getsockname(&s).unwrap();
    let c = socket(AF_INET, SOCK_DGRAM, 0).unwrap();
    bind(&c, &sockaddr_in::new(INADDR_LOOPBACK, 0)).unwrap();
    let iov = [IoSlice::new(b"hel"), IoSlice::new(b"lo")];
    let msg = msghdr {
        msg_name: Some(to),
        msg_iov: &iov[..],
        msg_control: vec![],
        msg_flags: 0,
    };
    assert_eq!(sendmsg(&c, &msg, 0).unwrap(), 5);
    assert_eq!(ioctl(&s, FIONREAD).unwrap(), 5);
    let mut buf = [0u8; 16];
    let mut riov = [IoSliceMut::new(&mut buf)];
    let mut rmsg = msghdr {
        msg_name: Some(sockaddr_in::default().into()),
        msg_iov: &mut riov[..],
        msg_control: vec![0; 64],
        msg_flags: 0,
    };
    assert_eq!(recvmsg(&s, &mut rmsg, 0).unwrap(), 5);
    assert_eq!(rmsg.msg_name, Some(getsockname(&c).unwrap()));
    assert_eq!(rmsg.msg_control.len(), 0);
    assert_eq!(&buf[..5], b"hello");
    // nothing queued: MSG_DONTWAIT says EAGAIN
    let mut riov = [IoSliceMut::new(&mut buf)];
    let mut rmsg = msghdr {
        msg_name: None,
        msg_iov: &mut riov[..],
        msg_control: vec![],
        msg_flags: 0,
    };
    let e = recvmsg(&s, &mut rmsg, MSG_DONTWAIT).unwrap_err();
    assert_eq!(e.errno(), Some(Errno::EAGAIN));
}

#[test]
fn ioctl_refuses_other_requests_without_a_call() {
    let (a, _b) = socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let e = ioctl(&a, 0x5401).unwrap_err();
    assert_eq!(e.errno(), None);
}

#[test]
fn epoll_reports_the_ready_descriptor() {
    let epfd = epoll_create1(0).unwrap();
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    epoll_ctl(
        &epfd,
        EPOLL_CTL_ADD,
        &b,
        &epoll_event::new(EPOLLIN, b.as_raw_fd() as u64),
    )
    .unwrap();
    let mut evs = [epoll_event::default(); 4];
    assert_eq!(epoll_wait(&epfd, &mut evs, 0).unwrap(), 0);
    write(&a, b"x").unwrap();
    assert_eq!(epoll_wait(&epfd, &mut evs, 1000).unwrap(), 1);
    assert_eq!(evs[0].events(), EPOLLIN);
    assert_eq!(evs[0].data(), b.as_raw_fd() as u64);
    epoll_ctl(&epfd, EPOLL_CTL_DEL, &b, &epoll_event::default()).unwrap();
    let e = epoll_ctl(&epfd, EPOLL_CTL_DEL, &b, &epoll_event::default()).unwrap_err();
    assert_eq!(e.errno(), Some(Errno::ENOENT));
}

#[test]
fn daytimetcpcli_peeks_then_reads() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port().to_string();
    let server = std::thread::spawn(move || {
        let (mut c, _) = l.accept().unwrap();
        c.write_all(b"Sun Dec  6 01:39:03 2026\r\n").unwrap();
    });
    let out = run(example("ch14_daytimetcpcli"), &["127.0.0.1", &port], "");
    server.join().unwrap();
    out.assert_success();
    assert_eq!(
        out.stdout,
        "26 bytes from PEEK, 26 bytes pending\nSun Dec  6 01:39:03 2026\r\n"
    );
}
