//! `<netinet/in.h>`, `<sys/un.h>`, `<arpa/inet.h>`, `<netdb.h>`: byte
//! order, building addresses the C way and the short way, their two
//! printed forms (sock_ntop's for Display, strace's for Debug),
//! inet_pton/inet_ntop, and getaddrinfo on loopback names.
mod common;

use socklab::*;

type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

// ---------------------------------------------------------------------
// Byte order
// ---------------------------------------------------------------------

#[test]
fn byte_order_puts_the_most_significant_byte_first() {
    // In memory, network order is big-endian whatever the machine.
    assert_eq!(htons(0x1234).to_ne_bytes(), [0x12, 0x34]);
    assert_eq!(htonl(0x0102_0304).to_ne_bytes(), [1, 2, 3, 4]);
    assert_eq!(htonl(INADDR_LOOPBACK).to_ne_bytes(), [127, 0, 0, 1]);
    assert_eq!(ntohs(u16::from_ne_bytes([0x12, 0x34])), 0x1234);
    assert_eq!(ntohl(u32::from_ne_bytes([1, 2, 3, 4])), 0x0102_0304);
    for port in [0, 1, 13, 9877, 65535] {
        assert_eq!(ntohs(htons(port)), port);
    }
    // The classic bug: port 13 sent without htons is port 3328 on x86.
    if cfg!(target_endian = "little") {
        assert_eq!(htons(13), 3328);
    }
}

// ---------------------------------------------------------------------
// Building addresses
// ---------------------------------------------------------------------

