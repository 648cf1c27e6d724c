//! UNP chapter 22, § 22.5: adding reliability to a UDP application — the
//! book's RTT estimator (`lib/rtt.c`, `unprtt.h`: [`rtt_info`],
//! [`rtt_init`], [`rtt_ts`], [`rtt_newpack`], [`rtt_start`], [`rtt_stop`],
//! [`rtt_timeout`]) and [`dg_send_recv`] (`rtt/dg_send_recv.c`), the
//! request/reply exchange that numbers, timestamps and retransmits.
//! Re-exported from [`unp`](crate::unp) and the crate root.
//!
//! The estimator is Jacobson's (SIGCOMM '88), in floating point as the
//! book writes it: each measured RTT moves the smoothed RTT `srtt` by 1/8
//! of the difference and the mean deviation `rttvar` by 1/4 of the change;
//! the retransmission timeout is `RTO = srtt + 4 × rttvar`, kept between
//! [`RTT_RXTMIN`] (2 s) and [`RTT_RXTMAX`] (60 s); each timeout doubles it
//! (exponential back-off) and after [`RTT_MAXNREXMT`] (3) retransmissions
//! the request is given up.
//!
//! **The timer.** The book's `dg_send_recv` sets `alarm(rtt_start(…))` and
//! leaves `recvmsg` by `siglongjmp` from the SIGALRM handler. A jump out
//! of a signal handler skips whatever Rust would have run between the
//! handler and the `sigsetjmp` — destructors, lock releases — so it has no
//! sound Rust form (chapter 20's `dgclibcast5` has no Rust twin for the
//! same reason). The alternative, alarm plus a handler that merely
//! returns so `recvmsg` fails with `EINTR`, has chapter 20's race: an
//! alarm that goes off before `recvmsg` has started is lost, and the
//! client then waits for ever. socklab's `dg_send_recv` waits with
//! `select` instead (chapter 14's `readable_timeo`): no signal, no race,
//! and a timeout in microseconds, not whole seconds — which lets a test
//! lower the minimum RTO below a second ([`rtt_info::rtt_rxtmin`]) and
//! run hundreds of lossy exchanges in seconds. The C twin
//! (`docs/c/ch22_udpcli01.c`) keeps the book's alarm and sigsetjmp.

use std::os::fd::{AsFd, AsRawFd};

use libc::c_int;

use crate::addr::AsSockAddr;
use crate::error::{Errno, Error, Result};
use crate::mux::{FD_SET, FD_ZERO, select};
use crate::socket::{msghdr, recvmsg, sendmsg};
use crate::types::fd_set;
use crate::uio::{IoSlice, IoSliceMut};

/// `RTT_RXTMIN`—the book's smallest retransmission timeout: 2 seconds.
pub const RTT_RXTMIN: c_int = 2;
/// `RTT_RXTMAX`—the book's largest retransmission timeout (as
/// [`rtt_stop`] computes it): 60 seconds.
pub const RTT_RXTMAX: c_int = 60;
/// `RTT_MAXNREXMT`—the book's number of retransmissions before
/// [`rtt_timeout`] gives up: 3.
pub const RTT_MAXNREXMT: c_int = 3;

