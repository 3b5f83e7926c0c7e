//! The machine as an [XState](https://stately.ai/docs/xstate) v5 machine config (JSON), for `createMachine`.
//!
//! - Each state is a state node keyed by its spec name, with its doc as `description` and its
//!   wire name, whether it is final in the spec and its timeouts' delays (in spec order) in
//!   `meta`.
//! - Each event is an event type named as in the spec. A transition's guards are named
//!   conditions: `guard: "name"` for one, `{ "type": "all", "params": { "guards": [...] } }`
//!   for several or a negated one (all must hold; `!name` must not, rule S15); the user
//!   provides them (`machine.provide({ guards })`).
//! - An eventless transition (`always: true`, rule S21) is one of the state's `always`
//!   transitions, and a completion transition (`done: true`, rule S20) one of its `onDone`,
//!   each in the order written; a final state inside a compound state is a `"type": "final"`
//!   node, whose entry completes its parent (a final state of the top level is an ordinary
//!   node, `meta.final` saying what it is).
//! - A timeout is a delayed transition (`after`, in milliseconds, or, for a named duration,
//!   the duration's name: a delay the user provides, `machine.provide({ delays })`): `to:` targets its state,
//!   `end:` the final state `(ended)`, `notify:` has no target. An internal transition whose
//!   event resets a timeout re-enters its state, which restarts the state's clocks.
//! - A parallel state (rules S22 to S29) is a `"type": "parallel"` node whose `states` are its
//!   regions (no `initial`: every region is entered), its completion (rule S28) one of its
//!   `onDone`; a history node of it targets a state in each region
//!   ([`history_targets`](crate::history_targets)). Where `XState` 5 departs from the rules
//!   with parallel states, [`gaps`] warns.
//! - With a fault state, every other state is a child of `(lifecycle)`, which has a shallow
//!   history state `(history)` (deep when states nest): entering the fault state leaves
//!   `(lifecycle)`, and the resume event targets the history. Resuming to a `resume_to`
//!   state is the event `resume(State)`.
//! - A compound state's history states (rule S19) are history nodes among its `states`,
//!   keyed by their spec names (`{ "type": "history", "history": "deep", "target":
//!   "#Order.Open.Packing" }`, the target its default); a transition to one targets it
//!   (`#Order.Open.Resume`), re-entering (`reenter: true`) when its source is the compound
//!   state or lies inside it or around it, since rule S16 leaves and enters them. From two or
//!   more levels inside the compound state, it targets a transient node `(recall NAME)`
//!   among the compound state's `states` instead, whose `always` transition targets the
//!   history, so that the step leaves every state inside the compound state as rule S19 says
//!   ([`detours`](crate::detours)).
//!
//! `(lifecycle)`, `(history)`, `(ended)` and `(recall NAME)` cannot clash with a state: names
//! have no parentheses. Targets are absolute (`#Job.(lifecycle).Shipping`). The root's `meta`
//! carries [`generated_header`]. Text is escaped by the JSON serializer.

use serde_json::{Map, Value, json};

use machine_core::model::{
    Expiry, GuardTest, HistoryId, Model, Origin, StateId, Target, Timeout, Trigger,
};
use machine_core::semantics;

use machine_core::words::{self, generated_header};

/// The parent of every state but the fault state, when there is one.
pub const LIFECYCLE: &str = "(lifecycle)";
/// The history state inside [`LIFECYCLE`].
pub const HISTORY: &str = "(history)";
/// The final state an `end:` timeout moves to.
pub const ENDED: &str = "(ended)";

mod gaps;
pub use gaps::gaps;

/// The `XState` v5 machine config of `model`, as pretty JSON ending with a newline.
/// Timers that span several states (`timers:`) are left out: check
/// [`unexportable`](crate::unexportable) first, which refuses such a spec.
///
/// ```
/// let source = machine_core::SourceFile::new(
///     "light.yaml",
///     "machine: Light\ninitial: Off\nstates: { Off: {}, On: {} }\n\
///      events: { Flip: {} }\ntransitions:\n  - { from: Off, on: Flip, to: On }\n  - { from: On, on: Flip, to: Off }\n",
/// );
/// let model = machine_core::compile(&source).model.unwrap();
/// let json = machine_export::xstate::render(&model);
/// assert!(json.contains("\"target\": \"#Light.On\""));
/// ```
pub fn render(model: &Model) -> String {
    let mut text = serde_json::to_string_pretty(&config(model)).unwrap_or_default();
    text.push('\n');
    text
}

