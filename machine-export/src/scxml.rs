//! The machine as a [W3C SCXML 1.0](https://www.w3.org/TR/scxml/) document, for an SCXML
//! engine.
//!
//! - Each state is a `<state>` whose `id` is its Rust name (`InTransit` for `in transit`: ids
//!   must be XML names); a final state is a `<final>` (at the top level, a `<state
//!   m:final="true">` when it has timeouts, since a `<final>` has no transitions; inside a
//!   compound state, always a `<final>`, whose entry raises the completion, and the
//!   transitions of its timeouts are written on its parent: its `<onexit>` cancels their
//!   delayed events, so they come only while the machine is in it). Its spec name, wire name and doc are
//!   attributes of the `m:` namespace (`urn:machine:scxml`), which engines ignore, and so are
//!   its other wire names (`m:wire-aliases`, a JSON array).
//! - What SCXML has no element for is declared in the `m:` namespace, first in the document
//!   ([`declarations`]): each event with its spec name, wire names and doc, each guard, action
//!   and named duration with its spec name and doc (and a duration's `shorter_than:`), and
//!   `m:wire-case="insensitive"` on `<scxml>`.
//! - Each event is named by its Rust name (`event="MarkShipping"`: event names may not hold
//!   spaces). A transition's (or a timeout's) guards are one `cond`, the named predicates
//!   `guard_` + the guard's method name joined by `&&` (`cond="guard_ready &amp;&amp;
//!   guard_paid"`), asked in order, a negated one (`!name`, rule S15) written `guard_name ==
//!   false`; the host's datamodel supplies them. The prefix keeps a guard from meeting a word
//!   the datamodel reserves (`not`, `new`, `event`).
//! - A timeout is a delayed event: the state's `<onentry>` sends `timeout.STATE.INDEX` with
//!   `delay="SECONDSs"` and the send id `STATE.timeout.INDEX`; its `<onexit>` cancels it. An
//!   internal transition whose event is in a timeout's `reset_by` cancels and sends it again
//!   (rule S6); written on a compound state, it does so for the timeout of a state inside it
//!   within `<if cond="In('S')">`, since that timer runs only while the machine is in `S`. A named duration is `delayexpr="duration_NAME"`, a CSS2 time (`"604800s"`)
//!   the host's datamodel supplies. The expiry is a transition on that event: `to:` targets its state, `end:` the
//!   top-level `<final id="machine.ended">`, `notify:` has no target.
//! - An eventless transition (`always: true`, rule S21) is a `<transition>` without `event`;
//!   a completion transition (`done: true`, rule S20) of compound state `C` is a
//!   `<transition event="done.state.C">` written on `C`, the event SCXML raises when a
//!   `<final>` child of `C` is entered ([`done_event`]). SCXML takes them as the rules do:
//!   eventless transitions first, innermost state first, then the completion events in the
//!   order raised, each dropped when the machine has left `C`.
//! - A compound state is a `<state>` with `initial` holding the states inside it, in
//!   document order; what is written on it is written on it once. Each of its history states
//!   (rule S19) is a `<history id="RustName" type="shallow|deep">` inside it, after its
//!   transitions and before its states, whose `<transition>` targets the history's default;
//!   a transition to the history state targets that id. From two or more levels inside the
//!   compound state, it targets `<state id="machine.recall.ID">` instead, a child of the
//!   compound state whose eventless transition targets the history, so that the step leaves
//!   every state inside the compound state as rule S19 says ([`detours`](crate::detours)).
//! - A parallel state (rules S22 to S29) is a `<parallel>` (without `initial`: every region is
//!   entered) holding its regions, each a `<state initial>`; its completion is the
//!   `done.state.ID` SCXML raises once every region is in a `<final>` (rule S28). Its history
//!   states are `<history>` inside it; their default transition targets a state in each region
//!   ([`history_targets`](crate::history_targets)). A transition to it from inside it never
//!   goes through a transient state, which would be one more region.
//! - With a fault state, every other state is a child of `<state id="machine.lifecycle">`,
//!   which holds `<history id="machine.history" type="shallow">` (`type="deep"` when states
//!   nest, so the return goes into compound states): entering the fault state
//!   leaves `machine.lifecycle`, and the resume event targets the history. Resuming to a
//!   `resume_to` state is the event `resume.STATE`. SCXML asks a history for a default target,
//!   used when nothing was recorded: it is the lifecycle's first state (where the interpreter
//!   would refuse the resume, rule S4; this happens only when the machine starts in the fault
//!   state).
//! - Actions are `<log label="action:NAME"/>`, in the order rule S12 runs them: `entry:` in
//!   `<onentry>`, `exit:` in `<onexit>`, a transition's own in the `<transition>`. A state with
//!   an `end:` timeout carries its `exit:` actions on each transition that leaves it instead,
//!   since the end of the lifecycle runs none (S12) but leaving for `<final>` would run
//!   `<onexit>`.
//!
//! `machine.lifecycle`, `machine.history`, `machine.ended` and `machine.recall.*` cannot clash
//! with a state: Rust names have no dots. Every text is escaped as an attribute value
//! (newlines as `&#10;`); characters XML 1.0 cannot hold at all become U+FFFD. The root's
//! `m:generated` carries [`generated_header`].

