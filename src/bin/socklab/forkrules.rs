//! `socklab check --strace`: the forking server's rules (UNP Figures 5.2
//! and 5.11), read from the server's own system calls as `strace -f`
//! recorded them, with the crate's one strace reader ([`parse_strace`]):
//!
//! - `strace-listenfd`: each child forked for a client (after an
//!   `accept`) closes the listening socket — a preforked server's
//!   children, forked before any client, accept on it and keep it;
//! - `strace-connfd`: the parent closes each connected socket it handed
//!   to a child;
//! - `strace-sigchld`: a server that forks per client catches SIGCHLD
//!   (`rt_sigaction(SIGCHLD, {sa_handler=…})`, or sets it to `SIG_IGN`);
//! - `strace-wait`: every ended child is collected (`wait4`/`waitid`
//!   returned its pid).
//!
//! The server is the process that called `listen`; its children are the
//! processes it forked (`clone` without `CLONE_VM`/`CLONE_THREAD`, or
//! `fork`). A server that forks no child (iterative, select, threads) is
//! not judged by these rules: they say `skip`.

use std::collections::{HashMap, HashSet};

use super::report::Outcome;
use super::strace::{collapse_padding, parse_strace};

/// The four rules' verdicts on one trace.
#[derive(Clone, Debug)]
pub struct Verdicts {
    /// `strace-listenfd`.
    pub listenfd: Outcome,
    /// `strace-connfd`.
    pub connfd: Outcome,
    /// `strace-sigchld`.
    pub sigchld: Outcome,
    /// `strace-wait`.
    pub wait: Outcome,
}

impl Verdicts {
    fn all(outcome: Outcome) -> Verdicts {
        Verdicts {
            listenfd: outcome.clone(),
            connfd: outcome.clone(),
            sigchld: outcome.clone(),
            wait: outcome,
        }
    }

    /// The verdict of the check named `name`.
    pub fn get(&self, name: &str) -> Outcome {
        match name {
            "strace-listenfd" => self.listenfd.clone(),
            "strace-connfd" => self.connfd.clone(),
            "strace-sigchld" => self.sigchld.clone(),
            _ => self.wait.clone(),
        }
    }
}

/// The calls that create a process.
const FORKS: &[&str] = &["clone(", "clone3(", "fork(", "vfork("];

/// The call's result as a number (`… = 4`), if it is one.
fn result(line: &str) -> Option<i64> {
    let (_, r) = line.rsplit_once(" = ")?;
    let r = r.trim_start();
    let end = r
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-')))
        .map_or(r.len(), |(i, _)| i);
    r[..end].parse().ok()
}

/// The first argument as a number (`close(4)` → 4).
fn first_arg(line: &str) -> Option<i64> {
    let args = line.split_once('(')?.1;
    let end = args
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(args.len());
    args[..end].parse().ok()
}

fn is_call(line: &str, name: &str) -> bool {
    line.strip_prefix(name)
        .is_some_and(|rest| rest.starts_with('('))
}

/// A new process (not a thread), and its pid.
fn forked(line: &str) -> Option<u32> {
    if !FORKS.iter().any(|f| line.starts_with(f))
        || line.contains("CLONE_THREAD")
        || line.contains("CLONE_VM")
    {
        return None;
    }
    result(line)
        .filter(|&p| p > 0)
        .and_then(|p| u32::try_from(p).ok())
}

fn ended(lines: &[String]) -> bool {
    lines
        .iter()
        .any(|l| l.starts_with("+++ exited") || l.starts_with("+++ killed"))
}

/// The pids some wait call of `lines` returned.
fn reaped(lines: &[String]) -> HashSet<u32> {
    let mut out = HashSet::new();
    for l in lines {
        if is_call(l, "wait4") {
            if let Some(p) = result(l).filter(|&p| p > 0) {
                out.insert(p as u32);
            }
        } else if is_call(l, "waitid") && result(l) == Some(0) {
            let pid = l
                .split_once("si_pid=")
                .and_then(|(_, r)| r.split([',', '}']).next())
                .and_then(|p| p.trim().parse().ok());
            if let Some(p) = pid {
                out.insert(p);
            }
        }
    }
    out
}

