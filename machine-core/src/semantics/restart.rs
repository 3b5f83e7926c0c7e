//! Rules S6, S14 and S18: which clocks a step starts again.

use super::Config;
use super::micro::scope_root;
use crate::model::{EventId, Model, StateId, Timer, TimerId, Transition, TransitionId};

/// Rules S6 and S14 as one decision over the facts they read about a step and a timer:
/// whether the timer spans a set of states (`spanning`), whether the step starts in one of
/// the timer's states (`from_in`) and ends in one (`to_in`), whether it entered its target
/// (`entered`: anew for a self-transition; not for an internal transition or an expiry that
/// does not move), and whether the event that fired is one of the timer's `reset_by`
/// (`reset`). A timer restarts only where it runs (`to_in`): on one of its `reset_by` events,
/// or when the step entered its state (S6); a spanning timer only when the step entered its
/// set from outside, so it keeps running while the machine moves inside the set,
/// self-transitions included (S14). The interpreter ([`restarts`]) and the generated code
/// (compiled from this function) both decide with it.
#[allow(
    clippy::fn_params_excessive_bools,
    reason = "a decision over five facts, which the code generator compiles fact by fact"
)]
pub fn restarts_timer(
    spanning: bool,
    from_in: bool,
    to_in: bool,
    entered: bool,
    reset: bool,
) -> bool {
    to_in && (reset || (entered && !(spanning && from_in)))
}

/// Rule S6's `reset`: whether firing `transition` restarts `timer` (where the timer runs),
/// besides what entering a state restarts: the timers its `restarts:` names, or, when it does
/// not say, those whose `reset_by` lists its event.
pub fn resets(model: &Model, transition: &Transition, timer: TimerId) -> bool {
    match &transition.restarts {
        Some(listed) => listed.contains(&timer),
        // An eventless or completion transition has no event for `reset_by` to list.
        None => transition
            .event()
            .is_some_and(|event| event_resets(model, event, timer)),
    }
}

/// What a timer's `reset_by` says of `event`: whether a transition on it restarts the timer
/// when the transition does not say otherwise with `restarts:` ([`resets`]).
pub fn event_resets(model: &Model, event: EventId, timer: TimerId) -> bool {
    model.timer(timer).timeout.reset_by.contains(&event)
}

/// Rules S6 and S14 for a step of a flat spec, which enters `to` alone or nothing
/// (`entered`): [`restarts_entering`].
pub fn restarts(
    model: &Model,
    from: StateId,
    to: StateId,
    entered: bool,
    fired: Option<&Transition>,
) -> Vec<TimerId> {
    let entries: &[StateId] = if entered { &[to] } else { &[] };
    restarts_entering(model, from, to, entries, fired)
}

/// Rules S6, S14 and S18 for a step along one chain of states (no parallel state active):
/// which timers that run in `to` start their clocks again after a step from `from` that
/// entered `entries`, with `fired` the transition that fired: [`restarts_config`]'s rule for one chain.
pub fn restarts_entering(
    model: &Model,
    from: StateId,
    to: StateId,
    entries: &[StateId],
    fired: Option<&Transition>,
) -> Vec<TimerId> {
    restarts_among(model, from, model.timers_in(to), entries, |id, _| {
        fired.is_some_and(|t| resets(model, t, id))
    })
}

/// Rules S6, S14, S18 and S27 for a microstep from `before` to the configuration `atoms`,
/// which entered `entries`, by the transitions `fired` (none for an expiry or a resolution):
/// a transition's `reset_by` or `restarts:` acts on the timers of the states it concerns, its
/// *scope*: the states inside its domain (inside its source, for an internal transition) and
/// the states around that. Without parallel states every running timer is in scope, and this
/// is [`restarts_entering`].
pub fn restarts_config(
    model: &Model,
    before: &Config,
    atoms: &[StateId],
    entries: &[StateId],
    fired: &[TransitionId],
) -> Vec<TimerId> {
    let from = before.state(model);
    let in_scope = |id: TransitionId, timer: &Timer| {
        let Some(home) = timer.state() else {
            return true;
        };
        scope_root(model, before, id)
            .is_none_or(|root| model.is_within(home, root) || model.is_within(root, home))
    };
    restarts_among(
        model,
        from,
        model.timers_in_all(atoms).into_iter(),
        entries,
        |id, timer| {
            fired
                .iter()
                .any(|&t| resets(model, model.transition(t), id) && in_scope(t, timer))
        },
    )
}

/// Rules S6, S14 and S18: which of the timers that run after a step from `from` that entered
/// `entries` start their clocks again ([`restarts_timer`] for each, `reset` saying whether a
/// transition that fired resets it), in [`TimerId`] order. A state's timer (a compound
/// state's too) counts as entered when its state is among `entries`; a spanning timer when
/// the step entered anything, and its set is entered from outside when `from` lies outside
/// every state of the set. An input that is refused restarts nothing.
fn restarts_among<'m>(
    model: &'m Model,
    from: StateId,
    running: impl Iterator<Item = (TimerId, &'m Timer)>,
    entries: &[StateId],
    reset: impl Fn(TimerId, &Timer) -> bool,
) -> Vec<TimerId> {
    running
        .filter(|&(id, timer)| {
            let entered = match timer.state() {
                Some(home) => entries.contains(&home),
                None => !entries.is_empty(),
            };
            restarts_timer(
                timer.is_spanning(),
                timer.states().iter().any(|&s| model.is_within(from, s)),
                true,
                entered,
                reset(id, timer),
            )
        })
        .map(|(id, _)| id)
        .collect()
}
