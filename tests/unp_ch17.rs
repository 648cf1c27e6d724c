//! UNP chapter 17, ioctl operations.
//!
//! The programs need real interfaces, so they run in a network namespace
//! the test creates and removes (`NetNs`, a Drop guard): loopback, a veth
//! pair `va`/`vb` with fixed MAC addresses, an alias address (`va:1`), an
//! IPv6 address, a point-to-point `tun0` with a peer address, and a
//! permanent ARP entry — never the machine's own interfaces. There
//! `ch17_prifinfo` must print exactly what the namespace holds,
//! `ch17_prmac` must find the ARP entry and explain the host's own
//! addresses, the C and Rust twins must make the same calls (ioctls
//! included) under strace, and trace mode must print each ioctl as strace
//! does. Creating a namespace needs root (CAP_SYS_ADMIN and
//! CAP_NET_ADMIN) and `ip`: without them the tests say so and skip, and
//! under `CI=true` they fail.
//!
//! The library's ioctls that need no interface (FIONBIO, FIONREAD,
//! SIOCATMARK) and the name/index calls run on loopback in this process.
mod common;
#[allow(unused_macros, unused_imports)] // only its scrubbers
mod fidelity;

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use common::*;
use socklab::*;

// ---------------------------------------------------------------------
// The namespace
// ---------------------------------------------------------------------

/// A network namespace of the test's own, removed (with its interfaces)
/// on drop.
struct NetNs {
    name: String,
}

static NEXT: AtomicU32 = AtomicU32::new(0);

