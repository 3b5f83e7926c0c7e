//! The timers of a model, by their one identity, [`TimerId`]: a state's timeouts and the
//! timers that span a set of states are entries of one list, [`Model::timers`], numbered
//! once, when the spec is lowered. Everything downstream (the interpreter, the generated
//! `Timer` enum, the test paths, the diagrams, the exports) names a timer by its id.

use super::{Expiry, Model, Scope, StateId, Target, Timer, TimerId};

impl Timer {
    /// The states across which its clock runs: its state, for a state's timeout; the set, for
    /// a timer under `timers:`.
    pub fn states(&self) -> &[StateId] {
        match &self.scope {
            Scope::State { state, .. } => std::slice::from_ref(state),
            Scope::Set(states) => states,
        }
    }

    /// The state whose timeout it is; `None` for a timer that spans a set of states.
    pub fn state(&self) -> Option<StateId> {
        match self.scope {
            Scope::State { state, .. } => Some(state),
            Scope::Set(_) => None,
        }
    }

    /// Whether it is a timer that spans a set of states (`timers:`, rule S14).
    pub fn is_spanning(&self) -> bool {
        matches!(self.scope, Scope::Set(_))
    }
}

impl Model {
    /// The timer with this id.
    pub fn timer(&self, id: TimerId) -> &Timer {
        &self.timers[id.index()]
    }

    /// Every timer with its id, in [`TimerId`] order.
    pub fn timers_with_ids(&self) -> impl Iterator<Item = (TimerId, &Timer)> {
        self.timers
            .iter()
            .enumerate()
            .map(|(i, t)| (TimerId::from_index(i), t))
    }

    /// The id of the first timer that spans a set of states: every state's timeout is
    /// numbered before it, every spanning timer from it on (one past the last timer when there
    /// is none).
    pub fn first_spanning(&self) -> usize {
        self.timers.iter().take_while(|t| !t.is_spanning()).count()
    }

    /// The timers that span a set of states, with their ids, in [`TimerId`] order (after
    /// every state's timeouts).
    pub fn spanning_timers(&self) -> impl Iterator<Item = (TimerId, &Timer)> {
        self.timers_with_ids().filter(|(_, t)| t.is_spanning())
    }

    /// The timers whose clocks run while the machine is in `state`, in [`TimerId`] order:
    /// the state's own timeouts, then the timers that span a set holding it.
    pub fn timers_in(&self, state: StateId) -> impl Iterator<Item = (TimerId, &Timer)> {
        self.index.running[state.index()]
            .iter()
            .map(|&id| (id, self.timer(id)))
    }

    /// The timers whose clocks run while the machine is in every one of `atoms` (a
    /// configuration, rule S22): those of each atomic state, of the states around it and of
    /// the sets that hold them, each once, in [`TimerId`] order. [`Model::timers_in`] for one.
    pub fn timers_in_all(&self, atoms: &[StateId]) -> Vec<(TimerId, &Timer)> {
        let mut ids: Vec<TimerId> = atoms
            .iter()
            .flat_map(|&a| self.index.running[a.index()].iter().copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(|id| (id, self.timer(id))).collect()
    }

    /// The timeouts of `state` alone, without the timers that span a set holding it, in
    /// [`TimerId`] order.
    pub fn own_timers_in(&self, state: StateId) -> impl Iterator<Item = (TimerId, &Timer)> {
        self.state(state)
            .timeouts
            .iter()
            .map(|&id| (id, self.timer(id)))
    }
}

impl Expiry {
    /// Where the expiry moves the machine, as a transition's target names it: a state or a
    /// history state (rule S7 enters it as a transition does); `None` for `end` and `notify`.
    pub fn target(&self) -> Option<Target> {
        match *self {
            Expiry::Transition(to) => Some(Target::State(to)),
            Expiry::Recall(h) => Some(Target::Recall(h)),
            Expiry::End(_) | Expiry::Notify(_) => None,
        }
    }
}