/// The event type that resumes from the fault state to `state` (not through history).
pub fn resume_event(model: &Model, state: StateId) -> String {
    format!("resume({})", model.state(state).name.spec)
}

/// The machine config as a JSON value.
pub fn config(model: &Model) -> Value {
    let fault = model.fault.as_ref().map(|f| f.state);
    let mut root = Map::new();
    root.insert("id".into(), json!(model.name.rust));
    if !model.doc.trim().is_empty() {
        root.insert("description".into(), json!(model.doc.trim()));
    }
    root.insert(
        "meta".into(),
        json!({ "generated": generated_header(&model.source_name), "machine": model.name.spec }),
    );
    let mut top = Map::new();
    let mut inner = Map::new();
    // A compound state's node holds the states inside it: only the top level is listed here,
    // and a start inside a compound state is entered through it (its `initial` chain).
    let initial = model
        .state(top_level(model, model.starts[0].state))
        .name
        .spec
        .clone();
    for &id in model.children(None) {
        let state = model.state(id);
        let node = state_node(model, id);
        if Some(id) == fault || fault.is_none() {
            top.insert(state.name.spec.clone(), node);
        } else {
            inner.insert(state.name.spec.clone(), node);
        }
    }
    if fault.is_some() {
        // A deep history returns into compound states, to the state the fault came from.
        let depth = if model.is_nested() { "deep" } else { "shallow" };
        inner.insert(
            HISTORY.into(),
            json!({ "type": "history", "history": depth }),
        );
        let wrapped_initial = if Some(model.starts[0].state) == fault {
            model
                .children(None)
                .iter()
                .find(|&&s| Some(s) != fault)
                .map_or(String::new(), |&s| model.state(s).name.spec.clone())
        } else {
            initial.clone()
        };
        top.insert(
            LIFECYCLE.into(),
            json!({ "initial": wrapped_initial, "states": inner }),
        );
        let root_initial = if Some(model.starts[0].state) == fault {
            initial
        } else {
            LIFECYCLE.to_owned()
        };
        root.insert("initial".into(), json!(root_initial));
    } else {
        root.insert("initial".into(), json!(initial));
    }
    if model
        .timers
        .iter()
        .any(|t| matches!(t.timeout.expiry, Expiry::End(_)))
    {
        top.insert(
            ENDED.into(),
            json!({ "type": "final", "description": "The lifecycle has ended." }),
        );
    }
    root.insert("states".into(), Value::Object(top));
    Value::Object(root)
}

/// The state of the top level that holds `state` (or `state` itself).
fn top_level(model: &Model, state: StateId) -> StateId {
    model.self_and_ancestors(state).last().unwrap_or(state)
}

/// The absolute target of a state: `#Machine.State` or `#Machine.(lifecycle).State`, with
/// the compound states around it (`#Machine.(lifecycle).Open.Pending`).
fn target(model: &Model, state: StateId) -> String {
    let mut path: Vec<&str> = model
        .self_and_ancestors(state)
        .map(|s| model.state(s).name.spec.as_str())
        .collect();
    path.reverse();
    let path = path.join(".");
    match &model.fault {
        Some(f) if f.state != top_level(model, state) => {
            format!("#{}.{LIFECYCLE}.{path}", model.name.rust)
        }
        _ => format!("#{}.{path}", model.name.rust),
    }
}

/// The absolute target of history state `history`: its compound state's, and its name
/// (`#Machine.Open.Resume`), the key of its node among the compound state's `states`.
fn history_target(model: &Model, history: HistoryId) -> String {
    let history = model.history(history);
    format!("{}.{}", target(model, history.state), history.name.spec)
}

/// The target of an edge written on `source` (a transition or a timeout) that goes to
/// history state `history`: the history, or the transient node on the way to it
/// ([`detours`](crate::detours)).
fn recall_edge(edge: &mut Map<String, Value>, model: &Model, source: StateId, history: HistoryId) {
    let to = if crate::detours(model, source, history) {
        recall_target(model, history)
    } else {
        history_target(model, history)
    };
    edge.insert("target".into(), json!(to));
    // XState's default keeps the source when the history leads back to it or into it (the
    // compound state is the source or inside it, or the source lies inside the compound
    // state); rules S16 and S19 leave it and enter it again.
    let owner = model.history(history).state;
    if model.is_within(source, owner) || model.is_within(owner, source) {
        edge.insert("reenter".into(), json!(true));
    }
}

