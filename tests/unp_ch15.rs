//! UNP chapter 15, Unix domain protocols: `ch15_unixbind`'s name and
//! length; the stream and datagram echo pairs over AF_UNIX paths (every
//! Rust/C mix), the book's unlink of a stale socket and never of anything
//! else; descriptor passing between `ch15_mycat` and `ch15_openfile` in
//! all four C/Rust combinations, with the errno coming back as the exit
//! status; the library's `write_fd`/`read_fd` (the same open file, owned
//! descriptors), `SO_PEERCRED` and `SCM_CREDENTIALS` checked against the
//! real client process; and trace mode's `msg_control` against strace's.
//!
//! Every path lives in a fresh temporary directory (never /tmp/unix.str
//! or /tmp/unix.dg: tests run in parallel), removed at the end.
mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{Server, TWIN_PAIRS, Twin, path_str, run, temp_dir};
use socklab::*;

// ---------------------------------------------------------------------
// ch15_unixbind
// ---------------------------------------------------------------------

/// Figure 15.2: the name and Linux's length (path + 2 + the NUL); a
/// second run fails with EADDRINUSE until the path is unlinked.
#[test]
fn unixbind_shows_name_and_length_then_address_in_use() {
    for twin in Twin::BOTH {
        let dir = temp_dir();
        let path = dir.path().join("moose");
        let p = path_str(&path);
        let out = run(twin.bin("ch15_unixbind"), &[p], "");
        out.assert_success();
        assert_eq!(
            out.stdout,
            format!("bound name = {p}, returned len = {}\n", p.len() + 3),
            "{twin:?}"
        );
        let meta = std::fs::symlink_metadata(&path).expect("the path exists");
        assert!(
            meta.file_type().is_socket(),
            "{twin:?}: bind made a socket file"
        );

        let again = run(twin.bin("ch15_unixbind"), &[p], "");
        assert_eq!(again.status.code(), Some(1), "{twin:?}");
        assert!(
            again.stderr.starts_with("bind: Address already in use"),
            "{twin:?}: {}",
            again.stderr
        );
        std::fs::remove_file(&path).expect("unlink");
        run(twin.bin("ch15_unixbind"), &[p], "").assert_success();
    }
}

/// SUN_LEN and getsockname_len, in the library.
#[test]
fn sun_len_and_the_returned_length() {
    let dir = temp_dir();
    let path = dir.path().join("s");
    let addr = sockaddr_un::new(&path).expect("addr");
    let n = path_str(&path).len();
    assert_eq!(SUN_LEN(&addr) as usize, 2 + n);
    let fd = socket(AF_UNIX, SOCK_STREAM, 0).expect("socket");
    bind_len(&fd, &addr, SUN_LEN(&addr)).expect("bind");
    let mut back = sockaddr_un::default();
    assert_eq!(
        getsockname_len(&fd, &mut back).expect("getsockname") as usize,
        2 + n + 1
    );
    assert_eq!(back, addr);
    // a length beyond the address is refused before any call
    let other = socket(AF_UNIX, SOCK_STREAM, 0).expect("socket");
    let err = bind_len(&other, &addr, 200).unwrap_err();
    assert_eq!(err.errno(), None);
}

// ---------------------------------------------------------------------
// The echo pairs
// ---------------------------------------------------------------------

fn start_server(twin: Twin, name: &str, path: &Path, ready: &str) -> Server {
    Server::start(twin.bin(name), &[path_str(path)], ready)
}

#[test]
fn unix_stream_echo_in_every_mix() {
    for (cli, srv) in TWIN_PAIRS {
        let dir = temp_dir();
        let path = dir.path().join("unix.str");
        let mut server = start_server(srv, "ch15_unixstrserv01", &path, "listening on");
        assert!(server.seen[0].ends_with(path_str(&path)));
        let out = run(
            cli.bin("ch15_unixstrcli01"),
            &[path_str(&path)],
            "hello\nworld, again\n",
        );
        out.assert_success();
        assert_eq!(out.stdout, "hello\nworld, again\n", "{cli:?} -> {srv:?}");
        // the child that served it is reaped (Figure 5.11's handler)
        server.wait_for_line("terminated", Duration::from_secs(5));
        server.stop();
    }
}

