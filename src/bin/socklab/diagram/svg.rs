//! The picture: SVG written by hand (it is text; boxes, lines and words
//! need no library), 794 pixels wide — A4's width at 96 dpi.

use std::fmt::Write as _;

use super::layout::Layout;
use super::model::{ArrowKind, Conversation, Shape};

/// The page's width: A4 at 96 dpi.
const WIDTH: f64 = 794.0;
const MARGIN: f64 = 14.0;
/// Where the lane headers are, and the first row.
const HEADER_Y: f64 = 92.0;
const HEADER_H: f64 = 30.0;
const ROW0: f64 = HEADER_Y + HEADER_H + 26.0;
const ROW_H: f64 = 34.0;
/// Monospace advance at the label size (10.5 px DejaVu Sans Mono ≈ 6.3).
const CHAR_W: f64 = 6.35;
const DETAIL_CHAR_W: f64 = 5.45;

/// An arrow kind's colour, dash and legend text.
fn style(kind: ArrowKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        ArrowKind::Connect => ("#1f5fbf", "", "connect → accept"),
        ArrowKind::Data => ("#23862e", "", "write → read (bytes)"),
        ArrowKind::Fin => ("#c0392b", "", "close → read = 0 (end of stream)"),
        ArrowKind::Datagram => ("#8e44ad", "", "sendto → recvfrom (datagram)"),
        ArrowKind::Fork => ("#666666", "5,3", "fork"),
        ArrowKind::Signal => ("#d68910", "2,3", "exit → SIGCHLD"),
    }
}

