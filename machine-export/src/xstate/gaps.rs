//! Where the `XState` export cannot keep this crate's rules: warnings (`xstate-gap`, W0305)
//! located in the spec.

use machine_core::diagnostic::{Code, Diagnostic};
use machine_core::model::{Expiry, Model, Target, Timeout, TimerId, Trigger};
use machine_core::semantics;

use super::{delay_key, top_level};

mod parallel;

/// Where the export cannot keep this crate's rules, as warnings (`xstate-gap`) located in the
/// spec; the export is written all the same:
///
/// - `XState` keys `after` by delay, so two timeouts of one state with the same duration share
///   one entry, of which only the first candidate can fire (rule S10 fires both, in order).
/// - `XState` restarts a delayed transition only by re-entering its state, which restarts every
///   clock of the state; an internal transition that restarts some of its state's timeouts
///   but not all (rule S6, `reset_by`) therefore restarts the others too; one written on a
///   compound state restarts none of the timeouts of the states inside it, and re-entering it
///   to restart its own enters the states inside it again, at their initial states.
/// - With parallel states, where `XState` 5 departs from rules S24 to S26: it tries a parallel
///   state's own transitions only when no region has one, takes regions in the order of their
///   names, and its transition domain may be a parallel state, which it then does not leave.
///
/// The SCXML export has none of these gaps (`machine export --format scxml`).
pub fn gaps(model: &Model) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    // XState's `initial` names a child: a start inside a compound state is entered through
    // the states around it, down their `initial:` states (and every region of a parallel
    // state at its own).
    let start = model.starts[0].state;
    let top = top_level(model, start);
    if model.default_atoms(top) != model.complete(&[], None, &[start]) {
        let name = &model.state(start).name;
        found.push(
            Diagnostic::new(
                Code::XstateGap,
                name.span,
                format!(
                    "the lifecycle starts in `{}`, but the XState export starts in `{}`, which enters `{}` first",
                    name.spec,
                    model.state(top).name.spec,
                    model.state(model.descend(top)).name.spec
                ),
            )
            .with_label("XState names a start by the states around it and their `initial`")
            .with_help(
                "start in a state its compound states enter first, or export to SCXML \
                 (`machine export --format scxml`), which starts in any state",
            ),
        );
    }
    for id in model.state_ids() {
        let state = model.state(id);
        let mut keys: Vec<(String, &Timeout)> = Vec::new();
        for (_, timer) in model.own_timers_in(id) {
            let timeout = &timer.timeout;
            let key = delay_key(timeout);
            // XState tries the candidates of one delay in order, as rule S10 expires the
            // timeouts of one instant: an earlier guarded timeout that leaves the state is no
            // gap, whether its guard holds (it leaves) or not (the next one is tried).
            let leaves_if_taken = |first: &Timeout| {
                !first.guards.is_empty() && !matches!(first.expiry, Expiry::Notify(_))
            };
            if let Some((_, first)) = keys
                .iter()
                .find(|(k, first)| *k == key && !leaves_if_taken(first))
            {
                found.push(
                    Diagnostic::new(
                        Code::XstateGap,
                        timeout.span,
                        format!(
                            "this timeout of `{}` lasts {} like an earlier one, so in the XState \
                             export both are one `after` entry, where only the first can fire",
                            state.name.spec, timeout.after.text
                        ),
                    )
                    .with_label("XState keys `after` by delay")
                    .with_secondary(first.span, "the first timeout with this delay")
                    .with_help(
                        "give one of them another duration, or export to SCXML \
                         (`machine export --format scxml`), which keeps each timeout apart",
                    ),
                );
            } else {
                keys.push((key, timeout));
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    for t in &model.transitions {
        if let Some(gap) = restarted_around(model, t) {
            found.push(gap);
        }
        if t.target != Target::Internal {
            continue;
        }
        let state = model.state(t.from);
        let timers: Vec<TimerId> = semantics::restarts(model, t.from, t.from, false, Some(t))
            .into_iter()
            .filter(|&timer| !model.timer(timer).is_spanning())
            .collect();
        let restarted = timers.len();
        // Those of its own state, which re-entering it restarts all.
        let own = timers
            .iter()
            .filter(|&&timer| model.timer(timer).state() == Some(t.from))
            .count();
        let event = match t.trigger {
            Trigger::Event(event) => event,
            // An eventless transition always goes somewhere (E0110).
            Trigger::Always => continue,
            Trigger::Done => {
                if restarted > 0 {
                    found.push(completion_restarts(model, t));
                }
                continue;
            }
        };
        if let Some(gap) = inner_restarts(model, t) {
            found.push(gap);
        }
        if restarted > 0 && model.is_compound(t.from) {
            found.push(reentered(model, t));
        }
        if !seen.insert((t.from, event)) || restarted == 0 || own == state.timeouts.len() {
            continue;
        }
        found.push(
            Diagnostic::new(
                Code::XstateGap,
                t.span,
                format!(
                    "`{}` restarts {own} of the {} timeouts of `{}` (rule S6), but the \
                     XState export can only re-enter `{}`, which restarts all of them",
                    model.event(event).name.spec,
                    state.timeouts.len(),
                    state.name.spec,
                    state.name.spec,
                ),
            )
            .with_label("XState restarts a delayed transition only by re-entering its state")
            .with_help(
                "list the event in every timeout's `reset_by` of the state if that is what is \
                 meant, or export to SCXML (`machine export --format scxml`), which restarts \
                 each timeout on its own",
            ),
        );
    }
    found.extend(parallel::gaps(model));
    machine_core::diagnostic::sort(&mut found);
    found
}

/// An internal transition written on a compound state whose event restarts the timer of a
/// state inside it (rule S6): `XState` restarts a delayed transition only by re-entering its
/// state, which the transition does not do, so the export restarts none.
fn inner_restarts(model: &Model, t: &machine_core::model::Transition) -> Option<Diagnostic> {
    let (inner, _) = model
        .timers_with_ids()
        .filter(|(_, timer)| !timer.is_spanning())
        .filter_map(|(id, timer)| Some((timer.state()?, id)))
        .find(|&(s, id)| {
            s != t.from && model.is_within(s, t.from) && semantics::resets(model, t, id)
        })?;
    let (name, inner) = (
        &model.state(t.from).name.spec,
        &model.state(inner).name.spec,
    );
    Some(
        Diagnostic::new(
            Code::XstateGap,
            t.span,
            format!(
                "this transition stays in `{name}` and restarts the timeout of `{inner}` inside it (rule S6), but the XState export can restart a timeout only by re-entering its state: it restarts none"
            ),
        )
        .with_label("XState restarts a delayed transition only by re-entering its state")
        .with_help(format!(
            "handle the event in `{inner}` itself, or export to SCXML (`machine export --format scxml`), which restarts each timeout on its own"
        )),
    )
}

/// A completion transition that stays (`internal: true`) and restarts timers (`restarts:`):
/// `XState` restarts a delayed transition only by re-entering its state, which would leave
/// the final state the completion stays in, so the export restarts none.
fn completion_restarts(model: &Model, t: &machine_core::model::Transition) -> Diagnostic {
    let name = &model.state(t.from).name.spec;
    Diagnostic::new(
        Code::XstateGap,
        t.span,
        format!(
            "the completion of `{name}` stays and restarts timers (rule S6), but the XState \
             export can restart them only by re-entering `{name}`, which would leave its \
             final state: it restarts none"
        ),
    )
    .with_label("XState restarts a delayed transition only by re-entering its state")
    .with_help(
        "give the completion a target, drop its `restarts:`, or export to SCXML \
         (`machine export --format scxml`), which restarts each timeout on its own",
    )
}

/// A transition that restarts the timeout of a state it does not re-enter (rule S6): for an
/// internal one, a state around its own; for one with a target, its domain or a state around
/// it ([`kept_restarts`](crate::kept_restarts)). `XState` restarts a delayed transition only by
/// re-entering its state, which the transition does not do: the export restarts none of them.
fn restarted_around(model: &Model, t: &machine_core::model::Transition) -> Option<Diagnostic> {
    let around = crate::kept_restarts(model, t)
        .into_iter()
        .filter_map(|timer| model.timer(timer).state())
        .find(|&s| s != t.from || t.target != Target::Internal)?;
    let (name, around) = (
        &model.state(t.from).name.spec,
        &model.state(around).name.spec,
    );
    Some(
        Diagnostic::new(
            Code::XstateGap,
            t.span,
            format!(
                "this transition of `{name}` restarts the timeout of `{around}` (rule S6), which it \
                 does not leave, but the XState export can restart a timeout only by re-entering \
                 its state: it keeps running"
            ),
        )
        .with_label("XState restarts a delayed transition only by re-entering its state")
        .with_help(format!(
            "take the event out of the `reset_by` of `{around}`'s timeout if that is what is \
             meant, or export to SCXML (`machine export --format scxml`), which restarts each \
             timeout on its own"
        )),
    )
}

/// An internal transition written on a compound or parallel state that restarts timers (rule
/// S6): the export restarts them by re-entering the state, which enters the states inside it
/// again too, at their initial states, where the rules leave them as they are.
fn reentered(model: &Model, t: &machine_core::model::Transition) -> Diagnostic {
    let name = &model.state(t.from).name.spec;
    Diagnostic::new(
        Code::XstateGap,
        t.span,
        format!(
            "this transition stays in `{name}` and restarts timers (rule S6), but the XState \
             export can restart them only by re-entering `{name}`, which also enters the states \
             inside it again, at their initial states"
        ),
    )
    .with_label("XState restarts a delayed transition only by re-entering its state")
    .with_help(
        "write the transition on the states inside it, each restarting its own timers, or \
         export to SCXML (`machine export --format scxml`), which restarts each timeout on its \
         own",
    )
}
