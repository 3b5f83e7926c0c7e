//! Reachability of the state graph, as typed data: computed once per model (in
//! [`crate::context::Context`]) and emitted by `emit/reach.rs`. Nothing here knows about tokens.
//!
//! A table answering every `(from, to)` pair directly grows with the square of the states:
//! 100 million entries at 10,000 states. So the analysis keeps data that grows with the graph
//! instead:
//!
//! - **components**: the strongly connected components of the state graph, numbered in the
//!   order Tarjan's algorithm completes them (a post-order of the component DAG), and for each
//!   component the set of components it reaches as a list of index intervals. Descendants in
//!   the DFS tree are numbered contiguously, so a lifecycle (a chain or tree of components,
//!   with a few cross edges) needs one or a few intervals per component. The emitted
//!   `can_reach` is two array reads and a scan of those intervals.
//! - **moves**: every move of the graph. The emitted `path_to` groups them by target state and
//!   searches backwards from the target, breadth first, over a fixed-size array on the stack.
//!
//! A move is a transition to another state or a timeout that moves the machine. A return from
//! the fault state to where it came from (history) only goes back, so it is left out: it
//! would otherwise make every state reachable from every other through the fault state.

use std::collections::BTreeSet;

use machine_core::model::{Edge, EdgeKind, Model, StateId, Target, TimerId, Trigger};
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

/// How a move is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Via {
    /// By a transition with this trigger: an event, or none (eventless, completion).
    Transition(Trigger),
    /// By the expiry of this timer (one of the source state's timeouts, or a timer that spans
    /// a set holding it).
    Timer(TimerId),
}

/// One move of the state graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Move {
    /// The state before.
    pub from: StateId,
    /// How.
    pub via: Via,
    /// The state after (never `from`).
    pub to: StateId,
}

/// The reachability analysis of a model.
pub struct Reach {
    /// Every move, in edge order (transitions in try order, then timeouts), without history
    /// returns, self-moves and duplicates.
    pub moves: Vec<Move>,
    /// Per state, by [`StateId::index`]: the number of its strongly connected component.
    /// Component numbers are positions in [`Reach::intervals`], not model ids: a component's
    /// successors have lower numbers.
    pub component: Vec<usize>,
    /// Per component: the components it reaches (itself included), as sorted, disjoint,
    /// inclusive intervals of component numbers.
    pub intervals: Vec<Vec<(usize, usize)>>,
}

impl Reach {
    /// The analysis of `model`'s state graph.
    pub fn new(model: &Model) -> Reach {
        let moves = moves(model);
        let (component, intervals) = components(model.states.len(), &moves);
        Reach {
            moves,
            component,
            intervals,
        }
    }
}

/// The moves of `model` (see [`Reach::moves`]).
fn moves(model: &Model) -> Vec<Move> {
    let mut seen = BTreeSet::new();
    model
        .edges()
        .into_iter()
        .filter_map(|Edge { from, to, kind }| {
            let via = match kind {
                EdgeKind::Transition(t) => {
                    let t = model.transition(t);
                    if t.target == Target::History {
                        return None;
                    }
                    Via::Transition(t.trigger)
                }
                EdgeKind::Timer(timer) => Via::Timer(timer),
            };
            let m = Move { from, via, to };
            (m.from != m.to && seen.insert((m.from, m.to, m.via))).then_some(m)
        })
        .collect()
}

/// Each state's component and each component's reachable components (see [`Reach`]).
fn components(states: usize, moves: &[Move]) -> (Vec<usize>, Vec<Vec<(usize, usize)>>) {
    let mut graph = DiGraph::<(), ()>::with_capacity(states, moves.len());
    for _ in 0..states {
        graph.add_node(());
    }
    for m in moves {
        graph.add_edge(
            NodeIndex::new(m.from.index()),
            NodeIndex::new(m.to.index()),
            (),
        );
    }
    // Tarjan completes a component after every component it reaches: successors come first.
    let sccs = tarjan_scc(&graph);
    let mut component = vec![0; states];
    for (c, scc) in sccs.iter().enumerate() {
        for n in scc {
            component[n.index()] = c;
        }
    }
    let mut successors: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); sccs.len()];
    for m in moves {
        let (a, b) = (component[m.from.index()], component[m.to.index()]);
        if a != b {
            successors[a].insert(b);
        }
    }
    let mut intervals: Vec<Vec<(usize, usize)>> = Vec::with_capacity(sccs.len());
    for (c, succ) in successors.iter().enumerate() {
        let mut all = vec![(c, c)];
        for &s in succ {
            all.extend_from_slice(&intervals[s]);
        }
        intervals.push(merge(all));
    }
    (component, intervals)
}

/// Sorts intervals and merges overlapping or adjacent ones.
fn merge(mut all: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    all.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(all.len());
    for (lo, hi) in all {
        match merged.last_mut() {
            Some(last) if lo <= last.1 + 1 => last.1 = last.1.max(hi),
            _ => merged.push((lo, hi)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use machine_core::model::EventId;

    #[test]
    fn intervals_merge_when_they_touch() {
        assert_eq!(
            merge(vec![(3, 3), (0, 1), (2, 2), (5, 6)]),
            vec![(0, 3), (5, 6)]
        );
    }

    #[test]
    fn a_chain_needs_one_interval_per_component() {
        let moves: Vec<Move> = (0..9)
            .map(|i| Move {
                from: StateId::from_index(i),
                via: Via::Transition(Trigger::Event(EventId(0))),
                to: StateId::from_index(i + 1),
            })
            .collect();
        let (component, intervals) = components(10, &moves);
        assert!(intervals.iter().all(|l| l.len() == 1));
        let c0 = component[0];
        let c9 = component[9];
        assert!(intervals[c0].iter().any(|&(lo, hi)| lo <= c9 && c9 <= hi));
        assert!(!intervals[c9].iter().any(|&(lo, hi)| lo <= c0 && c0 <= hi));
    }
}
