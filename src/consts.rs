//! The constants of the C headers, with their C names and values, and the
//! course book's shared constants (`unp.h`): [`SERV_PORT`], [`LISTENQ`],
//! [`MAXLINE`].
//!
//! They are plain `c_int`s, as in C, so `socket(AF_INET, SOCK_STREAM, 0)`
//! reads the same in both languages. Socket options (`SO_REUSEADDR`…)
//! are typed and live in the `opt` module; `poll`'s events in `mux`.

use libc::c_int;

// --- <sys/socket.h>: address families --------------------------------

/// `AF_INET`—IPv4.
pub const AF_INET: c_int = libc::AF_INET;
/// `AF_INET6`—IPv6.
pub const AF_INET6: c_int = libc::AF_INET6;
/// `AF_UNIX`—local (same machine) sockets, named by file system paths.
pub const AF_UNIX: c_int = libc::AF_UNIX;
/// `AF_LOCAL`—another name for `AF_UNIX`, the same value: the course
/// book's spelling (from a POSIX draft; the standard kept `AF_UNIX`).
pub const AF_LOCAL: c_int = libc::AF_LOCAL;
/// `AF_UNSPEC`—"any family" (in `getaddrinfo` hints).
pub const AF_UNSPEC: c_int = libc::AF_UNSPEC;
/// `PF_INET`—the protocol-family spelling of `AF_INET`; the same value.
pub const PF_INET: c_int = libc::PF_INET;
/// `PF_INET6`—the protocol-family spelling of `AF_INET6`.
pub const PF_INET6: c_int = libc::PF_INET6;
/// `PF_UNIX`—the protocol-family spelling of `AF_UNIX`.
pub const PF_UNIX: c_int = libc::PF_UNIX;

// --- socket types -----------------------------------------------------

/// `SOCK_STREAM`—a reliable, ordered byte stream (TCP for AF_INET).
pub const SOCK_STREAM: c_int = libc::SOCK_STREAM;
/// `SOCK_DGRAM`—datagrams: messages with boundaries, no connection (UDP).
pub const SOCK_DGRAM: c_int = libc::SOCK_DGRAM;
/// `SOCK_SEQPACKET`—a connection that keeps message boundaries (SCTP, AF_UNIX).
pub const SOCK_SEQPACKET: c_int = libc::SOCK_SEQPACKET;
/// `SOCK_RAW`—raw IP packets (needs privileges).
pub const SOCK_RAW: c_int = libc::SOCK_RAW;

// --- protocols and levels ----------------------------------------------

/// `IPPROTO_IP`—0, "the default protocol" (strace prints 0 this way for AF_INET).
pub const IPPROTO_IP: c_int = libc::IPPROTO_IP;
/// `IPPROTO_TCP`—TCP; also the level of TCP socket options.
pub const IPPROTO_TCP: c_int = libc::IPPROTO_TCP;
/// `IPPROTO_UDP`—UDP.
pub const IPPROTO_UDP: c_int = libc::IPPROTO_UDP;
/// `IPPROTO_IPV6`—the level of IPv6 socket options.
pub const IPPROTO_IPV6: c_int = libc::IPPROTO_IPV6;
/// `SOL_SOCKET`—the level of the socket layer's own options.
pub const SOL_SOCKET: c_int = libc::SOL_SOCKET;
/// `SOMAXCONN`—the largest listen backlog, as the C headers state it (4096
/// with glibc). The limit the kernel applies is
/// `/proc/sys/net/core/somaxconn` (4096 by default since Linux 5.4).
pub const SOMAXCONN: c_int = libc::SOMAXCONN;

// --- <netinet/in.h>: addresses (host byte order, like C) ----------------

/// `INADDR_ANY`—the IPv4 wildcard address 0.0.0.0: "any local address".
/// Host byte order, like C's: write `htonl(INADDR_ANY)`.
pub const INADDR_ANY: u32 = 0;
/// `INADDR_LOOPBACK`—127.0.0.1, in host byte order (use `htonl`).
pub const INADDR_LOOPBACK: u32 = 0x7f00_0001;
/// `INADDR_BROADCAST`—255.255.255.255, in host byte order (use `htonl`);
/// sending to it needs `SO_BROADCAST`.
pub const INADDR_BROADCAST: u32 = 0xffff_ffff;
/// `INET_ADDRSTRLEN`—room for an IPv4 address as text, with its NUL.
pub const INET_ADDRSTRLEN: usize = 16;
/// `INET6_ADDRSTRLEN`—room for an IPv6 address as text, with its NUL.
pub const INET6_ADDRSTRLEN: usize = 46;