#[test]
#[allow(clippy::field_reassign_with_default)] // field by field, as C does it
fn sockaddr_in_the_c_way_equals_the_short_ways() -> TestResult {
    let mut c_way = sockaddr_in::default(); // bzero
    c_way.sin_family = AF_INET;
    c_way.sin_port = htons(SERV_PORT);
    inet_pton(AF_INET, "127.0.0.1", &mut c_way.sin_addr)?;

    let parsed: sockaddr_in = "127.0.0.1:9877".parse()?;
    let built = sockaddr_in::new(INADDR_LOOPBACK, 9877);
    assert_eq!(c_way, parsed);
    assert_eq!(c_way, built);
    assert_eq!(c_way.port(), 9877);
    assert_eq!(c_way.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
    assert_eq!(sockaddr_in::default().sin_family, AF_INET);
    assert_eq!(sockaddr_in::new(INADDR_ANY, 13).to_string(), "0.0.0.0:13");
    Ok(())
}

#[test]
#[allow(clippy::field_reassign_with_default)] // field by field, as C does it
fn sockaddr_in6_the_c_way_equals_the_short_ways() -> TestResult {
    let mut c_way = sockaddr_in6::default();
    c_way.sin6_family = AF_INET6;
    c_way.sin6_port = htons(9877);
    inet_pton(AF_INET6, "::1", &mut c_way.sin6_addr)?;
    assert_eq!(c_way.sin6_addr, in6addr_loopback);
    assert_eq!(c_way, "[::1]:9877".parse()?);
    assert_eq!(c_way, sockaddr_in6::new(in6addr_loopback, 9877));
    assert_eq!(sockaddr_in6::default().sin6_addr, in6addr_any);
    Ok(())
}

#[test]
fn sockaddr_un_kinds() -> TestResult {
    let path = sockaddr_un::new("/tmp/unix.str")?;
    assert_eq!(path.path(), Some(std::path::PathBuf::from("/tmp/unix.str")));
    assert_eq!(path.as_abstract(), None);
    assert!(!path.is_unnamed());

    let abs = sockaddr_un::abstract_name("socklab")?;
    assert_eq!(abs.as_abstract(), Some(&b"socklab"[..]));
    assert_eq!(abs.path(), None);
    assert_ne!(
        SockAddr::from(abs.clone()),
        SockAddr::from(sockaddr_un::new("socklab")?),
        "an abstract name is not the relative path of the same name"
    );

    let unnamed = sockaddr_un::default();
    assert!(unnamed.is_unnamed());
    assert_eq!(unnamed.sun_family, AF_UNIX);
    assert_eq!(AF_LOCAL, AF_UNIX);
    Ok(())
}

#[test]
fn sockaddr_any_family_accessors() -> TestResult {
    let v4: SockAddr = "127.0.0.1:8190".parse()?;
    assert_eq!(v4.family(), AF_INET);
    assert_eq!(v4.port(), Some(8190));
    assert_eq!(v4.inet_port()?, 8190);
    assert_eq!(v4, SockAddr::from(sockaddr_in::new(INADDR_LOOPBACK, 8190)));

    let v6: SockAddr = "[::1]:8190".parse()?;
    assert_eq!(v6.family(), AF_INET6);
    assert_eq!(v6.port(), Some(8190));

    let un = SockAddr::from(sockaddr_un::new("/tmp/s")?);
    assert_eq!(un.family(), AF_UNIX);
    assert_eq!(un.port(), None);
    assert_eq!(
        un.inet_port().unwrap_err().to_string(),
        "sockaddr: /tmp/s has no port (family AF_UNIX)"
    );
    Ok(())
}

// ---------------------------------------------------------------------
// Display (sock_ntop) and Debug (strace)
// ---------------------------------------------------------------------

#[test]
fn ipv4_prints_like_sock_ntop_and_strace() {
    let a = sockaddr_in::new(INADDR_LOOPBACK, 8190);
    assert_eq!(a.to_string(), "127.0.0.1:8190");
    assert_eq!(sock_ntop(&a), "127.0.0.1:8190");
    assert_eq!(
        format!("{a:?}"),
        r#"{sa_family=AF_INET, sin_port=htons(8190), sin_addr=inet_addr("127.0.0.1")}"#
    );
    // SockAddr prints the same as the struct it holds
    let any = SockAddr::from(a);
    assert_eq!(any.to_string(), a.to_string());
    assert_eq!(format!("{any:?}"), format!("{a:?}"));
    assert_eq!(a.sin_addr.to_string(), "127.0.0.1");
    assert_eq!(format!("{:?}", a.sin_addr), r#"inet_addr("127.0.0.1")"#);
}

#[test]
fn ipv6_prints_like_sock_ntop_and_strace() -> TestResult {
    let a = sockaddr_in6::new(in6addr_loopback, 9877);
    assert_eq!(a.to_string(), "[::1]:9877");
    assert_eq!(sock_ntop(&a), "[::1]:9877");
    assert_eq!(
        format!("{a:?}"),
        r#"{sa_family=AF_INET6, sin6_port=htons(9877), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}"#
    );
    let mut b: sockaddr_in6 = "[fe80::1]:80".parse()?;
    b.sin6_flowinfo = htonl(5);
    b.sin6_scope_id = 2;
    assert_eq!(
        format!("{:?}", SockAddr::from(b)),
        r#"{sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(5), inet_pton(AF_INET6, "fe80::1", &sin6_addr), sin6_scope_id=2}"#
    );
    Ok(())
}

#[test]
fn unix_addresses_print_like_sock_ntop_and_strace() -> TestResult {
    let path = SockAddr::from(sockaddr_un::new("/tmp/unix.str")?);
    assert_eq!(path.to_string(), "/tmp/unix.str");
    assert_eq!(
        format!("{path:?}"),
        r#"{sa_family=AF_UNIX, sun_path="/tmp/unix.str"}"#
    );

    let abs = SockAddr::from(sockaddr_un::abstract_name("socklab.abs")?);
    assert_eq!(abs.to_string(), "@socklab.abs");
    assert_eq!(
        format!("{abs:?}"),
        r#"{sa_family=AF_UNIX, sun_path=@"socklab.abs"}"#
    );

    let unnamed = SockAddr::from(sockaddr_un::default());
    assert_eq!(unnamed.to_string(), "(no pathname bound)");
    assert_eq!(format!("{unnamed:?}"), "{sa_family=AF_UNIX}");

    // strace escapes quotes and control characters in path names
    let odd = sockaddr_un::new("/tmp/a\"b\n")?;
    assert_eq!(
        format!("{odd:?}"),
        r#"{sa_family=AF_UNIX, sun_path="/tmp/a\"b\n"}"#
    );
    Ok(())
}

#[test]
fn addresses_the_kernel_returns_print_the_same_way() -> TestResult {
    // A round trip through the kernel (bind + getsockname) must not change
    // what the address looks like.
    let dir = common::temp_dir();
    let path = sockaddr_un::new(dir.path().join("s"))?;
    let fd = socket(AF_UNIX, SOCK_STREAM, 0)?;
    bind(&fd, &path)?;
    let got = getsockname(&fd)?;
    assert_eq!(got.to_string(), path.to_string());
    assert_eq!(format!("{got:?}"), format!("{path:?}"));

    let abs = sockaddr_un::abstract_name(format!("socklab-addr-{}", getpid()))?;
    let fd = socket(AF_UNIX, SOCK_DGRAM, 0)?;
    bind(&fd, &abs)?;
    assert_eq!(format!("{:?}", getsockname(&fd)?), format!("{abs:?}"));

    let fd = socket(AF_INET6, SOCK_DGRAM, 0)?;
    bind(&fd, &sockaddr_in6::new(in6addr_loopback, 0))?;
    let got = getsockname(&fd)?;
    let port = got.port().ok_or("no port")?;
    assert_eq!(got.to_string(), format!("[::1]:{port}"));
    Ok(())
}

#[test]
fn a_descriptor_prints_as_its_number() -> TestResult {
    let fd = socket(AF_INET, SOCK_STREAM, 0)?;
    let n = fd.as_raw_fd();
    assert!(n > 2, "0, 1 and 2 are stdin, stdout, stderr");
    assert_eq!(fd.to_string(), n.to_string());
    assert_eq!(
        format!("Socket Initialized: {fd}"),
        format!("Socket Initialized: {n}")
    );
    assert_eq!(format!("{fd:?}"), format!("Fd({n})"));
    assert_eq!(fd.as_raw(), n);
    assert_eq!(fd.as_fd().as_raw_fd(), n);
    Ok(())
}

// ---------------------------------------------------------------------
// inet_pton / inet_ntop
// ---------------------------------------------------------------------

#[test]
fn inet_pton_and_inet_ntop_round_trip() -> TestResult {
    let mut a = in_addr::default();
    inet_pton(AF_INET, "192.168.1.20", &mut a)?;
    assert_eq!(a.s_addr.to_ne_bytes(), [192, 168, 1, 20]);
    assert_eq!(inet_ntop(AF_INET, &a)?, "192.168.1.20");
    for text in ["0.0.0.0", "127.0.0.1", "255.255.255.255", "10.0.0.1"] {
        inet_pton(AF_INET, text, &mut a)?;
        assert_eq!(inet_ntop(AF_INET, &a)?, text);
        assert_eq!(a.to_string(), text);
    }
    let mut a6 = in6_addr::default();
    inet_pton(AF_INET6, "2001:db8::1", &mut a6)?;
    assert_eq!(a6.s6_addr[..4], [0x20, 0x01, 0x0d, 0xb8]);
    assert_eq!(a6.s6_addr[15], 1);
    assert_eq!(inet_ntop(AF_INET6, &a6)?, "2001:db8::1");
    assert_eq!(inet_ntop(AF_INET6, &in6addr_any)?, "::");
    Ok(())
}

#[test]
fn ipv6_display_agrees_with_the_c_librarys_inet_ntop() -> TestResult {
    // in6_addr's Display must print what C's inet_ntop prints, so that a
    // socklab program's output lines up with its C twin's.
    let cases = [
        "::",
        "::1",
        "1::",
        "fe80::1",
        "2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1",
        "::ffff:127.0.0.1",
        "1:2:3:4:5:6:7:8",
        "2001:db8::",
        "0:0:1::",
        "::1.2.3.4",
        "::ffff:0:0",
    ];
    for text in cases {
        let mut a6 = in6_addr::default();
        inet_pton(AF_INET6, text, &mut a6)?;
        assert_eq!(
            a6.to_string(),
            inet_ntop(AF_INET6, &a6)?,
            "Display and inet_ntop disagree for {text}"
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------
// getaddrinfo
// ---------------------------------------------------------------------

fn hints(family: c_int, socktype: c_int, flags: c_int) -> addrinfo {
    addrinfo {
        ai_flags: flags,
        ai_family: family,
        ai_socktype: socktype,
        ..Default::default()
    }
}

#[test]
fn getaddrinfo_localhost_with_af_inet_hints() -> TestResult {
    let res = getaddrinfo(
        Some("localhost"),
        Some("9877"),
        &hints(AF_INET, SOCK_STREAM, 0),
    )?;
    assert!(!res.is_empty());
    for ai in &res {
        assert_eq!(ai.ai_family, AF_INET);
        assert_eq!(ai.ai_socktype, SOCK_STREAM);
        assert_eq!(ai.ai_protocol, IPPROTO_TCP);
    }
    assert_eq!(res[0].ai_addr, Some("127.0.0.1:9877".parse()?));
    Ok(())
}

#[test]
fn getaddrinfo_without_a_host() -> TestResult {
    let first = |family, flags| -> Result<Option<String>> {
        let res = getaddrinfo(None, Some("9877"), &hints(family, SOCK_STREAM, flags))?;
        Ok(res
            .first()
            .and_then(|ai| ai.ai_addr.as_ref())
            .map(ToString::to_string))
    };
    // AI_PASSIVE: the wildcard address, for a server's bind
    assert_eq!(first(AF_INET, AI_PASSIVE)?.as_deref(), Some("0.0.0.0:9877"));
    assert_eq!(first(AF_INET6, AI_PASSIVE)?.as_deref(), Some("[::]:9877"));
    // without it: the loopback address, for a client's connect
    assert_eq!(first(AF_INET, 0)?.as_deref(), Some("127.0.0.1:9877"));
    assert_eq!(first(AF_INET6, 0)?.as_deref(), Some("[::1]:9877"));
    Ok(())
}

#[test]
fn getaddrinfo_numeric_hosts_and_canonical_name() -> TestResult {
    let res = getaddrinfo(
        Some("::1"),
        Some("80"),
        &hints(AF_UNSPEC, SOCK_DGRAM, AI_NUMERICHOST),
    )?;
    assert_eq!(res.len(), 1);
    assert_eq!(res[0].ai_family, AF_INET6);
    assert_eq!(res[0].ai_protocol, IPPROTO_UDP);
    assert_eq!(res[0].ai_addr, Some("[::1]:80".parse()?));

    let res = getaddrinfo(Some("127.0.0.1"), None, &hints(AF_INET, SOCK_STREAM, 0))?;
    assert_eq!(res[0].ai_addr, Some("127.0.0.1:0".parse()?));

    // AI_NUMERICHOST: a name is refused instead of looked up
    assert!(
        getaddrinfo(
            Some("localhost"),
            None,
            &hints(AF_INET, SOCK_STREAM, AI_NUMERICHOST)
        )
        .is_err()
    );

    let res = getaddrinfo(
        Some("localhost"),
        None,
        &hints(AF_INET, SOCK_STREAM, AI_CANONNAME),
    )?;
    assert!(res[0].ai_canonname.is_some(), "asked for AI_CANONNAME");
    Ok(())
}

#[test]
fn getaddrinfo_service_names() -> TestResult {
    let has_echo = std::fs::read_to_string("/etc/services").is_ok_and(|s| {
        s.lines()
            .any(|l| l.starts_with("echo") && l.contains("7/tcp"))
    });
    if !has_echo {
        eprintln!("SKIPPED: /etc/services has no echo entry");
        return Ok(());
    }
    let res = getaddrinfo(
        Some("127.0.0.1"),
        Some("echo"),
        &hints(AF_INET, SOCK_STREAM, 0),
    )?;
    assert_eq!(res[0].ai_addr, Some("127.0.0.1:7".parse()?));
    Ok(())
}

#[test]
fn getaddrinfo_answers_connect_to_a_server() -> TestResult {
    // The client's loop: try each answer until one connects.
    let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
    bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
    listen(&listenfd, LISTENQ)?;
    let port = getsockname(&listenfd)?.inet_port()?.to_string();

    let res = getaddrinfo(
        Some("localhost"),
        Some(&port),
        &hints(AF_INET, SOCK_STREAM, 0),
    )?;
    let mut connected = None;
    for ai in res {
        let Some(addr) = ai.ai_addr else { continue };
        let fd = socket(ai.ai_family, ai.ai_socktype, ai.ai_protocol)?;
        if connect(&fd, &addr).is_ok() {
            connected = Some(fd);
            break;
        }
    }
    let sockfd = connected.ok_or("no answer of getaddrinfo connected")?;
    let (_connfd, cliaddr) = accept(&listenfd)?;
    assert_eq!(cliaddr, getsockname(&sockfd)?);
    Ok(())
}

#[test]
fn resolve_ipv4_takes_dotted_addresses_and_names() -> TestResult {
    assert_eq!(resolve_ipv4("127.0.0.1", 13)?.to_string(), "127.0.0.1:13");
    assert_eq!(
        resolve_ipv4("localhost", 9877)?.to_string(),
        "127.0.0.1:9877"
    );
    Ok(())
}
