//! # socklab — the socket calls of a sockets course, in Rust, as in C
//!
//! socklab gives you the POSIX socket API the way a sockets course and
//! Stevens' *UNIX Network Programming* teach it: `socket`, `bind`,
//! `listen`, `accept`, `connect`, `read`, `write`, `close`, `fork`… with
//! their C names and arguments, each making **exactly the system call its C
//! namesake makes** — so a socklab program under `strace` reads like its C
//! twin. What Rust adds is safety, not hidden behaviour:
//!
//! - descriptors are owned ([`Fd`]): they print as their number and close
//!   when dropped, so they cannot leak or be used after `close`;
//! - every failure is an [`Error`] that reads like `perror`:
//!   `connect: Connection refused (ECONNREFUSED)`;
//! - addresses are typed ([`sockaddr_in`]…) and print both the way
//!   `sock_ntop` does and the way strace does.
//!
//! ## By C header
//! Every item is at the crate root (`use socklab::*;` brings them all) and
//! also in the module of the C header that declares it, as a C program
//! `#include`s them: [`sys_socket`], [`netinet_in`], [`sys_un`],
//! [`arpa_inet`], [`netdb`], [`unistd`], [`sys_wait`], [`signal`](mod@signal),
//! [`sys_select`], [`errno`], [`fcntl`](mod@fcntl), [`ioctl`](mod@ioctl),
//! [`uio`], [`epoll`](mod@epoll), [`stdio`], [`netinet_sctp`] (chapter 23),
//! and the course book's [`unp`].
//!
//! ## The course
//! The course guide — a page per lecture and per chapter, with the programs
//! to run and what strace shows — starts at `docs/README.md` in the
//! repository; `docs/programs.md` lists every program with its arguments
//! and default port, and `docs/c/` holds each program's C twin.
//!
//! ## How to read this crate
//! Start with the example programs (`examples/`, one per lecture program
//! and per figure of the book), then the module of the header you are
//! reading about. The modules sit in layers; each imports only from its own
//! layer or the ones below (`tests/layers.rs` checks it):
//!
//! ```text
//! 4  unp.rs (the book's helpers; unp_rtt.rs, § 22.5's RTT estimator), lib.rs
//! 3  socket.rs fd.rs mux.rs opt.rs process.rs signal.rs netdb.rs
//!    arpa_inet.rs unistd.rs time.rs netinet_sctp.rs (chapter 23)
//!    fcntl.rs ioctl.rs uio.rs epoll.rs   — one per C header: a wrapper is
//!                                          the C call, one trace hook, the return
//! 2  trace/ — trace mode: calls.rs has one printer per system call
//! 1  sys/ — every C call, one function each; the only module with `unsafe`
//! 0  addr.rs types.rs consts.rs error.rs sctp_types.rs — the C types,
//!    constants, errors
//! ```
//!
//! ## C → socklab
//!
//! | C | socklab |
//! |---|---|
//! | `int fd = socket(AF_INET, SOCK_STREAM, 0);` | `let fd = socket(AF_INET, SOCK_STREAM, 0)?;` |
//! | `bzero(&sa, sizeof sa); sa.sin_family = AF_INET;` | `let mut sa = sockaddr_in::default();` |
//! | `sa.sin_port = htons(9877);` | `sa.sin_port = htons(9877);` |
//! | `inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);` | `inet_pton(AF_INET, "127.0.0.1", &mut sa.sin_addr)?;` |
//! | `bind(fd, (SA *) &sa, sizeof sa);` | `bind(&fd, &sa)?;` |
//! | `listen(fd, LISTENQ);` | `listen(&fd, LISTENQ)?;` |
//! | `c = accept(fd, (SA *) &cli, &len);` | `let (c, cli) = accept(&fd)?;` |
//! | `connect(fd, (SA *) &sa, sizeof sa);` | `connect(&fd, &sa)?;` |
//! | `n = read(fd, buf, sizeof buf);` | `let n = read(&fd, &mut buf)?;` |
//! | `write(fd, buf, n);` | `write(&fd, &buf[..n])?;` |
//! | `n = recvfrom(fd, buf, len, 0, (SA *) &from, &flen);` | `let (n, from) = recvfrom(&fd, &mut buf, 0)?;` |
//! | `setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);` | `setsockopt(&fd, SOL_SOCKET, SO_REUSEADDR, &1)?;` |
//! | `close(fd);` | `close(fd)?;` (or let `fd` drop) |
//! | `if ((pid = fork()) == 0) { … }` | `if let ForkResult::Child = fork()? { … }` |
//! | `signal(SIGCHLD, sig_chld);` | `signal(SIGCHLD, SigHandler::Handler(sig_chld), SA_RESTART)?;` |
//! | `waitpid(-1, &stat, WNOHANG)` | `waitpid(-1, WNOHANG)?` → `(pid, stat)` |
//! | `perror("connect"); exit(1);` | `perror(&e); exit(1);` (`e` already names the call) |
//!
//! ## A TCP server and client in ten lines each
//!
//! ```
//! use socklab::*;
//!
//! // server: socket, bind, listen (port 0: the kernel picks a free one)
//! let listenfd = socket(AF_INET, SOCK_STREAM, 0)?;
//! bind(&listenfd, &sockaddr_in::new(INADDR_LOOPBACK, 0))?;
//! listen(&listenfd, LISTENQ)?;
//! let servaddr = getsockname(&listenfd)?;
//!
//! // client: socket, connect, write
//! let sockfd = socket(AF_INET, SOCK_STREAM, 0)?;
//! connect(&sockfd, &servaddr)?;
//! write(&sockfd, b"hello")?;
//!
//! // server: accept, read, answer, close
//! let (connfd, cliaddr) = accept(&listenfd)?;
//! let mut buf = [0u8; MAXLINE];
//! let n = read(&connfd, &mut buf)?;
//! println!("{} bytes from {cliaddr}", n);
//! write(&connfd, &buf[..n].to_ascii_uppercase())?;
//! close(connfd)?;
//!
//! // client: the reply, then end of file
//! let n = read(&sockfd, &mut buf)?;
//! assert_eq!(&buf[..n], b"HELLO");
//! assert_eq!(read(&sockfd, &mut buf)?, 0);
//! # Ok::<(), socklab::Error>(())
//! ```
//!
//! ## Fidelity, and the exceptions
//! Each call is one system call with the C arguments: no `SOCK_CLOEXEC`,
//! no `accept4`, no `SO_REUSEADDR`, no `MSG_NOSIGNAL`, no retries. The
//! exceptions say so in their documentation and list their calls:
//! [`readn`], [`writen`] and [`readline`] loop (the course book's helpers);
//! [`fork`] flushes stdout and checks the thread count first; [`exit`]
//! flushes stdout, then ends with `_exit` (with more than one thread it is
//! `std::process::exit`); [`resolve_ipv4`] may call
//! `getaddrinfo`. One thing happens before `main` that C does not do: the
//! Rust runtime sets SIGPIPE to "ignore" — [`restore_sigpipe`] undoes it.
//!
//! ## Trace mode
//! Run any program with `SOCKLAB_TRACE=1` to see each call printed in
//! strace's syntax as it returns; see [`trace`].
#![deny(missing_docs)]
#![deny(unsafe_code)]
#![doc(test(attr(deny(warnings))))]

