//! `ch17_prmac [IPv4address interface]` — UNP chapter 17, section 17.8:
//! the hardware address of each of the host's IPv4 addresses, looked up in
//! the **ARP cache** with `ioctl(SIOCGARP)`. With an address and an
//! interface, that address on that interface instead (a neighbour's: the
//! cache holds the machines this host has talked to on its links). Linux
//! wants the interface named in `arp_dev` (`ENODEV` otherwise), which the
//! book's BSD did not: this program names it, the one change.
//!
//! ```text
//! $ cargo run --example ch17_prmac
//! 127.0.0.1: not in the ARP cache (ioctl: No such device (ENODEV)): Linux never puts a host's own addresses there
//! 192.0.2.2: not in the ARP cache (ioctl: No such device or address (ENXIO)): Linux never puts a host's own addresses there
//! $ ping -c1 192.0.2.1 >/dev/null; cargo run --example ch17_prmac 192.0.2.1
//! 192.0.2.1: 2:fc:0:0:0:2
//! ```
//!
//! On the book's BSD systems a host's own addresses are in its ARP table;
//! on Linux they never are, so without an argument every lookup fails —
//! the program says so, one line per address, instead of the book's bare
//! `ioctl SIOCGARP: No such device`. (The MAC is printed as the book
//! prints it, `%x` per byte.)
//!
//! Under strace (`cargo build --example ch17_prmac` first):
//!
//! ```text
//! $ strace -e trace=socket,ioctl target/debug/examples/ch17_prmac 192.0.2.1 eth0
//! socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3
//! ioctl(3, SIOCGARP, 0x7ffd5c1e3a40)     = 0
//! ```
//!
//! Bad input: `usage: ch17_prmac [IPv4address interface]`, or `inet_pton error for
//! x`. The lesson: the ARP cache is the kernel's table of IPv4 → hardware
//! addresses of neighbours, and `SIOCGARP` reads one entry. C twin:
//! `docs/c/ch17_prmac.c`.
use socklab::*;

const USAGE: &str = "usage: ch17_prmac [IPv4address interface]";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

// The address is built the C way, one field after the other, on purpose.
#[allow(clippy::field_reassign_with_default)]
fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    // (address, interface) pairs to look up
    let mut addrs: Vec<(sockaddr_in, String)> = Vec::new();
    let own = match args.as_slice() {
        [_] => true,
        [_, host, ifname] => {
            let mut sin = sockaddr_in::default();
            sin.sin_family = AF_INET;
            inet_pton(AF_INET, host, &mut sin.sin_addr)?;
            arpreq::new(&sin).set_arp_dev(ifname)?; // a bad name fails here
            addrs.push((sin, ifname.clone()));
            false
        }
        _ => return Err(USAGE.into()),
    };

    let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
    if own {
        for ifi in get_ifi_info(AF_INET, false)? {
            if let Some(SockAddr::Inet(sin)) = ifi.ifi_addr {
                addrs.push((sin, ifi.ifi_name));
            }
        }
    }
    for (sin, ifname) in &addrs {
        printf!("{}: ", sock_ntop_host(sin))?;
        let mut arpreq = arpreq::new(sin);
        arpreq.set_arp_dev(ifname)?; // Linux: ENODEV without it
        if let Err(e) = ioctl_arpreq(&sockfd, SIOCGARP, &mut arpreq) {
            if own {
                printf!(
                    "not in the ARP cache ({e}): Linux never puts a host's own addresses there\n"
                )?;
            } else {
                printf!("not in the ARP cache ({e})\n")?;
            }
            continue;
        }
        let p = arpreq.arp_ha();
        printf!(
            "{:x}:{:x}:{:x}:{:x}:{:x}:{:x}\n",
            p[0],
            p[1],
            p[2],
            p[3],
            p[4],
            p[5]
        )?;
    }
    exit(0);
}
