//! `socklab lab`: a virtual network on one machine (the course's Appendix B).
//!
//! Hosts are network namespaces (`socklab-h1`, `socklab-h2`, …), each with
//! one interface `eth0`; a switch namespace (`socklab-sw`) holds a bridge
//! `br0` with one port per host (a veth pair: `hK` on the bridge, `eth0` in
//! host `hK`). With `--router`, a router namespace (`socklab-r`) joins
//! `br0` and a second bridge `br1`, the second subnet's switch, and
//! forwards unicast (the kernel) and multicast (nftables `dup` rules, as
//! this kernel has no multicast routing). Every link
//! is made *inside* the lab's namespaces (`ip link add … netns …`), so the
//! machine's own interfaces, addresses, routes and nftables tables are
//! never touched, and nothing in the lab has a link to the outside.
//!
//! Every `ip`, `nft`, `tc` and `sysctl` command is printed (`+ ip netns add
//! socklab-h1`) before it runs, so a student sees how the network is made;
//! `docs/virtual-lab.md` explains each one.

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};

use nix::sys::signal::{SigSet, Signal, kill};
use nix::unistd::Pid;

/// The first subnet (RFC 5737's TEST-NET-2), where the hosts are.
const NET_A: &str = "198.51.100";
/// The first subnet's IPv6 prefix (RFC 3849's documentation prefix).
const NET6_A: &str = "2001:db8:a:";
/// The second subnet (TEST-NET-3), behind the router.
const NET_B: &str = "203.0.113";
/// The second subnet's IPv6 prefix.
const NET6_B: &str = "2001:db8:b:";
/// The router's host number on both subnets (198.51.100.254, 2001:db8:a::254).
const ROUTER: u32 = 254;

/// The arguments of `socklab lab`.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
    sudo socklab lab up                       # h1, h2, h3 on 198.51.100.0/24\n  \
    sudo socklab lab up --hosts 4 --router    # and h5 on 203.0.113.0/24 behind router r\n  \
    sudo socklab lab up --loss 30 --link h2   # drop 30% of the frames the switch sends to h2\n  \
    sudo socklab lab exec h2 -- target/debug/examples/ch11_daytimeudpsrv2 0.0.0.0 13\n  \
    sudo socklab lab status\n  \
    sudo socklab lab down\n\n\
    Read docs/virtual-lab.md for what each printed command does.")]
pub struct LabArgs {
    #[command(subcommand)]
    pub action: Action,
}

/// What `socklab lab` does.
#[derive(clap::Subcommand)]
pub enum Action {
    /// Build the lab: hosts h1…hN on one bridged subnet (and a router, a second subnet).
    Up(UpArgs),
    /// Remove everything the lab made (its namespaces, and so their links and rules).
    Down(NameArg),
    /// Show the lab's hosts, their addresses and routes.
    Status(NameArg),
    /// Run a program on a host of the lab: `exec h2 -- PROGRAM ARGS…`.
    Exec(ExecArgs),
}

/// `--name`: which lab (several can exist side by side, e.g. in tests).
#[derive(clap::Args)]
pub struct NameArg {
    /// The lab's name: its namespaces are socklab-h1… for the default lab,
    /// socklab-NAME-h1… for another (lower-case letters and digits).
    #[arg(long, default_value = "socklab", value_name = "NAME")]
    pub name: String,
}

/// The arguments of `socklab lab up`.
#[derive(clap::Args)]
pub struct UpArgs {
    #[command(flatten)]
    pub name: NameArg,
    /// How many hosts on the first subnet (198.51.100.K, 2001:db8:a::K).
    #[arg(long, default_value_t = 3, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub hosts: u32,
    /// Add a router `r` (198.51.100.254) and a second subnet 203.0.113.0/24 behind it;
    /// it forwards unicast, and multicast with a TTL above 1 (nftables rules).
    #[arg(long)]
    pub router: bool,
    /// How many hosts on the second subnet (named after the first subnet's: hN+1…).
    #[arg(long, default_value_t = 1, value_name = "M", requires = "router",
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub hosts2: u32,
    /// Drop this percentage of the frames the switch delivers (nftables' random drop).
    #[arg(long, value_name = "PERCENT",
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub loss: Option<u32>,
    /// Limit the rate the switch delivers at (tc's token bucket filter), e.g. 1mbit.
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub rate: Option<String>,
    /// Apply --loss and --rate to this host's link only (default: every host's).
    #[arg(long, value_name = "HOST")]
    pub link: Option<String>,
}