#[test]
fn unix_dgram_echo_in_every_mix_and_the_client_removes_its_path() {
    for (cli, srv) in TWIN_PAIRS {
        let dir = temp_dir();
        let path = dir.path().join("unix.dg");
        let mut server = start_server(srv, "ch15_unixdgserv01", &path, "bound to");
        let out = common::run_env(
            cli.bin("ch15_unixdgcli01"),
            &[path_str(&path)],
            "one\ntwo two\n",
            &[("TMPDIR", path_str(dir.path()))],
        );
        out.assert_success();
        assert_eq!(out.stdout, "one\ntwo two\n", "{cli:?} -> {srv:?}");
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("read_dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            left,
            ["unix.dg"],
            "{cli:?}: the client's own path must be gone"
        );
        server.stop();
    }
}

/// The book's unlink before bind: a socket a killed server left behind is
/// replaced; a regular file at the path is an error and stays.
#[test]
fn servers_replace_a_stale_socket_and_keep_anything_else() {
    for twin in Twin::BOTH {
        for (name, ready, socktype) in [
            ("ch15_unixstrserv01", "listening on", SOCK_STREAM),
            ("ch15_unixstrserv02", "listening on", SOCK_STREAM),
            ("ch15_unixdgserv01", "bound to", SOCK_DGRAM),
        ] {
            let dir = temp_dir();
            let path = dir.path().join("sock");
            // a crashed server's socket file: bound, then closed
            let stale = socket(AF_UNIX, socktype, 0).expect("socket");
            bind(&stale, &sockaddr_un::new(&path).expect("addr")).expect("bind");
            drop(stale);
            let mut server = start_server(twin, name, &path, ready);
            server.stop();

            let file = dir.path().join("notes.txt");
            std::fs::write(&file, "keep me\n").expect("write");
            let out = run(twin.bin(name), &[path_str(&file)], "");
            assert_eq!(out.status.code(), Some(1), "{twin:?} {name}");
            assert!(
                out.stderr
                    .contains("exists and is not a socket (not removed)"),
                "{twin:?} {name}: {}",
                out.stderr
            );
            assert_eq!(std::fs::read_to_string(&file).expect("kept"), "keep me\n");
        }
    }
}

// ---------------------------------------------------------------------
// Descriptor passing: mycat + openfile
// ---------------------------------------------------------------------

/// A directory holding `ch15_mycat` of one world next to `ch15_openfile`
/// of another (symbolic links: mycat execs the openfile in its own
/// directory).
fn pair_dir(mycat: Twin, openfile: Twin) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = temp_dir();
    let cat = dir.path().join("ch15_mycat");
    std::os::unix::fs::symlink(mycat.bin("ch15_mycat"), &cat).expect("symlink mycat");
    std::os::unix::fs::symlink(
        openfile.bin("ch15_openfile"),
        dir.path().join("ch15_openfile"),
    )
    .expect("symlink openfile");
    (dir, cat)
}

#[test]
fn mycat_and_openfile_interoperate_in_all_four_combinations() {
    let data = temp_dir();
    let file = data.path().join("data.bin");
    let content: Vec<u8> = (0..50_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&file, &content).expect("write data");
    for mycat in Twin::BOTH {
        for openfile in Twin::BOTH {
            let (_dir, cat) = pair_dir(mycat, openfile);
            let out = Command::new(&cat)
                .arg(&file)
                .stdin(Stdio::null())
                .output()
                .expect("run mycat");
            assert!(
                out.status.success(),
                "mycat {mycat:?} + openfile {openfile:?}: {:?} {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                out.stdout == content,
                "mycat {mycat:?} + openfile {openfile:?}: {} bytes, not the file's {}",
                out.stdout.len(),
                content.len()
            );

            // the errno comes back as openfile's exit status
            let missing = data.path().join("missing");
            let out = Command::new(&cat)
                .arg(&missing)
                .output()
                .expect("run mycat");
            assert_eq!(out.status.code(), Some(1), "{mycat:?} + {openfile:?}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.starts_with("my_open: cannot open ")
                    && err.contains("No such file or directory"),
                "{mycat:?} + {openfile:?}: {err}"
            );
            let out = Command::new(&cat)
                .arg("/proc/self/mem/x")
                .output()
                .expect("run");
            assert!(
                String::from_utf8_lossy(&out.stderr).contains("Not a directory"),
                "ENOTDIR through the exit status: {mycat:?} + {openfile:?}"
            );
        }
    }
}

