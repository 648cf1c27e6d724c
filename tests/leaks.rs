//! No descriptor leaks on any error path (issue 6 §1, last point).
//!
//! Each case below makes a socklab call fail — a refused connection, a
//! port in use, accept on a socket that is not listening, an AF_UNIX path
//! too long, an address that does not parse, an unknown host… — many times
//! over, and the number of entries in `/proc/self/fd` must be the same
//! afterwards as before. Every case also checks that the call really
//! failed (with the errno a student would expect), so a case that silently
//! starts succeeding is noticed. A few success paths (accept, socketpair,
//! getaddrinfo) are counted too: dropping the `Fd`s must close them.
//!
//! Descriptor counts are per process, so this file holds a single `#[test]`
//! and runs as its own test binary: no other test can open a descriptor
//! while it counts. It never forks.
#![allow(unsafe_code)] // only in `the_counter_sees_a_leak`, which says why it is sound

mod common;

use socklab::*;

/// How many times each failing call is repeated.
const ROUNDS: usize = 200;
/// For cases that wait (1 ms timeouts) or ask the resolver.
const SLOW_ROUNDS: usize = 20;

/// Open descriptors of this process right now.
fn fds_now() -> usize {
    // read_dir's own descriptor is counted in every measurement alike.
    common::open_fds(std::process::id())
}

type Case = fn() -> Result<()>;

/// A call that must fail, and a word its error must contain (an errno
/// name, or part of the message of an argument error; `A|B` for either,
/// where kernels differ).
struct Failing {
    name: &'static str,
    expect: &'static str,
    rounds: usize,
    call: Case,
}

fn loopback(port: u16) -> sockaddr_in {
    sockaddr_in::new(INADDR_LOOPBACK, port)
}

/// A bound, listening TCP socket on a loopback port chosen by the kernel.
fn listener() -> Result<(Fd, SockAddr)> {
    let fd = socket(AF_INET, SOCK_STREAM, 0)?;
    bind(&fd, &loopback(0))?;
    listen(&fd, LISTENQ)?;
    let addr = getsockname(&fd)?;
    Ok((fd, addr))
}

/// A 1 ms receive timeout, so blocking calls fail with EAGAIN quickly.
fn short_timeout(fd: &Fd) -> Result<()> {
    setsockopt(
        fd,
        SOL_SOCKET,
        SO_RCVTIMEO,
        &timeval {
            tv_sec: 0,
            tv_usec: 1000,
        },
    )
}

