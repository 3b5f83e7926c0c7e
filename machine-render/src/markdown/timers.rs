//! The tables of time: the timeouts and timers (with what restarts their clocks) and the
//! named durations (with their order).

use std::fmt::Write;

use machine_core::model::{Expiry, Model, Target, TimerId, Transition};
use machine_core::{semantics, words};

use super::{action_list, cell, code, escape, table};

/// The timeouts: state, duration, what happens at expiry (moves to a state, the lifecycle
/// ends, or someone is notified), the events that restart the clock, and the description;
/// then the timers that span several states (`timers:`), each with its states and name.
/// Empty (no text) when there is no timer.
pub fn timeout_table(model: &Model) -> String {
    let guarded = model.timers.iter().any(|t| !t.timeout.guards.is_empty());
    let rows: Vec<Vec<String>> = model
        .timers_with_ids()
        .map(|(id, t)| {
            // A state's timeout: its state; a timer that spans several states: its states;
            // then its name when it has one.
            let states: Vec<String> = t
                .states()
                .iter()
                .map(|&s| code(&model.state(s).name.spec))
                .collect();
            let mut where_ = states.join(", ");
            if t.is_spanning() || t.named {
                let _ = write!(where_, " ({})", code(&t.name.spec));
            }
            let timeout = &t.timeout;
            let mut then = match &timeout.expiry {
                Expiry::Transition(to) => format!("moves to {}", code(&model.state(*to).name.spec)),
                Expiry::Recall(h) => format!("moves to {}", super::history::target(model, *h)),
                Expiry::End(how) => format!("the lifecycle ends: {}", cell(how)),
                Expiry::Notify(who) => format!("notifies, the state stays: {}", cell(who)),
            };
            if !timeout.actions.is_empty() {
                let _ = write!(then, "; runs {}", action_list(model, &timeout.actions));
            }
            let mut row = vec![where_, escape(&timeout.after.text)];
            if guarded {
                let guards: Vec<String> = timeout
                    .guards
                    .iter()
                    .map(|&g| code(&words::guard_test(model, g)))
                    .collect();
                row.push(guards.join(", "));
            }
            row.extend([then, reset_by(model, id), cell(&timeout.doc)]);
            row
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    let mut header = vec!["State", "After"];
    if guarded {
        header.push("Guards");
    }
    header.extend(["Then", "Reset by", "Description"]);
    table(&header, rows)
}

/// What restarts a timer's clock besides entering its states (rule S6): the events of its
/// `reset_by`, the transitions whose `restarts:` names it, and the transitions on a `reset_by`
/// event whose `restarts:` leaves it out.
fn reset_by(model: &Model, id: TimerId) -> String {
    let timer = model.timer(id);
    let mut cells: Vec<String> = timer
        .timeout
        .reset_by
        .iter()
        .map(|&e| code(&model.event(e).name.spec))
        .collect();
    let runs_after = |t: &Transition| match t.target {
        Target::State(to) => timer.states().contains(&to),
        Target::Recall(h) => timer.states().contains(&model.history(h).state),
        Target::Internal | Target::History => timer.states().contains(&t.from),
    };
    for t in model
        .transitions
        .iter()
        .filter(|t| t.restarts.is_some() && runs_after(t))
    {
        let listed = t
            .event()
            .is_some_and(|event| semantics::event_resets(model, event, id));
        let resets = semantics::resets(model, t, id);
        if listed != resets {
            let which = format!(
                "{} from {}",
                super::trigger(model, t.trigger),
                code(&model.state(t.from).name.spec)
            );
            cells.push(if resets {
                which
            } else {
                format!("not {which}")
            });
        }
    }
    cells.join(", ")
}

/// The named durations with what they are; their values come from the user's code. Empty (no
/// text) when the spec has none.
pub fn duration_table(model: &Model) -> String {
    if model.durations.is_empty() {
        return String::new();
    }
    let ordered = model.durations.iter().any(|d| !d.shorter_than.is_empty());
    let rows = model.durations.iter().map(|d| {
        let mut row = vec![code(&d.name.spec), cell(&d.doc)];
        if ordered {
            let longer: Vec<String> = d
                .shorter_than
                .iter()
                .map(|&l| code(&model.durations[l.index()].name.spec))
                .collect();
            row.push(longer.join(", "));
        }
        row
    });
    let mut header = vec!["Duration", "What it is (the value comes from the code)"];
    if ordered {
        header.push("Shorter than");
    }
    table(&header, rows)
}