// --- shutdown, send/recv flags ------------------------------------------

/// `SHUT_RD`—shutdown: no more receiving.
pub const SHUT_RD: c_int = libc::SHUT_RD;
/// `SHUT_WR`—shutdown: no more sending (sends FIN; the peer reads 0).
pub const SHUT_WR: c_int = libc::SHUT_WR;
/// `SHUT_RDWR`—shutdown: both directions.
pub const SHUT_RDWR: c_int = libc::SHUT_RDWR;
/// `MSG_PEEK`—recv: look at the data without removing it.
pub const MSG_PEEK: c_int = libc::MSG_PEEK;
/// `MSG_WAITALL`—recv: wait for the whole buffer.
pub const MSG_WAITALL: c_int = libc::MSG_WAITALL;
/// `MSG_DONTWAIT`—this one call does not block (EAGAIN instead).
pub const MSG_DONTWAIT: c_int = libc::MSG_DONTWAIT;
/// `MSG_OOB`—out-of-band (TCP urgent) data.
pub const MSG_OOB: c_int = libc::MSG_OOB;
/// `MSG_DONTROUTE`—send: bypass routing, the peer is on a local network.
pub const MSG_DONTROUTE: c_int = libc::MSG_DONTROUTE;

// --- <unistd.h> ---------------------------------------------------------

/// `STDIN_FILENO`—descriptor 0, standard input.
pub const STDIN_FILENO: c_int = libc::STDIN_FILENO;
/// `STDOUT_FILENO`—descriptor 1, standard output.
pub const STDOUT_FILENO: c_int = libc::STDOUT_FILENO;
/// `STDERR_FILENO`—descriptor 2, standard error.
pub const STDERR_FILENO: c_int = libc::STDERR_FILENO;

// --- <sys/wait.h>, <signal.h> ---------------------------------------------

/// `WNOHANG`—waitpid: return 0 at once instead of waiting.
pub const WNOHANG: c_int = libc::WNOHANG;
/// `SIGCHLD`—a child stopped or ended.
pub const SIGCHLD: c_int = libc::SIGCHLD;
/// `SIGPIPE`—write to a connection (or pipe) with no reader.
pub const SIGPIPE: c_int = libc::SIGPIPE;
/// `SIGINT`—interrupt from the keyboard (Ctrl-C).
pub const SIGINT: c_int = libc::SIGINT;
/// `SIGTERM`—polite request to terminate (`kill`'s default).
pub const SIGTERM: c_int = libc::SIGTERM;
/// `SIGKILL`—terminate, cannot be caught or ignored.
pub const SIGKILL: c_int = libc::SIGKILL;
/// `SIGALRM`—timer from `alarm()`.
pub const SIGALRM: c_int = libc::SIGALRM;
/// `SIGHUP`—the terminal hung up.
pub const SIGHUP: c_int = libc::SIGHUP;
/// `SIGIO`—I/O is possible (signal-driven I/O).
pub const SIGIO: c_int = libc::SIGIO;
/// `SIGURG`—urgent (out-of-band) data arrived.
pub const SIGURG: c_int = libc::SIGURG;
/// `SIGUSR1`—user-defined signal 1.
pub const SIGUSR1: c_int = libc::SIGUSR1;
/// `SIGUSR2`—user-defined signal 2.
pub const SIGUSR2: c_int = libc::SIGUSR2;
/// `SA_RESTART`—sigaction flag: restart system calls a handler interrupted.
pub const SA_RESTART: c_int = libc::SA_RESTART;
/// `SA_NOCLDWAIT`—sigaction flag for SIGCHLD: do not keep zombies.
pub const SA_NOCLDWAIT: c_int = libc::SA_NOCLDWAIT;

// --- <netdb.h> --------------------------------------------------------------

