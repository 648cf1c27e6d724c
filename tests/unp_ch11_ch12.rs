//! UNP chapters 11 and 12 (issue 11): the name and service calls, the
//! book's getaddrinfo helpers, and the chapter 12 interoperability table
//! (each client × server cell on loopback). Only `/etc/hosts` names
//! (`localhost`), `/etc/services` names and numbers are looked up: no DNS
//! query leaves the machine.
mod common;

use std::time::Duration;

use common::{Server, example, run};
use socklab::*;

// ---------------------------------------------------------------------
// The library calls
// ---------------------------------------------------------------------

#[test]
fn gethostbyname_localhost_is_an_owned_copy() {
    let h = gethostbyname("localhost").expect("localhost is in /etc/hosts");
    assert_eq!(h.h_addrtype, AF_INET);
    assert_eq!(h.h_length, 4);
    assert!(h.h_addr_list.contains(&vec![127, 0, 0, 1]), "{h:?}");
    // A second lookup (C: overwrites the static hostent) leaves h as it was.
    let before = h.clone();
    let other = gethostbyname("127.0.0.1").expect("numeric");
    assert_eq!(h, before);
    assert_eq!(other.h_addr_list, vec![vec![127, 0, 0, 1]]);
    let back = gethostbyaddr(&[127, 0, 0, 1], AF_INET).expect("reverse from /etc/hosts");
    assert!(!back.h_name.is_empty());
}

#[test]
fn an_unknown_host_is_one_line_with_hstrerror() {
    let err = gethostbyname(common::NO_SUCH_HOST).unwrap_err();
    let Error::Lookup {
        call,
        code,
        message,
        ..
    } = &err
    else {
        panic!("expected Error::Lookup, got {err:?}");
    };
    assert_eq!(*call, "gethostbyname");
    assert_eq!(*message, hstrerror(*code));
    assert_eq!(err.errno(), None);
    assert_eq!(
        err.to_string(),
        format!("gethostbyname: {}: {message}", common::NO_SUCH_HOST)
    );
    assert_eq!(hstrerror(HOST_NOT_FOUND), "Unknown host");
}

#[test]
fn getservbyname_and_getservbyport_read_etc_services() {
    let sp = getservbyname("daytime", Some("tcp")).expect("daytime/tcp");
    assert_eq!(ntohs(sp.s_port as u16), 13);
    assert_eq!(sp.s_proto, "tcp");
    let sp = getservbyport(htons(13) as i32, Some("udp")).expect("13/udp");
    assert_eq!(sp.s_name, "daytime");
    let err = getservbyname("no-such-service", Some("tcp")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "getservbyname: no-such-service/tcp: no such service in /etc/services"
    );
}

#[test]
fn getnameinfo_flags() {
    let sa = sockaddr_in::new(INADDR_LOOPBACK, 514);
    let (host, serv) = getnameinfo(&sa, NI_NUMERICHOST | NI_NUMERICSERV).expect("numeric");
    assert_eq!((host.as_str(), serv.as_str()), ("127.0.0.1", "514"));
    // 514 is "shell" for TCP and "syslog" for UDP in /etc/services
    let (_, tcp) = getnameinfo(&sa, NI_NUMERICHOST).expect("tcp service");
    let (_, udp) = getnameinfo(&sa, NI_NUMERICHOST | NI_DGRAM).expect("udp service");
    assert_eq!((tcp.as_str(), udp.as_str()), ("shell", "syslog"));
    // NI_NAMEREQD: 127.0.0.1 has a name in /etc/hosts
    let (name, _) = getnameinfo(&sa, NI_NAMEREQD | NI_NUMERICSERV).expect("named");
    assert!(!name.is_empty() && name != "127.0.0.1", "{name}");
    let v6 = sockaddr_in6::new(in6addr_loopback, 13);
    let (host, serv) = getnameinfo(&v6, NI_NUMERICHOST | NI_NUMERICSERV).expect("v6");
    assert_eq!((host.as_str(), serv.as_str()), ("::1", "13"));
}

