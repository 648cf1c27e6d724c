//! The virtual lab in tests (`socklab lab`, issue 13): a lab per test,
//! named after the test and this process, so tests running in parallel
//! (and two `cargo test` runs at once) never share one; removed by `Drop`,
//! also when the test fails.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// The `socklab` command cargo built for these tests.
pub fn socklab_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_socklab"))
}

/// Can the lab run here: root's capabilities and `ip`? Under `CI=true` a
/// missing piece fails the test; elsewhere it is skipped with one line.
pub fn lab_available() -> bool {
    let why = if !has_net_admin() {
        Some("the lab needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) to make network namespaces")
    } else if !tool_works("ip", &["-V"]) {
        Some("the lab needs `ip` (apt-get install iproute2)")
    } else if !tool_works("nft", &["-v"]) {
        Some("the lab's --loss needs `nft` (apt-get install nftables)")
    } else if !tool_works("tc", &["-V"]) {
        Some("the lab's --rate needs `tc` (apt-get install iproute2)")
    } else {
        None
    };
    match why {
        None => true,
        Some(why) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{why}; required when CI=true"
            );
            eprintln!("SKIPPED: {why}");
            false
        }
    }
}

/// Does this process have CAP_NET_ADMIN and CAP_SYS_ADMIN?
pub fn has_net_admin() -> bool {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let eff = status
        .lines()
        .find_map(|l| l.strip_prefix("CapEff:"))
        .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
        .unwrap_or(0);
    eff & (1 << 12) != 0 && eff & (1 << 21) != 0
}

fn tool_works(tool: &str, args: &[&str]) -> bool {
    Command::new(tool)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `socklab lab ARGS…`, its output collected.
pub fn socklab_lab(args: &[&str]) -> Output {
    Command::new(socklab_bin())
        .arg("lab")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run socklab lab")
}

/// The names of the network namespaces that exist now.
pub fn namespaces() -> Vec<String> {
    let out = Command::new("ip")
        .args(["netns", "list"])
        .output()
        .expect("ip netns list");
    let mut names: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    names.sort();
    names
}

/// A lab that exists for as long as this value: `socklab lab down` on drop.
pub struct Lab {
    /// The lab's name (`--name`).
    pub name: String,
}

impl Lab {
    /// `socklab lab up --name TAG<pid> ARGS…`; None (skipped) where the lab
    /// cannot run. Panics, with the command's output, if `up` fails.
    pub fn up(tag: &str, args: &[&str]) -> Option<Lab> {
        if !lab_available() {
            return None;
        }
        let name = format!("{tag}{}", std::process::id());
        // a lab of this name left by a killed run of this very pid: remove it
        socklab_lab(&["down", "--name", &name]);
        let lab = Lab { name };
        let mut argv = vec!["up", "--name", &lab.name];
        argv.extend_from_slice(args);
        let out = socklab_lab(&argv);
        assert!(
            out.status.success(),
            "socklab lab {}: {:?}\nstdout:\n{}\nstderr:\n{}",
            argv.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        Some(lab)
    }

    /// The namespace of host (or `r`, `sw`) NODE.
    pub fn ns(&self, node: &str) -> String {
        format!("socklab-{}-{node}", self.name)
    }

    /// `ip netns exec NS PROGRAM ARGS…` as an argv: how a test runs a
    /// program on a host of the lab.
    pub fn on(&self, node: &str, program: impl Into<PathBuf>, args: &[&str]) -> Vec<String> {
        let program: PathBuf = program.into();
        let mut argv = vec![
            "ip".to_string(),
            "netns".into(),
            "exec".into(),
            self.ns(node),
            program.to_string_lossy().into_owned(),
        ];
        argv.extend(args.iter().map(|s| s.to_string()));
        argv
    }

    /// Runs PROGRAM ARGS… on host NODE to completion (bounded in time).
    pub fn run_on(
        &self,
        node: &str,
        program: impl Into<PathBuf>,
        args: &[&str],
        stdin: &str,
        env: &[(&str, &str)],
    ) -> super::Output {
        let argv = self.on(node, program, args);
        let args: Vec<&str> = argv[1..].iter().map(String::as_str).collect();
        super::run_env("ip", &args, stdin, env)
    }

    /// Starts PROGRAM ARGS… on host NODE in the background and waits for
    /// a line containing `ready`; killed when the `Server` is dropped.
    pub fn start_on(
        &self,
        node: &str,
        program: impl Into<PathBuf>,
        args: &[&str],
        ready: &str,
        env: &[(&str, &str)],
    ) -> super::Server {
        let argv = self.on(node, program, args);
        let args: Vec<&str> = argv[1..].iter().map(String::as_str).collect();
        super::Server::start_env("ip", &args, ready, env)
    }

    /// The lab's namespaces that exist now.
    pub fn namespaces(&self) -> Vec<String> {
        let prefix = format!("socklab-{}-", self.name);
        namespaces()
            .into_iter()
            .filter(|n| n.starts_with(&prefix))
            .collect()
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        let out = socklab_lab(&["down", "--name", &self.name]);
        if !out.status.success() && !std::thread::panicking() {
            panic!(
                "socklab lab down --name {}: {}",
                self.name,
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}
