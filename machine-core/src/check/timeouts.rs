//! Checks of a state's timeouts. Each timeout's clock starts when the state is entered and
//! restarts on every accepted event of its `reset_by`; timeouts due at the same instant expire
//! in spec order, and once a `to` or `end` expiry leaves the state, later ones do not fire.
//! A named duration's value is not known: it compares only with itself (equal).

use std::cmp::Ordering;

use std::collections::BTreeSet;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{EventId, Expiry, Model, Timeout};

/// A timeout's reset event must be one the state accepts, or it can never reset anything.
pub(super) fn reset_never_occurs(model: &Model) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for state in model.state_ids() {
        let accepted = model.accepted_events(state);
        let name = &model.state(state).name.spec;
        for (_, timer) in model.own_timers_in(state) {
            let timeout = &timer.timeout;
            for (&event, &span) in timeout.reset_by.iter().zip(&timeout.reset_by_spans) {
                if accepted.binary_search(&event).is_ok() {
                    continue;
                }
                let event = &model.event(event).name.spec;
                findings.push(
                    Diagnostic::new(
                        Code::ResetNeverOccurs,
                        span,
                        format!("event `{event}` never occurs in state `{name}`, so it cannot reset this timeout"),
                    )
                    .with_help(format!(
                        "add a transition `from: {name}` `on: {event}` (an internal one keeps the state), or remove it from `reset_by`"
                    )),
                );
            }
        }
    }
    for (_, timer) in model.spanning_timers() {
        let timeout = &timer.timeout;
        for (&event, &span) in timeout.reset_by.iter().zip(&timeout.reset_by_spans) {
            let occurs = timer
                .states()
                .iter()
                .any(|&s| model.accepted_events(s).binary_search(&event).is_ok());
            if occurs {
                continue;
            }
            let event = &model.event(event).name.spec;
            let states: Vec<&str> = timer
                .states()
                .iter()
                .map(|&s| model.state(s).name.spec.as_str())
                .collect();
            findings.push(
                Diagnostic::new(
                    Code::ResetNeverOccurs,
                    span,
                    format!(
                        "event `{event}` never occurs in any state of timer `{}` ({}), so it cannot reset it",
                        timer.name.spec,
                        states.join(", ")
                    ),
                )
                .with_help(format!(
                    "add a transition `on: {event}` from one of those states, or remove it from `reset_by`"
                )),
            );
        }
    }
    findings
}

/// Timeout `j` of a state never fires when another timeout `i` leaves the state and is
/// always at least as far along: `i`'s resets are among `j`'s, and `i` is shorter, or as
/// long and written first.
pub(super) fn dead_timeouts(model: &Model) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for state in model.state_ids() {
        let timeouts: Vec<&Timeout> = model
            .own_timers_in(state)
            .map(|(_, t)| &t.timeout)
            .collect();
        let resets = reset_sets(&timeouts);
        for (j, dead) in timeouts.iter().enumerate() {
            let Some(i) = killer(&timeouts, &resets, j) else {
                continue;
            };
            let first = timeouts[i];
            let (after, name) = (&dead.after.text, &model.state(state).name.spec);
            let why = if first.after.compare(&dead.after) == Some(Ordering::Less) {
                "always expires first"
            } else {
                "expires at the same instant and comes first"
            };
            findings.push(
                Diagnostic::new(
                    Code::DeadTimeout,
                    dead.span,
                    format!("the `{after}` timeout of state `{name}` can never fire"),
                )
                .with_label("never fires: another timeout leaves the state first")
                .with_secondary(
                    first.span,
                    format!("this timeout {}, and {why}", leaves(model, first)),
                )
                .with_help(if first.after.named.is_some() {
                    format!(
                        "give it a duration other than `{}`, or remove it",
                        first.after.text
                    )
                } else {
                    format!(
                        "shorten it to less than `{}`, or remove it",
                        first.after.text
                    )
                }),
            );
        }
    }
    findings
}

/// Two timeouts that always expire at the same instant, where the later one still fires
/// (the earlier one only notifies): probably meant to differ, and their order matters.
pub(super) fn simultaneous_timeouts(model: &Model) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for state in model.state_ids() {
        let timeouts: Vec<&Timeout> = model
            .own_timers_in(state)
            .map(|(_, t)| &t.timeout)
            .collect();
        let resets = reset_sets(&timeouts);
        for (j, later) in timeouts.iter().enumerate() {
            if killer(&timeouts, &resets, j).is_some() {
                continue;
            }
            let Some(earlier) = (0..j).find(|&i| {
                timeouts[i].after.compare(&later.after) == Some(Ordering::Equal)
                    && resets[i] == resets[j]
            }) else {
                continue;
            };
            let name = &model.state(state).name.spec;
            findings.push(
                Diagnostic::new(
                    Code::SimultaneousTimeouts,
                    later.span,
                    format!(
                        "two timeouts of state `{name}` always expire at the same instant"
                    ),
                )
                .with_label("expires together with an earlier timeout")
                .with_secondary(
                    timeouts[earlier].span,
                    "this one expires at the same instant, and first",
                )
                .with_help(
                    "give them different durations, or merge them; timeouts due at the same instant expire in spec order",
                ),
            );
        }
    }
    findings
}

/// Each timeout's reset events, as a set.
fn reset_sets(timeouts: &[&Timeout]) -> Vec<BTreeSet<EventId>> {
    timeouts
        .iter()
        .map(|t| t.reset_by.iter().copied().collect())
        .collect()
}

/// The first timeout (in spec order) that always leaves the state before timeout `j` fires.
fn killer(timeouts: &[&Timeout], resets: &[BTreeSet<EventId>], j: usize) -> Option<usize> {
    let dead = timeouts[j];
    (0..timeouts.len()).find(|&i| {
        let first = timeouts[i];
        i != j
            && !matches!(first.expiry, Expiry::Notify(_))
            && resets[i].is_subset(&resets[j])
            && match first.after.compare(&dead.after) {
                Some(Ordering::Less) => true,
                Some(Ordering::Equal) => i < j,
                Some(Ordering::Greater) | None => false,
            }
    })
}

/// What a leaving timeout does, in words: "moves to `B`" or "ends the lifecycle".
fn leaves(model: &Model, timeout: &Timeout) -> String {
    match timeout.expiry {
        Expiry::Transition(to) => format!("moves to `{}`", model.state(to).name.spec),
        Expiry::End(_) => "ends the lifecycle".to_owned(),
        Expiry::Notify(_) => "notifies".to_owned(),
    }
}