/// The `# References` section of a wrapper's documentation: the Linux man
/// page and the POSIX page of the C call, e.g. `man_links!(socket(2))`, or
/// `man_links!(wait(2), posix: waitpid)` where POSIX files it under
/// another name. One place for the ~50 link pairs (socket2's `man_links!`).
macro_rules! man_links {
    ($name:ident ($section:literal)) => {
        man_links!($name($section), posix: $name)
    };
    ($name:ident ($section:literal), posix: $posix:ident) => {
        concat!(
            "# References\n",
            "[", stringify!($name), "(", $section, ")]",
            "(https://man7.org/linux/man-pages/man", $section, "/",
            stringify!($name), ".", $section, ".html),\n",
            "[POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/",
            stringify!($posix), ".html)"
        )
    };
}

mod addr;
pub mod arpa_inet;
#[doc(hidden)]
pub mod bench;
mod consts;
// [ch14] advanced I/O modules
pub mod epoll;
mod error;
mod fd;
// <fcntl.h>: open, fcntl (chapters 13, 15, 16, 24, 25, 30)
pub mod fcntl;
pub mod ioctl;
// [ch30 block] <sys/mman.h>, <sys/resource.h>, <stdlib.h>
pub mod mman;
mod mux;
pub mod netdb;
// chapter 17: <net/if.h>, <ifaddrs.h>
pub mod net_if;
mod opt;
mod process;
// [ch26] <pthread.h>
pub mod pthread;
pub mod resource;
pub mod signal;
mod socket;
pub mod stdio;
pub mod stdlib;
// chapter 23: <netinet/sctp.h> and its C types
pub mod netinet_sctp;
mod sctp_types;
mod sys;
// [ch13] <syslog.h>
pub mod syslog;
mod time;
pub mod trace;
mod types;
pub mod uio;
pub mod unistd;
pub mod unp;
// [ch22 block] § 22.5: the RTT estimator and dg_send_recv (`unprtt.h`)
pub mod unp_rtt;

