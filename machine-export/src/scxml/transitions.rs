//! The `<transition>`s of a state: those written on it, each on its event, eventless (rule
//! S21: no `event`) or on the completion of the state (rule S20: `done.state.ID`, raised when
//! a `<final>` child of it is entered); and its timeouts' expiries, each on its delayed event.

use std::fmt::Write as _;

use machine_core::model::{
    Expiry, HistoryId, Model, Origin, StateId, Target, TimerId, Transition, Trigger,
};
use machine_core::semantics;

use super::{
    ENDED, HISTORY, actions, cancel, cond, doc_attribute, done_event, escape, event_name,
    history_id, recall_id, resume_event, send, state_id, timeout_event,
};

/// The `event` of a transition written on `from` with `trigger`: the event's name, the
/// completion event of `from` for a completion transition, none for an eventless one.
fn trigger_event(model: &Model, from: StateId, trigger: Trigger) -> Option<String> {
    match trigger {
        Trigger::Event(event) => Some(event_name(model, event).to_owned()),
        Trigger::Done => Some(done_event(model, from)),
        Trigger::Always => None,
    }
}

/// The transitions written on state `id`, in the order written; with `exit_on_transitions`,
/// each that leaves it runs the state's `exit:` actions first (a state with an `end:`
/// timeout, see the module above).
pub(super) fn written(
    body: &mut String,
    model: &Model,
    id: StateId,
    exit_on_transitions: bool,
    inner: &str,
) {
    let state = model.state(id);
    let deeper = format!("{inner}  ");
    for (_, t) in model.transitions_from(id) {
        let mut attributes = String::new();
        let mut content = String::new();
        let event = match t.target {
            Target::State(to)
                if matches!(model.fault.as_ref(), Some(f) if t.event() == Some(f.resume)
                    && f.state == id && t.origin == Origin::FaultExit) =>
            {
                // A resume_to exit: its own event, since the resume event returns to history.
                let _ = write!(attributes, " target=\"{}\"", state_id(model, to));
                Some(resume_event(model, to))
            }
            Target::State(to) => {
                let _ = write!(attributes, " target=\"{}\"", state_id(model, to));
                trigger_event(model, id, t.trigger)
            }
            Target::History => {
                let _ = write!(attributes, " target=\"{HISTORY}\"");
                trigger_event(model, id, t.trigger)
            }
            Target::Recall(h) => {
                let _ = write!(attributes, " target=\"{}\"", recall_target(model, id, h));
                trigger_event(model, id, t.trigger)
            }
            Target::Internal => trigger_event(model, id, t.trigger),
        };
        if let Some(cond) = cond(model, &t.guards) {
            let _ = write!(attributes, " cond=\"{}\"", escape(&cond));
        }
        if let Origin::Incident(incident) = t.origin {
            let _ = write!(
                attributes,
                " m:incident=\"{}\"",
                escape(&model.incident(incident).name.spec)
            );
        }
        super::declarations::restarts(&mut attributes, model, t);
        doc_attribute(&mut attributes, &t.doc);
        if exit_on_transitions && t.target != Target::Internal {
            actions(&mut content, model, &state.exit, &deeper);
        }
        actions(&mut content, model, &t.actions, &deeper);
        // Rule S6: the timers it restarts in place (with a target: those of its domain and
        // around it, which it leaves as they are).
        let timers = crate::kept_restarts(model, t);
        if model.parallel_around(id).next().is_some() {
            own_restarts(&mut content, model, &timers, &deeper);
        } else {
            for timer in timers {
                cancel(&mut content, model, timer, &deeper);
                send(&mut content, model, timer, &deeper);
            }
        }
        if t.target == Target::Internal {
            inner_restarts(&mut content, model, id, t, &deeper);
        }
        transition(body, inner, event.as_deref(), &attributes, &content);
    }
}

/// Rule S6 for a transition written inside a parallel state (or on one): `timers`, those it
/// restarts in place ([`kept_restarts`](crate::kept_restarts)), each restarted within `<if cond="In('S')">`
/// of its own state `S`. Another region's transition may fire in the same step and leave that
/// state; SCXML runs the transitions' content after every exit, and a timer restarted there
/// would run on outside its state.
fn own_restarts(out: &mut String, model: &Model, timers: &[TimerId], indent: &str) {
    let deeper = format!("{indent}  ");
    for &timer in timers {
        let Some(state) = model.timer(timer).state() else {
            continue;
        };
        let _ = writeln!(
            out,
            "{indent}<if cond=\"In('{}')\">",
            state_id(model, state)
        );
        cancel(out, model, timer, &deeper);
        send(out, model, timer, &deeper);
        let _ = writeln!(out, "{indent}</if>");
    }
}

