//! The states as a tree. The root is the lifecycle itself (it has no [`StateId`]); a state's
//! [`State::parent`](super::State::parent) is `None` when it is a child of the root. A state
//! with children is a compound state; the machine is always in one state without children
//! (an atomic state) and in each of its ancestors. The queries below are what the rest of the
//! pipeline asks of the tree.

use super::{Model, State, StateId};

impl State {
    /// Whether it is one of the lifecycle's working states: neither final nor the fault
    /// state. These are the states `from: "*"` stands for and the states the fault state is
    /// entered from: together they are the part of the tree that a fault interrupts and a
    /// resolution returns to.
    pub fn is_working(&self) -> bool {
        !self.is_final && !self.is_fault
    }
}

impl Model {
    /// The parent of `state`; `None` for a child of the root.
    pub fn parent(&self, state: StateId) -> Option<StateId> {
        self.state(state).parent
    }

    /// The children of `parent` (`None`: of the root), in spec order.
    pub fn children(&self, parent: Option<StateId>) -> &[StateId] {
        match parent {
            None => &self.index.roots,
            Some(state) => &self.index.children[state.index()],
        }
    }

    /// How deep `state` sits: 1 for a child of the root.
    pub fn depth(&self, state: StateId) -> usize {
        self.index.depth[state.index()]
    }

    /// `state`'s proper ancestors, from its parent up to the last before the root.
    pub fn ancestors(&self, state: StateId) -> impl Iterator<Item = StateId> + '_ {
        std::iter::successors(self.parent(state), move |&s| self.parent(s))
    }

    /// Whether `state` is `ancestor` or lies inside it.
    pub fn is_within(&self, state: StateId, ancestor: StateId) -> bool {
        state == ancestor || self.ancestors(state).any(|a| a == ancestor)
    }

    /// The working states ([`State::is_working`]), in state order.
    pub fn working_states(&self) -> impl Iterator<Item = StateId> + '_ {
        self.state_ids().filter(|&s| self.state(s).is_working())
    }
}

impl Model {
    /// Whether `state` has states inside it (a compound state).
    pub fn is_compound(&self, state: StateId) -> bool {
        !self.children(Some(state)).is_empty()
    }

    /// Whether the spec nests states (some state is compound).
    pub fn is_nested(&self) -> bool {
        self.state_ids().any(|s| self.parent(s).is_some())
    }

    /// Rule S17: the state without children the machine is in after entering `state`:
    /// `state` itself, or, for a compound state, what entering its `initial:` child gives.
    pub fn descend(&self, state: StateId) -> StateId {
        let mut at = state;
        while let Some(initial) = self.state(at).initial {
            at = initial;
        }
        at
    }

    /// `state`, then its ancestors outwards: the states a machine in `state` is in.
    pub fn self_and_ancestors(&self, state: StateId) -> impl Iterator<Item = StateId> + '_ {
        std::iter::once(state).chain(self.ancestors(state))
    }
}

impl Model {
    /// The states without children inside `state` (or `state` itself when it has none), in
    /// document order: the states a machine "in `state`" can be in.
    pub fn atoms_within(&self, state: StateId) -> impl Iterator<Item = StateId> + '_ {
        // The states inside `state` follow it in document order, up to its next sibling.
        self.state_ids()
            .skip(state.index())
            .take_while(move |&s| self.is_within(s, state))
            .filter(move |&s| !self.is_compound(s))
    }

    /// The final states directly inside `state` (rule S20: entering one completes it).
    pub fn final_children(&self, state: StateId) -> impl Iterator<Item = StateId> + '_ {
        self.children(Some(state))
            .iter()
            .copied()
            .filter(|&s| self.state(s).is_final)
    }

    /// Whether the spec has automatic transitions: eventless or completion ones (rules S20
    /// and S21).
    pub fn has_automatic(&self) -> bool {
        self.transitions.iter().any(|t| t.trigger.is_automatic())
    }

    /// [`Model::edges`] as the machine moves: an edge written on a compound state leaves
    /// from every state without children inside it (rule S16), and one that goes to a
    /// compound state arrives where entering it leads (rule S17). In a flat spec these are
    /// the edges themselves, in the same order.
    pub fn atomic_edges(&self) -> Vec<super::Edge> {
        let edges = self.edges();
        if !self.is_nested() {
            return edges;
        }
        // The states without children inside each state, in one pass over the tree.
        let mut atoms: Vec<Vec<StateId>> = vec![Vec::new(); self.states.len()];
        for atom in self.state_ids().filter(|&s| !self.is_compound(s)) {
            for around in self.self_and_ancestors(atom) {
                atoms[around.index()].push(atom);
            }
        }
        edges
            .into_iter()
            .flat_map(|edge| {
                let to = self.descend(edge.to);
                atoms[edge.from.index()]
                    .iter()
                    .map(move |&from| super::Edge {
                        from,
                        to,
                        kind: edge.kind,
                    })
            })
            .collect()
    }
}