fn failing_calls() -> Vec<Failing> {
    vec![
        Failing {
            name: "socket with an unknown family",
            expect: "EAFNOSUPPORT",
            rounds: ROUNDS,
            call: || socket(12345, SOCK_STREAM, 0).map(drop),
        },
        Failing {
            name: "socketpair on AF_INET",
            expect: "EOPNOTSUPP",
            rounds: ROUNDS,
            call: || socketpair(AF_INET, SOCK_STREAM, 0).map(drop),
        },
        Failing {
            name: "connect refused",
            expect: "ECONNREFUSED",
            rounds: ROUNDS,
            call: || {
                // A port that is bound but not listening refuses connections,
                // and nobody else can take it while we hold it.
                let bound = socket(AF_INET, SOCK_STREAM, 0)?;
                bind(&bound, &loopback(0))?;
                let addr = getsockname(&bound)?;
                let fd = socket(AF_INET, SOCK_STREAM, 0)?;
                connect(&fd, &addr)
            },
        },
        Failing {
            name: "bind a port in use",
            expect: "EADDRINUSE",
            rounds: ROUNDS,
            call: || {
                let (_listenfd, addr) = listener()?;
                let fd = socket(AF_INET, SOCK_STREAM, 0)?;
                bind(&fd, &addr)
            },
        },
        Failing {
            name: "bind the same socket twice",
            expect: "EINVAL",
            rounds: ROUNDS,
            call: || {
                let fd = socket(AF_INET, SOCK_STREAM, 0)?;
                bind(&fd, &loopback(0))?;
                bind(&fd, &loopback(0))
            },
        },
        Failing {
            name: "listen on a UDP socket",
            expect: "EOPNOTSUPP",
            rounds: ROUNDS,
            call: || listen(socket(AF_INET, SOCK_DGRAM, 0)?, LISTENQ),
        },
        Failing {
            name: "accept on a socket that is not listening",
            expect: "EINVAL",
            rounds: ROUNDS,
            call: || accept(socket(AF_INET, SOCK_STREAM, 0)?).map(drop),
        },
        Failing {
            name: "accept that times out",
            expect: "EAGAIN",
            rounds: SLOW_ROUNDS,
            call: || {
                let (listenfd, _) = listener()?;
                short_timeout(&listenfd)?;
                accept(&listenfd).map(drop)
            },
        },
        Failing {
            name: "connect an AF_UNIX socket to a missing path",
            expect: "ENOENT",
            rounds: ROUNDS,
            call: || {
                let fd = socket(AF_UNIX, SOCK_STREAM, 0)?;
                connect(&fd, &sockaddr_un::new("/nonexistent-socklab-dir/sock")?)
            },
        },
        Failing {
            name: "bind an AF_UNIX socket in a missing directory",
            expect: "ENOENT",
            rounds: ROUNDS,
            call: || {
                let fd = socket(AF_UNIX, SOCK_STREAM, 0)?;
                bind(&fd, &sockaddr_un::new("/nonexistent-socklab-dir/sock")?)
            },
        },
        Failing {
            name: "sockaddr_un path too long",
            expect: "too long",
            rounds: ROUNDS,
            call: || {
                let fd = socket(AF_UNIX, SOCK_STREAM, 0)?;
                let path = format!("/tmp/{}", "x".repeat(200));
                bind(&fd, &sockaddr_un::new(path)?)
            },
        },
        Failing {
            name: "sockaddr_un path with a NUL byte",
            expect: "NUL",
            rounds: ROUNDS,
            call: || sockaddr_un::new("/tmp/a\0b").map(drop),
        },
        Failing {
            name: "inet_pton of a bad address",
            expect: "not a valid AF_INET address",
            rounds: ROUNDS,
            call: || inet_pton(AF_INET, "256.1.2.3", &mut in_addr::default()),
        },
        Failing {
            name: "parse a bad socket address",
            expect: "not of the form",
            rounds: ROUNDS,
            call: || "127.0.0.1".parse::<SockAddr>().map(drop),
        },
        Failing {
            name: "parse_port out of range",
            expect: "not a port number",
            rounds: ROUNDS,
            call: || parse_port("65536").map(drop),
        },
        Failing {
            name: "getaddrinfo of a non-numeric host with AI_NUMERICHOST",
            expect: "getaddrinfo",
            rounds: ROUNDS,
            call: || {
                let hints = addrinfo {
                    ai_flags: AI_NUMERICHOST,
                    ai_family: AF_INET,
                    ..Default::default()
                };
                getaddrinfo(Some("not-a-number"), Some("9877"), &hints).map(drop)
            },
        },
        Failing {
            name: "getaddrinfo of an unknown host (the resolver runs)",
            expect: "getaddrinfo",
            rounds: SLOW_ROUNDS,
            call: || {
                let hints = addrinfo {
                    ai_family: AF_INET,
                    ..Default::default()
                };
                getaddrinfo(Some(common::NO_SUCH_HOST), None, &hints).map(drop)
            },
        },
        Failing {
            name: "resolve_ipv4 of an IPv6 literal",
            expect: "IPv6",
            rounds: ROUNDS,
            call: || resolve_ipv4("::1", 9877).map(drop),
        },
        Failing {
            name: "setsockopt at a bad level",
            expect: "ENOPROTOOPT",
            rounds: ROUNDS,
            call: || setsockopt(socket(AF_INET, SOCK_STREAM, 0)?, 9999, SO_REUSEADDR, &1),
        },
        Failing {
            name: "getsockopt at a bad level",
            // Linux 6 answers EOPNOTSUPP for TCP sockets, older kernels ENOPROTOOPT.
            expect: "ENOPROTOOPT|EOPNOTSUPP",
            rounds: ROUNDS,
            call: || getsockopt(socket(AF_INET, SOCK_STREAM, 0)?, 9999, SO_REUSEADDR).map(drop),
        },
        Failing {
            name: "getpeername on an unconnected socket",
            expect: "ENOTCONN",
            rounds: ROUNDS,
            call: || getpeername(socket(AF_INET, SOCK_STREAM, 0)?).map(drop),
        },
        Failing {
            name: "shutdown of an unconnected socket",
            expect: "ENOTCONN",
            rounds: ROUNDS,
            call: || shutdown(socket(AF_INET, SOCK_STREAM, 0)?, SHUT_RDWR),
        },
        Failing {
            name: "read on a listening socket",
            expect: "ENOTCONN",
            rounds: ROUNDS,
            call: || read(listener()?.0, &mut [0u8; 16]).map(drop),
        },
        Failing {
            name: "recv on an unconnected socket",
            expect: "ENOTCONN",
            rounds: ROUNDS,
            call: || recv(socket(AF_INET, SOCK_STREAM, 0)?, &mut [0u8; 16], 0).map(drop),
        },
        Failing {
            name: "write after the peer closed (SIGPIPE ignored by the Rust runtime)",
            expect: "EPIPE",
            rounds: ROUNDS,
            call: || {
                let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
                close(b)?;
                write(&a, b"x").map(drop)
            },
        },
        Failing {
            name: "sendto UDP port 0",
            expect: "EINVAL",
            rounds: ROUNDS,
            call: || sendto(socket(AF_INET, SOCK_DGRAM, 0)?, b"x", 0, &loopback(0)).map(drop),
        },
        Failing {
            name: "recvfrom that times out",
            expect: "EAGAIN",
            rounds: SLOW_ROUNDS,
            call: || {
                let fd = socket(AF_INET, SOCK_DGRAM, 0)?;
                short_timeout(&fd)?;
                recvfrom(&fd, &mut [0u8; 16], 0).map(drop)
            },
        },
        Failing {
            name: "connect a connected socket",
            expect: "EISCONN",
            rounds: ROUNDS,
            call: || {
                let (listenfd, addr) = listener()?;
                let fd = socket(AF_INET, SOCK_STREAM, 0)?;
                connect(&fd, &addr)?;
                let (_connfd, _) = accept(&listenfd)?;
                connect(&fd, &addr)
            },
        },
        Failing {
            name: "dup2 onto a negative number",
            expect: "EBADF",
            rounds: ROUNDS,
            call: || dup2(socket(AF_INET, SOCK_STREAM, 0)?, -1).map(drop),
        },
        Failing {
            name: "select with a negative nfds",
            expect: "EINVAL",
            rounds: ROUNDS,
            call: || {
                let mut timeout = timeval {
                    tv_sec: 0,
                    tv_usec: 0,
                };
                select(-1, None, None, None, Some(&mut timeout)).map(drop)
            },
        },
        Failing {
            name: "waitpid with no children",
            expect: "ECHILD",
            rounds: ROUNDS,
            call: || waitpid(-1, WNOHANG).map(drop),
        },
        Failing {
            name: "unlink a missing path",
            expect: "ENOENT",
            rounds: ROUNDS,
            call: || unlink("/nonexistent-socklab-dir/sock"),
        },
        Failing {
            name: "signal with a bad signal number",
            expect: "EINVAL",
            rounds: ROUNDS,
            call: || signal(12345, SIG_IGN, 0),
        },
        // --- chapter 15: descriptor passing [ch15 block] ---
        // Each sends descriptors the receiver did not ask for; the ones that
        // arrive are new numbers in this process and must all be closed.
        Failing {
            name: "read_fd when two descriptors are sent",
            expect: "expected one descriptor, received 2",
            rounds: ROUNDS,
            call: || read_fd_after(2),
        },
        Failing {
            name: "read_fd when three are sent (two fit, MSG_CTRUNC)",
            expect: "MSG_CTRUNC",
            rounds: ROUNDS,
            call: || read_fd_after(3),
        },
        Failing {
            name: "recvmsg with room for one descriptor, three sent (take_cmsgs)",
            expect: "MSG_CTRUNC",
            rounds: ROUNDS,
            call: || {
                let (a, b) = socketpair(AF_UNIX, SOCK_DGRAM, 0)?;
                send_fds(&a, 3)?;
                let mut c = [0u8; 1];
                let mut iov = [IoSliceMut::new(&mut c)];
                let mut msg = msghdr {
                    msg_name: None,
                    msg_iov: &mut iov[..],
                    msg_control: vec![0u8; CMSG_SPACE(size_of::<c_int>())],
                    msg_flags: 0,
                };
                recvmsg(&b, &mut msg, 0)?;
                take_cmsgs(&mut msg).map(drop)
            },
        },
        // --- end of chapter 15 ---
    ]
}

