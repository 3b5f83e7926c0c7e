//! Reachability, computed at generation time, and the data shortest paths are found in.
//!
//! A table answering every `(from, to)` pair directly grows with the square of the states:
//! 100 million entries at 10,000 states. So the generator emits data that grows with the
//! graph instead:
//!
//! - **`can_reach`**: the strongly connected components of the state graph, numbered in the
//!   order Tarjan's algorithm completes them (a post-order of the component DAG), and for each
//!   component the set of components it reaches as a list of index intervals. Descendants in
//!   the DFS tree are numbered contiguously, so a lifecycle (a chain or tree of components,
//!   with a few cross edges) needs one or a few intervals per component. A lookup is two
//!   array reads and a scan of those intervals.
//! - **`path_to`**: every move of the graph, grouped by target state. A breadth-first search
//!   backwards from the target, over a fixed-size array on the stack (no allocation), finds a
//!   shortest path in time linear in the graph.
//!
//! A move is a transition to another state or a timeout that moves the machine. A return from
//! the fault state to where it came from (history) only goes back, so it is left out: it
//! would otherwise make every state reachable from every other through the fault state.

use std::collections::BTreeSet;

use machine_core::model::{Edge, EdgeKind, Model, Target};
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::Cx;
use crate::tokens::{index, repr};

/// How a move is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Via {
    /// An event (its index).
    Event(usize),
    /// The source state's `index`-th timeout expires.
    Timeout(usize),
}

/// One move of the state graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Move {
    from: usize,
    via: Via,
    to: usize,
}

/// The moves of `model`, in edge order (transitions in try order, then timeouts), without
/// history returns, self-moves and duplicates.
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
                    Via::Event(t.event.index())
                }
                EdgeKind::Timeout(i) => Via::Timeout(i),
            };
            let m = Move {
                from: from.index(),
                via,
                to: to.index(),
            };
            (m.from != m.to && seen.insert((m.from, m.to, m.via))).then_some(m)
        })
        .collect()
}

/// Reachability labels: each state's component, and each component's reachable components
/// as sorted, disjoint, inclusive intervals.
struct Labels {
    component: Vec<usize>,
    intervals: Vec<Vec<(usize, usize)>>,
}

