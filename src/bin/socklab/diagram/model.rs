//! From strace lines to a conversation: lanes (one per process), the
//! socket calls in each, and the arrows between them.
//!
//! 1. Every process gets a lane; a forked child's lane starts at its fork.
//! 2. The lines are replayed in time order (or file order, for a trace
//!    without timestamps), keeping each process's descriptor table: which
//!    descriptor is which socket, inherited across `fork`, closed by
//!    `close` and by the process's end. Calls on descriptors that are not
//!    sockets (the C library reading its shared libraries, `printf` on 1)
//!    are dropped; consecutive reads (or writes) on one socket become one
//!    call (`readline`'s one-byte reads).
//! 3. The arrows: `connect` → `accept` (the port or path connected to and
//!    the one listened on, first come first served), each `write` → the
//!    `read`s that received its bytes (the byte offsets in each direction
//!    of the connection), the last `close` (or `shutdown`) → the `read`
//!    that returned 0, `sendto` → `recvfrom` (the port the datagram went
//!    to, and its length), a child's exit → the parent's `SIGCHLD`.

use std::collections::{HashMap, VecDeque};

use crate::strace::{RawLine, segments, strip_decorations};

/// One trace file, read.
pub struct Input {
    /// What to call its first process if no `execve` names it.
    pub name: String,
    /// Its lines.
    pub lines: Vec<RawLine>,
}

/// A process.
pub struct Lane {
    /// The program (from `execve`), or the file's name.
    pub name: String,
    /// Its pid, if the trace shows it.
    pub pid: Option<u32>,
    /// The lane of the process that forked it.
    pub parent: Option<usize>,
    /// The event (in the parent's lane) that forked it.
    pub forked_by: Option<usize>,
}

/// What kind of box an event is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shape {
    /// A system call.
    Call,
    /// A signal arriving (`--- SIGCHLD ---`).
    Signal,
    /// The process ending.
    Exit,
}

/// One call (or several merged reads or writes), a signal, or an exit.
pub struct Event {
    /// Its lane.
    pub lane: usize,
    /// Box text: `accept(3) = 4`.
    pub label: String,
    /// Second line: an address, or the bytes sent.
    pub detail: String,
    /// The call's name (`accept`), or `SIGCHLD`, `exit`.
    pub call: String,
    /// Call, signal or exit.
    pub shape: Shape,
    /// Failed (`= -1 ECONNREFUSED`).
    pub failed: bool,
    /// When it began and returned (seconds, or line numbers), for ordering.
    pub start: f64,
    /// When it returned.
    pub end: f64,
    /// A call that can wait (accept, read, connect, select…).
    pub blocking: bool,
    /// Still waiting when the trace ends (`<unfinished ...>`).
    pub unfinished: bool,
    /// How many calls it stands for (consecutive reads merged).
    pub count: u32,
}

/// What an arrow carries.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ArrowKind {
    /// `connect` → `accept`: the handshake.
    Connect,
    /// `write` → `read`: bytes of a stream.
    Data,
    /// `close`/`shutdown` → `read` returning 0: the end of the stream.
    Fin,
    /// `sendto` → `recvfrom`: one datagram.
    Datagram,
    /// `fork` → the child.
    Fork,
    /// A child's exit → the parent's `SIGCHLD`.
    Signal,
}

/// An arrow from one event to another.
pub struct Arrow {
    /// What it carries.
    pub kind: ArrowKind,
    /// The sending event.
    pub from: usize,
    /// The receiving event (for [`ArrowKind::Fork`]: the child's first).
    pub to: usize,
    /// Its label: `6 B`, `SYN`, `FIN`.
    pub label: String,
}

/// The conversation, ready to be laid out.
pub struct Conversation {
    /// The processes.
    pub lanes: Vec<Lane>,
    /// The events, each lane's in its order.
    pub events: Vec<Event>,
    /// The arrows.
    pub arrows: Vec<Arrow>,
    /// Orders no arrow shows: (before, after). A `connect` comes after
    /// the `listen` it reached, a datagram after the `bind` of the socket
    /// that received it — which traces without a common clock (two
    /// SOCKLAB_TRACE files) cannot tell.
    pub orders: Vec<(usize, usize)>,
}

/// A socket: what the descriptor tables point at (shared after fork).
#[derive(Default)]
struct Sock {
    stream: bool,
    /// Where it is bound (`port:9877`, `path:/tmp/s`), once known.
    local: Option<String>,
    /// A datagram socket's connected peer, or the ports learnt for it.
    also_local: Vec<String>,
    /// Where a connected datagram socket sends.
    peer: Option<String>,
    /// Descriptors (in all processes) that refer to it.
    refs: usize,
    /// The event after which it sends no more (last close, shutdown).
    fin: Option<usize>,
    /// Its reads and writes: (event, bytes; 0 = end of file).
    reads: Vec<(usize, i64)>,
    writes: Vec<(usize, i64)>,
    /// The other end of its connection.
    other: Option<usize>,
    /// Its socket, connect and close events.
    events: Vec<usize>,
    /// The C library's own (nscd): its events are left out.
    hidden: bool,
    /// Its bind and listen events.
    bind_ev: Option<usize>,
    listen_ev: Option<usize>,
}

