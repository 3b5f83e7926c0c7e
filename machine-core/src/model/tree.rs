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

    /// The state directly inside `ancestor` that holds `state` (`state` itself, when it is
    /// a child of `ancestor`); `None` when `state` does not lie strictly inside `ancestor`.
    /// For a parallel `ancestor`: the region `state` is in.
    pub fn child_holding(&self, state: StateId, ancestor: StateId) -> Option<StateId> {
        self.self_and_ancestors(state)
            .find(|&s| self.parent(s) == Some(ancestor))
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

    /// Whether `state` is a parallel state: its children are regions, all active at once
    /// (rule S22).
    pub fn is_parallel(&self, state: StateId) -> bool {
        self.state(state).parallel
    }

    /// Whether the spec has a parallel state.
    pub fn has_parallel(&self) -> bool {
        self.states.iter().any(|s| s.parallel)
    }

    /// The parallel states around `state`, innermost first (`state` itself included).
    pub fn parallel_around(&self, state: StateId) -> impl Iterator<Item = StateId> + '_ {
        self.self_and_ancestors(state)
            .filter(move |&s| self.is_parallel(s))
    }

    /// Rules S17 and S23: the states without children the machine is in after entering
    /// `state` from outside it: [`Model::descend`]'s one state, or, through a parallel
    /// state, the initial state of each of its regions, in document order.
    pub fn default_atoms(&self, state: StateId) -> Vec<StateId> {
        let mut atoms = Vec::new();
        self.push_default_atoms(state, &mut atoms);
        atoms
    }

    fn push_default_atoms(&self, state: StateId, atoms: &mut Vec<StateId>) {
        if self.is_parallel(state) {
            for &region in self.children(Some(state)) {
                self.push_default_atoms(region, atoms);
            }
        } else if let Some(initial) = self.state(state).initial {
            self.push_default_atoms(initial, atoms);
        } else {
            atoms.push(state);
        }
    }

    /// Rule S23: the configuration the machine is in after entering `targets` (states, each
    /// entered down to its defaults) from outside `domain` (`None`: the root), the other
    /// states of the machine being `kept` (atoms outside the domain, which stay): every
    /// parallel state entered on the way also enters each region that holds no target, at its
    /// initial state. The atoms, in document order.
    pub fn complete(
        &self,
        kept: &[StateId],
        domain: Option<StateId>,
        targets: &[StateId],
    ) -> Vec<StateId> {
        let mut atoms: Vec<StateId> = kept.to_vec();
        for &target in targets {
            for atom in self.default_atoms(target) {
                if !atoms.contains(&atom) {
                    atoms.push(atom);
                }
            }
        }
        // Regions of parallel states entered on the way (inside the domain) with no atom.
        loop {
            let missing = atoms.iter().find_map(|&atom| {
                self.ancestors(atom)
                    .take_while(|&a| Some(a) != domain)
                    .filter(|&p| self.is_parallel(p))
                    .find_map(|p| {
                        self.children(Some(p))
                            .iter()
                            .copied()
                            .find(|&r| !atoms.iter().any(|&x| self.is_within(x, r)))
                    })
            });
            match missing {
                Some(region) => atoms.extend(self.default_atoms(region)),
                None => break,
            }
        }
        atoms.sort_unstable();
        atoms
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
}