pub use addr::{
    AsSockAddr, InetAddr, SockAddr, htonl, htons, in_addr, in6_addr, in6addr_any, in6addr_loopback,
    ntohl, ntohs, sock_ntop, sockaddr_in, sockaddr_in6, sockaddr_un,
};
pub use arpa_inet::{inet_ntop, inet_pton, parse_port};
pub use consts::*;
pub use error::{Errno, Error, Result, errno_name, perror};
pub use fd::{Fd, close, dup, dup2, read, write};
pub use mux::{
    FD_CLR, FD_ISSET, FD_SET, FD_SETSIZE, FD_ZERO, INFTIM, POLLERR, POLLHUP, POLLIN, POLLNVAL,
    POLLOUT, POLLPRI, POLLRDNORM, fd_set, poll, pollfd, select,
};
pub use netdb::{addrinfo, getaddrinfo, resolve_ipv4};
// ---- ch11 (issue 11) ----
pub use addr::IN6_IS_ADDR_V4MAPPED;
pub use netdb::{
    addrinfo_list, gai_strerror, gethostbyaddr, gethostbyname, getnameinfo, getservbyname,
    getservbyport, hostent, hstrerror, servent,
};
pub use unp::{
    host_serv, sock_ntop_host, tcp_connect, tcp_listen, udp_client, udp_connect, udp_server,
};
// ---- end ch11 ----
pub use opt::{
    IP_TOS, IP_TTL, IPV6_UNICAST_HOPS, IPV6_V6ONLY, SO_BROADCAST, SO_DEBUG, SO_DONTROUTE, SO_ERROR,
    SO_KEEPALIVE, SO_LINGER, SO_OOBINLINE, SO_RCVBUF, SO_RCVLOWAT, SO_RCVTIMEO, SO_REUSEADDR,
    SO_REUSEPORT, SO_SNDBUF, SO_SNDLOWAT, SO_SNDTIMEO, SO_TYPE, SockOpt, TCP_MAXSEG, TCP_NODELAY,
    getsockopt, setsockopt,
};
pub use process::{
    ForkResult, WEXITSTATUS, WIFEXITED, WIFSIGNALED, WTERMSIG, exit, fork, getpid, getppid, wait,
    waitpid,
};
pub use signal::{SIG_DFL, SIG_IGN, SigHandler, restore_sigpipe, signal};
pub use socket::{
    accept, accept_into, accept_null, bind, connect, getpeername, getpeername_into, getsockname,
    getsockname_into, listen, recv, recvfrom, recvfrom_into, send, sendto, shutdown, socket,
    socketpair,
};
pub use sys::{OptValue, SockAddrOut};
pub use time::{ctime, time};
pub use unistd::{args, gethostname, sleep, unlink};
pub use unp::{dg_cli, dg_echo, readline, readn, str_cli, str_echo, writen};
// [ch14 block] advanced I/O
pub use epoll::{
    EPOLL_CLOEXEC, EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CTL_MOD, EPOLLERR, EPOLLET, EPOLLHUP,
    EPOLLIN, EPOLLONESHOT, EPOLLOUT, EPOLLPRI, EPOLLRDHUP, epoll_create1, epoll_ctl, epoll_event,
    epoll_wait,
};
pub use ioctl::{FIONREAD, ioctl};
pub use socket::{MSG_CTRUNC, MSG_TRUNC, msghdr, recvmsg, sendmsg};
pub use uio::{IoSlice, IoSliceMut, readv, writev};
pub use unistd::alarm;
pub use unp::{connect_timeo, readable_timeo, writable_timeo};
// [ch20 block] broadcasting: pselect, pipe (the signal mask: the ch24 block)
pub use mux::{pselect, timespec};
pub use unistd::pipe;
// [ch22 block] advanced UDP: destination address and interface
pub use opt::{IP_PKTINFO, IPV6_RECVPKTINFO};
pub use unp::{recvfrom_flags, unp_in_pktinfo};
pub use unp_rtt::{
    DgSendRecv, RTT_MAXNREXMT, RTT_RXTMAX, RTT_RXTMIN, dg_send_recv, hdr, rtt_info, rtt_init,
    rtt_newpack, rtt_start, rtt_stop, rtt_timeout, rtt_ts,
};
// [ch21 block] multicasting: the membership options, the book's mcast_* helpers
pub use opt::{
    IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP, IP_MULTICAST_IF, IP_MULTICAST_LOOP, IP_MULTICAST_TTL,
    IPV6_JOIN_GROUP, IPV6_LEAVE_GROUP, IPV6_MULTICAST_HOPS, IPV6_MULTICAST_IF, IPV6_MULTICAST_LOOP,
    MCAST_BLOCK_SOURCE, MCAST_JOIN_GROUP, MCAST_JOIN_SOURCE_GROUP, MCAST_LEAVE_GROUP,
    MCAST_LEAVE_SOURCE_GROUP, MCAST_UNBLOCK_SOURCE, group_req, group_source_req, ip_mreq,
    ipv6_mreq,
};
pub use unp::{
    mcast_block_source, mcast_get_if, mcast_get_loop, mcast_get_ttl, mcast_join,
    mcast_join_source_group, mcast_leave, mcast_leave_source_group, mcast_set_if, mcast_set_loop,
    mcast_set_ttl, mcast_unblock_source,
};
// [chapter 17 block] ioctl operations
pub use ioctl::{
    ATF_COM, IFF_BROADCAST, IFF_LOOPBACK, IFF_MULTICAST, IFF_POINTOPOINT, IFF_RUNNING, IFF_UP,
    SIOCATMARK, SIOCGARP, SIOCGIFADDR, SIOCGIFBRDADDR, SIOCGIFCONF, SIOCGIFDSTADDR, SIOCGIFFLAGS,
    SIOCGIFHWADDR, SIOCGIFINDEX, SIOCGIFMTU, SIOCGIFNETMASK, ioctl_arpreq, ioctl_ifconf,
    ioctl_ifreq,
};
pub use net_if::{getifaddrs, if_indextoname, if_nameindex, if_nametoindex};
pub use types::{IFNAMSIZ, arpreq, ifaddrs, ifconf, ifreq};
pub use unp::{IFI_ALIAS, free_ifi_info, get_ifi_info, ifi_info};
// [end chapter 17 block]
// [chapter 16 block] nonblocking I/O (kill and pause: chapter 30's block)
pub use unp::connect_nonb;
// [end chapter 16 block]
// [ch30 block] server designs
pub use mman::{
    MAP_ANON, MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, Mapping, PROT_NONE, PROT_READ, PROT_WRITE,
    SharedMutex, mmap, munmap, pthread_mutex_lock, pthread_mutex_unlock,
};
pub use process::wait_null;
pub use resource::{RUSAGE_CHILDREN, RUSAGE_SELF, getrusage, rusage};
pub use signal::{kill, pause};
pub use socket::accept_len;
pub use stdlib::{atol, mkstemp};
pub use unp::{MAXN, pr_cpu_time, web_child};
// [fcntl block] <fcntl.h>
pub use fcntl::{
    F_GETFD, F_GETFL, F_GETLK, F_GETOWN, F_RDLCK, F_SETFD, F_SETFL, F_SETLK, F_SETLKW, F_SETOWN,
    F_UNLCK, F_WRLCK, FD_CLOEXEC, O_ACCMODE, O_APPEND, O_ASYNC, O_CLOEXEC, O_CREAT, O_EXCL,
    O_NOCTTY, O_NONBLOCK, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, SEEK_SET, fcntl, fcntl_lock, flock,
    open,
};
// [ch15] ancillary data, descriptor passing, credentials, exec
pub use opt::{SO_PASSCRED, SO_PEERCRED};
pub use socket::{
    Cmsg, SCM_CREDENTIALS, SCM_RIGHTS, SUN_LEN, bind_len, cmsg_credentials, cmsg_rights,
    getsockname_len, take_cmsgs,
};
pub use types::{CMSG_ALIGN, CMSG_LEN, CMSG_SPACE, ucred};
pub use unp::{read_fd, write_fd};

