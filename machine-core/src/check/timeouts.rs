//! Checks of the timers: a state's timeouts and the timers across states. Which timer beats
//! which is the interpreter's own analysis ([`race`]): clocks start and restart as rules S6
//! and S14 say, timers due at the same instant expire in [`TimerId`] order, and once a `to` or
//! `end` expiry leaves the state, later ones do not fire there. A named duration's value is
//! not known: it compares with itself, and with others as `shorter_than:` orders them.

use std::cmp::Ordering;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Expiry, Model, Timeout, TimerId};
use crate::semantics::race;

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

/// A timer that never expires: in every state it runs in, another timer always leaves
/// first ([`race::beaten_by`]: shorter, or as long and first, started no later, and
/// restarted whenever it is), a state's own timeouts and the timers across states alike.
pub(super) fn dead_timeouts(model: &Model) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for (dead, timer) in model.timers_with_ids() {
        let beaten: Option<Vec<TimerId>> = timer
            .states()
            .iter()
            .map(|&s| race::beaten_by(model, s, dead))
            .collect();
        let Some(&first) = beaten.as_deref().and_then(<[TimerId]>::first) else {
            continue;
        };
        let (dead_timeout, killer) = (&timer.timeout, model.timer(first));
        let why = if model.compare_durations(&killer.timeout.after, &dead_timeout.after)
            == Some(Ordering::Less)
        {
            "always expires first"
        } else {
            "expires at the same instant and comes first"
        };
        let after = &dead_timeout.after.text;
        let message = match timer.state() {
            Some(state) => format!(
                "the `{after}` timeout of state `{}` can never fire",
                model.state(state).name.spec
            ),
            None => format!(
                "timer `{}` can never fire: in each of its states another timer leaves first",
                timer.name.spec
            ),
        };
        let who = if killer.is_spanning() {
            format!("timer `{}`", killer.name.spec)
        } else {
            "this timeout".to_owned()
        };
        findings.push(
            Diagnostic::new(Code::DeadTimeout, dead_timeout.span, message)
                .with_label("never fires: another timer leaves the state first")
                .with_secondary(
                    killer.timeout.span,
                    format!("{who} {}, and {why}", leaves(model, &killer.timeout)),
                )
                .with_help(if killer.timeout.after.named.is_some() {
                    format!(
                        "give it a duration other than `{}` (or order the durations with `shorter_than:`), or remove it",
                        killer.timeout.after.text
                    )
                } else {
                    format!(
                        "shorten it to less than `{}`, or remove it",
                        killer.timeout.after.text
                    )
                }),
        );
    }
    findings
}

/// Two timers that always expire at the same instant ([`race::simultaneous`]), where the
/// later one still fires (the earlier one only notifies): probably meant to differ, and their
/// order matters.
pub(super) fn simultaneous_timeouts(model: &Model) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for (later, timer) in model.timers_with_ids() {
        if timer
            .states()
            .iter()
            .all(|&s| race::beaten_by(model, s, later).is_some())
        {
            // It never fires at all: `dead_timeouts` says so.
            continue;
        }
        let earlier = model.timers_with_ids().take(later.index()).find(|&(k, t)| {
            matches!(t.timeout.expiry, Expiry::Notify(_))
                && t.timeout.guards.is_empty()
                && timer.states().iter().any(|s| t.states().contains(s))
                && race::simultaneous(model, k, later)
        });
        let Some((_, first)) = earlier else {
            continue;
        };
        let message = match timer.state() {
            Some(state) => format!(
                "two timeouts of state `{}` always expire at the same instant",
                model.state(state).name.spec
            ),
            None => format!(
                "timers `{}` and `{}` always expire at the same instant",
                first.name.spec, timer.name.spec
            ),
        };
        findings.push(
            Diagnostic::new(Code::SimultaneousTimeouts, timer.timeout.span, message)
                .with_label("expires together with an earlier timeout")
                .with_secondary(
                    first.timeout.span,
                    "this one expires at the same instant, and first",
                )
                .with_help(
                    "give them different durations, or merge them; timeouts due at the same instant expire in spec order",
                ),
        );
    }
    findings
}

/// What a leaving timeout does, in words: "moves to `B`" or "ends the lifecycle".
fn leaves(model: &Model, timeout: &Timeout) -> String {
    match timeout.expiry {
        Expiry::Transition(to) => format!("moves to `{}`", model.state(to).name.spec),
        Expiry::Recall(h) => format!("moves to `{}`", model.history(h).name.spec),
        Expiry::End(_) => "ends the lifecycle".to_owned(),
        Expiry::Notify(_) => "notifies".to_owned(),
    }
}
