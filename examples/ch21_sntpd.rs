//! `ch21_sntpd [-n count] [IPaddress] [port] [#seconds]` — a companion
//! to UNP chapter 21, § 21.11 (not a program of the book): a small SNTP
//! server that announces the time to a multicast group, so that
//! `ch21_ssntp` has a source in the lab. Every `#seconds` it takes
//! `gettimeofday` and sends one NTP header (48 bytes) in **mode 5**,
//! broadcast (RFC 4330's mode for a server's announcements to a broadcast
//! or multicast address): version 4, stratum 1 (its own clock is its
//! reference, `refid` "LOCL"), the poll interval as a power of two, and the
//! time in NTP's format — seconds since 1900 (`JAN_1970` more than Unix's)
//! and a binary fraction — as both the reference and the transmit time.
//! Defaults: the NTP group 224.0.1.1, port 123, every second; `-n count`
//! ends it after that many packets (the default: for ever, Ctrl-C stops
//! it). `ff05::101`, the site-local NTP group, is the same over IPv6.
//!
//! It is the sending half of chapter 21's `sendrecv`: `udp_client` for
//! the socket and the group's address, then `sendto` in a loop. The
//! multicast's TTL (hop limit) stays 1: it never leaves the subnet. In
//! the lab (`docs/virtual-lab.md`), with the client on another host:
//!
//! ```text
//! $ sudo socklab lab up
//! $ sudo socklab lab exec h2 -- target/debug/examples/ch21_sntpd &
//! sending to 224.0.1.1:123 every 1 s
//! $ sudo socklab lab exec h1 -- target/debug/examples/ch21_ssntp -n 1
//! joined 224.0.1.1:123 on eth0
//! from 198.51.100.2:35190: v4, mode 5, strat 1, clock difference = 109 usec
//! ```
//!
//! Under strace: one socket, then a `sendto` and a sleep per second
//! (`gettimeofday` comes from the vDSO, without a line):
//!
//! ```text
//! socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP) = 3
//! sendto(3, "%\1\0\354\0\0\0\0\0\0\0\0LOCL\356\277w\342W\200f\302\0\0\0\0\0\0\0\0"..., 48, 0, {sa_family=AF_INET, sin_port=htons(123), sin_addr=inet_addr("224.0.1.1")}, 16) = 48
//! clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=1, tv_nsec=0}, 0x7fffe14b65d0) = 0
//! sendto(3, "%\1\0\354\0\0\0\0\0\0\0\0LOCL\356\277w\343W\220\20\203\0\0\0\0\0\0\0\0"..., 48, 0, {sa_family=AF_INET, sin_port=htons(123), sin_addr=inet_addr("224.0.1.1")}, 16) = 48
//! ```
//!
//! `%` is 0x25: leap indicator 0, version 4, mode 5; then stratum 1, poll
//! 2^0 s, precision -20 (`\354`), "LOCL", and the seconds since 1900.
//! The header is built with safe code, field by field into network byte
//! order (`u32::to_be_bytes`, C's `htonl`). Library: [`udp_client`],
//! [`gettimeofday`]. C twin: `docs/c/ch21_sntpd.c`.

use socklab::*;

const USAGE: &str =
    "usage: ch21_sntpd [-n count] [IPaddress] [port] [#seconds]   (defaults: 224.0.1.1 123 1)";

/// ntp.h: from 1900 to 1970 in seconds (NTP's epoch to Unix's).
const JAN_1970: u32 = 2_208_988_800;
/// NTP version 4 (RFC 5905; SNTP is RFC 4330).
const NTP_VERSION: u8 = 4;
/// ntp.h: mode 5, a server's broadcast (or multicast) announcement.
const MODE_BROADCAST: u8 = 5;
/// `sizeof(struct ntpdata)`: the NTP header's 48 bytes.
const NTPDATA_SIZE: usize = 48;
/// The longest interval we take: an hour (NTP's poll field is a power of
/// two of seconds; 2^12 > 3600).
const MAXINTERVAL: u32 = 3600;