/// openfile's exit status is the errno of what failed.
#[test]
fn openfile_exit_status_is_the_errno() {
    for twin in Twin::BOTH {
        let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0).expect("socketpair");
        // the child inherits b (socklab sets no close-on-exec) as fd b
        let n = b.as_raw().to_string();
        let st = Command::new(twin.bin("ch15_openfile"))
            .args([n.as_str(), "/nonexistent/file", "0"])
            .status()
            .expect("run");
        assert_eq!(st.code(), Some(libc::ENOENT), "{twin:?}");
        // a descriptor number that is not open: EBADF from sendmsg
        let st = Command::new(twin.bin("ch15_openfile"))
            .args(["900", "/etc/passwd", "0"])
            .status()
            .expect("run");
        assert_eq!(st.code(), Some(libc::EBADF), "{twin:?}");
        drop((a, b));
    }
}

// ---------------------------------------------------------------------
// The library: write_fd / read_fd, cmsg
// ---------------------------------------------------------------------

/// The descriptor that arrives is another number for the same open file:
/// the file offset is shared.
#[test]
fn a_passed_descriptor_shares_the_open_file() {
    let dir = temp_dir();
    let path = dir.path().join("f");
    std::fs::write(&path, b"0123456789").expect("write");
    let fd = open(&path, O_RDONLY, 0).expect("open");
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0).expect("socketpair");
    assert_eq!(write_fd(&a, b"\0", &fd).expect("write_fd"), 1);
    let mut c = [0u8; 1];
    let (n, got) = read_fd(&b, &mut c).expect("read_fd");
    assert_eq!(n, 1);
    let got = got.expect("a descriptor");
    assert_ne!(got.as_raw(), fd.as_raw(), "a new number");
    let mut buf = [0u8; 4];
    assert_eq!(read(&got, &mut buf).expect("read"), 4);
    assert_eq!(&buf, b"0123");
    assert_eq!(read(&fd, &mut buf).expect("read"), 4);
    assert_eq!(&buf, b"4567", "the offset moved for both");
    // no descriptor with the bytes: None
    write(&a, b"x").expect("write");
    assert!(read_fd(&b, &mut c).expect("read_fd").1.is_none());
    // end of file
    drop(a);
    assert_eq!(read_fd(&b, &mut c).expect("read_fd").0, 0);
}

#[test]
fn read_fd_refuses_two_descriptors_and_a_truncated_message() {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0).expect("socketpair");
    let send = |n: usize| {
        let fds = vec![a.as_fd(); n];
        let iov = [IoSlice::new(b"x")];
        let msg = msghdr {
            msg_name: None,
            msg_iov: &iov[..],
            msg_control: cmsg_rights(&fds),
            msg_flags: 0,
        };
        sendmsg(&a, &msg, 0).expect("sendmsg");
    };
    send(2);
    let e = read_fd(&b, &mut [0u8; 1]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "read_fd: expected one descriptor, received 2 (closed)"
    );
    send(3);
    let e = read_fd(&b, &mut [0u8; 1]).unwrap_err();
    assert!(e.to_string().contains("MSG_CTRUNC"), "{e}");
    assert_eq!(e.errno(), None);
}