const KINDS: [ArrowKind; 6] = [
    ArrowKind::Connect,
    ArrowKind::Data,
    ArrowKind::Fin,
    ArrowKind::Datagram,
    ArrowKind::Fork,
    ArrowKind::Signal,
];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `s` cut to `n` characters, with `…` where cut.
pub fn fit(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// A lane's header: its name, and `pid N` (`child of N`).
pub fn lane_title(conv: &Conversation, lane: usize) -> (String, String) {
    let l = &conv.lanes[lane];
    let pid = l.pid.map_or("pid ?".to_string(), |p| format!("pid {p}"));
    match l.parent.and_then(|p| conv.lanes.get(p)) {
        Some(parent) => (
            format!("{} (child)", l.name),
            match parent.pid {
                Some(pp) => format!("{pid}, child of {pp}"),
                None => format!("{pid}, a child"),
            },
        ),
        None => (l.name.clone(), pid),
    }
}

/// What a box says: the start of a call that waited shows the call and
/// `…`; its return box, the result.
pub fn box_text(conv: &Conversation, lay: &Layout, node: usize) -> (String, String) {
    let n = lay.nodes[node];
    let e = &conv.events[n.event];
    let waited = lay.end_node[n.event] != lay.start_node[n.event];
    if waited && !n.is_end {
        let call = e.label.split(" = ").next().unwrap_or(&e.label);
        let call = call.trim_end_matches(" …");
        (format!("{call} …"), "waits".to_string())
    } else if waited && e.unfinished {
        ("(still waiting)".to_string(), String::new())
    } else {
        (e.label.clone(), e.detail.clone())
    }
}

struct Geo {
    lane_w: f64,
    box_w: f64,
}

impl Geo {
    fn cx(&self, col: usize) -> f64 {
        MARGIN + self.lane_w * (col as f64 + 0.5)
    }
}

fn row_y(row: usize) -> f64 {
    ROW0 + ROW_H * row as f64
}

/// Draws the conversation.
pub fn render(conv: &Conversation, lay: &Layout, title: &str, sources: &str) -> String {
    let cols = lay.columns.len().max(1) as f64;
    let lane_w = (WIDTH - 2.0 * MARGIN) / cols;
    // more lanes: less room between them, more for the words
    let share = match lay.columns.len() {
        0..=3 => 0.68,
        4 => 0.78,
        _ => 0.84,
    };
    let g = Geo {
        lane_w,
        box_w: (lane_w * share).min(240.0),
    };
    let height = row_y(lay.rows) + 26.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace">"#
    );
    let _ = writeln!(s, "<title>{}</title>", esc(title));
    s.push_str("<defs>\n");
    for kind in KINDS {
        let (colour, _, _) = style(kind);
        let _ = writeln!(
            s,
            r#"<marker id="head-{kind:?}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>"#
        );
    }
    s.push_str("</defs>\n");
    let _ = writeln!(
        s,
        r#"<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="white"/>"#
    );
    // title, sources, legend
    let _ = writeln!(
        s,
        r#"<text x="{MARGIN}" y="24" font-size="15" font-weight="bold" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">{}</text>"#,
        esc(&fit(title, 80))
    );
    let _ = writeln!(
        s,
        r##"<text x="{MARGIN}" y="40" font-size="9.5" fill="#555">{}</text>"##,
        esc(&fit(sources, 135))
    );
    legend(&mut s);

    // lifelines and headers (which labels keep off, as off the boxes)
    let mut taken: Vec<Rect> = Vec::new();
    for (col, &lane) in lay.columns.iter().enumerate() {
        let cx = g.cx(col);
        let (first, last) = lay.span[lane];
        let is_child = conv.lanes[lane].forked_by.is_some();
        let top = if is_child {
            row_y(first) + HEADER_H / 2.0
        } else {
            HEADER_Y + HEADER_H
        };
        let bottom = row_y(last) + 13.0;
        let _ = writeln!(
            s,
            r##"<line x1="{cx:.1}" y1="{top:.1}" x2="{cx:.1}" y2="{bottom:.1}" stroke="#9a9a9a" stroke-dasharray="4,4"/>"##
        );
        let hy = if is_child {
            row_y(first) - HEADER_H / 2.0
        } else {
            HEADER_Y
        };
        // the second line says "child of": the name needs no "(child)"
        let (_, pid) = lane_title(conv, lane);
        let name = conv.lanes[lane].name.clone();
        let hw = (lane_w - 10.0).min(260.0);
        taken.push(Rect {
            x: cx - hw / 2.0,
            y: hy,
            w: hw,
            h: HEADER_H,
        });
        let _ = writeln!(
            s,
            r##"<rect x="{:.1}" y="{hy:.1}" width="{hw:.1}" height="{HEADER_H}" rx="4" fill="#e8eef8" stroke="#34495e"/>"##,
            cx - hw / 2.0
        );
        let chars = ((hw - 8.0) / 6.9) as usize;
        let _ = writeln!(
            s,
            r#"<text x="{cx:.1}" y="{:.1}" font-size="11" font-weight="bold" text-anchor="middle">{}</text>"#,
            hy + 13.0,
            esc(&fit(&name, chars))
        );
        let _ = writeln!(
            s,
            r##"<text x="{cx:.1}" y="{:.1}" font-size="9" fill="#444" text-anchor="middle">{}</text>"##,
            hy + 25.0,
            esc(&fit(&pid, ((hw - 8.0) / 5.5) as usize))
        );
    }

    // bars of blocked calls
    for (i, e) in conv.events.iter().enumerate() {
        let (a, b) = (lay.start_node[i], lay.end_node[i]);
        if a == b {
            continue;
        }
        let cx = g.cx(lay.column_of[e.lane]);
        let y1 = row_y(lay.nodes[a].row);
        let y2 = row_y(lay.nodes[b].row);
        let _ = writeln!(
            s,
            r##"<rect x="{:.1}" y="{y1:.1}" width="10" height="{:.1}" fill="#c9ced6" stroke="#8a929c"/>"##,
            cx - 5.0,
            y2 - y1
        );
    }

    // boxes
    for (k, n) in lay.nodes.iter().enumerate() {
        let e = &conv.events[n.event];
        let cx = g.cx(lay.column_of[e.lane]);
        let y = row_y(n.row);
        let (label, detail) = box_text(conv, lay, k);
        let h = if detail.is_empty() { 17.0 } else { 27.0 };
        let (fill, stroke) = match e.shape {
            Shape::Call if n.is_end => ("#f4f6f9", "#34495e"),
            Shape::Call => ("#ffffff", "#34495e"),
            Shape::Signal => ("#fdebd0", "#d68910"),
            Shape::Exit => ("#e5e5e5", "#555555"),
        };
        let x = cx - g.box_w / 2.0;
        let top = y - h / 2.0;
        taken.push(Rect {
            x,
            y: top,
            w: g.box_w,
            h,
        });
        let _ = writeln!(
            s,
            r#"<rect x="{x:.1}" y="{top:.1}" width="{:.1}" height="{h}" rx="3" fill="{fill}" stroke="{stroke}"/>"#,
            g.box_w
        );
        let waits = lay.end_node[n.event] != lay.start_node[n.event] && !n.is_end;
        let colour = if e.failed && !waits {
            "#b00020"
        } else {
            "#111111"
        };
        let chars = ((g.box_w - 8.0) / CHAR_W) as usize;
        let ly = if detail.is_empty() { y + 3.8 } else { y - 1.5 };
        let _ = writeln!(
            s,
            r#"<text x="{cx:.1}" y="{ly:.1}" font-size="10.5" fill="{colour}" text-anchor="middle">{}</text>"#,
            esc(&fit(&label, chars))
        );
        if !detail.is_empty() {
            let chars = ((g.box_w - 8.0) / DETAIL_CHAR_W) as usize;
            let _ = writeln!(
                s,
                r##"<text x="{cx:.1}" y="{:.1}" font-size="9" fill="#555555" text-anchor="middle">{}</text>"##,
                y + 9.5,
                esc(&fit(&detail, chars))
            );
        }
    }

    // arrows, then their labels on top
    let mut labels = String::new();
    for a in &conv.arrows {
        let from_ev = &conv.events[a.from];
        let to_ev = &conv.events[a.to];
        let (c1, c2) = (lay.column_of[from_ev.lane], lay.column_of[to_ev.lane]);
        if c1 == c2 {
            continue;
        }
        let dir = if c2 > c1 { 1.0 } else { -1.0 };
        let y1 = row_y(lay.nodes[lay.start_node[a.from]].row);
        let (x2, y2) = if a.kind == ArrowKind::Fork {
            let hw = (lane_w - 10.0).min(260.0);
            (g.cx(c2) - dir * hw / 2.0, row_y(lay.span[to_ev.lane].0))
        } else {
            let y2 = row_y(lay.nodes[lay.end_node[a.to]].row);
            (g.cx(c2) - dir * g.box_w / 2.0, y2)
        };
        let x1 = g.cx(c1) + dir * g.box_w / 2.0;
        let (colour, dash, _) = style(a.kind);
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(r#" stroke-dasharray="{dash}""#)
        };
        let _ = writeln!(
            s,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{colour}" stroke-width="1.6"{dash} marker-end="url(#head-{:?})"/>"#,
            a.kind
        );
        if a.kind == ArrowKind::Fork {
            continue;
        }
        // the label on the arrow, where it hides no box and no other label
        let w = a.label.chars().count() as f64 * 5.5 + 6.0;
        let at = |t: f64| (x1 + (x2 - x1) * t, y1 + (y2 - y1) * t);
        let mut spot = at(0.5);
        for t in [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.12, 0.88] {
            let (x, y) = at(t);
            let r = Rect {
                x: x - w / 2.0,
                y: y - 6.5,
                w,
                h: 12.0,
            };
            if !taken.iter().any(|o| o.overlaps(&r)) {
                spot = (x, y);
                break;
            }
        }
        let (x, y) = spot;
        taken.push(Rect {
            x: x - w / 2.0,
            y: y - 6.5,
            w,
            h: 12.0,
        });
        let _ = writeln!(
            labels,
            r#"<rect x="{:.1}" y="{:.1}" width="{w:.1}" height="12" rx="2" fill="white" fill-opacity="0.9"/><text x="{x:.1}" y="{:.1}" font-size="9" fill="{colour}" text-anchor="middle">{}</text>"#,
            x - w / 2.0,
            y - 6.5,
            y + 3.0,
            esc(&a.label)
        );
    }
    s.push_str(&labels);
    let _ = writeln!(
        s,
        r##"<text x="{MARGIN}" y="{:.1}" font-size="9" fill="#777">drawn by socklab diagram — time runs down; a row is a moment, not a fixed time</text>"##,
        height - 8.0
    );
    s.push_str("</svg>\n");
    s
}

/// The legend: one sample of each arrow, and the bar.
fn legend(s: &mut String) {
    let mut x = MARGIN;
    let mut y = 58.0;
    for kind in KINDS {
        let (colour, dash, text) = style(kind);
        let w = 30.0 + text.chars().count() as f64 * 5.5 + 14.0;
        if x + w > WIDTH - MARGIN {
            x = MARGIN;
            y += 14.0;
        }
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(r#" stroke-dasharray="{dash}""#)
        };
        let _ = writeln!(
            s,
            r#"<line x1="{x:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="1.6"{dash} marker-end="url(#head-{kind:?})"/><text x="{:.1}" y="{:.1}" font-size="9">{}</text>"#,
            y - 3.0,
            x + 24.0,
            y - 3.0,
            x + 29.0,
            y,
            esc(text)
        );
        x += w;
    }
    let text = "waiting in a call (from its start to its return)";
    let w = 20.0 + text.chars().count() as f64 * 5.5;
    if x + w > WIDTH - MARGIN {
        x = MARGIN;
        y += 14.0;
    }
    let _ = writeln!(
        s,
        r##"<rect x="{:.1}" y="{:.1}" width="8" height="11" fill="#c9ced6" stroke="#8a929c"/><text x="{:.1}" y="{y:.1}" font-size="9">{}</text>"##,
        x + 4.0,
        y - 9.0,
        x + 16.0,
        esc(text)
    );
}

/// A rectangle, for keeping labels off boxes and each other.
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }
}
