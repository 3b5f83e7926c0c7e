//! Checks of parallel states (rules S24 to S26): moves that are legal but rarely meant.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Model, StateId, Target, TransitionId};
use crate::semantics::{micro, tried, triggered};
use crate::words;

/// Whether transition `id`, written inside parallel state `parallel`, leaves it as a whole
/// (rule S24: its domain lies outside it); `false` for a transition without a target.
fn leaves(model: &Model, id: TransitionId, parallel: StateId) -> bool {
    let t = model.transition(id);
    micro::reach(model, t.from, t.target).leaves(model, parallel)
}

/// W0308: a transition written inside a parallel state (on a region or a state inside one)
/// to a state inside the same parallel state, whose domain lies outside it (rule S24): it
/// leaves the parallel state and enters it again, so every region starts over.
pub(super) fn reentered_parallel(model: &Model) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for t in &model.transitions {
        let Target::State(to) = t.target else {
            continue;
        };
        let Some(parallel) = model
            .parallel_around(t.from)
            .filter(|&p| p != t.from && model.is_within(to, p))
            .find(|&p| micro::reach(model, t.from, t.target).leaves(model, p))
        else {
            continue;
        };
        if super::waived(model, t.from, Code::ReentersParallel) {
            continue;
        }
        let (from, target, name) = (
            words::state(model, t.from),
            words::state(model, to),
            words::state(model, parallel),
        );
        let across = model.child_holding(t.from, parallel) != model.child_holding(to, parallel);
        let why = if across {
            format!("`{target}` lies in another region of `{name}`")
        } else {
            format!("it is written on `{from}`, a region of `{name}`")
        };
        findings.push(
            Diagnostic::new(
                Code::ReentersParallel,
                t.span,
                format!(
                    "the transition from `{from}` to `{target}` leaves parallel state `{name}` and enters it again: every region starts over"
                ),
            )
            .with_label(format!("{why}, so its domain lies outside `{name}` (rule S24)"))
            .with_help(if across {
                format!(
                    "a region moves only inside itself; if restarting every region of `{name}` is meant, say so with `allow: {{ reenters-parallel: \"why\" }}` on `{from}`"
                )
            } else {
                format!(
                    "to move inside `{from}` alone, write the transition on the states inside it (`from: [...]`); if restarting every region is meant, say so with `allow: {{ reenters-parallel: \"why\" }}` on `{from}`"
                )
            }),
        );
    }
    findings
}

/// W0307: two transitions on the same trigger in two regions of one parallel state, that can
/// be selected together (rule S25), where one leaves the parallel state (rule S26): the one
/// in the later region is dropped whenever both are enabled. Legal SCXML, rarely meant.
pub(super) fn preempted_across_regions(model: &Model) -> Vec<Diagnostic> {
    let mut findings: Vec<Diagnostic> = Vec::new();
    let mut reported: Vec<TransitionId> = Vec::new();
    let unguarded = |id: &TransitionId| model.transition(*id).guards.is_empty();
    for (parallel, a, b) in co_active(model) {
        let in_region = |id: &TransitionId| {
            model
                .child_holding(model.transition(*id).from, parallel)
                .is_some()
        };
        for trigger in triggers(model, b) {
            // Rule S25: what each atomic state picks, among the transitions of its region.
            let firsts: Vec<TransitionId> = tried(triggered(model, a, trigger), unguarded)
                .filter(in_region)
                .collect();
            let seconds: Vec<TransitionId> = tried(triggered(model, b, trigger), unguarded)
                .filter(in_region)
                .collect();
            for t2 in seconds {
                let targeted = |id: TransitionId| model.transition(id).target != Target::Internal;
                let beaten_by = firsts.iter().copied().find(|&t1| {
                    targeted(t1)
                        && targeted(t2)
                        && (leaves(model, t1, parallel) || leaves(model, t2, parallel))
                });
                let Some(t1) = beaten_by else { continue };
                let from = model.transition(t2).from;
                if reported.contains(&t2) || super::waived(model, from, Code::PreemptedTransition) {
                    continue;
                }
                reported.push(t2);
                findings.push(preempted(model, parallel, t1, t2));
            }
        }
    }
    findings
}

/// Every parallel state with each pair of atomic states that can be active in it at once:
/// `a` in a region before `b`'s, in document order (the order rule S25 picks in).
fn co_active(model: &Model) -> Vec<(StateId, StateId, StateId)> {
    let mut pairs = Vec::new();
    for parallel in model.state_ids().filter(|&p| model.is_parallel(p)) {
        let regions = model.children(Some(parallel));
        for (i, &first) in regions.iter().enumerate() {
            for &later in &regions[i + 1..] {
                for a in model.atoms_within(first) {
                    pairs.extend(model.atoms_within(later).map(|b| (parallel, a, b)));
                }
            }
        }
    }
    pairs
}

/// The triggers of the transitions of `atom` and of the states around it, each once.
fn triggers(model: &Model, atom: StateId) -> Vec<crate::model::Trigger> {
    let mut found = Vec::new();
    for (_, t) in model
        .self_and_ancestors(atom)
        .flat_map(|s| model.transitions_from(s))
    {
        if !found.contains(&t.trigger) {
            found.push(t.trigger);
        }
    }
    found
}

fn preempted(model: &Model, parallel: StateId, t1: TransitionId, t2: TransitionId) -> Diagnostic {
    let (one, two) = (model.transition(t1), model.transition(t2));
    let trigger = format!("`{}`", words::trigger(model, two.trigger));
    let name = words::state(model, parallel);
    let (first, second) = (words::state(model, one.from), words::state(model, two.from));
    Diagnostic::new(
        Code::PreemptedTransition,
        two.span,
        format!(
            "the transition from `{second}` on {trigger} is dropped whenever the one from `{first}` fires: they are in two regions of `{name}`, and one of them leaves it"
        ),
    )
    .with_label("picked after the other (its region comes later), and it conflicts (rule S26)")
    .with_secondary(one.span, "this transition wins".to_owned())
    .with_help(format!(
        "make the two exclusive with guards, or handle {trigger} on `{name}` itself; if the first is meant to win, say so with `allow: {{ preempted-transition: \"why\" }}` on `{second}`"
    ))
}