/// The key of the transient node a transition from deep inside a history state's compound
/// state goes through ([`detours`](crate::detours)): `(recall NAME)`, among the compound
/// state's `states`.
fn recall_key(model: &Model, history: HistoryId) -> String {
    format!("(recall {})", model.history(history).name.spec)
}

/// The absolute target of [`recall_key`]'s node.
fn recall_target(model: &Model, history: HistoryId) -> String {
    let owner = model.history(history).state;
    format!("{}.{}", target(model, owner), recall_key(model, history))
}

fn state_node(model: &Model, id: StateId) -> Value {
    let state = model.state(id);
    let mut node = Map::new();
    // A final state inside a compound state completes it (rule S20): XState's `onDone`. A
    // final state of the top level stays an ordinary node, as it always was.
    if state.is_final && state.parent.is_some() {
        node.insert("type".into(), json!("final"));
    }
    // A parallel state's `states` are its regions, all active at once (rule S22).
    if model.is_parallel(id) {
        node.insert("type".into(), json!("parallel"));
    }
    if !state.doc.trim().is_empty() {
        node.insert("description".into(), json!(state.doc.trim()));
    }
    let delays: Vec<Value> = model
        .own_timers_in(id)
        .map(|(_, t)| delay_value(&t.timeout))
        .collect();
    node.insert(
        "meta".into(),
        json!({ "wire": state.wire, "final": state.is_final, "timeouts": delays }),
    );

    let mut on: Map<String, Value> = Map::new();
    // Eventless transitions (rule S21) and completions (rule S20), in the order written.
    let (mut always, mut done) = (Vec::new(), Vec::new());
    for t in model.transitions.iter().filter(|t| t.from == id) {
        let mut edge = Map::new();
        match t.target {
            Target::State(to) => {
                if matches!(model.fault.as_ref(), Some(f) if t.event() == Some(f.resume) && f.state == id && t.origin == Origin::FaultExit)
                {
                    // A resume_to exit: its own event, since the resume event returns to history.
                    on.insert(
                        resume_event(model, to),
                        json!([{ "target": target(model, to) }]),
                    );
                    continue;
                }
                edge.insert("target".into(), json!(target(model, to)));
                // A transition into its own state (or a state inside it) leaves and enters it
                // again (rule S16); XState's default would stay.
                if model.is_within(to, id) {
                    edge.insert("reenter".into(), json!(true));
                }
            }
            Target::Recall(h) => recall_edge(&mut edge, model, id, h),
            Target::Internal => {
                if reenters(model, t) {
                    edge.insert("target".into(), json!(target(model, id)));
                    edge.insert("reenter".into(), json!(true));
                }
            }
            Target::History => {
                edge.insert(
                    "target".into(),
                    json!(format!("#{}.{LIFECYCLE}.{HISTORY}", model.name.rust)),
                );
            }
        }
        if let Some(guard) = guard_value(model, &t.guards) {
            edge.insert("guard".into(), guard);
        }
        if !t.doc.trim().is_empty() {
            edge.insert("description".into(), json!(t.doc.trim()));
        }
        let list = match t.trigger {
            Trigger::Event(event) => {
                let key = model.event(event).name.spec.clone();
                match on.entry(key).or_insert_with(|| json!([])) {
                    Value::Array(list) => list,
                    _ => continue,
                }
            }
            Trigger::Always => &mut always,
            Trigger::Done => &mut done,
        };
        list.push(Value::Object(edge));
    }
    if !on.is_empty() {
        node.insert("on".into(), Value::Object(on));
    }
    if !always.is_empty() {
        node.insert("always".into(), Value::Array(always));
    }
    if !done.is_empty() {
        node.insert("onDone".into(), Value::Array(done));
    }

    let mut after: Map<String, Value> = Map::new();
    for (_, timer) in model.own_timers_in(id) {
        let timeout = &timer.timeout;
        let mut edge = Map::new();
        match &timeout.expiry {
            Expiry::Transition(to) => {
                edge.insert("target".into(), json!(target(model, *to)));
                if model.is_within(*to, id) {
                    edge.insert("reenter".into(), json!(true));
                }
            }
            Expiry::Recall(h) => recall_edge(&mut edge, model, id, *h),
            Expiry::End(how) => {
                edge.insert(
                    "target".into(),
                    json!(format!("#{}.{ENDED}", model.name.rust)),
                );
                edge.insert("description".into(), json!(how));
            }
            Expiry::Notify(who) => {
                edge.insert("description".into(), json!(format!("notify: {who}")));
            }
        }
        if let Some(guard) = guard_value(model, &timeout.guards) {
            edge.insert("guard".into(), guard);
        }
        let delay = delay_key(timeout);
        if let Value::Array(list) = after.entry(delay).or_insert_with(|| json!([])) {
            list.push(Value::Object(edge));
        }
    }
    if !after.is_empty() {
        node.insert("after".into(), Value::Object(after));
    }
    if model.is_compound(id) {
        let mut states: Map<String, Value> = model
            .children(Some(id))
            .iter()
            .map(|&child| {
                (
                    model.state(child).name.spec.clone(),
                    state_node(model, child),
                )
            })
            .collect();
        // Its history states (rule S19), each with the default XState enters when nothing
        // was recorded.
        for (h, history) in model.histories_with_ids().filter(|(_, h)| h.state == id) {
            let mut entry = Map::new();
            entry.insert("type".into(), json!("history"));
            let kind = if history.deep { "deep" } else { "shallow" };
            entry.insert("history".into(), json!(kind));
            entry.insert("target".into(), history_default(model, history));
            if !history.doc.trim().is_empty() {
                entry.insert("description".into(), json!(history.doc.trim()));
            }
            states.insert(history.name.spec.clone(), Value::Object(entry));
            if crate::detoured(model, h) {
                states.insert(
                    recall_key(model, h),
                    json!({
                        "description": crate::recall_doc(model, h),
                        "always": [{ "target": history_target(model, h) }],
                    }),
                );
            }
        }
        if let Some(initial) = state.initial {
            node.insert("initial".into(), json!(model.state(initial).name.spec));
        }
        node.insert("states".into(), Value::Object(states));
    }
    Value::Object(node)
}