use std::fmt::Write as _;

use machine_core::model::{
    ActionId, Expiry, GuardId, GuardTest, HistoryId, Model, StateId, TimerId,
};
use machine_core::words::generated_header;

pub mod declarations;
mod transitions;

/// The compound state that holds every state but the fault state, when there is one.
pub const LIFECYCLE: &str = "machine.lifecycle";
/// The shallow history state inside [`LIFECYCLE`].
pub const HISTORY: &str = "machine.history";
/// The final state an `end:` timeout moves to.
pub const ENDED: &str = "machine.ended";
/// The start of the id of a transient state on the way to a history state
/// ([`recall_id`]).
pub const RECALL: &str = "machine.recall.";
/// The namespace of the `m:` attributes (spec names, wire names, docs).
pub const NAMESPACE: &str = "urn:machine:scxml";

/// The SCXML document of `model`, ending with a newline.
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
/// let scxml = machine_export::scxml::render(&model);
/// assert!(scxml.contains(r#"<transition event="Flip" target="On"/>"#));
/// ```
pub fn render(model: &Model) -> String {
    let fault = model.fault.as_ref().map(|f| f.state);
    let first = model.starts[0].state;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let root_initial = match fault {
        Some(f) if f != first => LIFECYCLE,
        _ => state_id(model, first),
    };
    let _ = write!(
        out,
        "<scxml xmlns=\"http://www.w3.org/2005/07/scxml\" xmlns:m=\"{NAMESPACE}\" \
         version=\"1.0\" name=\"{}\" initial=\"{}\" m:name=\"{}\" m:generated=\"{}\"",
        model.name.rust,
        root_initial,
        escape(&model.name.spec),
        escape(&generated_header(&model.source_name)),
    );
    if model.wire_case_insensitive {
        let _ = write!(out, " m:{}=\"insensitive\"", declarations::WIRE_CASE);
    }
    doc_attribute(&mut out, &model.doc);
    out.push_str(">\n");
    declarations::render(&mut out, model);
    // Each compound state holds the states inside it: only those of the top level are
    // written here.
    let top: Vec<StateId> = model.children(None).to_vec();
    // A deep history returns to the state inside compound states the fault was entered from.
    let history = if model.is_nested() { "deep" } else { "shallow" };
    if let Some(fault) = fault {
        let inner: Vec<StateId> = top.iter().copied().filter(|&s| s != fault).collect();
        let inner_initial = if first == fault {
            inner.first().copied()
        } else {
            Some(first)
        };
        let inner_initial = inner_initial.map_or("", |s| state_id(model, s));
        let _ = writeln!(
            out,
            "  <state id=\"{LIFECYCLE}\" initial=\"{inner_initial}\">\n    \
             <history id=\"{HISTORY}\" type=\"{history}\">\n      \
             <transition target=\"{inner_initial}\"/>\n    </history>"
        );
        for &state in &inner {
            render_state(&mut out, model, state, "    ");
        }
        out.push_str("  </state>\n");
        render_state(&mut out, model, fault, "  ");
    } else {
        for &state in &top {
            render_state(&mut out, model, state, "  ");
        }
    }
    if model
        .timers
        .iter()
        .any(|t| matches!(t.timeout.expiry, Expiry::End(_)))
    {
        let _ = writeln!(
            out,
            "  <final id=\"{ENDED}\" m:doc=\"The lifecycle has ended.\"/>"
        );
    }
    out.push_str("</scxml>\n");
    out
}

/// The `id` of a state: its Rust name.
pub fn state_id(model: &Model, state: StateId) -> &str {
    &model.state(state).name.rust
}

