//! Rule S16: which states a step leaves and which it enters, in nested specs as in flat
//! ones, for one active chain of states ([`super::micro`] is the general microstep, with
//! parallel states). SCXML's algorithm: a transition's domain is the innermost
//! state around its source that also holds its target; the step leaves every active state
//! inside the domain, innermost first, and enters the states from below the domain down to
//! the target, outermost first. In a flat spec the domain is the root, so a step leaves its
//! state and enters its target, as it always did.

use crate::model::{Edge, Model, StateId};

/// Rule S16: the domain of a transition written on `source` that goes to `target`: the
/// innermost state strictly around both `source` and `target` (SCXML's least common compound
/// ancestor); `None` for the root. A transition from a compound state to a state inside it
/// leaves the compound state and enters it again (an external transition, as SCXML's
/// default), and so does one from a state to a compound state around it.
///
/// Rule S24: a parallel state is never a domain (it is not a compound state in SCXML's
/// sense): a transition between two of its regions, or written on a region, leaves the
/// parallel state and enters it again.
pub fn domain(model: &Model, source: StateId, target: StateId) -> Option<StateId> {
    lcca(model, source, &[target])
}

/// Rules S16 and S24 for several targets (a return to a configuration of several regions):
/// the innermost compound state strictly around `source` and every one of `targets`
/// (SCXML's least common compound ancestor); `None` for the root.
pub fn lcca(model: &Model, source: StateId, targets: &[StateId]) -> Option<StateId> {
    model.ancestors(source).find(|&a| {
        !model.is_parallel(a) && targets.iter().all(|&t| t != a && model.is_within(t, a))
    })
}

/// [`Model::edges`] as the machine moves: an edge written on a compound state leaves from
/// every state without children inside it (rule S16), one that goes to a compound state
/// arrives where entering it leads (rule S17), and, with parallel states, one that leaves a
/// parallel state leaves from every state inside it and arrives in every region it enters
/// (rules S23 and S24). In a flat spec these are the edges themselves, in the same order.
pub fn atomic_edges(model: &Model) -> Vec<Edge> {
    let edges = model.edges();
    if !model.is_nested() {
        return edges;
    }
    // The states without children inside each state, in one pass over the tree.
    let mut atoms: Vec<Vec<StateId>> = vec![Vec::new(); model.states.len()];
    for atom in model.state_ids().filter(|&s| !model.is_compound(s)) {
        for around in model.self_and_ancestors(atom) {
            atoms[around.index()].push(atom);
        }
    }
    let parallel = model.has_parallel();
    edges
        .into_iter()
        .flat_map(|edge| {
            let (scope, to) = if parallel {
                let domain = domain(model, edge.from, edge.to);
                // Left from any state inside a parallel state the move leaves as a whole.
                let scope = model
                    .parallel_around(edge.from)
                    .filter(|&p| domain.is_none_or(|d| d != p && model.is_within(p, d)))
                    .last()
                    .unwrap_or(edge.from);
                (scope, model.complete(&[], domain, &[edge.to]))
            } else {
                (edge.from, vec![model.descend(edge.to)])
            };
            atoms[scope.index()]
                .iter()
                .flat_map(|&from| {
                    to.iter().map(move |&to| Edge {
                        from,
                        to,
                        kind: edge.kind,
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect()
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