/// `struct rtt_info`—the RTT estimator's state (`unprtt.h`), times in
/// seconds, as the book's `float`s.
///
/// The last three fields are socklab's: the book's `#define`s as values,
/// so a program (or a test on a lossy link) can change them.
/// [`rtt_info::default`] sets them to [`RTT_RXTMIN`], [`RTT_RXTMAX`] and
/// [`RTT_MAXNREXMT`]; [`rtt_init`] resets the estimator and leaves them
/// alone.
///
/// ```
/// use socklab::*;
/// let mut rtt = rtt_info::default();
/// rtt_init(&mut rtt);
/// assert_eq!(rtt.rtt_rto, 3.0); // srtt 0 + 4 × rttvar 0.75
/// ```
#[allow(non_camel_case_types)] // the book's name
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct rtt_info {
    /// `rtt_rtt`: the most recent measured RTT, in seconds.
    pub rtt_rtt: f32,
    /// `rtt_srtt`: the smoothed RTT estimator, in seconds.
    pub rtt_srtt: f32,
    /// `rtt_rttvar`: the smoothed mean deviation, in seconds.
    pub rtt_rttvar: f32,
    /// `rtt_rto`: the current retransmission timeout, in seconds.
    pub rtt_rto: f32,
    /// `rtt_nrexmt`: how many times this packet was retransmitted: 0, 1, 2…
    pub rtt_nrexmt: c_int,
    /// `rtt_base`: the seconds since 1970 at [`rtt_init`]; [`rtt_ts`]
    /// counts from it.
    pub rtt_base: u32,
    /// socklab's: the smallest RTO, in seconds (the book's constant
    /// [`RTT_RXTMIN`]).
    pub rtt_rxtmin: f32,
    /// socklab's: the largest RTO [`rtt_stop`] computes, in seconds (the
    /// book's constant [`RTT_RXTMAX`]).
    pub rtt_rxtmax: f32,
    /// socklab's: the retransmissions [`rtt_timeout`] allows (the book's
    /// constant [`RTT_MAXNREXMT`]).
    pub rtt_maxnrexmt: c_int,
}

impl Default for rtt_info {
    /// All zero, with the book's limits: 2 s, 60 s, 3 retransmissions.
    fn default() -> Self {
        rtt_info {
            rtt_rtt: 0.0,
            rtt_srtt: 0.0,
            rtt_rttvar: 0.0,
            rtt_rto: 0.0,
            rtt_nrexmt: 0,
            rtt_base: 0,
            rtt_rxtmin: RTT_RXTMIN as f32,
            rtt_rxtmax: RTT_RXTMAX as f32,
            rtt_maxnrexmt: RTT_MAXNREXMT,
        }
    }
}

/// `RTT_RTOCALC(ptr)`: the smoothed RTT plus four times the deviation.
fn rtt_rtocalc(ptr: &rtt_info) -> f64 {
    f64::from(ptr.rtt_srtt) + 4.0 * f64::from(ptr.rtt_rttvar)
}

/// `rtt_minmax(rto)`: `rto` kept between the minimum and the maximum.
fn rtt_minmax(ptr: &rtt_info, rto: f32) -> f32 {
    if rto < ptr.rtt_rxtmin {
        ptr.rtt_rxtmin
    } else if rto > ptr.rtt_rxtmax {
        ptr.rtt_rxtmax
    } else {
        rto
    }
}

/// `gettimeofday(&tv, NULL)` as (seconds, microseconds). Like glibc's
/// gettimeofday, std's clock read goes through the vDSO: no system call,
/// nothing in strace.
fn now() -> (u64, u32) {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    (t.as_secs(), t.subsec_micros())
}

/// `rtt_init(&rttinfo)`—starts the estimator: `rtt_base` is now (in
/// seconds), `srtt` 0, `rttvar` 0.75, so the first RTO is `0 + 4 × 0.75`
/// = 3 seconds (kept within the limits).
///
/// The limits ([`rtt_info::rtt_rxtmin`]…) are left as they are.
///
/// ```
/// use socklab::*;
/// let mut rtt = rtt_info::default();
/// rtt_init(&mut rtt);
/// assert_eq!((rtt.rtt_srtt, rtt.rtt_rttvar, rtt.rtt_rto), (0.0, 0.75, 3.0));
/// ```
///
/// # References
/// UNP vol. 1, Figure 22.11 (`lib/rtt.c`).
pub fn rtt_init(ptr: &mut rtt_info) {
    ptr.rtt_base = now().0 as u32; // # sec since 1/1/1970 at start
    ptr.rtt_rtt = 0.0;
    ptr.rtt_srtt = 0.0;
    ptr.rtt_rttvar = 0.75;
    ptr.rtt_rto = rtt_minmax(ptr, rtt_rtocalc(ptr) as f32);
}