// [ch24 block] chapters 24-25: out-of-band data, signal-driven I/O
pub use ioctl::{FIOASYNC, FIONBIO, ioctl_int};
pub use mux::POLLRDBAND;
pub use signal::{
    SIG_BLOCK, SIG_SETMASK, SIG_UNBLOCK, sigaddset, sigdelset, sigemptyset, sigismember,
    sigprocmask, sigset_t, sigsuspend,
};
pub use socket::sockatmark;
// [end ch24 block]
// [ch26 block] chapter 26: threads. `pthread_mutex_lock`/`unlock` at the
// root are chapter 30's (a process-shared mutex in a mapping); chapter
// 26's, over a `pthread_mutex_t<T>`, are `socklab::pthread::…`.
pub use pthread::{
    // [ch26b] pthread_once
    PTHREAD_ONCE_INIT,
    pthread_cond_broadcast,
    pthread_cond_signal,
    pthread_cond_t,
    pthread_cond_timedwait,
    pthread_cond_wait,
    pthread_create,
    pthread_detach,
    pthread_getspecific,
    pthread_join,
    pthread_key_create,
    pthread_key_t,
    pthread_mutex_guard,
    pthread_mutex_t,
    pthread_once,
    pthread_once_t,
    pthread_self,
    pthread_setspecific,
    pthread_t,
};
// [end ch26 block]
// chapter 23: SCTP (<netinet/sctp.h>)
pub use netinet_sctp::{
    IPPROTO_SCTP, MSG_EOR, MSG_NOTIFICATION, NO_SCTP_HINT, SCTP_ABORT, SCTP_ADAPTATION_INDICATION,
    SCTP_ADDR_ADDED, SCTP_ADDR_AVAILABLE, SCTP_ADDR_CONFIRMED, SCTP_ADDR_MADE_PRIM, SCTP_ADDR_OVER,
    SCTP_ADDR_REMOVED, SCTP_ADDR_UNREACHABLE, SCTP_ASSOC_CHANGE, SCTP_AUTOCLOSE,
    SCTP_BINDX_ADD_ADDR, SCTP_BINDX_REM_ADDR, SCTP_CANT_STR_ASSOC, SCTP_COMM_LOST, SCTP_COMM_UP,
    SCTP_EOF, SCTP_EVENTS, SCTP_INITMSG, SCTP_NODELAY, SCTP_PARTIAL_DELIVERY_EVENT,
    SCTP_PDAPI_INCR_SZ, SCTP_PEER_ADDR_CHANGE, SCTP_PEER_ADDR_PARAMS, SCTP_REMOTE_ERROR,
    SCTP_RESTART, SCTP_SEND_FAILED, SCTP_SENDER_DRY_EVENT, SCTP_SHUTDOWN_COMP, SCTP_SHUTDOWN_EVENT,
    SCTP_SNDINFO, SCTP_SNDRCV, SCTP_STATUS, SCTP_UNORDERED, SERV_MAX_SCTP_STRM,
    SERV_MORE_STRMS_SCTP, SOL_SCTP, SPP_HB_DEMAND, SPP_HB_DISABLE, SPP_HB_ENABLE, SctpNotification,
    SctpOptArg, sctp_bindx, sctp_getladdrs, sctp_getpaddrs, sctp_notification, sctp_opt_info,
    sctp_peeloff, sctp_perror, sctp_recvmsg, sctp_recvmsg_null, sctp_sendmsg,
};
pub use sctp_types::{
    sctp_assoc_t, sctp_event_subscribe, sctp_initmsg, sctp_paddrinfo, sctp_paddrparams,
    sctp_sndrcvinfo, sctp_status, sockaddr_storage_bytes,
};