#[test]
fn cmsg_layout_is_the_c_librarys() {
    assert_eq!(CMSG_LEN(4), glibc_cmsg_len(4));
    assert_eq!(CMSG_SPACE(4), 24);
    assert_eq!(CMSG_SPACE(12), 32);
    let (x, _y) = socketpair(AF_UNIX, SOCK_STREAM, 0).expect("socketpair");
    let bytes = cmsg_rights(&[x.as_fd()]);
    assert_eq!(bytes.len(), 24);
    assert_eq!(
        &bytes[..8],
        &20usize.to_ne_bytes(),
        "cmsg_len = CMSG_LEN(4)"
    );
    assert_eq!(&bytes[8..12], &SOL_SOCKET.to_ne_bytes());
    assert_eq!(&bytes[12..16], &SCM_RIGHTS.to_ne_bytes());
    assert_eq!(&bytes[16..20], &x.as_raw().to_ne_bytes());
}

/// CMSG_LEN as glibc computes it (header aligned, then the data).
fn glibc_cmsg_len(n: usize) -> usize {
    let align = size_of::<usize>();
    (16usize).div_ceil(align) * align + n
}

// ---------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------

/// Runs `ch15_unixstrcli01` (of `cli`) against `path`: sends a line, waits
/// for the echo, returns the client's pid, then lets it end.
fn client_round_trip(cli: Twin, path: &Path) -> u32 {
    let mut child = Command::new(cli.bin("ch15_unixstrcli01"))
        .arg(path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn client");
    let pid = child.id();
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"who am i\n").expect("write");
    let mut echo = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut echo)
        .expect("read echo");
    assert_eq!(echo, "who am i\n");
    drop(stdin);
    assert!(child.wait().expect("wait").success());
    pid
}

#[test]
fn unixstrserv02_prints_the_real_client_pid_uid_gid() {
    let uid = id_of("-u");
    let gid = id_of("-g");
    for (cli, srv) in TWIN_PAIRS {
        let dir = temp_dir();
        let path = dir.path().join("unix.str");
        let mut server = start_server(srv, "ch15_unixstrserv02", &path, "listening on");
        let pid = client_round_trip(cli, &path);
        let line = server.wait_for_line("PID of sender", Duration::from_secs(5));
        assert_eq!(line, format!("PID of sender = {pid}"), "{cli:?} -> {srv:?}");
        server.wait_for_line("real group ID", Duration::from_secs(5));
        let seen = server.seen.join("\n");
        assert!(seen.contains(&format!("real user ID = {uid}\n")), "{seen}");
        assert!(seen.contains(&format!("real group ID = {gid}")), "{seen}");
        server.stop();
    }
}