/// `AI_PASSIVE`—getaddrinfo hint: the address is for `bind` (a server).
pub const AI_PASSIVE: c_int = libc::AI_PASSIVE;
/// `AI_CANONNAME`—getaddrinfo hint: return the host's canonical name.
pub const AI_CANONNAME: c_int = libc::AI_CANONNAME;
/// `AI_NUMERICHOST`—getaddrinfo hint: the host is a numeric address, no lookup.
pub const AI_NUMERICHOST: c_int = libc::AI_NUMERICHOST;
/// `AI_NUMERICSERV`—getaddrinfo hint: the service is a port number.
pub const AI_NUMERICSERV: c_int = libc::AI_NUMERICSERV;

// ---- ch11 (issue 11): the rest of <netdb.h>'s flags and codes ----
/// `AI_V4MAPPED`—getaddrinfo hint (with `AF_INET6`): if the host has no
/// IPv6 address, return its IPv4 addresses as IPv4-mapped IPv6 (`::ffff:a.b.c.d`).
pub const AI_V4MAPPED: c_int = libc::AI_V4MAPPED;
/// `AI_ALL`—getaddrinfo hint (with `AI_V4MAPPED`): IPv6 *and* mapped IPv4 addresses.
pub const AI_ALL: c_int = libc::AI_ALL;
/// `AI_ADDRCONFIG`—getaddrinfo hint: only families this host has an address of
/// (loopback does not count).
pub const AI_ADDRCONFIG: c_int = libc::AI_ADDRCONFIG;
/// `NI_NUMERICHOST`—getnameinfo flag: the host as a number, no reverse lookup.
pub const NI_NUMERICHOST: c_int = libc::NI_NUMERICHOST;
/// `NI_NUMERICSERV`—getnameinfo flag: the port as a number, no /etc/services lookup.
pub const NI_NUMERICSERV: c_int = libc::NI_NUMERICSERV;
/// `NI_NAMEREQD`—getnameinfo flag: fail (`EAI_NONAME`) rather than return a number
/// when the address has no name.
pub const NI_NAMEREQD: c_int = libc::NI_NAMEREQD;
/// `NI_DGRAM`—getnameinfo flag: the service is a datagram (UDP) one.
pub const NI_DGRAM: c_int = libc::NI_DGRAM;
/// `NI_NOFQDN`—getnameinfo flag: only the host name's first label for local hosts.
pub const NI_NOFQDN: c_int = libc::NI_NOFQDN;
/// `HOST_NOT_FOUND`—`h_errno`: no such host (authoritative answer).
pub const HOST_NOT_FOUND: c_int = 1;
/// `TRY_AGAIN`—`h_errno`: temporary failure (e.g. no DNS server answered).
pub const TRY_AGAIN: c_int = 2;
/// `NO_RECOVERY`—`h_errno`: a non-recoverable resolver error.
pub const NO_RECOVERY: c_int = 3;
/// `NO_DATA`—`h_errno`: the name is valid but has no address of the kind asked for.
pub const NO_DATA: c_int = 4;
/// `EAI_NONAME`—getaddrinfo/getnameinfo: name or service not known.
pub const EAI_NONAME: c_int = libc::EAI_NONAME;
/// `EAI_SERVICE`—getaddrinfo: the service is not known for this socket type.
pub const EAI_SERVICE: c_int = libc::EAI_SERVICE;
/// `EAI_AGAIN`—getaddrinfo: temporary failure in name resolution.
pub const EAI_AGAIN: c_int = libc::EAI_AGAIN;
/// `EAI_FAMILY`—getaddrinfo: the address family is not supported.
pub const EAI_FAMILY: c_int = libc::EAI_FAMILY;
// ---- end ch11 ----

// --- the course book's unp.h ----------------------------------------------

/// `SERV_PORT`—UNP's port for its echo servers and clients: 9877.
pub const SERV_PORT: u16 = 9877;
/// `LISTENQ`—UNP's listen backlog: 1024.
pub const LISTENQ: c_int = 1024;
/// `MAXLINE`—UNP's line and buffer size: 4096.
pub const MAXLINE: usize = 4096;
/// `BUFFSIZE`—UNP's buffer size for reads and writes: 8192.
pub const BUFFSIZE: usize = 8192;