/// A pending `connect` or `accept`: (event, socket, key).
type Rendezvous = (usize, usize, String);

/// A datagram sent: (event, socket, destination key, bytes).
struct Sent {
    ev: usize,
    sock: usize,
    to: Option<String>,
    bytes: i64,
    taken: bool,
}

/// A datagram received: (event, socket, from key, bytes).
struct Received {
    ev: usize,
    sock: usize,
    from: Option<String>,
    bytes: i64,
    taken: bool,
}

/// Calls that can wait for the other side.
const BLOCKING: &[&str] = &[
    "accept",
    "accept4",
    "connect",
    "read",
    "recv",
    "recvfrom",
    "recvmsg",
    "readv",
    "select",
    "pselect6",
    "poll",
    "ppoll",
    "epoll_wait",
    "epoll_pwait",
    "wait4",
    "waitid",
    "pause",
    "nanosleep",
    "clock_nanosleep",
];

/// Calls drawn whatever their descriptor (they make or wait for processes).
const PROCESS_CALLS: &[&str] = &["clone", "clone3", "fork", "vfork", "wait4", "waitid"];

/// Calls whose first argument is a descriptor, drawn when it is a socket.
const SOCKET_CALLS: &[&str] = &[
    "bind",
    "listen",
    "accept",
    "accept4",
    "connect",
    "shutdown",
    "getsockname",
    "getpeername",
    "setsockopt",
    "getsockopt",
    "read",
    "write",
    "readv",
    "writev",
    "recv",
    "send",
    "recvfrom",
    "sendto",
    "recvmsg",
    "sendmsg",
    "close",
];

/// A parsed call line: `name(args) = result`.
struct CallLine {
    name: String,
    args: Vec<String>,
    /// The result's number (`4`), if it has one.
    ret: Option<i64>,
    /// `= 4`, `= -1 ECONNREFUSED`, `= ? ERESTARTSYS`.
    result: String,
    unfinished: bool,
}

/// Reads `name(a, b, c) = r ERRNO (text)`; `None` for what is not a call.
fn parse_call(text: &str) -> Option<CallLine> {
    let text = text.trim();
    let open = text.find('(')?;
    let name = &text[..open];
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return None;
    }
    let unfinished = text.ends_with("<unfinished ...>");
    // the args end at the matching ')', outside strings
    let rest = &text[open + 1..];
    let mut depth = 0i32;
    let mut close = None;
    let mut pos = 0;
    for (quoted, seg) in segments(rest) {
        if !quoted {
            for (i, c) in seg.char_indices() {
                match c {
                    '(' | '{' | '[' => depth += 1,
                    ')' | '}' | ']' if depth > 0 => depth -= 1,
                    ')' => {
                        close = Some(pos + i);
                        break;
                    }
                    _ => {}
                }
            }
        }
        if close.is_some() {
            break;
        }
        pos += seg.len();
    }
    let (args, after) = match close {
        Some(c) => (&rest[..c], rest[c + 1..].trim()),
        None => (rest.trim_end_matches("<unfinished ...>").trim(), ""),
    };
    let result = after.strip_prefix('=').map(str::trim).unwrap_or("");
    // a last line cut short (`accept(3, `): killed while in the call
    let unfinished = unfinished || result.is_empty();
    let ret = result.split(' ').next().and_then(|r| r.parse().ok());
    // "= -1 ECONNREFUSED (Connection refused)" → "-1 ECONNREFUSED"
    let short: Vec<&str> = result
        .split(' ')
        .take_while(|w| !w.starts_with('('))
        .collect();
    Some(CallLine {
        name: name.to_string(),
        args: split_args(args),
        ret,
        result: short.join(" "),
        unfinished,
    })
}

