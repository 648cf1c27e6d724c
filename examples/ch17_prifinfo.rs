//! `ch17_prifinfo <inet4|inet6> <doaliases>` — UNP chapter 17, Figure
//! 17.6: print every interface that is up, with the book's
//! [`get_ifi_info`]: its name and index, its flags (`UP`, `BCAST`,
//! `MCAST`, `LOOP`, `P2P`), its hardware address, MTU, address, and its
//! broadcast or point-to-point destination address. `doaliases` 0 shows
//! an interface's first address only, 1 every address.
//!
//! ```text
//! $ cargo run --example ch17_prifinfo inet4 1
//! lo: (1) <UP LOOP >
//!   MTU: 65536
//!   IP addr: 127.0.0.1
//! eth0: (2) <UP BCAST MCAST >
//!   2:fc:0:0:0:1
//!   MTU: 1500
//!   IP addr: 192.0.2.2
//!   broadcast addr: 192.0.2.255
//! $ cargo run --example ch17_prifinfo inet6 1
//! lo: (1) <UP LOOP >
//!   MTU: 65536
//!   IP addr: ::1
//! …
//! ```
//!
//! (The hardware address is printed as the book prints it, `%x` per byte
//! without leading zeros.)
//!
//! Under strace (`cargo build --example ch17_prifinfo` first):
//!
//! ```text
//! $ strace -e trace=socket,ioctl,close target/debug/examples/ch17_prifinfo inet4 0
//! socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3
//! ioctl(3, SIOCGIFCONF, {ifc_len=4000 /* 100 * sizeof(struct ifreq) */ => 80 /* 2 * sizeof(struct ifreq) */, ifc_buf=[{ifr_name="lo", …}, {ifr_name="eth0", …}]}) = 0
//! ioctl(3, SIOCGIFCONF, {ifc_len=4400 /* 110 * sizeof(struct ifreq) */ => 80 /* 2 * sizeof(struct ifreq) */, …}) = 0
//! ioctl(3, SIOCGIFFLAGS, {ifr_name="lo", ifr_flags=IFF_UP|IFF_LOOPBACK|IFF_RUNNING}) = 0
//! ioctl(3, SIOCGIFMTU, {ifr_name="lo", ifr_mtu=65536}) = 0
//! ioctl(3, SIOCGIFHWADDR, {ifr_name="lo", ifr_hwaddr={sa_family=ARPHRD_LOOPBACK, sa_data=00:00:00:00:00:00}}) = 0
//! ioctl(3, SIOCGIFINDEX, {ifr_name="lo", ifr_ifindex=1}) = 0
//! …
//! close(3)                                = 0
//! ```
//!
//! `SIOCGIFCONF` twice: Linux cuts the list to fit instead of failing, so
//! `get_ifi_info` asks again with a bigger buffer until the length is the
//! same twice. On Linux `SIOCGIFCONF` lists IPv4 only; for `inet6`
//! get_ifi_info asks `getifaddrs` (netlink) instead — the book's C prints
//! "get_ifi_info error" there. Bad input: `usage: ch17_prifinfo
//! <inet4|inet6> <doaliases>` or `invalid <address-family>`.
//!
//! The lesson: the kernel's interface list, by ioctl, one request per
//! fact. C twin: `docs/c/ch17_prifinfo.c` (with its own get_ifi_info).
use socklab::*;

const USAGE: &str = "usage: ch17_prifinfo <inet4|inet6> <doaliases>";

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let [_, family, doaliases] = args.as_slice() else {
        return Err(USAGE.into());
    };
    let family = match family.as_str() {
        "inet4" => AF_INET,
        "inet6" => AF_INET6,
        _ => return Err("invalid <address-family>".into()),
    };
    let doaliases: i32 = doaliases
        .parse()
        .map_err(|_| format!("doaliases must be a number, not {doaliases:?}"))?;

    let ifihead = get_ifi_info(family, doaliases != 0)?;
    for ifi in &ifihead {
        printf!("{}: ", ifi.ifi_name)?;
        if ifi.ifi_index != 0 {
            printf!("({}) ", ifi.ifi_index)?;
        }
        printf!("<")?;
        for (flag, name) in [
            (IFF_UP, "UP "),
            (IFF_BROADCAST, "BCAST "),
            (IFF_MULTICAST, "MCAST "),
            (IFF_LOOPBACK, "LOOP "),
            (IFF_POINTOPOINT, "P2P "),
        ] {
            if ifi.ifi_flags & flag != 0 {
                printf!("{name}")?;
            }
        }
        printf!(">\n")?;

        if !ifi.ifi_haddr.is_empty() {
            let hex: Vec<String> = ifi.ifi_haddr.iter().map(|b| format!("{b:x}")).collect();
            printf!("  {}\n", hex.join(":"))?;
        }
        if ifi.ifi_mtu != 0 {
            printf!("  MTU: {}\n", ifi.ifi_mtu)?;
        }
        if let Some(sa) = &ifi.ifi_addr {
            printf!("  IP addr: {}\n", sock_ntop_host(sa))?;
        }
        if let Some(sa) = &ifi.ifi_brdaddr {
            printf!("  broadcast addr: {}\n", sock_ntop_host(sa))?;
        }
        if let Some(sa) = &ifi.ifi_dstaddr {
            printf!("  destination addr: {}\n", sock_ntop_host(sa))?;
        }
    }
    free_ifi_info(ifihead);
    exit(0);
}
