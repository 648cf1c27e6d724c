//! `ch21_ssntp [-n count] [IPaddress] [port]` — UNP chapter 21, § 21.11
//! (`ssntp/main.c`, `sntp_proc.c`, `ntp.h`, built with `MCAST`): a simple
//! SNTP client. It binds the wildcard address on the NTP port, joins the
//! group on every interface that can multicast (the interface named, as
//! the book's `Mcast_join(sockfd, mcastsa, salen, ifi->ifi_name, 0)`), and
//! for each NTP packet that arrives prints its sender, its version, mode
//! and stratum, and the **clock difference**: this host's `gettimeofday`
//! at arrival minus the packet's transmit timestamp, in microseconds.
//! Defaults: the NTP group 224.0.1.1 and port 123 (the book takes the
//! group as its one argument and the service "ntp"). `ff05::101`, the
//! site-local NTP group, is the same over IPv6.
//!
//! Additions to the book: the defaults; the sender before each packet's
//! line; `-n count` ends the program after that many packets (the book's,
//! like the default here, runs for ever: stop it with Ctrl-C); and the
//! group is joined once per interface (`get_ifi_info(family, 0)`: the
//! book asks for aliases too, which joins an interface once per address —
//! over IPv6, where every interface also has a link-local address, the
//! second join fails with `EADDRINUSE`).
//!
//! The server is `ch21_sntpd`, in the lab (`docs/virtual-lab.md`); port
//! 123 needs root, as the lab does:
//!
//! ```text
//! $ sudo socklab lab up
//! $ sudo socklab lab exec h2 -- target/debug/examples/ch21_sntpd &
//! sending to 224.0.1.1:123 every 1 s
//! $ sudo socklab lab exec h1 -- target/debug/examples/ch21_ssntp -n 3
//! joined 224.0.1.1:123 on eth0
//! from 198.51.100.2:35190: v4, mode 5, strat 1, clock difference = 109 usec
//! from 198.51.100.2:35190: v4, mode 5, strat 1, clock difference = 119 usec
//! from 198.51.100.2:35190: v4, mode 5, strat 1, clock difference = 111 usec
//! ```
//!
//! (The lab's hosts share the machine's clock: the difference is the
//! packet's trip from the server's `gettimeofday` to ours.) `ch21_ssntp
//! ff05::101` on h1 and `ch21_sntpd ff05::101` on h2: `joined
//! [ff05::101]:123 on eth0`, `from [2001:db8:a::2]:…`.
//!
//! Under strace (`get_ifi_info`'s socket and ioctls left out):
//!
//! ```text
//! socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP) = 3
//! bind(3, {sa_family=AF_INET, sin_port=htons(123), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
//! setsockopt(3, SOL_IP, MCAST_JOIN_GROUP, {gr_interface=if_nametoindex("eth0"), gr_group={sa_family=AF_INET, sin_port=htons(123), sin_addr=inet_addr("224.0.1.1")}}, 136) = 0
//! recvfrom(3, "%\1\0\354\0\0\0\0\0\0\0\0LOCL\356\277w\237I\320\310\4\0\0\0\0\0\0\0\0"..., 4096, 0, {sa_family=AF_INET, sin_port=htons(35190), sin_addr=inet_addr("198.51.100.2")}, [16]) = 48
//! ```
//!
//! No line for `gettimeofday`: the C library answers it from the vDSO.
//! The NTP header is decoded with safe code, field by field from network
//! byte order (`u32::from_be_bytes`, C's `ntohl`); NTP counts seconds
//! from 1900, Unix from 1970: `JAN_1970` apart. Library: [`udp_client`],
//! [`get_ifi_info`], [`mcast_join`], [`gettimeofday`]. C twin:
//! `docs/c/ch21_ssntp.c`.

use socklab::*;

const USAGE: &str = "usage: ch21_ssntp [-n count] [IPaddress] [port]   (defaults: 224.0.1.1 123)";

/// ntp.h: from 1900 to 1970 in seconds (NTP's epoch to Unix's).
const JAN_1970: u32 = 2_208_988_800;
/// ntp.h: the version's three bits in `status`.
const VERSION_MASK: u8 = 0x38;
/// ntp.h: the mode's three bits in `status`.
const MODE_MASK: u8 = 0x07;
/// ntp.h: a client's request (a server's answer is mode 4, a broadcast 5).
const MODE_CLIENT: u8 = 3;
/// `sizeof(struct ntpdata)`: the NTP header's 48 bytes.
const NTPDATA_SIZE: usize = 48;

/// ntp.h's `struct l_fixedpt`: NTP's 64-bit time, whole seconds since
/// 1900-01-01 and a binary fraction of a second (units of 2^-32 s).
#[allow(non_camel_case_types)] // the C name
struct l_fixedpt {
    int_part: u32,
    fraction: u32,
}

/// ntp.h's `struct s_fixedpt`: a 32-bit time, 16 bits each side.
#[allow(non_camel_case_types, dead_code)] // the C name; not read here
struct s_fixedpt {
    int_part: u16,
    fraction: u16,
}

/// ntp.h's `struct ntpdata`: the NTP header, field by field, in host
/// byte order. `sntp_proc` reads four of its fields; the others are here
/// as the header has them.
#[allow(non_camel_case_types, dead_code)] // the C name; the whole header
struct ntpdata {
    /// Leap indicator (2 bits), version (3), mode (3).
    status: u8,
    stratum: u8,
    ppoll: u8,
    precision: i8,
    distance: s_fixedpt,
    dispersion: s_fixedpt,
    refid: u32,
    reftime: l_fixedpt,
    org: l_fixedpt,
    rec: l_fixedpt,
    xmt: l_fixedpt,
}