/// `id -u` / `id -g`: the test's own ids, which its children share.
fn id_of(flag: &str) -> String {
    let out = Command::new("id").arg(flag).output().expect("id");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// SO_PEERCRED: the pid of the process at the other end, as the kernel
/// recorded it at connect — checked against a real client process.
#[test]
fn so_peercred_names_the_connecting_process() {
    let dir = temp_dir();
    let path = dir.path().join("peer.sock");
    let listenfd = socket(AF_UNIX, SOCK_STREAM, 0).expect("socket");
    bind(&listenfd, &sockaddr_un::new(&path).expect("addr")).expect("bind");
    listen(&listenfd, LISTENQ).expect("listen");
    let mut child = Command::new(common::example("ch15_unixstrcli01"))
        .arg(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn client");
    let (connfd, _) = accept(&listenfd).expect("accept");
    let cred = getsockopt(&connfd, SOL_SOCKET, SO_PEERCRED).expect("SO_PEERCRED");
    assert_eq!(cred.pid as u32, child.id());
    assert_eq!(cred.uid.to_string(), id_of("-u"));
    assert_eq!(cred.gid.to_string(), id_of("-g"));
    drop(child.stdin.take());
    drop(connfd);
    let _ = child.wait();
}

/// SCM_CREDENTIALS sent explicitly (a process may send its own ids) and
/// received with SO_PASSCRED; without SO_PASSCRED, nothing comes.
#[test]
fn scm_credentials_round_trip() {
    let (a, b) = socketpair(AF_UNIX, SOCK_DGRAM, 0).expect("socketpair");
    setsockopt(&b, SOL_SOCKET, SO_PASSCRED, &1).expect("SO_PASSCRED");
    assert_eq!(getsockopt(&b, SOL_SOCKET, SO_PASSCRED).expect("get"), 1);
    let me = getsockopt(&a, SOL_SOCKET, SO_PEERCRED).expect("peercred");
    assert_eq!(me.pid, getpid());
    let iov = [IoSlice::new(b"hi")];
    let msg = msghdr {
        msg_name: None,
        msg_iov: &iov[..],
        msg_control: cmsg_credentials(&me),
        msg_flags: 0,
    };
    sendmsg(&a, &msg, 0).expect("sendmsg");
    let mut buf = [0u8; 8];
    let mut iov = [IoSliceMut::new(&mut buf)];
    let mut msg = msghdr {
        msg_name: None,
        msg_iov: &mut iov[..],
        msg_control: vec![0u8; CMSG_SPACE(size_of::<ucred>())],
        msg_flags: 0,
    };
    assert_eq!(recvmsg(&b, &mut msg, 0).expect("recvmsg"), 2);
    match take_cmsgs(&mut msg).expect("cmsgs").as_slice() {
        [Cmsg::Credentials(c)] => {
            assert_eq!((c.pid, c.uid, c.gid), (me.pid, me.uid, me.gid));
        }
        other => panic!("expected SCM_CREDENTIALS, got {other:?}"),
    }
}

// ---------------------------------------------------------------------
// Trace mode's msg_control, against strace
// ---------------------------------------------------------------------

/// `ch15_mycat` with `SOCKLAB_TRACE=1` under strace: the sendmsg of the
/// exec'd openfile and mycat's recvmsg print exactly as strace shows them
/// (`msg_control=[{cmsg_len=20, …, cmsg_data=[3]}]`).
#[test]
fn trace_mode_prints_scm_rights_as_strace_does() {
    if !common::strace_available() {
        return;
    }
    let dir = temp_dir();
    let log = dir.path().join("strace.txt");
    let out = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=sendmsg,recvmsg", "-o"])
        .arg(&log)
        .arg(common::example("ch15_mycat"))
        .arg("/etc/passwd")
        .env("SOCKLAB_TRACE", "1")
        .output()
        .expect("strace");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut text = String::new();
    std::fs::File::open(&log)
        .expect("log")
        .read_to_string(&mut text)
        .expect("read log");
    // strace: "PID call(...) = 1"; trace mode: "[pid N] call(...) = 1" or bare
    let strip = |l: &str| -> String {
        let l = l
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start();
        let l = match l.strip_prefix("[pid ") {
            Some(rest) => rest.split_once("] ").map_or(rest, |(_, t)| t),
            None => l,
        };
        l.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let from_strace: Vec<String> = text
        .lines()
        .filter(|l| l.contains("sendmsg(") || l.contains("recvmsg("))
        .map(strip)
        .collect();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let from_trace: Vec<String> = stderr
        .lines()
        .filter(|l| l.contains("sendmsg(") || l.contains("recvmsg("))
        .map(strip)
        .collect();
    assert_eq!(from_strace.len(), 2, "{text}");
    assert!(
        from_strace[0].contains("cmsg_type=SCM_RIGHTS, cmsg_data=[3]}], msg_controllen=24"),
        "{from_strace:?}"
    );
    assert_eq!(from_trace, from_strace);
    // the exec'd openfile goes on with [pid N], as strace -f shows it
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("[pid ") && l.contains("] sendmsg(4, ")),
        "{stderr}"
    );
}

/// Control bytes built by hand, with a `cmsg_len` far past the buffer:
/// the walk stops there (no overflow, no panic), the data cut to what is
/// there.
#[test]
fn take_cmsgs_stops_at_a_length_past_the_buffer() {
    let mut control = Vec::new();
    control.extend_from_slice(&usize::MAX.to_ne_bytes());
    control.extend_from_slice(&0i32.to_ne_bytes()); // level 0: not SOL_SOCKET
    control.extend_from_slice(&7i32.to_ne_bytes());
    control.extend_from_slice(b"abcd");
    let mut msg = msghdr {
        msg_name: None,
        msg_iov: (),
        msg_control: control,
        msg_flags: 0,
    };
    match take_cmsgs(&mut msg).expect("cmsgs").as_slice() {
        [
            Cmsg::Other {
                cmsg_level: 0,
                cmsg_type: 7,
                cmsg_data,
            },
        ] => assert_eq!(cmsg_data, b"abcd"),
        other => panic!("{other:?}"),
    }
    assert!(msg.msg_control.is_empty(), "taken");
}

/// Run by [`trace_mode_prints_credentials_as_strace_does`] in a child
/// process (this test binary, `--exact`, with `CH15_TRACE_PROBE` set):
/// the credential calls, for trace mode and strace to print.
#[test]
fn credentials_trace_probe() {
    if std::env::var_os("CH15_TRACE_PROBE").is_none() {
        return;
    }
    let (a, b) = socketpair(AF_UNIX, SOCK_DGRAM, 0).expect("socketpair");
    let me = getsockopt(&a, SOL_SOCKET, SO_PEERCRED).expect("SO_PEERCRED");
    setsockopt(&b, SOL_SOCKET, SO_PASSCRED, &1).expect("SO_PASSCRED");
    let iov = [IoSlice::new(b"x")];
    let msg = msghdr {
        msg_name: None,
        msg_iov: &iov[..],
        msg_control: cmsg_credentials(&me),
        msg_flags: 0,
    };
    sendmsg(&a, &msg, 0).expect("sendmsg");
    let mut buf = [0u8; 4];
    let mut iov = [IoSliceMut::new(&mut buf)];
    let mut msg = msghdr {
        msg_name: None,
        msg_iov: &mut iov[..],
        msg_control: vec![0u8; CMSG_SPACE(size_of::<ucred>())],
        msg_flags: 0,
    };
    recvmsg(&b, &mut msg, 0).expect("recvmsg");
    // too little room: MSG_CTRUNC in msg_flags
    write(&a, b"y").expect("write");
    let mut iov = [IoSliceMut::new(&mut buf)];
    let mut msg = msghdr {
        msg_name: None,
        msg_iov: &mut iov[..],
        msg_control: vec![0u8; 4],
        msg_flags: 0,
    };
    recvmsg(&b, &mut msg, 0).expect("recvmsg");
}

/// SO_PEERCRED's `{pid=…, uid=…, gid=…}, [12]`, SO_PASSCRED, and
/// SCM_CREDENTIALS in sendmsg/recvmsg (and `msg_flags=MSG_CTRUNC`): trace
/// mode's lines are strace's.
#[test]
fn trace_mode_prints_credentials_as_strace_does() {
    if !common::strace_available() {
        return;
    }
    let dir = temp_dir();
    let log = dir.path().join("strace.txt");
    let out = Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-e",
            "trace=getsockopt,setsockopt,sendmsg,recvmsg",
            "-o",
        ])
        .arg(&log)
        .arg(std::env::current_exe().expect("test binary"))
        .args(["--exact", "credentials_trace_probe", "--test-threads=1"])
        .env("CH15_TRACE_PROBE", "1")
        .env("SOCKLAB_TRACE", "1")
        .output()
        .expect("strace");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&log).expect("log");
    let calls = ["getsockopt(", "setsockopt(", "sendmsg(", "recvmsg("];
    let strip = |l: &str| -> String {
        let l = l
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start();
        l.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let from_strace: Vec<String> = text
        .lines()
        .map(strip)
        .filter(|l| calls.iter().any(|c| l.starts_with(c)))
        .collect();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let from_trace: Vec<String> = stderr
        .lines()
        .map(strip)
        .filter(|l| calls.iter().any(|c| l.starts_with(c)))
        .collect();
    assert_eq!(from_strace.len(), 5, "{text}");
    assert!(
        from_strace[0].contains("SO_PEERCRED, {pid="),
        "{from_strace:?}"
    );
    assert!(
        from_strace[4].contains("msg_flags=MSG_CTRUNC"),
        "{from_strace:?}"
    );
    assert_eq!(from_trace, from_strace);
}