// [ch15] Sends `n` descriptors (the sending socket itself, n times) with
// one byte.
fn send_fds(a: &Fd, n: usize) -> Result<()> {
    let fds = vec![a.as_fd(); n];
    let iov = [IoSlice::new(b"x")];
    let msg = msghdr {
        msg_name: None,
        msg_iov: &iov[..],
        msg_control: cmsg_rights(&fds),
        msg_flags: 0,
    };
    sendmsg(a, &msg, 0).map(drop)
}

// [ch15] read_fd after `n` descriptors were sent on a socketpair.
fn read_fd_after(n: usize) -> Result<()> {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
    send_fds(&a, n)?;
    read_fd(&b, &mut [0u8; 1]).map(drop)
}

/// Calls that succeed: their `Fd`s must be closed when dropped.
fn succeeding_calls() -> Vec<(&'static str, Case)> {
    vec![
        ("socket", || socket(AF_INET, SOCK_STREAM, 0).map(drop)),
        ("socketpair", || {
            socketpair(AF_UNIX, SOCK_STREAM, 0).map(drop)
        }),
        ("connect + accept", || {
            let (listenfd, addr) = listener()?;
            let fd = socket(AF_INET, SOCK_STREAM, 0)?;
            connect(&fd, &addr)?;
            let (connfd, _) = accept(&listenfd)?;
            write(&connfd, b"x")?;
            read(&fd, &mut [0u8; 1]).map(drop)
        }),
        ("dup", || dup(socket(AF_INET, SOCK_STREAM, 0)?).map(drop)),
        // [ch15] the descriptor read_fd returns is closed when dropped
        ("write_fd + read_fd", || {
            let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
            write_fd(&a, b"\0", &a)?;
            match read_fd(&b, &mut [0u8; 1])? {
                (1, Some(_fd)) => Ok(()),
                other => panic!("read_fd: {other:?}"),
            }
        }),
        ("getaddrinfo localhost", || {
            let hints = addrinfo {
                ai_family: AF_INET,
                ..Default::default()
            };
            getaddrinfo(Some("localhost"), Some("9877"), &hints).map(drop)
        }),
    ]
}