// [ch13 block] daemons, inetd, syslog
pub use netdb::static_hostent;
pub use syslog::{
    LOG_ALERT, LOG_AUTH, LOG_AUTHPRIV, LOG_CONS, LOG_CRIT, LOG_CRON, LOG_DAEMON, LOG_DEBUG,
    LOG_EMERG, LOG_ERR, LOG_FAC, LOG_FTP, LOG_INFO, LOG_KERN, LOG_LOCAL0, LOG_LOCAL1, LOG_LOCAL2,
    LOG_LOCAL3, LOG_LOCAL4, LOG_LOCAL5, LOG_LOCAL6, LOG_LOCAL7, LOG_LPR, LOG_MAIL, LOG_NDELAY,
    LOG_NEWS, LOG_NOTICE, LOG_NOWAIT, LOG_ODELAY, LOG_PERROR, LOG_PID, LOG_PRI, LOG_SYSLOG,
    LOG_USER, LOG_UUCP, LOG_WARNING, closelog, openlog, syslog,
};
pub use unistd::{chdir, execv, setsid, take_stdin, umask};
pub use unp::{MAXFD, daemon_inetd, daemon_init};
// ---------------------------------------------------------------------
// The same items by C header, as a C program includes them (and as nix
// arranges its modules): `socklab::sys_socket::accept` is `socklab::accept`.
// ---------------------------------------------------------------------