/// Splits `3, {sa_family=…, sin_port=…}, 16` at its top-level commas.
fn split_args(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    for (quoted, seg) in segments(args) {
        if quoted {
            cur.push_str(seg);
            continue;
        }
        for c in seg.chars() {
            match c {
                '(' | '{' | '[' => depth += 1,
                ')' | '}' | ']' => depth -= 1,
                ',' if depth == 0 => {
                    out.push(cur.trim().to_string());
                    cur.clear();
                    continue;
                }
                _ => {}
            }
            cur.push(c);
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// `{sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}`
/// → `("127.0.0.1:9877", "port:9877")`; AF_INET6 → `[::1]:9877`; AF_UNIX →
/// its path. `None` for what is not an address (`NULL`, `0x7ffc…`).
fn sockaddr(arg: &str) -> Option<(String, String)> {
    if !arg.starts_with("{sa_family=") {
        return None;
    }
    let field = |name: &str| -> Option<&str> {
        let i = arg.find(name)? + name.len();
        let rest = &arg[i..];
        Some(rest.split([',', '}']).next().unwrap_or(""))
    };
    if let Some(path) = field("sun_path=") {
        let path = path.trim_matches('"');
        return Some((path.to_string(), format!("path:{path}")));
    }
    if arg.contains("AF_UNIX") {
        // a client socket that never bound: no name
        return Some(("(unnamed)".to_string(), "path:".to_string()));
    }
    let port = field("_port=htons(")
        .map(|p| p.trim_end_matches(')').to_string())
        .unwrap_or_default();
    let quoted = |s: &str| s.split('"').nth(1).map(str::to_string);
    let host = if arg.contains("AF_INET6") {
        let a = arg.find("inet_pton(").and_then(|i| quoted(&arg[i..]));
        format!("[{}]", a.unwrap_or_default())
    } else {
        field("sin_addr=").and_then(quoted).unwrap_or_default()
    };
    Some((format!("{host}:{port}"), format!("port:{port}")))
}

/// The bytes strace shows in a buffer argument, without quotes: `hello\n`
/// (and `...` when strace cut it).
fn shown_bytes(arg: &str) -> String {
    match arg.strip_prefix('"') {
        Some(rest) => match rest.rsplit_once('"') {
            Some((inner, tail)) => format!("{inner}{}", if tail == "..." { "…" } else { "" }),
            None => rest.to_string(),
        },
        None => String::new(),
    }
}

/// Builds the conversation from the traces. `inputs` are the files, in
/// the order given; `timed`: order by the timestamps (else by line).
pub fn build(inputs: &[Input], timed: bool) -> Conversation {
    Builder::default().run(inputs, timed)
}

/// One raw line to replay, with its process and order.
struct Item<'a> {
    pid: u64,
    file: usize,
    line: &'a RawLine,
    start: f64,
    end: f64,
}

#[derive(Default)]
struct Builder {
    lanes: Vec<Lane>,
    lane_of: HashMap<u64, usize>,
    events: Vec<Event>,
    arrows: Vec<Arrow>,
    socks: Vec<Sock>,
    fds: HashMap<usize, HashMap<i64, usize>>,
    connects: Vec<Rendezvous>,
    accepts: Vec<Rendezvous>,
    sent: Vec<Sent>,
    received: Vec<Received>,
    /// Each lane's last event, for merging reads (event, socket, is_read).
    last: HashMap<usize, (usize, usize, bool)>,
    /// The event that ended each lane.
    exits: HashMap<usize, usize>,
    /// SIGCHLD events and the pid they name.
    sigchld: Vec<(usize, u64)>,
    /// Lanes named by their own execve.
    named: Vec<usize>,
    /// See [`Conversation::orders`].
    orders: Vec<(usize, usize)>,
}

impl Builder {
    fn run(mut self, inputs: &[Input], timed: bool) -> Conversation {
        let items = self.order(inputs, timed);
        for item in &items {
            self.replay(item);
        }
        self.match_streams();
        self.match_datagrams();
        for (ev, pid) in std::mem::take(&mut self.sigchld) {
            if let Some(lane) = self.lane_of.get(&pid)
                && let Some(exit) = self.exits.get(lane)
            {
                self.arrow(ArrowKind::Signal, *exit, ev, "SIGCHLD".into());
            }
        }
        // forks: to the child's first event
        for lane in 0..self.lanes.len() {
            if let Some(fork) = self.lanes[lane].forked_by
                && let Some(first) = self.events.iter().position(|e| e.lane == lane)
            {
                self.arrow(ArrowKind::Fork, fork, first, "fork".into());
            }
        }
        // two processes of one program (two clients): #1, #2
        let is_root = |l: &Lane| matches!(l.parent, None | Some(usize::MAX));
        let mut total: HashMap<String, usize> = HashMap::new();
        for l in self.lanes.iter().filter(|l| is_root(l)) {
            *total.entry(l.name.clone()).or_default() += 1;
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        for k in 0..self.lanes.len() {
            let lane = &self.lanes[k];
            if is_root(lane) && total[&lane.name] > 1 {
                let n = seen.entry(lane.name.clone()).or_default();
                *n += 1;
                self.lanes[k].name = format!("{} #{n}", self.lanes[k].name);
            }
        }
        // children not named by their own execve: their parent's name
        for k in 0..self.lanes.len() {
            if let Some(p) = self.lanes[k].parent
                && p != usize::MAX
                && !self.named.contains(&k)
            {
                self.lanes[k].name = self.lanes[p].name.clone();
            }
        }
        for lane in &mut self.lanes {
            // a child whose fork the trace does not show
            if lane.parent == Some(usize::MAX) {
                lane.parent = None;
            }
        }
        self.drop_hidden();
        self.drop_silent_lanes();
        Conversation {
            lanes: self.lanes,
            events: self.events,
            arrows: self.arrows,
            orders: self.orders,
        }
    }

    /// Gives every line its process (pid 0 and per-file pids resolved) and
    /// its place in time, in replay order: by start, a child never before
    /// the fork that made it.
    fn order<'a>(&mut self, inputs: &'a [Input], timed: bool) -> Vec<Item<'a>> {
        let mut items = Vec::new();
        // pids that are some clone's result, in any file (-ff: the
        // child's file does not show its fork)
        let children: Vec<u32> = inputs
            .iter()
            .flat_map(|i| &i.lines)
            .filter_map(|l| {
                let c = parse_call(&l.text)?;
                is_fork(&c.name).then_some(c.ret?)
            })
            .filter_map(|p| u32::try_from(p).ok())
            .collect();
        for (file, input) in inputs.iter().enumerate() {
            // lines without a pid: the file's root process (trace mode
            // prints [pid N] only after the first fork) or the only one
            let root = input
                .lines
                .iter()
                .map(|l| l.pid)
                .find(|p| *p != 0 && !children.contains(p));
            let fake = 1_u64 << 40 | file as u64;
            let pid_of = |p: u32| -> u64 {
                match (p, root) {
                    (0, Some(r)) => u64::from(r),
                    (0, None) => fake,
                    (p, _) => u64::from(p),
                }
            };
            // each process's lines, to find when a blocking call returned
            let mut by_pid: HashMap<u64, Vec<usize>> = HashMap::new();
            for (i, l) in input.lines.iter().enumerate() {
                by_pid.entry(pid_of(l.pid)).or_default().push(i);
            }
            let mut next_in_pid = vec![None; input.lines.len()];
            for idx in by_pid.values() {
                for w in idx.windows(2) {
                    next_in_pid[w[0]] = Some(w[1]);
                }
            }
            for (i, l) in input.lines.iter().enumerate() {
                let (start, end) = if timed {
                    let t = l.time.unwrap_or(0.0);
                    let resumed = l.end_at != l.at;
                    let end = if resumed {
                        l.end_time.unwrap_or(t)
                    } else if let Some(d) = l.duration {
                        t + d
                    } else if let Some(c) = parse_call(&l.text)
                        && BLOCKING.contains(&c.name.as_str())
                    {
                        // returned when the process next did something
                        next_in_pid[i]
                            .and_then(|n| input.lines[n].time)
                            .unwrap_or(t)
                    } else {
                        t
                    };
                    (t, end)
                } else {
                    (l.at as f64, l.end_at as f64)
                };
                items.push(Item {
                    pid: pid_of(l.pid),
                    file,
                    line: l,
                    start,
                    end,
                });
            }
            let names = execve_names(input, &pid_of);
            for item in &items {
                if item.file == file && !self.lane_of.contains_key(&item.pid) {
                    self.new_lane(item.pid, &names, &input.name, &children);
                }
            }
        }
        items.sort_by(|a, b| {
            a.start
                .total_cmp(&b.start)
                .then(a.file.cmp(&b.file))
                .then(a.line.at.cmp(&b.line.at))
        });
        // a child's lines wait for the fork that made it
        let mut out = Vec::with_capacity(items.len());
        let mut waiting: HashMap<u64, Vec<Item>> = HashMap::new();
        let mut started: Vec<u64> = Vec::new();
        let is_child = |pid: u64, lanes: &HashMap<u64, usize>, all: &[Lane]| {
            lanes.get(&pid).is_some_and(|l| all[*l].parent.is_some())
        };
        let mut queue: VecDeque<Item> = items.into();
        while let Some(item) = queue.pop_front() {
            if is_child(item.pid, &self.lane_of, &self.lanes) && !started.contains(&item.pid) {
                waiting.entry(item.pid).or_default().push(item);
                continue;
            }
            let forked = parse_call(&item.line.text)
                .filter(|c| is_fork(&c.name))
                .and_then(|c| c.ret)
                .and_then(|p| u64::try_from(p).ok());
            out.push(item);
            if let Some(child) = forked {
                started.push(child);
                if let Some(w) = waiting.remove(&child) {
                    for (k, it) in w.into_iter().enumerate() {
                        queue.insert(k, it);
                    }
                }
            }
        }
        // children whose fork the trace does not show
        let mut rest: Vec<Item> = waiting.into_values().flatten().collect();
        rest.sort_by(|a, b| a.start.total_cmp(&b.start));
        out.extend(rest);
        out
    }

    fn new_lane(&mut self, pid: u64, names: &HashMap<u64, String>, file: &str, children: &[u32]) {
        let shown = u32::try_from(pid).ok();
        let child = shown.is_some_and(|p| children.contains(&p));
        let name = match names.get(&pid) {
            Some(n) => {
                self.named.push(self.lanes.len());
                n.clone()
            }
            None => file.to_string(),
        };
        self.lane_of.insert(pid, self.lanes.len());
        self.lanes.push(Lane {
            name,
            pid: shown,
            // set at the fork, when replayed
            parent: child.then_some(usize::MAX),
            forked_by: None,
        });
    }

    fn event(&mut self, item: &Item, call: &str, label: String, detail: String) -> usize {
        let lane = self.lane_of[&item.pid];
        let id = self.events.len();
        self.events.push(Event {
            lane,
            label,
            detail,
            call: call.to_string(),
            shape: Shape::Call,
            failed: false,
            start: item.start,
            end: item.end,
            blocking: BLOCKING.contains(&call),
            unfinished: false,
            count: 1,
        });
        self.last.remove(&lane);
        id
    }

    /// Each bound port's (or path's) moment of readiness: a stream
    /// socket's `listen`, a datagram socket's `bind`.
    fn ready_map(&self) -> HashMap<String, usize> {
        let mut ready = HashMap::new();
        for sock in &self.socks {
            let at = if sock.stream {
                sock.listen_ev
            } else {
                sock.bind_ev
            };
            if let (Some(key), Some(ev)) = (&sock.local, at) {
                ready.insert(key.clone(), ev);
            }
        }
        ready
    }

    /// Leaves out the events of hidden sockets, renumbering the rest.
    fn drop_hidden(&mut self) {
        let mut gone = vec![false; self.events.len()];
        for s in self.socks.iter().filter(|s| s.hidden) {
            for &e in &s.events {
                gone[e] = true;
            }
        }
        let mut new_index = vec![usize::MAX; self.events.len()];
        let mut next = 0;
        for (i, g) in gone.iter().enumerate() {
            if !g {
                new_index[i] = next;
                next += 1;
            }
        }
        let mut k = 0;
        self.events.retain(|_| {
            k += 1;
            !gone[k - 1]
        });
        self.arrows.retain(|a| !gone[a.from] && !gone[a.to]);
        for a in &mut self.arrows {
            a.from = new_index[a.from];
            a.to = new_index[a.to];
        }
        for l in &mut self.lanes {
            l.forked_by = l
                .forked_by
                .map(|f| new_index[f])
                .filter(|f| *f != usize::MAX);
        }
        self.orders.retain(|(a, b)| !gone[*a] && !gone[*b]);
        for o in &mut self.orders {
            *o = (new_index[o.0], new_index[o.1]);
        }
    }

    /// Leaves out processes that made no call drawn (a shell that started
    /// the server, `cargo run` and the compiler, under `strace -f`).
    fn drop_silent_lanes(&mut self) {
        let mut used = vec![false; self.lanes.len()];
        for e in &self.events {
            used[e.lane] = true;
        }
        let mut new_index = vec![usize::MAX; self.lanes.len()];
        let mut next = 0;
        for (l, u) in used.iter().enumerate() {
            if *u {
                new_index[l] = next;
                next += 1;
            }
        }
        let mut k = 0;
        self.lanes.retain(|_| {
            k += 1;
            used[k - 1]
        });
        for lane in &mut self.lanes {
            lane.parent = lane
                .parent
                .map(|p| new_index[p])
                .filter(|p| *p != usize::MAX);
        }
        for e in &mut self.events {
            e.lane = new_index[e.lane];
        }
    }

    fn arrow(&mut self, kind: ArrowKind, from: usize, to: usize, label: String) {
        self.arrows.push(Arrow {
            kind,
            from,
            to,
            label,
        });
    }

    fn sock_of(&self, lane: usize, fd: &str) -> Option<usize> {
        let fd: i64 = fd.parse().ok()?;
        self.fds.get(&lane)?.get(&fd).copied()
    }

    fn add_fd(&mut self, lane: usize, fd: i64, sock: usize) {
        if let Some(old) = self.fds.entry(lane).or_default().insert(fd, sock) {
            self.socks[old].refs -= 1;
        }
        self.socks[sock].refs += 1;
    }

    /// A descriptor closed (or its process ended): the socket's last
    /// reference sends its end of stream.
    fn drop_fd(&mut self, lane: usize, fd: i64, ev: usize) {
        if let Some(sock) = self.fds.get_mut(&lane).and_then(|t| t.remove(&fd)) {
            let s = &mut self.socks[sock];
            s.refs -= 1;
            if s.refs == 0 && s.fin.is_none() {
                s.fin = Some(ev);
            }
        }
    }

    fn replay(&mut self, item: &Item) {
        let lane = self.lane_of[&item.pid];
        let text = item.line.text.trim();
        if let Some(sig) = text.strip_prefix("--- ") {
            let name = sig.split([' ', '{']).next().unwrap_or("").to_string();
            let ev = self.event(item, &name, name.clone(), String::new());
            self.events[ev].shape = Shape::Signal;
            if name == "SIGCHLD"
                && let Some(pid) = sig
                    .split("si_pid=")
                    .nth(1)
                    .and_then(|p| p.split([',', '}']).next())
                    .and_then(|p| p.trim().parse().ok())
            {
                self.sigchld.push((ev, pid));
            }
            return;
        }
        if let Some(how) = text.strip_prefix("+++ ") {
            if self.exits.contains_key(&lane) {
                return;
            }
            let how = how.trim_end_matches(" +++");
            let label = match how.strip_prefix("exited with ") {
                Some(code) => format!("exit({code})"),
                None => how.to_string(),
            };
            self.exit(item, lane, label);
            return;
        }
        let Some(c) = parse_call(&strip_decorations(text)) else {
            return;
        };
        let name = c.name.as_str();
        if name == "exit_group" || name == "exit" {
            let code = c.args.first().cloned().unwrap_or_default();
            self.exit(item, lane, format!("exit({code})"));
            return;
        }
        let arg = |k: usize| c.args.get(k).map(String::as_str).unwrap_or("");
        let result = if c.unfinished {
            "…".to_string()
        } else {
            format!("= {}", c.result)
        };
        let failed = c.result.starts_with("-1") || c.result.starts_with('?');
        if is_fork(name) {
            let child = c.ret.and_then(|p| u64::try_from(p).ok());
            let label = format!("fork() {result}");
            let ev = self.event(item, name, label, String::new());
            if let Some(child) = child
                && let Some(&cl) = self.lane_of.get(&child)
            {
                if !self.named.contains(&cl) {
                    self.lanes[cl].name = self.lanes[lane].name.clone();
                }
                self.lanes[cl].parent = Some(lane);
                self.lanes[cl].forked_by = Some(ev);
                let table = self.fds.get(&lane).cloned().unwrap_or_default();
                for (fd, sock) in table {
                    self.add_fd(cl, fd, sock);
                }
            }
            return;
        }
        if PROCESS_CALLS.contains(&name) {
            let label = format!("{name}({}) {result}", arg(0));
            let ev = self.event(item, name, label, String::new());
            self.finish(ev, &c, failed);
            return;
        }
        if name == "socket" || name == "socketpair" {
            let stream = arg(1).contains("SOCK_STREAM");
            let kind = if stream { "SOCK_STREAM" } else { "SOCK_DGRAM" };
            let detail = format!("{}, {kind}", arg(0));
            let fds: Vec<i64> = if name == "socket" {
                c.ret.filter(|r| *r >= 0).into_iter().collect()
            } else {
                let pair = arg(3).trim_matches(['[', ']']);
                pair.split(',')
                    .filter_map(|f| f.trim().parse().ok())
                    .collect()
            };
            let label = if name == "socket" {
                format!("socket() {result}")
            } else {
                format!("socketpair() = [{}]", arg(3).trim_matches(['[', ']']))
            };
            let ev = self.event(item, name, label, detail);
            self.finish(ev, &c, failed);
            let mut made = Vec::new();
            for fd in fds {
                let sock = self.socks.len();
                self.socks.push(Sock {
                    stream,
                    ..Sock::default()
                });
                self.add_fd(lane, fd, sock);
                made.push(sock);
            }
            for &sock in &made {
                self.socks[sock].events.push(ev);
            }
            if let [a, b] = made[..] {
                self.socks[a].other = Some(b);
                self.socks[b].other = Some(a);
            }
            return;
        }
        if matches!(name, "select" | "pselect6" | "poll" | "ppoll") {
            // drawn when it waits for a socket (not the runtime's poll of 0-2)
            let watched = if name.ends_with("poll") {
                arg(0)
                    .split("fd=")
                    .skip(1)
                    .filter_map(|f| f.split([',', '}']).next())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            } else {
                arg(1)
                    .trim_matches(['[', ']'])
                    .split(' ')
                    .map(str::to_string)
                    .collect()
            };
            let socks: Vec<&String> = watched
                .iter()
                .filter(|f| self.sock_of(lane, f).is_some())
                .collect();
            if socks.is_empty() {
                return;
            }
            let list = socks
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let ev = self.event(
                item,
                name,
                format!("{name}([{list}]) {result}"),
                String::new(),
            );
            self.finish(ev, &c, failed);
            return;
        }
        if !SOCKET_CALLS.contains(&name) {
            return;
        }
        let Some(sock) = self.sock_of(lane, arg(0)) else {
            return;
        };
        let fd = arg(0).to_string();
        match name {
            "bind" | "getsockname" => {
                let label = format!("{name}({fd}) {result}");
                let addr = sockaddr(arg(1));
                let detail = addr.as_ref().map(|a| a.0.clone()).unwrap_or_default();
                let ev = self.event(item, name, label, detail);
                self.finish(ev, &c, failed);
                if name == "bind" && !failed {
                    self.socks[sock].bind_ev = Some(ev);
                }
                if !failed && let Some((_, key)) = addr {
                    // a bind to port 0: getsockname tells the real port
                    if key != "port:0" {
                        self.socks[sock].local = Some(key);
                    }
                }
            }
            "listen" => {
                let ev = self.event(
                    item,
                    name,
                    format!("listen({fd}, {}) {result}", arg(1)),
                    String::new(),
                );
                self.finish(ev, &c, failed);
                if !failed {
                    self.socks[sock].listen_ev = Some(ev);
                }
            }
            "accept" | "accept4" => {
                let detail = sockaddr(arg(1))
                    .map(|a| format!("from {}", a.0))
                    .unwrap_or_default();
                let ev = self.event(item, name, format!("{name}({fd}) {result}"), detail);
                self.finish(ev, &c, failed);
                if let Some(newfd) = c.ret.filter(|r| *r >= 0) {
                    let new = self.socks.len();
                    self.socks.push(Sock {
                        stream: true,
                        ..Sock::default()
                    });
                    self.add_fd(lane, newfd, new);
                    if let Some(key) = self.socks[sock].local.clone() {
                        self.accepts.push((ev, new, key));
                    }
                }
            }
            "connect" => {
                let addr = sockaddr(arg(1));
                let detail = addr
                    .as_ref()
                    .map(|a| format!("to {}", a.0))
                    .unwrap_or_default();
                let ev = self.event(item, name, format!("connect({fd}) {result}"), detail);
                self.finish(ev, &c, failed);
                self.socks[sock].events.push(ev);
                // the C library asking nscd (getaddrinfo): not the program's socket
                if addr.as_ref().is_some_and(|a| a.0.ends_with("/nscd/socket")) {
                    self.socks[sock].hidden = true;
                }
                let ok = !failed || c.result.contains("EINPROGRESS");
                if let Some((_, key)) = addr
                    && ok
                {
                    if self.socks[sock].stream {
                        self.connects.push((ev, sock, key));
                    } else {
                        self.socks[sock].peer = Some(key);
                    }
                }
            }
            "close" => {
                let ev = self.event(item, name, format!("close({fd}) {result}"), String::new());
                self.finish(ev, &c, failed);
                self.socks[sock].events.push(ev);
                if let Ok(fd) = fd.parse() {
                    self.drop_fd(lane, fd, ev);
                }
            }
            "shutdown" => {
                let how = arg(1);
                let ev = self.event(
                    item,
                    name,
                    format!("shutdown({fd}, {how}) {result}"),
                    String::new(),
                );
                self.finish(ev, &c, failed);
                if how != "SHUT_RD" && self.socks[sock].fin.is_none() {
                    self.socks[sock].fin = Some(ev);
                }
            }
            "setsockopt" | "getsockopt" => {
                let label = format!("{name}({fd}) {result}");
                let ev = self.event(item, name, label, arg(2).to_string());
                self.finish(ev, &c, failed);
            }
            "getpeername" => {
                let detail = sockaddr(arg(1)).map(|a| a.0).unwrap_or_default();
                let ev = self.event(item, name, format!("{name}({fd}) {result}"), detail);
                self.finish(ev, &c, failed);
            }
            _ => self.data_call(item, lane, sock, &c, &result, failed),
        }
    }

    /// read, write, recv, send, recvfrom, sendto, readv, writev, recvmsg, sendmsg.
    fn data_call(
        &mut self,
        item: &Item,
        lane: usize,
        sock: usize,
        c: &CallLine,
        result: &str,
        failed: bool,
    ) {
        let name = c.name.as_str();
        let arg = |k: usize| c.args.get(k).map(String::as_str).unwrap_or("");
        let fd = arg(0);
        let is_read = matches!(name, "read" | "recv" | "recvfrom" | "readv" | "recvmsg");
        let bytes = c.ret.filter(|r| *r >= 0 && !failed);
        let data = shown_bytes(arg(1));
        let stream = self.socks[sock].stream;
        // readline's one-byte reads, a writen in pieces: one box
        if stream
            && let Some(n) = bytes.filter(|n| *n > 0)
            && let Some(&(prev, psock, pread)) = self.last.get(&lane)
            && psock == sock
            && pread == is_read
            && self.events[prev].call == name
        {
            let e = &mut self.events[prev];
            e.end = item.end;
            let list = if is_read {
                &mut self.socks[sock].reads
            } else {
                &mut self.socks[sock].writes
            };
            let total = match list.last_mut() {
                Some((_, total)) => {
                    *total += n;
                    *total
                }
                None => n,
            };
            e.count += 1;
            e.label = format!("{name}({fd}) ×{} = {total}", e.count);
            let prev = e.detail.strip_prefix('"').unwrap_or(&e.detail);
            let prev = prev.strip_suffix('"').unwrap_or(prev);
            e.detail = format!("\"{prev}{data}\"");
            return;
        }
        let mut detail = if data.is_empty() {
            String::new()
        } else {
            format!("\"{data}\"")
        };
        let peer_arg = match name {
            "sendto" | "recvfrom" => sockaddr(arg(4)),
            _ => None,
        };
        if let Some((shown, _)) = &peer_arg {
            let dir = if is_read { "from" } else { "to" };
            detail = format!("{dir} {shown} {detail}");
        }
        let ev = self.event(
            item,
            name,
            format!("{name}({fd}) {result}"),
            detail.trim().to_string(),
        );
        self.finish(ev, c, failed);
        let Some(n) = bytes else {
            return;
        };
        if stream {
            if is_read {
                self.socks[sock].reads.push((ev, n));
            } else {
                self.socks[sock].writes.push((ev, n));
            }
            if n > 0 {
                self.last.insert(lane, (ev, sock, is_read));
            }
        } else if is_read {
            self.received.push(Received {
                ev,
                sock,
                from: peer_arg.map(|a| a.1),
                bytes: n,
                taken: false,
            });
        } else {
            let to = peer_arg
                .map(|a| a.1)
                .or_else(|| self.socks[sock].peer.clone());
            self.sent.push(Sent {
                ev,
                sock,
                to,
                bytes: n,
                taken: false,
            });
        }
    }

    fn finish(&mut self, ev: usize, c: &CallLine, failed: bool) {
        let e = &mut self.events[ev];
        e.failed = failed;
        e.unfinished = c.unfinished;
    }

    fn exit(&mut self, item: &Item, lane: usize, label: String) {
        let ev = self.event(item, "exit", label, String::new());
        self.events[ev].shape = Shape::Exit;
        self.exits.insert(lane, ev);
        let fds: Vec<i64> = self
            .fds
            .get(&lane)
            .map(|t| t.keys().copied().collect())
            .unwrap_or_default();
        for fd in fds {
            self.drop_fd(lane, fd, ev);
        }
    }

    /// connect → accept, then the bytes of each connection, both ways.
    fn match_streams(&mut self) {
        let ready = self.ready_map();
        let mut accepts = std::mem::take(&mut self.accepts);
        for (cev, csock, key) in std::mem::take(&mut self.connects) {
            if let Some(&at) = ready.get(&key) {
                // a connect that succeeded came after the listen
                self.orders.push((at, cev));
            }
            if let Some(i) = accepts.iter().position(|a| a.2 == key) {
                let (aev, asock, _) = accepts.remove(i);
                self.socks[csock].other = Some(asock);
                self.socks[asock].other = Some(csock);
                self.arrow(ArrowKind::Connect, cev, aev, "SYN".into());
            }
        }
        for s in 0..self.socks.len() {
            let Some(o) = self.socks[s].other else {
                continue;
            };
            // the bytes s wrote, as o read them
            let writes = self.socks[s].writes.clone();
            let reads = self.socks[o].reads.clone();
            let (mut w_off, mut r_off) = (0i64, 0i64);
            let mut wi = writes.iter().map(|&(ev, n)| {
                let range = (w_off, w_off + n);
                w_off += n;
                (ev, range)
            });
            let mut cur = wi.next();
            for &(rev, n) in &reads {
                if n == 0 {
                    if let Some(fin) = self.socks[s].fin {
                        self.arrow(ArrowKind::Fin, fin, rev, "FIN".into());
                    }
                    continue;
                }
                let (lo, hi) = (r_off, r_off + n);
                r_off = hi;
                while let Some((wev, (wlo, whi))) = cur {
                    if wlo >= hi {
                        break;
                    }
                    if whi > lo {
                        let shared = whi.min(hi) - wlo.max(lo);
                        self.arrow(ArrowKind::Data, wev, rev, format!("{shared} B"));
                    }
                    if whi <= hi {
                        cur = wi.next();
                    } else {
                        break;
                    }
                }
            }
        }
    }

    /// sendto → recvfrom: by the port (or path) a datagram went to and the
    /// one the receiver is bound to — or learnt from an earlier
    /// `recvfrom`'s source address — and its length.
    fn match_datagrams(&mut self) {
        let ready = self.ready_map();
        for _round in 0..3 {
            for r in 0..self.received.len() {
                if self.received[r].taken {
                    continue;
                }
                let rsock = self.received[r].sock;
                let mut keys: Vec<String> = self.socks[rsock].also_local.clone();
                keys.extend(self.socks[rsock].local.clone());
                let start = self.events[self.received[r].ev].end;
                let bytes = self.received[r].bytes;
                let found = self.sent.iter().position(|s| {
                    !s.taken
                        && s.bytes == bytes
                        && self.events[s.ev].start <= start
                        && s.to.as_ref().is_some_and(|t| keys.contains(t))
                });
                let Some(si) = found else {
                    continue;
                };
                self.sent[si].taken = true;
                self.received[r].taken = true;
                let ssock = self.sent[si].sock;
                if let Some(from) = self.received[r].from.clone()
                    && self.socks[ssock].local.is_none()
                    && !self.socks[ssock].also_local.contains(&from)
                {
                    self.socks[ssock].also_local.push(from);
                }
                let (from, to) = (self.sent[si].ev, self.received[r].ev);
                if let Some(at) = self.sent[si]
                    .to
                    .as_ref()
                    .and_then(|k| ready.get(k).copied())
                {
                    // a datagram that arrived was sent after the bind
                    self.orders.push((at, from));
                }
                self.arrow(ArrowKind::Datagram, from, to, format!("{bytes} B"));
            }
        }
    }
}

fn is_fork(name: &str) -> bool {
    matches!(name, "clone" | "clone3" | "fork" | "vfork")
}

/// Each process's program, from its `execve` (`…/ch05_tcpserv01`).
fn execve_names(input: &Input, pid_of: &dyn Fn(u32) -> u64) -> HashMap<u64, String> {
    let mut out = HashMap::new();
    for l in &input.lines {
        if let Some(c) = parse_call(&l.text)
            && c.name == "execve"
            && !c.result.starts_with("-1")
            && let Some(path) = c.args.first()
        {
            let path = path.trim_matches('"');
            let base = path.rsplit('/').next().unwrap_or(path);
            out.insert(pid_of(l.pid), base.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_call_with_an_address() {
        let c = parse_call(
            r#"connect(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused)"#,
        )
        .unwrap();
        assert_eq!(c.name, "connect");
        assert_eq!(c.args.len(), 3);
        assert_eq!(c.result, "-1 ECONNREFUSED");
        assert_eq!(
            sockaddr(&c.args[1]).unwrap(),
            ("127.0.0.1:9877".to_string(), "port:9877".to_string())
        );
    }

    #[test]
    fn a_string_with_a_parenthesis_does_not_end_the_args() {
        let c = parse_call(r#"write(4, "a) = 3, (b", 8) = 8"#).unwrap();
        assert_eq!(c.args, vec!["4", "\"a) = 3, (b\"", "8"]);
        assert_eq!(c.ret, Some(8));
        assert_eq!(shown_bytes(&c.args[1]), "a) = 3, (b");
    }
}