fn labels(states: usize, moves: &[Move]) -> Labels {
    let mut graph = DiGraph::<(), ()>::with_capacity(states, moves.len());
    for _ in 0..states {
        graph.add_node(());
    }
    for m in moves {
        graph.add_edge(NodeIndex::new(m.from), NodeIndex::new(m.to), ());
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
        let (a, b) = (component[m.from], component[m.to]);
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
    Labels {
        component,
        intervals,
    }
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

/// The reachability and path part of the module.
pub fn emit(cx: &Cx) -> TokenStream {
    let model = cx.model;
    let n = model.states.len();
    let moves = moves(model);
    let labels = labels(n, &moves);

    let components = labels.component.iter().map(|&c| index(c));
    let mut reach_starts = vec![index(0)];
    let mut at = 0;
    for list in &labels.intervals {
        at += list.len();
        reach_starts.push(index(at));
    }
    let reach = labels.intervals.iter().flatten().map(|&(lo, hi)| {
        let (lo, hi) = (index(lo), index(hi));
        quote! { (#lo, #hi) }
    });

    let mut into: Vec<Move> = moves.clone();
    // Grouped by target; the stable sort keeps edge order within a target.
    into.sort_by_key(|m| m.to);
    let mut into_starts = Vec::with_capacity(n + 1);
    let mut at = 0;
    for state in 0..n {
        into_starts.push(index(at));
        at += into[at..].iter().take_while(|m| m.to == state).count();
    }
    into_starts.push(index(at));
    let state = |i: usize| cx.state(machine_core::model::StateId(u32::try_from(i).unwrap_or(0)));
    let into_rows = into.iter().map(|m| {
        let from = state(m.from);
        let to = state(m.to);
        let via = match m.via {
            Via::Event(e) => {
                let e = cx.event(machine_core::model::EventId(u32::try_from(e).unwrap_or(0)));
                quote! { Via::Event(#e) }
            }
            Via::Timeout(i) => {
                let i = index(i);
                quote! { Via::Timeout(#i) }
            }
        };
        quote! { Move { from: #from, via: #via, to: #to } }
    });
    let count = index(n);
    // One more than the moves, so that `MAX` never is a move's index.
    let link = repr(into.len() + 1);
    let none = quote! { #link::MAX };
    let follow = if link == "u32" {
        quote! { |&link| usize::try_from(link).ok().and_then(|index| MOVES_INTO.get(index)) }
    } else {
        quote! { |&link| MOVES_INTO.get(usize::from(link)) }
    };

    quote! {
        /// How a [`Move`] is made.
        #[derive(
            ::core::clone::Clone,
            ::core::marker::Copy,
            ::core::cmp::PartialEq,
            ::core::cmp::Eq,
            ::core::hash::Hash,
            ::core::fmt::Debug,
        )]
        pub enum Via {
            /// By firing this event.
            Event(Event),
            /// By the expiry of the source state's timeout at this index of
            /// [`State::timeouts`].
            Timeout(usize),
        }

        /// One move of the state graph: from a state, by an event or a timeout, to another.
        #[derive(
            ::core::clone::Clone,
            ::core::marker::Copy,
            ::core::cmp::PartialEq,
            ::core::cmp::Eq,
            ::core::hash::Hash,
            ::core::fmt::Debug,
        )]
        pub struct Move {
            /// The state before.
            pub from: State,
            /// How.
            pub via: Via,
            /// The state after.
            pub to: State,
        }

        impl Move {
            /// The timeout that makes this move, when it is made by a timeout.
            #[must_use]
            pub fn timeout(&self) -> ::core::option::Option<&'static Timeout> {
                match self.via {
                    Via::Timeout(index) => self.from.timeouts().get(index),
                    Via::Event(_) => ::core::option::Option::None,
                }
            }
        }

        /// Each state's strongly connected component, numbered so that a component's
        /// successors have lower numbers (Tarjan's completion order).
        const STATE_COMPONENTS: &[usize] = &[#(#components),*];
        /// Where each component's intervals start in `REACH` (one more entry than components).
        const REACH_STARTS: &[usize] = &[#(#reach_starts),*];
        /// Per component, the components it reaches (itself included), as inclusive intervals.
        const REACH: &[(usize, usize)] = &[#(#reach),*];
        /// Every move of the graph, grouped by target state.
        const MOVES_INTO: &[Move] = &[#(#into_rows),*];
        /// Where each state's incoming moves start in `MOVES_INTO`.
        const MOVES_INTO_STARTS: &[usize] = &[#(#into_starts),*];

        impl State {
            /// Whether the machine can get from this state to `to` by transitions and timeouts
            /// (guards aside; every state reaches itself). A return from the fault state to
            /// where it came from only goes back, so it adds nothing here.
            ///
            /// Computed at generation time: the state graph's strongly connected components,
            /// and for each component the components it reaches as a few index intervals, so
            /// the data grows with the graph and not with the square of the states. A lookup
            /// is two array reads and a scan of one component's intervals.
            #[must_use]
            pub fn can_reach(self, to: State) -> bool {
                match (
                    STATE_COMPONENTS.get(self as usize),
                    STATE_COMPONENTS.get(to as usize),
                ) {
                    (::core::option::Option::Some(&from), ::core::option::Option::Some(&target)) => {
                        range(REACH, REACH_STARTS, from)
                            .iter()
                            .any(|&(low, high)| low <= target && target <= high)
                    }
                    _ => false,
                }
            }

            /// A shortest path of moves from this state to `to`: `None` when `to` cannot be
            /// reached, an empty path when `to` is this state. A status poller uses it to name
            /// the states skipped between two polls. Among shortest paths, the one found
            /// first in table order is returned, so the answer is always the same.
            ///
            /// The moves are data computed at generation time, grouped by target state; a
            /// breadth-first search backwards from `to` runs over a fixed-size array on the
            /// stack (one entry per state): no allocation, linear time. A table of every pair
            /// would grow with the square of the states.
            #[must_use]
            pub fn path_to(self, to: State) -> ::core::option::Option<Path> {
                if !self.can_reach(to) {
                    return ::core::option::Option::None;
                }
                let mut next = [#none; #count];
                let mut queue = [to; #count];
                let mut head = 0;
                let mut tail = 1;
                while let ::core::option::Option::Some(&state) = queue.get(head).filter(|_| head < tail) {
                    head += 1;
                    if state == self {
                        break;
                    }
                    let start = MOVES_INTO_STARTS.get(state as usize).copied().unwrap_or(0);
                    for (offset, step) in range(MOVES_INTO, MOVES_INTO_STARTS, state as usize).iter().enumerate() {
                        let source = step.from as usize;
                        let unseen = step.from != to && next.get(source) == ::core::option::Option::Some(&#none);
                        if let (true, ::core::option::Option::Some(link), ::core::result::Result::Ok(index)) =
                            (unseen, next.get_mut(source), #link::try_from(start + offset))
                        {
                            *link = index;
                            if let ::core::option::Option::Some(slot) = queue.get_mut(tail) {
                                *slot = step.from;
                                tail += 1;
                            }
                        }
                    }
                }
                let mut len = 0;
                let mut at = self;
                while at != to {
                    let step = next
                        .get(at as usize)
                        .and_then(#follow)?;
                    at = step.to;
                    len += 1;
                }
                ::core::option::Option::Some(Path { next, at: self, to, len })
            }
        }

        /// A shortest path between two states, as an iterator of [`Move`]s (see
        /// [`State::path_to`]).
        #[derive(::core::clone::Clone)]
        pub struct Path {
            /// Per state, the first move of a shortest path to `to` (an index of `MOVES_INTO`).
            next: [#link; #count],
            at: State,
            to: State,
            len: usize,
        }

        impl Path {
            /// Where the rest of the path starts.
            #[must_use]
            pub const fn at(&self) -> State {
                self.at
            }

            /// Where the path ends.
            #[must_use]
            pub const fn to(&self) -> State {
                self.to
            }

            /// How many moves are left.
            #[must_use]
            pub const fn len(&self) -> usize {
                self.len
            }

            /// Whether no move is left.
            #[must_use]
            pub const fn is_empty(&self) -> bool {
                self.len == 0
            }
        }

        impl ::core::iter::Iterator for Path {
            type Item = Move;

            fn next(&mut self) -> ::core::option::Option<Move> {
                if self.len == 0 {
                    return ::core::option::Option::None;
                }
                let step = *self
                    .next
                    .get(self.at as usize)
                    .and_then(#follow)?;
                self.at = step.to;
                self.len -= 1;
                ::core::option::Option::Some(step)
            }

            fn size_hint(&self) -> (usize, ::core::option::Option<usize>) {
                (self.len, ::core::option::Option::Some(self.len))
            }
        }

        impl ::core::iter::ExactSizeIterator for Path {}

        impl ::core::iter::FusedIterator for Path {}

        impl ::core::fmt::Debug for Path {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct("Path")
                    .field("from", &self.at)
                    .field("to", &self.to)
                    .field("len", &self.len)
                    .finish_non_exhaustive()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                from: i,
                via: Via::Event(0),
                to: i + 1,
            })
            .collect();
        let labels = labels(10, &moves);
        assert!(labels.intervals.iter().all(|l| l.len() == 1));
        let c0 = labels.component[0];
        let c9 = labels.component[9];
        assert!(
            labels.intervals[c0]
                .iter()
                .any(|&(lo, hi)| lo <= c9 && c9 <= hi)
        );
        assert!(
            !labels.intervals[c9]
                .iter()
                .any(|&(lo, hi)| lo <= c0 && c0 <= hi)
        );
    }
}