/// `SIG_IGN`, `SIG_DFL` or a handler's address: the last
/// `rt_sigaction(SIGCHLD, {sa_handler=…` of `lines`.
fn sigchld_disposition(lines: &[String]) -> Option<String> {
    lines
        .iter()
        .rev()
        .filter_map(|l| l.strip_prefix("rt_sigaction(SIGCHLD, {sa_handler="))
        .filter_map(|r| r.split([',', '}']).next())
        .map(str::to_string)
        .next()
}

fn several(pids: &[u32]) -> String {
    let shown: Vec<String> = pids.iter().take(3).map(u32::to_string).collect();
    let more = if pids.len() > 3 { ", …" } else { "" };
    format!("{}{more}", shown.join(", "))
}

/// Judges the trace `strace -f -o FILE` wrote (its text).
pub fn judge(text: &str) -> Verdicts {
    let mut procs: HashMap<u32, Vec<String>> = HashMap::new();
    let mut order: Vec<u32> = Vec::new();
    for raw in parse_strace(text) {
        let line = collapse_padding(&raw.text);
        procs
            .entry(raw.pid)
            .or_insert_with(|| {
                order.push(raw.pid);
                Vec::new()
            })
            .push(line);
    }
    // the server: the process that listens
    let Some(server) = order.iter().copied().find(|p| {
        procs[p]
            .iter()
            .any(|l| is_call(l, "listen") && result(l) == Some(0))
    }) else {
        return Verdicts::all(Outcome::Skip(
            "the trace shows no successful listen: not a TCP server's trace".into(),
        ));
    };
    let lines = &procs[&server];
    let listenfds: Vec<i64> = lines
        .iter()
        .filter(|l| is_call(l, "listen") && result(l) == Some(0))
        .filter_map(|l| first_arg(l))
        .collect();
    let children: Vec<u32> = lines.iter().filter_map(|l| forked(l)).collect();
    if children.is_empty() {
        return Verdicts::all(Outcome::Skip(
            "the server forked no child: these are the forking server's rules".into(),
        ));
    }
    let no_lines = Vec::new();
    let of = |c: &u32| procs.get(c).unwrap_or(&no_lines);
    let done: Vec<u32> = children.iter().copied().filter(|c| ended(of(c))).collect();
    let none_ended = || Outcome::Skip("no child had ended when the trace was read".into());

    // the children forked for a client: after an accept that the parent
    // has not yet closed
    let mut per_client: Vec<u32> = Vec::new();
    let mut conn: Option<i64> = None;
    for l in lines {
        if is_call(l, "accept") || is_call(l, "accept4") {
            conn = result(l).filter(|&fd| fd >= 0).or(conn);
        } else if let Some(c) = forked(l).filter(|_| conn.is_some()) {
            per_client.push(c);
        } else if is_call(l, "close") && conn.is_some() && first_arg(l) == conn {
            conn = None;
        }
    }

    // 1. the child forked for a client closes listenfd
    let served: Vec<u32> = done
        .iter()
        .copied()
        .filter(|c| per_client.contains(c))
        .collect();
    let keepers: Vec<u32> = served
        .iter()
        .copied()
        .filter(|c| {
            !of(c).iter().any(|l| {
                is_call(l, "close") && first_arg(l).is_some_and(|f| listenfds.contains(&f))
            })
        })
        .collect();
    let listenfd = if per_client.is_empty() {
        Outcome::Skip(
            "the server forked no child for a client (a preforked server's children keep listenfd: they accept on it)"
                .into(),
        )
    } else if served.is_empty() {
        none_ended()
    } else if keepers.is_empty() {
        Outcome::Pass
    } else {
        let fd = listenfds.first().copied().unwrap_or(-1);
        Outcome::Fail(format!(
            "{} of {} children never called close({fd}) on the listening socket (children {})\nright after fork the child closes listenfd: it serves one client and accepts none",
            keepers.len(),
            served.len(),
            several(&keepers)
        ))
    };

    // 2. the parent closes connfd after handing it to a child
    let mut pending: Option<(i64, bool)> = None;
    let (mut handed, mut leaked) = (0usize, Vec::new());
    for l in lines {
        if is_call(l, "accept") || is_call(l, "accept4") {
            if let Some(fd) = result(l).filter(|&fd| fd >= 0) {
                if let Some((kept, true)) = pending {
                    leaked.push(kept);
                }
                pending = Some((fd, false));
            }
        } else if forked(l).is_some() {
            if let Some((_, f)) = pending.as_mut()
                && !*f
            {
                *f = true;
                handed += 1;
            }
        } else if is_call(l, "close") && pending.is_some_and(|(fd, _)| first_arg(l) == Some(fd)) {
            pending = None;
        }
    }
    let connfd = if handed == 0 {
        Outcome::Skip("the server forked no child for a connection it accepted".into())
    } else if leaked.is_empty() {
        Outcome::Pass
    } else {
        let fd = leaked[0];
        Outcome::Fail(format!(
            "{} of {handed} connections handed to a child stayed open in the parent (accept returned {fd}, and no close({fd}) came before the next accept)\nafter fork the parent closes connfd: the child has its own copy, and the client sees end of file only when both are closed",
            leaked.len()
        ))
    };

    // 3. SIGCHLD caught (or ignored: then the kernel reaps)
    let disposition = sigchld_disposition(lines);
    let ignored = disposition.as_deref() == Some("SIG_IGN");
    let sigchld = match disposition.as_deref() {
        _ if per_client.is_empty() => Outcome::Skip(
            "the server forked no child for a client (a preforked server's children live as long as it does)"
                .into(),
        ),
        Some("SIG_DFL") | None => Outcome::Fail(
            "the server never sets a handler for SIGCHLD: no rt_sigaction(SIGCHLD, {sa_handler=…}) in its calls\ncatch SIGCHLD (signal(SIGCHLD, sig_chld)) before the accept loop, and reap in the handler"
                .into(),
        ),
        Some(_) => Outcome::Pass,
    };

    // 4. every ended child collected by wait4/waitid
    let got = reaped(lines);
    let lost: Vec<u32> = done.iter().copied().filter(|c| !got.contains(c)).collect();
    let wait = if ignored {
        Outcome::Pass
    } else if done.is_empty() {
        none_ended()
    } else if lost.is_empty() {
        Outcome::Pass
    } else {
        Outcome::Fail(format!(
            "{} of {} ended children were never collected: no wait4/waitid returned their pids ({})\nreap every ended child: while (waitpid(-1, NULL, WNOHANG) > 0) in the SIGCHLD handler (signals are not queued: one wait per signal is not enough)",
            lost.len(),
            done.len(),
            several(&lost)
        ))
    };
    Verdicts {
        listenfd,
        connfd,
        sigchld,
        wait,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A forking server's trace as `strace -f -q` writes it: `fault`
    /// leaves out one rule's calls.
    fn trace(fault: &str) -> String {
        let mut t = String::new();
        if fault != "sigchld" {
            t += "100 rt_sigaction(SIGCHLD, {sa_handler=0x5566, sa_mask=[], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x7f}, NULL, 8) = 0\n";
        }
        t += "100 listen(3, 1024)                = 0\n";
        for (i, child) in [201u32, 202].iter().enumerate() {
            let conn = 4 + if fault == "connfd" { i } else { 0 };
            t += &format!("100 accept(3, NULL, NULL)     = {conn}\n");
            t += &format!(
                "100 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = {child}\n"
            );
            if fault != "connfd" {
                t += &format!("100 close({conn})  = 0\n");
            }
            if fault != "listenfd" {
                t += &format!("{child} close(3) = 0\n");
            }
            t += &format!("{child} close({conn}) = 0\n{child} +++ exited with 0 +++\n");
            t += &format!(
                "100 --- SIGCHLD {{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid={child}}} ---\n"
            );
            if fault != "wait" && fault != "sigchld" {
                t += &format!("100 wait4(-1, NULL, WNOHANG, NULL) = {child}\n");
            }
        }
        t += "100 accept(3, NULL, NULL <unfinished ...>\n";
        t
    }

    #[test]
    fn a_correct_forking_server_keeps_every_rule() {
        let v = judge(&trace(""));
        for name in [
            "strace-listenfd",
            "strace-connfd",
            "strace-sigchld",
            "strace-wait",
        ] {
            assert_eq!(v.get(name), Outcome::Pass, "{name}: {v:?}");
        }
    }

    #[test]
    fn each_fault_breaks_its_rule() {
        let failed = |fault| {
            let v = judge(&trace(fault));
            [
                "strace-listenfd",
                "strace-connfd",
                "strace-sigchld",
                "strace-wait",
            ]
            .into_iter()
            .filter(|n| matches!(v.get(n), Outcome::Fail(_)))
            .collect::<Vec<_>>()
        };
        assert_eq!(failed("listenfd"), ["strace-listenfd"]);
        assert_eq!(failed("connfd"), ["strace-connfd"]);
        assert_eq!(failed("wait"), ["strace-wait"]);
        assert_eq!(failed("sigchld"), ["strace-sigchld", "strace-wait"]);
    }

    #[test]
    fn preforked_children_may_keep_listenfd() {
        let t = "1 rt_sigaction(SIGCHLD, {sa_handler=0x1, sa_mask=[], sa_flags=0}, NULL, 8) = 0\n\
                 1 listen(3, 5) = 0\n1 clone(child_stack=NULL, flags=SIGCHLD) = 2\n\
                 1 clone(child_stack=NULL, flags=SIGCHLD) = 3\n\
                 2 accept(3, NULL, NULL) = 4\n2 close(4) = 0\n2 +++ killed by SIGTERM +++\n\
                 1 wait4(-1, NULL, WNOHANG, NULL) = 2\n";
        let v = judge(t);
        assert!(
            matches!(v.get("strace-listenfd"), Outcome::Skip(_)),
            "{v:?}"
        );
        assert!(matches!(v.get("strace-connfd"), Outcome::Skip(_)), "{v:?}");
        assert!(matches!(v.get("strace-sigchld"), Outcome::Skip(_)), "{v:?}");
        assert_eq!(v.get("strace-wait"), Outcome::Pass);
    }

    #[test]
    fn a_server_that_does_not_fork_is_not_judged() {
        let t = "7 listen(3, 1024) = 0\n7 accept(3, NULL, NULL) = 4\n7 close(4) = 0\n";
        let v = judge(t);
        assert!(matches!(v.get("strace-connfd"), Outcome::Skip(_)), "{v:?}");
        assert!(matches!(v.get("strace-wait"), Outcome::Skip(_)), "{v:?}");
    }

    #[test]
    fn sig_ign_counts_as_reaping_and_threads_are_not_children() {
        let t = "1 rt_sigaction(SIGCHLD, {sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTORER}, NULL, 8) = 0\n\
                 1 listen(3, 5) = 0\n1 accept(3, NULL, NULL) = 4\n\
                 1 clone3({flags=CLONE_VM|CLONE_THREAD, child_tid=0x1}, 88) = 9\n\
                 1 clone(child_stack=NULL, flags=SIGCHLD) = 2\n1 close(4) = 0\n\
                 2 close(3) = 0\n2 +++ exited with 0 +++\n";
        let v = judge(t);
        for name in [
            "strace-listenfd",
            "strace-connfd",
            "strace-sigchld",
            "strace-wait",
        ] {
            assert_eq!(v.get(name), Outcome::Pass, "{name}: {v:?}");
        }
    }
}
