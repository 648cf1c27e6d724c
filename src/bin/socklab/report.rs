//! The scorecard: for people (text) and for autograders (json, tap, junit).

use super::Format;

/// How a check ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It passed.
    Pass,
    /// It failed: what went wrong (one or two lines).
    Fail(String),
    /// It does not apply, or was not asked for: why.
    Skip(String),
}

/// One named check's result.
#[derive(Clone, Debug)]
pub struct CheckResult {
    /// The check's name (`answer`, `concurrency`…).
    pub name: &'static str,
    /// What it checks, in a few words.
    pub what: &'static str,
    /// How it ended.
    pub outcome: Outcome,
    /// The page of the course guide that teaches the fix.
    pub doc: &'static str,
    /// How long it took, in seconds.
    pub secs: f64,
}

/// The whole run.
pub struct Report {
    /// `echo`, `sum`… (`echo/udp` for UDP).
    pub protocol: String,
    /// The server: its address or its command line.
    pub target: String,
    /// Each check, in order.
    pub results: Vec<CheckResult>,
}

impl Report {
    /// (passed, failed, skipped)
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for r in &self.results {
            match r.outcome {
                Outcome::Pass => c.0 += 1,
                Outcome::Fail(_) => c.1 += 1,
                Outcome::Skip(_) => c.2 += 1,
            }
        }
        c
    }

    /// The report in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => self.text(),
            Format::Json => self.json(),
            Format::Tap => self.tap(),
            Format::Junit => self.junit(),
        }
    }

    fn text(&self) -> String {
        let mut out = format!("socklab check {} — {}\n\n", self.protocol, self.target);
        // the name column: as wide as the longest name (12 at least)
        let w = self
            .results
            .iter()
            .map(|r| r.name.len())
            .fold(12, usize::max);
        for r in &self.results {
            match &r.outcome {
                Outcome::Pass => out += &format!("  PASS  {:<w$} {}\n", r.name, r.what),
                Outcome::Skip(why) => out += &format!("  skip  {:<w$} {why}\n", r.name),
                Outcome::Fail(msg) => {
                    out += &format!("  FAIL  {:<w$} {}\n", r.name, r.what);
                    for line in msg.lines() {
                        out += &format!("        {:<w$} {line}\n", "");
                    }
                    out += &format!("        {:<w$} read: {}\n", "", r.doc);
                }
            }
        }
        let (p, f, s) = self.counts();
        out += &format!("\n{p} passed, {f} failed, {s} skipped\n");
        out
    }

    fn json(&self) -> String {
        let (p, f, s) = self.counts();
        let checks: Vec<String> = self
            .results
            .iter()
            .map(|r| {
                let (status, message) = match &r.outcome {
                    Outcome::Pass => ("pass", ""),
                    Outcome::Fail(m) => ("fail", m.as_str()),
                    Outcome::Skip(m) => ("skip", m.as_str()),
                };
                format!(
                    "{{\"name\":{},\"description\":{},\"status\":\"{status}\",\"message\":{},\"doc\":{},\"seconds\":{:.3}}}",
                    json_str(r.name),
                    json_str(r.what),
                    json_str(message),
                    json_str(r.doc),
                    r.secs
                )
            })
            .collect();
        format!(
            "{{\"protocol\":{},\"target\":{},\"passed\":{p},\"failed\":{f},\"skipped\":{s},\"ok\":{},\"checks\":[{}]}}\n",
            json_str(&self.protocol),
            json_str(&self.target),
            f == 0,
            checks.join(",")
        )
    }

    fn tap(&self) -> String {
        let mut out = format!("TAP version 13\n1..{}\n", self.results.len());
        for (i, r) in self.results.iter().enumerate() {
            let n = i + 1;
            match &r.outcome {
                Outcome::Pass => out += &format!("ok {n} - {}: {}\n", r.name, r.what),
                Outcome::Skip(why) => out += &format!("ok {n} - {} # SKIP {why}\n", r.name),
                Outcome::Fail(msg) => {
                    out += &format!("not ok {n} - {}: {}\n  ---\n", r.name, r.what);
                    out += &format!("  message: {}\n  doc: {}\n  ...\n", json_str(msg), r.doc);
                }
            }
        }
        out
    }

    fn junit(&self) -> String {
        let (_, f, s) = self.counts();
        let total: f64 = self.results.iter().map(|r| r.secs).sum();
        let suite = format!("socklab check {}", self.protocol);
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out += &format!(
            "<testsuites>\n  <testsuite name=\"{}\" tests=\"{}\" failures=\"{f}\" errors=\"0\" skipped=\"{s}\" time=\"{total:.3}\">\n",
            xml(&suite),
            self.results.len()
        );
        for r in &self.results {
            let head = format!(
                "    <testcase classname=\"socklab.{}\" name=\"{}\" time=\"{:.3}\"",
                xml(&self.protocol.replace('/', ".")),
                xml(r.name),
                r.secs
            );
            match &r.outcome {
                Outcome::Pass => out += &format!("{head}/>\n"),
                Outcome::Skip(why) => {
                    out += &format!(
                        "{head}>\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                        xml(why)
                    )
                }
                Outcome::Fail(msg) => {
                    out += &format!(
                        "{head}>\n      <failure message=\"{}\">{}\nread: {}</failure>\n    </testcase>\n",
                        xml(msg.lines().next().unwrap_or("")),
                        xml(msg),
                        xml(r.doc)
                    )
                }
            }
        }
        out += "  </testsuite>\n</testsuites>\n";
        out
    }
}

/// A JSON string literal.
pub fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out += "\\\"",
            '\\' => out += "\\\\",
            '\n' => out += "\\n",
            '\r' => out += "\\r",
            '\t' => out += "\\t",
            c if (c as u32) < 0x20 => out += &format!("\\u{:04x}", c as u32),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text escaped for XML.
fn xml(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '<' => out += "&lt;",
            '>' => out += "&gt;",
            '&' => out += "&amp;",
            '"' => out += "&quot;",
            '\'' => out += "&apos;",
            '\n' | '\t' => out.push(c),
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
