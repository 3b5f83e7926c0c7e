//! What is derived from a model's facts, built in one place ([`Model::indexed`]) so that no
//! caller can forget one index or build it differently.

use super::{Model, StateId, TimerId, TransitionId};

/// The derived indices of a [`Model`]. Private to the model: read them through its queries
/// (`transitions_from`, `timers_in`, `children`, `depth`).
#[derive(Clone, Debug, Default)]
pub struct Index {
    /// For each state, its outgoing transitions in try order.
    pub(super) outgoing: Vec<Vec<TransitionId>>,
    /// For each state, the timers whose clocks run while the machine is in it, in
    /// [`TimerId`] order.
    pub(super) running: Vec<Vec<TimerId>>,
    /// The children of the root, in spec order.
    pub(super) roots: Vec<StateId>,
    /// For each state, its children in spec order.
    pub(super) children: Vec<Vec<StateId>>,
    /// For each state, its depth (1 for a child of the root).
    pub(super) depth: Vec<usize>,
    /// For each pair of named durations, whether the first is declared shorter than the
    /// second ([`super::shorter_closure`]).
    pub(super) shorter: Vec<Vec<bool>>,
}

impl Model {
    /// The model with every derived index built anew from its facts: the outgoing
    /// transitions of each state, the timers that run in each, and the tree (children,
    /// depths). The lowering calls it once; a caller that changes a model's facts (the code
    /// generator's skeleton of a spec with errors) calls it again.
    #[must_use]
    pub fn indexed(mut self) -> Self {
        let states = self.states.len();
        let mut outgoing = vec![Vec::new(); states];
        for (index, t) in self.transitions.iter().enumerate() {
            outgoing[t.from.index()].push(TransitionId::from_index(index));
        }
        let mut running = vec![Vec::new(); states];
        for (index, timer) in self.timers.iter().enumerate() {
            for state in timer.states() {
                running[state.index()].push(TimerId::from_index(index));
            }
        }
        // A timer of a compound state runs in every state inside it (rule S18): states come
        // in document order, each after its parent.
        for index in 0..states {
            if let Some(parent) = self.states[index].parent {
                let inherited = running[parent.index()].clone();
                let own = &mut running[index];
                own.extend(inherited);
                own.sort_unstable();
                own.dedup();
            }
        }
        let mut roots = Vec::new();
        let mut children = vec![Vec::new(); states];
        for (index, state) in self.states.iter().enumerate() {
            let id = StateId::from_index(index);
            match state.parent {
                None => roots.push(id),
                Some(parent) => children[parent.index()].push(id),
            }
        }
        let mut depth = vec![0; states];
        let mut level: Vec<StateId> = roots.clone();
        let mut at = 1;
        while !level.is_empty() {
            for state in &level {
                depth[state.index()] = at;
            }
            level = level
                .iter()
                .flat_map(|s| children[s.index()].iter().copied())
                .collect();
            at += 1;
        }
        self.index = Index {
            outgoing,
            running,
            roots,
            children,
            depth,
            shorter: super::shorter_closure(&self.durations),
        };
        self
    }
}
