//! strace's form of every address type (their `Debug`):
//! `{sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}`,
//! so that `{addr:?}` in a program prints what strace shows.

use std::fmt;

use super::fmt_values::{Quoted, family_name};
use crate::addr::{SockAddr, UnixName, in_addr, in6_addr, sockaddr_in, sockaddr_in6, sockaddr_un};

impl fmt::Debug for in_addr {
    /// strace's form: `inet_addr("127.0.0.1")`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "inet_addr(\"{self}\")")
    }
}

impl fmt::Debug for in6_addr {
    /// strace's form: `inet_pton(AF_INET6, "::1", &sin6_addr)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "inet_pton(AF_INET6, \"{self}\", &sin6_addr)")
    }
}

impl fmt::Debug for sockaddr_in {
    /// strace's form:
    /// `{sa_family=AF_INET, sin_port=htons(8190), sin_addr=inet_addr("127.0.0.1")}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{{sa_family={}, sin_port=htons({}), sin_addr={:?}}}",
            family_name(self.sin_family),
            self.port(),
            self.sin_addr
        )
    }
}

impl fmt::Debug for sockaddr_in6 {
    /// strace's form: `{sa_family=AF_INET6, sin6_port=htons(9877),
    /// sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr),
    /// sin6_scope_id=0}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{{sa_family={}, sin6_port=htons({}), sin6_flowinfo=htonl({}), {:?}, sin6_scope_id={}}}",
            family_name(self.sin6_family),
            self.port(),
            u32::from_be(self.sin6_flowinfo),
            self.sin6_addr,
            self.sin6_scope_id
        )
    }
}

impl fmt::Debug for sockaddr_un {
    /// strace's form: `{sa_family=AF_UNIX, sun_path="/tmp/s"}`,
    /// `sun_path=@"name"` when abstract, no `sun_path` when unnamed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let family = family_name(self.sun_family);
        match self.kind {
            UnixName::Path => write!(
                f,
                "{{sa_family={family}, sun_path={}}}",
                Quoted::all(&self.name)
            ),
            UnixName::Abstract => {
                write!(
                    f,
                    "{{sa_family={family}, sun_path=@{}}}",
                    Quoted::all(&self.name)
                )
            }
            UnixName::Unnamed => write!(f, "{{sa_family={family}}}"),
        }
    }
}

impl fmt::Debug for SockAddr {
    /// strace's form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SockAddr::Inet(a) => fmt::Debug::fmt(a, f),
            SockAddr::Inet6(a) => fmt::Debug::fmt(a, f),
            SockAddr::Unix(a) => fmt::Debug::fmt(a, f),
            SockAddr::Other { family } => write!(f, "{{sa_family={}}}", family_name(*family)),
        }
    }
}