/// `<sys/socket.h>`—sockets: create, name, connect, talk, options.
pub mod sys_socket {
    #[doc(no_inline)]
    pub use crate::consts::{
        AF_INET, AF_INET6, AF_LOCAL, AF_UNIX, AF_UNSPEC, MSG_DONTROUTE, MSG_DONTWAIT, MSG_OOB,
        MSG_PEEK, MSG_WAITALL, PF_INET, PF_INET6, PF_UNIX, SHUT_RD, SHUT_RDWR, SHUT_WR, SOCK_DGRAM,
        SOCK_RAW, SOCK_SEQPACKET, SOCK_STREAM, SOL_SOCKET, SOMAXCONN,
    };
    #[doc(no_inline)]
    pub use crate::opt::{
        SO_BROADCAST, SO_DEBUG, SO_DONTROUTE, SO_ERROR, SO_KEEPALIVE, SO_LINGER, SO_OOBINLINE,
        SO_RCVBUF, SO_RCVLOWAT, SO_RCVTIMEO, SO_REUSEADDR, SO_REUSEPORT, SO_SNDBUF, SO_SNDLOWAT,
        SO_SNDTIMEO, SO_TYPE, SockOpt, getsockopt, setsockopt,
    };
    #[doc(no_inline)]
    pub use crate::socket::{
        accept, accept_into, accept_len, accept_null, bind, connect, getpeername, getpeername_into,
        getsockname, getsockname_into, listen, recv, recvfrom, recvfrom_into, send, sendto,
        shutdown, socket, socketpair,
    };
    #[doc(no_inline)]
    pub use crate::sys::{OptValue, SockAddrOut};
    #[doc(no_inline)]
    pub use crate::{SockAddr, linger};
    // [ch15] ancillary data and credentials
    #[doc(no_inline)]
    pub use crate::opt::{SO_PASSCRED, SO_PEERCRED};
    #[doc(no_inline)]
    pub use crate::socket::{
        Cmsg, MSG_CTRUNC, SCM_CREDENTIALS, SCM_RIGHTS, bind_len, cmsg_credentials, cmsg_rights,
        getsockname_len, msghdr, recvmsg, sendmsg, take_cmsgs,
    };
    #[doc(no_inline)]
    pub use crate::types::{CMSG_ALIGN, CMSG_LEN, CMSG_SPACE, ucred};
}

/// `<netinet/in.h>`, `<netinet/tcp.h>`—Internet addresses and protocols.
pub mod netinet_in {
    #[doc(no_inline)]
    pub use crate::addr::{
        htonl, htons, in_addr, in6_addr, in6addr_any, in6addr_loopback, ntohl, ntohs, sockaddr_in,
        sockaddr_in6,
    };
    #[doc(no_inline)]
    pub use crate::consts::{
        INADDR_ANY, INADDR_BROADCAST, INADDR_LOOPBACK, INET_ADDRSTRLEN, INET6_ADDRSTRLEN,
        IPPROTO_IP, IPPROTO_IPV6, IPPROTO_TCP, IPPROTO_UDP,
    };
    #[doc(no_inline)]
    pub use crate::opt::{IP_TOS, IP_TTL, IPV6_UNICAST_HOPS, IPV6_V6ONLY, TCP_MAXSEG, TCP_NODELAY};
    // [ch21 block] multicast options and their values
    #[doc(no_inline)]
    pub use crate::opt::{
        IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP, IP_MULTICAST_IF, IP_MULTICAST_LOOP,
        IP_MULTICAST_TTL, IPV6_JOIN_GROUP, IPV6_LEAVE_GROUP, IPV6_MULTICAST_HOPS,
        IPV6_MULTICAST_IF, IPV6_MULTICAST_LOOP, MCAST_BLOCK_SOURCE, MCAST_JOIN_GROUP,
        MCAST_JOIN_SOURCE_GROUP, MCAST_LEAVE_GROUP, MCAST_LEAVE_SOURCE_GROUP, MCAST_UNBLOCK_SOURCE,
        group_req, group_source_req, ip_mreq, ipv6_mreq,
    };
}

