//! Where `XState` 5 departs from rules S24 to S26 once states are parallel, as warnings
//! (`xstate-gap`, W0305), read from its `transitionParallelNode`, `findLeastCommonAncestor`
//! and the order of its state nodes:
//!
//! - It tries the transitions of a parallel state, and those of the states around it, only
//!   when no region has one for the event. Rule S25 (SCXML's `selectTransitions`) walks up from
//!   every region's state: a transition written on the parallel state or around it fires
//!   beside a region's own when one of them stays (`internal: true`: it conflicts with
//!   nothing, rule S26). Two targeted ones conflict, and the region's wins either way.
//! - It takes the regions in the order of their names (the config's `states` are keyed by
//!   name), rule S25 in document order: two transitions of different regions that conflict
//!   (one leaves its region, rule S26) resolve the other way when the names sort otherwise.
//! - The export writes an internal transition that restarts timers as a re-entry of its state
//!   (`XState` restarts a delayed transition only so), which conflicts with another region's
//!   transition that leaves its region, where rule S26 fires both.
//! - Its transition domain is the least common ancestor, parallel states included: a move
//!   written on a region, or from one region to another, stays inside the parallel state,
//!   where rule S24 leaves it and enters it again, restarting its timeouts and recording its
//!   history.

use machine_core::Span;
use machine_core::diagnostic::{Code, Diagnostic};
use machine_core::model::{Model, StateId, Target, Transition, Trigger};
use machine_core::semantics;
use machine_core::semantics::micro::Reach;

/// The gaps of `model`'s parallel states.
pub(super) fn gaps(model: &Model) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = model
        .transitions
        .iter()
        .filter_map(|t| beside_regions(model, t))
        .collect();
    for parallel in model.state_ids().filter(|&s| model.is_parallel(s)) {
        found.extend(region_order(model, parallel));
        found.extend(reentered_in_region(model, parallel));
        found.extend(stays_inside(model, parallel));
    }
    found
}

/// Whether `state` lies strictly inside `parallel`: in one of its regions.
fn in_region(model: &Model, state: StateId, parallel: StateId) -> bool {
    state != parallel && model.is_within(state, parallel)
}

/// The domain of a move written on `from` to `target` ([`semantics::micro::reach`]); `None`
/// for a move without a target, which leaves nothing.
fn domain(model: &Model, from: StateId, target: Target) -> Option<Reach> {
    let reach = semantics::micro::reach(model, from, target);
    (reach != Reach::Stays).then_some(reach)
}

/// Whether a move's domain is `state` or lies inside it.
fn within(model: &Model, domain: Reach, state: StateId) -> bool {
    matches!(domain, Reach::Domain(Some(d)) if model.is_within(d, state))
}

/// A transition on an event, written on a parallel state or a state around one, when a state
/// inside a region of it also takes the event, and one of the two stays (`internal: true`).
fn beside_regions(model: &Model, t: &Transition) -> Option<Diagnostic> {
    let Trigger::Event(event) = t.trigger else {
        return None;
    };
    let (parallel, inner) = model
        .state_ids()
        .filter(|&p| model.is_parallel(p) && model.is_within(p, t.from))
        .find_map(|p| {
            let inner = model.transitions.iter().find(|u| {
                u.event() == Some(event)
                    && in_region(model, u.from, p)
                    && (t.target == Target::Internal || u.target == Target::Internal)
            })?;
            Some((p, inner))
        })?;
    let name = |s: StateId| &model.state(s).name.spec;
    Some(
        Diagnostic::new(
            Code::XstateGap,
            t.span,
            format!(
                "this transition of `{}` fires beside the transitions of `{}`'s regions on `{}` \
                 (rules S25, S26: one of them stays), but XState tries a parallel state's \
                 transitions, and those of the states around it, only when no region has one: \
                 while `{}` is active, XState skips this one",
                name(t.from),
                name(parallel),
                model.event(event).name.spec,
                name(inner.from),
            ),
        )
        .with_label("XState 5 tries it only when no region takes the event")
        .with_secondary(inner.span, "a region's transition on the same event")
        .with_help(format!(
            "handle `{}` in the states of every region instead, or export to SCXML (`machine \
             export --format scxml`), which fires both",
            model.event(event).name.spec
        )),
    )
}

/// Two transitions of different regions of `parallel` that fire together (the same event,
/// both eventless, or both completions) and conflict, in regions whose names sort otherwise
/// than their document order: the first found.
fn region_order(model: &Model, parallel: StateId) -> Option<Diagnostic> {
    let regions = model.children(Some(parallel));
    let name = |s: StateId| &model.state(s).name.spec;
    let same = |a: &Transition, b: &Transition| match (a.trigger, b.trigger) {
        (Trigger::Event(x), Trigger::Event(y)) => x == y,
        (x, y) => x == y,
    };
    // A targeted transition that leaves its region conflicts with any targeted one of
    // another region (rule S26).
    let leaves = |t: &Transition, region: StateId| {
        domain(model, t.from, t.target).is_some_and(|d| !within(model, d, region))
    };
    let within = |region: StateId| {
        model
            .transitions
            .iter()
            .filter(move |t| model.is_within(t.from, region) && t.target != Target::Internal)
    };
    for (i, &first) in regions.iter().enumerate() {
        for &later in regions
            .iter()
            .skip(i + 1)
            .filter(|&&r| name(r) < name(first))
        {
            let pair = within(first).find_map(|u| {
                within(later)
                    .find(|v| same(u, v) && (leaves(u, first) || leaves(v, later)))
                    .map(|v| (u, v))
            });
            let Some((u, v)) = pair else {
                continue;
            };
            return Some(
                Diagnostic::new(
                    Code::XstateGap,
                    v.span,
                    format!(
                        "this transition of region `{}` and one of region `{}` fire together \
                         and conflict: rules S25 and S26 keep `{}`'s, the first in document \
                         order, but XState takes the regions of `{}` in the order of their \
                         names and keeps this one",
                        name(later),
                        name(first),
                        name(first),
                        name(parallel),
                    ),
                )
                .with_label("XState takes regions in the order of their names")
                .with_secondary(u.span, "the transition rules S25 and S26 keep")
                .with_help(format!(
                    "write the regions of `{}` in the order of their names, or export to SCXML \
                     (`machine export --format scxml`), which takes them in document order",
                    name(parallel)
                )),
            );
        }
    }
    None
}

