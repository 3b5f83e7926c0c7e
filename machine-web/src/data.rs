//! The one reading of a [`Model`] for the web: the JSON object the JavaScript runtime, the
//! simulator page and the TypeScript module read. Every field the runtime's rules need is
//! written here and nowhere else, so a change of the model touches this file alone.
//!
//! Everything is numbered as in the model (states, events, guards, actions, transitions,
//! incidents, named durations and history states by their ids; timers by [`TimerId`]
//! order), and every list keeps the model's order, so rule S2's try order and rule S10's tie
//! order carry over.
//! Object keys are written in sorted order: the same model always gives the same bytes.
//!
//! [`TimerId`]: machine_core::model::TimerId

use machine_core::model::{
    Duration, EventId, Expiry, GuardTest, Origin, StateId, Target, TimerId, Trigger,
};
use machine_core::semantics::{Refusal, settle_bound};
use machine_core::{Model, words};
use serde_json::{Value, json};

/// The model as the runtime reads it (see the module docs and `js/runtime/types.js`).
pub fn model(model: &Model) -> Value {
    json!({
        "name": model.name.spec,
        "doc": model.doc,
        "source": model.source_name,
        "wireCaseInsensitive": model.wire_case_insensitive,
        "states": model.states.iter().map(|s| json!({
            "name": s.name.spec,
            "rust": s.name.rust,
            "wire": wire(&s.wire, &s.wire_aliases),
            "doc": s.doc,
            "final": s.is_final,
            "fault": s.is_fault,
            // Rule S22: its children are regions, all active at once.
            "parallel": s.parallel,
            "entry": ids(s.entry.iter().map(|a| a.index())),
            "exit": ids(s.exit.iter().map(|a| a.index())),
            "parent": s.parent.map(StateId::index),
            "initial": s.initial.map(StateId::index),
        })).collect::<Vec<_>>(),
        "events": model.events.iter().map(|e| json!({
            "name": e.name.spec,
            "rust": e.name.rust,
            "wire": wire(&e.wire, &e.wire_aliases),
            "doc": e.doc,
        })).collect::<Vec<_>>(),
        "guards": model.guards.iter().map(|g| json!({
            "name": g.name.spec,
            "rust": g.name.rust,
            "doc": g.doc,
        })).collect::<Vec<_>>(),
        "actions": model.actions.iter().map(|a| json!({
            "name": a.name.spec,
            "rust": a.name.rust,
            "doc": a.doc,
        })).collect::<Vec<_>>(),
        "durations": model.durations.iter().map(|d| json!({
            "name": d.name.spec,
            "rust": d.name.rust,
            "doc": d.doc,
            "shorterThan": ids(d.shorter_than.iter().map(|b| b.index())),
        })).collect::<Vec<_>>(),
        "starts": model.starts.iter().map(|s| json!({
            "name": s.name.as_ref().map(|n| n.spec.clone()),
            "rust": s.name.as_ref().map(|n| n.rust.clone()),
            "state": s.state.index(),
        })).collect::<Vec<_>>(),
        "transitions": model.transitions_with_ids().map(|(id, t)| json!({
            "from": t.from.index(),
            // Rules S20 and S21: what fires it; `event` is null for an eventless (`always`) or
            // a completion (`done`) transition.
            "trigger": match t.trigger {
                Trigger::Event(_) => "event",
                Trigger::Always => "always",
                Trigger::Done => "done",
            },
            "event": t.event().map(EventId::index),
            "to": match t.target {
                Target::State(s) => json!(s.index()),
                Target::Internal => json!("internal"),
                Target::History => json!("history"),
                Target::Recall(h) => json!({ "recall": h.index() }),
            },
            "guards": guard_tests(&t.guards),
            "actions": ids(t.actions.iter().map(|a| a.index())),
            "restarts": t.restarts.as_ref().map(|list| ids(list.iter().map(|t| t.index()))),
            "origin": match t.origin {
                Origin::Spec => "spec",
                Origin::Incident(_) => "incident",
                Origin::FaultEntry => "faultEntry",
                Origin::FaultExit => "faultExit",
            },
            "incident": match t.origin {
                Origin::Incident(i) => json!(i.index()),
                _ => Value::Null,
            },
            "label": words::transition_label(model, id),
            "doc": t.doc,
        })).collect::<Vec<_>>(),
        "fault": model.fault.as_ref().map(|f| json!({
            "state": f.state.index(),
            "enter": f.enter.index(),
            "resume": f.resume.index(),
            "sources": ids(f.sources.iter().map(|s| s.index())),
            "resumeTo": ids(f.resume_to.iter().map(|s| s.index())),
        })),
        "incidents": model.incidents.iter().map(|i| json!({
            "name": i.name.spec,
            "rust": i.name.rust,
            "states": ids(i.states.iter().map(|s| s.index())),
            "noState": i.no_state,
            "event": i.event,
            "resolution": i.resolution,
            "transition": i.transition.map(|(event, to)| json!({
                "event": event.index(),
                "to": to.index(),
            })),
        })).collect::<Vec<_>>(),
        "timers": timers(model),
        "histories": histories(model),
        // Rule S21's bound: how many automatic steps one input may lead to (`settle_bound`).
        "settleBound": settle_bound(model),
        "words": {
            "refusals": refusals(),
            "resumeOutsideFault": words::RESUME_OUTSIDE_FAULT,
            "resumeWithoutFault": words::RESUME_WITHOUT_FAULT,
        },
    })
}