/// `<sys/un.h>`—Unix-domain (AF_UNIX) addresses.
pub mod sys_un {
    #[doc(no_inline)]
    pub use crate::addr::sockaddr_un;
    // [ch15]
    #[doc(no_inline)]
    pub use crate::socket::SUN_LEN;
}

/// `<sys/wait.h>`, `<stdlib.h>`—waiting for children, ending.
pub mod sys_wait {
    #[doc(no_inline)]
    pub use crate::consts::WNOHANG;
    #[doc(no_inline)]
    pub use crate::process::{
        WEXITSTATUS, WIFEXITED, WIFSIGNALED, WTERMSIG, exit, wait, wait_null, waitpid,
    };
}

/// `<sys/select.h>`, `<poll.h>`—waiting on several descriptors.
pub mod sys_select {
    #[doc(no_inline)]
    pub use crate::mux::{
        FD_CLR, FD_ISSET, FD_SET, FD_SETSIZE, FD_ZERO, INFTIM, POLLERR, POLLHUP, POLLIN, POLLNVAL,
        POLLOUT, POLLPRI, POLLRDNORM, fd_set, poll, pollfd, select,
    };
    // [ch20 block]
    #[doc(no_inline)]
    pub use crate::mux::{pselect, timespec};
    #[doc(no_inline)]
    pub use crate::signal::{
        SIG_BLOCK, SIG_SETMASK, SIG_UNBLOCK, sigaddset, sigemptyset, sigprocmask, sigset_t,
    };
}

/// `<errno.h>`, `<stdio.h>`—errors and how they print.
pub mod errno {
    #[doc(no_inline)]
    pub use crate::error::{Errno, Error, Result, errno_name, perror};
}

/// C's `int`, for values such as `let on: c_int = 1;`.
pub use libc::c_int;
/// C's `long`: the book's counters (`long *cptr`) and `atol`'s result.
pub use libc::c_long;
/// C's `short`: the fields of [`flock`](type@flock).
pub use libc::c_short;
/// `struct linger`—the value of `SO_LINGER`: `l_onoff` (0/1) and
/// `l_linger` (seconds).
///
/// Built as in C, field by field (a struct literal here):
///
/// ```
/// use socklab::*;
/// let fd = socket(AF_INET, SOCK_STREAM, 0)?;
/// // close() will abort the connection with an RST instead of a FIN
/// let abort = linger { l_onoff: 1, l_linger: 0 };
/// setsockopt(&fd, SOL_SOCKET, SO_LINGER, &abort)?;
/// assert_eq!(getsockopt(&fd, SOL_SOCKET, SO_LINGER)?.l_onoff, 1);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html) (`SO_LINGER`)
pub use libc::linger;
/// C's `pid_t`: a process id.
pub use libc::pid_t;
/// `socklen_t`: the length of a socket address, as `tcp_listen` returns it.
pub use libc::socklen_t;
/// C's `time_t`: seconds since the Epoch, as [`time`] returns.
pub use libc::time_t;
/// `struct timeval`—seconds and microseconds, for `SO_RCVTIMEO` and `select`.
///
/// Built as in C, field by field (a struct literal here); `{0, 0}` means
/// "do not wait" to `select` and "no timeout" to `SO_RCVTIMEO`.
///
/// ```
/// use socklab::*;
/// let five_seconds = timeval { tv_sec: 5, tv_usec: 0 };
/// let fd = socket(AF_INET, SOCK_DGRAM, 0)?;
/// setsockopt(&fd, SOL_SOCKET, SO_RCVTIMEO, &five_seconds)?;
/// assert_eq!(getsockopt(&fd, SOL_SOCKET, SO_RCVTIMEO)?.tv_sec, 5);
/// # Ok::<(), socklab::Error>(())
/// ```
///
/// # References
/// [select(2)](https://man7.org/linux/man-pages/man2/select.2.html),
/// [POSIX `<sys/time.h>`](https://pubs.opengroup.org/onlinepubs/9799919799/basedefs/sys_time.h.html)
pub use libc::timeval;
/// Lets students write `fd.as_raw_fd()` on an [`Fd`] without importing std.
pub use std::os::fd::{AsFd, AsRawFd, IntoRawFd, RawFd};