/// Whether the export writes internal transition `t` as a re-entry of its state: `XState`
/// restarts a delayed transition only by re-entering its state, so one that restarts timers
/// (rule S6) re-enters; a completion stays in the final state it reached (`gaps` warns when
/// it restarts timers).
fn reenters(model: &Model, t: &machine_core::model::Transition) -> bool {
    t.target == Target::Internal
        && t.trigger != Trigger::Done
        && !semantics::restarts(model, t.from, t.from, false, Some(t)).is_empty()
}

/// The `guard` of a transition or a delayed transition: one guard by name, several or a
/// negated one (`!name`, rule S15) as the `all` guard the replay provides; `None` without
/// guards.
fn guard_value(model: &Model, guards: &[GuardTest]) -> Option<Value> {
    match guards {
        [] => None,
        [one] if !one.negated => Some(json!(model.guard(one.guard).name.spec)),
        tests => {
            let names: Vec<String> = tests.iter().map(|&g| words::guard_test(model, g)).collect();
            Some(json!({ "type": "all", "params": { "guards": names } }))
        }
    }
}

/// A timeout's delay as `meta` lists it: milliseconds, or a named duration's name.
fn delay_value(timeout: &Timeout) -> Value {
    match timeout.after.named {
        Some(_) => json!(timeout.after.text),
        None => json!(timeout.after.seconds.saturating_mul(1000)),
    }
}

/// A timeout's key in `after`: its duration in milliseconds, or the name of a named duration
/// (an `XState` delay the user provides).
fn delay_key(timeout: &Timeout) -> String {
    match timeout.after.named {
        Some(_) => timeout.after.text.clone(),
        None => timeout.after.seconds.saturating_mul(1000).to_string(),
    }
}

/// The `target` of `history`'s node: its default, or, for a history of a parallel state, a
/// target in each region ([`history_targets`](crate::history_targets)).
fn history_default(model: &Model, history: &machine_core::model::History) -> Value {
    match crate::history_targets(model, history).as_slice() {
        [one] => json!(target(model, *one)),
        many => json!(many.iter().map(|&s| target(model, s)).collect::<Vec<_>>()),
    }
}