impl ntpdata {
    /// The header from a packet's first 48 bytes, each field from network
    /// byte order (what C's cast `(struct ntpdata *) buf` and `ntohl`
    /// do); `None` if the packet is shorter.
    fn from_bytes(buf: &[u8]) -> Option<ntpdata> {
        let b: &[u8; NTPDATA_SIZE] = buf.get(..NTPDATA_SIZE)?.try_into().ok()?;
        let u16_at = |i: usize| u16::from_be_bytes([b[i], b[i + 1]]);
        let u32_at = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        let s_at = |i: usize| s_fixedpt {
            int_part: u16_at(i),
            fraction: u16_at(i + 2),
        };
        let l_at = |i: usize| l_fixedpt {
            int_part: u32_at(i),
            fraction: u32_at(i + 4),
        };
        Some(ntpdata {
            status: b[0],
            stratum: b[1],
            ppoll: b[2],
            precision: i8::from_be_bytes([b[3]]),
            distance: s_at(4),
            dispersion: s_at(8),
            refid: u32_at(12),
            reftime: l_at(16),
            org: l_at(24),
            rec: l_at(32),
            xmt: l_at(40),
        })
    }
}

fn main() {
    if let Err(e) = run() {
        perror(&e);
        exit(1);
    }
}

fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let mut argv = args.get(1..).unwrap_or_default();
    let mut count: u64 = 0; // -n: packets before the end; 0: for ever
    if let [opt, rest @ ..] = argv
        && opt.starts_with('-')
    {
        let [n, rest @ ..] = rest else {
            return Err(USAGE.into());
        };
        if opt != "-n" {
            return Err(USAGE.into());
        }
        count = n
            .parse()
            .map_err(|_| format!("-n: {n:?} is not a count of packets"))?;
        argv = rest;
    }
    let (host, serv) = match argv {
        [] => ("224.0.1.1", "123"),
        [host] => (host.as_str(), "123"),
        [host, serv] => (host.as_str(), serv.as_str()),
        _ => return Err(USAGE.into()),
    };

    let (sockfd, mcastsa) = udp_client(host, serv)?;

    let mut wild = mcastsa.clone(); // copy family and port
    sock_set_wild(&mut wild);
    bind(&sockfd, &wild)?; // bind wildcard

    // MCAST: obtain the interface list and process each one
    for ifi in get_ifi_info(mcastsa.family(), false)? {
        if ifi.ifi_flags & IFF_MULTICAST != 0 {
            mcast_join(&sockfd, &mcastsa, Some(&ifi.ifi_name), 0)?;
            printf!("joined {} on {}\n", sock_ntop(&mcastsa), ifi.ifi_name)?;
        }
    }

    // from: an address of the group's own size (the book's Malloc(salen))
    match mcastsa {
        SockAddr::Inet6(_) => receive(&sockfd, &mut sockaddr_in6::default(), count)?,
        _ => receive(&sockfd, &mut sockaddr_in::default(), count)?,
    }
    exit(0);
}

/// The book's `sock_set_wild(sa, salen)`: the address made the wildcard
/// (`INADDR_ANY`, `in6addr_any`), the family and port kept.
fn sock_set_wild(sa: &mut SockAddr) {
    match sa {
        SockAddr::Inet(sin) => sin.sin_addr.s_addr = htonl(INADDR_ANY),
        SockAddr::Inet6(sin6) => sin6.sin6_addr = in6addr_any,
        _ => {}
    }
}

/// main.c's loop: recvfrom, gettimeofday, sntp_proc; `count` packets (0:
/// for ever).
fn receive<A: SockAddrOut + AsSockAddr>(
    sockfd: &Fd,
    from: &mut A,
    count: u64,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut buf = [0u8; MAXLINE];
    let mut npkts = 0;
    while count == 0 || npkts < count {
        let n = recvfrom_into(sockfd, &mut buf, 0, from)?;
        let now = gettimeofday()?;
        printf!("from {}: ", sock_ntop(from))?;
        sntp_proc(&buf[..n], &now)?;
        npkts += 1;
    }
    Ok(())
}

/// sntp_proc.c: version, mode and stratum, then the packet's transmit
/// time subtracted from `now`, in microseconds.
fn sntp_proc(buf: &[u8], nowptr: &timeval) -> std::result::Result<(), Error> {
    let Some(ntp) = ntpdata::from_bytes(buf) else {
        printf!("packet too small: {} bytes\n", buf.len())?;
        return Ok(());
    };
    let version = (ntp.status & VERSION_MASK) >> 3;
    let mode = ntp.status & MODE_MASK;
    printf!("v{version}, mode {mode}, strat {}, ", ntp.stratum)?;
    if mode == MODE_CLIENT {
        printf!("client\n")?;
        return Ok(());
    }

    let nsec = ntp.xmt.int_part.wrapping_sub(JAN_1970); // C's unsigned subtraction
    let mut useci = ntp.xmt.fraction; // 32-bit integer fraction
    let mut usecf = f64::from(useci); // integer fraction -> double
    usecf /= 4294967296.0; // divide by 2**32 -> [0, 1.0)
    useci = (usecf * 1000000.0) as u32; // fraction -> parts per million

    let mut diff = timeval {
        tv_sec: nowptr.tv_sec - i64::from(nsec),
        tv_usec: nowptr.tv_usec - i64::from(useci),
    };
    if diff.tv_usec < 0 {
        diff.tv_usec += 1000000;
        diff.tv_sec -= 1;
    }
    let usec = diff.tv_sec * 1000000 + diff.tv_usec; // diff in microseconds
    printf!("clock difference = {usec} usec\n")?;
    Ok(())
}