/// The arguments of `socklab lab exec`.
#[derive(clap::Args)]
pub struct ExecArgs {
    #[command(flatten)]
    pub name: NameArg,
    /// The host to run on: h1, h2, … or r (the router).
    pub host: String,
    /// The program and its arguments.
    #[arg(last = true, required = true, value_name = "PROGRAM")]
    pub command: Vec<String>,
}

/// A tc rate: digits and a unit tc knows (`1mbit`, `500kbit`, `10mbps`).
fn parse_rate(s: &str) -> Result<String, String> {
    let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
    let unit = &s[digits..];
    const UNITS: &[&str] = &["bit", "kbit", "mbit", "gbit", "bps", "kbps", "mbps", "gbps"];
    if digits > 0 && UNITS.contains(&unit) {
        Ok(s.to_string())
    } else {
        Err("a rate is a number and a unit: bit, kbit, mbit, gbit, bps, kbps, mbps or gbps (e.g. 1mbit)".into())
    }
}

/// `println!` that never panics: a closed stdout (`socklab lab status |
/// head`) must not stop `up` or `down` half-way.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Set by SIGINT/SIGTERM/SIGHUP while `up` builds: it stops and cleans up.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Runs `socklab lab …` and returns the exit status.
pub fn run(args: LabArgs) -> i32 {
    let name = match &args.action {
        Action::Up(a) => &a.name.name,
        Action::Down(a) | Action::Status(a) => &a.name,
        Action::Exec(a) => &a.name.name,
    };
    let lab = match Lab::new(name) {
        Ok(lab) => lab,
        Err(e) => return fail(&e),
    };
    if let Err(e) = need_root() {
        return fail(&e);
    }
    if let Err(e) = need_tool("ip", "iproute2") {
        return fail(&e);
    }
    let result = match args.action {
        Action::Up(a) => lab.up(&a),
        Action::Down(_) => lab.down(),
        Action::Status(_) => lab.status(),
        Action::Exec(a) => lab.exec(&a.host, &a.command),
    };
    match result {
        Ok(()) => 0,
        Err(e) => fail(&e),
    }
}

/// Prints `socklab lab: WHAT` on stderr and returns 1.
fn fail(what: &str) -> i32 {
    eprintln!("socklab lab: {what}");
    1
}

/// Stops with one line unless this process may change network settings.
fn need_root() -> Result<(), String> {
    const CAP_NET_ADMIN: u32 = 12;
    const CAP_SYS_ADMIN: u32 = 21;
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let eff = status
        .lines()
        .find_map(|l| l.strip_prefix("CapEff:"))
        .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
        .unwrap_or(0);
    let has = |cap: u32| eff & (1u64 << cap) != 0;
    if has(CAP_NET_ADMIN) && has(CAP_SYS_ADMIN) {
        Ok(())
    } else {
        Err(
            "needs root (run it with sudo): making network namespaces, their links and \
             nftables rules needs CAP_NET_ADMIN (and entering a namespace CAP_SYS_ADMIN)"
                .into(),
        )
    }
}

/// Stops with one line if TOOL is not on the PATH (or in /usr/sbin, /sbin).
fn need_tool(tool: &str, package: &str) -> Result<(), String> {
    let path = std::env::var("PATH").unwrap_or_default();
    let found = path
        .split(':')
        .chain(["/usr/sbin", "/sbin"])
        .any(|dir| std::path::Path::new(dir).join(tool).is_file());
    if found {
        Ok(())
    } else {
        Err(format!(
            "`{tool}` not found: install it with `apt-get install {package}`"
        ))
    }
}

