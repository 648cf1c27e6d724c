//! The terminal's form: a column per process, a line per row, the arrows
//! numbered (`>3` where arrow 3 leaves, `<3` where it arrives) and listed
//! below.

use std::fmt::Write as _;

use super::layout::Layout;
use super::model::{ArrowKind, Conversation};
use super::svg::{box_text, fit, lane_title};

/// Each column's width, in characters.
const COL: usize = 34;

/// What an arrow kind is called in the list.
fn kind_name(kind: ArrowKind) -> &'static str {
    match kind {
        ArrowKind::Connect => "connect → accept",
        ArrowKind::Data => "write → read",
        ArrowKind::Fin => "close → read = 0",
        ArrowKind::Datagram => "sendto → recvfrom",
        ArrowKind::Fork => "fork",
        ArrowKind::Signal => "exit → SIGCHLD",
    }
}

/// Draws the conversation as text.
pub fn render(conv: &Conversation, lay: &Layout, title: &str, sources: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{title}");
    let _ = writeln!(out, "{sources}");
    let _ = writeln!(out);
    // headers
    let mut head = String::from("     ");
    let mut sub = String::from("     ");
    for &lane in &lay.columns {
        let (name, pid) = lane_title(conv, lane);
        let _ = write!(head, "{:<COL$}", fit(&name, COL - 2));
        let _ = write!(sub, "{:<COL$}", fit(&pid, COL - 2));
    }
    let _ = writeln!(out, "{}", head.trim_end());
    let _ = writeln!(out, "{}", sub.trim_end());
    let _ = writeln!(out, "     {}", "-".repeat(COL * lay.columns.len() - 2));

    // arrow numbers, by the row they leave from
    let mut arrows: Vec<usize> = (0..conv.arrows.len()).collect();
    arrows.sort_by_key(|&a| lay.nodes[lay.start_node[conv.arrows[a].from]].row);
    let mut marks: Vec<Vec<String>> = vec![Vec::new(); lay.nodes.len()];
    for (k, &a) in arrows.iter().enumerate() {
        let arrow = &conv.arrows[a];
        marks[lay.start_node[arrow.from]].push(format!(">{}", k + 1));
        let to = if arrow.kind == ArrowKind::Fork {
            lay.start_node[arrow.to]
        } else {
            lay.end_node[arrow.to]
        };
        marks[to].push(format!("<{}", k + 1));
    }

    let mut cells: Vec<Vec<String>> = vec![vec![String::new(); lay.columns.len()]; lay.rows];
    for (k, n) in lay.nodes.iter().enumerate() {
        let col = lay.column_of[conv.events[n.event].lane];
        let (label, _) = box_text(conv, lay, k);
        let m = marks[k].join(" ");
        let room = COL
            - 2
            - if m.is_empty() {
                0
            } else {
                m.chars().count() + 1
            };
        let text = if m.is_empty() {
            fit(&label, room)
        } else {
            format!("{} {m}", fit(&label, room))
        };
        cells[n.row][col] = text;
    }
    // bars and lifelines where a column has no box
    for (i, e) in conv.events.iter().enumerate() {
        let (a, b) = (lay.start_node[i], lay.end_node[i]);
        if a != b {
            let col = lay.column_of[e.lane];
            let (from, to) = (lay.nodes[a].row + 1, lay.nodes[b].row);
            for row in cells.iter_mut().take(to).skip(from) {
                row[col] = "|  (waiting)".into();
            }
        }
    }
    for (col, &lane) in lay.columns.iter().enumerate() {
        let (first, last) = lay.span[lane];
        for row in cells.iter_mut().take(last + 1).skip(first) {
            if row[col].is_empty() {
                row[col] = ":".into();
            }
        }
    }
    for (r, row) in cells.iter().enumerate() {
        let mut line = format!("{:>3}  ", r + 1);
        for cell in row {
            let pad = COL.saturating_sub(cell.chars().count());
            line.push_str(cell);
            line.push_str(&" ".repeat(pad));
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }

    let _ = writeln!(out);
    let _ = writeln!(out, "arrows (>N leaves, <N arrives):");
    for (k, &a) in arrows.iter().enumerate() {
        let arrow = &conv.arrows[a];
        let from = &conv.events[arrow.from];
        let to = &conv.events[arrow.to];
        let from_lane = lane_title(conv, from.lane).0;
        let to_lane = lane_title(conv, to.lane).0;
        let what = if arrow.kind == ArrowKind::Fork {
            "(starts)".to_string()
        } else {
            to.label.clone()
        };
        let _ = writeln!(
            out,
            "{:>3}  {:<17} {}: {}  ->  {}: {}{}",
            k + 1,
            kind_name(arrow.kind),
            from_lane,
            from.label,
            to_lane,
            what,
            if arrow.kind == ArrowKind::Data || arrow.kind == ArrowKind::Datagram {
                format!("  ({})", arrow.label)
            } else {
                String::new()
            }
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "'|  (waiting)': blocked in the call above; ':' the process, idle; time runs down."
    );
    out
}