/// `rtt_ts(&rttinfo)`—a timestamp for a packet: the milliseconds since
/// [`rtt_init`] (`(tv_sec - rtt_base) × 1000 + tv_usec / 1000`, in 32
/// bits). The reply carries it back, and the difference to the time it
/// arrives is the RTT that [`rtt_stop`] is given.
///
/// ```
/// use socklab::*;
/// let mut rtt = rtt_info::default();
/// rtt_init(&mut rtt);
/// let t0 = rtt_ts(&rtt);
/// std::thread::sleep(std::time::Duration::from_millis(20));
/// assert!(rtt_ts(&rtt) - t0 >= 20);
/// ```
///
/// # References
/// UNP vol. 1, Figure 22.11 (`lib/rtt.c`).
pub fn rtt_ts(ptr: &rtt_info) -> u32 {
    let (sec, usec) = now();
    (sec as u32)
        .wrapping_sub(ptr.rtt_base)
        .wrapping_mul(1000)
        .wrapping_add(usec / 1000)
}

/// `rtt_newpack(&rttinfo)`—a new packet: its retransmission count back to 0.
///
/// # References
/// UNP vol. 1, Figure 22.12 (`lib/rtt.c`).
pub fn rtt_newpack(ptr: &mut rtt_info) {
    ptr.rtt_nrexmt = 0;
}

/// `rtt_start(&rttinfo)`—the time to wait for a reply: the current RTO.
///
/// The book returns it rounded to whole seconds, `(int) (rtt_rto + 0.5)`,
/// for `alarm()`. socklab's [`dg_send_recv`] waits with `select`, which
/// takes microseconds: this `rtt_start` returns the RTO itself as a
/// `timeval` (with the book's 2-second minimum the difference is the
/// rounding; below a second, it is the difference between waiting and
/// `alarm(0)`, no timer at all).
///
/// ```
/// use socklab::*;
/// let mut rtt = rtt_info::default();
/// rtt_init(&mut rtt);
/// rtt.rtt_rto = 2.25;
/// let tv = rtt_start(&rtt);
/// assert_eq!((tv.tv_sec, tv.tv_usec), (2, 250_000));
/// ```
///
/// # References
/// UNP vol. 1, Figure 22.12 (`lib/rtt.c`).
pub fn rtt_start(ptr: &rtt_info) -> libc::timeval {
    let usec = (f64::from(ptr.rtt_rto) * 1e6).round() as i64;
    libc::timeval {
        tv_sec: (usec / 1_000_000) as libc::time_t,
        tv_usec: (usec % 1_000_000) as libc::suseconds_t,
    }
}

/// `rtt_stop(&rttinfo, ms)`—a reply came: `ms` is its measured RTT in
/// milliseconds. Updates the estimators (Jacobson: gain 1/8 for `srtt`,
/// 1/4 for `rttvar`) and computes the next RTO, `srtt + 4 × rttvar`, kept
/// between the minimum and the maximum.
///
/// ```
/// use socklab::*;
/// let mut rtt = rtt_info::default();
/// rtt_init(&mut rtt);
/// rtt_stop(&mut rtt, 80); // 0.080 s
/// assert_eq!(rtt.rtt_srtt, 0.01); // 0 + (0.08 - 0) / 8
/// assert_eq!(rtt.rtt_rttvar, 0.5825); // 0.75 + (0.08 - 0.75) / 4
/// assert_eq!(rtt.rtt_rto, 2.34); // 0.01 + 4 × 0.5825
/// ```
///
/// # References
/// UNP vol. 1, Figure 22.13 (`lib/rtt.c`); V. Jacobson, "Congestion
/// Avoidance and Control", SIGCOMM '88, Appendix A.
pub fn rtt_stop(ptr: &mut rtt_info, ms: u32) {
    ptr.rtt_rtt = (f64::from(ms) / 1000.0) as f32; // measured RTT in seconds
    let mut delta = f64::from(ptr.rtt_rtt) - f64::from(ptr.rtt_srtt);
    ptr.rtt_srtt = (f64::from(ptr.rtt_srtt) + delta / 8.0) as f32; // g = 1/8
    if delta < 0.0 {
        delta = -delta; // |delta|
    }
    ptr.rtt_rttvar = (f64::from(ptr.rtt_rttvar) + (delta - f64::from(ptr.rtt_rttvar)) / 4.0) as f32; // h = 1/4
    ptr.rtt_rto = rtt_minmax(ptr, rtt_rtocalc(ptr) as f32);
}

