//! Rule S16: which states a step leaves and which it enters, in nested specs as in flat
//! ones. SCXML's algorithm, without parallel states: a transition's domain is the innermost
//! state around its source that also holds its target; the step leaves every active state
//! inside the domain, innermost first, and enters the states from below the domain down to
//! the target, outermost first. In a flat spec the domain is the root, so a step leaves its
//! state and enters its target, as it always did.

use crate::model::{Model, StateId};

/// Rule S16: the domain of a transition written on `source` that goes to `target`: the
/// innermost state strictly around both `source` and `target` (SCXML's least common compound
/// ancestor); `None` for the root. A transition from a compound state to a state inside it
/// leaves the compound state and enters it again (an external transition, as SCXML's
/// default), and so does one from a state to a compound state around it.
pub fn domain(model: &Model, source: StateId, target: StateId) -> Option<StateId> {
    model
        .ancestors(source)
        .find(|&a| a != target && model.is_within(target, a))
}

/// Rule S16: the states a step from the active state `from`, by a transition written on
/// `source` (`from` or a state around it) whose target is `target` (as written: a compound
/// target is entered down to its initial state, rule S17), leaves and enters: `(exits,
/// entries)`, exits innermost first, entries outermost first.
pub fn moves(
    model: &Model,
    from: StateId,
    source: StateId,
    target: StateId,
) -> (Vec<StateId>, Vec<StateId>) {
    moves_to(
        model,
        from,
        domain(model, source, target),
        model.descend(target),
    )
}

/// Rule S16: the states a step from the active state `from` to the atomic state `to` within
/// `domain` (`None`: the root) leaves and enters: `(exits, entries)`, exits innermost first,
/// entries outermost first.
pub fn moves_to(
    model: &Model,
    from: StateId,
    domain: Option<StateId>,
    to: StateId,
) -> (Vec<StateId>, Vec<StateId>) {
    (left(model, from, domain), entered(model, domain, to))
}

/// Rule S16: the states a step from the active state `from` within `domain` (`None`: the
/// root) leaves, innermost first: `from` and each state around it up to the domain.
pub fn left(model: &Model, from: StateId, domain: Option<StateId>) -> Vec<StateId> {
    model
        .self_and_ancestors(from)
        .take_while(|&s| Some(s) != domain)
        .collect()
}

/// Rule S16: the states entered on the way from inside `domain` (`None`: the root) down to
/// `to`, outermost first.
pub fn entered(model: &Model, domain: Option<StateId>, to: StateId) -> Vec<StateId> {
    let mut entries: Vec<StateId> = model
        .self_and_ancestors(to)
        .take_while(|&s| Some(s) != domain)
        .collect();
    entries.reverse();
    entries
}