/// An internal transition inside a region of `parallel` that the export writes as a re-entry
/// of its state, on an event a transition of another region takes that leaves its region:
/// the rules fire both (an internal transition conflicts with nothing, rule S26), `XState`
/// keeps one of them.
fn reentered_in_region(model: &Model, parallel: StateId) -> Option<Diagnostic> {
    let (t, u) = model
        .transitions
        .iter()
        .filter(|t| super::super::reenters(model, t) && in_region(model, t.from, parallel))
        .find_map(|t| {
            let region = model.child_holding(t.from, parallel)?;
            let u = model.transitions.iter().find(|u| {
                let other = model
                    .child_holding(u.from, parallel)
                    .filter(|&r| r != region);
                u.event().is_some()
                    && u.event() == t.event()
                    && other.is_some_and(|r| {
                        domain(model, u.from, u.target).is_some_and(|d| !within(model, d, r))
                    })
            })?;
            Some((t, u))
        })?;
    let name = |s: StateId| &model.state(s).name.spec;
    Some(
        Diagnostic::new(
            Code::XstateGap,
            t.span,
            format!(
                "this transition stays in `{}` and restarts timers, which the XState export does \
                 by re-entering `{}`; the transition of `{}` on the same event leaves its region \
                 of `{}`, and the rules fire both (rule S26: a transition that stays conflicts \
                 with nothing), where XState keeps one",
                name(t.from),
                name(t.from),
                name(u.from),
                name(parallel),
            ),
        )
        .with_label("XState re-enters the state to restart its timers")
        .with_secondary(u.span, "a transition of another region that leaves it")
        .with_help(
            "restart the timers without `reset_by` or `restarts:` on this event, or export to \
             SCXML (`machine export --format scxml`), which restarts them in place",
        ),
    )
}

/// The moves written inside `parallel` that rule S24 takes out of it and back in (written on a
/// region, or from one region to another), where `XState`'s move stays inside the parallel
/// state: when `parallel` has timeouts, their clocks restart by the rules and keep running in
/// `XState`; a move to `parallel`'s own history records where the machine is as it leaves
/// (rule S29) and returns there, where `XState` records nothing and returns to what was
/// recorded before.
fn stays_inside(model: &Model, parallel: StateId) -> Vec<Diagnostic> {
    let timed = model.own_timers_in(parallel).next().is_some();
    // A move from inside `parallel` to inside it whose domain lies around it, and whether it
    // goes to `parallel`'s own history.
    let gap = |from: StateId, target: Target, domain: Reach| {
        let (to, own) = match target {
            Target::State(to) => (to, false),
            Target::Recall(h) => (model.history(h).state, model.history(h).state == parallel),
            Target::History | Target::Internal => return None,
        };
        let around = in_region(model, from, parallel)
            && model.is_within(to, parallel)
            && !within(model, domain, parallel);
        (around && (timed || own)).then_some(own)
    };
    let mut moves: Vec<(Span, bool)> = model
        .transitions
        .iter()
        .filter_map(|t| {
            Some((
                t.span,
                gap(t.from, t.target, domain(model, t.from, t.target)?)?,
            ))
        })
        .collect();
    for timer in &model.timers {
        let (Some(from), Some(target)) = (timer.state(), timer.timeout.expiry.target()) else {
            continue;
        };
        let Some(d) = domain(model, from, target) else {
            continue;
        };
        if let Some(own) = gap(from, target, d) {
            moves.push((timer.timeout.span, own));
        }
    }
    let name = &model.state(parallel).name.spec;
    moves
        .into_iter()
        .map(|(span, own)| {
            let (message, help) = if own {
                (
                    format!(
                        "this move leaves `{name}` and enters it again (rule S24), recording \
                         where the machine is and returning there (rule S29), but XState's move \
                         stays inside the parallel state: it records nothing and returns to \
                         what was recorded before, or to the default"
                    ),
                    format!("go to the history from outside `{name}`"),
                )
            } else {
                (
                    format!(
                        "this move leaves `{name}` and enters it again (rule S24), which \
                         restarts the timeouts of `{name}`, but XState's move stays inside the \
                         parallel state, so they keep running"
                    ),
                    "move from a state of one region to a state of the same region, which \
                     stays inside it"
                        .to_owned(),
                )
            };
            Diagnostic::new(Code::XstateGap, span, message)
                .with_label("XState's transition domain may be a parallel state")
                .with_help(format!(
                    "{help}, or export to SCXML (`machine export --format scxml`), which \
                     leaves and enters `{name}`"
                ))
        })
        .collect()
}