#[test]
fn getaddrinfo_hints() {
    // AI_NUMERICHOST: a name is refused without a lookup
    let hints = addrinfo {
        ai_flags: AI_NUMERICHOST,
        ai_socktype: SOCK_STREAM,
        ..Default::default()
    };
    let err = getaddrinfo(Some("localhost"), Some("13"), &hints).unwrap_err();
    assert!(
        matches!(err, Error::AddrInfo { code, .. } if code == EAI_NONAME),
        "{err:?}"
    );
    // AI_V4MAPPED: an IPv4 answer to an AF_INET6 question, mapped
    let hints = addrinfo {
        ai_flags: AI_V4MAPPED,
        ai_family: AF_INET6,
        ai_socktype: SOCK_STREAM,
        ..Default::default()
    };
    let res = getaddrinfo(Some("127.0.0.1"), Some("daytime"), &hints).expect("mapped");
    let Some(SockAddr::Inet6(a)) = &res[0].ai_addr else {
        panic!("expected AF_INET6, got {res:?}");
    };
    assert!(IN6_IS_ADDR_V4MAPPED(&a.sin6_addr));
    assert_eq!(a.to_string(), "[::ffff:127.0.0.1]:13");
    // AI_PASSIVE with no host: the wildcard; AI_NUMERICSERV refuses a name
    let hints = addrinfo {
        ai_flags: AI_PASSIVE | AI_NUMERICSERV,
        ai_family: AF_INET,
        ai_socktype: SOCK_DGRAM,
        ..Default::default()
    };
    let res = getaddrinfo(None, Some("9877"), &hints).expect("passive");
    assert_eq!(res.len(), 1);
    assert_eq!(res[0].ai_addr, Some("0.0.0.0:9877".parse().expect("addr")));
    assert!(getaddrinfo(None, Some("daytime"), &hints).is_err());
    // AI_CANONNAME through host_serv
    let res = host_serv(Some("localhost"), Some("daytime"), AF_INET, SOCK_STREAM).expect("hs");
    assert_eq!(res[0].ai_canonname.as_deref(), Some("localhost"));
}

#[test]
fn in6_is_addr_v4mapped() {
    let mut a = in6_addr::default();
    inet_pton(AF_INET6, "::ffff:10.1.2.3", &mut a).expect("pton");
    assert!(IN6_IS_ADDR_V4MAPPED(&a));
    inet_pton(AF_INET6, "::10.1.2.3", &mut a).expect("pton"); // compatible, not mapped
    assert!(!IN6_IS_ADDR_V4MAPPED(&a));
    assert!(!IN6_IS_ADDR_V4MAPPED(&in6addr_any));
}

#[test]
fn the_helpers_connect_listen_and_bind() {
    let (listenfd, addrlen) = tcp_listen(Some("127.0.0.1"), "0").expect("tcp_listen");
    assert_eq!(addrlen, 16);
    assert_eq!(
        getsockopt(&listenfd, SOL_SOCKET, SO_REUSEADDR).expect("opt"),
        1
    );
    let port = getsockname(&listenfd).expect("name").port().expect("port");
    let sockfd = tcp_connect("localhost", &port.to_string()).expect("tcp_connect");
    let (_connfd, peer) = accept(&listenfd).expect("accept");
    assert_eq!(sock_ntop_host(&peer), "127.0.0.1");
    assert_eq!(
        sock_ntop_host(&getpeername(&sockfd).expect("peer")),
        "127.0.0.1"
    );
    // nobody at the port (bound, never listening, and held: no parallel
    // test can take it, and no client can connect to itself there):
    // connect's own error
    drop(listenfd);
    let (_held, refusing) = common::refusing_port();
    let err = tcp_connect("127.0.0.1", &refusing).unwrap_err();
    assert_eq!(err.errno(), Some(Errno::ECONNREFUSED), "{err}");
    // unknown service: getaddrinfo's text
    let err = tcp_connect("127.0.0.1", "no-such-service").unwrap_err();
    assert!(err.to_string().starts_with("getaddrinfo: "), "{err}");

    let (udpfd, addrlen) = udp_server(Some("::1"), "0").expect("udp_server");
    assert_eq!(addrlen, 28);
    let port = getsockname(&udpfd).expect("name").port().expect("port");
    let (clifd, sa) = udp_client("::1", &port.to_string()).expect("udp_client");
    sendto(&clifd, b"x", 0, &sa).expect("sendto");
    let mut buf = [0u8; 8];
    let (n, from) = recvfrom(&udpfd, &mut buf, 0).expect("recvfrom");
    assert_eq!((n, sock_ntop_host(&from).as_str()), (1, "::1"));
    let connfd = udp_connect("::1", &port.to_string()).expect("udp_connect");
    write(&connfd, b"y").expect("write");
    assert_eq!(recv(&udpfd, &mut buf, 0).expect("recv"), 1);
}

// ---------------------------------------------------------------------
// The programs
// ---------------------------------------------------------------------

fn port_of(ready: &str) -> String {
    ready.rsplit(':').next().expect("port").trim().to_string()
}