/// Rule S6 for an internal transition `t` written on compound state `id`: the timers it
/// restarts run where the machine is, inside `id`; those of a state inside `id` only while
/// the machine is in that state: `<if cond="In('S')">` around their `<cancel>` and `<send>`.
fn inner_restarts(out: &mut String, model: &Model, id: StateId, t: &Transition, indent: &str) {
    let deeper = format!("{indent}  ");
    for inner in model
        .state_ids()
        .filter(|&s| s != id && model.is_within(s, id))
    {
        let timers: Vec<TimerId> = model
            .own_timers_in(inner)
            .map(|(timer, _)| timer)
            .filter(|&timer| semantics::resets(model, t, timer))
            .collect();
        if timers.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "{indent}<if cond=\"In('{}')\">",
            state_id(model, inner)
        );
        for timer in timers {
            cancel(out, model, timer, &deeper);
            send(out, model, timer, &deeper);
        }
        let _ = writeln!(out, "{indent}</if>");
    }
}

/// The expiries of the timeouts of state `id`, each a transition on its delayed event: written
/// in `id`, or in its parent when `id` is a final state inside it (a `<final>` holds no
/// transition; its delayed events, sent and cancelled by the `<final>`, come only while the
/// machine is in it).
pub(super) fn timeouts(body: &mut String, model: &Model, id: StateId, inner: &str) {
    let state = model.state(id);
    let deeper = format!("{inner}  ");
    let exit_on_transitions = super::exit_on_transitions(model, id);
    for &timer in &state.timeouts {
        let timeout = &model.timer(timer).timeout;
        let mut attributes = String::new();
        let mut content = String::new();
        let after = escape(&timeout.after.text);
        match &timeout.expiry {
            Expiry::Transition(to) => {
                let _ = write!(
                    attributes,
                    " target=\"{}\" m:after=\"{after}\"",
                    state_id(model, *to)
                );
                if exit_on_transitions {
                    actions(&mut content, model, &state.exit, &deeper);
                }
            }
            Expiry::Recall(h) => {
                let _ = write!(
                    attributes,
                    " target=\"{}\" m:after=\"{after}\"",
                    recall_target(model, id, *h)
                );
                if exit_on_transitions {
                    actions(&mut content, model, &state.exit, &deeper);
                }
            }
            Expiry::End(how) => {
                let _ = write!(
                    attributes,
                    " target=\"{ENDED}\" m:after=\"{after}\" m:end=\"{}\"",
                    escape(how)
                );
            }
            Expiry::Notify(who) => {
                let _ = write!(
                    attributes,
                    " m:after=\"{after}\" m:notify=\"{}\"",
                    escape(who)
                );
            }
        }
        if let Some(cond) = cond(model, &timeout.guards) {
            let _ = write!(attributes, " cond=\"{}\"", escape(&cond));
        }
        actions(&mut content, model, &timeout.actions, &deeper);
        super::declarations::reset_by(&mut attributes, model, timeout);
        doc_attribute(&mut attributes, &timeout.doc);
        let event = timeout_event(model, timer);
        transition(body, inner, Some(&event), &attributes, &content);
    }
}

/// The `target` of a transition or timeout written on `source` that goes to history state
/// `history`: the history's id, or the transient state on the way to it
/// ([`detours`](crate::detours)).
fn recall_target(model: &Model, source: StateId, history: HistoryId) -> String {
    if crate::detours(model, source, history) {
        recall_id(model, history)
    } else {
        history_id(model, history)
    }
}

/// One `<transition>`: on `event`, or eventless without one.
fn transition(
    out: &mut String,
    indent: &str,
    event: Option<&str>,
    attributes: &str,
    content: &str,
) {
    out.push_str(indent);
    out.push_str("<transition");
    if let Some(event) = event {
        let _ = write!(out, " event=\"{event}\"");
    }
    out.push_str(attributes);
    if content.is_empty() {
        out.push_str("/>\n");
    } else {
        let _ = write!(out, ">\n{content}{indent}</transition>\n");
    }
}