/// `rtt_timeout(&rttinfo)`—the timer went off: doubles the RTO
/// (exponential back-off) and counts a retransmission. Returns -1 when
/// there have been more than [`rtt_info::rtt_maxnrexmt`] (3): give up;
/// else 0: retransmit.
///
/// As in the book the doubled RTO is not kept below the maximum (with
/// the book's 60 s and 3 retransmissions the longest wait is 480 s).
///
/// ```
/// use socklab::*;
/// let mut rtt = rtt_info::default();
/// rtt_init(&mut rtt);
/// rtt_newpack(&mut rtt);
/// assert_eq!(rtt_timeout(&mut rtt), 0); // RTO 6
/// assert_eq!(rtt_timeout(&mut rtt), 0); // 12
/// assert_eq!(rtt_timeout(&mut rtt), 0); // 24
/// assert_eq!(rtt.rtt_rto, 24.0);
/// assert_eq!(rtt_timeout(&mut rtt), -1); // a fourth: give up
/// ```
///
/// # References
/// UNP vol. 1, Figure 22.14 (`lib/rtt.c`).
pub fn rtt_timeout(ptr: &mut rtt_info) -> c_int {
    ptr.rtt_rto *= 2.0; // next RTO
    ptr.rtt_nrexmt += 1;
    if ptr.rtt_nrexmt > ptr.rtt_maxnrexmt {
        return -1; // time to give up for this packet
    }
    0
}

/// `struct hdr { uint32_t seq; uint32_t ts; }`—the 8 bytes
/// [`dg_send_recv`] puts before each request: a sequence number and a
/// timestamp ([`rtt_ts`]). The server echoes them unchanged; both are in
/// the host's byte order, as the book sends them (client and echo server
/// are the same program's two ends, and the server never reads them).
#[allow(non_camel_case_types)] // the book's name
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct hdr {
    /// `seq`: the request's number; a reply with another is discarded.
    pub seq: u32,
    /// `ts`: when the request was sent, in [`rtt_ts`] milliseconds.
    pub ts: u32,
}

impl hdr {
    /// The 8 bytes on the wire: `seq`, then `ts`, host byte order.
    fn to_bytes(self) -> [u8; 8] {
        let mut b = [0u8; 8];
        b[..4].copy_from_slice(&self.seq.to_ne_bytes());
        b[4..].copy_from_slice(&self.ts.to_ne_bytes());
        b
    }

    /// The header the 8 bytes `b` hold.
    fn from_bytes(b: &[u8; 8]) -> hdr {
        let word = |i: usize| u32::from_ne_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        hdr {
            seq: word(0),
            ts: word(4),
        }
    }
}

/// What the book's `dg_send_recv.c` keeps in `static` variables — the
/// estimator `rttinfo`, the flag `rttinit` and the header `sendhdr` (its
/// `seq` counts the requests) — as a value the caller owns and passes to
/// each [`dg_send_recv`]. `rtt_d_flag` is the book's debug flag: set, each
/// retransmission is reported on stderr.
///
/// ```
/// use socklab::*;
/// let mut state = DgSendRecv::default(); // rttinit 0: rtt_init on first use
/// state.rtt_d_flag = true;               // report retransmissions
/// state.rttinfo.rtt_rxtmin = 0.1;        // a smaller minimum RTO than the book's 2 s
/// assert_eq!(state.sendhdr.seq, 0);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct DgSendRecv {
    /// `static struct rtt_info rttinfo`.
    pub rttinfo: rtt_info,
    /// `static int rttinit`: false until the first call (which runs
    /// [`rtt_init`]), false again after a request was given up.
    pub rttinit: bool,
    /// `static struct hdr sendhdr`: the last request's header.
    pub sendhdr: hdr,
    /// `rtt_d_flag`: report each retransmission on stderr
    /// (`dg_send_recv: timeout, retransmitting seq 7, rto 0.400`).
    pub rtt_d_flag: bool,
}