#[test]
fn hostent_prints_localhost_and_names_an_unknown_host() {
    let out = run(
        example("ch11_hostent"),
        &["localhost", common::NO_SUCH_HOST],
        "",
    );
    assert!(
        out.stdout.contains("official hostname: localhost"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("\taddress: 127.0.0.1\n"),
        "{}",
        out.stdout
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        out.stderr,
        format!("gethostbyname: {}: Unknown host\n", common::NO_SUCH_HOST)
    );
}

#[test]
fn tcp_clients_and_servers_by_name_and_number() {
    let mut srv = Server::start(example("ch11_daytimetcpsrv1"), &["0"], "listening on");
    let port = port_of(&srv.seen[0]);
    let out = run(example("ch11_daytimetcpcli1"), &["localhost", &port], "");
    assert!(out.status.success(), "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with(&format!("trying 127.0.0.1:{port}\n")),
        "{}",
        out.stdout
    );
    assert!(out.stdout.ends_with("\r\n"), "{:?}", out.stdout);
    srv.wait_for_line("connection from 127.0.0.1:", Duration::from_secs(5));
    // the service by name: port 13 from /etc/services, where nobody listens here
    // (or a real daytime server answers): either way getservbyname worked
    let out = run(
        example("ch11_daytimetcpcli1"),
        &["localhost", "daytime"],
        "",
    );
    assert!(
        out.stdout.starts_with("trying 127.0.0.1:13\n"),
        "{}",
        out.stdout
    );

    let mut srv4 = Server::start(
        example("ch11_daytimetcpsrv4"),
        &["127.0.0.1", "0"],
        "listening on",
    );
    let port = port_of(&srv4.seen[0]);
    let out = run(example("ch11_daytimetcpcli"), &["localhost", &port], "");
    assert!(out.status.success(), "{}", out.stderr);
    assert!(
        out.stdout.starts_with("connected to 127.0.0.1\n"),
        "{}",
        out.stdout
    );
    let line = srv4.wait_for_line("connection from", Duration::from_secs(5));
    assert!(
        line.starts_with("connection from 127.0.0.1 port "),
        "{line}"
    );
}

#[test]
fn udp_client_and_server() {
    let mut srv = Server::start(example("ch11_daytimeudpsrv2"), &["::1", "0"], "bound to");
    let port = port_of(&srv.seen[0]);
    let out = run(example("ch11_daytimeudpcli1"), &["::1", &port], "");
    assert!(out.status.success(), "{}", out.stderr);
    assert!(out.stdout.starts_with("sending to ::1\n"), "{}", out.stdout);
    assert!(out.stdout.ends_with("\r\n"), "{:?}", out.stdout);
    srv.wait_for_line("datagram from [::1]:", Duration::from_secs(5));
}

/// UNP chapter 12's table, on loopback: each client family × each server
/// family. An IPv6 server on `::` takes IPv4 clients, which it sees as
/// IPv4-mapped addresses; an IPv4 server cannot take an IPv6 client.
#[test]
fn chapter12_client_by_server_table() {
    // (server's host argument, client's host, expected: the server's
    // "connection from" prefix, or None: the client is refused)
    let cells: &[(&str, &str, Option<&str>)] = &[
        ("0.0.0.0", "127.0.0.1", Some("connection from 127.0.0.1:")),
        ("0.0.0.0", "::1", None),
        (
            "::",
            "127.0.0.1",
            Some("connection from [::ffff:127.0.0.1]:"),
        ),
        ("::", "::1", Some("connection from [::1]:")),
    ];
    for (server_host, client_host, expect) in cells {
        let mut srv = Server::start(
            example("ch11_daytimetcpsrv2"),
            &[server_host, "0"],
            "listening on",
        );
        let port = port_of(&srv.seen[0]);
        let out = run(example("ch11_daytimetcpcli"), &[client_host, &port], "");
        match expect {
            Some(prefix) => {
                assert!(
                    out.status.success(),
                    "{client_host} -> {server_host}: {}",
                    out.stderr
                );
                assert_eq!(
                    out.stdout.lines().next(),
                    Some(format!("connected to {client_host}").as_str())
                );
                srv.wait_for_line(prefix, Duration::from_secs(5));
            }
            None => {
                assert_eq!(out.status.code(), Some(1), "{client_host} -> {server_host}");
                assert_eq!(out.stderr, "connect: Connection refused (ECONNREFUSED)\n");
            }
        }
    }
}

/// IPV6_V6ONLY on an IPv6 listener on `::`: off (Linux's default), an
/// IPv4 client gets in as `::ffff:127.0.0.1`; on, it is refused.
#[test]
fn chapter12_ipv6_v6only_on_and_off() {
    for v6only in [0, 1] {
        let listenfd = socket(AF_INET6, SOCK_STREAM, 0).expect("socket");
        setsockopt(&listenfd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only).expect("V6ONLY");
        bind(&listenfd, &sockaddr_in6::new(in6addr_any, 0)).expect("bind");
        listen(&listenfd, LISTENQ).expect("listen");
        let port = getsockname(&listenfd).expect("name").port().expect("port");
        let res = tcp_connect("127.0.0.1", &port.to_string());
        if v6only == 0 {
            let _cli = res.expect("IPv4 client to a dual-stack IPv6 server");
            let (_conn, peer) = accept(&listenfd).expect("accept");
            let SockAddr::Inet6(p) = peer else {
                panic!("expected AF_INET6, got {peer}")
            };
            assert!(IN6_IS_ADDR_V4MAPPED(&p.sin6_addr));
            assert_eq!(sock_ntop_host(&p), "::ffff:127.0.0.1");
        } else {
            let err = res.unwrap_err();
            assert_eq!(err.errno(), Some(Errno::ECONNREFUSED), "{err}");
        }
    }
}