/// The `id` of a history state (rule S19): its Rust name, as a state's, or, should a state
/// have that Rust name already, the name and `.history` (Rust names have no dots).
pub fn history_id(model: &Model, history: HistoryId) -> String {
    let name = &model.history(history).name.rust;
    if model.states.iter().any(|s| s.name.rust == *name) {
        format!("{name}.history")
    } else {
        name.clone()
    }
}

/// The `id` of the transient state a transition from deep inside a history state's compound
/// state goes through ([`detours`](crate::detours)): `machine.recall.` and the history's id.
pub fn recall_id(model: &Model, history: HistoryId) -> String {
    format!("{RECALL}{}", history_id(model, history))
}

/// The name of an event in the document: its Rust name.
pub fn event_name(model: &Model, event: machine_core::model::EventId) -> &str {
    &model.event(event).name.rust
}

/// The completion event of compound state `state` (rule S20), as SCXML raises it when a
/// `<final>` child of it is entered: `done.state.` and its `id`.
pub fn done_event(model: &Model, state: StateId) -> String {
    format!("done.state.{}", state_id(model, state))
}

/// The event that resumes from the fault state to `state` (not through history).
pub fn resume_event(model: &Model, state: StateId) -> String {
    format!("resume.{}", state_id(model, state))
}

/// The delayed event of `timer`: `timeout.` and its name in the generated `Timer` enum.
pub fn timeout_event(model: &Model, timer: TimerId) -> String {
    format!("timeout.{}", model.timer(timer).name.rust)
}

/// The named predicate a `cond` asks for `guard`: `guard_` and its method name.
pub fn condition(model: &Model, guard: GuardId) -> String {
    format!("guard_{}", model.guard(guard).name.rust)
}

/// The `cond` of a transition or a timeout with guard tests: their conditions joined by `&&`,
/// in order, a negated one (`!name`, rule S15) written `guard_name == false` (not `!`, which
/// python-statemachine's SCXML reader does not take); `None` without guards.
fn cond(model: &Model, tests: &[GuardTest]) -> Option<String> {
    let names: Vec<String> = tests
        .iter()
        .map(|&g| {
            let name = condition(model, g.guard);
            if g.negated {
                format!("{name} == false")
            } else {
                name
            }
        })
        .collect();
    (!names.is_empty()).then(|| names.join(" && "))
}

/// The datamodel value that holds the named duration `named`, as a CSS2 time (`"604800s"`):
/// `duration_` + its Rust name, supplied by the host like the guards' conditions.
pub fn duration_value(model: &Model, named: machine_core::model::DurationId) -> String {
    format!("duration_{}", model.durations[named.index()].name.rust)
}

/// The label of the `<log>` that stands for running `action`.
pub fn action_label(model: &Model, action: ActionId) -> String {
    format!("action:{}", model.action(action).name.spec)
}

/// The id of the `<send>` of `timer`, which `<cancel>` names.
fn send_id(model: &Model, timer: TimerId) -> String {
    format!("timer.{}", model.timer(timer).name.rust)
}

/// Whether state `id` has an `end:` timeout and `exit:` actions, which then go on the
/// transitions that leave it (see above).
fn exit_on_transitions(model: &Model, id: StateId) -> bool {
    let has_end = model
        .own_timers_in(id)
        .any(|(_, t)| matches!(t.timeout.expiry, Expiry::End(_)));
    has_end && !model.state(id).exit.is_empty()
}