/// How each refusal is worded (`machine_core::words::refusal_format`, with `{}` where the
/// name of its guard or state goes), by the runtime's name of its kind.
fn refusals() -> Value {
    let guard = machine_core::model::GuardId::from_index(0);
    let state = machine_core::model::StateId::from_index(0);
    let kinds = [
        ("noTransition", Refusal::NoTransition),
        ("guardFailed", Refusal::GuardFailed(guard)),
        ("guardHolds", Refusal::GuardHolds(guard)),
        ("unknownHistory", Refusal::UnknownHistory),
        ("cannotResumeTo", Refusal::CannotResumeTo(state)),
        ("noTimeout", Refusal::NoTimeout),
        ("unsettled", Refusal::Unsettled),
        ("ended", Refusal::Ended),
    ];
    Value::Object(
        kinds
            .into_iter()
            .map(|(kind, refusal)| (kind.to_owned(), words::refusal_format(&refusal).into()))
            .collect(),
    )
}

/// Every timer in [`TimerId`] order (the states' timeouts, then the spanning ones), with its
/// names (`rust`: the generated `Timer` variant; `name`: what `expire(..)` and
/// `Timer::name` say), how `machine run` words it (`text`) and how the diagrams label it
/// (`label`, both from `machine_core::words`). `states` is the timer's state, or a spanning
/// timer's set.
fn timers(model: &Model) -> Vec<Value> {
    model
        .timers_with_ids()
        .map(|(id, t)| timer(model, id, t))
        .collect()
}

fn timer(model: &Model, id: TimerId, t: &machine_core::model::Timer) -> Value {
    let timeout = &t.timeout;
    json!({
        "name": t.name.spec,
        "rust": t.name.rust,
        "named": t.named,
        "text": words::timer(model, id),
        "label": words::timer_label(model, id),
        "states": ids(t.states().iter().map(|s| s.index())),
        "spanning": t.is_spanning(),
        "after": after(&timeout.after),
        "expiry": match &timeout.expiry {
            Expiry::Transition(to) => json!({ "to": to.index() }),
            Expiry::Recall(h) => json!({ "recall": h.index() }),
            Expiry::End(how) => json!({ "end": how }),
            Expiry::Notify(who) => json!({ "notify": who }),
        },
        "resetBy": ids(timeout.reset_by.iter().map(|e| e.index())),
        "guards": guard_tests(&timeout.guards),
        "actions": ids(timeout.actions.iter().map(|a| a.index())),
        "doc": timeout.doc,
    })
}

/// The history states (rule S19), in [`HistoryId`] order (a transition's `{ "recall": k }`
/// names the `k`-th): its name, its compound state, whether it is deep, the state it enters
/// when the compound state was never left, and how `machine run` words it (`text`, from
/// `machine_core::words::history`).
///
/// [`HistoryId`]: machine_core::model::HistoryId
fn histories(model: &Model) -> Vec<Value> {
    model
        .histories_with_ids()
        .map(|(id, h)| {
            json!({
                "name": h.name.spec,
                "rust": h.name.rust,
                "state": h.state.index(),
                "deep": h.deep,
                "default": h.default.index(),
                "text": words::history(model, id),
                "doc": h.doc,
            })
        })
        .collect()
}

/// A guard list (rule S15): each test as its guard and whether it is negated (`!name`).
fn guard_tests(tests: &[GuardTest]) -> Value {
    tests
        .iter()
        .map(|test| json!({ "guard": test.guard.index(), "negated": test.negated }))
        .collect()
}

fn after(duration: &Duration) -> Value {
    json!({
        "text": duration.text,
        "seconds": duration.seconds,
        "named": duration.named.map(machine_core::model::DurationId::index),
    })
}

/// Every wire name of a state or an event, the one `Display` writes first.
fn wire(first: &str, aliases: &[String]) -> Vec<String> {
    std::iter::once(first.to_owned())
        .chain(aliases.iter().cloned())
        .collect()
}

fn ids(ids: impl Iterator<Item = usize>) -> Vec<usize> {
    ids.collect()
}
