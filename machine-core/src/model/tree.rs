//! The states as a tree. The root is the lifecycle itself (it has no [`StateId`]); a state's
//! [`State::parent`](super::State::parent) is `None` when it is a child of the root. Today
//! every state is a child of the root, the fault state among them; the queries below are what
//! the rest of the pipeline asks of the tree, so that nested states change their answers, not
//! their callers.

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
