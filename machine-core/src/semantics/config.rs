//! Rule S22: a machine's configuration, the atomic states it is in.

use crate::model::{Model, Start, StateId};

/// A machine at one moment: everything the rules need to decide the next step.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Config {
    /// Rule S22: the atomic states the machine is in, in document order. One, unless a
    /// parallel state is active: then one in each of its regions. The machine is also in
    /// every state around them.
    pub atoms: Vec<StateId>,
    /// While in the fault state: the atomic states it was entered from, when known (rule S5).
    pub history: Option<Vec<StateId>>,
    /// Whether an `end` timeout has ended the lifecycle (rule S9).
    pub ended: bool,
    /// Rules S19 and S29: for each compound state with a history state that the machine has
    /// left, the atomic states it was in inside it when it last left it; sorted by the
    /// compound state. Empty in a spec without history states.
    pub recorded: Vec<(StateId, Vec<StateId>)>,
}

impl Config {
    /// Rules S1 and S23: a lifecycle begins in the state of one of its starts, entered as a
    /// transition enters it (in every region of a parallel state), with no history.
    pub fn start(model: &Model, start: &Start) -> Config {
        Config::polled(model, start.state)
    }

    /// A machine known only by its atomic state (outside parallel states): no history.
    pub fn at(state: StateId) -> Config {
        Config {
            atoms: vec![state],
            history: None,
            ended: false,
            recorded: Vec::new(),
        }
    }

    /// Rules S17 and S23 for a machine known only by the state a status poll reported: a
    /// compound state is entered down to its initial state, and every region of a parallel
    /// state around it or inside it at its initial state, as a transition to it would be.
    pub fn polled(model: &Model, state: StateId) -> Config {
        Config {
            atoms: model.complete(&[], None, &[state]),
            ..Config::at(state)
        }
    }

    /// The active configuration: the atomic states the machine is in, in document order
    /// (rule S22). It is also in every state around them.
    pub fn configuration(&self) -> impl Iterator<Item = StateId> + use<> {
        self.atoms.clone().into_iter()
    }

    /// Rule S22: the configuration's summary, the innermost state around all its atomic
    /// states: the one atomic state when no parallel state is active, else the outermost
    /// active parallel state whose regions hold atoms (or a state around it). What
    /// `Machine::state()` reports and a status poll names.
    pub fn state(&self, model: &Model) -> StateId {
        summary(model, &self.atoms)
    }

    /// Whether the machine is in `state`: one of its atomic states is `state` or lies inside it.
    pub fn is_in(&self, model: &Model, state: StateId) -> bool {
        self.atoms.iter().any(|&a| model.is_within(a, state))
    }

    /// While in the fault state: the summary of the configuration it was entered from
    /// ([`Config::state`]), when known. What the generated `Machine::faulted_from` reports.
    pub fn faulted_from(&self, model: &Model) -> Option<StateId> {
        self.history.as_ref().map(|h| summary(model, h))
    }

    /// A machine in the fault state, entered from `from` (completed as a status poll is, by
    /// rule S23); `None` when `from` is not a state the fault state is entered from (a final
    /// state, the fault state itself, or a spec without a fault state).
    pub fn faulted(model: &Model, from: StateId) -> Option<Config> {
        let fault = model.fault.as_ref()?;
        fault.sources.contains(&from).then(|| Config {
            atoms: vec![fault.state],
            history: Some(model.complete(&[], None, &[from])),
            ended: false,
            recorded: Vec::new(),
        })
    }
}

/// Rule S22: the innermost state around all of `atoms` (the atom itself when there is one).
pub fn summary(model: &Model, atoms: &[StateId]) -> StateId {
    match atoms {
        [] => unreachable!("a configuration holds at least one atomic state"),
        [one] => *one,
        [first, rest @ ..] => model
            .ancestors(*first)
            .find(|&a| rest.iter().all(|&s| model.is_within(s, a)))
            .unwrap_or(*first),
    }
}

/// Every state a machine in `atoms` is in: the atoms and the states around them, in
/// document order.
pub fn active(model: &Model, atoms: &[StateId]) -> Vec<StateId> {
    let mut states: Vec<StateId> = atoms
        .iter()
        .flat_map(|&a| model.self_and_ancestors(a))
        .collect();
    states.sort_unstable();
    states.dedup();
    states
}
