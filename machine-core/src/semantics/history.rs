//! Rule S19: history states. When a step leaves a compound state that has a history state,
//! the machine records the atomic state it was in; a transition to the history state goes
//! back there (deep), or to the state directly inside the compound state that held it,
//! entered down to its initial state (shallow); when nothing was recorded, to the history's
//! default. This is SCXML's history, without parallel states: the one atomic state recorded
//! serves both kinds.

use super::Config;
use super::tree::{entered, left};
use crate::model::{HistoryId, Model, StateId};

/// Rule S19: what the machine remembers after a step from `config` that leaves `exits`:
/// for every compound state among them with a history state, the atomic state the machine
/// was in (`config.state`), replacing what was remembered before; the rest stays.
pub fn record(model: &Model, config: &Config, exits: &[StateId]) -> Vec<(StateId, StateId)> {
    let mut recorded = config.recorded.clone();
    for &left in exits.iter().filter(|&&s| model.has_history(s)) {
        match recorded.binary_search_by_key(&left, |&(state, _)| state) {
            Ok(at) => recorded[at].1 = config.state,
            Err(at) => recorded.insert(at, (left, config.state)),
        }
    }
    recorded
}

/// Rule S19: the atomic state a transition to history state `history` enters, given what
/// the machine remembers (`recorded`, as [`record`] keeps it).
pub fn recall(model: &Model, recorded: &[(StateId, StateId)], history: HistoryId) -> StateId {
    let h = model.history(history);
    let remembered = recorded
        .binary_search_by_key(&h.state, |&(state, _)| state)
        .ok()
        .map(|at| recorded[at].1);
    match remembered {
        None => model.descend(h.default),
        Some(atom) if h.deep => atom,
        Some(atom) => {
            // The state directly inside `h.state` that holds the atom.
            let child = model
                .self_and_ancestors(atom)
                .find(|&s| model.parent(s) == Some(h.state))
                .unwrap_or(atom);
            model.descend(child)
        }
    }
}

/// Rule S19 with S16: the domain of a transition written on `source` that goes to a history
/// state of `state`: the innermost state strictly around `source` that holds the history
/// state, so `state` itself when `source` lies inside it (the compound state is not left),
/// and a state around `state` otherwise (it is left, and entered again).
pub fn recall_domain(model: &Model, source: StateId, state: StateId) -> Option<StateId> {
    model.ancestors(source).find(|&a| model.is_within(state, a))
}

/// Rule S19 with S16: a step from the active state of `config` by a transition written on
/// `source` to history state `history`: the state it ends in, the states it leaves
/// (innermost first) and enters (outermost first), and what the machine remembers after it.
/// The states left are recorded before the history is read, as SCXML does: a transition
/// from a compound state to its own history leaves it and comes back where it was.
pub fn recall_moves(
    model: &Model,
    config: &Config,
    source: StateId,
    history: HistoryId,
) -> (StateId, Vec<StateId>, Vec<StateId>) {
    let domain = recall_domain(model, source, model.history(history).state);
    // The states left do not depend on where the history leads.
    let exits = left(model, config.state, domain);
    let recorded = record(model, config, &exits);
    let to = recall(model, &recorded, history);
    (to, exits, entered(model, domain, to))
}
