//! Where things go: a column per lane (a child right of its parent), a
//! row per moment.
//!
//! Each event is a box at the row of its start; a blocking call that
//! waited while another process did something gets a second box, at the
//! row where it returned, and a bar between the two. The rows follow the
//! trace's times (or line order), corrected so that no arrow points
//! upward: a `read` returns after the `write` that fed it, an `accept`
//! after its `connect`, a child starts after its `fork` (socklab's own
//! trace mode prints each call when it returns, so its `accept` can come
//! before the `connect` it waited for). Moments of different processes
//! that need not follow each other share a row.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::model::{ArrowKind, Conversation};

/// One box: an event's start, or where a blocked call returned.
#[derive(Clone, Copy, Debug)]
pub struct Node {
    /// The event.
    pub event: usize,
    /// The return of a blocked call (its second box).
    pub is_end: bool,
    /// Its row.
    pub row: usize,
}

/// The result: columns, rows and the boxes.
pub struct Layout {
    /// Lanes left to right.
    pub columns: Vec<usize>,
    /// Each lane's column.
    pub column_of: Vec<usize>,
    /// The boxes.
    pub nodes: Vec<Node>,
    /// Each event's start box.
    pub start_node: Vec<usize>,
    /// Each event's return box (its start box when it did not wait).
    pub end_node: Vec<usize>,
    /// How many rows.
    pub rows: usize,
    /// Each lane's first and last row.
    pub span: Vec<(usize, usize)>,
}

/// A float's order as an integer (the priorities are finite).
fn key(f: f64) -> u64 {
    let b = f.to_bits();
    if b >> 63 == 1 { !b } else { b | 1 << 63 }
}

