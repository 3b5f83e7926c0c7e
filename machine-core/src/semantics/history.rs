//! Rules S19 and S29: history states. When a step leaves a compound state that has a history
//! state, the machine records the atomic states it was in inside it; a transition to the
//! history state goes back there (deep), or to the states directly inside the compound state
//! that held them, each entered down to its initial state (shallow); when nothing was
//! recorded, to the history's default. This is SCXML's history: with parallel states a record
//! holds a state of each region.

use super::Config;
use crate::model::{HistoryId, Model, StateId};

/// Rules S19 and S29: what the machine remembers after a step from `config` that leaves
/// `exits`: for every compound state among them with a history state, the atomic states the
/// machine was in inside it, replacing what was remembered before; the rest stays.
pub fn record(model: &Model, config: &Config, exits: &[StateId]) -> Vec<(StateId, Vec<StateId>)> {
    let mut recorded = config.recorded.clone();
    for &left in exits.iter().filter(|&&s| model.has_history(s)) {
        let inside: Vec<StateId> = config
            .atoms
            .iter()
            .copied()
            .filter(|&a| model.is_within(a, left))
            .collect();
        match recorded.binary_search_by_key(&left, |(state, _)| *state) {
            Ok(at) => recorded[at].1 = inside,
            Err(at) => recorded.insert(at, (left, inside)),
        }
    }
    recorded
}

/// Rules S19 and S29: the states a transition to history state `history` enters, given what
/// the machine remembers (`recorded`, as [`record`] keeps it), each down to its defaults
/// ([`Model::default_atoms`]): the atomic states it goes to, in document order.
pub fn recall(
    model: &Model,
    recorded: &[(StateId, Vec<StateId>)],
    history: HistoryId,
) -> Vec<StateId> {
    let h = model.history(history);
    let remembered = recorded
        .binary_search_by_key(&h.state, |(state, _)| *state)
        .ok()
        .map(|at| recorded[at].1.as_slice());
    match remembered {
        None => model.default_atoms(h.default),
        Some(atoms) if h.deep => atoms.to_vec(),
        Some(atoms) => {
            // The states directly inside `h.state` that hold the atoms.
            let mut children: Vec<StateId> = atoms
                .iter()
                .map(|&atom| model.child_holding(atom, h.state).unwrap_or(atom))
                .collect();
            children.dedup();
            children
                .into_iter()
                .flat_map(|c| model.default_atoms(c))
                .collect()
        }
    }
}

/// Rules S19, S16 and S24: the domain of a transition written on `source` that goes to a
/// history state of `state`: the innermost compound state strictly around `source` that
/// holds the history state, so `state` itself when `source` lies inside it (the compound
/// state is not left), and a state around `state` otherwise (it is left, and entered again).
/// A parallel state is never a domain (rule S24).
pub fn recall_domain(model: &Model, source: StateId, state: StateId) -> Option<StateId> {
    model
        .ancestors(source)
        .find(|&a| !model.is_parallel(a) && model.is_within(state, a))
}
