//! UNP chapter 22, advanced UDP sockets, in the lab (`socklab lab`, issue
//! 13): `ch22_dgechoaddr` (and its C twin) report the right destination —
//! its own unicast address, the subnet's broadcast address, a multicast
//! group — the arrival interface, and truncation of a datagram longer
//! than its 20 bytes. Needs root; skipped with one line elsewhere (under
//! `CI=true` it fails instead).
#![cfg(feature = "cli")]

mod common;

use std::time::Duration;

use common::lab::Lab;

#[test]
fn dgechoaddr_reports_destination_interface_and_truncation() {
    let Some(lab) = Lab::up("echoaddr", &["--hosts", "3"]) else {
        return;
    };
    let mut servers = [
        (
            "h2",
            lab.start_on(
                "h2",
                common::example("ch22_dgechoaddr"),
                &[],
                "bound to",
                &[],
            ),
        ),
        (
            "h3",
            lab.start_on(
                "h3",
                common::c_twin("ch22_dgechoaddr"),
                &[],
                "bound to",
                &[],
            ),
        ),
    ];
    let h1 = |program: std::path::PathBuf, args: &[&str], input: &str| {
        let out = lab.run_on("h1", &program, args, input, &[]);
        assert!(
            out.status.success(),
            "{}: {}",
            program.display(),
            out.stderr
        );
        out.stdout
    };
    // unicast to each, a short datagram and one of 30 bytes
    for host in ["198.51.100.2", "198.51.100.3"] {
        let echo = h1(common::example("ch08_udpcli01"), &[host, "9877"], "hello\n");
        assert_eq!(echo, "hello\n");
        let echo = h1(
            common::example("ch08_udpcli01"),
            &[host, "9877"],
            "a line of thirty characters..\n",
        );
        assert_eq!(echo, "a line of thirty cha", "the echo of what was kept");
    }
    // broadcast and multicast (the all-hosts group): both servers answer
    let bcast = h1(
        common::example("ch20_dgclibcast1"),
        &["198.51.100.255", "9877"],
        "\n",
    );
    assert_eq!(bcast.lines().count(), 2, "{bcast}");
    let mcast = h1(common::example("ch21_udpcli01"), &[], "\n");
    assert_eq!(mcast.lines().count(), 2, "{mcast}");

    for (host, server) in servers.iter_mut() {
        server.drain(Duration::from_millis(300));
        let own = if *host == "h2" {
            "198.51.100.2"
        } else {
            "198.51.100.3"
        };
        let lines: Vec<String> = server
            .seen
            .iter()
            .filter(|l| l.contains("-byte datagram from 198.51.100.1:"))
            .map(|l| {
                // drop the sender's port: "from 198.51.100.1:NNNN, to …"
                let (head, tail) = l.split_once("198.51.100.1:").expect("sender");
                let rest = tail.split_once(',').map_or("", |(_, r)| r);
                format!("{head}198.51.100.1,{rest}")
            })
            .collect();
        let want = [
            format!("6-byte datagram from 198.51.100.1, to {own}, recv i/f = eth0"),
            format!(
                "20-byte datagram from 198.51.100.1, to {own}, recv i/f = eth0 (datagram truncated)"
            ),
            "1-byte datagram from 198.51.100.1, to 198.51.100.255, recv i/f = eth0".to_string(),
            "1-byte datagram from 198.51.100.1, to 224.0.0.1, recv i/f = eth0".to_string(),
        ];
        assert_eq!(lines, want, "{host}: {:?}", server.seen);
    }
}