/// A command as a shell would need it typed: quotes where needed.
fn shell_words(argv: &[String]) -> String {
    argv.iter()
        .map(|a| {
            let plain = !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-./:=@%+,".contains(c));
            if plain {
                a.clone()
            } else {
                format!("'{}'", a.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Prints `+ COMMAND` and runs it; its failure is one line with its stderr.
fn sh(argv: &[&str]) -> Result<(), String> {
    let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
    let shown = shell_words(&argv);
    say!("+ {shown}");
    let _ = std::io::stdout().flush();
    let out = Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{}: {e}", argv[0]))?;
    std::io::stdout().write_all(&out.stdout).ok();
    if out.status.success() {
        Ok(())
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        let err = err.lines().next().unwrap_or("").trim();
        Err(format!("`{shown}` failed ({}): {err}", out.status))
    }
}

/// Runs a command quietly and returns its standard output (for listing).
fn query(argv: &[&str]) -> Result<String, String> {
    let out = Command::new(argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("{}: {e}", argv[0]))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!("`{}` failed ({})", argv.join(" "), out.status))
    }
}

/// One lab: its name and the prefix of everything it makes.
struct Lab {
    name: String,
    prefix: String,
}

/// A host of the lab as `up` makes it.
struct Host {
    /// `h1`, `h2`…
    name: String,
    /// Its number K: 198.51.100.K (or 203.0.113.K on the second subnet).
    number: u32,
    /// On the second subnet (behind the router)?
    second: bool,
}

impl Lab {
    /// The lab called NAME: `socklab` (namespaces socklab-h1…) or another
    /// (socklab-NAME-h1…).
    fn new(name: &str) -> Result<Lab, String> {
        let ok = !name.is_empty()
            && name.len() <= 24
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        if !ok {
            return Err(format!(
                "bad lab name '{name}': use 1 to 24 lower-case letters and digits"
            ));
        }
        let prefix = if name == "socklab" {
            "socklab".to_string()
        } else {
            format!("socklab-{name}")
        };
        Ok(Lab {
            name: name.to_string(),
            prefix,
        })
    }

    /// The namespace of one of the lab's nodes (`h2`, `r`, `sw`).
    fn ns(&self, node: &str) -> String {
        format!("{}-{node}", self.prefix)
    }

    /// The lab's namespaces that exist now, by node name (`h1`, `r`, `sw`):
    /// exactly the names `up` makes, so `down` never removes another's.
    fn existing(&self) -> Result<Vec<String>, String> {
        let list = query(&["ip", "netns", "list"])?;
        let mut nodes: Vec<String> = list
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .filter_map(|ns| ns.strip_prefix(&self.prefix)?.strip_prefix('-'))
            .filter(|node| is_node(node))
            .map(str::to_string)
            .collect();
        nodes.sort_by_key(|n| node_order(n));
        Ok(nodes)
    }

    /// `socklab lab up`.
    fn up(&self, a: &UpArgs) -> Result<(), String> {
        if a.loss.is_some() || a.router {
            need_tool("nft", "nftables")?;
        }
        if a.rate.is_some() {
            need_tool("tc", "iproute2")?;
        }
        let mut hosts: Vec<Host> = (1..=a.hosts)
            .map(|k| Host {
                name: format!("h{k}"),
                number: k,
                second: false,
            })
            .collect();
        if a.router {
            hosts.extend((a.hosts + 1..=a.hosts + a.hosts2).map(|k| Host {
                name: format!("h{k}"),
                number: k,
                second: true,
            }));
        }
        if let Some(link) = &a.link {
            if !hosts.iter().any(|h| &h.name == link) {
                return Err(format!("--link {link}: no such host in this lab"));
            }
            if a.loss.is_none() && a.rate.is_none() {
                return Err("--link says where --loss or --rate apply: give one of them".into());
            }
        }
        let existing = self.existing()?;
        if !existing.is_empty() {
            say!(
                "lab {} is already up ({}): nothing to do; `socklab lab down{}` first to build it anew",
                self.name,
                existing.join(" "),
                self.name_option()
            );
            return Ok(());
        }
        catch_interrupts();
        match self.build(a, &hosts) {
            Ok(()) => {
                say!(
                    "lab {} is up: {}; run a program with `socklab lab exec{} h1 -- PROGRAM ARGS`",
                    self.name,
                    hosts
                        .iter()
                        .map(|h| format!("{} {}", h.name, h.ipv4()))
                        .chain(
                            a.router
                                .then(|| format!("r {NET_A}.{ROUTER} {NET_B}.{ROUTER}"))
                        )
                        .collect::<Vec<_>>()
                        .join(", "),
                    self.name_option()
                );
                Ok(())
            }
            Err(e) => {
                eprintln!("socklab lab: {e}");
                eprintln!("socklab lab: removing the half-built lab");
                let _ = self.down();
                Err("up failed; nothing was left behind".into())
            }
        }
    }

    /// ` --name NAME` for the hints, or nothing for the default lab.
    fn name_option(&self) -> String {
        if self.name == "socklab" {
            String::new()
        } else {
            format!(" --name {}", self.name)
        }
    }

    /// Every command of `up`, in order; the first failure stops it.
    fn build(&self, a: &UpArgs, hosts: &[Host]) -> Result<(), String> {
        let step = |argv: &[&str]| -> Result<(), String> {
            if INTERRUPTED.load(Ordering::SeqCst) {
                return Err("interrupted".into());
            }
            sh(argv)
        };
        let sw = self.ns("sw");
        say!("# the switch: a namespace holding a bridge per subnet");
        step(&["ip", "netns", "add", &sw])?;
        step(&[
            "ip",
            "-n",
            &sw,
            "link",
            "add",
            "br0",
            "type",
            "bridge",
            "mcast_snooping",
            "0",
        ])?;
        step(&["ip", "-n", &sw, "link", "set", "br0", "up"])?;
        if a.router {
            step(&[
                "ip",
                "-n",
                &sw,
                "link",
                "add",
                "br1",
                "type",
                "bridge",
                "mcast_snooping",
                "0",
            ])?;
            step(&["ip", "-n", &sw, "link", "set", "br1", "up"])?;
        }
        for h in hosts {
            let ns = self.ns(&h.name);
            let bridge = if h.second { "br1" } else { "br0" };
            say!(
                "# host {}: a namespace, a cable (veth pair) to the switch, addresses",
                h.name
            );
            step(&["ip", "netns", "add", &ns])?;
            step(&["ip", "-n", &ns, "link", "set", "lo", "up"])?;
            step(&[
                "ip", "-n", &sw, "link", "add", &h.name, "type", "veth", "peer", "name", "eth0",
                "netns", &ns,
            ])?;
            step(&[
                "ip", "-n", &sw, "link", "set", &h.name, "master", bridge, "up",
            ])?;
            let (v4, v6) = (h.ipv4_cidr(), h.ipv6_cidr());
            let bcast = h.broadcast();
            step(&[
                "ip",
                "-n",
                &ns,
                "addr",
                "add",
                &v4,
                "broadcast",
                &bcast,
                "dev",
                "eth0",
            ])?;
            step(&["ip", "-n", &ns, "addr", "add", &v6, "dev", "eth0", "nodad"])?;
            step(&["ip", "-n", &ns, "link", "set", "eth0", "up"])?;
            step(&[
                "ip",
                "-n",
                &ns,
                "route",
                "add",
                "224.0.0.0/4",
                "dev",
                "eth0",
            ])?;
            if a.router {
                let (gw4, gw6) = if h.second {
                    (format!("{NET_B}.{ROUTER}"), format!("{NET6_B}:{ROUTER}"))
                } else {
                    (format!("{NET_A}.{ROUTER}"), format!("{NET6_A}:{ROUTER}"))
                };
                step(&["ip", "-n", &ns, "route", "add", "default", "via", &gw4])?;
                step(&[
                    "ip", "-n", &ns, "-6", "route", "add", "default", "via", &gw6,
                ])?;
            }
        }
        if a.router {
            let r = self.ns("r");
            say!("# the router: one leg on each subnet, forwarding on");
            step(&["ip", "netns", "add", &r])?;
            step(&["ip", "-n", &r, "link", "set", "lo", "up"])?;
            for (port, dev, bridge, net, net6) in [
                ("r0", "eth0", "br0", NET_A, NET6_A),
                ("r1", "eth1", "br1", NET_B, NET6_B),
            ] {
                step(&[
                    "ip", "-n", &sw, "link", "add", port, "type", "veth", "peer", "name", dev,
                    "netns", &r,
                ])?;
                step(&["ip", "-n", &sw, "link", "set", port, "master", bridge, "up"])?;
                let v4 = format!("{net}.{ROUTER}/24");
                let bcast = format!("{net}.255");
                let v6 = format!("{net6}:{ROUTER}/64");
                step(&[
                    "ip",
                    "-n",
                    &r,
                    "addr",
                    "add",
                    &v4,
                    "broadcast",
                    &bcast,
                    "dev",
                    dev,
                ])?;
                step(&["ip", "-n", &r, "addr", "add", &v6, "dev", dev, "nodad"])?;
                step(&["ip", "-n", &r, "link", "set", dev, "up"])?;
            }
            step(&[
                "ip",
                "netns",
                "exec",
                &r,
                "sysctl",
                "-q",
                "-w",
                "net.ipv4.ip_forward=1",
            ])?;
            step(&[
                "ip",
                "netns",
                "exec",
                &r,
                "sysctl",
                "-q",
                "-w",
                "net.ipv6.conf.all.forwarding=1",
            ])?;
            self.multicast_routing(&r, &step)?;
        }
        let ports: Vec<&str> = match &a.link {
            Some(link) => vec![link.as_str()],
            None => hosts.iter().map(|h| h.name.as_str()).collect(),
        };
        if let Some(pct) = a.loss {
            say!(
                "# loss: the switch drops {pct}% of the UDP and TCP packets it delivers (nftables, bridge family; ARP and neighbour discovery pass, or whole addresses would vanish)"
            );
            step(&[
                "ip", "netns", "exec", &sw, "nft", "add", "table", "bridge", "socklab",
            ])?;
            step(&[
                "ip",
                "netns",
                "exec",
                &sw,
                "nft",
                "add",
                "chain",
                "bridge",
                "socklab",
                "forward",
                "{ type filter hook forward priority 0; }",
            ])?;
            let pct = pct.to_string();
            for port in &ports {
                step(&[
                    "ip",
                    "netns",
                    "exec",
                    &sw,
                    "nft",
                    "add",
                    "rule",
                    "bridge",
                    "socklab",
                    "forward",
                    "oifname",
                    port,
                    "meta",
                    "l4proto",
                    "{ udp, tcp }",
                    "numgen",
                    "random",
                    "mod",
                    "100",
                    "lt",
                    &pct,
                    "counter",
                    "drop",
                ])?;
            }
        }
        if let Some(rate) = &a.rate {
            say!("# rate: a token bucket on each switch port, toward its host (tc tbf)");
            for port in &ports {
                step(&[
                    "tc", "-n", &sw, "qdisc", "add", "dev", port, "root", "tbf", "rate", rate,
                    "burst", "32kbit", "latency", "400ms",
                ])?;
            }
        }
        Ok(())
    }

    /// The router's multicast forwarding, in nftables since this kernel
    /// has no multicast routing (no `CONFIG_IP_MROUTE`): in namespace R, a
    /// table per family whose prerouting chain copies each multicast that
    /// arrives on one leg with a TTL (hop limit) above 1 to the other leg
    /// (`dup to ip daddr device eth1`). The kernel's `dup` lowers the
    /// copy's TTL by one in prerouting, routes it out of the given device
    /// (multicast MAC, the leg's own source MAC, header checksum computed
    /// anew) and lets the original go on to the router's own stack.
    /// IPv4: 224.0.0.0/4 but not the link-local 224.0.0.0/24; IPv6: the
    /// admin-, site-, organization-local and global scopes (4, 5, 8, e).
    /// `meta mark 0` … `meta mark set 1`: the packet, and so its copy, is
    /// marked, and a marked packet is never copied again — the copy the
    /// router loops back to itself when one of its own sockets is in the
    /// group (`lab exec r …`) would otherwise bounce between the legs
    /// until its TTL ran out. `docs/virtual-lab.md` says what a real
    /// multicast router does instead.
    fn multicast_routing(
        &self,
        r: &str,
        step: &dyn Fn(&[&str]) -> Result<(), String>,
    ) -> Result<(), String> {
        say!(
            "# multicast routing: the router copies a multicast that arrives on one leg with a TTL above 1 to the other leg, one TTL less (nftables dup; this kernel has no multicast routing)"
        );
        // `nft ARGS…` inside the router's namespace, printed like every step
        let nft = |args: &[&str]| -> Result<(), String> {
            let mut argv = vec!["ip", "netns", "exec", r, "nft"];
            argv.extend_from_slice(args);
            step(&argv)
        };
        // which multicasts a router may forward: not the link-local ones,
        // and only with a TTL (hop limit) left after this hop
        let ipv4: &[&str] = &[
            "ip",
            "daddr",
            "224.0.0.0/4",
            "ip",
            "daddr",
            "ne",
            "224.0.0.0/24",
            "ip",
            "ttl",
            "gt",
            "1",
        ];
        let ipv6: &[&str] = &[
            "ip6",
            "daddr",
            "and",
            "ff0f::",
            "{ ff04::, ff05::, ff08::, ff0e:: }",
            "ip6",
            "hoplimit",
            "gt",
            "1",
        ];
        for (family, which) in [("ip", ipv4), ("ip6", ipv6)] {
            nft(&["add", "table", family, "mroute"])?;
            nft(&[
                "add",
                "chain",
                family,
                "mroute",
                "prerouting",
                "{ type filter hook prerouting priority 0; }",
            ])?;
            for (from, to) in [("eth0", "eth1"), ("eth1", "eth0")] {
                let mut rule = vec![
                    "add",
                    "rule",
                    family,
                    "mroute",
                    "prerouting",
                    "iifname",
                    from,
                    "meta",
                    "mark",
                    "0",
                ];
                rule.extend_from_slice(which);
                rule.extend_from_slice(&[
                    "meta", "mark", "set", "1", "counter", "dup", "to", family, "daddr", "device",
                    to,
                ]);
                nft(&rule)?;
            }
        }
        Ok(())
    }

    /// `socklab lab down`: stops what still runs in the lab's namespaces,
    /// then deletes them (their links, addresses, routes and nftables
    /// tables go with them).
    fn down(&self) -> Result<(), String> {
        let nodes = self.existing()?;
        if nodes.is_empty() {
            say!("lab {} is not up: nothing to remove", self.name);
            return Ok(());
        }
        // hosts and router first, the switch last: no link is left dangling
        let mut first_error = None;
        for node in nodes.iter().rev() {
            let ns = self.ns(node);
            if let Ok(pids) = query(&["ip", "netns", "pids", &ns]) {
                for pid in pids
                    .split_whitespace()
                    .filter_map(|p| p.parse::<i32>().ok())
                {
                    let comm =
                        std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
                    say!("# {pid} ({}) still runs in {ns}: SIGKILL", comm.trim());
                    let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
                }
            }
            if let Err(e) = sh(&["ip", "netns", "del", &ns]) {
                first_error.get_or_insert(e);
            }
        }
        match first_error {
            None => {
                say!("lab {} is down", self.name);
                Ok(())
            }
            Some(e) => Err(e),
        }
    }

    /// `socklab lab status`: each node's addresses and routes.
    fn status(&self) -> Result<(), String> {
        let nodes = self.existing()?;
        if nodes.is_empty() {
            say!(
                "lab {} is not up (`sudo socklab lab up{}` builds it)",
                self.name,
                self.name_option()
            );
            return Ok(());
        }
        say!("lab {}: {}", self.name, nodes.join(" "));
        for node in &nodes {
            let ns = self.ns(node);
            say!();
            if node == "sw" {
                sh(&["ip", "-n", &ns, "-br", "link", "show"])?;
                if query(&["ip", "netns", "exec", &ns, "nft", "list", "tables"])
                    .is_ok_and(|t| !t.is_empty())
                {
                    sh(&["ip", "netns", "exec", &ns, "nft", "list", "ruleset"])?;
                }
                if query(&["tc", "-n", &ns, "qdisc", "show"]).is_ok_and(|q| q.contains("tbf")) {
                    sh(&["tc", "-n", &ns, "qdisc", "show"])?;
                }
                continue;
            }
            sh(&["ip", "-n", &ns, "-br", "addr", "show"])?;
            sh(&["ip", "-n", &ns, "route", "show"])?;
            sh(&["ip", "-n", &ns, "-6", "route", "show"])?;
            if node == "r"
                && query(&["ip", "netns", "exec", &ns, "nft", "list", "tables"])
                    .is_ok_and(|t| !t.is_empty())
            {
                // the multicast routing rules and their counters
                sh(&["ip", "netns", "exec", &ns, "nft", "list", "ruleset"])?;
            }
        }
        Ok(())
    }

    /// `socklab lab exec HOST -- PROGRAM ARGS`: `ip netns exec`, in place
    /// of this process (its exit status is the program's).
    fn exec(&self, host: &str, command: &[String]) -> Result<(), String> {
        let nodes = self.existing()?;
        if nodes.is_empty() {
            return Err(format!(
                "lab {} is not up (`sudo socklab lab up{}` builds it)",
                self.name,
                self.name_option()
            ));
        }
        if host == "sw" || !nodes.iter().any(|n| n == host) {
            let hosts: Vec<&str> = nodes
                .iter()
                .filter(|n| *n != "sw")
                .map(String::as_str)
                .collect();
            return Err(format!(
                "no host '{host}' in lab {} (its hosts: {})",
                self.name,
                hosts.join(" ")
            ));
        }
        let ns = self.ns(host);
        let mut argv = vec!["ip".to_string(), "netns".into(), "exec".into(), ns];
        argv.extend(command.iter().cloned());
        eprintln!("+ {}", shell_words(&argv));
        let e = Command::new(&argv[0]).args(&argv[1..]).exec();
        Err(format!("ip: {e}"))
    }
}

impl Host {
    fn net(&self) -> (&'static str, &'static str) {
        if self.second {
            (NET_B, NET6_B)
        } else {
            (NET_A, NET6_A)
        }
    }
    fn ipv4(&self) -> String {
        format!("{}.{}", self.net().0, self.number)
    }
    fn ipv4_cidr(&self) -> String {
        format!("{}/24", self.ipv4())
    }
    fn ipv6_cidr(&self) -> String {
        format!("{}:{}/64", self.net().1, self.number)
    }
    fn broadcast(&self) -> String {
        format!("{}.255", self.net().0)
    }
}

/// A node name `up` makes: `sw`, `r`, or `h` and a number.
fn is_node(node: &str) -> bool {
    node == "sw"
        || node == "r"
        || node.strip_prefix('h').is_some_and(|k| {
            !k.is_empty() && !k.starts_with('0') && k.chars().all(|c| c.is_ascii_digit())
        })
}

/// Sorts the switch first, then the hosts by number, then the router.
fn node_order(node: &str) -> (u32, u32) {
    match node {
        "sw" => (0, 0),
        "r" => (2, 0),
        h => (1, h[1..].parse().unwrap_or(0)),
    }
}

/// Blocks SIGINT, SIGTERM and SIGHUP in this thread and waits for them in
/// another, which only sets [`INTERRUPTED`]: `up` stops at its next
/// command and removes what it made.
fn catch_interrupts() {
    let mut set = SigSet::empty();
    set.add(Signal::SIGINT);
    set.add(Signal::SIGTERM);
    set.add(Signal::SIGHUP);
    if set.thread_block().is_err() {
        return;
    }
    std::thread::spawn(move || {
        while set.wait().is_ok() {
            INTERRUPTED.store(true, Ordering::SeqCst);
        }
    });
}