impl NetNs {
    /// The lab: `lo`; `va` (02:00:00:00:77:01, MTU 1400, 10.77.0.1/24 and
    /// the alias 10.77.0.11/24 labelled `va:1`, fd77::1/64) paired with
    /// `vb` (02:00:00:00:77:02, no IPv4 address); `tun0`, point to point,
    /// 10.78.0.1 peer 10.78.0.2; and a permanent ARP entry 10.77.0.99 →
    /// 02:00:00:00:77:99 on `va`. `None` (the test skips) when it cannot
    /// be made here; under `CI=true` that is a failure.
    fn lab() -> Option<NetNs> {
        let name = format!(
            "slch17-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let made = Command::new("ip")
            .args(["netns", "add", &name])
            .stderr(Stdio::piped())
            .output();
        match made {
            Ok(out) if out.status.success() => {}
            other => {
                let why = match other {
                    Ok(out) => String::from_utf8_lossy(&out.stderr).trim().to_string(),
                    Err(e) => format!("ip: {e}"),
                };
                let msg = format!(
                    "SKIPPED: this test needs a network namespace (root: CAP_SYS_ADMIN and \
                     CAP_NET_ADMIN, and iproute2's `ip`): {why}"
                );
                assert!(std::env::var("CI").as_deref() != Ok("true"), "{msg}");
                eprintln!("{msg}");
                return None;
            }
        }
        let ns = NetNs { name };
        for args in [
            "link set lo up",
            "link add va address 02:00:00:00:77:01 type veth peer name vb address 02:00:00:00:77:02",
            "addr add 10.77.0.1/24 brd + dev va",
            "addr add 10.77.0.11/24 brd + dev va label va:1",
            "addr add fd77::1/64 dev va nodad",
            "link set va mtu 1400 up",
            "link set vb up",
            "neigh add 10.77.0.99 lladdr 02:00:00:00:77:99 dev va nud permanent",
            "tuntap add dev tun0 mode tun",
            "addr add 10.78.0.1 peer 10.78.0.2 dev tun0",
            "link set tun0 up",
        ] {
            ns.ip(&args.split(' ').collect::<Vec<_>>());
        }
        Some(ns)
    }

    /// `ip -n NAME ARGS…`, which must succeed.
    fn ip(&self, args: &[&str]) -> String {
        let out = Command::new("ip")
            .args(["-n", &self.name])
            .args(args)
            .output()
            .expect("run ip");
        assert!(
            out.status.success(),
            "ip -n {} {args:?}: {}",
            self.name,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// An interface's index in the namespace (`3: va@vb: <…>`).
    fn index(&self, dev: &str) -> u32 {
        let text = self.ip(&["-o", "link", "show", dev]);
        text.split(':')
            .next()
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no index in {text:?}"))
    }

    /// Runs `program args` inside the namespace, to completion.
    fn run(&self, program: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut all = vec!["netns", "exec", &self.name, path_str(program)];
        all.extend_from_slice(args);
        run_env("ip", &all, "", env)
    }
}

impl Drop for NetNs {
    fn drop(&mut self) {
        let _ = Command::new("ip")
            .args(["netns", "del", &self.name])
            .status();
    }
}

// ---------------------------------------------------------------------
// ch17_prifinfo, ch17_prmac
// ---------------------------------------------------------------------

fn va_entry(index: u32, addr: &str) -> String {
    format!(
        "va: ({index}) <UP BCAST MCAST >\n  2:0:0:0:77:1\n  MTU: 1400\n  IP addr: {addr}\n  broadcast addr: 10.77.0.255\n"
    )
}

#[test]
fn prifinfo_inet4_prints_exactly_the_namespaces_interfaces() {
    let Some(ns) = NetNs::lab() else { return };
    let (va, tun) = (ns.index("va"), ns.index("tun0"));
    let lo = "lo: (1) <UP LOOP >\n  MTU: 65536\n  IP addr: 127.0.0.1\n";
    let tun0 = format!(
        "tun0: ({tun}) <UP MCAST P2P >\n  MTU: 1500\n  IP addr: 10.78.0.1\n  destination addr: 10.78.0.2\n"
    );
    let with_aliases = format!(
        "{lo}{}{}{tun0}",
        va_entry(va, "10.77.0.1"),
        va_entry(va, "10.77.0.11")
    );
    let without = format!("{lo}{}{tun0}", va_entry(va, "10.77.0.1"));
    for twin in Twin::BOTH {
        let out = ns.run(&twin.bin("ch17_prifinfo"), &["inet4", "1"], &[]);
        out.assert_success();
        assert_eq!(out.stdout, with_aliases, "{twin:?} inet4 1");
        let out = ns.run(&twin.bin("ch17_prifinfo"), &["inet4", "0"], &[]);
        out.assert_success();
        assert_eq!(out.stdout, without, "{twin:?} inet4 0");
    }
}

/// IPv6 comes from getifaddrs (Linux's SIOCGIFCONF is IPv4 only): ::1,
/// fd77::1 and the link-local addresses, no broadcast address.
#[test]
fn prifinfo_inet6_lists_the_ipv6_addresses() {
    let Some(ns) = NetNs::lab() else { return };
    for twin in Twin::BOTH {
        let out = ns.run(&twin.bin("ch17_prifinfo"), &["inet6", "1"], &[]);
        out.assert_success();
        for want in [
            "lo: (1) <UP LOOP >\n  MTU: 65536\n  IP addr: ::1\n",
            "  2:0:0:0:77:1\n  MTU: 1400\n  IP addr: fd77::1\n",
            "  IP addr: fe80::ff:fe00:7701\n",
            "  2:0:0:0:77:2\n  MTU: 1500\n  IP addr: fe80::ff:fe00:7702\n",
        ] {
            assert!(
                out.stdout.contains(want),
                "{twin:?}: no {want:?} in\n{}",
                out.stdout
            );
        }
        assert!(!out.stdout.contains("broadcast"), "{twin:?}");
        // doaliases 0: va once, with its first address
        let out = ns.run(&twin.bin("ch17_prifinfo"), &["inet6", "0"], &[]);
        out.assert_success();
        assert_eq!(
            out.stdout.matches("va: (").count(),
            1,
            "{twin:?}\n{}",
            out.stdout
        );
    }
}

#[test]
fn prmac_finds_a_neighbour_and_explains_the_hosts_own_addresses() {
    let Some(ns) = NetNs::lab() else { return };
    for twin in Twin::BOTH {
        let out = ns.run(&twin.bin("ch17_prmac"), &["10.77.0.99", "va"], &[]);
        out.assert_success();
        assert_eq!(out.stdout, "10.77.0.99: 2:0:0:0:77:99\n", "{twin:?}");

        let out = ns.run(&twin.bin("ch17_prmac"), &["10.77.0.98", "va"], &[]);
        out.assert_success();
        assert!(
            out.stdout
                .starts_with("10.77.0.98: not in the ARP cache (ioctl: No such device or address"),
            "{twin:?}: {:?}",
            out.stdout
        );

        let out = ns.run(&twin.bin("ch17_prmac"), &[], &[]);
        out.assert_success();
        let lines: Vec<&str> = out.stdout.lines().collect();
        assert_eq!(lines.len(), 3, "{twin:?}: {lines:?}");
        for (line, addr) in lines.iter().zip(["127.0.0.1", "10.77.0.1", "10.78.0.1"]) {
            assert!(
                line.starts_with(&format!("{addr}: not in the ARP cache (ioctl: "))
                    && line.ends_with("Linux never puts a host's own addresses there"),
                "{twin:?}: {line:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------
// Parity and trace mode, under strace, inside the namespace
// ---------------------------------------------------------------------

/// The calls compared: the sockets, the ioctls, and getifaddrs' netlink
/// exchange.
const CALLS: &str = "socket,bind,getsockname,sendto,recvmsg,ioctl,close";

/// One strace line made comparable: padding, addresses, netlink pids and
/// sequence numbers, and getifaddrs' netlink payloads (the kernel's dump
/// of links and addresses holds packet counters and IPv6 address states
/// that change between two runs: the call and its size are compared).
fn normalise(line: &str) -> String {
    let mut l = fidelity::scenarios::ctime_and_netlink(line);
    if l.contains("nlmsg_type=")
        && let (Some((call, _)), Some((_, result))) = (l.split_once(", "), l.rsplit_once(") = "))
    {
        l = format!("{call}, <netlink message>) = {result}");
    }
    // strace pads the result to a column
    while l.contains("  =") {
        l = l.replace("  =", " =");
    }
    let mut out = String::new();
    let mut rest = l.as_str();
    while let Some(i) = rest.find("0x") {
        out.push_str(&rest[..i]);
        let hex = rest[i + 2..]
            .bytes()
            .take_while(u8::is_ascii_hexdigit)
            .count();
        out.push_str(if hex > 4 {
            "0x..."
        } else {
            &rest[i..i + 2 + hex]
        });
        rest = &rest[i + 2 + hex..];
    }
    out.push_str(rest);
    out
}

/// `program args` under strace inside the namespace: the lines from the
/// first `socket(` on (the runtimes' start-up differs), normalised; and
/// what the program wrote on stderr.
fn traced(
    ns: &NetNs,
    program: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> (Vec<String>, String) {
    let dir = temp_dir();
    let file = dir.path().join("trace");
    let trace = format!("trace={CALLS}");
    let mut all = vec![
        "-qq",
        "-e",
        &trace,
        "-o",
        path_str(&file),
        path_str(program),
    ];
    all.extend_from_slice(args);
    let out = ns.run(std::path::Path::new("strace"), &all, env);
    out.assert_success();
    let text = std::fs::read_to_string(&file).expect("strace output");
    let lines: Vec<String> = text
        .lines()
        .skip_while(|l| !l.starts_with("socket("))
        .filter(|l| !l.starts_with("+++"))
        .map(normalise)
        .collect();
    (lines, out.stderr)
}

#[test]
fn c_and_rust_make_the_same_calls_ioctls_included() {
    if !strace_available() {
        return;
    }
    let Some(ns) = NetNs::lab() else { return };
    for (name, args) in [
        ("ch17_prifinfo", &["inet4", "1"][..]),
        ("ch17_prifinfo", &["inet6", "1"][..]),
        ("ch17_prmac", &[][..]),
        ("ch17_prmac", &["10.77.0.99", "va"][..]),
    ] {
        let (c, _) = traced(&ns, &c_twin(name), args, &[]);
        let (rust, _) = traced(&ns, &example(name), args, &[]);
        assert!(
            c.iter().any(|l| l.starts_with("ioctl(")),
            "{name} {args:?}: no ioctl traced: {c:#?}"
        );
        assert_eq!(c, rust, "{name} {args:?}: C (left) and Rust (right) differ");
    }
}

/// Trace mode prints each ioctl as strace does: SIOCGIFCONF's list,
/// each SIOCGIF* struct ifreq, SIOCGARP's pointer.
#[test]
fn trace_mode_prints_the_ioctls_as_strace_does() {
    if !strace_available() {
        return;
    }
    let Some(ns) = NetNs::lab() else { return };
    for (name, args) in [
        ("ch17_prifinfo", &["inet4", "1"][..]),
        ("ch17_prifinfo", &["inet6", "0"][..]),
        ("ch17_prmac", &["10.77.0.99", "va"][..]),
    ] {
        let (strace, stderr) = traced(&ns, &example(name), args, &[("SOCKLAB_TRACE", "1")]);
        let ioctls = |lines: Vec<String>| -> Vec<String> {
            lines
                .into_iter()
                .filter(|l| l.starts_with("ioctl("))
                .collect()
        };
        let want = ioctls(strace);
        let got = ioctls(stderr.lines().map(normalise).collect());
        assert!(!want.is_empty(), "{name}: no ioctl traced");
        assert_eq!(
            got, want,
            "{name} {args:?}: trace mode (left) and strace (right)"
        );
    }
}

// ---------------------------------------------------------------------
// The library, on loopback. This process's sockets are close-on-exec: the
// programs the other tests start meanwhile must not inherit them (their
// descriptor numbers under strace would shift).
// ---------------------------------------------------------------------

#[test]
fn fionbio_makes_a_socket_nonblocking_and_back() {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM | libc::SOCK_CLOEXEC, 0).expect("socketpair");
    ioctl_int(&a, FIONBIO, 1).expect("FIONBIO 1");
    assert_ne!(fcntl(&a, F_GETFL, 0).expect("F_GETFL") & O_NONBLOCK, 0);
    let mut buf = [0u8; 8];
    assert_eq!(read(&a, &mut buf).unwrap_err().errno(), Some(Errno::EAGAIN));
    ioctl_int(&a, FIONBIO, 0).expect("FIONBIO 0");
    assert_eq!(fcntl(&a, F_GETFL, 0).expect("F_GETFL") & O_NONBLOCK, 0);
    write(&b, b"abc").expect("write");
    assert_eq!(ioctl(&a, FIONREAD).expect("FIONREAD"), 3);
}

#[test]
fn siocatmark_says_when_the_next_byte_is_the_out_of_band_one() {
    let l = socket(AF_INET, SOCK_STREAM | libc::SOCK_CLOEXEC, 0).expect("socket");
    bind(&l, &sockaddr_in::new(INADDR_LOOPBACK, 0)).expect("bind");
    listen(&l, 1).expect("listen");
    let c = socket(AF_INET, SOCK_STREAM | libc::SOCK_CLOEXEC, 0).expect("socket");
    connect(&c, &getsockname(&l).expect("addr")).expect("connect");
    let (s, _) = accept(&l).expect("accept");
    write(&c, b"ab").expect("write");
    send(&c, b"!", MSG_OOB).expect("send OOB");
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert_eq!(
        ioctl(&s, SIOCATMARK).expect("SIOCATMARK"),
        0,
        "two bytes before the mark"
    );
    let mut buf = [0u8; 8];
    assert_eq!(
        read(&s, &mut buf).expect("read"),
        2,
        "a read stops at the mark"
    );
    assert_eq!(ioctl(&s, SIOCATMARK).expect("SIOCATMARK"), 1, "at the mark");
}

#[test]
fn wrong_requests_are_argument_errors_without_a_call() {
    let fd = socket(AF_INET, SOCK_DGRAM | libc::SOCK_CLOEXEC, 0).expect("socket");
    let e = ioctl(&fd, SIOCGIFFLAGS).unwrap_err();
    assert_eq!(e.errno(), None, "{e}");
    assert!(e.to_string().starts_with("ioctl: "), "{e}");
    assert_eq!(ioctl_int(&fd, FIONREAD, 1).unwrap_err().errno(), None);
    let mut ifr = ifreq::new("lo").expect("ifreq");
    assert_eq!(
        ioctl_ifreq(&fd, FIONBIO, &mut ifr).unwrap_err().errno(),
        None
    );
    let mut arp = arpreq::new(&sockaddr_in::new(INADDR_LOOPBACK, 0));
    assert_eq!(
        ioctl_arpreq(&fd, SIOCGIFFLAGS, &mut arp)
            .unwrap_err()
            .errno(),
        None
    );
    assert!(ifreq::new("sixteen-chars-xx").is_err());
    assert!(ifreq::new("a\0b").is_err());
}

#[test]
fn loopback_by_ioctl_and_by_name() {
    let fd = socket(AF_INET, SOCK_DGRAM | libc::SOCK_CLOEXEC, 0).expect("socket");
    let mut ifr = ifreq::new("lo").expect("ifreq");
    ioctl_ifreq(&fd, SIOCGIFFLAGS, &mut ifr).expect("flags");
    assert_ne!(ifr.ifr_flags() & IFF_LOOPBACK, 0);
    assert_ne!(ifr.ifr_flags() & IFF_UP, 0);
    ioctl_ifreq(&fd, SIOCGIFADDR, &mut ifr).expect("addr");
    assert_eq!(sock_ntop_host(&ifr.ifr_addr()), "127.0.0.1");
    ioctl_ifreq(&fd, SIOCGIFNETMASK, &mut ifr).expect("netmask");
    assert_eq!(sock_ntop_host(&ifr.ifr_netmask()), "255.0.0.0");
    ioctl_ifreq(&fd, SIOCGIFINDEX, &mut ifr).expect("index");
    let index = ifr.ifr_ifindex() as u32;
    assert_eq!(if_nametoindex("lo").expect("if_nametoindex"), index);
    assert_eq!(if_indextoname(index).expect("if_indextoname"), "lo");
    assert!(
        if_nameindex()
            .expect("if_nameindex")
            .contains(&socklab::if_nameindex {
                if_index: index,
                if_name: "lo".into()
            })
    );
    let all = getifaddrs().expect("getifaddrs");
    assert!(all.iter().any(|a| a.ifa_name == "lo"
        && a.ifa_addr.as_ref().map(sock_ntop_host).as_deref() == Some("127.0.0.1")));

    let mut ifr = ifreq::new("nosuch0").expect("ifreq");
    let e = ioctl_ifreq(&fd, SIOCGIFFLAGS, &mut ifr).unwrap_err();
    assert_eq!(e.errno(), Some(Errno::ENODEV));
    assert_eq!(
        if_nametoindex("nosuch0").unwrap_err().errno(),
        Some(Errno::ENODEV)
    );
    assert_eq!(
        if_indextoname(999_999).unwrap_err().errno(),
        Some(Errno::ENXIO)
    );
}

/// SIOCGIFCONF cuts the list to the buffer instead of failing: one entry
/// of room gives one entry (loopback's 127.0.0.1 is always there), which
/// is why get_ifi_info asks until the length stops changing.
#[test]
fn siocgifconf_cuts_a_short_buffer_instead_of_failing() {
    let fd = socket(AF_INET, SOCK_DGRAM | libc::SOCK_CLOEXEC, 0).expect("socket");
    let mut ifc = ifconf::with_capacity(1);
    ioctl_ifconf(&fd, &mut ifc).expect("SIOCGIFCONF");
    assert_eq!(ifc.ifc_len as usize, size_of::<ifreq>());
    assert_eq!(ifc.ifc_req().len(), 1);
    let mut all = ifconf::with_capacity(100);
    ioctl_ifconf(&fd, &mut all).expect("SIOCGIFCONF");
    assert!(all.ifc_req().iter().any(|r| r.name() == "lo"));
}

#[test]
fn get_ifi_info_refuses_other_families() {
    let e = get_ifi_info(AF_UNIX, false).unwrap_err();
    assert_eq!(e.errno(), None);
    assert!(e.to_string().starts_with("get_ifi_info: "), "{e}");
}

/// Set for the subprocess that runs [`int_ioctls_probe`].
const PROBE: &str = "SOCKLAB_CH17_PROBE";

/// Runs in the subprocess only (trace mode on, under strace): the ioctls
/// that take or hand back an int.
#[test]
fn int_ioctls_probe() {
    if std::env::var_os(PROBE).is_none() {
        return; // only meaningful as the subprocess
    }
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0).expect("socketpair");
    ioctl_int(&a, FIONBIO, 1).expect("FIONBIO");
    ioctl_int(&a, FIONBIO, 0).expect("FIONBIO");
    write(&b, b"abc").expect("write");
    ioctl(&a, FIONREAD).expect("FIONREAD");
    let l = socket(AF_INET, SOCK_STREAM, 0).expect("socket");
    bind(&l, &sockaddr_in::new(INADDR_LOOPBACK, 0)).expect("bind");
    listen(&l, 1).expect("listen");
    let c = socket(AF_INET, SOCK_STREAM, 0).expect("socket");
    connect(&c, &getsockname(&l).expect("addr")).expect("connect");
    ioctl(&c, SIOCATMARK).expect("SIOCATMARK");
    let u = socket(AF_INET, SOCK_DGRAM, 0).expect("socket");
    let _ = ioctl(&u, SIOCATMARK); // ENOTTY on UDP: the error line too
}

/// FIONBIO, FIONREAD and SIOCATMARK in trace mode as strace prints them.
#[test]
fn trace_mode_prints_the_int_ioctls_as_strace_does() {
    if !strace_available() {
        return;
    }
    let dir = temp_dir();
    let file = dir.path().join("trace");
    let exe = std::env::current_exe().expect("test binary");
    let out = output_within(
        Command::new("strace")
            .args(["-f", "-qq", "-e", "trace=ioctl", "-o", path_str(&file)])
            .arg(&exe)
            .args([
                "--exact",
                "int_ioctls_probe",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("SOCKLAB_TRACE", "1")
            .env(PROBE, "1"),
    );
    assert!(out.status.success(), "probe failed: {out:?}");
    let ours = |l: &&str| {
        ["FIONBIO", "FIONREAD", "SIOCATMARK"]
            .iter()
            .any(|r| l.contains(r))
    };
    let squeeze = |l: &str| {
        // strace -f's "[pid N] " prefix, and its padding
        let l = l.split_once("] ").map_or(l, |(_, rest)| rest);
        let l = l.strip_prefix(|c: char| c.is_ascii_digit()).map_or(l, |_| {
            l.trim_start_matches(|c: char| c.is_ascii_digit())
                .trim_start()
        });
        normalise(&l.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    let strace = std::fs::read_to_string(&file).expect("trace");
    let want: Vec<String> = strace.lines().filter(ours).map(squeeze).collect();
    let got: Vec<String> = out.stderr.lines().filter(ours).map(squeeze).collect();
    assert_eq!(want.len(), 5, "{strace}");
    assert!(want[0].ends_with("FIONBIO, [1]) = 0"), "{want:?}");
    assert!(want[2].ends_with("FIONREAD, [3]) = 0"), "{want:?}");
    assert!(
        want[4].contains("SIOCATMARK") && want[4].contains("ENOTTY"),
        "{want:?}"
    );
    assert_eq!(got, want, "trace mode (left) and strace (right)");
}