fn render_state(out: &mut String, model: &Model, id: StateId, indent: &str) {
    let state = model.state(id);
    let exit_on_transitions = exit_on_transitions(model, id);
    let nested_final = state.is_final && state.parent.is_some();
    let element = if model.is_parallel(id) {
        "parallel"
    } else if state.is_final && (state.timeouts.is_empty() || nested_final) {
        "final"
    } else {
        "state"
    };
    let _ = write!(
        out,
        "{indent}<{element} id=\"{}\" m:name=\"{}\" m:wire=\"{}\"",
        state_id(model, id),
        escape(&state.name.spec),
        escape(&state.wire)
    );
    declarations::aliases(out, "m:", &state.wire_aliases);
    if state.is_final && element == "state" {
        out.push_str(" m:final=\"true\"");
    }
    if let Some(initial) = state.initial {
        let _ = write!(out, " initial=\"{}\"", state_id(model, initial));
    }
    doc_attribute(out, &state.doc);
    let mut body = String::new();
    let inner = format!("{indent}  ");
    let deeper = format!("{indent}    ");
    if !state.entry.is_empty() || !state.timeouts.is_empty() {
        let _ = writeln!(body, "{inner}<onentry>");
        actions(&mut body, model, &state.entry, &deeper);
        for &timer in &state.timeouts {
            send(&mut body, model, timer, &deeper);
        }
        let _ = writeln!(body, "{inner}</onentry>");
    }
    if !state.timeouts.is_empty() || (!state.exit.is_empty() && !exit_on_transitions) {
        let _ = writeln!(body, "{inner}<onexit>");
        if !exit_on_transitions {
            actions(&mut body, model, &state.exit, &deeper);
        }
        for &timer in &state.timeouts {
            cancel(&mut body, model, timer, &deeper);
        }
        let _ = writeln!(body, "{inner}</onexit>");
    }
    transitions::written(&mut body, model, id, exit_on_transitions, &inner);
    // A final state inside a compound state is a `<final>`, which holds no transition: its
    // timeouts' transitions are its parent's (see above).
    if !nested_final {
        transitions::timeouts(&mut body, model, id, &inner);
    }
    for child in model.final_children(id) {
        transitions::timeouts(&mut body, model, child, &inner);
    }
    // Its history states (rule S19), each with the default SCXML enters when nothing was
    // recorded.
    for (h, history) in model.histories_with_ids().filter(|(_, h)| h.state == id) {
        let kind = if history.deep { "deep" } else { "shallow" };
        let _ = write!(
            body,
            "{inner}<history id=\"{}\" type=\"{kind}\" m:name=\"{}\"",
            history_id(model, h),
            escape(&history.name.spec)
        );
        doc_attribute(&mut body, &history.doc);
        let _ = writeln!(
            body,
            ">\n{deeper}<transition target=\"{}\"/>\n{inner}</history>",
            history_default(model, history)
        );
        if crate::detoured(model, h) {
            let _ = writeln!(
                body,
                "{inner}<state id=\"{}\" m:doc=\"{}\">\n{deeper}<transition target=\"{}\"/>\n\
                 {inner}</state>",
                recall_id(model, h),
                escape(&crate::recall_doc(model, h)),
                history_id(model, h),
            );
        }
    }
    // A compound state's own states, in document order (rule S16's order of entry).
    for &child in model.children(Some(id)) {
        render_state(&mut body, model, child, &inner);
    }
    if body.is_empty() {
        out.push_str("/>\n");
    } else {
        let _ = write!(out, ">\n{body}{indent}</{element}>\n");
    }
}

/// The `target` of the default transition of `history`: its default; for a history of a
/// parallel state (rule S29), one target in each region, the default in its own and every
/// other region itself (entered at its initial state), so that a transition to the history
/// from inside the parallel state leaves it, as rule S24 says, also before anything was
/// recorded. Without a `default:`, every region.
fn history_default(model: &Model, history: &machine_core::model::History) -> String {
    let targets: Vec<&str> = crate::history_targets(model, history)
        .into_iter()
        .map(|s| state_id(model, s))
        .collect();
    targets.join(" ")
}

fn actions(out: &mut String, model: &Model, list: &[ActionId], indent: &str) {
    for &action in list {
        let _ = writeln!(
            out,
            "{indent}<log label=\"{}\"/>",
            escape(&action_label(model, action))
        );
    }
}

fn send(out: &mut String, model: &Model, timer: TimerId, indent: &str) {
    let after = &model.timer(timer).timeout.after;
    let delay = match after.named {
        Some(named) => format!("delayexpr=\"{}\"", duration_value(model, named)),
        None => format!("delay=\"{}s\"", after.seconds),
    };
    let _ = writeln!(
        out,
        "{indent}<send event=\"{}\" id=\"{}\" {delay}/>",
        timeout_event(model, timer),
        send_id(model, timer),
    );
}

fn cancel(out: &mut String, model: &Model, timer: TimerId, indent: &str) {
    let _ = writeln!(
        out,
        "{indent}<cancel sendid=\"{}\"/>",
        send_id(model, timer)
    );
}

fn doc_attribute(out: &mut String, doc: &str) {
    text_attribute(out, "m:doc", doc);
}

/// ` key="text"`, `text` trimmed and escaped, unless it is blank.
fn text_attribute(out: &mut String, key: &str, text: &str) {
    if !text.trim().is_empty() {
        let _ = write!(out, " {key}=\"{}\"", escape(text.trim()));
    }
}

pub use machine_render::xml::escape;