/// The counter itself can see a leak: forget one descriptor, count, then
/// take it back and close it. (A leak test that cannot fail is no test.)
fn the_counter_sees_a_leak() {
    use std::os::fd::{FromRawFd, IntoRawFd, OwnedFd};
    let before = fds_now();
    let raw = socket(AF_INET, SOCK_STREAM, 0)
        .expect("socket")
        .into_raw_fd();
    assert_eq!(
        fds_now(),
        before + 1,
        "a forgotten socket must show in /proc/self/fd"
    );
    // SAFETY: `raw` came from into_raw_fd() just above: it is open and
    // nothing else owns it, so taking ownership back (and closing it) is sound.
    drop(unsafe { OwnedFd::from_raw_fd(raw) });
    assert_eq!(fds_now(), before);
}

#[test]
fn no_descriptor_leaks_on_error_paths() {
    the_counter_sees_a_leak();

    let mut leaks = Vec::new();
    let start = fds_now();
    for case in failing_calls() {
        let before = fds_now();
        for round in 0..case.rounds {
            match (case.call)() {
                Ok(()) => panic!(
                    "{}: expected an error, the call succeeded (round {round})",
                    case.name
                ),
                Err(e) => {
                    let text = format!("{e}");
                    assert!(
                        case.expect.split('|').any(|word| text.contains(word)),
                        "{}: error {text:?} does not mention {:?}",
                        case.name,
                        case.expect
                    );
                }
            }
        }
        let after = fds_now();
        if after != before {
            leaks.push(format!(
                "{}: {before} descriptors before, {after} after {} rounds",
                case.name, case.rounds
            ));
        }
    }
    for (name, call) in succeeding_calls() {
        let before = fds_now();
        for _ in 0..ROUNDS {
            if let Err(e) = call() {
                panic!("{name}: {e}");
            }
        }
        let after = fds_now();
        if after != before {
            leaks.push(format!(
                "{name} (success path): {before} descriptors before, {after} after"
            ));
        }
    }
    assert!(leaks.is_empty(), "descriptor leaks:\n{}", leaks.join("\n"));
    assert_eq!(fds_now(), start, "descriptors left open at the end");
}