/// ntp.h's `struct l_fixedpt`: NTP's 64-bit time, whole seconds since
/// 1900-01-01 and a binary fraction of a second (units of 2^-32 s).
#[allow(non_camel_case_types)] // the C name
#[derive(Clone, Copy, Default)]
struct l_fixedpt {
    int_part: u32,
    fraction: u32,
}

/// ntp.h's `struct s_fixedpt`: a 32-bit time, 16 bits each side.
#[allow(non_camel_case_types)] // the C name
#[derive(Clone, Copy, Default)]
struct s_fixedpt {
    int_part: u16,
    fraction: u16,
}

/// ntp.h's `struct ntpdata`: the NTP header, field by field, in host
/// byte order; all zero to begin with (C's `bzero`).
#[allow(non_camel_case_types)] // the C name
#[derive(Default)]
struct ntpdata {
    /// Leap indicator (2 bits), version (3), mode (3).
    status: u8,
    stratum: u8,
    ppoll: u8,
    precision: i8,
    distance: s_fixedpt,
    dispersion: s_fixedpt,
    refid: [u8; 4],
    reftime: l_fixedpt,
    org: l_fixedpt,
    rec: l_fixedpt,
    xmt: l_fixedpt,
}

impl ntpdata {
    /// The 48 bytes on the wire, each field in network byte order (what C
    /// gets by storing `htonl(…)` in the struct and sending the struct).
    fn to_bytes(&self) -> [u8; NTPDATA_SIZE] {
        let mut b = Vec::with_capacity(NTPDATA_SIZE);
        b.extend_from_slice(&[self.status, self.stratum, self.ppoll]);
        b.extend_from_slice(&self.precision.to_be_bytes());
        for s in [self.distance, self.dispersion] {
            b.extend_from_slice(&s.int_part.to_be_bytes());
            b.extend_from_slice(&s.fraction.to_be_bytes());
        }
        b.extend_from_slice(&self.refid);
        for l in [self.reftime, self.org, self.rec, self.xmt] {
            b.extend_from_slice(&l.int_part.to_be_bytes());
            b.extend_from_slice(&l.fraction.to_be_bytes());
        }
        let mut out = [0u8; NTPDATA_SIZE];
        out.copy_from_slice(&b);
        out
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
    let (host, serv, seconds) = match argv {
        [] => ("224.0.1.1", "123", "1"),
        [host] => (host.as_str(), "123", "1"),
        [host, serv] => (host.as_str(), serv.as_str(), "1"),
        [host, serv, seconds] => (host.as_str(), serv.as_str(), seconds.as_str()),
        _ => return Err(USAGE.into()),
    };
    let interval: u32 = match seconds.parse() {
        Ok(n) if (1..=MAXINTERVAL).contains(&n) => n,
        _ => {
            return Err(
                format!("#seconds: {seconds:?} is not a number from 1 to {MAXINTERVAL}").into(),
            );
        }
    };
    let mut ppoll = 0; // the interval as a power of two: 2^ppoll >= interval
    while (1 << ppoll) < interval {
        ppoll += 1;
    }

    let (sockfd, sasend) = udp_client(host, serv)?;
    printf!("sending to {} every {} s\n", sock_ntop(&sasend), interval)?;

    let mut npkts = 0;
    loop {
        let now = gettimeofday()?;
        let mut usecf = now.tv_usec as f64; // microseconds -> double
        usecf /= 1000000.0; // -> [0, 1.0)
        let t = l_fixedpt {
            int_part: (now.tv_sec + i64::from(JAN_1970)) as u32,
            fraction: (usecf * 4294967296.0) as u32, // times 2**32
        };
        let ntp = ntpdata {
            status: (NTP_VERSION << 3) | MODE_BROADCAST, // leap indicator 0
            stratum: 1,     // a primary server: its clock is its reference
            ppoll,          // log2 of the seconds between packets
            precision: -20, // 2^-20 s: about the microsecond of gettimeofday
            refid: *b"LOCL",
            reftime: t, // the clock was last set: now, as far as we know
            xmt: t,     // the transmit time, what a client reads
            ..Default::default()
        };
        sendto(&sockfd, &ntp.to_bytes(), 0, &sasend)?;
        npkts += 1;
        if npkts == count {
            break;
        }
        sleep(interval);
    }
    exit(0);
}