/// Lays out a conversation.
pub fn layout(conv: &Conversation) -> Layout {
    let n_ev = conv.events.len();
    // columns: depth first, a child right after its parent
    let mut columns = Vec::new();
    let mut todo: Vec<usize> = (0..conv.lanes.len())
        .filter(|&l| conv.lanes[l].parent.is_none())
        .rev()
        .collect();
    while let Some(l) = todo.pop() {
        columns.push(l);
        let mut kids: Vec<usize> = (0..conv.lanes.len())
            .filter(|&k| conv.lanes[k].parent == Some(l))
            .collect();
        kids.sort_by_key(|&k| conv.lanes[k].forked_by);
        todo.extend(kids.into_iter().rev());
    }
    let mut column_of = vec![0; conv.lanes.len()];
    for (c, &l) in columns.iter().enumerate() {
        column_of[l] = c;
    }

    // which blocking calls waited while another process acted
    let mut starts: Vec<(f64, usize)> = conv.events.iter().map(|e| (e.start, e.lane)).collect();
    starts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let waited = |i: usize| -> bool {
        let e = &conv.events[i];
        if !e.blocking {
            return false;
        }
        if e.unfinished {
            return true;
        }
        let from = starts.partition_point(|s| s.0 <= e.start);
        starts[from..]
            .iter()
            .take_while(|s| s.0 < e.end)
            .any(|s| s.1 != e.lane)
    };

    // the boxes, each lane's in order, and their priorities
    let mut nodes = Vec::new();
    let mut prio = Vec::new();
    let mut start_node = vec![0; n_ev];
    let mut end_node = vec![0; n_ev];
    for (i, e) in conv.events.iter().enumerate() {
        start_node[i] = nodes.len();
        end_node[i] = nodes.len();
        nodes.push(Node {
            event: i,
            is_end: false,
            row: 0,
        });
        prio.push(e.start);
        if waited(i) {
            end_node[i] = nodes.len();
            nodes.push(Node {
                event: i,
                is_end: true,
                row: 0,
            });
            prio.push(if e.unfinished { f64::MAX } else { e.end });
        }
    }
    let lane_of = |n: usize| conv.events[nodes[n].event].lane;

    // edges: lane order, arrows, forks
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let mut indeg = vec![0usize; nodes.len()];
    let mut last_in_lane: Vec<Option<usize>> = vec![None; conv.lanes.len()];
    let mut lane_nodes: Vec<Vec<usize>> = vec![Vec::new(); conv.lanes.len()];
    for (n, deg) in indeg.iter_mut().enumerate() {
        let l = lane_of(n);
        if let Some(p) = last_in_lane[l] {
            succ[p].push(n);
            *deg += 1;
        }
        last_in_lane[l] = Some(n);
        lane_nodes[l].push(n);
    }
    for &(before, after) in &conv.orders {
        let (from, to) = (end_node[before], start_node[after]);
        if lane_of(from) != lane_of(to) {
            succ[from].push(to);
            indeg[to] += 1;
        }
    }
    for a in &conv.arrows {
        let from = start_node[a.from];
        let to = if a.kind == ArrowKind::Fork {
            start_node[a.to]
        } else {
            end_node[a.to]
        };
        if lane_of(from) != lane_of(to) {
            succ[from].push(to);
            indeg[to] += 1;
        }
    }

    // topological order, by priority where free to choose
    let mut placed = vec![false; nodes.len()];
    let mut order = Vec::with_capacity(nodes.len());
    let mut heap = BinaryHeap::new();
    let push = |heap: &mut BinaryHeap<_>, n: usize| {
        heap.push(Reverse((key(prio[n]), column_of[lane_of(n)], n)));
    };
    for (n, deg) in indeg.iter().enumerate() {
        if *deg == 0 {
            push(&mut heap, n);
        }
    }
    let mut next_in_lane = vec![0usize; conv.lanes.len()];
    while order.len() < nodes.len() {
        let n = match heap.pop() {
            Some(Reverse((_, _, n))) if !placed[n] => n,
            Some(_) => continue,
            None => {
                // a cycle (arrows matched wrongly): take the earliest lane head
                let Some(n) = (0..conv.lanes.len())
                    .filter_map(|l| lane_nodes[l].get(next_in_lane[l]).copied())
                    .min_by(|a, b| prio[*a].total_cmp(&prio[*b]))
                else {
                    break;
                };
                n
            }
        };
        placed[n] = true;
        next_in_lane[lane_of(n)] += 1;
        order.push(n);
        for &s in &succ[n] {
            indeg[s] = indeg[s].saturating_sub(1);
            if indeg[s] == 0 && !placed[s] {
                push(&mut heap, s);
            }
        }
    }

    // rows: consecutive boxes share a row when they are in different
    // lanes and none waits for another in it
    let mut row_of = vec![0usize; nodes.len()];
    let mut row = 0;
    let mut in_row: Vec<usize> = Vec::new();
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (n, ss) in succ.iter().enumerate() {
        for &s in ss {
            preds[s].push(n);
        }
    }
    for (k, &n) in order.iter().enumerate() {
        let clash = in_row
            .iter()
            .any(|&m| lane_of(m) == lane_of(n) || preds[n].contains(&m));
        // a child's header takes the fork's row in the child's column
        let header_clash = conv.lanes.iter().enumerate().any(|(l, lane)| {
            l == lane_of(n)
                && lane
                    .forked_by
                    .is_some_and(|f| in_row.contains(&start_node[f]))
        });
        if k > 0 && (clash || header_clash) {
            row += 1;
            in_row.clear();
        }
        row_of[n] = row;
        in_row.push(n);
    }
    for (n, node) in nodes.iter_mut().enumerate() {
        node.row = row_of[n];
    }
    let rows = if nodes.is_empty() { 0 } else { row + 1 };
    let span = (0..conv.lanes.len())
        .map(|l| {
            let rs = lane_nodes[l].iter().map(|&n| row_of[n]);
            let first = rs.clone().min().unwrap_or(0);
            let last = rs.max().unwrap_or(0);
            match conv.lanes[l].forked_by {
                Some(f) => (row_of[start_node[f]], last),
                None => (first, last),
            }
        })
        .collect();
    Layout {
        columns,
        column_of,
        nodes,
        start_node,
        end_node,
        rows,
        span,
    }
}