/// `dg_send_recv(fd, outbuff, outbytes, inbuff, inbytes, destaddr,
/// destlen)`—UNP § 22.5: sends `outbuff` to `destaddr` as one datagram
/// behind an 8-byte [`hdr`] and waits for the reply with the same
/// sequence number, retransmitting on timeout with exponential back-off.
/// Returns the size of the reply's data, which is in `inbuff` (its header
/// stripped).
///
/// Steps (the book's, with `select` as the timer — see the
/// [module page](crate::unp_rtt) for why):
/// 1. the first time ([`DgSendRecv::rttinit`] false): [`rtt_init`];
/// 2. `sendhdr.seq++`; [`rtt_newpack`];
/// 3. `sendhdr.ts = `[`rtt_ts`]; [`sendmsg`] with a 2-entry iovec: the
///    header, then `outbuff`;
/// 4. wait at most [`rtt_start`] for the socket to be readable
///    ([`select`]); on a timeout, [`rtt_timeout`] — give up with
///    `ETIMEDOUT` when it says -1, else (with `rtt_d_flag`, one line on
///    stderr) back to step 3;
/// 5. [`recvmsg`] into a 2-entry iovec: a header, then `inbuff`. A reply
///    shorter than a header or with another `seq` (the late answer to an
///    earlier request) is discarded: back to step 4, with the time left
///    (Linux's `select` writes it back into its timeout, as the book's
///    alarm keeps running);
/// 6. [`rtt_stop`] with `rtt_ts() - recvhdr.ts`: the RTT of the
///    transmission the reply answers, since the server echoes its
///    timestamp.
///
/// # Errors
/// `ETIMEDOUT` (`dg_send_recv: Connection timed out`): no reply after the
/// last retransmission; those of `sendmsg`, `select` and `recvmsg`
/// (`EINTR` if a signal handler ran: the call is not retried).
///
/// ```
/// use socklab::*;
/// // a server that echoes one datagram, header included
/// let serv = socket(AF_INET, SOCK_DGRAM, 0)?;
/// bind(&serv, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
/// let servaddr = getsockname(&serv)?;
/// let echo = std::thread::spawn(move || -> Result<()> {
///     let mut buf = [0u8; 100];
///     let (n, from) = recvfrom(&serv, &mut buf, 0)?;
///     sendto(&serv, &buf[..n], 0, &from)?;
///     Ok(())
/// });
/// let sockfd = socket(AF_INET, SOCK_DGRAM, 0)?;
/// let mut state = DgSendRecv::default();
/// let mut recvline = [0u8; MAXLINE];
/// let n = dg_send_recv(&sockfd, &mut state, b"hello\n", &mut recvline, &servaddr)?;
/// assert_eq!(&recvline[..n], b"hello\n");
/// assert_eq!(state.sendhdr.seq, 1);
/// echo.join().expect("echo")?;
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// UNP vol. 1, Figures 22.6–22.7 (`rtt/dg_send_recv.c`).
pub fn dg_send_recv(
    fd: impl AsFd,
    state: &mut DgSendRecv,
    outbuff: &[u8],
    inbuff: &mut [u8],
    destaddr: &impl AsSockAddr,
) -> Result<usize> {
    let fd = fd.as_fd();
    if !state.rttinit {
        rtt_init(&mut state.rttinfo); // first time we're called
        state.rttinit = true;
    }
    state.sendhdr.seq = state.sendhdr.seq.wrapping_add(1);
    let dest = destaddr.to_sockaddr();
    rtt_newpack(&mut state.rttinfo); // initialize for this packet

    // sendagain:
    loop {
        state.sendhdr.ts = rtt_ts(&state.rttinfo);
        let head = state.sendhdr.to_bytes();
        let iovsend = [IoSlice::new(&head), IoSlice::new(outbuff)];
        let msgsend = msghdr {
            msg_name: Some(dest.clone()),
            msg_iov: &iovsend[..],
            msg_control: Vec::new(),
            msg_flags: 0,
        };
        sendmsg(fd, &msgsend, 0)?;

        let mut tv = rtt_start(&state.rttinfo); // calc timeout value & start timer
        loop {
            let mut rset = fd_set::default();
            FD_ZERO(&mut rset);
            FD_SET(fd, &mut rset);
            if select(
                fd.as_raw_fd() + 1,
                Some(&mut rset),
                None,
                None,
                Some(&mut tv),
            )? == 0
            {
                break; // the timer went off
            }
            let mut recvhead = [0u8; 8];
            let mut iovrecv = [IoSliceMut::new(&mut recvhead), IoSliceMut::new(inbuff)];
            let mut msgrecv = msghdr {
                msg_name: None,
                msg_iov: &mut iovrecv[..],
                msg_control: Vec::new(),
                msg_flags: 0,
            };
            let n = recvmsg(fd, &mut msgrecv, 0)?;
            let recvhdr = hdr::from_bytes(&recvhead);
            if n >= recvhead.len() && recvhdr.seq == state.sendhdr.seq {
                // calculate & store new RTT estimator values
                let ms = rtt_ts(&state.rttinfo).wrapping_sub(recvhdr.ts);
                rtt_stop(&mut state.rttinfo, ms);
                return Ok(n - recvhead.len()); // size of received datagram
            }
        }
        if rtt_timeout(&mut state.rttinfo) < 0 {
            state.rttinit = false; // reinit in case we're called again
            return Err(Error::sys("dg_send_recv", Errno::ETIMEDOUT));
        }
        if state.rtt_d_flag {
            let line = format!(
                "dg_send_recv: timeout, retransmitting seq {}, rto {:.3}\n",
                state.sendhdr.seq, state.rttinfo.rtt_rto
            );
            // one write(2), as C's fprintf(stderr, …) makes
            let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn started() -> rtt_info {
        let mut rtt = rtt_info::default();
        rtt_init(&mut rtt);
        rtt
    }

    #[test]
    fn the_first_rto_is_three_seconds_and_measurements_pull_it_to_the_minimum() {
        let mut rtt = started();
        assert_eq!(rtt.rtt_rto, 3.0);
        let mut last = rtt.rtt_rto;
        for _ in 0..40 {
            rtt_stop(&mut rtt, 1); // a 1 ms RTT, as on a LAN
            assert!(rtt.rtt_rto <= last, "the RTO only shrinks: {rtt:?}");
            last = rtt.rtt_rto;
        }
        assert_eq!(rtt.rtt_rto, 2.0, "kept at RTT_RXTMIN: {rtt:?}");
        assert!(rtt.rtt_srtt > 0.0009 && rtt.rtt_srtt < 0.0011, "{rtt:?}");
    }

    #[test]
    fn a_slow_path_raises_the_rto_up_to_the_maximum() {
        let mut rtt = started();
        rtt_stop(&mut rtt, 10_000); // 10 s
        // srtt 1.25, rttvar 0.75 + (10 - 0.75) / 4 = 3.0625, rto 13.5
        assert_eq!(rtt.rtt_srtt, 1.25);
        assert_eq!(rtt.rtt_rttvar, 3.0625);
        assert_eq!(rtt.rtt_rto, 13.5);
        rtt_stop(&mut rtt, 200_000); // 200 s
        assert_eq!(rtt.rtt_rto, 60.0, "kept at RTT_RXTMAX: {rtt:?}");
    }

    #[test]
    fn timeouts_double_the_rto_and_give_up_after_maxnrexmt() {
        let mut rtt = started();
        rtt_newpack(&mut rtt);
        let mut rtos = vec![rtt.rtt_rto];
        while rtt_timeout(&mut rtt) == 0 {
            rtos.push(rtt.rtt_rto);
        }
        assert_eq!(rtos, [3.0, 6.0, 12.0, 24.0], "three retransmissions");
        assert_eq!(rtt.rtt_nrexmt, RTT_MAXNREXMT + 1);
        // a new packet: the count starts again, the backed-off RTO stays
        // until a measurement (rtt_stop) recomputes it
        rtt_newpack(&mut rtt);
        assert_eq!(rtt.rtt_nrexmt, 0);
        assert_eq!(rtt_timeout(&mut rtt), 0);
        rtt_stop(&mut rtt, 1);
        assert!(rtt.rtt_rto < 3.0, "{rtt:?}");
    }

    #[test]
    fn the_limits_are_values_a_program_may_change() {
        let mut rtt = rtt_info {
            rtt_rxtmin: 0.1,
            rtt_rxtmax: 1.0,
            rtt_maxnrexmt: 5,
            ..rtt_info::default()
        };
        rtt_init(&mut rtt);
        assert_eq!(rtt.rtt_rto, 1.0, "3 s kept at the maximum");
        assert_eq!((rtt.rtt_rxtmin, rtt.rtt_maxnrexmt), (0.1, 5), "kept");
        for _ in 0..40 {
            rtt_stop(&mut rtt, 1);
        }
        assert_eq!(rtt.rtt_rto, 0.1, "kept at the minimum");
        rtt_newpack(&mut rtt);
        let mut n = 0;
        while rtt_timeout(&mut rtt) == 0 {
            n += 1;
        }
        assert_eq!(n, 5);
        assert_eq!(rtt.rtt_rto, 6.4, "0.1 doubled 6 times: not clamped");
        let tv = rtt_start(&rtt);
        assert_eq!((tv.tv_sec, tv.tv_usec), (6, 400_000));
    }

    #[test]
    fn timestamps_count_milliseconds_from_rtt_init() {
        let rtt = started();
        let t0 = rtt_ts(&rtt);
        assert!(t0 < 1000, "less than a second after rtt_init: {t0}");
        std::thread::sleep(std::time::Duration::from_millis(50));
        let t1 = rtt_ts(&rtt);
        assert!((50..5000).contains(&(t1 - t0)), "{t0} {t1}");
    }

    #[test]
    fn the_header_is_seq_then_ts_in_host_order() {
        let h = hdr { seq: 1, ts: 0x0203 };
        let b = h.to_bytes();
        assert_eq!(&b[..4], &1u32.to_ne_bytes());
        assert_eq!(hdr::from_bytes(&b), h);
    }

    /// No server: the request goes unanswered; with a 50 ms RTO the
    /// client gives up after 50 + 100 + 200 + 400 ms, with ETIMEDOUT, and
    /// the next call starts the estimator again.
    #[test]
    fn dg_send_recv_gives_up_with_etimedout() {
        use crate::addr::sockaddr_in;
        use crate::socket::{bind, getsockname, socket};
        let silent =
            socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0).expect("socket");
        bind(&silent, &sockaddr_in::new(libc::INADDR_LOOPBACK, 0)).expect("bind");
        let to = getsockname(&silent).expect("getsockname");
        let fd = socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0).expect("socket");
        let mut state = DgSendRecv {
            rttinit: true,
            ..DgSendRecv::default()
        };
        state.rttinfo.rtt_rto = 0.05;
        let start = std::time::Instant::now();
        let mut buf = [0u8; 16];
        let err = dg_send_recv(&fd, &mut state, b"anyone?", &mut buf, &to).unwrap_err();
        let waited = start.elapsed();
        assert_eq!(err.errno(), Some(Errno::ETIMEDOUT));
        assert_eq!(
            err.to_string(),
            "dg_send_recv: Connection timed out (ETIMEDOUT)"
        );
        assert!(
            waited >= std::time::Duration::from_millis(750),
            "{waited:?}"
        );
        assert_eq!(state.rttinfo.rtt_nrexmt, 4);
        assert!(!state.rttinit, "rtt_init again next time");
        // four datagrams reached the silent socket, each with seq 1
        let mut got = 0;
        let mut b = [0u8; 64];
        while crate::socket::recv(&silent, &mut b, libc::MSG_DONTWAIT).is_ok() {
            assert_eq!(
                hdr::from_bytes(&[b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]).seq,
                1
            );
            assert_eq!(&b[8..15], b"anyone?");
            got += 1;
        }
        assert_eq!(got, 4, "the request and three retransmissions");
    }
}
